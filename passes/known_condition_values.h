// Pass knownConditionValues: branches on a value whose few possible values
// are known go only where those values can.
//
//   before: (br_table $a $b $c $d $e (i32.shl (local.tee $f (i32.gt_u X Y)) (i32.const 2)))
//   after:  (br_if $e (i32.shl (local.tee $f (i32.gt_u X Y)) (i32.const 2))) (br $a)
//
//   before: (if (i32.eq (local.get $f) (i32.const 3)) A)       ;; $f only ever 0 or 1
//   after:  (drop ...) [A is gone]
//
// The possible values of an i32 come from its shape: a constant, a compare
// (0 or 1), a select of known values, an operator over known values, a mask
// with few bits, an unnamed block's last value, and a local that is not a
// parameter, from all the values set to it (and 0, its value before the
// first set). Once the seam is
// dissolved, a decide's return sites leave such an action (`gt << 2`,
// `(~(y >> 30)) & 2`), and the shim's dispatch has arms for actions it
// cannot hold, which LLVM deletes after inlining:
// - a br_table reaching one target becomes a br, reaching two of which one
//   only by 0 a br_if and a br (also when the index is X - c and X = 0 alone
//   reaches one: the br_if tests X); otherwise the table is cut after its
//   largest possible index and entries no value reaches go to the default;
// - an if or br_if whose condition is known zero or known non-zero has the
//   constant as its condition (the condition's effects kept before it).
// The targets no branch reaches any more are dead; the caller runs
// constantConditions and Binaryen's dce after this pass.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites the body of `func` in place; returns the number of branches changed.
unsigned knownConditionValues(BinaryenModuleRef module, BinaryenFunctionRef func);

} // namespace eqsat
