// Jump threading of dispatches on constants.
//
// Once the seam is dissolved, a decide's return sites leave a *constant*
// action through a block result, and the caller dispatches on it at once:
//
//   (br_table $a $b $c (block $d (result i32) ... (br $d (i32.const 1)) ... X))
//   (if (block $d (result i32) ... (br $d (i32.const 0)) ... X) THEN ELSE)
//
// A branch that carries a constant into such a block can jump straight to
// where the dispatch would send it (LLVM's jump threading does the same after
// inlining): `br $d (i32.const 1)` becomes `br $b`. Only the block's
// fallthrough value is still dispatched on.
//
// The same holds for a dispatch on a local, `(if (local.get $x) A)`:
// - set from such a block right before the if, `(local.set $x (block $d ...))`
//   or `(if (local.tee $x (block $d ...)) A)`, a branch carrying a constant
//   that skips A jumps past the if, when nothing but the if (and, outside
//   loops, $d itself) reads $x;
// - right after a block $B, a plain `br $B` after which $x is known to be a
//   constant (set in the statements just before it) that skips A jumps past
//   the if; $x still holds it there;
// - right after `(if C A B)` (or `(local.set $r (if ...))`) whose arms each end
//   with $x a known constant, the dispatch moves into the one arm that runs it.
// To line these up, an if/else arm that never falls through is lifted out of
// its set, and a dispatch moves before local copies it cannot see.
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branches threaded.
// `locals`: dispatches on locals too (the two cases above); the driver asks
// for them once block layout has put such dispatches next to their blocks.
unsigned threadConstantDispatch(BinaryenModuleRef module, BinaryenExpressionRef body, bool locals = true);

// Branch polarity: `(if (i32.eqz x) A)` becomes `(block $p (br_if $p x) A)` and
// `(if (i32.eqz x) A B)` becomes `(if x B A)` (`ifs`, `ifElses`: which of the
// two). A simple backend (no compare into branch fusion) spends a compare and
// a conditional set on the eqz; Binaryen's remove-unused-brs makes the first
// form out of a br_if over code, so this runs after the tidy passes. Rewrites
// `body` in place (and replaces `body` itself when it is such an if); returns
// the number of ifs rewritten.
unsigned branchOnValues(BinaryenModuleRef module, BinaryenExpressionRef& body, bool ifs, bool ifElses);

// Boolean sets: `(if C (block (local.set $x K1) (br $l))) (local.set $x K2)
// (br $l)` with {K1, K2} = {0, 1} becomes `(local.set $x B) (br $l)`, B the
// truth of C (`C != 0`, C itself when it is a compare) or its negation
// (`i32.eqz C`). Jump threading leaves this shape where a flag is decided on
// the edges of a branch. Likewise a value block whose two exits run the same
// statements and carry 0 and 1, `(block $b (result i32) (if C (block S
// (br $b (i32.const 1)))) S (i32.const 0))`, is `S` and the truth of C (C a
// pure test S cannot change). Rewrites `body` in place; returns the number of
// ifs removed.
unsigned booleanSets(BinaryenModuleRef module, BinaryenExpressionRef body);

// Known branch values: `(local.set $x (i32.const K))` followed, in the same
// block, by `(br $l (local.get $x))` or `(return (local.get $x))` (no write of
// $x between): the branch carries K, so the set can die (Binaryen's
// simplify-locals and coalesce-locals then drop it). Returns the number of
// branch values replaced.
unsigned knownBranchValues(BinaryenModuleRef module, BinaryenExpressionRef body);

// Dropped values: `(drop E)` where E has no effect but the local.tee's in it
// (a value computed only to set locals on the way, left by a phi whose reads
// all took another form) becomes those tees as local.sets, in E's order.
// Binaryen's vacuum keeps such a drop whole. Returns the number of drops
// rewritten.
unsigned droppedValues(BinaryenModuleRef module, BinaryenExpressionRef body);

// Covered drops: `(drop (load offset=a (local.get $p)))`, a load kept only for
// its trap, goes when the first thing the code after it does that could be
// seen or trap is a load or store through the same $p reaching at least as
// far (it traps whenever the load would have, with nothing seen in between).
// Returns the number of loads removed.
unsigned coveredDrops(BinaryenModuleRef module, BinaryenExpressionRef body);

// Equal arms: `(if A X) (if B X)`, two ifs in a row whose arms are the same
// straight-line statements ending in the same jump out (a br, a return, an
// unreachable), with B free of effects and traps, become `(if (i32.or A B)
// X)` (argument checks that each set the same error code and jump to the
// cleanup), where `cm` prices that lower. Returns the number of ifs removed.
unsigned mergeEqualArms(BinaryenModuleRef module, BinaryenExpressionRef body, const CostModel& cm);

} // namespace eqsat
