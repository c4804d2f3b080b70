// The skeleton's statements in their original order, one function per
// statement kind; a statement's result is kept in its class's local when the
// plan needs it later.
#include "emit/emitter.h"

namespace eqsat::emitting {

// A statement list, in order, until the code is no longer reachable; with
// jump threading, a block whose edges are threaded is emitted with its tail
// and dispatch (emitThreadedBlock).
void Emitter::emitStatements(const std::vector<Stmt>& list, Expressions& out) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (!reachable_) return;
    if (deferredThreading_.dispatch == &list[i]) {
      // The threaded block and its tail, moved just before their dispatch
      // (inside the blocks that open there, whose labels they jump to).
      ThreadedTail tail = deferredThreading_;
      deferredThreading_ = ThreadedTail{};
      emitThreadedBlock(tail, out);
      continue;
    }
    if (options_.threadJumps && list[i].kind == StmtKind::Block && i + 1 < list.size()) {
      if (std::optional<ThreadedTail> tail = planThreading(list, i)) {
        size_t j = tail->end;
        if (tail->dispatch == &list[j]) {
          emitThreadedBlock(*tail, out);
        } else {
          // The dispatch sits at the start of the block(s) at j: emit from there.
          deferredThreading_ = *tail;
          emitStatement(list[j], out);
        }
        i = j;
        continue;
      }
    }
    emitStatement(list[i], out);
  }
}

// Statement s, in its memory state.
void Emitter::emitStatement(const Stmt& s, Expressions& out) {
  enterMemoryState(s.mem);
  emitStatementHere(s, out);
  // After an effect or nested code, the memory state is the next statement's.
  if (s.kind != StmtKind::Define) enterMemoryState(kUnknownMemory);
}

void Emitter::emitStatementHere(const Stmt& s, Expressions& out) {
  switch (s.kind) {
  case StmtKind::Define: return emitDefine(s, out);
  case StmtKind::Effect: return emitEffect(s, out);
  case StmtKind::Value: return emitValue(s, out);
  case StmtKind::Return: return emitReturn(s, out);
  case StmtKind::Unreachable: return emitUnreachable(out);
  case StmtKind::Br: return emitBr(s, out);
  case StmtKind::BrIf: return emitBrIf(s, out);
  case StmtKind::BrTable: return emitBrTable(s, out);
  case StmtKind::Block: return emitBlock(s, out);
  case StmtKind::If: return emitIf(s, out);
  case StmtKind::Loop: return emitLoop(s, out);
  }
}

// A value-defining operation that may trap or read memory: run where it
// stands when it must (it may trap), sunk to its uses, or dropped when
// nothing uses it.
void Emitter::emitDefine(const Stmt& s, Expressions& out) {
  ClassId c = canonical(s.cls);
  const uint32_t opTag = operationTag(s.op);
  if (ranOperation(c) == opTag) return;  // an identical operation already ran on every path here
  const OpInfo& info = opInfo(s.op);
  const bool load = info.kind == OpKind::Load && s.kids.size() == 1;
  const bool mustRun = info.mayTrap && !(options_.trapsNeverHappen && load) && !cannotTrapDivision(s);
  if (load && sunkLoadIndex_[c] >= 0 && !inLocal(c) &&
      (options_.trapsNeverHappen || accessInBounds(s.kids[0], s.imm, info.bytes) || loadsCoveredLater_.count(&s))) {
    stateToSet(c) = opTag << 1;  // computed at its uses (sunkLoadRunsHere)
    stateChanged();
    return;
  }
  if (!mustRun && !neededByPlan_[c]) return;
  if (!mustRun && inLocal(c)) return;
  BinaryenExpressionRef e = emitOperation(s.op, s.ty, s.imm, s.kids);
  keepOrDropResult(c, s.ty, e, mustRun ? Execution::MustRun : Execution::IfUsed, out);
  if (load && mustRun) recordAccess(s.kids[0], s.imm, info.bytes);
  uint32_t& state = stateToSet(c);
  state = (state & kInLocal) | (opTag << 1);
  stateChanged();
}

