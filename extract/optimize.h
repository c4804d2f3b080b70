// The whole pipeline for one module: wasm -> e-graph -> saturate -> extract -> wasm.
#pragma once

#include "egraph/runner.h"

#include <binaryen-c.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace eqsat {

struct FunctionGraph;
struct Extraction;
class CostModel;
class ExplainRecorder;
class RuleTrace;

// What OptimizeOptions::onFunction sees of one function, while its e-graph is
// alive (after saturation and extraction, before emission).
struct FunctionObservation {
  const std::string& name;
  const FunctionGraph& graph;
  const Extraction& extraction;
  const RunReport& report;
  const CostModel& costModel;
  const ExplainRecorder* explain;  // recorded when name is in explainFunctions (else nullptr)
  const RuleTrace* trace;          // when traceRule is set (else nullptr)
};

struct OptimizeOptions {
  RunnerLimits limits;             // per function
  bool inlineFirst = false;        // --inline: Binaryen's inliner before saturation
  bool trapsNeverHappen = false;   // --traps-never-happen
  std::string costModel = "thumb2";
  std::string extractor = "tree";
  unsigned jobs = 0;               // 0 = all cores; the output does not depend on it
  double moduleSeconds = 0;        // whole-module time budget (0 = none): later functions are left alone
  size_t memoryLimitBytes = 0;     // memory ceiling (0 = none): lowers the per-function node limit
  std::function<void(size_t done, size_t total)> onProgress;  // after each function (main thread)
  // Observability (cli/stats.h, cli/explain.h); all off by default.
  std::set<std::string> explainFunctions;  // record explanations (egraph/explain.h) for these functions
  std::string traceRule;                   // record every application of this rule (egraph/explain.h)
  std::function<void(const FunctionObservation&)> onFunction;  // every function that went through the e-graph
};

// What one live e-node costs, all included (records, hashcons, class
// vectors, parents, merged-away records), measured on the seam and
// real-world corpus; used to turn a memory ceiling into a node limit.
constexpr size_t kBytesPerNodeEstimate = 1024;

struct FunctionSummary {
  std::string name;
  bool handled = false;          // went through the e-graph
  std::string leftAloneReason;   // when !handled
  double costBefore = 0, costAfter = 0;
  size_t nodes = 0, classes = 0;
  unsigned iterations = 0;
  StopReason stop = StopReason::Saturated;
  double seconds = 0;
  size_t instrsBefore = 0, instrsAfter = 0;  // wasm instructions (extract/ircost.h countInstructions)
  bool replaced = false;                     // the body was replaced by the optimized one
  double saturateSeconds = 0;                // the runner's share of `seconds`
  std::vector<RuleStats> rules;              // rules that matched in this function
  std::string note;                          // e.g. what happened to a shadow-stack frame slot
};

struct OptimizeSummary {
  size_t functions = 0;     // defined functions
  size_t handled = 0;       // optimized through the e-graph
  size_t leftAlone = 0;     // unsupported constructs: body unchanged
  size_t hitLimit = 0;      // runner stopped on a limit
  double costBefore = 0, costAfter = 0;
  std::vector<FunctionSummary> perFunction;
  std::vector<RuleStats> rules;  // summed over functions
};

// Binaryen's clean-up passes run on every rewritten function (simplify-locals,
// coalesce-locals, optimize-instructions, vacuum, ...), in the module `module`.
void runTidyPasses(BinaryenModuleRef module, BinaryenFunctionRef func);

// Optimizes every defined function of `module` in place. Never produces an
// invalid module: a function that cannot be handled is left exactly as it was.
void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules,
                    const OptimizeOptions& opts, OptimizeSummary& summary);

} // namespace eqsat
