// The order of the post-emission passes, and why each runs where it does.
//
// Tidy stage (runTidyStage), on every emitted candidate:
//   1. Binaryen's tidy passes (kTidyPasses). The emitter writes values through
//      locals and blocks freely; these fold them back. Before the first
//      coalesce-locals, unusedLocalDeclarations drops the declarations no
//      longer read or written (its matrices grow with the square of the
//      declared locals; the result is the same).
//   2. threadConstantDispatch (block results only), then the tidy passes
//      again when it threaded anything: the seam's constant dispatches sit in
//      block results once tidied, and threading leaves empty blocks and
//      dead sets behind.
//   3. branchOnValues, after the tidy passes: remove-unused-brs makes the
//      (if (i32.eqz x) ...) it rewrites out of a br_if over code; then
//      branchValuesAsSets (as in 11b) and, where it changed something,
//      exitBranchesAsReturns (as in 11c), kept unless the function prices
//      higher: the candidate's price here, which the fold stage's must not
//      exceed, already counts it.
//
// Fold stage (runFoldStage), rewriting in place; the caller prices the result
// and re-emits the candidate without this stage when it costs more:
//   0. statementsIntoExits on a copy of the function: statements between a
//      set from a block of constant exits and the dispatch on it go into the
//      exits, and the tidy stage runs again on the copy. Steps 4-11 then run
//      on both; the copy is kept only where it prices lower (and no higher
//      by the expression estimate the caller compares with).
//   4. Binaryen's code-folding: paths that end alike (the emitter's per-path
//      code and skeleton jump threading copy tails) share one copy.
//   5. mergeEqualArms: folding leaves argument checks with equal arms side by side.
//   6. mergeReturnTails: exits that differ only in the value they return,
//      which code-folding leaves apart.
//   7. booleanSets: a flag set to 0 or 1 on the two sides of a branch, the
//      shape threading and folding leave.
//   8. placeSingleEntryCode (block layout), then Binaryen's
//      remove-unused-names and merge-blocks for the labels it leaves unused.
//   9. Up to kLocalRounds rounds of: threadConstantDispatch (dispatches on
//      locals too: layout puts such a dispatch right after the block that
//      sets it), the tidy passes, branchOnValues, block layout. A round's
//      rewrites, once tidied, can line up the next.
//  10. knownBranchValues, droppedValues, coveredDrops, then Binaryen's
//      simplify-locals, coalesce-locals and vacuum when any changed
//      something: the sets and loads they make dead go.
//  11. The branch finish (finishBranches), last, each step kept unless the
//      function then prices higher (here, not in the tidy stage: a change
//      there reshapes what folding and layout make of the body, dearer on
//      some shims though no dearer itself):
//      0. knownPathValues, then constantConditions, Binaryen's dce and the
//         local clean-ups without simplify-locals' block values (which
//         reshape bodies the t2 estimate prices higher), twice where the
//         first round changed something (its clean-up can drop a tee that
//         kept a br_table's index impure): after threading
//         and layout, arms test again what the branch into them tested,
//         and joins follow paths that each set a flag alike. First, so
//         that a and b see the arms it removes; kept only where the
//         function prices lower (keepFunctionUnlessDearer); on functions
//         of at most kPathValuesMaxInstructions.
//      a. knownConditionValues, then constantConditions: threading and the
//         local clean-ups leave dispatches on a value with few possible
//         values (a boolean shifted into the action, a constant set just
//         before), whose arms for the other values are dead; then Binaryen's
//         dce, vacuum, remove-unused-brs and merge-blocks remove that dead
//         code.
//     a1. shiftedConditions: a condition that shifts a boolean left, (br_if
//         $l (i32.shl (i32.eq ..) (i32.const k))), tests the boolean: a
//         flag shifted into the action and branched on once its dispatch is
//         threaded; before a2, so that an eqz it uncovers is turned too.
//     a2. branchOnValues (as in 3): the remove-unused-brs of steps 0 and a
//         writes (block $p (br_if $p x) A) back as (if (i32.eqz x) A),
//         whose eqz synth computes before branching on it; run before e,
//         which would make such an if that only branches (br_if $l (eqz x)).
//      b. branchValuesAsSets, then Binaryen's merge-blocks: a block whose
//         branches each carry a tee of one local (simplify-locals' form of
//         conditional exits between sets) gives its value through the
//         local; run here, after the last simplify-locals, which would
//         write the block back.
//     b2. blockValuesAsSets on a copy of the function, the fallthrough's
//         constant set first, then again with a branch's; each cleaned up by
//         simplify-locals-nostructure, coalesce-locals, remove-unused-brs
//         and merge-blocks, then branchOnValues (as in a2, for the polarity
//         blocks that remove-unused-brs writes back), and kept only where it
//         prices lower and no higher by the expression estimate: a block of result i32 whose
//         branches carry the value the function returns (what threading
//         leaves) sets a local on each path, one constant before the
//         branch, where synth moves each value into the block's result.
//      c. ifValuesAsSets on a copy of the function, then Binaryen's
//         simplify-locals-nostructure, coalesce-locals and merge-blocks: a
//         local set from an if/else with a constant arm sets the constant
//         first and skips the other arm with a br_if (LLVM's layout of a
//         decide's fallthrough); after the last simplify-locals with
//         structure, which would write the if back. The copy replaces the
//         function only where it prices lower, and no higher by the
//         expression estimate.
//     c2. twoWayValuesAsSelects, kept unless the function prices higher: a
//         local (or a block's value) given one of two cheap values on the
//         two sides of a branch, the last two statements of a block, is
//         given a select of the two (a struct field that the decide's
//         returns fill with two literals; LLVM's select).
//      d. exitBranchesAsReturns: a br carrying the result to the end of the
//         function, which the tidy passes write for an early return, is a
//         return again (synth declines a value carried over a br); since
//         merging blocks in b and c can put such a block at the end.
//     d2. mergeReturnTails again, on a copy of the function kept only where
//         it prices lower and no higher by the expression estimate:
//         threading and the steps before leave paths that run the same
//         statements (an unlock, calls) and return different values, whose
//         exits step 6 did not see yet; LLVM merges them into one tail.
//      e. branchesAsBrIfs: (if C (br $l)), a form the steps before leave
//         in some functions, is (br_if $l C).
//     e2. statementsAboveBranches on a copy of the function, then Binaryen's
//         vacuum and merge-blocks: a statement every path from a branch
//         meets first (the same call copied to the head of each path by
//         threading and step 0) made once above it, the condition computed
//         into a local before it. The copy replaces the function only where
//         it prices lower, and no higher by the expression estimate; on
//         functions of at most kPathValuesMaxInstructions.
//     e3. mergeCommonTails on a copy of the function, kept only where it
//         prices lower and no higher by the expression estimate: paths into
//         a join (a block's end, the function's end) that end alike apart
//         from some operands, the same call after different statements or
//         with different arguments, share one copy, the operands in locals;
//         after e2, which makes a call every path meets first once above
//         the branch (merged into the tails, it would stay on the paths).
//      f. i64 declarations that no local.get or local.set names any more
//         dropped (unusedDeclarationsOfType): the candidates are ranked
//         with each i64 local counted, and seam-residue counts them.
//
// Finish stage (runFinishStage), on the one candidate chosen, after the
// candidates are ranked (a candidate cheaper here could otherwise outrank
// one that costs less as a whole function):
//   1. Binaryen's remove-unused-brs, vacuum, coalesce-locals, then
//      droppedValues (with vacuum and remove-unused-brs when it changed
//      something), then vacuum, simplify-locals, coalesce-locals and vacuum
//      once more, kept where the function prices lower and no higher by the
//      expression estimate: step 11 can leave a br to the end of its own
//      block and sets that nothing reads any more (or only the values set to
//      the same local). The first coalesce-locals makes such a set a drop
//      before simplify-locals sinks a load into its value; droppedValues
//      takes the value of a dropped block apart where a branch value has
//      an effect (the load's trap), which vacuum keeps whole.
//   2. addSubImmediates: x - -64 as x + 64, x + -1 as x - 1, which synth
//      takes as an immediate; after every optimize-instructions, which
//      writes the sign that is shorter in LEB128; kept where the function
//      prices lower.
//   3. twoWayValuesAsSelects (as in 11c2), kept unless the function prices
//      higher: step 1's simplify-locals writes a field set on two paths
//      back as a block value, the value form of the same diamond.
//
// Synth repair (runSynthRepair), under a model of synth, on the cheapest
// candidate with a shape synth may decline (cost/synth_limits.h), where it
// ranks before every candidate without one (emitBestBody,
// module/optimize.cpp); after the finish stage (which could write a block
// value back):
//   1. Binaryen's precompute where a br_table switches on a constant: it
//      becomes a br.
//   2. carriedValuesForSynth: an i64 or a call's result carried into a
//      block's join, a join nothing falls through to, and an operand
//      branching out past the operands before it, written through locals or
//      as returns. Whatever it costs: the caller ranks the result at its
//      price and keeps it only where the function is not dearer than the
//      input.
#include "passes/pipeline.h"