// An operation run for its effect (store, call, global.set, ...), as
// effectOperation chose it when its operands are computable here.
void Emitter::emitEffect(const Stmt& s, Expressions& out) {
  if ((!threadedEdgePath_.empty() || !pathFacts_.empty()) && storesBackLoadedValue(s)) return;
  ClassId c = canonical(s.cls);
  const EffectOperation& chosen = effectOperation(s);
  Op op = chosen.op;
  Ty ty = chosen.ty;
  uint64_t imm = chosen.imm;
  std::vector<ClassId> kids = chosen.kids;
  bool ok = true;
  for (ClassId k : kids) ok = ok && computable(k);
  if (!ok) {  // fall back to the original operation
    op = s.op;
    ty = s.ty;
    imm = s.imm;
    kids = s.kids;
  }
  BinaryenExpressionRef e = emitOperation(op, ty, imm, kids);
  keepOrDropResult(c, ty, e, Execution::MustRun, out);
  if (opInfo(op).kind == OpKind::Store && kids.size() == 2) recordAccess(kids[0], imm, opInfo(op).bytes);
}

// The function body's result.
void Emitter::emitValue(const Stmt& s, Expressions& out) {
  if (s.cls != kNoClass) out.push_back(emitClass(s.cls));
}

void Emitter::emitReturn(const Stmt& s, Expressions& out) {
  out.push_back(BinaryenReturn(module_, s.cls == kNoClass ? nullptr : emitClass(s.cls)));
  reachable_ = false;
}

void Emitter::emitUnreachable(Expressions& out) {
  out.push_back(BinaryenUnreachable(module_));
  reachable_ = false;
}

void Emitter::emitBr(const Stmt& s, Expressions& out) {
  uint32_t t = leaveEdge(s.edgeTargets[0], s.edgeIds[0], out);
  if (t != kEdgeEnded) out.push_back(makeBreak(mergeLabel(t), nullptr));
  reachable_ = false;
}

// A conditional branch; when its edge carries copies or is threaded,
// `if (cond) { copies; br }`.
void Emitter::emitBrIf(const Stmt& s, Expressions& out) {
  uint32_t m = s.edgeTargets[0];
  if (!edgeHasCode(m, s.edgeIds[0])) {
    BinaryenExpressionRef cond = emitCondition(s.cls);
    PathFacts before = pathFacts_;
    learnCondition(s.cls, Condition::NonZero);
    recordEdgeInto(m);
    setPathFacts(std::move(before));
    learnCondition(s.cls, Condition::Zero);
    out.push_back(makeBreak(mergeLabel(m), cond));
    return;
  }
  // if (cond) { copies; br m }, with shared edge values computed before the branch.
  hoistSharedEdgeValues(m, s.edgeIds[0], out);
  BinaryenExpressionRef cond = emitCondition(s.cls);
  ClassStates saved = classState_;
  PathFacts savedFacts = pathFacts_;
  learnCondition(s.cls, Condition::NonZero);
  stateChanged();
  Expressions arm;
  uint32_t t = leaveEdge(m, s.edgeIds[0], arm);
  if (t != kEdgeEnded) arm.push_back(makeBreak(mergeLabel(t), nullptr));
  classState_ = std::move(saved);
  setPathFacts(std::move(savedFacts));
  learnCondition(s.cls, Condition::Zero);
  stateChanged();
  out.push_back(BinaryenIf(module_, cond, makeBlock(arm), nullptr));
}

