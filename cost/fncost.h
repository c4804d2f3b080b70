// Whole-function cost: what a function costs on the target, priced as a
// whole rather than as a sum of its nodes. Which locals a backend keeps in
// registers depends on the whole function (whether it calls, how many locals
// compete for the registers, where they are read), and so does its frame.
//
// For thumb2 and thumb2-regalloc (CostModel::wholeFunction) this is an
// estimate of the Thumb-2 instruction count synth, the Cortex-M backend
// after eqsat-wasm, emits for the function (docs/cost-models.md, "The
// target"): locals and parameters homed in registers or in the frame, the
// prologue and epilogue, argument moves and caller-saved spills around calls,
// constants by encodability, compares not fused with branches. Other models
// (and user tables) price a function as the sum of its nodes (estimateCost).
//
// Every decision to keep a rewritten body compares these costs (optimize.cpp).
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

#include <vector>

namespace eqsat {

// The signature and locals of a function, and the body to price.
struct FunctionShape {
  BinaryenType params = BinaryenTypeNone();
  BinaryenType results = BinaryenTypeNone();
  std::vector<BinaryenType> vars;
  BinaryenExpressionRef body = nullptr;
  // The body as Binaryen read it from a binary (a function left as it was is
  // written back as those bytes), not one eqsat-wasm built: its blocks are
  // the binary's (the named ones), and nothing is added when it is written.
  bool asRead = false;
};

double functionCost(const FunctionShape& f, const CostModel& cm);

// The synth estimate itself (regalloc: every local in a register, no frame,
// no spills around calls).
double synthFunctionCost(const FunctionShape& f, bool regalloc);

} // namespace eqsat
