// Pass shiftedConditions: a condition that shifts a boolean left tests the
// boolean itself.
//
//   before: (br_if $l (i32.shl (i32.eq (local.get $a) (i32.const 16)) (i32.const 1)))
//   after:  (br_if $l (i32.eq (local.get $a) (i32.const 16)))
//
// A boolean (a compare or an eqz: 0 or 1) shifted left by any amount (taken
// mod 32) is non-zero exactly when the boolean is: bit 0 moves to bit k <= 31
// and stays. The seam leaves this where a flag shifted into the action's bit
// is branched on once the action's dispatch is threaded. Conditions of `if`
// and `br_if`, and the operand of `i32.eqz`; the boolean may be a
// `local.tee` of one (the tee stays). Not a `select`'s condition: synth fuses
// a compare into a select only in the last basic block, and elsewhere the
// whole-function refinement prices the bare compare dearer (cost/fncost.cpp).
// A shift by a non-constant amount is left alone.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of shifts removed.
unsigned shiftedConditions(BinaryenExpressionRef body);

} // namespace eqsat
