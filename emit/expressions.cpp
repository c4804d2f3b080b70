// Binaryen expressions for classes and operations: the cheapest node of a
// class computable here from values in locals, constants and pure nodes
// (computable), shared through a local.tee when worth it (worthSharing), and
// the Binaryen call for each kind of operator.
#include "emit/emitter.h"

#include <algorithm>

namespace eqsat::emitting {

namespace {

// The width that a sign-extension operator keeps (i32.extend8_s: 8), else 0.
unsigned signExtendedBits(Op op) {
  switch (op) {
  case Op::I32Extend8S: case Op::I64Extend8S: return 8;
  case Op::I32Extend16S: case Op::I64Extend16S: return 16;
  case Op::I64Extend32S: return 32;
  default: return 0;
  }
}

} // namespace

// A new local of type t, after the parameters and the locals added so far.
uint32_t Emitter::addLocal(Ty t) {
  addedLocalTypes_.push_back(binaryenType(t));
  return nextLocalIndex_++;
}

// The local that holds class c (the only class it ever holds).
uint32_t Emitter::localOf(ClassId c) {
  c = canonical(c);
  if (localOfClass_[c] < 0) localOfClass_[c] = int32_t(addLocal(egraph_.type(c)));
  return uint32_t(localOfClass_[c]);
}

void Emitter::markInLocal(ClassId c) {
  stateToSet(canonical(c)) |= kInLocal;
  stateChanged();
}

// The nodes of class c, cheapest first, the extraction's choice before all.
const std::vector<NodeId>& Emitter::nodesByCost(ClassId c) {
  auto it = nodesByCostCache_.find(c);
  if (it != nodesByCostCache_.end()) return it->second;
  std::vector<std::pair<double, NodeId>> v;
  for (NodeId n : egraph_.classNodes(c))
    v.push_back({nodeCost(egraph_, costModel_, extraction_, egraph_.node(n)), n});
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.first < b.first; });
  // The extraction's choice first (a dag/exact choice need not be the tree-cheapest node).
  NodeId chosen = c < extraction_.best.size() ? extraction_.best[c] : NodeId(-1);
  std::stable_partition(v.begin(), v.end(), [&](auto& p) { return p.second == chosen; });
  std::vector<NodeId> r;
  for (auto& p : v) r.push_back(p.second);
  return nodesByCostCache_.emplace(c, std::move(r)).first->second;
}

// Can class c be computed here from available values and pure nodes?
bool Emitter::computable(ClassId c, unsigned depth) {
  c = canonical(c);
  if (inLocal(c)) return true;
  if (egraph_.constant(c)) return true;
  if (computableEpoch_[c] == stateEpoch_) return computableMemo_[c] == 1;
  if (depth > 200) return false;
  computableEpoch_[c] = stateEpoch_;
  computableMemo_[c] = 0;  // in progress: cycles are infeasible
  for (NodeId n : nodesByCost(c)) {
    NodeView v = egraph_.node(n);
    if (isDefinedNode(v) && !sunkLoadRunsHere(c, v)) continue;
    bool ok = true;
    for (ClassId k : v.children)
      if (!computable(k, depth + 1)) { ok = false; break; }
    if (ok) {
      computableMemo_[c] = 1;
      return true;
    }
  }
  return false;
}

// The constant of type t with the given bits.
BinaryenExpressionRef Emitter::makeConst(Ty t, uint64_t bits) {
  BinaryenLiteral lit;
  switch (t) {
  case Ty::i32: lit = BinaryenLiteralInt32(int32_t(uint32_t(bits))); break;
  case Ty::i64: lit = BinaryenLiteralInt64(int64_t(bits)); break;
  case Ty::f32: lit = BinaryenLiteralFloat32Bits(int32_t(uint32_t(bits))); break;
  case Ty::f64: lit = BinaryenLiteralFloat64Bits(int64_t(bits)); break;
  default: throw EmitFailure("constant of no type");
  }
  return BinaryenConst(module_, lit);
}

