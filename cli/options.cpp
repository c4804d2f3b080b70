#include "cli/options.h"

#include "module/errors.h"
#include "extract/extract.h"
#include "cost/cost.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>

namespace eqsat::cli {
namespace {

// One command-line option. `arg` is the metavariable for options that take a
// value (nullptr for flags); `apply` stores the (already split off) value.
struct OptionSpec {
  std::vector<std::string> names;  // "--iter-limit"; the first is shown in --help
  const char* arg;
  const char* help;
  std::function<void(CliOptions&, const std::string& opt, const std::string& value)> apply;
};

unsigned long long parseCount(const std::string& opt, const std::string& v,
                              unsigned long long max) {
  const char* s = v.c_str();
  char* end = nullptr;
  errno = 0;
  unsigned long long n = std::strtoull(s, &end, 10);
  if (v.empty() || *end != '\0' || v[0] == '-' || v[0] == '+' || errno == ERANGE || n == 0 ||
      n > max)
    throw CliError(kExitUsage, opt, "expected a positive integer, got '" + v + "'");
  return n;
}

double parseSeconds(const std::string& opt, const std::string& v) {
  const char* s = v.c_str();
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(s, &end);
  if (v.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(d) || d <= 0)
    throw CliError(kExitUsage, opt, "expected a positive number of seconds, got '" + v + "'");
  return d;
}

// --assume LIST: exactly the named assumptions beyond wasm semantics (README,
// Assumptions), comma-separated; `none` alone for none of them.
void applyAssumptions(CliOptions& o, const std::string& opt, const std::string& v) {
  bool stackAbi = false, tnh = false, readonlyData = false;
  if (v != "none") {
    std::stringstream in(v);
    std::string name;
    bool any = false;
    while (std::getline(in, name, ',')) {
      any = true;
      if (name == "stack-abi") stackAbi = true;
      else if (name == "traps-never-happen") tnh = true;
      else if (name == "readonly-data") readonlyData = true;
      else
        throw CliError(kExitUsage, opt, "unknown assumption '" + name +
                                            "' (known: stack-abi, readonly-data, traps-never-happen; or none)");
    }
    if (!any || v.back() == ',')
      throw CliError(kExitUsage, opt, "expected a comma-separated list of assumptions or none, got '" + v + "'");
  }
  o.optimize.stackAbi = stackAbi;
  o.optimize.readonlyData = readonlyData;
  o.optimize.trapsNeverHappen = tnh;
}

// "cost model: thumb2 (default), thumb2-regalloc, ast" (the names from cost/cost.h).
const char* costModelHelp() {
  static const std::string help = [] {
    std::string h = "cost model for extraction:";
    const auto names = costModelNames();
    for (size_t k = 0; k < names.size(); ++k)
      h += (k ? ", " : " ") + names[k] + (k == 0 ? " (default)" : "");
    return h;
  }();
  return help.c_str();
}

// What each option sets; `opt` is the option as given, for error messages.
void addRulesFile(CliOptions& o, const std::string&, const std::string& v) { o.rulesFiles.push_back(v); }
void setOutput(CliOptions& o, const std::string&, const std::string& v) { o.output = v; }
void setTextOutput(CliOptions& o, const std::string&, const std::string&) { o.textOutput = true; }
void setInPlace(CliOptions& o, const std::string&, const std::string&) { o.inPlace = true; }
void setInlineFirst(CliOptions& o, const std::string&, const std::string&) { o.optimize.inlineFirst = true; }
void setTrapsNeverHappen(CliOptions& o, const std::string&, const std::string&) { o.optimize.trapsNeverHappen = true; }
void dropStackAbi(CliOptions& o, const std::string&, const std::string&) { o.optimize.stackAbi = false; }
void setReadonlyData(CliOptions& o, const std::string&, const std::string&) { o.optimize.readonlyData = true; }
void dropReadonlyData(CliOptions& o, const std::string&, const std::string&) { o.optimize.readonlyData = false; }
void skipRuleCheck(CliOptions& o, const std::string&, const std::string&) { o.checkRules = false; }
void setAllFeatures(CliOptions& o, const std::string&, const std::string&) { o.features.base = FeatureSelection::Base::All; }
void setMvpFeatures(CliOptions& o, const std::string&, const std::string&) { o.features.base = FeatureSelection::Base::Mvp; }
void setQuiet(CliOptions& o, const std::string&, const std::string&) { o.quiet = true; }
void askForHelp(CliOptions& o, const std::string&, const std::string&) { o.command = Command::Help; }
void askForVersion(CliOptions& o, const std::string&, const std::string&) { o.command = Command::Version; }

void setIterationLimit(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.limits.iterations = static_cast<unsigned>(parseCount(opt, v, std::numeric_limits<unsigned>::max()));
}

void setRounds(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.rounds = static_cast<unsigned>(parseCount(opt, v, 16));
}

void setNodeLimit(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.limits.nodes = static_cast<size_t>(parseCount(opt, v, std::numeric_limits<size_t>::max()));
}

void setTimeLimit(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.limits.seconds = parseSeconds(opt, v);
}

void setJobs(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.jobs = static_cast<unsigned>(parseCount(opt, v, 4096));
}

void setModuleTimeLimit(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.moduleSeconds = parseSeconds(opt, v);
}

void setMemoryLimit(CliOptions& o, const std::string& opt, const std::string& v) {
  o.optimize.memoryLimitBytes = static_cast<size_t>(parseCount(opt, v, size_t(1) << 40)) << 20;
}

// --cost-model NAME: a built-in model only.
void setBuiltinCostModel(CliOptions& o, const std::string& opt, const std::string& v) {
  std::string known;
  for (const auto& n : costModelNames()) {
    if (n == v) {
      o.optimize.costModel = v;
      return;
    }
    known += (known.empty() ? "" : ", ") + n;
  }
  throw CliError(kExitUsage, opt, "unknown cost model '" + v + "' (known: " + known + ")");
}

// --cost NAME|FILE: a built-in model, or a path to a JSON cost table.
void setCostModel(CliOptions& o, const std::string& opt, const std::string& v) {
  if (!isBuiltinCostModel(v) && v.find('/') == std::string::npos && v.find(".json") == std::string::npos) {
    std::string known;
    for (const auto& n : costModelNames()) known += (known.empty() ? "" : ", ") + n;
    throw CliError(kExitUsage, opt, "unknown cost model '" + v + "' (known: " + known + ", or a JSON file)");
  }
  o.optimize.costModel = v;
}

void setExtractor(CliOptions& o, const std::string& opt, const std::string& v) {
  for (const auto& n : extractorNames())
    if (n == v) {
      o.optimize.extractor = v;
      return;
    }
  throw CliError(kExitUsage, opt, "unknown extractor '" + v + "' (tree, tree-ls, dag, exact)");
}

void setStats(CliOptions& o, const std::string& opt, const std::string& v) {
  if (v.empty()) o.statsTop = 10;
  else if (v == "all") o.statsTop = 0;
  else o.statsTop = static_cast<long>(parseCount(opt, v, 1000000));
}

void setReportFile(CliOptions& o, const std::string& opt, const std::string& v) {
  if (v.empty()) throw CliError(kExitUsage, opt, "empty file name");
  o.reportFile = v;
}

void addExplainedFunction(CliOptions& o, const std::string&, const std::string& v) {
  o.explain.push_back(v);
  o.optimize.explainFunctions.insert(v);
}

// --dump-egraph FUNC[=FILE]
void addEgraphDump(CliOptions& o, const std::string& opt, const std::string& v) {
  auto eq = v.find('=');
  std::string func = v.substr(0, eq), file = eq == std::string::npos ? "" : v.substr(eq + 1);
  if (func.empty()) throw CliError(kExitUsage, opt, "expected FUNC or FUNC=FILE, got '" + v + "'");
  if (eq != std::string::npos && file.empty()) throw CliError(kExitUsage, opt, "empty file name in '" + v + "'");
  o.dumps.push_back({func, file});
}

void setDumpFormat(CliOptions& o, const std::string& opt, const std::string& v) {
  if (v != "dot" && v != "json") throw CliError(kExitUsage, opt, "expected dot or json, got '" + v + "'");
  o.dumpFormat = v;
}

void setTracedRule(CliOptions& o, const std::string& opt, const std::string& v) {
  if (v.empty()) throw CliError(kExitUsage, opt, "empty rule name");
  o.traceRule = v;
  o.optimize.traceRule = v;
}

// Every option but --enable-FEATURE and --disable-FEATURE, in --help order.
const OptionSpec kOptionSpecs[] = {
    {{"--rules"}, "FILE", "rule set (JSON); repeatable; default: the bundled ruleset", addRulesFile},
    {{"-o", "--output"}, "OUT", "write the optimized module to OUT ('-' = stdout)", setOutput},
    {{"-S", "--emit-text"}, nullptr, "write text (s-expressions) instead of binary", setTextOutput},
    {{"--in-place"}, nullptr, "overwrite IN (atomically; keeps IN's binary/text format unless -S)", setInPlace},
    {{"--inline"}, nullptr, "run Binaryen's inliner before saturation", setInlineFirst},
    {{"--traps-never-happen"}, nullptr, "assume no instruction traps (like wasm-opt -tnh)", setTrapsNeverHappen},
    {{"--assume"}, "LIST",
     "assumptions beyond wasm semantics, exactly these (comma-separated):\n"
     "stack-abi (clang's shadow stack; default, where the module follows it),\n"
     "readonly-data (the .rodata segment is never written, where the module\n"
     "has one), traps-never-happen; 'none' for strict wasm semantics",
     applyAssumptions},
    {{"--no-stack-abi"}, nullptr, "drop the stack-abi assumption (frame stores stay)", dropStackAbi},
    {{"--readonly-data"}, nullptr, "assume the .rodata segment is never written (loads of it read constants)",
     setReadonlyData},
    {{"--no-readonly-data"}, nullptr, "drop the readonly-data assumption (loads of .rodata stay)", dropReadonlyData},
    {{"--no-check-rules"}, nullptr, "skip the quick semantic check of rules at load time", skipRuleCheck},
    {{"--iter-limit"}, "N", "saturation iterations per function (default 12)", setIterationLimit},
    {{"--node-limit"}, "N", "e-graph nodes per function (default 10000)", setNodeLimit},
    {{"--rounds"}, "N",
     "rounds per function (default 2): a function a round made cheaper goes\n"
     "through the pipeline again, from that body, up to N rounds in all",
     setRounds},
    {{"--time-limit"}, "S", "seconds of saturation per function (default 5)", setTimeLimit},
    {{"-j", "--jobs"}, "N",
     "functions optimized in parallel (default: all cores; the output\n"
     "does not depend on it unless a time limit cut the run short)",
     setJobs},
    {{"--module-time-limit"}, "S",
     "seconds for the whole run, reading the module included (default:\n"
     "none); saturation stops at it, functions not emitted by then are left\n"
     "as they are (the summary names them)",
     setModuleTimeLimit},
    {{"--memory-limit"}, "MB", "memory ceiling for the e-graphs (default: none); lowers the node limit",
     setMemoryLimit},
    {{"--cost-model"}, "NAME", costModelHelp(), setBuiltinCostModel},
    {{"--cost"}, "NAME|FILE",
     "cost model: thumb2 (default), thumb2-regalloc, rv32, wasm-bytes, ast, or a JSON cost table", setCostModel},
    {{"--extractor"}, "NAME",
     "extraction: tree-ls (default: tree, then a DAG-cost local search on small functions),\n"
     "tree, dag or exact (ILP with GLPK, falls back to dag)",
     setExtractor},
    {{"--stats"}, "[=all|N]",
     "after the run, print a table on stderr: the 10 largest functions (N, or all),\n"
     "totals, and the rules that fired most",
     setStats},
    {{"--report"}, "FILE", "write per-function statistics as JSON (docs/report.schema.json)", setReportFile},
    {{"--explain"}, "FUNC",
     "print FUNC before and after, and the rules proving each rewritten\n"
     "expression equal to the original (repeatable)",
     addExplainedFunction},
    {{"--dump-egraph"}, "FUNC[=FILE]",
     "write FUNC's saturated e-graph to FILE (default FUNC.dot or FUNC.json;\n"
     "repeatable)",
     addEgraphDump},
    {{"--format"}, "dot|json", "format of --dump-egraph: Graphviz (default) or egraph-serialize JSON", setDumpFormat},
    {{"--trace-rule"}, "NAME", "print each place rule NAME matched and whether it changed the extraction",
     setTracedRule},
    {{"--all-features", "-all"}, nullptr, "enable all features", setAllFeatures},
    {{"--mvp-features", "-mvp"}, nullptr, "start from MVP, ignoring the target_features section", setMvpFeatures},
    {{"-q", "--quiet"}, nullptr, "print no summary", setQuiet},
    {{"-h", "--help"}, nullptr, "show this help and exit", askForHelp},
    {{"--version"}, nullptr, "show the version and exit", askForVersion},
};

// kOptionSpecs, then --enable-FEATURE and --disable-FEATURE for every feature (not in --help one by one).
const std::vector<OptionSpec>& optionTable() {
  static const std::vector<OptionSpec> table = [] {
    std::vector<OptionSpec> t(std::begin(kOptionSpecs), std::end(kOptionSpecs));
    for (const auto& fi : allFeatureInfos()) {
      BinaryenFeatures (*bit)() = fi.bit;
      t.push_back({{std::string("--enable-") + fi.option}, nullptr, nullptr,
                   [bit](CliOptions& o, const std::string&, const std::string&) {
                     o.features.enabled |= bit();
                     o.features.disabled &= ~bit();
                   }});
      t.push_back({{std::string("--disable-") + fi.option}, nullptr, nullptr,
                   [bit](CliOptions& o, const std::string&, const std::string&) {
                     o.features.disabled |= bit();
                     o.features.enabled &= ~bit();
                   }});
    }
    return t;
  }();
  return table;
}

const OptionSpec* findOption(const std::string& name) {
  for (const auto& spec : optionTable())
    for (const auto& n : spec.names)
      if (n == name) return &spec;
  return nullptr;
}

CliOptions parseCheckRules(const std::vector<std::string>& args, size_t start) {
  CliOptions o;
  o.command = Command::CheckRules;
  bool optionsDone = false;
  for (size_t i = start; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!optionsDone && a == "--") { optionsDone = true; continue; }
    if (!optionsDone && a.size() > 1 && a[0] == '-') {
      const OptionWord word = splitOptionWord(a);
      std::string name = word.name, value = word.value;
      bool hasValue = word.hasValue;
      if (name == "--z3-timeout") {
        if (!hasValue) {
          if (i + 1 >= args.size()) throw CliError(kExitUsage, name, "missing argument MS");
          value = args[++i];
        }
        o.z3TimeoutMs = static_cast<unsigned>(
            parseCount(name, value, std::numeric_limits<unsigned>::max()));
        continue;
      }
      if (name == "--only" || name == "--cache-dir") {
        if (!hasValue) {
          if (i + 1 >= args.size()) throw CliError(kExitUsage, name, name == "--only" ? "missing argument NAME[,NAME]" : "missing argument DIR");
          value = args[++i];
        }
        if (name == "--cache-dir") {
          if (value.empty()) throw CliError(kExitUsage, name, "empty directory name");
          o.proofCacheDir = value;
          continue;
        }
        std::string cur;
        for (char c : value + ",") {
          if (c != ',') {
            cur.push_back(c);
            continue;
          }
          if (cur.empty()) throw CliError(kExitUsage, name, "empty rule name in '" + value + "'");
          o.checkOnly.push_back(cur);
          cur.clear();
        }
        continue;
      }
      if (name == "--no-includes" || name == "--no-cache") {
        if (hasValue) throw CliError(kExitUsage, name, "takes no argument");
        if (name == "--no-includes") o.checkNoIncludes = true;
        else o.proofCache = false;
        continue;
      }
      if (name == "-h" || name == "--help") { o.command = Command::Help; return o; }
      throw CliError(kExitUsage, name, "unknown option for check-rules (see --help)");
    }
    o.checkFiles.push_back(a);
  }
  if (o.checkFiles.empty())
    throw CliError(kExitUsage, "check-rules", "no rule files given (usage: eqsat-wasm check-rules FILE...)");
  return o;
}

} // namespace

