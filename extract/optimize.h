// The whole pipeline for one module: wasm -> e-graph -> saturate -> extract -> wasm.
#pragma once

#include "egraph/runner.h"

#include <binaryen-c.h>

#include <string>
#include <vector>

namespace eqsat {

struct OptimizeOptions {
  RunnerLimits limits;             // per function
  bool inlineFirst = false;        // --inline: Binaryen's inliner before saturation
  bool trapsNeverHappen = false;   // --traps-never-happen
  std::string costModel = "thumb2";
  std::string extractor = "tree";
  unsigned jobs = 0;               // 0 = all cores
};

struct FunctionSummary {
  std::string name;
  bool handled = false;          // went through the e-graph
  std::string leftAloneReason;   // when !handled
  double costBefore = 0, costAfter = 0;
  size_t nodes = 0, classes = 0;
  unsigned iterations = 0;
  StopReason stop = StopReason::Saturated;
  double seconds = 0;
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

// Optimizes every defined function of `module` in place. Never produces an
// invalid module: a function that cannot be handled is left exactly as it was.
void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules,
                    const OptimizeOptions& opts, OptimizeSummary& summary);

} // namespace eqsat