// Is class c, used more than once, worth computing once into its local?
bool Emitter::worthSharing(ClassId c) {
  c = canonical(c);
  if (auto v = egraph_.constant(c)) {
    // An expensive constant used several times where no immediate fits.
    double mat = costModel_.opCost(NodeView{constOpFor(egraph_.type(c)), egraph_.type(c), *v, {}});
    double inl = mat * constantOperandUses_[c];
    double shared = mat + costModel_.localSetCost(egraph_.type(c)) +
                    costModel_.localGetCost(egraph_.type(c)) * constantOperandUses_[c];
    return constantOperandUses_[c] >= 2 && shared < inl;
  }
  if (plannedUses_[c] < 2) return false;
  double k = extraction_.cost[c];
  return k > costModel_.localGetCost(egraph_.type(c));
}

// Operand i of node `user` whose class is c.
BinaryenExpressionRef Emitter::emitOperand(const NodeView& user, unsigned i, ClassId c) {
  c = canonical(c);
  if (auto v = egraph_.constant(c)) {
    if (costModel_.constOperandCost(user, i, egraph_.type(c), *v) == 0 || !inLocal(c)) {
      if (!inLocal(c) && worthSharing(c)) {
        uint32_t l = localOf(c);
        auto e = BinaryenLocalTee(module_, l, makeConst(egraph_.type(c), *v), binaryenType(egraph_.type(c)));
        markInLocal(c);
        return e;
      }
      return makeConst(egraph_.type(c), *v);
    }
  }
  return emitClass(c);
}

