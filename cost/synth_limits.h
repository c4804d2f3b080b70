// Shapes synth, the Cortex-M backend after eqsat-wasm, declines to compile.
//
// A function synth declines does not build at all, so a rewritten body must
// not introduce such a shape where the function read had none; where the
// input already has one, a candidate without it is preferred
// (chooseBestBody, module/candidates.cpp). Only shapes that synth declines on
// every input are listed here, each with synth's message.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// A br, br_if or br_table that carries an i64 value to its target: synth
// says "#509: an i64 value carried over a br/br_if/br_table is not yet
// supported". Binaryen's simplify-locals and remove-unused-brs make such
// branches out of an i64 local assigned on several paths. The operands of an
// expression kind ir/forEachChild does not know (SIMD, bulk memory, atomics)
// are not looked into: they hold no branch in what eqsat-wasm emits.
bool carriesI64OverBranch(BinaryenExpressionRef body);

} // namespace eqsat