#include "cost/fncost.h"
#include "cost/ircost.h"
#include "cost/synth_limits.h"
#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"

#include "passes/add_sub_immediates.h"
#include "passes/block_values_as_sets.h"
#include "passes/boolean_sets.h"
#include "passes/branch_on_values.h"
#include "passes/branch_values_as_sets.h"
#include "passes/branches_as_br_ifs.h"
#include "passes/carried_values_for_synth.h"
#include "passes/constant_conditions.h"
#include "passes/covered_drops.h"
#include "passes/dropped_values.h"
#include "passes/exit_branches_as_returns.h"
#include "passes/if_values_as_sets.h"
#include "passes/ir_walk.h"
#include "passes/known_condition_values.h"
#include "passes/known_branch_values.h"
#include "passes/known_path_values.h"
#include "passes/merge_common_tails.h"
#include "passes/merge_equal_arms.h"
#include "passes/merge_return_tails.h"
#include "passes/place_single_entry_code.h"
#include "passes/shifted_conditions.h"
#include "passes/statements_above_branches.h"
#include "passes/statements_into_exits.h"
#include "passes/thread_constant_dispatch.h"
#include "passes/two_way_values_as_selects.h"
#include "passes/unused_local_declarations.h"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat {

namespace {

// Binaryen's own clean-up passes, run on each rewritten function.
// optimize-instructions folds what the restructuring passes introduce
// (remove-unused-brs turns block+br_if into if with an i32.eqz condition).
constexpr const char* kTidyPasses[] = {
    "simplify-locals",   "vacuum",          "remove-unused-brs",     "merge-blocks",
    "simplify-locals",   "coalesce-locals", "reorder-locals",        "optimize-instructions",
    "vacuum",            "remove-unused-brs", "merge-blocks",        "optimize-instructions",
    "vacuum",            "remove-unused-names",
};

// The first coalesce-locals of kTidyPasses: the unused local declarations
// of a fresh candidate are dropped just before it (step 1).
constexpr size_t kFirstCoalesce = 5;
static_assert(std::string_view(kTidyPasses[kFirstCoalesce]) == "coalesce-locals");

// Rounds of step 9 at most.
constexpr int kLocalRounds = 3;

// Step 11.0 runs on functions of at most this many instructions: the seam's
// dispatches are in small functions, and on a large one the pass's walk
// (a state per label) and its clean-up cost as much as the rest of the back
// half for a few instructions (docs/performance.md).
constexpr size_t kPathValuesMaxInstructions = 4000;

void runBinaryenPasses(BinaryenModuleRef module, BinaryenFunctionRef func, std::initializer_list<const char*> names) {
  std::vector<const char*> list(names);
  BinaryenFunctionRunPasses(func, module, list.data(), BinaryenIndex(list.size()));
}

// Branches on values where the cost model prices them no higher; the body
// is put back in func (the pass may replace its root).
void branchOnValuesIn(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  if (branchOnValues(module, body, branchOnValuesWhereCheaper(cm)) > 0) BinaryenFunctionSetBody(func, body);
}

// Step 8: block layout, and the labels it leaves unused merged away.
void placeCode(BinaryenModuleRef module, BinaryenFunctionRef func) {
  if (placeSingleEntryCode(module, BinaryenFunctionGetBody(func)) == 0) return;
  runBinaryenPasses(module, func, {"remove-unused-names", "merge-blocks"});
}

// func replaced by a function of the same name and signature with `body`
// and locals `vars` (Binaryen's C API cannot change a function's locals);
// it goes last in the module, where a temporary candidate is.
BinaryenFunctionRef replaceFunction(BinaryenModuleRef module, BinaryenFunctionRef func, BinaryenExpressionRef body,
                                    std::vector<BinaryenType> vars) {
  const std::string name = BinaryenFunctionGetName(func);
  const BinaryenType params = BinaryenFunctionGetParams(func), results = BinaryenFunctionGetResults(func);
  BinaryenRemoveFunction(module, name.c_str());
  return BinaryenAddFunction(module, name.c_str(), params, results, vars.data(), BinaryenIndex(vars.size()), body);
}

// Step 6. Without a new local the merged body goes in place; with one, the
// function is replaced by one with that local.
BinaryenFunctionRef mergeTails(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm,
                               TailExits exitKinds = TailExits::Returns) {
  BinaryenType params = BinaryenFunctionGetParams(func), results = BinaryenFunctionGetResults(func);
  auto merged = mergeReturnTails(module, BinaryenFunctionGetBody(func), results,
                                 BinaryenTypeArity(params) + BinaryenFunctionGetNumVars(func), cm, exitKinds);
  if (!merged) return func;
  if (!merged->newLocal) {
    BinaryenFunctionSetBody(func, merged->body);
    return func;
  }
  std::vector<BinaryenType> vars = functionVarTypes(func);
  vars.push_back(results);
  return replaceFunction(module, func, merged->body, std::move(vars));
}

// func's signature with `body` and locals `vars`, as the cost models read it.
FunctionShape shapeWith(BinaryenFunctionRef func, BinaryenExpressionRef body, std::vector<BinaryenType> vars) {
  return FunctionShape{BinaryenFunctionGetParams(func), BinaryenFunctionGetResults(func), std::move(vars), body};
}

// What the cost model says func would cost with `body` and locals `vars`
// (cost/fncost.h).
double priceWith(BinaryenFunctionRef func, BinaryenExpressionRef body, std::vector<BinaryenType> vars,
                 const CostModel& cm) {
  return functionCost(shapeWith(func, body, std::move(vars)), cm);
}

// A temporary function holding another version of func: its signature, with
// `body` and locals `vars`, named func's name followed by `suffix`; the
// caller removes it (keepCheaperTrial does).
BinaryenFunctionRef addTrial(BinaryenModuleRef module, BinaryenFunctionRef func, std::string_view suffix,
                             BinaryenExpressionRef body, std::vector<BinaryenType> vars) {
  const std::string name = std::string(BinaryenFunctionGetName(func)) + std::string(suffix);
  return BinaryenAddFunction(module, name.c_str(), BinaryenFunctionGetParams(func), BinaryenFunctionGetResults(func),
                             vars.data(), BinaryenIndex(vars.size()), body);
}

// What the cost model says the whole function costs.
double functionPrice(BinaryenFunctionRef func, const CostModel& cm) {
  return priceWith(func, BinaryenFunctionGetBody(func), functionVarTypes(func), cm);
}

// Whether a new version of a function (priced `newPrice`, body `newBody`)
// replaces the old one: it prices lower, and no higher by the expression
// estimate (a version whose clean-up reshapes the body, which at an equal
// price the t2 estimate reads higher on some shims).
bool replacesOldVersion(double newPrice, BinaryenExpressionRef newBody, double oldPrice, BinaryenExpressionRef oldBody,
                        const CostModel& cm) {
  return newPrice < oldPrice - 1e-9 && estimateCost(newBody, cm) <= estimateCost(oldBody, cm) + 1e-9;
}

// A function's price, computed once for trials against the same version
// of it (the caller forgets it when that version is replaced).
struct KnownPrice {
  std::optional<double> price;
  double of(BinaryenFunctionRef func, const CostModel& cm) {
    if (!price) price = functionPrice(func, cm);
    return *price;
  }
};

// Of func and `trial`, a temporary function holding another version of it:
// the trial, as func, where it replaces func (replacesOldVersion); else
// func. The trial is removed from the module either way. func's price is
// taken from `known` when given.
BinaryenFunctionRef keepCheaperTrial(BinaryenModuleRef module, BinaryenFunctionRef func, BinaryenFunctionRef trial,
                                     const CostModel& cm, KnownPrice* known = nullptr) {
  const std::string trialName = BinaryenFunctionGetName(trial);
  const double trialPrice = functionPrice(trial, cm);
  const double funcPrice = known ? known->of(func, cm) : functionPrice(func, cm);
  if (!replacesOldVersion(trialPrice, BinaryenFunctionGetBody(trial), funcPrice, BinaryenFunctionGetBody(func), cm)) {
    BinaryenRemoveFunction(module, trialName.c_str());
    return func;
  }
  std::vector<BinaryenType> vars = functionVarTypes(trial);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(trial);
  BinaryenRemoveFunction(module, trialName.c_str());
  return replaceFunction(module, func, body, std::move(vars));
}

// Runs `step` (true when it changed the body) and keeps its result only
// where the cost model prices the whole function no higher than before.
// Both are priced only when the step changed something: the old body is
// priced from its copy, with the locals the function had. The callers whose
// step has a find-only check (a pass's ...Applies) call this only where it
// says the step changes something, so the copy is made only there.
template <class Step>
void keepUnlessDearer(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm, Step&& step) {
  BinaryenExpressionRef before = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> varsBefore = functionVarTypes(func);
  if (!step()) return;
  if (functionPrice(func, cm) > priceWith(func, before, std::move(varsBefore), cm) + 1e-9)
    BinaryenFunctionSetBody(func, before);
}

// branchValuesAsSets and the merges it makes possible; true when it changed
// the body.
bool setBranchValues(BinaryenModuleRef module, BinaryenFunctionRef func) {
  if (branchValuesAsSets(module, func) == 0) return false;
  runBinaryenPasses(module, func, {"merge-blocks", "remove-unused-names"});
  return true;
}

// Step 11d2: mergeReturnTails again, on a copy of func: threading and the
// finish leave exits that run the same statements and return different
// values; the copy replaces func where it prices lower and no higher by the
// expression estimate. Returns the function, replaced or not.
BinaryenFunctionRef mergeTailsAgain(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (!mergeReturnTailsApplies(module, BinaryenFunctionGetBody(func), BinaryenFunctionGetResults(func), cm,
                               TailExits::ReturnsAndEndBranches))
    return func;
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func);
  BinaryenFunctionRef trial = addTrial(module, func, "$eqsat.tails", body, vars);
  BinaryenFunctionRef merged = mergeTails(module, trial, cm, TailExits::ReturnsAndEndBranches);
  runBinaryenPasses(module, merged, {"merge-blocks", "remove-unused-names", "vacuum"});
  // The merged value lives in a local across the shared statements, calls
  // mostly, where synth's register choice adds what the estimate does not
  // see: kept only where the keep decision's own test passes too.
  auto shape = [](BinaryenFunctionRef f) { return shapeWith(f, BinaryenFunctionGetBody(f), functionVarTypes(f)); };
  if (!cheaperOnTarget(targetCost(shape(merged), cm), targetCost(shape(func), cm))) {
    BinaryenRemoveFunction(module, BinaryenFunctionGetName(merged));
    return func;
  }
  return keepCheaperTrial(module, func, merged, cm);
}

