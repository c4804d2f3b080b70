// The command-line side of --explain FUNC, --dump-egraph FUNC[=FILE] --format
// dot|json and --trace-rule NAME: what the optimizer did to one function,
// computed while its e-graph is alive (OptimizeOptions::onFunction) and
// printed after the run; RunObserver wires them, --stats and --report
// around one optimizeModule call. The proofs themselves are egraph/explain.h's.
#pragma once

#include "module/optimize.h"

#include <binaryen-c.h>
#include <nlohmann/json.hpp>

#include <string>

namespace eqsat::cli {

// The text of one function (`(func $NAME ...)`) as Binaryen prints the module; "" if absent.
std::string functionText(BinaryenModuleRef module, const std::string& name);

// For each skeleton operand whose extracted term differs from the original:
// the original term, the extracted one, and the chain of rewrites between them.
std::string explainRewrites(const FunctionObservation& ob);

// The saturated e-graph as Graphviz: one cluster per e-class (type, cost of
// the chosen term), one box per e-node with its own cost; the node the
// extraction chose is filled; edges go from a node to its child classes.
std::string egraphDot(const FunctionObservation& ob);
// The same as egraph-serialize JSON (egraph/serialize.h), with the chosen
// node of each class in "class_data".
nlohmann::json egraphJson(const FunctionObservation& ob);

// What --trace-rule counted, in one function or the whole run. Every match
// the search found is one of applied, rejected (a condition, or an undefined
// computed constant), dropped (the rule was banned in that iteration) or left
// (a limit stopped the run first); `matches` equals RuleStats::matches.
// Of the applied ones: merged (changed the e-graph), changedExtraction (the
// output computes the rule's result in the matched class), contributed (the
// application is a step of the proof that the output equals the input, as
// --explain prints it: rules that only enable other rules count here).
struct TraceCounts {
  size_t functions = 0, matches = 0, applied = 0, rejected = 0, dropped = 0, left = 0;
  size_t merged = 0, changedExtraction = 0, contributed = 0;
  TraceCounts& operator+=(const TraceCounts& o);
};
std::string traceCountsText(const TraceCounts& c);

// Every match of the traced rule in this function: each application, whether
// it changed the extraction and whether it contributed to the result; each
// rejected match with the condition that rejected it and its values. "" if
// the rule did not match here. Adds the function's counts to `total`.
std::string traceReport(const FunctionObservation& ob, TraceCounts* total = nullptr);

// "; did you mean `X`?" (or "`X` or `Y`") for the names closest to `w`; "" when none is close.
std::string didYouMean(const std::string& w, const std::vector<std::string>& names);
// Throws CliError(kExitUsage, flag, ...) with a suggestion unless some rule
// answers to `wanted` (egraph/explain.h ruleNameMatches).
void requireRuleName(const std::string& flag, const std::string& wanted, const std::vector<Rewrite>& rules);

struct CliOptions;

// Everything --stats, --report, --explain, --dump-egraph and --trace-rule need
// around one optimizeModule call (cli/driver.cpp):
//   RunObserver obs(opts, module, rules);   // checks names, keeps the original bodies
//   obs.install(optimizeOptions);          // sets onFunction
//   optimizeModule(...);
//   obs.finish(module, summary, seconds, out, err);  // prints and writes files
class RunObserver {
public:
  RunObserver(const CliOptions& opts, BinaryenModuleRef module, const std::vector<Rewrite>& rules);
  bool active() const { return active_; }
  void install(OptimizeOptions& o);
  // `out` gets --explain and --trace-rule (pass stderr when the module goes to stdout);
  // `err` the --stats table and notes. Files are written atomically; throws CliError.
  void finish(BinaryenModuleRef module, const OptimizeSummary& s, double seconds, std::ostream& out,
              std::ostream& err);

private:
  const CliOptions& opts_;
  bool active_ = false;
  std::vector<std::string> originals_;          // by opts.explain index
  std::vector<std::string> explained_;          // by opts.explain index
  std::vector<std::string> dumped_;             // by opts.dumps index
  std::vector<std::string> traces_;             // per function, in order
  TraceCounts traceTotal_;
};

// The file name for --dump-egraph FUNC without =FILE: FUNC with characters
// other than [A-Za-z0-9_.-] replaced by '_', plus ".dot" / ".json".
std::string defaultDumpName(const std::string& func, const std::string& format);

} // namespace eqsat::cli
