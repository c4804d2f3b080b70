// The whole pipeline for one module: wasm -> e-graph -> saturate -> extract -> wasm.
#pragma once

#include "bridge/readonly_load.h"
#include "egraph/runner.h"
#include "module/candidates.h"

#include <binaryen-c.h>

#include <chrono>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace eqsat {

struct FunctionGraph;
struct BridgeOptions;
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
  // Per function. Fewer iterations than egg's 30 (RunnerLimits' default):
  // later ones improve no function's result on the corpora and cost much
  // time where shift-and-mask chains keep growing (docs/performance.md).
  RunnerLimits limits{.iterations = 12};
  bool inlineFirst = false;        // --inline: Binaryen's inliner before saturation
  // Assumptions beyond wasm semantics (README, Assumptions; --assume LIST):
  bool trapsNeverHappen = false;   // traps-never-happen: no instruction traps; never the default
  bool stackAbi = true;            // stack-abi: clang's shadow-stack ABI, where the module follows it
  bool readonlyData = false;       // readonly-data: the `.rodata` segment is never written, where the module has one; never the default
  // The module's read-only bytes (module/readonly_data.h, from the input
  // binary; null: none). Used only under readonlyData.
  std::shared_ptr<const ReadonlyBytes> readonlyBytes;
  std::string costModel = "thumb2";
  std::string extractor = "tree-ls";
  unsigned jobs = 0;               // 0 = all cores; the output does not depend on it
  // Rounds per function (--rounds): a function whose body a round replaced
  // goes through the whole pipeline again, from a new e-graph of that body,
  // up to this many rounds in all; each later round's body is kept only if
  // cheaper on the target than the body before it. Simplifications one
  // round's passes make (a branch folded, a path merged) give the next
  // round's rules and finish what to work on.
  unsigned rounds = 2;
  // Whole-run time budget (0 = none), counted from `runStart` (the start of
  // optimizeModule if unset): a function's saturation stops at it, and
  // functions not started or not yet emitted by then are left as they are
  // (FunctionSummary::skippedByBudget).
  double moduleSeconds = 0;
  std::optional<std::chrono::steady_clock::time_point> runStart;
  size_t memoryLimitBytes = 0;     // memory ceiling (0 = none): lowers the per-function node limit
  std::function<void(size_t done, size_t total)> onProgress;  // after each function (main thread)
  // Observability (cli/stats.h, cli/explain_command.h); all off by default.
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
  size_t instrsBefore = 0, instrsAfter = 0;  // wasm instructions (cost/ircost.h countInstructions)
  bool replaced = false;                     // the body was replaced by the optimized one
  double saturateSeconds = 0;                // the runner's share of `seconds`
  std::vector<RuleStats> rules;              // rules that matched in this function (OptimizeSummary::ruleNames names them)
  std::string note;                          // e.g. what happened to a shadow-stack frame slot
  bool skippedByBudget = false;              // left alone: the module time budget was spent
};

struct OptimizeSummary {
  size_t functions = 0;     // defined functions
  size_t handled = 0;       // optimized through the e-graph
  size_t leftAlone = 0;     // unsupported constructs: body unchanged
  size_t hitLimit = 0;      // runner stopped on a limit (iterations, nodes or time): its stop is not "saturated"
  double costBefore = 0, costAfter = 0;
  std::vector<FunctionSummary> perFunction;
  std::vector<RuleStats> rules;  // summed over functions
  std::vector<std::string> ruleNames;  // each RuleStats::rule's name (saturationRuleNames)
  std::vector<std::string> changedByInlining;  // --inline: bodies the inliner changed (kept or not)
  // The features the module, as optimizeModule leaves it, was validated
  // with by optimizeModule itself (after replacing bodies); nullopt when it
  // was not, or did not validate. The caller need not validate it again.
  std::optional<BinaryenFeatures> validatedWith;
};

// The names of the rules saturateFunction runs, in the order its RunReport
// counts them: `rules`, then the custom rewrites.
std::vector<std::string> saturationRuleNames(const std::vector<Rewrite>& rules);

// ---- The steps of optimizeModule for one function, shared with `eqsat-wasm
// compare` (cli/compare.cpp), so that compare reports what optimize writes.

// Stack-pointer globals that code other than a function's balanced
// reserve/restore moves (exported, or set only once in some function), or
// that do not follow clang's convention (imported, or named otherwise than
// __stack_pointer): frame slots under them keep their stores
// (BridgeOptions::exposedGlobals). This decides the stack-abi assumption per
// module and global (README, Assumptions).
std::unordered_set<std::string> exposedStackGlobals(BinaryenModuleRef module);

// Bridge and saturation of one function: its e-graph (clean) and skeleton, or
// nullptr and `why` when the function is left alone (unsupported constructs, an
// e-graph over limits.nodes before any rewrite). `recorder` (explanations) is
// reset when it cannot describe the e-graph; `trace` may be null. `scratch`
// (may be null) carries the compiled rules and match buffers from one
// function to the next on the same thread; `rules` must outlive it.
std::unique_ptr<FunctionGraph> saturateFunction(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                const std::vector<Rewrite>& rules, const RunnerLimits& limits,
                                                BridgeOptions bo, std::unique_ptr<ExplainRecorder>& recorder,
                                                RuleTrace* trace, RunReport& report, std::string& why,
                                                RunnerScratch* scratch = nullptr);

// Replaces func (by name) with the same signature and `body`, `vars`: a new
// function of that name (Binaryen's C API cannot change a function's locals).
void replaceFunctionBody(BinaryenModuleRef module, BinaryenFunctionRef func, BinaryenExpressionRef body,
                         const std::vector<BinaryenType>& vars);

// Optimizes every defined function of `module` in place. Never produces an
// invalid module: a function that cannot be handled is left exactly as it was.
void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules,
                    const OptimizeOptions& opts, OptimizeSummary& summary);

} // namespace eqsat
