#include "cli/stats.h"

#include "cost/cost.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

namespace eqsat::cli {
namespace {


std::string signedNum(double v) {
  if (std::fabs(v) < 1e-9) return "0";
  return (v > 0 ? "+" : "") + formatCost(v);
}

std::string fit(std::string s, size_t w) {
  if (s.size() > w) s = s.substr(0, w - 1) + "~";
  return s;
}

std::string secs(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3fs", s);
  return b;
}

std::string stopOf(const FunctionSummary& f) {
  if (!f.handled) return "left alone";
  return stopReasonName(f.stop);
}

// A rule's name, as the summary's rule list gives it.
const std::string& ruleName(const OptimizeSummary& s, const RuleStats& r) {
  static const std::string unknown = "?";
  return r.rule < s.ruleNames.size() ? s.ruleNames[r.rule] : unknown;
}

// Rules summed over functions, most matches first.
std::vector<RuleStats> rulesByMatches(const OptimizeSummary& s) {
  std::vector<RuleStats> r;
  for (const RuleStats& x : s.rules)
    if (x.matches) r.push_back(x);
  std::stable_sort(r.begin(), r.end(), [](const RuleStats& a, const RuleStats& b) {
    if (a.matches != b.matches) return a.matches > b.matches;
    return a.applied > b.applied;
  });
  return r;
}

} // namespace

std::string statsTable(const OptimizeSummary& s, size_t top, const RunInfo& info) {
  std::vector<const FunctionSummary*> fs;
  for (const auto& f : s.perFunction) fs.push_back(&f);
  std::stable_sort(fs.begin(), fs.end(), [](const FunctionSummary* a, const FunctionSummary* b) {
    if (a->costBefore != b->costBefore) return a->costBefore > b->costBefore;
    return a->instrsBefore > b->instrsBefore;
  });
  const size_t shown = top == 0 ? fs.size() : std::min(top, fs.size());

  std::ostringstream o;
  o << "eqsat-wasm stats: " << info.input << " (cost model " << info.costModel << ", extractor " << info.extractor
    << "): ";
  if (shown < fs.size()) o << "the " << shown << " largest of " << fs.size() << " functions (--stats=all for every one)\n";
  else o << fs.size() << " function" << (fs.size() == 1 ? "" : "s") << ", largest first\n";

  char line[512];
  const char* hfmt = "%-28s %10s %10s %9s %7s %7s %8s %8s %5s %-15s %8s\n";
  std::snprintf(line, sizeof line, hfmt, "function", "cost", "->", "diff", "instrs", "->", "classes", "nodes",
                "iters", "stop", "time");
  o << line;
  const char* rfmt = "%-28s %10s %10s %9s %7zu %7zu %8s %8s %5s %-15s %8s\n";
  for (size_t i = 0; i < shown; ++i) {
    const FunctionSummary& f = *fs[i];
    std::snprintf(line, sizeof line, rfmt, fit(f.name, 28).c_str(), formatCost(f.costBefore).c_str(),
                  formatCost(f.costAfter).c_str(), signedNum(f.costAfter - f.costBefore).c_str(), f.instrsBefore,
                  f.instrsAfter, f.handled ? std::to_string(f.classes).c_str() : "-",
                  f.handled ? std::to_string(f.nodes).c_str() : "-",
                  f.handled ? std::to_string(f.iterations).c_str() : "-", fit(stopOf(f), 15).c_str(),
                  secs(f.seconds).c_str());
    o << line;
  }
  size_t ib = 0, ia = 0, classes = 0, nodes = 0;
  double t = 0;
  for (const auto& f : s.perFunction) {
    ib += f.instrsBefore;
    ia += f.instrsAfter;
    classes += f.classes;
    nodes += f.nodes;
    t += f.seconds;
  }
  std::string total = "total (" + std::to_string(s.functions) + " function" + (s.functions == 1 ? "" : "s") + ")";
  std::snprintf(line, sizeof line, rfmt, fit(total, 28).c_str(), formatCost(s.costBefore).c_str(), formatCost(s.costAfter).c_str(),
                signedNum(s.costAfter - s.costBefore).c_str(), ib, ia, std::to_string(classes).c_str(),
                std::to_string(nodes).c_str(), "", "", secs(t).c_str());
  o << line;
  o << s.handled << " handled, " << s.leftAlone << " left alone, " << s.hitLimit << " hit a limit";
  if (s.hitLimit) {  // by stop reason, as the stop column shows them
    std::map<std::string, size_t> by;
    for (const auto& f : s.perFunction)
      if (f.stop != StopReason::Saturated) by[stopReasonName(f.stop)]++;
    std::string sep = " (";
    for (const auto& [why, n] : by) {
      o << sep << n << " " << why;
      sep = ", ";
    }
    if (!by.empty()) o << ")";
  }
  size_t replaced = 0;
  for (const auto& f : s.perFunction) replaced += f.replaced;
  o << ", " << replaced << " rewritten";
  if (s.costBefore > 0) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%+.1f%%", 100.0 * (s.costAfter - s.costBefore) / s.costBefore);
    o << "; cost " << pct;
  }
  o << "\n";
  for (const auto& f : s.perFunction) {
    if (!f.leftAloneReason.empty()) o << "  " << f.name << ": " << f.leftAloneReason << "\n";
    if (!f.note.empty()) o << "  " << f.name << ": " << f.note << "\n";
  }

