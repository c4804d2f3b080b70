// Pass blockValuesAsSets: a local set from a named block whose branches all
// carry a value sets a local on each path instead, one constant of them
// (the fallthrough's, or a branch's) set before the block.
//
//   before: (local.set $x (block $b (result i32)
//             (block $a (br_if $a C) S (br $b (i32.const -11)))
//             (i32.const -42)))
//   after:  (local.set $t (i32.const -42))
//           (block $b
//             (block $a (br_if $a C) S (local.set $t (i32.const -11)) (br $b)))
//           (local.set $x (local.get $t))
//
// and, hoisting the branch's constant (ConstantFirst::Branch),
//   (local.set $x (block $b (result i32) (if C (br $b (i32.const -11))) S (i32.const -42)))
//   becomes (local.set $t (i32.const -11))
//           (block $b (if C (br $b)) S (local.set $t (i32.const -42)))
//           (local.set $x (local.get $t)).
//
// The seam's dispatches, once threaded, carry the value they return through
// nested blocks of result i32; synth moves each into the block's result at
// its branch, where LLVM sets one constant before the branch and branches
// alone (branchesAsBrIfs and remove-unused-brs then make the bare branch a
// br_if, or drop it at the end of its block). The same values reach the
// same point: every path to the block's end either sets $t just before its
// branch or is the one whose constant $t already holds, since nothing else
// writes $t, a new local. Only constants move, so no trap or call moves.
// Every reference to $b must be a br with a value (no br_if, no br_table).
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Which constant is set before the block: the fallthrough's when it is one
// (else the first branch's), or the first constant branch's (else the
// fallthrough's).
enum class ConstantFirst { Fallthrough, Branch };

// Rewrites `body` in place; new locals are numbered from `firstNewLocal` and
// their types appended to `newLocals`. Returns the number of sets rewritten.
unsigned blockValuesAsSets(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenIndex firstNewLocal,
                           std::vector<BinaryenType>& newLocals, ConstantFirst first);

// Whether blockValuesAsSets would rewrite a set in `body` (with either
// ConstantFirst: both need the same blocks), without changing it.
bool blockValuesAsSetsApplies(BinaryenExpressionRef body);

// What blockValuesAsSets would rewrite in `body`, without changing it: the
// sets it would rewrite, and of those the sets whose block carries a
// constant both at its fallthrough and on a branch, the only ones where the
// two ConstantFirst choices rewrite differently. With none of those, both
// choices make the same body.
struct BlockValuesFound {
  unsigned sets = 0;
  unsigned eitherConstant = 0;
};
BlockValuesFound blockValuesAsSetsFind(BinaryenExpressionRef body);

} // namespace eqsat
