// Pass carriedValuesForSynth: values carried into a block's join, and
// operands branching out, in forms synth, the Cortex-M backend run after us,
// accepts (docs/cost-models.md, "What synth declines").
//
// synth gives a block that a branch carries a value to a designated result
// register; each edge moves its value there. It declines or fails on:
//
// - an i64 carried by a br or br_if ("#509: an i64 value carried over a br");
// - a call's result carried straight into an i32 block's join by a branch:
//   depending on what its register allocator holds at the call, synth tags
//   the result as an i64 ("#509: an i64 value carried over a br"); a call
//   falling through to such a join is rewritten with the block (returned),
//   but alone does not make the block rewritten (cost/synth_limits.h);
// - a value block whose end nothing falls through to: synth reads a stale
//   value as the fall-through ("#509: i64 fall-through ...", or its join
//   check "JoinValueNotAvailable").
//
// Such a block gives its value through a local, or returns it where the
// block ends the function (all its branches then return, and a call at its
// end; only without a br_if carrying a value):
//
//   before: (local.set $x (block $b (result i32) ... (br $b V) ... (br $out)))
//   after:  (block $b ... (local.set $x V) (br $b) ... (br $out))
//     (the local the block is set to, when no br_if carries a value, whose
//      value also flows on; else a fresh one read after the block:
//      (block (result T) (block $b ... (local.set $t V) (br_if $b C) ...) (local.get $t)))
//
//   before: (func (result i32) ... (block $b (result i32) ... (br $b (call $f)) ... (call $g)))
//   after:  (func (result i32) ... (block $b (result i32) ... (return (call $f)) ... (return (call $g))))
//
// - an operand holding a branch out of it after operands synth holds on its
//   stack across that branch ("JoinValueNotAvailable"): set to a local first
//   (hoistBranchingOperand below).
//
// Each costs a set and a get, or a return, more than the form it replaces:
// used only on the cheapest candidate with one of these shapes, where it
// ranks before every candidate without one (runSynthRepair,
// passes/pipeline.cpp; emitBestBody, module/optimize.cpp); only the joins
// and operands synthShapes (cost/synth_limits.h) flags are rewritten. A block a br_table carries a value to is left alone
// (its other targets would need the same local).
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Rewrites `body` of a function with result type `results` in place (the
// root itself may be replaced: the new root is returned through `body`);
// new locals are numbered from `firstFreeLocal` and their types appended to
// `added`. Returns the number of blocks rewritten.
unsigned carriedValuesForSynth(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenType results,
                               BinaryenIndex firstFreeLocal, std::vector<BinaryenType>& added);

} // namespace eqsat