// Step 11e3: mergeCommonTails on a copy of func, cleaned up; the copy
// replaces func where it prices lower and no higher by the expression
// estimate. Returns the function, replaced or not.
BinaryenFunctionRef mergeCommonTailsIn(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  const BinaryenType results = BinaryenFunctionGetResults(func);
  if (!mergeCommonTailsApplies(BinaryenFunctionGetBody(func), results, cm)) return func;
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func), added;
  const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(func));
  if (mergeCommonTails(module, body, results, params + BinaryenIndex(vars.size()), added, cm) == 0) return func;
  vars.insert(vars.end(), added.begin(), added.end());
  BinaryenFunctionRef trial = addTrial(module, func, "$eqsat.suffix", body, vars);
  runBinaryenPasses(module, trial, {"merge-blocks", "remove-unused-names", "coalesce-locals", "vacuum"});
  return keepCheaperTrial(module, func, trial, cm);
}

// Step 11c: ifValuesAsSets on a copy of func, cleaned up; the copy replaces
// func where it prices lower and no higher by the expression estimate.
// Returns the function, replaced or not.
BinaryenFunctionRef setIfValues(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (!ifValuesAsSetsApplies(BinaryenFunctionGetBody(func))) return func;
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func), added;
  const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(func));
  if (ifValuesAsSets(module, body, params + BinaryenIndex(vars.size()), added) == 0) return func;
  vars.insert(vars.end(), added.begin(), added.end());
  BinaryenFunctionRef trial = addTrial(module, func, "$eqsat.ifset", body, vars);
  runBinaryenPasses(module, trial, {"simplify-locals-nostructure", "coalesce-locals", "merge-blocks", "vacuum"});
  return keepCheaperTrial(module, func, trial, cm);
}

