// Pass placeSingleEntryCode (block layout): code that only one branch
// reaches is placed at that branch.
//
// The emitter writes each path's code after the block its branch leaves, so a
// target with a single entry still costs a jump to reach it:
//
//   (block $P (block $L ... (br $L) ... <no fallthrough>) T... <no fallthrough>)
//
// When `br $L` is the only way into T (nothing falls out of $L, no other
// branch names it) and T itself never falls through, T moves to the branch
// and the branch disappears (a tail with one entry). When T does fall
// through, a branch that is the last statement of a one-armed if,
// `(if C (block S... (br $L)))`, becomes `(br_if $L C)` and S moves to the
// head of T (a prefix with one entry): an if and a jump become one
// conditional jump:
//
//   before: (block $L (if C (block S (br $L))) U... (return)) T...
//   after:  (block $L (br_if $L C) U... (return)) S T...
//
// Code only moves; nothing is copied and every path runs
// the same statements in the same order.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branches removed or merged
// into a conditional one. Gives up (returns 0, body untouched) on a body with
// an expression kind the e-graph bridge does not model.
unsigned placeSingleEntryCode(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
