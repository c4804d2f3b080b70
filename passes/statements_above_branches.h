// Pass statementsAboveBranches: a statement that every path from a branch
// meets first is made once, above the branch, with the branch's condition
// computed into a local before it.
//
//   before: (block $done
//             (block $b (br_if $b (i32.load offset=8 (local.get $q)))
//               (call $sync (local.get $q)) (call $f) (return (i32.const 1)))
//             (call $sync (local.get $q)) (call $g))
//   after:  (local.set $t (i32.load offset=8 (local.get $q)))
//           (call $sync (local.get $q))
//           (block $done
//             (block $b (br_if $b (local.get $t)) (call $f) (return (i32.const 1)))
//             (call $g))
//
// The seam leaves this once threading and statements copied into exits put
// the same call at the head of each path from a dispatch. The region is the
// rest of a block's list from one statement on: only that statement enters
// it, and it is left by falling off the list's end, a branch out or a return.
// Along every path through the region, until the path meets the statement
// S, nothing may be done that S could observe or that could observe S: only
// constants, local reads, non-trapping arithmetic, writes of locals S does
// not read, and branches inside the region. Each path must meet S before it
// leaves the region or traps. The condition that starts the region (of an
// if or a br_if, the first thing it evaluates) is the exception: it may load
// (and trap), so it is computed into a new local first, still before S.
// S is straight-line code with an effect (a call, a store, a global write),
// no local writes and no branches; its copies must be structurally equal.
//
// Two ways to choose which copies of S go:
//  - the first on each path (at least two copies, so the function gets
//    smaller); a copy that some paths reach having met S already, and others
//    not, stops the rewrite;
//  - one copy in the region's own list that every path reaches: the copies
//    before it, met on some paths only, are S again, and S then S is the
//    same in either order.
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// Whether `body` has two structurally equal statements with an effect (what
// the pass moves), without changing anything.
bool statementsAboveBranchesApplies(BinaryenExpressionRef body);

// Rewrites `body` in place, hoisting at most `maxHoists` statements. Locals it
// adds are numbered from firstNewLocal, their types appended to `added`.
// Returns the number of statements hoisted. The consumed copies become nops:
// the caller runs vacuum and merge-blocks.
unsigned statementsAboveBranches(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenIndex firstNewLocal,
                                 std::vector<BinaryenType>& added, unsigned maxHoists = 8);

} // namespace eqsat