// Step 11b2 one way: blockValuesAsSets on a copy of func, with the constant
// set first taken as `first` says, cleaned up; the copy replaces func where
// it prices lower and no higher by the expression estimate. The caller has
// checked that it applies (blockValuesAsSetsFind). Returns the function,
// replaced or not.
BinaryenFunctionRef setBlockValues(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm,
                                   ConstantFirst first, KnownPrice& known) {
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func), added;
  const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(func));
  if (blockValuesAsSets(module, body, params + BinaryenIndex(vars.size()), added, first) == 0) return func;
  vars.insert(vars.end(), added.begin(), added.end());
  BinaryenFunctionRef trial = addTrial(module, func, "$eqsat.blockset", body, vars);
  runBinaryenPasses(module, trial, {"simplify-locals-nostructure", "coalesce-locals", "remove-unused-brs",
                                    "merge-blocks", "vacuum", "remove-unused-names"});
  // The clean-up's remove-unused-brs writes (block $p (br_if $p x) A) back
  // as (if (i32.eqz x) A), whose eqz synth computes (as after steps 0 and
  // a); turned again before the trial is priced, which step e would make a
  // (br_if $l (i32.eqz x)) where A only branches.
  branchOnValuesIn(module, trial, cm);
  return keepCheaperTrial(module, func, trial, cm, &known);
}

