// Pass constantConditions: a branch on a constant goes the one way it can.
//
//   before: (br_if $l (i32.const 0))          after: (nop)
//   before: (br_if $l V (i32.const 1))        after: (br $l V)
//   before: (if (i32.const 0) A B)            after: B
//   before: (br_table $a $b $c V (i32.const 1)) after: (br $b V)
//
// (a br_if on 0 with a value is that value). Threading and the local
// clean-ups after it can leave a dispatch whose condition is now a constant:
// simplify-locals puts a constant set just before into the br_if, and none
// of Binaryen's tidy passes folds it (their precompute is not among them).
// The code after a branch made unconditional is dead; the caller runs
// Binaryen's dce when this pass changed anything.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branches resolved.
unsigned constantConditions(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
