// synth's parameter-backing retry, priced in the refined reading of the
// whole-function estimate (TargetCost::retry, cost/fncost.h).
//
// synth's instruction selector hands out registers r0-r8 round-robin, a
// pointer moving past each register it gives, and keeps an i64 in two
// consecutive registers of that list. In a function without calls, an i32
// parameter stays in its argument register (r0-r3), which no temporary may
// take, until its last read (a read inside a loop lasts to the loop's end).
// When an i64 value needs a pair and no two consecutive registers are free
// beside the pinned parameters and the operands it reads (stack values are
// spilled first), selection fails and synth compiles the function again with
// every accessed parameter stored in the frame at entry and loaded at each
// read, as in a function that calls (docs/cost-models.md, "The target").
//
// Whether a pair is left depends on where the pointer stands, so it is found
// by replaying the allocation, one temporary per value an operator pushes (a
// pinned parameter's read pushes its own register), in evaluation order.
#pragma once

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// What synth's retry adds to a call-free function's estimate when the replay
// finds an i64 value with no pair left: an STR at entry per parameter in r0-r3
// the body accesses, an LDR per read of one, and the frame (SUB/ADD sp) unless
// `hasFrame`. 0 when the replay finds a pair every time, and for a body it
// does not replay (calls, parameters other than i32, operators it does not
// know, or an i32 temporary that finds no register, synth's other retry).
double pairExhaustionCost(BinaryenExpressionRef body, const std::vector<BinaryenType>& localTypes, unsigned nparams,
                          bool hasFrame);

} // namespace eqsat