// Steps 11c2 and 3: twoWayValuesAsSelects where it applies, kept unless
// the function then prices higher.
void selectTwoWayValues(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (!twoWayValuesAsSelectsApplies(BinaryenFunctionGetBody(func))) return;
  keepUnlessDearer(module, func, cm, [&] { return twoWayValuesAsSelects(module, BinaryenFunctionGetBody(func)) > 0; });
}

// Step 11b2: setBlockValues with the fallthrough's constant first, then
// with a branch's. Where the first trial was refused and no block carries a
// constant both ways, the second would make the same trial and be refused
// the same way, so it is not made. Returns the function, replaced or not.
BinaryenFunctionRef setBlockValuesBothWays(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  const BinaryenExpressionRef bodyBefore = BinaryenFunctionGetBody(func);
  const BlockValuesFound found = blockValuesAsSetsFind(bodyBefore);
  if (found.sets == 0) return func;
  KnownPrice known;
  func = setBlockValues(module, func, cm, ConstantFirst::Fallthrough, known);
  // A kept trial's body is a new expression; a refused one leaves func's.
  const bool refused = BinaryenFunctionGetBody(func) == bodyBefore;
  if (refused && found.eitherConstant == 0) return func;
  if (!refused && !blockValuesAsSetsApplies(BinaryenFunctionGetBody(func))) return func;
  if (!refused) known.price.reset();
  return setBlockValues(module, func, cm, ConstantFirst::Branch, known);
}

// exitBranchesAsReturns and the labels it leaves unused; true when it
// changed the body.
bool returnExits(BinaryenModuleRef module, BinaryenFunctionRef func) {
  if (exitBranchesAsReturns(module, BinaryenFunctionGetBody(func)) == 0) return false;
  runBinaryenPasses(module, func, {"remove-unused-names"});
  return true;
}

