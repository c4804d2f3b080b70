// Pass booleanSets: a 0/1 flag decided on the two sides of a branch is set
// from the branch's condition, without branching.
//
//   before: (if C (block (local.set $x (i32.const 1)) (br $l)))
//           (local.set $x (i32.const 0)) (br $l)
//   after:  (local.set $x B) (br $l)
//
// B is the truth of C (`C != 0`, or C itself when it is a compare) or, for
// {K1, K2} = {0, 1}, its negation (`i32.eqz C`). Jump threading leaves this
// shape where a flag is decided on the edges of a branch. Likewise a value
// block whose two exits run the same statements S and carry 0 and 1:
//
//   before: (block $b (result i32) (if C (block S (br $b (i32.const 1)))) S (i32.const 0))
//   after:  (block $b (result i32) S (i32.ne C (i32.const 0)))
//
// where C is a pure test S cannot change (it now runs after S).
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of ifs removed.
unsigned booleanSets(BinaryenModuleRef module, BinaryenExpressionRef body);

} // namespace eqsat
