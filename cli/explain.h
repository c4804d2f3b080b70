// --explain FUNC, --dump-egraph FUNC[=FILE] --format dot|json, --trace-rule NAME:
// what the optimizer did to one function, computed while its e-graph is alive
// (OptimizeOptions::onFunction) and printed after the run.
#pragma once

#include "extract/optimize.h"

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

// Every application of the traced rule in this function, and whether it
// changed the extraction. "" if the rule did not match here.
std::string traceReport(const FunctionObservation& ob);

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
};

// The file name for --dump-egraph FUNC without =FILE: FUNC with characters
// other than [A-Za-z0-9_.-] replaced by '_', plus ".dot" / ".json".
std::string defaultDumpName(const std::string& func, const std::string& format);

} // namespace eqsat::cli