// A br_table (or, on nested selects of constants, a chain of br_ifs); its
// edges that carry copies or are threaded leave through landing blocks.
void Emitter::emitBrTable(const Stmt& s, Expressions& out) {
  // Targets with phi writes go through a landing block each.
  std::vector<uint32_t> landing;  // merges needing a landing pad
  for (size_t j = 0; j < s.edgeTargets.size(); ++j)
    if (edgeHasCode(s.edgeTargets[j], s.edgeIds[j])) landing.push_back(s.edgeTargets[j]);
  uint32_t base = landingPadCount_;
  landingPadCount_ += uint32_t(landing.size());
  auto nameFor = [&](uint32_t m) {
    for (size_t i = 0; i < landing.size(); ++i)
      if (landing[i] == m) return labelName("T", base + uint32_t(i));
    return mergeLabel(m);
  };
  std::vector<std::string> names;
  for (uint32_t m : s.targets) names.push_back(nameFor(m));
  // An index known to be at most k needs only the first k + 1 entries
  // (the last of them as the default).
  uint64_t maxIdx = maxValueHere(s.cls);
  if (maxIdx + 1 < names.size()) names.resize(size_t(maxIdx) + 1);
  BinaryenExpressionRef inner = nullptr;
  std::vector<std::pair<ClassId, uint64_t>> chain;
  uint64_t last = 0;
  if (selectChainOfConstants(s.cls, chain, last, 0) && !chain.empty()) {
    // A dispatch on nested selects of constants: a chain of br_ifs.
    auto nameOf = [&](uint64_t v) {
      return names[size_t(std::min<uint64_t>(v & 0xffffffffu, names.size() - 1))];
    };
    Expressions l;
    for (auto& [cond, v] : chain)
      l.push_back(makeBreak(nameOf(v), emitCondition(cond)));
    l.push_back(makeBreak(nameOf(last), nullptr));
    inner = makeBlock(l);
  } else {
    BinaryenExpressionRef idx = emitClass(s.cls);
    std::vector<const char*> cnames;
    for (const std::string& name : names) ++breaksTo_[name];
    for (size_t i = 0; i + 1 < names.size(); ++i) cnames.push_back(names[i].c_str());
    inner = BinaryenSwitch(module_, cnames.data(), BinaryenIndex(cnames.size()), names.back().c_str(), idx, nullptr);
  }
  ClassStates saved = classState_;
  PathFacts savedFacts = pathFacts_;
  // Edges without landing pads leave straight from the br_table.
  for (size_t j = 0; j < s.edgeTargets.size(); ++j)
    if (!edgeHasCode(s.edgeTargets[j], s.edgeIds[j])) recordEdgeInto(s.edgeTargets[j]);
  for (size_t i = 0; i < landing.size(); ++i) {
    std::string nm = labelName("T", base + uint32_t(i));
    Expressions l{inner};
    BinaryenExpressionRef blk = BinaryenBlock(module_, nm.c_str(), l.data(), 1, BinaryenTypeNone());
    Expressions pad{blk};
    classState_ = saved;
    setPathFacts(savedFacts);
    stateChanged();
    uint32_t t = leaveEdge(landing[i], edgeIdInto(s, landing[i]), pad);
    if (t != kEdgeEnded) pad.push_back(makeBreak(mergeLabel(t), nullptr));
    inner = makeBlock(pad);
  }
  classState_ = std::move(saved);
  setPathFacts(std::move(savedFacts));
  out.push_back(inner);
  reachable_ = false;
}

// A block, then the join of the edges into its merge.
void Emitter::emitBlock(const Stmt& s, Expressions& out) {
  const std::string nm = mergeLabel(s.merge);
  const uint32_t breaksBefore = breaksTo_[nm];
  Expressions body;
  emitStatements(s.body, body);
  if (reachable_ && s.fallEdge >= 0) {
    uint32_t t = leaveEdge(s.merge, uint32_t(s.fallEdge), body);
    if (t != s.merge && t != kEdgeEnded)
      body.push_back(makeBreak(mergeLabel(t), nullptr));
  }
  out.push_back(makeNamedBlock(nm, body, breaksBefore));
  joinMerge(s.merge);
}

// An if, each arm from the state before it, then the join of its arms.
void Emitter::emitIf(const Stmt& s, Expressions& out) {
  BinaryenExpressionRef cond = emitCondition(s.cls);
  ClassStates before = classState_;
  PathFacts factsBefore = pathFacts_;
  learnCondition(s.cls, Condition::NonZero);
  Expressions tb, eb;
  emitStatements(s.body, tb);
  if (reachable_ && s.fallEdge >= 0) {
    emitEdgeCopies(s.merge, uint32_t(s.fallEdge), tb);
    recordEdgeInto(s.merge);
  }
  classState_ = std::move(before);
  setPathFacts(std::move(factsBefore));
  learnCondition(s.cls, Condition::Zero);
  enterMemoryState(s.mem);
  stateChanged();
  reachable_ = true;
  emitStatements(s.elseBody, eb);
  if (reachable_ && s.elseFallEdge >= 0) {
    emitEdgeCopies(s.merge, uint32_t(s.elseFallEdge), eb);
    recordEdgeInto(s.merge);
  }
  out.push_back(BinaryenIf(module_, cond, makeBlock(tb), eb.empty() ? nullptr : makeBlock(eb)));
  joinMerge(s.merge);
}

