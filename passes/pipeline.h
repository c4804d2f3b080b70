// The post-emission pipeline: the one place that says in which order the
// passes of passes/ and Binaryen's own run on an emitted function body, and
// why (passes/pipeline.cpp lists them). module/optimize.cpp emits each
// candidate body into a temporary function and runs the two stages on it:
//
//   runTidyStage  every candidate: Binaryen's clean-up passes, jump threading
//                 of dispatches on block results, branches on values;
//   runFoldStage  a candidate the caller keeps only when it prices no higher
//                 after it: shared tails, equal arms, boolean sets, block
//                 layout and the dispatches on locals that layout lines up.
//   runFinishStage the candidate chosen: the clean-ups the fold stage's last
//                 steps leave, and constant addends as immediates.
//   runSynthRepair under a model of synth, the cheapest candidate with a
//                 shape synth may decline, where it ranks first.
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Binaryen's clean-up passes (simplify-locals, coalesce-locals,
// optimize-instructions, vacuum, ...) on `func`, in the module `module`.
void runTidyPasses(BinaryenModuleRef module, BinaryenFunctionRef func);

// The types of func's locals after its parameters.
std::vector<BinaryenType> functionVarTypes(BinaryenFunctionRef func);

// The tidy stage on `func`, in place (its body may be replaced). Returns the
// function that holds the result: `func`, or a function of the same name
// that replaced it with fewer declared locals.
BinaryenFunctionRef runTidyStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm);

// The fold stage on `func`. Returns the function that holds the result:
// `func`, or a function of the same name that replaced it when a pass needed
// a new local (Binaryen's C API cannot add a local to a function).
BinaryenFunctionRef runFoldStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm);

// Whether the finish stage has anything to do on `body` (it changes nothing
// otherwise).
bool finishStageApplies(BinaryenExpressionRef body);
// The finish stage on `func`, the chosen candidate; returns the function
// that holds the result, as runFoldStage.
BinaryenFunctionRef runFinishStage(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm);

// The synth repair on `func` (pipeline.cpp): the shapes synth may decline
// (cost/synth_limits.h) written in forms it accepts, whatever they cost.
// Returns the function that holds the result, as runFoldStage.
BinaryenFunctionRef runSynthRepair(BinaryenModuleRef module, BinaryenFunctionRef func);

} // namespace eqsat