// Keeps what `step` does only where the result replaces the function as it
// was (replacesOldVersion); otherwise the function goes back to its old body
// and locals (the clean-up may renumber them) and is then a new function,
// returned.
template <class Step>
BinaryenFunctionRef keepFunctionUnlessDearer(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm,
                                             Step&& step) {
  BinaryenExpressionRef before = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func);
  if (!step()) return func;
  // The old function priced from its copy, as in keepUnlessDearer.
  if (replacesOldVersion(functionPrice(func, cm), BinaryenFunctionGetBody(func), priceWith(func, before, vars, cm),
                         before, cm))
    return func;
  return replaceFunction(module, func, before, std::move(vars));
}

// Step 11.0: conditions the path to them decides folded, the arms they
// leave dead removed and the sets only those arms read with them; true
// when it changed the body.
bool foldPathConditions(BinaryenModuleRef module, BinaryenFunctionRef func) {
  bool changed = false;
  // A second round sees what the clean-up freed: an index whose tee only
  // the folded tests read is pure once simplify-locals drops it.
  for (int round = 0; round < 2; ++round) {
    if (knownPathValues(module, func, KnownPathValuesUse::Conditions) == 0) break;
    constantConditions(module, BinaryenFunctionGetBody(func));
    runBinaryenPasses(module, func, {"precompute", "dce", "vacuum", "remove-unused-brs", "merge-blocks",
                                      "simplify-locals-nostructure", "coalesce-locals", "vacuum", "remove-unused-names"});
    changed = true;
  }
  return changed;
}

// Finish step 2: addSubImmediates, undone unless the function then prices
// lower.
void writeAddSubImmediates(BinaryenFunctionRef func, const CostModel& cm) {
  const std::vector<BinaryenExpressionRef> found = negativeAddSubImmediates(BinaryenFunctionGetBody(func));
  if (found.empty()) return;
  const double before = functionPrice(func, cm);
  flipAddSub(found);
  if (functionPrice(func, cm) >= before - 1e-9) flipAddSub(found);
}

// Step 11e2: statementsAboveBranches on a copy of func, cleaned up; the copy
// replaces func where it prices lower and no higher by the expression
// estimate. Returns the function, replaced or not.
BinaryenFunctionRef hoistStatements(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (!statementsAboveBranchesApplies(BinaryenFunctionGetBody(func))) return func;
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  std::vector<BinaryenType> vars = functionVarTypes(func), added;
  const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(func));
  if (statementsAboveBranches(module, body, params + BinaryenIndex(vars.size()), added) == 0) return func;
  vars.insert(vars.end(), added.begin(), added.end());
  BinaryenFunctionRef trial = addTrial(module, func, "$eqsat.hoist", body, vars);
  runBinaryenPasses(module, trial, {"vacuum", "merge-blocks", "remove-unused-names"});
  return keepCheaperTrial(module, func, trial, cm);
}

// Step 11f: func without the i64 declarations the steps before left unused
// (replaced when there are any).
BinaryenFunctionRef withoutUnusedI64Declarations(BinaryenModuleRef module, BinaryenFunctionRef func) {
  std::vector<BinaryenType> vars = functionVarTypes(func);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  if (unusedDeclarationsOfType(body, BinaryenTypeArity(BinaryenFunctionGetParams(func)), vars, BinaryenTypeInt64()) ==
      0)
    return func;
  return replaceFunction(module, func, body, std::move(vars));
}

// Step 11: conditions the path decides folded; then branches on known
// values resolved and the code they make dead removed, then branch
// polarity, then branch values as sets, then block values as sets, then if
// values as sets, then exits as returns, then branches as br_ifs; each kept
// unless it prices higher (the clean-up passes after step 0 renumber no
// locals, so the old body still fits). Returns the function, replaced when step 0 is undone.
BinaryenFunctionRef finishBranches(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (countInstructions(BinaryenFunctionGetBody(func)) <= kPathValuesMaxInstructions)
    func = keepFunctionUnlessDearer(module, func, cm, [&] { return foldPathConditions(module, func); });
  keepUnlessDearer(module, func, cm, [&] {
    const unsigned known = knownConditionValues(module, func);
    if (constantConditions(module, BinaryenFunctionGetBody(func)) + known == 0) return false;
    runBinaryenPasses(module, func, {"dce", "vacuum", "remove-unused-brs", "merge-blocks", "remove-unused-names"});
    return true;
  });
  // Step a1: conditions that shift a boolean (a flag shifted into the action,
  // once threading and step a leave the branch on it) test the boolean.
  shiftedConditions(BinaryenFunctionGetBody(func));
  // Step a2: the remove-unused-brs of steps 0 and a write a br_if over code
  // as (if (i32.eqz x) ...) again; before branchesAsBrIfs makes such an if
  // that only branches a br_if on the eqz.
  branchOnValuesIn(module, func, cm);
  if (branchValuesAsSetsApplies(func))
    keepUnlessDearer(module, func, cm, [&] { return setBranchValues(module, func); });
  func = setBlockValuesBothWays(module, func, cm);
  func = setIfValues(module, func, cm);
  selectTwoWayValues(module, func, cm);
  if (exitBranchesAsReturnsApplies(BinaryenFunctionGetBody(func)))
    keepUnlessDearer(module, func, cm, [&] { return returnExits(module, func); });
  func = mergeTailsAgain(module, func, cm);
  if (branchesAsBrIfsApplies(BinaryenFunctionGetBody(func)))
    keepUnlessDearer(module, func, cm,
                     [&] { return branchesAsBrIfs(module, BinaryenFunctionGetBody(func)) > 0; });
  if (countInstructions(BinaryenFunctionGetBody(func)) <= kPathValuesMaxInstructions)
    func = hoistStatements(module, func, cm);
  func = mergeCommonTailsIn(module, func, cm);
  return withoutUnusedI64Declarations(module, func);
}

} // namespace

