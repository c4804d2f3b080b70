// Control-flow edges: the phi and loop-carried copies written on an edge,
// values hoisted before a conditional edge, leaving along an edge (for a
// threaded edge: its tail and the dispatch's own copies), and joining the
// states recorded at the edges of a forward merge.
#include "emit/emitter.h"

#include <algorithm>

namespace eqsat::emitting {

// The label of merge m's block (or loop).
std::string Emitter::mergeLabel(uint32_t m) const {
  return labelName(!isVirtualMerge(m) && function_.merges[m].kind == Merge::LoopHeader ? "L" : "B", m);
}

// Leave along an edge to merge m: record the state for forward merges.
void Emitter::recordEdgeInto(uint32_t m) {
  if (isVirtualMerge(m) || function_.merges[m].kind != Merge::LoopHeader) {
    statesAtEdges_[m].push_back(classState_);
    factsAtEdges_[m].push_back(pathFacts_);
  }
}

// Join the recorded edges of a forward merge into the current state.
void Emitter::joinMerge(uint32_t m) {
  auto& edgeStates = statesAtEdges_[m];
  if (edgeStates.empty()) {
    reachable_ = false;
    return;
  }
  reachable_ = true;
  // A slot past the end of any edge's vector joins to 0.
  ClassStates s = edgeStates[0];
  for (size_t e = 1; e < edgeStates.size(); ++e) s.resize(std::min(s.size(), edgeStates[e].size()));
  for (size_t e = 1; e < edgeStates.size(); ++e)
    for (size_t c = 0; c < s.size(); ++c) {
      // In the local when it is on every edge; a Define ran when the same one ran on every edge.
      uint32_t a = s[c], b = edgeStates[e][c];
      uint32_t inLocalOnAll = a & b & kInLocal;
      uint32_t ranOnAll = ((a >> 1) == (b >> 1)) ? (a >> 1) : 0;
      s[c] = inLocalOnAll | (ranOnAll << 1);
    }
  classState_ = std::move(s);
  for (ClassId c : phisAtMerge_[m]) stateToSet(canonical(c)) |= kInLocal;
  edgeStates.clear();
  stateChanged();
  joinFactsAt(m);
}

// Before a conditional edge: values it carries that are needed on other
// paths too are computed once, before the branch, instead of in the branch.
void Emitter::hoistSharedEdgeValues(uint32_t m, uint32_t edge, Expressions& out) {
  const Merge& mg = function_.merges[m];
  if (mg.kind == Merge::LoopHeader) {
    for (size_t k : carriedAtLoop_[m]) {
      ClassId v = canonical(mg.carried[k].perEdge.at(edge));
      if (plannedUses_[v] >= 2) computeIntoLocal(v, out);
    }
    return;
  }
  for (ClassId p : phisAtMerge_[m]) {
    NodeView n = chosenNode(p);
    if (n.op != Op::Phi || edge >= n.children.size()) continue;
    ClassId v = canonical(n.children[edge]);
    if (plannedUses_[v] >= 2) computeIntoLocal(v, out);
  }
}

// The phi (or loop-carried) copies for edge `edge` of merge `m`.
void Emitter::emitEdgeCopies(uint32_t m, uint32_t edge, Expressions& out) {
  const Merge& mg = function_.merges[m];
  if (mg.kind == Merge::LoopHeader) {
    const auto& ks = carriedAtLoop_[m];
    if (ks.empty()) return;
    if (ks.size() == 1 || edge == 0) {
      for (size_t k : ks) {
        const auto& car = mg.carried[k];
        // A loop entered once per call: its dedicated local is still zero-initialised on entry.
        if (edge == 0 && loopDepth_ == 0 && egraph_.constant(car.perEdge[0]) == std::optional<uint64_t>(0) &&
            (egraph_.type(canonical(car.phi)) == Ty::i32 || egraph_.type(canonical(car.phi)) == Ty::i64)) {
          localOf(car.phi);
          continue;
        }
        out.push_back(BinaryenLocalSet(module_, localOf(car.phi), emitClass(car.perEdge.at(edge))));
      }
      return;
    }
    // Parallel copy through temporaries.
    std::vector<uint32_t> tmps;
    for (size_t k : ks) {
      const auto& car = mg.carried[k];
      uint32_t t = addLocal(egraph_.type(canonical(car.phi)));
      tmps.push_back(t);
      out.push_back(BinaryenLocalSet(module_, t, emitClass(car.perEdge.at(edge))));
    }
    for (size_t i = 0; i < ks.size(); ++i) {
      const auto& car = mg.carried[ks[i]];
      Ty t = egraph_.type(canonical(car.phi));
      out.push_back(BinaryenLocalSet(module_, localOf(car.phi), BinaryenLocalGet(module_, tmps[i], binaryenType(t))));
    }
    return;
  }
  for (ClassId p : phisAtMerge_[m]) {
    NodeView n = chosenNode(p);
    if (n.op != Op::Phi || n.imm != m || edge >= n.children.size()) throw EmitFailure("phi does not match its merge");
    ClassId k = n.children[edge];
    out.push_back(BinaryenLocalSet(module_, localOf(p), emitOperand(n, 0, k)));
  }
}

// Does an edge into merge m write any phi or loop-carried copies?
bool Emitter::hasEdgeCopies(uint32_t m) const {
  if (isVirtualMerge(m)) return false;
  const Merge& mg = function_.merges[m];
  return mg.kind == Merge::LoopHeader ? !carriedAtLoop_[m].empty() : !phisAtMerge_[m].empty();
}

// Leave along edge e of merge m: the phi writes, and for a threaded edge the
// tail and the dispatch's own phi writes; returns the label to jump to
// (kEdgeEnded: the edge ran a copy of the dispatching if's arm instead).
uint32_t Emitter::leaveEdge(uint32_t m, uint32_t e, Expressions& out) {
  emitEdgeCopies(m, e, out);
  uint32_t t = threadedTarget(m, e);
  const bool copy = runsIfArmCopy(m, e);
  if (t == m && !copy) {
    recordEdgeInto(m);
    return m;
  }
  // On the threaded path the phis of m hold their values too, and so do
  // those of the blocks it passes the end of.
  for (ClassId c : phisAtMerge_[m]) stateToSet(canonical(c)) |= kInLocal;
  stateChanged();
  const ThreadedTail& tail = tailOfThreadedMerge_[m];
  for (auto [vm, ve] : tail.via) {
    emitEdgeCopies(vm, ve, out);
    for (ClassId c : phisAtMerge_[vm]) stateToSet(canonical(c)) |= kInLocal;
    stateChanged();
  }
  // The path passes m (and the merges of via) along exactly this edge.
  learnEdgeTaken(m, e);
  for (auto [vm, ve] : tail.via) learnEdgeTaken(vm, ve);
  // Values on this edge, outermost merge first.
  threadedEdgePath_.assign(tail.via.rbegin(), tail.via.rend());
  threadedEdgePath_.emplace_back(m, e);
  ++factsVersion_;
  for (size_t k = tail.begin; k < tail.end; ++k) emitStatement((*tail.list)[k], out);
  if (copy) {
    // The arm, as the if would run it here (it never falls through).
    learnCondition(tail.dispatch->cls, Condition::NonZero);
    for (const Stmt& a : tail.dispatch->body)
      if (reachable_) emitStatement(a, out);
    reachable_ = true;
    threadedEdgePath_.clear();
    ++factsVersion_;
    return kEdgeEnded;
  }
  if (!isVirtualMerge(t)) emitEdgeCopies(t, edgeIdInto(*tail.dispatch, t), out);
  threadedEdgePath_.clear();
  ++factsVersion_;
  recordEdgeInto(t);
  return t;
}

} // namespace eqsat::emitting