OptionWord splitOptionWord(const std::string& word) {
  OptionWord w{word, "", false};
  if (auto eq = word.find('='); word.rfind("--", 0) == 0 && eq != std::string::npos) {
    w.name = word.substr(0, eq);
    w.value = word.substr(eq + 1);
    w.hasValue = true;
  }
  return w;
}

CliOptions parseCommandLine(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "check-rules") return parseCheckRules(args, 1);

  CliOptions o;
  bool optionsDone = false;
  bool haveInput = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!optionsDone && a == "--") { optionsDone = true; continue; }
    if (!optionsDone && a.size() > 1 && a[0] == '-') {
      const OptionWord word = splitOptionWord(a);
      std::string name = word.name, value = word.value;
      bool hasValue = word.hasValue;
      const OptionSpec* spec = findOption(name);
      if (!spec) throw CliError(kExitUsage, name, "unknown option (see --help)");
      if (spec->arg && spec->arg[0] == '[') {
        // optional value, given only as --opt=value
      } else if (spec->arg) {
        if (!hasValue) {
          if (i + 1 >= args.size())
            throw CliError(kExitUsage, name, std::string("missing argument ") + spec->arg);
          value = args[++i];
        }
      } else if (hasValue) {
        throw CliError(kExitUsage, name, "takes no argument");
      }
      spec->apply(o, name, value);
      continue;
    }
    if (haveInput)
      throw CliError(kExitUsage, a, "unexpected argument: only one input file is accepted");
    o.input = a;
    haveInput = true;
  }
  if (o.command != Command::Optimize) return o;
  if (!haveInput) throw CliError(kExitUsage, "", "no input file (usage: eqsat-wasm IN [options]; see --help)");
  if (o.inPlace && o.output && *o.output == "-")
    throw CliError(kExitUsage, "--in-place", "cannot be combined with -o -");
  return o;
}

