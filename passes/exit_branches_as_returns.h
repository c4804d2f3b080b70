// Pass exitBranchesAsReturns: a branch carrying the function's result out of
// a block whose end is the function's end is a return.
//
//   before: (func (result i32) ... (block $exit (result i32)
//             ... (br $exit (call $f ...)) ... (i32.const 0)))
//   after:  (func (result i32) ... (block $exit (result i32)
//             ... (return (call $f ...)) ... (i32.const 0)))
//
// The block is in tail position: the function's body, the last child of a
// block in tail position, an arm of an if or the body of a loop in tail
// position. Binaryen's tidy passes write early returns this way; the two
// forms cost the same (a branch to the epilogue), but synth, the backend run
// after us, declines a value carried over a br ("#509") and takes the return,
// as LLVM writes it. Only unconditional branches are rewritten.
#pragma once

#include <binaryen-c.h>

namespace eqsat {

// Rewrites `body` in place; returns the number of branches made returns.
unsigned exitBranchesAsReturns(BinaryenModuleRef module, BinaryenExpressionRef body);

// Whether exitBranchesAsReturns would rewrite anything in `body` (which it
// leaves as it is).
bool exitBranchesAsReturnsApplies(BinaryenExpressionRef body);

} // namespace eqsat
