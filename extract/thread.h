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
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branches threaded.
unsigned threadConstantDispatch(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
