// Pass ifValuesAsSets: a local set from an if/else one of whose arms is a
// constant is set to the constant first, and the other arm runs behind a
// br_if that skips it.
//
//   before: (local.set $x (if (result i32) C
//             (i32.const K)
//             (block (result i32) S (V))))
//   after:  (local.set $x (i32.const K))
//           (block $s
//             (br_if $s C)
//             S
//             (local.set $x V))
//
// and, with the constant in the else arm and the condition an eqz,
//   (local.set $x (if (result i32) (i32.eqz X) (block S V) (i32.const K)))
//   becomes (local.set $x (i32.const K)) (block $s (br_if $s X) S (local.set $x V)).
//
// LLVM writes a decide's fallthrough this way; synth, the backend run after
// us, pays for an if/else's two jumps where the br_if is one. The constant is
// set before the condition runs; where the condition or the other arm reads
// or writes $x, a new local $n takes the value instead and
// `(local.set $x (local.get $n))` follows the block (the caller's clean-up
// then forwards $n to $x's reads).
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Rewrites `body` in place; new locals are numbered from `firstNewLocal` and
// their types appended to `newLocals`. Returns the number of sets rewritten.
unsigned ifValuesAsSets(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenIndex firstNewLocal,
                        std::vector<BinaryenType>& newLocals);

// Whether ifValuesAsSets would rewrite anything in `body` (which it leaves
// as it is).
bool ifValuesAsSetsApplies(BinaryenExpressionRef body);

} // namespace eqsat
