// Jump threading (EmitOptions::threadJumps): which incoming edges of a block
// whose phi is dispatched on shortly after jump straight to where the
// dispatch would send them (ThreadedTail, in emit/emitter.h), and emitting
// the block with its tail and dispatch. Schematically, before:
//   (block $B (local.set $p (i32.const 1)) (br_if $B (c)) (local.set $p (x)))
//   (br_if $T (local.get $p))
// after (the edge from the br_if decides the dispatch):
//   (block $B (br_if $T (c)) (local.set $p (x)))
//   (br_if $T (local.get $p))
#include "emit/emitter.h"

#include <algorithm>

namespace eqsat::emitting {

// When edges of list[i] are threaded: what to emit for list[i..j), j being
// the index of the dispatch or of the block(s) at whose start it sits.
std::optional<Emitter::ThreadedTail> Emitter::planThreading(const std::vector<Stmt>& list, size_t i) {
  size_t j = i + 1;
  while (j < list.size() && j - i - 1 < kMaxTailStatements &&
         (list[j].kind == StmtKind::Define || list[j].kind == StmtKind::Effect))
    ++j;
  if (j >= list.size()) return std::nullopt;
  const Stmt* d = &list[j];
  while (d->kind == StmtKind::Block && !d->body.empty()) d = &d->body[0];
  const Stmt& next = *d;
  if (next.kind != StmtKind::BrIf && next.kind != StmtKind::BrTable && !isCopiableIf(next)) return std::nullopt;
  // Where each dispatched value goes; kPast: past the br_if or if (a virtual
  // merge just after it); kThen: into the if's arm, copied onto the edge.
  constexpr int64_t kPast = -2, kThen = kRunsIfArmCopy;
  auto targetOf = [&](uint64_t v) -> int64_t {
    if (next.kind == StmtKind::BrIf) return (v & 0xffffffffu) != 0 ? int64_t(next.edgeTargets[0]) : kPast;
    if (next.kind == StmtKind::If) return (v & 0xffffffffu) != 0 ? kThen : kPast;
    size_t idx = std::min<uint64_t>(v & 0xffffffffu, next.targets.size() - 1);
    return next.targets[idx];
  };
  auto decided = [&](ClassId k) -> int64_t {
    if (auto c = egraph_.constant(canonical(k))) return targetOf(*c);
    for (NodeId n : egraph_.classNodes(canonical(k))) {
      NodeView v = egraph_.node(n);
      if (v.op != Op::Select) continue;
      auto a = egraph_.constant(canonical(v.children[0])), b = egraph_.constant(canonical(v.children[1]));
      if (a && b && targetOf(*a) == targetOf(*b)) return targetOf(*a);
    }
    // Known bits: a value with a bit known one is non-zero, and one at
    // least the default's index (the least it can be) goes to the default.
    uint64_t least = egraph_.knownBits(canonical(k)).one & 0xffffffffu;
    if (least != 0 && (next.kind != StmtKind::BrTable || least >= next.targets.size() - 1))
      return targetOf(next.kind == StmtKind::BrTable ? uint64_t(next.targets.size() - 1) : least);
    return int64_t(-1);
  };
  // The merge whose phi is dispatched on: this block's, and through the
  // phi's input on the fallthrough edge, those of blocks ending it.
  if (threadedTargets_.size() < function_.merges.size()) {
    threadedTargets_.resize(function_.merges.size());
    tailOfThreadedMerge_.resize(function_.merges.size());
  }
  int64_t past = -1;
  auto virtualMerge = [&]() -> int64_t {
    if (past < 0) {
      past = int64_t(statesAtEdges_.size());  // a new virtual merge
      statesAtEdges_.emplace_back();
      factsAtEdges_.emplace_back();
      phisAtMerge_.emplace_back();
      carriedAtLoop_.emplace_back();
    }
    return past;
  };
  const Stmt* b = &list[i];
  ClassId cls = canonical(next.cls);
  std::vector<std::pair<uint32_t, uint32_t>> via;
  std::vector<uint32_t> threaded;  // merges given threaded targets
  for (int depth = 0; depth < 4; ++depth) {
    uint32_t m = b->merge;
    const Merge& mg = function_.merges[m];
    std::optional<NodeView> phi = phiNodeAt(cls, m);
    if (phi) {
      bool any = false;
      std::vector<int32_t> r(mg.numEdges, -1);
      for (uint32_t e = 0; e < mg.numEdges; ++e) {
        int64_t t = decided(phi->children[e]);
        if (t == kPast) t = virtualMerge();
        if (t == kThen) {
          r[e] = kRunsIfArmCopy;
          any = true;
        } else if (t >= 0 &&
                   (isVirtualMerge(uint32_t(t)) || function_.merges[size_t(t)].kind != Merge::LoopHeader)) {
          r[e] = int32_t(t);
          any = true;
        }
      }
      if (any) {
        threadedTargets_[m] = std::move(r);
        tailOfThreadedMerge_[m] = ThreadedTail{&list, i + 1, j, &next, -1, via};
        threaded.push_back(m);
      }
    } else if (mg.numEdges != 1) {
      break;
    }
    if (b->fallEdge < 0 || b->body.empty() || b->body.back().kind != StmtKind::Block) break;
    if (phi) cls = canonical(phi->children[size_t(b->fallEdge)]);
    via.insert(via.begin(), {m, uint32_t(b->fallEdge)});
    b = &b->body.back();
  }
  if (threaded.empty()) return std::nullopt;
  for (uint32_t m : threaded) tailOfThreadedMerge_[m].fallThrough = past;
  ++threadedBlocks_;
  return ThreadedTail{&list, i, j, &next, past, {}};
}

// An if the dispatch may be: no else, and a short arm of plain statements
// that never falls through (a return or unreachable at its end), so an edge
// that would enter it can run a copy of it instead.
bool Emitter::isCopiableIf(const Stmt& s) {
  if (s.kind != StmtKind::If || !s.elseBody.empty() || s.fallEdge >= 0 || s.body.empty() ||
      s.body.size() > kMaxTailStatements)
    return false;
  for (const Stmt& b : s.body)
    if (b.kind != StmtKind::Effect && b.kind != StmtKind::Define && b.kind != StmtKind::Return &&
        b.kind != StmtKind::Unreachable)
      return false;
  StmtKind last = s.body.back().kind;
  return last == StmtKind::Return || last == StmtKind::Unreachable;
}

// A phi node of class c at merge m, with one input per edge of m.
std::optional<NodeView> Emitter::phiNodeAt(ClassId c, uint32_t m) const {
  for (NodeId n : egraph_.classNodes(canonical(c))) {
    NodeView v = egraph_.node(n);
    if (v.op == Op::Phi && v.imm == m && v.children.size() == function_.merges[m].numEdges) return v;
  }
  return std::nullopt;
}

// The id of statement s's edge into merge m (Br/BrIf/BrTable).
uint32_t Emitter::edgeIdInto(const Stmt& s, uint32_t m) {
  for (size_t j = 0; j < s.edgeTargets.size(); ++j)
    if (s.edgeTargets[j] == m) return s.edgeIds[j];
  return 0;
}

// Where edge `e` into merge `m` really goes.
uint32_t Emitter::threadedTarget(uint32_t m, uint32_t e) const {
  if (m < threadedTargets_.size() && e < threadedTargets_[m].size() && threadedTargets_[m][e] >= 0)
    return uint32_t(threadedTargets_[m][e]);
  return m;
}

// Does edge e of merge m run a copy of the dispatching if's arm?
bool Emitter::runsIfArmCopy(uint32_t m, uint32_t e) const {
  return m < threadedTargets_.size() && e < threadedTargets_[m].size() && threadedTargets_[m][e] == kRunsIfArmCopy;
}

// Does leaving along edge e of merge m emit anything besides the jump?
bool Emitter::edgeHasCode(uint32_t m, uint32_t e) const {
  return hasEdgeCopies(m) || threadedTarget(m, e) != m || runsIfArmCopy(m, e);
}

// The threaded block, its tail and the dispatch; when edges are threaded
// past a br_if (it would not branch), inside a block ending right after it.
void Emitter::emitThreadedBlock(const ThreadedTail& tail, Expressions& out) {
  Expressions inner;
  Expressions& to = tail.fallThrough >= 0 ? inner : out;
  const std::string nm = tail.fallThrough >= 0 ? mergeLabel(uint32_t(tail.fallThrough)) : std::string();
  const uint32_t breaksBefore = tail.fallThrough >= 0 ? breaksTo_[nm] : 0;
  for (size_t k = tail.begin; k < tail.end && reachable_; ++k) emitStatement((*tail.list)[k], to);
  if (reachable_) emitStatement(*tail.dispatch, to);
  if (tail.fallThrough < 0) return;
  uint32_t vm = uint32_t(tail.fallThrough);
  if (reachable_) recordEdgeInto(vm);
  out.push_back(makeNamedBlock(nm, inner, breaksBefore));
  joinMerge(vm);
}

} // namespace eqsat::emitting
