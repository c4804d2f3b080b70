// Emitting Binaryen IR from a function's skeleton and an extraction.
//
// Skeleton statements are emitted in their original order; each operand class
// becomes an expression tree of the chosen nodes. Locals are canonicalised
// while emitting: every local of the output holds exactly one e-class, so a
// class once computed on every path to a point is available there as a
// `local.get`; classes used more than once are computed once (`local.tee`)
// when the cost model says so; phis become locals written on each incoming
// edge; loop-carried values become locals written on entry and on each back
// edge (through temporaries, as a parallel copy).
//
// The implementation is the Emitter of emit/emitter.h, which lists its parts.
#pragma once

#include "bridge/bridge.h"
#include "cost/cost.h"
#include "extract/extract.h"

#include <binaryen-c.h>

#include <string>
#include <vector>

namespace eqsat {

struct EmitOptions {
  bool trapsNeverHappen = false;  // unused loads may be dropped
  bool threadJumps = false;       // edges into a block whose phi of constants is dispatched on at once
                                  // jump straight to the dispatch's target
  bool forwardPhis = true;        // where the path fixes a phi's input, read the input's local, not the phi's
};

struct EmittedFunction {
  bool ok = false;
  std::string whyNot;
  BinaryenExpressionRef body = nullptr;
  std::vector<BinaryenType> varTypes;  // locals after the parameters
  unsigned threadedBlocks = 0;         // blocks whose edges were jump-threaded (EmitOptions::threadJumps)
  unsigned forwardedPhis = 0;          // phi reads forwarded to their input (EmitOptions::forwardPhis)
};

EmittedFunction emitFunction(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                             const CostModel& cm, const EmitOptions& opts);

// Whether EmitOptions::threadJumps can thread any block of fg's skeleton.
// Which edges threading decides depends on the skeleton and the e-graph
// (constants, selects of constants, known bits), not on the selection: when
// this is false, every emission of fg with threadJumps has threadedBlocks 0.
// `ext` only sizes the emitter's tables.
bool jumpThreadingApplies(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                          const CostModel& cm);

} // namespace eqsat
