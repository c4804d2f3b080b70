// Pass branchValuesAsSets: a block whose every branch carries a tee of one
// local gives its value through that local instead.
//
//   before: (block $b (result i32)
//             (drop (br_if $b (local.tee $x V1) C1))
//             (drop (br_if $b (local.tee $x V2) C2))
//             F)
//   after:  (block (result i32)
//             (block $b
//               (local.set $x V1) (br_if $b C1)
//               (local.set $x V2) (br_if $b C2)
//               (local.set $x F))
//             (local.get $x))
//
// Binaryen's simplify-locals writes a chain of sets and conditional exits
// (what clang makes of an unrolled loop in a decide) as such a block; synth,
// the backend run after us, moves each branch's value into the block's
// result before branching, where LLVM's form branches alone. The two are the
// same: a tee sets $x before its br_if's condition runs, as the set does.
// Only the fallthrough value F is newly stored in $x, so unless F already is
// `(local.tee $x ...)` or `(local.get $x)`, or the block's value is itself
// set to $x (`(local.set $x (block $b ...))`, a tee too), $x must be read
// nowhere outside the block, and the block not be inside a loop (where a
// read inside it could see the previous iteration's value).
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites func's body in place; returns the number of blocks rewritten.
unsigned branchValuesAsSets(BinaryenModuleRef module, BinaryenFunctionRef func);

// Whether branchValuesAsSets would rewrite anything in func (which it leaves
// as it is).
bool branchValuesAsSetsApplies(BinaryenFunctionRef func);

} // namespace eqsat
