// Pass twoWayValuesAsSelects: a block whose last two statements give a local
// (or the block's value) one of two cheap values, the first when a condition
// holds and jumping past the second, gives it a select of the two.
//
//   before: (block $l                          after: (block $l
//             ...                                       ...
//             (if C (block (local.set $x A)            (local.set $x (select A B C)))
//                          (br $l)))
//             (local.set $x B))
//
//   before: (block $l (result i32)             after: (block $l (result i32)
//             ...                                       ...
//             (if C (br $l A))                          (select A B C))
//             B)
//
//   before: (block $l                          after: (block $l
//             ...                                       ...
//             (block $m                                 (local.set $x (select A B C)))
//               (block $n (br_if $n C) (br $m))
//               (local.set $x A)
//               (br $l))
//             (local.set $x B))
//
// The fold stage's threading and layout leave a struct field that the
// decide's returns fill with two literals as such a diamond; LLVM writes a
// select (one conditional move on Thumb-2, no branch). A and B are i32 values
// without effects or traps (constants, locals, operators on them) that C
// does not write a local of, so evaluating both before C changes nothing.
// The caller keeps the result only where the function prices lower.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place (the root is never replaced); returns the number
// of diamonds written as selects.
unsigned twoWayValuesAsSelects(BinaryenModuleRef module, BinaryenExpressionRef body);

// Whether twoWayValuesAsSelects would rewrite anything in `body` (which it
// leaves as it is).
bool twoWayValuesAsSelectsApplies(BinaryenExpressionRef body);

} // namespace eqsat
