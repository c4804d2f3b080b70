// Pass mergeEqualArms: two ifs in a row with the same arm that jumps out
// become one if on the or of their tests.
//
//   before: (if A (block (local.set $r (i32.const -22)) (br $out)))
//           (if B (block (local.set $r (i32.const -22)) (br $out)))
//   after:  (if (i32.or A B) (block (local.set $r (i32.const -22)) (br $out)))
//
// The arms must be the same straight-line statements ending in the same
// jump out (a br, a return, an unreachable), and B free of effects and traps
// (it now runs even when A holds). Argument checks that each set the same
// error code and jump to the cleanup have this shape. Only where the cost
// model prices the one if no higher than the two.
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of ifs removed.
unsigned mergeEqualArms(BinaryenModuleRef module, BinaryenExpressionRef body, const CostModel& cm);

} // namespace eqsat
