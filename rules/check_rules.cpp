// check-rules: the proof of every rule of some ruleset files (rules/check.h),
// each direction and typing tested at random and then proved by Z3
// (rules/check.cpp), the proofs kept in a cache keyed by the rule's text, and
// the examples of the files run under the example cost model.
#include "rules/check.h"

#include "rules/ast.h"

#include "cost/cost.h"
#include "egraph/explain.h"
#include "extract/rewrite_term.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace eqsat::rules {

namespace {

// Bumped whenever the encoding or the semantics the checker proves against
// changes: every cached proof is then made again.
constexpr const char* kCheckerVersion = "eqsat-check-1";

// The cache key of one rule direction under one typing: a hash of everything the proof depends on.
std::string proofKey(const detail::RuleAst& r, const detail::Typing& t) {
  std::string text = std::string(kCheckerVersion) + "\n" + EQSAT_VERSION + "\n" + r.name + "\n" + r.lhsText + "\n" +
                     r.rhsText + "\n" + detail::typingLabel(r, t);
  for (const auto& c : r.condTexts) text += "\nif " + c;
  uint64_t h1 = 1469598103934665603ull, h2 = 0x9e3779b97f4a7c15ull;
  for (char c : text) {
    h1 = (h1 ^ uint8_t(c)) * 1099511628211ull;
    h2 = (h2 ^ uint8_t(c)) * 0x100000001b3ull + (h2 >> 29);
  }
  char b[40];
  std::snprintf(b, sizeof b, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
  return b;
}

bool cachedProved(const std::string& dir, const std::string& key) {
  if (dir.empty()) return false;
  std::ifstream in(dir + "/proofs/" + key);
  std::string line;
  return in && std::getline(in, line) && line == "proved";
}

void cacheProved(const std::string& dir, const std::string& key, const std::string& what) {
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir + "/proofs", ec);
  if (ec) return;
  // written under a temporary name and renamed: a reader never sees half a file
  const std::string path = dir + "/proofs/" + key, tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream o(tmp);
    o << "proved\n" << what << "\n";
    if (!o) return;
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

// Does `r` answer to one of the names of --only?
bool selected(const detail::RuleAst& r, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& w : only)
    if (ruleNameMatches(r.name, w)) return true;
  return false;
}

// "" when the example holds, else what went wrong.
std::string runExample(const detail::Example& ex, const std::vector<Rewrite>& rules, const CostModel& cm) {
  TermRewrite r;
  std::string want;
  try {
    r = rewriteTerm(ex.in, rules, cm);
  } catch (const std::invalid_argument& e) {
    return std::string("\"in\": ") + e.what();
  }
  try {
    want = canonicalTermText(ex.out);
  } catch (const std::invalid_argument& e) {
    return std::string("\"out\": ") + e.what();
  }
  std::string got = printTerm(r.best);
  if (got != want) return "reached " + got + ", not " + want;
  if (ex.rule.empty()) return "";
  std::string used;
  for (const ProofStep& s : r.proof) {
    if (s.rule.empty()) continue;
    if (ruleNameMatches(s.rule, ex.rule) || ruleNameMatches(s.rule, ex.rule + "-rev")) return "";
    if (used.find(s.rule) == std::string::npos) used += (used.empty() ? "" : ", ") + s.rule;
  }
  return "reached " + want + " without rule '" + ex.rule + "' (" + (used.empty() ? "no rule" : "by " + used) + ")";
}

// What one run found, for its summary lines.
struct Tally {
  unsigned checks = 0, proved = 0, cached = 0, unsound = 0, unknown = 0;
  unsigned examples = 0, examplesPassed = 0, withoutExample = 0;
  double slowest = -1;  // CPU seconds of the slowest check made (not cached)
  std::string slowestWhat;
  uint64_t mostWork = 0;  // Z3's work count of the check with the most
  std::string mostWorkWhat;

