// Pass branchOnValues: branches on a value instead of on its zero test.
//
//   before: (if (i32.eqz (local.get $x)) A)
//   after:  (block $polarity$0 (br_if $polarity$0 (local.get $x)) A)
//
//   before: (if (i32.eqz (local.get $x)) A B)
//   after:  (if (local.get $x) B A)
//
// A simple backend (no compare into branch fusion) spends a compare and a
// conditional set on the eqz. Binaryen's remove-unused-brs makes the first
// form out of a br_if over code, so this runs after the tidy passes.
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

namespace eqsat {

// Which of the two rewrites run.
struct BranchOnValuesOptions {
  bool oneArmedIfs = false;  // (if (i32.eqz x) A) -> (block $p (br_if $p x) A)
  bool ifElses = false;      // (if (i32.eqz x) A B) -> (if x B A)
};

// Each rewrite where the cost model `cm` does not price it higher: the
// operand of the eqz then feeds a branch, and a compare there costs at most
// what it cost as a value.
BranchOnValuesOptions branchOnValuesWhereCheaper(const CostModel& cm);

// Rewrites `body` in place (and replaces `body` itself when it is such an
// if); returns the number of ifs rewritten.
unsigned branchOnValues(BinaryenModuleRef module, BinaryenExpressionRef& body, BranchOnValuesOptions which);

} // namespace eqsat