// A loop: the carried values written on entry, then the body.
void Emitter::emitLoop(const Stmt& s, Expressions& out) {
  uint32_t m = s.merge;
  emitEdgeCopies(m, 0, out);  // entry values
  for (size_t k : carriedAtLoop_[m]) markInLocal(function_.merges[m].carried[k].phi);
  Expressions body;
  ++loopDepth_;
  uint32_t outer = loopHere_;
  loopHere_ = m;
  stateChanged();
  emitStatements(s.body, body);
  loopHere_ = outer;
  stateChanged();
  --loopDepth_;
  std::string nm = mergeLabel(m);
  out.push_back(BinaryenLoop(module_, nm.c_str(), makeBlock(body)));
  // After the loop: what the body's fallthrough had (reachable_ as left by the body).
}

// Result of a statement: keep it in its class's local if needed later, else drop it.
void Emitter::keepOrDropResult(ClassId c, Ty ty, BinaryenExpressionRef e, Execution execution, Expressions& out) {
  c = canonical(c);
  if (ty != Ty::none && neededByPlan_[c] && !inLocal(c)) {
    out.push_back(BinaryenLocalSet(module_, localOf(c), e));
    markInLocal(c);
    return;
  }
  if (execution == Execution::IfUsed) return;
  out.push_back(ty == Ty::none ? e : BinaryenDrop(module_, e));
}

// Compute class c into its local here (so that it is available on every path from here).
void Emitter::computeIntoLocal(ClassId c, Expressions& out) {
  c = canonical(c);
  if (inLocal(c) || egraph_.constant(c) || !computable(c)) return;
  BinaryenExpressionRef e = emitClass(c, Sharing::Never);
  if (inLocal(c)) {  // emitting it made it available already (a cycle through a tee)
    out.push_back(BinaryenDrop(module_, e));
    return;
  }
  out.push_back(BinaryenLocalSet(module_, localOf(c), e));
  markInLocal(c);
}

// A br (or br_if, with `cond`) to `label`, counted in breaksTo_.
BinaryenExpressionRef Emitter::makeBreak(const std::string& label, BinaryenExpressionRef cond) {
  ++breaksTo_[label];
  return BinaryenBreak(module_, label.c_str(), cond, nullptr);
}

// The block `label` of the list, whose body was emitted while breaksTo_[label]
// went from `breaksBefore` to what it is now. Its type is what Binaryen's
// Block::finalize(none) would give: unreachable when a child is unreachable
// and nothing branches to the label, else none; but without Binaryen's walk
// of the whole body for a branch to the label, which in nested blocks (a
// br_table's targets) walks the inner blocks again for each outer one.
BinaryenExpressionRef Emitter::makeNamedBlock(const std::string& label, Expressions& list, uint32_t breaksBefore) {
  bool unreachableChild = false;
  for (BinaryenExpressionRef e : list)
    unreachableChild = unreachableChild || BinaryenExpressionGetType(e) == BinaryenTypeUnreachable();
  const bool branchedTo = breaksTo_[label] != breaksBefore;
  // Made empty and then filled: BinaryenBlock would finalize it with the walk.
  BinaryenExpressionRef block = BinaryenBlock(module_, label.c_str(), nullptr, 0,
                                              unreachableChild && !branchedTo ? BinaryenTypeUnreachable()
                                                                              : BinaryenTypeNone());
  for (BinaryenExpressionRef e : list) BinaryenBlockAppendChild(block, e);
  return block;
}

// An unnamed block of the list.
BinaryenExpressionRef Emitter::makeBlock(Expressions& list) {
  return BinaryenBlock(module_, nullptr, list.data(), BinaryenIndex(list.size()), BinaryenTypeAuto());
}

} // namespace eqsat::emitting