  void summary(std::ostream& out) const {
    if (slowest >= 0) {
      char b[32];
      std::snprintf(b, sizeof b, "%.2f s", slowest);
      out << "check-rules: slowest check " << b << " of CPU: " << slowestWhat << "\n";
      // Z3's own count of its work ("rlimit count"): the same on every machine
      // for one Z3 version, so a bound on it can be tested where time cannot.
      out << "check-rules: most Z3 work " << mostWork << " resource units: " << mostWorkWhat << "\n";
    }
    out << "check-rules: " << checks << " checks: " << proved << " proved";
    if (cached) out << " (" << cached << " from the cache)";
    out << ", " << unsound << " unsound, " << unknown << " unknown";
    if (examples)
      out << "; " << examples << " examples: " << examplesPassed << " passed, " << examples - examplesPassed << " failed";
    if (withoutExample)
      out << "; " << withoutExample << " rule" << (withoutExample == 1 ? "" : "s") << " without an example";
    out << "\n";
  }
};

// Every rule is meant to have an example of its own (rulesets/README.md):
// prints a line for each of `rules` without one, once per rule as written (its
// widths and directions share its place; the reverse of a bidirectional rule is
// covered by the rule's examples), and returns how many.
unsigned listRulesWithoutExample(const std::vector<const detail::RuleAst*>& rules,
                                 const std::set<std::string>& rulesWithExamples, std::ostream& out) {
  unsigned n = 0;
  std::set<std::string> listed;
  for (const detail::RuleAst* r : rules) {
    if (std::any_of(rulesWithExamples.begin(), rulesWithExamples.end(), [&](const std::string& w) {
          return ruleNameMatches(r->name, w) || ruleNameMatches(r->name, w + "-rev");
        }))
      continue;
    if (!listed.insert(r->file + ":" + std::to_string(r->line) + ":" + std::to_string(r->col)).second) continue;
    ++n;
    out << detail::ruleWhere(*r) << ": no example\n";
  }
  return n;
}

} // namespace

std::string defaultProofCacheDir() {
  if (const char* d = std::getenv("EQSAT_CACHE_DIR"); d && *d) return d;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/eqsat-wasm";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/eqsat-wasm";
  return "";
}

bool proofsCached(const std::vector<std::string>& files, const std::string& cacheDir) {
  using namespace detail;
  if (cacheDir.empty()) return false;
  for (const auto& f : files) {
    ParsedRuleset rs;
    try {
      rs = parseRulesetFile(f);
    } catch (const RuleError&) {
      return false;
    }
    for (const RuleAst& r : rs.rules)
      for (const Typing& t : typingsOf(r))
        if (!cachedProved(cacheDir, proofKey(r, t))) return false;
  }
  return true;
}

