// Pass addSubImmediates: an addition or subtraction of a negative constant
// whose magnitude Thumb-2 takes as an immediate is the other operation on
// that magnitude.
//
//   before: (i32.sub (local.get $q) (i32.const -64))
//   after:  (i32.add (local.get $q) (i32.const 64))
//
//   before: (i64.add (local.get $n) (i64.const -1))
//   after:  (i64.sub (local.get $n) (i64.const 1))
//
// Binaryen's optimize-instructions writes a constant operand of an addition
// in whichever sign is shorter in LEB128 (x + 64 as x - -64). synth's ADDW
// and SUBW take only 0..4095 as the immediate, so the negative one is first
// materialised (MOVW+MVN, two instructions more; for i64 also its high word).
// The pipeline runs this after the last optimize-instructions of a stage and
// undoes it where the function then prices higher (cost/fncost.h: under
// wasm-bytes, Binaryen's form is the shorter one).
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// The additions and subtractions in `body` whose right operand is a constant
// in -4095..-1 (i32 or i64).
std::vector<BinaryenExpressionRef> negativeAddSubImmediates(BinaryenExpressionRef body);

// Writes each of `binaries` (as found above) as the other operation on the
// negated constant, in place; applying it twice restores them.
void flipAddSub(const std::vector<BinaryenExpressionRef>& binaries);

} // namespace eqsat
