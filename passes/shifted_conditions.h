// Pass shiftedConditions: a condition that moves a boolean's bit by shifts
// tests the boolean itself, and where that boolean compares a value with
// zero, the value.
//
//   before: (br_if $l (i32.shl (i32.eq (local.get $a) (i32.const 16)) (i32.const 1)))
//   after:  (br_if $l (i32.eq (local.get $a) (i32.const 16)))
//
//   before: (br_if $l (i32.shr_u (i32.shl (i32.ne (local.get $a) (i32.const 0)) (i32.const 24)) (i32.const 23)))
//   after:  (br_if $l (local.get $a))
//
// A boolean (a compare or an eqz: 0 or 1) shifted left by any amount (taken
// mod 32) is non-zero exactly when the boolean is: bit 0 moves to bit k <= 31
// and stays; a right shift by m <= k after it moves the bit to k - m, where
// it stays too. (i32.ne v (i32.const 0)) so uncovered is non-zero exactly
// when v is (one not under a shift stays: the polarity steps after this
// pass read it). The
// seam leaves these where a flag shifted into the action's bit is branched
// on once the action's dispatch is threaded, and where a field of the pack
// the action shares a word with is read as (pack >> s) & mask. Conditions of
// `if` and `br_if`, and the operand of `i32.eqz`; the boolean may be a
// `local.tee` of one (the tee stays). Not a `select`'s condition: synth fuses
// a compare into a select only in the last basic block, and elsewhere the
// whole-function refinement prices the bare compare dearer (cost/fncost.cpp).
// A shift by a non-constant amount is left alone.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of conditions made simpler (a shift pair counts once).
unsigned shiftedConditions(BinaryenExpressionRef body);

} // namespace eqsat
