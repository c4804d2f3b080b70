// Pass droppedValues: a dropped value computed only to set locals on the way
// keeps just those sets.
//
//   before: (drop (i64.or (i64.extend_i32_u (local.tee $x A)) (local.tee $y B)))
//   after:  (block (local.set $x A) (local.set $y B))
//
// when the value has no effect but its local.tee's (a phi whose reads all
// took another form leaves it); the sets keep the order the value ran them
// in. Binaryen's vacuum keeps such a drop whole.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of drops rewritten.
unsigned droppedValues(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
