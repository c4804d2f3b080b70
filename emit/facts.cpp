// What the emitter knows on the current path (PathFacts): the edges of the
// merges passed, what branches on the way showed, which memory accesses ran
// without trapping; and what follows from them: the class a value has here
// (valueHere), the largest value a br_table index can have, whether a load is
// safe to sink, whether a store writes back what was just loaded.
#include "emit/emitter.h"

#include "bridge/phi_rewrite.h"

#include <algorithm>

namespace eqsat::emitting {

namespace {

// Bounds on the facts kept, so that copying them at every branch stays cheap:
// when full, the older facts are forgotten (knowing less is always sound).
constexpr size_t kMaxConditions = 48;
constexpr size_t kMaxAccessEnds = 32;

} // namespace

void Emitter::setPathFacts(PathFacts f) {
  pathFacts_ = std::move(f);
  ++factsVersion_;  // valueHere's memo is stale
}

// The facts after forward merge m: those that held on every recorded
// incoming edge (the edge sets joined); m's own edges are those not
// threaded elsewhere.
void Emitter::joinFactsAt(uint32_t m) {
  auto& edgeFacts = factsAtEdges_[m];
  PathFacts f = std::move(edgeFacts[0]);
  for (size_t e = 1; e < edgeFacts.size(); ++e) {
    for (auto it = f.mergeEdges.begin(); it != f.mergeEdges.end();) {
      auto o = edgeFacts[e].mergeEdges.find(it->first);
      if (o == edgeFacts[e].mergeEdges.end()) {
        it = f.mergeEdges.erase(it);
      } else {
        it->second |= o->second;
        ++it;
      }
    }
    for (auto it = f.conditions.begin(); it != f.conditions.end();) {
      auto o = edgeFacts[e].conditions.find(it->first);
      if (o == edgeFacts[e].conditions.end() || o->second != it->second) it = f.conditions.erase(it);
      else ++it;
    }
    for (auto it = f.accessEnds.begin(); it != f.accessEnds.end();) {
      auto o = edgeFacts[e].accessEnds.find(it->first);
      if (o == edgeFacts[e].accessEnds.end()) {
        it = f.accessEnds.erase(it);
      } else {
        it->second = std::min(it->second, o->second);
        ++it;
      }
    }
  }
  edgeFacts.clear();
  f.mergeEdges.erase(m);
  if (!isVirtualMerge(m) && m < threadedTargets_.size() && !threadedTargets_[m].empty() &&
      threadedTargets_[m].size() <= 64) {
    uint64_t mask = 0;
    for (size_t e = 0; e < threadedTargets_[m].size(); ++e)
      if (threadedTargets_[m][e] == -1) mask |= uint64_t(1) << e;
    f.mergeEdges[m] = mask;
  }
  setPathFacts(std::move(f));
}

// The path passes merge m along its edge e.
void Emitter::learnEdgeTaken(uint32_t m, uint32_t e) {
  ++factsVersion_;
  if (e < 64 && function_.merges[m].numEdges <= 64) pathFacts_.mergeEdges[m] = uint64_t(1) << e;
  else pathFacts_.mergeEdges.erase(m);
}

// A branch on class c went this way: c is non-zero (taken) or zero. What
// that says of the operand of (eqz x), (x != 0) and (x == 0) holds too.
void Emitter::learnCondition(ClassId c, Condition cond, int depth) {
  ++factsVersion_;
  c = canonical(c);
  if (pathFacts_.conditions.size() >= kMaxConditions && !pathFacts_.conditions.count(c)) pathFacts_.conditions.clear();
  pathFacts_.conditions[c] = cond;
  if (depth == 0) return;
  const bool nonZero = cond == Condition::NonZero;
  const Condition opposite = nonZero ? Condition::Zero : Condition::NonZero;
  for (NodeId n : egraph_.classNodes(c)) {
    NodeView v = egraph_.node(n);
    if (v.op == Op::I32Eqz || v.op == Op::I64Eqz) {
      learnCondition(v.children[0], opposite, depth - 1);
    } else if (v.op == Op::I32Ne || v.op == Op::I32Eq) {
      for (int side = 0; side < 2; ++side)
        if (egraph_.constant(canonical(v.children[1 - side])) == std::optional<uint64_t>(0) &&
            !egraph_.constant(canonical(v.children[side])))
          learnCondition(v.children[side], v.op == Op::I32Ne ? cond : opposite, depth - 1);
    } else if (v.op == Op::Select && egraph_.type(c) == Ty::i32) {
      // select(a, b, k) (a when k is non-zero, else b) with a or b the
      // constant 0 (or a non-zero constant): which arm it took, and so what k
      // and the other arm were.
      auto a = egraph_.constant(canonical(v.children[0])), b = egraph_.constant(canonical(v.children[1]));
      auto tookArm = [&](unsigned arm) {
        learnCondition(v.children[2], arm == 0 ? Condition::NonZero : Condition::Zero, depth - 1);
        if (!egraph_.constant(canonical(v.children[arm]))) learnCondition(v.children[arm], cond, depth - 1);
      };
      if (a && ((*a & 0xffffffffu) == 0) == nonZero) tookArm(1);       // not arm a
      else if (b && ((*b & 0xffffffffu) == 0) == nonZero) tookArm(0);  // not arm b
    }
  }
}

// What a branch on the way showed of class c.
Condition Emitter::knownCondition(ClassId c) const {
  auto it = pathFacts_.conditions.find(canonical(c));
  return it == pathFacts_.conditions.end() ? Condition::Unknown : it->second;
}

// Did a branch on the way show x >= 0 (x >= 0 true, x < 0 false, x > -1 true)?
bool Emitter::knownNonNegative(ClassId x) const {
  ClassId z = constantClass(Ty::i32, 0), m1 = constantClass(Ty::i32, 0xffffffffu);
  auto fact = [&](Op op, ClassId k) {
    if (k == kNoClass) return Condition::Unknown;
    ClassId kids[] = {canonical(x), k};
    ClassId r = egraph_.lookup(op, Ty::i32, 0, kids);
    return r == kNoClass ? Condition::Unknown : knownCondition(r);
  };
  return fact(Op::I32GeS, z) == Condition::NonZero || fact(Op::I32LtS, z) == Condition::Zero ||
         fact(Op::I32GtS, m1) == Condition::NonZero;
}

// An access [addr + offset, addr + offset + bytes) ran here without trapping.
void Emitter::recordAccess(ClassId addr, uint64_t imm, unsigned bytes) {
  addr = canonical(addr);
  uint64_t end = uint64_t(memOffset(imm)) + bytes;
  auto it = pathFacts_.accessEnds.find(addr);
  if (it != pathFacts_.accessEnds.end()) {
    it->second = std::max(it->second, end);
    return;
  }
  if (pathFacts_.accessEnds.size() >= kMaxAccessEnds) pathFacts_.accessEnds.clear();
  pathFacts_.accessEnds[addr] = end;
}

// Does an access like this one that ran already show it cannot trap?
bool Emitter::accessInBounds(ClassId addr, uint64_t imm, unsigned bytes) const {
  auto it = pathFacts_.accessEnds.find(canonical(addr));
  return it != pathFacts_.accessEnds.end() && uint64_t(memOffset(imm)) + bytes <= it->second;
}

// Node v of class c is its sunk load, and may be computed here: the load
// statement was passed, and this is the memory state and loop it ran in.
bool Emitter::sunkLoadRunsHere(ClassId c, const NodeView& v) const {
  int32_t i = sunkLoadIndex_[c];
  if (i < 0) return false;
  const SunkLoad& sl = sunkLoads_[size_t(i)];
  return v.op == sl.op && v.imm == sl.imm && canonical(v.children[0]) == sl.addr && !inLocal(c) &&
         ranOperation(c) == operationTag(sl.op) && memoryHere_ != kUnknownMemory &&
         useSite(memoryHere_, loopHere_) == sl.site;
}

// A division or remainder by a constant that is neither 0 nor (signed) -1:
// it cannot trap, so it need not run where nothing uses its value.
bool Emitter::cannotTrapDivision(const Stmt& s) const {
  bool sign;
  switch (s.op) {
  case Op::I32DivU: case Op::I32RemU: case Op::I64DivU: case Op::I64RemU: sign = false; break;
  case Op::I32DivS: case Op::I32RemS: case Op::I64DivS: case Op::I64RemS: sign = true; break;
  default: return false;
  }
  if (s.kids.size() != 2) return false;
  std::optional<uint64_t> d = egraph_.constant(canonical(s.kids[1]));
  if (!d) return false;
  uint64_t ones = s.ty == Ty::i64 ? ~uint64_t(0) : 0xffffffffu;
  uint64_t v = *d & ones;
  return v != 0 && !(sign && v == ones);
}

// The class of constant v of type t, if the e-graph has one.
ClassId Emitter::constantClass(Ty t, uint64_t v) const {
  if (t != Ty::i32 && t != Ty::i64) return kNoClass;
  ClassId k = egraph_.lookup(t == Ty::i64 ? Op::I64Const : Op::I32Const, t, t == Ty::i32 ? (v & 0xffffffffu) : v, {});
  return k == kNoClass ? kNoClass : canonical(k);
}

// The largest value class c (an i32) can have here: its known bits, and for
// a phi of a merge whose edges the path facts restrict, the largest of the
// inputs on those edges.
uint64_t Emitter::maxValueHere(ClassId c, int depth) const {
  c = canonical(c);
  uint64_t mx = ~egraph_.knownBits(c).zero & 0xffffffffu;
  if (depth == 0 || pathFacts_.empty()) return mx;
  for (NodeId n : egraph_.classNodes(c)) {
    NodeView v = egraph_.node(n);
    if (v.op != Op::Phi || v.imm >= function_.merges.size() || v.children.size() != function_.merges[v.imm].numEdges)
      continue;
    auto it = pathFacts_.mergeEdges.find(uint32_t(v.imm));
    if (it == pathFacts_.mergeEdges.end()) continue;
    uint64_t r = 0;
    for (size_t e = 0; e < v.children.size(); ++e)
      if ((it->second >> e) & 1) r = std::max(r, maxValueHere(v.children[e], depth - 1));
    mx = std::min(mx, r);
  }
  return mx;
}

// A merge the path passed along one known edge.
std::optional<uint32_t> Emitter::onlyEdgeTaken(uint32_t m) const {
  auto it = pathFacts_.mergeEdges.find(m);
  if (it == pathFacts_.mergeEdges.end() || it->second == 0 || (it->second & (it->second - 1))) return std::nullopt;
  return uint32_t(__builtin_ctzll(it->second));
}

// The class value c has here: through the phis of the merges a threaded
// edge passed (threadedEdgePath_) or the path took one known edge of, what
// branches on the way showed, and pure operators whose operands change that
// way when the resulting node exists in the e-graph (a few levels deep).
ClassId Emitter::valueHere(ClassId c, int depth) {
  c = canonical(c);
  if (valueHereMemoVersion_ != factsVersion_) {
    valueHereMemo_.clear();
    valueHereMemoVersion_ = factsVersion_;
  }
  uint64_t key = (uint64_t(c) << 3) | uint64_t(depth);
  if (auto it = valueHereMemo_.find(key); it != valueHereMemo_.end()) return it->second;
  ClassId r = computeValueHere(c, depth);
  valueHereMemo_.emplace(key, r);
  return r;
}

ClassId Emitter::computeValueHere(ClassId c, int depth) {
  for (auto [m, e] : threadedEdgePath_)
    if (std::optional<NodeView> phi = phiNodeAt(c, m)) c = canonical(phi->children[e]);
  for (int round = 0; round < 4 && !pathFacts_.mergeEdges.empty(); ++round) {
    ClassId before = c;
    for (NodeId n : egraph_.classNodes(c)) {
      NodeView v = egraph_.node(n);
      if (v.op != Op::Phi || v.imm >= function_.merges.size() || v.children.size() != function_.merges[v.imm].numEdges)
      continue;
      if (std::optional<uint32_t> e = onlyEdgeTaken(uint32_t(v.imm))) {
        c = canonical(v.children[*e]);
        break;
      }
    }
    if (c == before) break;
  }
  if (egraph_.constant(c)) return c;
  // A class a branch on the way tested: zero, or one if it is a boolean.
  if (Condition known = knownCondition(c); known != Condition::Unknown) {
    Ty t = egraph_.type(c);
    uint64_t ones = t == Ty::i64 ? ~uint64_t(0) : 0xffffffffu;
    if (known == Condition::Zero) {
      if (ClassId k = constantClass(t, 0); k != kNoClass) return k;
    } else if ((egraph_.knownBits(c).zero & ones) == (ones & ~uint64_t(1))) {
      if (ClassId k = constantClass(t, 1); k != kNoClass) return k;
    }
  }
  if (!pathFacts_.conditions.empty())
    if (ClassId k = valueShownByFacts(c); k != kNoClass) return k;
  if (depth == 0) return c;
  std::vector<ClassId> kids;
  for (NodeId n : egraph_.classNodes(c)) {
    NodeView v = egraph_.node(n);
    if (v.op == Op::Select) {
      if (auto k = egraph_.constant(valueHere(v.children[2], depth - 1))) {
        ClassId arm = canonical(v.children[(*k & 0xffffffffu) != 0 ? 0 : 1]);
        return valueHere(arm, depth - 1);
      }
      continue;
    }
    if (!distributable(v.op) || v.children.empty() || v.children.size() > 2) continue;
    kids.clear();
    bool changed = false;
    for (ClassId k : v.children) {
      kids.push_back(valueHere(k, depth - 1));
      changed = changed || kids.back() != canonical(k);
    }
    if (!changed) {
      // Operands as they are, but facts of the path may still decide it.
      if (!pathFacts_.conditions.empty())
        if (ClassId s = simplifiedByFacts(v.op, egraph_.type(c), kids); s != kNoClass && canonical(s) != c)
          return canonical(s);
      continue;
    }
    ClassId r = egraph_.lookup(v.op, v.ty, v.imm, kids);
    if (r != kNoClass) return canonical(r);
    if (ClassId s = simplifiedByFacts(v.op, egraph_.type(c), kids); s != kNoClass) return s;
    // All operands constant: the constant, if the e-graph has it.
    std::vector<uint64_t> vals;
    for (ClassId k : kids)
      if (auto kc = egraph_.constant(k)) vals.push_back(*kc);
    if (vals.size() == kids.size())
      if (auto x = evalOp(v.op, v.imm, vals)) {
        ClassId kc = egraph_.lookup(egraph_.type(c) == Ty::i64 ? Op::I64Const : Op::I32Const, egraph_.type(c), *x, {});
        if (kc != kNoClass) return canonical(kc);
      }
  }
  return c;
}

// x + 0, x | 0, x ^ 0, x - 0, x & 0, eqz of a non-zero class, a compare the
// compares of the path decide: an existing class equal to op(kids), or kNoClass.
ClassId Emitter::simplifiedByFacts(Op op, Ty t, const std::vector<ClassId>& kids) const {
  auto isConst = [&](ClassId k, uint64_t v) { return egraph_.constant(k) == std::optional<uint64_t>(v); };
  switch (op) {
  case Op::I32Add: case Op::I32Or: case Op::I32Xor: case Op::I64Add: case Op::I64Or: case Op::I64Xor:
    if (isConst(kids[0], 0)) return kids[1];
    if (isConst(kids[1], 0)) return kids[0];
    break;
  case Op::I32Sub: case Op::I64Sub:
    if (isConst(kids[1], 0)) return kids[0];
    break;
  case Op::I32And: case Op::I64And:
    if (isConst(kids[0], 0)) return kids[0];
    if (isConst(kids[1], 0)) return kids[1];
    break;
  case Op::I32Eqz: case Op::I64Eqz:
    if (knownCondition(kids[0]) == Condition::NonZero) return constantClass(t, 0);
    break;
  case Op::I32ShrU: case Op::I32ShrS:
    // The sign bit of a value a branch showed non-negative.
    if (isConst(kids[1], 31) && knownNonNegative(kids[0])) return constantClass(t, 0);
    break;
  case Op::I32LtS:
    if (isConst(kids[1], 0) && knownNonNegative(kids[0])) return constantClass(t, 0);
    break;
  case Op::I32GeS:
    if (isConst(kids[1], 0) && knownNonNegative(kids[0])) return constantClass(t, 1);
    break;
  default: break;
  }
  if (opInfo(op).kind == OpKind::Compare || op == Op::I32Eqz || op == Op::I64Eqz)
    return compareDecidedByFacts(op, kids[0], kids.size() > 1 ? kids[1] : kNoClass);
  return kNoClass;
}

// A store, on a threaded edge, of the value a load of the same width just
// read from the same address, with memory unchanged since, that already ran
// on every path here (so the store cannot trap): memory stays as it is.
bool Emitter::storesBackLoadedValue(const Stmt& s) {
  auto writesBack = [&](Op op, uint64_t imm, const std::vector<ClassId>& kids) {
    const OpInfo& si = opInfo(op);
    if (si.kind != OpKind::Store || kids.size() != 2) return false;
    if (si.operand[1] != Ty::i32 && si.operand[1] != Ty::i64) return false;
    auto it = function_.memBeforeStore.find(memSeq(imm));
    if (it == function_.memBeforeStore.end()) return false;
    return holdsLoadedBytes(valueHere(kids[1]), si.bytes, canonical(kids[0]), memOffset(imm), it->second, 2);
  };
  // The original store, or the one of its class the emitter would write.
  if (writesBack(s.op, s.imm, s.kids)) return true;
  const EffectOperation& chosen = effectOperation(s);
  return chosen.op != s.op && writesBack(chosen.op, chosen.imm, chosen.kids);
}

// Are the low `bytes` bytes of class v those a load from (p, off) read in
// memory state `state`, by a load at least that wide that already ran on
// every path here? (Through i64.extend_i32_* and i32.wrap_i64 for widths
// they keep.)
bool Emitter::holdsLoadedBytes(ClassId v, unsigned bytes, ClassId p, uint32_t off, uint32_t state, int depth) const {
  v = canonical(v);
  for (NodeId n : egraph_.classNodes(v)) {
    NodeView l = egraph_.node(n);
    const OpInfo& li = opInfo(l.op);
    if (li.kind == OpKind::Load && (li.result == Ty::i32 || li.result == Ty::i64) && li.bytes >= bytes &&
        canonical(l.children[0]) == p && memOffset(l.imm) == off && memSeq(l.imm) == state &&
        ranOperation(v) == operationTag(l.op))
      return true;
    if (depth > 0 && bytes <= 4 &&
        (l.op == Op::I64ExtendI32U || l.op == Op::I64ExtendI32S || l.op == Op::I32WrapI64) &&
        holdsLoadedBytes(l.children[0], bytes, p, off, state, depth - 1))
      return true;
  }
  return false;
}

} // namespace eqsat::emitting