int runCheckRules(const std::vector<std::string>& files, std::ostream& out, std::ostream& err,
                  const CheckOptions& opts) {
  const unsigned z3TimeoutMs = opts.z3TimeoutMs;
  Tally n;
  std::set<std::string> onlyFound;  // --only names some rule answers to
  std::map<std::string, std::vector<Rewrite>> rulesOfFile;  // by file name as loaded
  using namespace detail;
  bool malformed = false;
  std::set<std::string> seen, seenExamples;
  std::set<std::string> rulesWithExamples;  // the rule names examples are written for
  std::vector<const RuleAst*> checkedRules;  // in the order checked (owned by `parsed`)
  std::vector<std::unique_ptr<ParsedRuleset>> parsed;
  const std::unique_ptr<CostModel> cm = makeCostModel(kExampleCostModel);
  const std::optional<std::string> noProver = z3Unavailable();
  if (files.empty() || noProver) {
    err << (files.empty() ? "check-rules: no rule files given" : "check-rules: cannot load the Z3 prover: " + *noProver)
        << "\n";
    return 2;
  }
  for (const auto& file : files) {
    // `check-rules rulesets/*.json` also names the JSON Schema of the rule language.
    if (file.size() >= 12 && file.compare(file.size() - 12, 12, ".schema.json") == 0) {
      out << file << ": skipped (JSON Schema, not a ruleset)\n";
      continue;
    }
    try {
      parsed.push_back(std::make_unique<ParsedRuleset>(parseRulesetFile(file)));
    } catch (const RuleError& e) {
      err << e.what() << "\n";
      malformed = true;
      continue;
    }
    const ParsedRuleset& rs = *parsed.back();
    for (const Example& ex : rs.examples)
      if (!ex.rule.empty()) rulesWithExamples.insert(ex.rule);
    for (const RuleAst& r : rs.rules) {
      std::string key = ruleWhere(r) + "/" + r.name;
      // Included files are checked once, however many files include them.
      if (!seen.insert(key).second) continue;
      for (const auto& w : opts.only)
        if (ruleNameMatches(r.name, w)) onlyFound.insert(w);
      if (!selected(r, opts.only) || (opts.noIncludes && r.file != file)) continue;
      checkedRules.push_back(&r);
      for (const Typing& t : typingsOf(r)) {
        ++n.checks;
        std::string label = typingLabel(r, t);
        std::string what = ruleWhere(r) + (label.empty() ? "" : " [" + label + "]");
        out << what << ": ";
        const std::string pk = proofKey(r, t);
        if (cachedProved(opts.cacheDir, pk)) {
          ++n.proved;
          ++n.cached;
          out << "proved (cached)\n";
          continue;
        }
        // CPU time, not wall time: the figure should not depend on what else the machine runs
        const std::clock_t t0 = std::clock();
        if (auto cex = randomCounterexample(r, t, 20000, 400000, seedOf(r))) {
          ++n.unsound;
          out << "UNSOUND: " << *cex << " (found by randomized testing)\n";
          continue;
        }
        CheckOutcome o = z3Check(r, t, z3TimeoutMs);
        const double secs = double(std::clock() - t0) / CLOCKS_PER_SEC;
        if (secs > n.slowest) {
          n.slowest = secs;
          n.slowestWhat = what;
        }
        if (o.work > n.mostWork || n.mostWorkWhat.empty()) {
          n.mostWork = o.work;
          n.mostWorkWhat = what;
        }
        switch (o.status) {
        case CheckOutcome::Proved:
          ++n.proved;
          out << "proved\n";
          cacheProved(opts.cacheDir, pk, what);
          break;
        case CheckOutcome::Unsound: ++n.unsound; out << "UNSOUND: " << o.detail << "\n"; break;
        case CheckOutcome::Unknown: ++n.unknown; out << "unknown (" << o.detail << ")\n"; break;
        }
      }
    }
    // The examples, each with every rule its own file loads (its includes too): an
    // example of an included file means the same whoever includes that file.
    for (const Example& ex : rs.examples) {
      if (!seenExamples.insert(ex.where).second) continue;
      if (!opts.only.empty() && (ex.rule.empty() || std::none_of(opts.only.begin(), opts.only.end(), [&](const std::string& w) {
            return ex.rule == w || ruleNameMatches(ex.rule, w);
          })))
        continue;
      if (opts.noIncludes && ex.where.rfind(file + ":", 0) != 0) continue;
      ++n.examples;
      auto it = rulesOfFile.find(ex.file);
      if (it == rulesOfFile.end()) {
        std::vector<Rewrite> rw;
        if (ex.file == file) {
          for (const RuleAst& r : rs.rules) rw.push_back(compileRewrite(r));
        } else {
          for (const RuleAst& r : parseRulesetFile(ex.file).rules) rw.push_back(compileRewrite(r));
        }
        it = rulesOfFile.emplace(ex.file, std::move(rw)).first;
      }
      std::string verdict = runExample(ex, it->second, *cm);
      if (verdict.empty()) ++n.examplesPassed;
      out << ex.where << ": example" << (ex.rule.empty() ? "" : " of rule '" + ex.rule + "'") << " " << ex.in << ": "
          << (verdict.empty() ? "ok" : "FAILED: " + verdict) << "\n";
    }
  }
  bool unknownName = false;
  for (const auto& w : opts.only)
    if (!onlyFound.count(w)) {
      err << "check-rules: --only: no rule named '" << w << "' in the files given\n";
      unknownName = true;
    }
  n.withoutExample = listRulesWithoutExample(checkedRules, rulesWithExamples, out);
  n.summary(out);
  if (malformed) return 2;
  if (unknownName) return 1;
  return (n.unsound || n.unknown || n.examplesPassed < n.examples) ? 4 : 0;
}

} // namespace eqsat::rules