  std::vector<RuleStats> rules = rulesByMatches(s);
  const size_t nr = std::min<size_t>(rules.size(), top == 0 ? rules.size() : top);
  o << "rules that fired most (" << nr << " of " << rules.size() << " that matched):\n";
  std::snprintf(line, sizeof line, "  %-44s %10s %12s %8s %7s\n", "rule", "matches", "applications", "rejected",
                "banned");
  o << line;
  for (size_t i = 0; i < nr; ++i) {
    std::snprintf(line, sizeof line, "  %-44s %10zu %12zu %8zu %7zu\n", fit(ruleName(s, rules[i]), 44).c_str(),
                  rules[i].matches, rules[i].applied, rules[i].rejected, rules[i].timesBanned);
    o << line;
  }
  return o.str();
}

nlohmann::json reportJson(const OptimizeSummary& s, const RunInfo& info) {
  using nlohmann::json;
  auto rulesJ = [&s](const std::vector<RuleStats>& rs) {
    json a = json::array();
    for (const RuleStats& r : rs)
      a.push_back({{"name", ruleName(s, r)}, {"matches", r.matches}, {"applications", r.applied}, {"rejected", r.rejected}, {"timesBanned", r.timesBanned}});
    return a;
  };
  json funcs = json::array();
  size_t ib = 0, ia = 0, replaced = 0;
  for (const auto& f : s.perFunction) {
    ib += f.instrsBefore;
    ia += f.instrsAfter;
    replaced += f.replaced;
    json j = {
        {"name", f.name},
        {"handled", f.handled},
        {"replaced", f.replaced},
        {"costBefore", f.costBefore},
        {"costAfter", f.costAfter},
        {"costDiff", f.costAfter - f.costBefore},
        {"instrsBefore", f.instrsBefore},
        {"instrsAfter", f.instrsAfter},
        {"seconds", f.seconds},
    };
    if (!f.leftAloneReason.empty()) j["reason"] = f.leftAloneReason;
    if (!f.note.empty()) j["note"] = f.note;
    if (f.handled) {
      j["classes"] = f.classes;
      j["nodes"] = f.nodes;
      j["iterations"] = f.iterations;
      j["stop"] = stopReasonName(f.stop);
      j["saturateSeconds"] = f.saturateSeconds;
      j["rules"] = rulesJ(f.rules);
    }
    funcs.push_back(std::move(j));
  }
  return {
      {"$schema", "https://eqsat-wasm.invalid/report.schema.json"},
      {"version", 1},
      {"input", info.input},
      {"costModel", info.costModel},
      {"extractor", info.extractor},
      {"totals",
       {{"functions", s.functions},
        {"handled", s.handled},
        {"leftAlone", s.leftAlone},
        {"hitLimit", s.hitLimit},
        {"replaced", replaced},
        {"costBefore", s.costBefore},
        {"costAfter", s.costAfter},
        {"costDiff", s.costAfter - s.costBefore},
        {"instrsBefore", ib},
        {"instrsAfter", ia},
        {"seconds", info.seconds}}},
      {"functions", std::move(funcs)},
      {"rules", rulesJ(rulesByMatches(s))},
  };
}

} // namespace eqsat::cli
