// Pass statementsIntoExits: statements between a local set from a block of
// constant exits and the dispatch on that local are copied into each exit,
// so that the dispatch comes right after the set and can be threaded.
//
//   before: (local.set $x (block $d (result i32)
//             (drop (br_if $d (i32.const 1) C)) ... F))
//           (call $sync) (br_if $a (local.get $x)) ...
//   after:  (local.set $x (block $d (result i32)
//             (if C (then (call $sync) (br $d (i32.const 1)))) ...
//             (local.set $x F) (call $sync) (local.get $x)))
//           (br_if $a (local.get $x)) ...
//
// LLVM's jump threading duplicates such statements into the paths it
// threads in the same way: once the dispatch follows the set,
// threadConstantDispatch sends each constant exit to its arm. The dispatch
// is a br_table, br_if or if (first in nested blocks) on $x, `(i32.eqz $x)`
// or `$x - c`. The
// statements (at most kMaxStatements) neither read nor write $x and hold no
// branch, return or label, so running them before the set rather than after
// it changes nothing; the fallthrough value F, computed before them as
// before, waits in $x. Every branch to $d must carry an i32 constant.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of sets whose following
// statements were copied into their block's exits.
unsigned statementsIntoExits(BinaryenModuleRef module, BinaryenExpressionRef body);

// Whether statementsIntoExits would rewrite anything in `body`, which it
// leaves as it is: so that a caller can skip copying a body the pass would
// leave alone.
bool statementsIntoExitsApplies(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
