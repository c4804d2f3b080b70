// Pass branchesAsBrIfs: a one-armed if whose arm is only a branch is a
// conditional branch.
//
//   before: (if C (br $l))
//   after:  (br_if $l C)
//
// The fold stage's passes and clean-ups leave this form in some functions;
// synth pays for the if's jump and the branch where the br_if is one.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place (the root is never replaced); returns the number
// of ifs rewritten.
unsigned branchesAsBrIfs(BinaryenModuleRef module, BinaryenExpressionRef body);

// Whether branchesAsBrIfs would rewrite anything in `body` (which it leaves
// as it is): the fold stage copies a body to undo a step only where the
// step applies.
bool branchesAsBrIfsApplies(BinaryenExpressionRef body);

} // namespace eqsat
