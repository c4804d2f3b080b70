// emitFunction: Binaryen IR for a function from its skeleton and an
// extraction (see emit/emit.h), by an Emitter (emit/emitter.h, which lists
// its parts): its constructor and its run, the plan and then the statements;
// and jumpThreadingApplies, whether threading has anything to thread.
#include "emit/emitter.h"

namespace eqsat {

namespace emitting {

Emitter::Emitter(BinaryenModuleRef module, const FunctionGraph& function, const Extraction& extraction,
                 const CostModel& costModel, const EmitOptions& options)
    : module_(module), function_(function), egraph_(*function.egraph), extraction_(extraction),
      costModel_(costModel), options_(options) {
  size_t n = extraction.cost.size();
  slotOfClass_.assign(n, -1);
  localOfClass_.assign(n, -1);
  neededByPlan_.assign(n, 0);
  plannedUses_.assign(n, 0);
  firstPlannedUse_.assign(n, 0);
  branchesBeforeFirstUse_.assign(n, 0);
  constantOperandUses_.assign(n, 0);
  computableEpoch_.assign(n, 0);
  beingEmitted_.assign(n, 0);
  computableMemo_.assign(n, 0);
  useSiteOf_.assign(n, kNoUseSite);
  sunkLoadIndex_.assign(n, kNoSunkLoad);
  nextLocalIndex_ = uint32_t(function.params.size());
  // Parameters are available everywhere in their own locals (never written).
  for (ClassId c : egraph_.classes())
    for (NodeId nd : egraph_.classNodes(c)) {
      NodeView v = egraph_.node(nd);
      if (v.op == Op::Param) {
        if (localOfClass_[c] < 0) localOfClass_[c] = int32_t(v.imm);
        stateToSet(c) |= kInLocal;
      }
    }
  statesAtEdges_.resize(function.merges.size());
  factsAtEdges_.resize(function.merges.size());
}

EmittedFunction Emitter::run() {
  EmittedFunction r;
  try {
    planFunction();
    Expressions list;
    emitStatements(function_.body, list);
    bool endsWithValue = !function_.body.empty() && function_.body.back().kind == StmtKind::Value &&
                         function_.body.back().cls != kNoClass;
    if (function_.result != Ty::none && !endsWithValue) list.push_back(BinaryenUnreachable(module_));
    r.body = BinaryenBlock(module_, nullptr, list.data(), BinaryenIndex(list.size()),
                           endsWithValue ? binaryenType(function_.result) : BinaryenTypeAuto());
    r.varTypes = addedLocalTypes_;
    r.threadedBlocks = threadedBlocks_;
    r.forwardedPhis = forwardedPhis_;
    r.ok = true;
  } catch (const EmitFailure& f) {
    r.ok = false;
    r.whyNot = f.what();
  }
  return r;
}

// Every (list, index) emitStatements offers to planThreading, reachable or
// not: planThreading's answer depends on them alone.
bool Emitter::anyBlockThreads(const std::vector<Stmt>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].kind == StmtKind::Block && i + 1 < list.size() && planThreading(list, i)) return true;
    if (anyBlockThreads(list[i].body) || anyBlockThreads(list[i].elseBody)) return true;
  }
  return false;
}

} // namespace emitting

bool jumpThreadingApplies(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                          const CostModel& cm) {
  EmitOptions eo;
  eo.threadJumps = true;
  emitting::Emitter e(module, fg, ext, cm, eo);
  return e.anyBlockThreads(fg.body);
}

EmittedFunction emitFunction(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                             const CostModel& cm, const EmitOptions& opts) {
  emitting::Emitter e(module, fg, ext, cm, opts);
  return e.run();
}

} // namespace eqsat
