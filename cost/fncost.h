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
// Every decision to keep a rewritten body compares these costs
// (cheaperOnTarget, through bodyToKeep in module/candidates.h).
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

// What the keep decision compares. `estimate` is functionCost (for thumb2,
// t2-estimate's count, function by function); `refinement` is what synth's
// real output adds that the estimate does not price: stale registers of
// branch values reloaded around later calls, compares under a select that
// synth fuses only in the last basic block, parameters it saves around calls,
// locals it zeroes at entry (docs/cost-models.md, "The target"). It is kept
// apart, and used only as a veto, so that the estimate stays t2-estimate's
// reading (checked function by function) and a rule read
// off a few functions can stop a rewrite but never cause one. Only thumb2 has
// a refinement (synth-regalloc has no spills; other models no target).
struct TargetCost {
  double estimate = 0;
  double refinement = 0;
  // The function calls (thumb2 only). Around calls synth's round-robin
  // register choice moves the count by an instruction or two either way
  // (argument moves, spills of values left in r0-r3), which the estimate
  // cannot follow: see cheaperOnTarget.
  bool calls = false;
  // synth's parameter-backing retry where a replay of its register choice
  // predicts it (cost/synth_pair_exhaustion.h): part of the refined reading,
  // not yet of the keep decision (docs/cost-models.md, "The target").
  double retry = 0;
  double refined() const { return estimate + refinement + retry; }
  // What the keep decision's veto compares: the refinement without the retry.
  double vetoCost() const { return estimate + refinement; }
};
// `withRetry`: also replay synth's register pairs for the parameter-backing
// retry (TargetCost::retry), which only the refined reading uses (compare);
// the keep decision does not pay for it.
TargetCost targetCost(const FunctionShape& f, const CostModel& cm, bool withRetry = false);

// A rewritten body is kept only if it is cheaper under the estimate and not
// worse once refined: never worse under t2-estimate, and not worse on what
// synth is known to add. Where the two disagree the original stays. In a
// function that calls (either body), the estimate must drop by more than one
// instruction: a gain of one is within what synth's register choice around
// calls adds or takes back, so the original stays.
bool cheaperOnTarget(const TargetCost& candidate, const TargetCost& original);

// The synth estimate itself (regalloc: every local in a register, no frame,
// no spills around calls).
double synthFunctionCost(const FunctionShape& f, bool regalloc);

} // namespace eqsat
