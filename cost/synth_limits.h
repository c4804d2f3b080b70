// Shapes synth, the Cortex-M backend after eqsat-wasm, declines to compile.
//
// A function synth declines does not build at all. synthShapes finds, in one
// walk, the shapes synth declines in every function (an i64 carried over a
// branch) and those it declines in some functions only, depending on what its
// register allocator holds (docs/cost-models.md, "What synth declines"). It is
// conservative: a body it finds none in compiles as far as these shapes go; a
// body it flags may still compile. Under the models of synth, chooseBestBody
// (module/candidates.cpp) never returns a candidate with a flagged shape as it
// is: the cheapest is repaired (passes/carried_values_for_synth.h) where it
// ranks before every candidate without one, and ranked at its repaired price.
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

struct SynthShapes {
  // A br, br_if or br_table that carries an i64 value to its target: synth
  // says "#509: an i64 value carried over a br/br_if/br_table is not yet
  // supported" in every function. Binaryen's simplify-locals and
  // remove-unused-brs make such branches out of an i64 local assigned on
  // several paths.
  bool i64Carried = false;
  // A call's result (through tees) carried by a branch into the join of a
  // block: "#509: an i64 value carried over a br", depending on what synth's
  // allocator holds at the call. (A call's result falling through to such a
  // join is declined in some functions and compiled in others, and is not
  // flagged: docs/cost-models.md.)
  bool callResultAtJoin = false;
  // A block that a branch carries a value to and whose end nothing falls
  // through to: synth reads a stale value as the fall-through ("#509: i64
  // fall-through ..." or "JoinValueNotAvailable").
  bool deadEndJoin = false;
  // An operand holding a br_if out of it after an operand before it other
  // than a constant, whose value synth holds across the branch
  // ("JoinValueNotAvailable"). (The same with a br or br_table out, or
  // constants before, synth has compiled: docs/cost-models.md.)
  bool operandBranchesOut = false;
  // A br_table whose index is a constant expression ("JoinValueNotAvailable").
  bool switchOnConstant = false;

  bool any() const { return i64Carried || callResultAtJoin || deadEndJoin || operandBranchesOut || switchOnConstant; }
};

// The shapes in `body`. The operands of an expression kind ir/forEachChild
// does not know (SIMD, bulk memory, atomics) are not looked into: they hold
// no branch in what eqsat-wasm emits.
// With `joins`, the blocks whose joins have one of the first three shapes
// are appended to it (what the synth repair rewrites).
SynthShapes synthShapes(BinaryenExpressionRef body, std::vector<BinaryenExpressionRef>* joins = nullptr);

// Control flow that leaves a value (a block, if or loop of a value type),
// where synth's allocator holds values across a join: the shapes behind most
// of its declines that no rule above predicts (register exhaustion of i64
// pairs, "JoinValueNotAvailable"). `inOperands` counts those that are an
// operand of another expression (a call's argument, an operator's input, a
// condition) rather than the value of a local.set, a return, a drop or a block.
struct ValueJoins {
  size_t total = 0;
  size_t inOperands = 0;
};
ValueJoins valueJoins(BinaryenExpressionRef body);

// synthShapes(body).i64Carried.
bool carriesI64OverBranch(BinaryenExpressionRef body);

// Whether `e` is a call's result, possibly through tees (the value of the
// call-result shape; the synth repair looks for the same).
bool isCallResult(BinaryenExpressionRef e);

} // namespace eqsat