std::string usageLine() { return "usage: eqsat-wasm IN [options]  |  eqsat-wasm check-rules FILE..."; }

std::string helpText() {
  std::ostringstream h;
  h << "eqsat-wasm " << EQSAT_VERSION
    << " - equality-saturation optimizer for WebAssembly modules\n\n"
       "Usage:\n"
       "  eqsat-wasm IN [options]            optimize IN (binary .wasm or text .wat, detected by content)\n"
       "  eqsat-wasm check-rules FILE...     check rule files (syntax and soundness)\n"
       "  eqsat-wasm compare IN... [opts]    cost models x extractors on the same e-graphs (compare --help)\n"
       "  eqsat-wasm rewrite 'EXPR' [opts]   one expression: best form, cost, proof, --why-not RULE (rewrite --help)\n\n"
       "Without -o nothing is written: a one-line summary is printed.\n\n"
       "Options:\n";
  auto line = [&](std::string left, const char* help) {
    if (left.size() < 30) left.resize(30, ' ');
    else left += "\n" + std::string(30, ' ');
    std::string text = help;  // continuation lines of a help text line up
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
      text.insert(at + 1, std::string(32, ' '));
    h << "  " << left << text << "\n";
  };
  for (const auto& spec : optionTable()) {
    if (!spec.help) continue;
    std::string left;
    for (size_t k = 0; k < spec.names.size(); ++k) left += (k ? ", " : "") + spec.names[k];
    if (spec.arg) left += (spec.arg[0] == '[' ? "" : " ") + std::string(spec.arg);
    line(left, spec.help);
  }
  line("--enable-FEATURE", "allow FEATURE (wasm-opt spelling, below)");
  line("--disable-FEATURE", "disallow FEATURE");
  h << "\nFeatures: ";
  size_t col = 10;
  const auto& infos = allFeatureInfos();
  for (size_t k = 0; k < infos.size(); ++k) {
    std::string w = std::string(infos[k].option) + (k + 1 < infos.size() ? ", " : "\n");
    if (col + w.size() > 96) { h << "\n  "; col = 2; }
    h << w;
    col += w.size();
  }
  h << "Without feature flags a module may use what its target_features section declares;\n"
       "a module without that section gets MVP + sign-ext + mutable-globals.\n"
       "Flags apply on top: --enable-X adds X, --all-features allows everything,\n"
       "--mvp-features starts from MVP.\n\n"
       "check-rules options:\n";
  line("--z3-timeout MS", "Z3 timeout per rule (default 10000)");
  line("--only NAME[,NAME]", "check only these rules (NAME of an iN rule: both widths; NAME-rev: the reverse)");
  line("--no-includes", "check only the rules written in the files given, not those they include");
  line("--no-cache", "prove every rule again (proofs are cached by a hash of the rule's text)");
  line("--cache-dir DIR", "the proof cache (default $EQSAT_CACHE_DIR, $XDG_CACHE_HOME/eqsat-wasm or ~/.cache/eqsat-wasm)");
  h << "\nExit status:\n"
       "  0  success\n"
       "  1  usage error (unknown option, bad argument, -o naming the input without --in-place)\n"
       "  2  bad input: unreadable file, malformed or invalid module, malformed rules,\n"
       "     output cannot be written\n"
       "  3  internal error\n"
       "  check-rules: 0 all rules proved, 2 a file is malformed, 4 a rule is unsound or unproved or an example fails\n"
       "Every error is one line on stderr: 'eqsat-wasm: FILE: what is wrong'.\n";
  return h.str();
}

} // namespace eqsat::cli
