// Pass coveredDrops: a load kept only for its trap goes when a later access
// traps whenever it would.
//
//   before: (drop (i32.load offset=8 (local.get $p)))
//           (i32.store offset=8 (local.get $p) (local.get $v))
//   after:  (i32.store offset=8 (local.get $p) (local.get $v))
//
// The first thing the code after the drop does that could be seen or trap
// must be a load or store through the same $p reaching at least as far:
// it then traps whenever the load would have, with nothing seen in between.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of loads removed.
unsigned coveredDrops(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
