// Pass knownBranchValues: a branch value that a constant set just before
// fixes is that constant.
//
//   before: (local.set $x (i32.const 7)) S (br $l (local.get $x))
//   after:  (local.set $x (i32.const 7)) S (br $l (i32.const 7))
//
// in one block, S not writing $x; likewise `(return (local.get $x))`. The
// set can then die: Binaryen's simplify-locals and coalesce-locals drop it
// (passes/pipeline.h runs them after). Code-folding leaves this shape where
// exits that set a result local share one branch.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branch values replaced.
unsigned knownBranchValues(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
