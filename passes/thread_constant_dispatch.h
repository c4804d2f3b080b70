// Pass threadConstantDispatch: jump threading of dispatches on constants.
//
// Once the seam is dissolved, a decide's return sites leave a *constant*
// action through a block result, and the caller dispatches on it at once.
// A branch that carries a constant into such a block jumps straight to where
// the dispatch would send it (LLVM's jump threading does the same after
// inlining); only the block's fallthrough value is still dispatched on:
//
//   before: (br_table $a $b $c (block $d (result i32) ... (br $d (i32.const 1)) ... X))
//   after:  (br_table $a $b $c (block $d (result i32) ... (br $b) ... X))
//
//   before: (if (block $d (result i32) ... (br $d (i32.const 0)) ... X) THEN ELSE)
//   after:  (block $J (block $E (block $T (br_if $T (block $d ... (br $E) ... X)) (br $E))
//             THEN (br $J)) ELSE)
//
// and `(br_table ... (select (i32.const a) (i32.const b) c))` is
// `(br_if T(a) c) (br T(b))`. A br_table's index may also be the block's
// value less a constant (`(i32.sub (block $d ...) (i32.const c))`, clang's
// switch from c), and the block may be teed to a local the arms read: each
// threaded branch then sets the local to its constant before it jumps.
//
// With DispatchesThreaded::BlockResultsAndLocals, dispatches on a local,
// `(if (local.get $x) A)`, too:
// - set from such a block right before the if, `(local.set $x (block $d ...))`
//   or `(if (local.tee $x (block $d ...)) A)`, a branch carrying a constant
//   that skips A jumps past the if, when nothing but the if (and, outside
//   loops, $d itself) reads $x:
//     before: (local.set $x (block $d (result i32) ... (br $d (i32.const 0)) ...))
//             (if (local.get $x) A)
//     after:  (block $thread$S0 (local.set $x (block $d (result i32) ... (br $thread$S0) ...))
//               (if (local.get $x) A))
// - right after a block $B, a plain `br $B` after which $x is known to be a
//   constant (set in the statements just before it) that skips A jumps past
//   the if; $x still holds it there;
// - right after `(if C A B)` (or `(local.set $r (if ...))`) whose arms each end
//   with $x a known constant, the dispatch moves into the one arm that runs it:
//     before: (if C (then S1 (local.set $x (i32.const 1))) (else S2 (local.set $x (i32.const 0))))
//             (if (local.get $x) X)
//     after:  (if C (then S1 (local.set $x (i32.const 1)) X) (else S2 (local.set $x (i32.const 0))))
// - `(local.set $x (if (result i32) C A B))` dispatched on by a br_table or
//   br_if right after: an arm whose constant leaves to a label around the if
//   jumps there itself.
// To line these up, an if/else arm that never falls through is lifted out of
// its set, and a dispatch moves before local copies it cannot see. The
// pipeline asks for the local cases once block layout has put such
// dispatches next to their blocks (passes/pipeline.h).
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Which dispatches threadConstantDispatch threads.
enum class DispatchesThreaded {
  BlockResults,           // br_table and if on a block's result
  BlockResultsAndLocals,  // also dispatches on locals (the cases above)
};

// Rewrites `body` in place; returns the number of branches threaded.
unsigned threadConstantDispatch(BinaryenModuleRef module, BinaryenExpressionRef body, DispatchesThreaded which);

} // namespace eqsat