// The value of class c here: its local, a constant, or the cheapest node
// computable here (through a local.tee when worth sharing and allowed).
BinaryenExpressionRef Emitter::emitClass(ClassId c, Sharing sharing) {
  c = canonical(c);
  Ty t = egraph_.type(c);
  if (!inLocal(c))
    if (auto v = egraph_.constant(c)) return makeConst(t, *v);
  // On a threaded edge a phi of the merges passed is its input on that edge:
  // use that when it is a constant or already in a local. With forwardPhis,
  // also when the phi is in its own local: its copy on the edge may then
  // die (but then tails that read the phi alike do not fold, so the driver
  // prices the function both ways).
  if (!threadedEdgePath_.empty() || !pathFacts_.empty()) {
    ClassId v = valueHere(c);
    const bool held = inLocal(c);
    if (v != c && (!held || options_.forwardPhis) &&
        (inLocal(v) || egraph_.constant(v) ||
         (!held && extraction_.cost[v] <= extraction_.cost[c] && computable(v)))) {
      if (held) ++forwardedPhis_;
      return emitClass(v, sharing);
    }
  }
  if (inLocal(c)) return BinaryenLocalGet(module_, uint32_t(localOfClass_[c]), binaryenType(t));
  // Cheapest computable pure node, never through a class already being emitted
  // (equal-cost cycles between classes exist under some cost models).
  if (beingEmitted_[c]) throw EmitFailure("cyclic choice");
  struct StackMark {
    Emitter& e;
    ClassId c;
    StackMark(Emitter& em, ClassId cl) : e(em), c(cl) { e.beingEmitted_[c] = 1; }
    ~StackMark() { e.beingEmitted_[c] = 0; }
  } mark(*this, c);
  const std::vector<NodeId> order = nodesByCost(c);
  for (NodeId n : order) {
    NodeView v = egraph_.node(n);
    const bool sunkLoad = isDefinedNode(v) && sunkLoadRunsHere(c, v);
    if (isDefinedNode(v) && !sunkLoad) continue;
    bool ok = true;
    for (ClassId k : v.children) {
      ClassId kc = canonical(k);
      // Not through a class being emitted (unless it is already in a local or a constant).
      if ((beingEmitted_[kc] && !inLocal(kc) && !egraph_.constant(kc)) || !computable(k)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    BinaryenExpressionRef e =
        sunkLoad ? emitOperation(v.op, v.ty, v.imm, std::vector<ClassId>(v.children.begin(), v.children.end()))
                 : emitPureNode(v);
    if (sharing == Sharing::MayTee && worthSharing(c)) {
      uint32_t l = localOf(c);
      e = BinaryenLocalTee(module_, l, e, binaryenType(t));
      markInLocal(c);
    }
    return e;
  }
  throw EmitFailure(std::string("no available form for a value of type ") + tyName(t));
}

// A module without the sign-ext feature gets (x << k) >>s k instead, which
// every wasm engine runs.
BinaryenExpressionRef Emitter::signExtendByShifts(Ty ty, unsigned bits, BinaryenExpressionRef x) {
  bool wide = ty == Ty::i64;
  unsigned k = (wide ? 64 : 32) - bits;
  auto amount = [&] { return wide ? makeConst(Ty::i64, k) : makeConst(Ty::i32, k); };
  BinaryenExpressionRef shifted = BinaryenBinary(module_, wide ? BinaryenShlInt64() : BinaryenShlInt32(), x, amount());
  return BinaryenBinary(module_, wide ? BinaryenShrSInt64() : BinaryenShrSInt32(), shifted, amount());
}

// Pure node v, its operands emitted as operands.
BinaryenExpressionRef Emitter::emitPureNode(NodeView v) {
  std::vector<ClassId> kids(v.children.begin(), v.children.end());
  const OpInfo& info = opInfo(v.op);
  switch (info.kind) {
  case OpKind::Unary: case OpKind::Convert:
    if (unsigned bits = signExtendedBits(v.op);
        bits && !(BinaryenModuleGetFeatures(module_) & BinaryenFeatureSignExt()))
      return signExtendByShifts(v.ty, bits, emitOperand(v, 0, kids[0]));
    return BinaryenUnary(module_, binaryenOpFor(v.op), emitOperand(v, 0, kids[0]));
  case OpKind::Binary: case OpKind::Compare: {
    auto a = emitOperand(v, 0, kids[0]);
    auto b = emitOperand(v, 1, kids[1]);
    return BinaryenBinary(module_, binaryenOpFor(v.op), a, b);
  }
  case OpKind::Select: {
    auto a = emitOperand(v, 0, kids[0]);
    auto b = emitOperand(v, 1, kids[1]);
    auto c = emitOperand(v, 2, kids[2]);
    return BinaryenSelect(module_, c, a, b, binaryenType(egraph_.type(canonical(kids[0]))));
  }
  case OpKind::Const: return makeConst(v.ty, v.imm);
  case OpKind::Generic:
    if (kids.size() == 1) return BinaryenUnary(module_, BinaryenOp(v.imm), emitOperand(v, 0, kids[0]));
    {
      auto a = emitOperand(v, 0, kids[0]);
      auto b = emitOperand(v, 1, kids[1]);
      return BinaryenBinary(module_, BinaryenOp(v.imm), a, b);
    }
  default: break;
  }
  throw EmitFailure(std::string("cannot emit operator ") + info.name);
}

// An operation a statement (or a sunk load) runs: loads, stores, calls,
// globals, memory size and grow, trapping operators.
BinaryenExpressionRef Emitter::emitOperation(Op op, Ty ty, uint64_t imm, const std::vector<ClassId>& kids) {
  NodeView v{op, ty, imm, std::span<const ClassId>(kids)};
  const OpInfo& info = opInfo(op);
  auto ops = [&]() {
    Expressions r;
    for (size_t i = 0; i < kids.size(); ++i) r.push_back(emitOperand(v, unsigned(i), kids[i]));
    return r;
  };
  if (info.kind == OpKind::Load) {
    auto p = ops();
    unsigned bytes = info.bytes;
    uint32_t align = std::min<uint32_t>(1u << memAlignLog2(imm), bytes);
    return BinaryenLoad(module_, bytes, info.signedAccess, memOffset(imm), align, binaryenType(info.result), p[0]);
  }
  if (info.kind == OpKind::Store) {
    auto p = ops();
    unsigned bytes = info.bytes;
    uint32_t align = std::min<uint32_t>(1u << memAlignLog2(imm), bytes);
    return BinaryenStore(module_, bytes, memOffset(imm), align, p[0], p[1], binaryenType(info.operand[1]));
  }
  switch (op) {
  case Op::Call: {
    const CallInfo& ci = function_.calls.at(uint32_t(imm));
    auto p = ops();
    if (ci.indirect) {
      BinaryenExpressionRef target = p.back();
      p.pop_back();
      return BinaryenCallIndirect(module_, ci.table.c_str(), target, p.data(), BinaryenIndex(p.size()), ci.params,
                                  ci.results);
    }
    return BinaryenCall(module_, ci.target.c_str(), p.data(), BinaryenIndex(p.size()), binaryenType(ty));
  }
  case Op::GlobalGet:
    return BinaryenGlobalGet(module_, function_.globals.at(uint32_t(imm)).c_str(), binaryenType(ty));
  case Op::GlobalSet: {
    auto p = ops();
    return BinaryenGlobalSet(module_, function_.globals.at(uint32_t(imm)).c_str(), p[0]);
  }
  case Op::MemorySize: return BinaryenMemorySize(module_);
  case Op::MemoryGrow: {
    auto p = ops();
    return BinaryenMemoryGrow(module_, p[0]);
  }
  case Op::GenericTrapUnary: {
    auto p = ops();
    return BinaryenUnary(module_, BinaryenOp(imm), p[0]);
  }
  default: break;
  }
  if (info.kind == OpKind::Binary) {  // trapping integer division / remainder
    auto p = ops();
    return BinaryenBinary(module_, binaryenOpFor(op), p[0], p[1]);
  }
  throw EmitFailure(std::string("cannot emit statement operator ") + info.name);
}

// A branch or `if` condition only asks "non-zero?": for (x != 0) test x itself
// when that is at hand or cheaper than the compare.
BinaryenExpressionRef Emitter::emitCondition(ClassId c) {
  c = canonical(c);
  if (!inLocal(c))
    for (NodeId n : egraph_.classNodes(c)) {
      NodeView v = egraph_.node(n);
      if (v.op != Op::I32Ne) continue;
      for (int side = 0; side < 2; ++side) {
        ClassId y = canonical(v.children[side]);
        if (egraph_.constant(canonical(v.children[1 - side])) != std::optional<uint64_t>(0) ||
            egraph_.type(y) != Ty::i32)
          continue;
        if (computable(y) && (inLocal(y) || extraction_.cost[y] < extraction_.cost[c])) return emitClass(y);
      }
    }
  return emitClass(c);
}

// A br_table index that is a constant, or select(constant, rest, cond) with
// `rest` such an index again (at most three deep): the conditions in order,
// each with the value it selects, and the value when none holds.
bool Emitter::selectChainOfConstants(ClassId c, std::vector<std::pair<ClassId, uint64_t>>& steps, uint64_t& last,
                                     int depth) {
  c = canonical(c);
  if (auto k = egraph_.constant(c)) {
    last = *k;
    return true;
  }
  if (depth >= 3) return false;
  for (NodeId n : egraph_.classNodes(c)) {
    NodeView v = egraph_.node(n);
    if (v.op != Op::Select) continue;
    auto a = egraph_.constant(canonical(v.children[0]));
    if (!a || !computable(canonical(v.children[2]))) continue;
    steps.emplace_back(v.children[2], *a);
    if (selectChainOfConstants(v.children[1], steps, last, depth + 1)) return true;
    steps.pop_back();
  }
  return false;
}

} // namespace eqsat::emitting
