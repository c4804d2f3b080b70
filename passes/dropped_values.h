// Pass droppedValues: a dropped value computed only to set locals on the way
// keeps just those sets.
//
//   before: (drop (i64.or (i64.extend_i32_u (local.tee $x A)) (local.tee $y B)))
//   after:  (block (local.set $x A) (local.set $y B))
//
// when the value has no effect but its local.tee's (a phi whose reads all
// took another form leaves it); the sets keep the order the value ran them
// in. Binaryen's vacuum keeps such a drop whole.
//
// A dropped block with a value, whose branches are each one of its own
// statements, has no value: each branch value dropped, then the branch.
//
//   before: (drop (block $l (result i32)
//             (drop (br_if $l (i32.shr_u (local.tee $a (i32.load (local.get $p))) (i32.const 1)) C))
//             (i32.const 0)))
//   after:  (block $l
//             (drop (i32.shr_u (local.tee $a (i32.load (local.get $p))) (i32.const 1)))
//             (br_if $l C)
//             (drop (i32.const 0)))
//
// Binaryen's merge-blocks does this only where no branch value has an
// effect; here the load's trap and the tee stay where they ran, and vacuum
// and remove-unused-brs then remove the rest (a set that nothing reads,
// left as a drop by coalesce-locals, once the arms that read it are gone).
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of drops rewritten.
unsigned droppedValues(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
