// Pass mergeCommonTails: paths into the same join that end alike share one
// copy of their common suffix ("tail merging" with the differing operands
// in locals, LLVM's form). A join is the end of a block (the paths: each
// `br` to it that ends a block, and its own fallthrough; for a block with
// an i32 or i64 value, the value each gives is the path's last element) or
// the end of the function (each `return` that ends a block, and the body's
// fallthrough, with the value returned). Statements at the ends of two paths match when they
// are the same operations on the same operands, except for operands free of
// effects and traps; each such operand is set to a new local at the end of
// each path and the one shared copy reads that local.
//
//   before:
//   (block $join
//     (block $b ... (call $sync (local.get $q))
//                   (call $hook (local.get $q) (i32.sub (local.get $x) (local.get $y)))
//                   (local.set $r (i32.const 7)) (br $join))
//     ... (call $sync (local.get $q)) (call $sync (local.get $q))
//         (call $hook (local.get $q) (local.get $x))
//         (local.set $r (i32.const -42)))
//   after:
//   (block $join
//     (block $tail
//       (block $b ... (local.set $t (i32.sub (local.get $x) (local.get $y)))
//                     (local.set $r (i32.const 7)) (br $tail))
//       ... (call $sync (local.get $q)) (local.set $t (local.get $x)) (local.set $r (i32.const -42)))
//     (call $sync (local.get $q))
//     (call $hook (local.get $q) (local.get $t)))
//
// and at the end of the function, `(return (call $pend ...))` on one path
// and the same call falling out of the body on another become one call.
//
// Effects and their order stay as they were: only statements that are the
// same apart from such operands are shared, and each operand moves ahead of
// the shared statements, so it must read no local they write before it. A
// shared `(local.set $r V)` whose V differs sets $r on each path instead
// (where the shared statements before it neither read nor write $r). Binaryen's
// code-folding merges only identical tails, and mergeReturnTails only
// whole exits whose statements are the same; here the cost model decides
// (a set per operand and path, a branch per path, against the copies saved).
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Merges, join by join, the most profitable common tail of each join where
// the cost model prices the result lower. `results` is the function's result
// type; new locals are numbered from `firstNewLocal` and their types
// appended to `newLocals`. Rewrites `body` in place; returns the number of
// tails merged.
unsigned mergeCommonTails(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenType results,
                          BinaryenIndex firstNewLocal, std::vector<BinaryenType>& newLocals, const CostModel& cm);

// Whether mergeCommonTails would merge a tail in `body` (which it leaves as it is).
bool mergeCommonTailsApplies(BinaryenExpressionRef body, BinaryenType results, const CostModel& cm);

} // namespace eqsat