void runTidyPasses(BinaryenModuleRef module, BinaryenFunctionRef func) {
  BinaryenFunctionRunPasses(func, module, const_cast<const char**>(kTidyPasses), BinaryenIndex(std::size(kTidyPasses)));
}

std::vector<BinaryenType> functionVarTypes(BinaryenFunctionRef func) {
  std::vector<BinaryenType> v;
  for (BinaryenIndex i = 0, n = BinaryenFunctionGetNumVars(func); i < n; ++i) v.push_back(BinaryenFunctionGetVar(func, i));
  return v;
}

namespace {

// Step 1: the tidy passes, with the declarations no local.get or local.set
// names dropped before coalesce-locals (passes/unused_local_declarations.h:
// the same result, with matrices the size of the locals kept). Returns the
// function, replaced when declarations were dropped.
BinaryenFunctionRef tidyFreshCandidate(BinaryenModuleRef module, BinaryenFunctionRef func) {
  BinaryenFunctionRunPasses(func, module, const_cast<const char**>(kTidyPasses), BinaryenIndex(kFirstCoalesce));
  std::vector<BinaryenType> vars = functionVarTypes(func);
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  if (unusedLocalDeclarations(body, BinaryenTypeArity(BinaryenFunctionGetParams(func)), vars) > 0)
    func = replaceFunction(module, func, body, std::move(vars));
  BinaryenFunctionRunPasses(func, module, const_cast<const char**>(kTidyPasses + kFirstCoalesce),
                            BinaryenIndex(std::size(kTidyPasses) - kFirstCoalesce));
  return func;
}

} // namespace

BinaryenFunctionRef runTidyStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  func = tidyFreshCandidate(module, func);
  if (threadConstantDispatch(module, BinaryenFunctionGetBody(func), DispatchesThreaded::BlockResults) > 0)
    runTidyPasses(module, func);
  branchOnValuesIn(module, func, cm);
  // Step 3b; a block it merges away can leave an early return as a br
  // carrying the result, which synth declines: those become returns here
  // too (the candidate without the fold stage has no step 11c).
  if (branchValuesAsSetsApplies(func)) keepUnlessDearer(module, func, cm, [&] {
    if (!setBranchValues(module, func)) return false;
    returnExits(module, func);
    return true;
  });
  return func;
}

namespace {

// Steps 4-11.
BinaryenFunctionRef foldSteps(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  runBinaryenPasses(module, func, {"code-folding"});
  mergeEqualArms(module, BinaryenFunctionGetBody(func), cm);
  func = mergeTails(module, func, cm);
  booleanSets(module, BinaryenFunctionGetBody(func));
  placeCode(module, func);
  for (int round = 0; round < kLocalRounds &&
                      threadConstantDispatch(module, BinaryenFunctionGetBody(func),
                                             DispatchesThreaded::BlockResultsAndLocals) > 0;
       ++round) {
    runTidyPasses(module, func);
    branchOnValuesIn(module, func, cm);
    placeCode(module, func);
  }
  unsigned changed = knownBranchValues(module, BinaryenFunctionGetBody(func));
  changed += droppedValues(module, BinaryenFunctionGetBody(func));
  changed += coveredDrops(module, BinaryenFunctionGetBody(func));
  if (changed > 0) runBinaryenPasses(module, func, {"simplify-locals", "coalesce-locals", "vacuum"});
  return finishBranches(module, func, cm);
}

// Step 0: a copy of func with statementsIntoExits applied and the tidy stage
// run again on it (threading then sees the dispatch next to its set);
// nullptr when the pass finds nothing to copy.
BinaryenFunctionRef withStatementsInExits(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (!statementsIntoExitsApplies(module, BinaryenFunctionGetBody(func))) return nullptr;
  BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(func), module);
  statementsIntoExits(module, body);
  return runTidyStage(module, addTrial(module, func, "$eqsat.exits", body, functionVarTypes(func)), cm);
}

} // namespace

BinaryenFunctionRef runFoldStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  BinaryenFunctionRef trial = withStatementsInExits(module, func, cm);
  func = foldSteps(module, func, cm);
  if (!trial) return func;
  trial = foldSteps(module, trial, cm);
  // The copied statements kept only where they make the function cheaper,
  // and no dearer by the expression estimate the caller compares the fold
  // stage with.
  return keepCheaperTrial(module, func, trial, cm);
}

namespace {

// Whether `e`, a block's last child, is an unconditional br to that block's
// end (`name`).
bool isBranchToEnd(BinaryenExpressionRef e, std::string_view name) {
  return exprKind(e) == ExprKind::Break && !BinaryenBreakGetCondition(e) && name == BinaryenBreakGetName(e);
}

// What finish step 1 looks for in a body: blocks that end in a branch to
// their own end, and for each local the sets and the reads of it, counting
// apart the reads inside the value of one of its own sets (x = f(x)).
struct CleanUpScan {
  bool branchToOwnEnd = false;
  std::vector<unsigned> gets, ownValueGets, sets;  // per local index, grown as indices are seen
  std::vector<BinaryenIndex> enclosingSets;        // the locals set by the sets being walked

  static void count(std::vector<unsigned>& counts, BinaryenIndex local) {
    if (counts.size() <= local) counts.resize(local + 1, 0);
    ++counts[local];
  }
  void walk(BinaryenExpressionRef e) {
    const ExprKind id = exprKind(e);
    if (id == ExprKind::LocalGet) {
      const BinaryenIndex x = BinaryenLocalGetGetIndex(e);
      count(gets, x);
      if (std::find(enclosingSets.begin(), enclosingSets.end(), x) != enclosingSets.end()) count(ownValueGets, x);
      return;
    }
    if (id == ExprKind::Block && BinaryenBlockGetName(e) && BinaryenBlockGetNumChildren(e) > 0)
      branchToOwnEnd = branchToOwnEnd || isBranchToEnd(BinaryenBlockGetChildAt(e, BinaryenBlockGetNumChildren(e) - 1),
                                                       BinaryenBlockGetName(e));
    const bool isSet = id == ExprKind::LocalSet;
    if (isSet) {
      count(sets, BinaryenLocalSetGetIndex(e));
      enclosingSets.push_back(BinaryenLocalSetGetIndex(e));
    }
    forEachChild(e, [this](BinaryenExpressionRef child) { walk(child); });
    if (isSet) enclosingSets.pop_back();
  }
};

// Whether `body` has what finish step 1 is for: a block that ends in a
// branch to its own end, or a local set that nothing reads but the values
// of that local's own sets (the steps before can remove the last read of a
// local that coalescing gave to a parameter read where it is set).
bool leftForCleanUp(BinaryenExpressionRef body) {
  CleanUpScan scan;
  scan.walk(body);
  if (scan.branchToOwnEnd) return true;
  scan.ownValueGets.resize(scan.gets.size(), 0);
  for (size_t i = 0; i < scan.sets.size(); ++i)
    if (scan.sets[i] > 0 && (i >= scan.gets.size() || scan.gets[i] == scan.ownValueGets[i])) return true;
  return false;
}

} // namespace

bool finishStageApplies(BinaryenExpressionRef body) {
  return leftForCleanUp(body) || !negativeAddSubImmediates(body).empty();
}

BinaryenFunctionRef runFinishStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm) {
  if (leftForCleanUp(BinaryenFunctionGetBody(func))) func = keepFunctionUnlessDearer(module, func, cm, [&] {
    runBinaryenPasses(module, func, {"remove-unused-brs", "vacuum", "coalesce-locals"});
    if (droppedValues(module, BinaryenFunctionGetBody(func)) > 0)
      runBinaryenPasses(module, func, {"vacuum", "remove-unused-brs"});
    runBinaryenPasses(module, func, {"vacuum", "simplify-locals", "coalesce-locals", "vacuum"});
    return true;
  });
  writeAddSubImmediates(func, cm);
  selectTwoWayValues(module, func, cm);
  return func;
}

BinaryenFunctionRef runSynthRepair(BinaryenModuleRef module, BinaryenFunctionRef func) {
  if (synthShapes(BinaryenFunctionGetBody(func)).switchOnConstant) runBinaryenPasses(module, func, {"precompute"});
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  std::vector<BinaryenType> vars = functionVarTypes(func), added;
  const BinaryenIndex params = BinaryenTypeArity(BinaryenFunctionGetParams(func));
  if (carriedValuesForSynth(module, body, BinaryenFunctionGetResults(func), params + BinaryenIndex(vars.size()), added) ==
      0)
    return func;
  if (added.empty()) {
    BinaryenFunctionSetBody(func, body);
    return func;
  }
  vars.insert(vars.end(), added.begin(), added.end());
  return replaceFunction(module, func, body, std::move(vars));
}

} // namespace eqsat
