#include "emit/emit.h"

#include "ir/binaryen_ops.h"
#include "bridge/phi_rewrite.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <array>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace eqsat {

namespace {

struct EmitFail : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Per-class state along the current path: bit 0 = value available in its
// local; bits 1.. = (op + 1) of a Define statement already executed for it.
using State = std::vector<uint32_t>;
// Path facts, what holds on every path to the current point:
// - edges: for a forward merge passed on the way, the set of its incoming
//   edges the path may have come through (bit e = edge e; merges with more
//   than 64 edges are never restricted). Jump threading sends some edges of a
//   merge elsewhere, so the code after the merge, and the code the threaded
//   edges jump to, knows which inputs a phi of that merge can hold.
// - conds: classes a branch or `if` on the way tested: zero or non-zero.
// Classes are values (SSA), so a fact stays true until the path leaves the
// loop iteration it was learnt in; a loop header starts from the facts of
// its entry, which hold on every iteration.
// - bounds: for an address class p, the end (offset + bytes) of the
//   furthest access [p + offset, p + offset + bytes) that ran without
//   trapping (memory never shrinks, so it stays in bounds). Not counted by
//   empty(): it only decides which loads may wait for their uses.
struct Facts {
  static constexpr uint8_t kZero = 1, kNonZero = 2;
  std::map<uint32_t, uint64_t> edges;
  std::map<ClassId, uint8_t> conds;
  std::map<ClassId, uint64_t> bounds;
  bool empty() const { return edges.empty() && conds.empty(); }
};

class Emitter {
public:
  Emitter(BinaryenModuleRef m, const FunctionGraph& fg, const Extraction& ext, const CostModel& cm,
          const EmitOptions& o)
      : m_(m), fg_(fg), g_(*fg.egraph), ext_(ext), cm_(cm), opts_(o) {
    size_t n = ext.cost.size();
    st_.assign(n, 0);
    localOf_.assign(n, -1);
    needed_.assign(n, 0);
    uses_.assign(n, 0);
    matUses_.assign(n, 0);
    feasGen_.assign(n, 0);
    onStack_.assign(n, 0);
    feasVal_.assign(n, 0);
    phiPlanned_.assign(n, 0);
    useKey_.assign(n, kUnsetKey);
    sunkIdx_.assign(n, -1);
    nextLocal_ = uint32_t(fg.params.size());
    // Parameters are available everywhere in their own locals (never written).
    for (ClassId c : g_.classes())
      for (NodeId nd : g_.classNodes(c)) {
        NodeView v = g_.node(nd);
        if (v.op == Op::Param) {
          if (localOf_[c] < 0) localOf_[c] = int32_t(v.imm);
          st_[c] |= 1;
        }
      }
    pending_.resize(fg.merges.size());
    pendingFacts_.resize(fg.merges.size());
  }

  EmittedFunction run() {
    EmittedFunction r;
    try {
      plan();
      std::vector<BinaryenExpressionRef> list;
      emitList(fg_.body, list);
      bool endsWithValue = !fg_.body.empty() && fg_.body.back().kind == StmtKind::Value &&
                           fg_.body.back().cls != kNoClass;
      if (fg_.result != Ty::none && !endsWithValue) list.push_back(BinaryenUnreachable(m_));
      r.body = BinaryenBlock(m_, nullptr, list.data(), BinaryenIndex(list.size()),
                             endsWithValue ? binaryenType(fg_.result) : BinaryenTypeAuto());
      r.varTypes = varTypes_;
      r.threadedBlocks = threadedBlocks_;
      r.forwardedPhis = forwardedPhis_;
      r.ok = true;
    } catch (const EmitFail& f) {
      r.ok = false;
      r.whyNot = f.what();
    }
    return r;
  }

private:
  BinaryenModuleRef m_;
  const FunctionGraph& fg_;
  const EGraph& g_;
  const Extraction& ext_;
  const CostModel& cm_;
  EmitOptions opts_;

  State st_;
  std::vector<int32_t> localOf_;
  std::vector<uint8_t> needed_;
  std::vector<uint32_t> uses_, matUses_;
  std::vector<uint32_t> feasGen_;
  std::vector<uint8_t> onStack_;
  std::vector<int8_t> feasVal_;
  uint32_t gen_ = 1;
  std::vector<uint8_t> phiPlanned_;
  std::vector<std::vector<ClassId>> phisAt_;   // merge -> planned phi classes (forward merges)
  std::vector<std::vector<size_t>> carriedAt_; // merge -> planned carried indices (loops)
  std::vector<BinaryenType> varTypes_;
  uint32_t nextLocal_;
  bool live_ = true;
  // Forward merges: states at incoming edges.
  std::vector<std::vector<State>> pending_;
  Facts facts_;                                // on the current path (set through setFacts)
  std::vector<std::vector<Facts>> pendingFacts_;  // merge -> facts at its incoming edges
  uint32_t labelCounter_ = 0;
  unsigned loopDepth_ = 0;

  // Sunk loads. A load that cannot trap where it stands (an access at least
  // as far from the same address already ran on every path here), or any
  // load under --traps-never-happen, is not computed at its statement but at
  // its uses, when every use the plan saw runs in the same memory state and
  // loop as the load: then no store, call or iteration lies between them, and
  // a path that never uses it never loads it.
  static constexpr uint64_t kUnsetKey = ~uint64_t(0), kMultiKey = ~uint64_t(0) - 1;
  static constexpr uint32_t kNoMem = ~uint32_t(0);
  struct SunkLoad {
    Op op;
    uint64_t imm;
    ClassId addr;
    uint64_t key;  // memory state and loop of the load (useKey)
  };
  std::vector<uint64_t> useKey_;    // class -> where all its planned uses run, or kMultiKey
  std::vector<int32_t> sunkIdx_;    // class -> index into sunk_, or -1
  std::vector<SunkLoad> sunk_;
  uint64_t planKey_ = 0;            // planning: the statement being planned
  uint32_t planLoop_ = kNoMem;      // planning: the innermost loop (merge id)
  uint32_t curMem_ = kNoMem;        // emitting: memory state here (kNoMem: unknown)
  uint32_t curLoop_ = kNoMem;       // emitting: the innermost loop
  static uint64_t useKey(uint32_t mem, uint32_t loop) { return (uint64_t(loop) << 32) | mem; }
  void setHere(uint32_t mem) {
    if (mem != curMem_) {
      curMem_ = mem;
      ++gen_;  // feasibility depends on it
    }
  }
  // The planned load of class c, available to be computed here.
  bool sunkHere(ClassId c, const NodeView& v) const {
    int32_t i = sunkIdx_[c];
    if (i < 0) return false;
    const SunkLoad& sl = sunk_[size_t(i)];
    return v.op == sl.op && v.imm == sl.imm && F(v.children[0]) == sl.addr && !(st_[c] & 1) &&
           (st_[c] >> 1) == uint32_t(sl.op) + 1 && curMem_ != kNoMem && useKey(curMem_, curLoop_) == sl.key;
  }
  // All planned uses of c (and of what it is computed from) run under `key`.
  void noteUse(ClassId c, uint64_t key) {
    uint64_t& k = useKey_[c];
    if (k == key || k == kMultiKey) return;
    if (k == kUnsetKey) {
      k = key;
      return;
    }
    k = kMultiKey;
    if (!needed_[c] || g_.constant(c)) return;
    NodeView n = bestNode(c);
    if (n.op == Op::Phi || n.op == Op::LoopPhi || isDefinedNode(n)) return;
    std::vector<ClassId> kids(n.children.begin(), n.children.end());
    for (ClassId kid : kids) noteUse(F(kid), kMultiKey);
  }
  void noteBounds(ClassId addr, uint64_t imm, unsigned bytes) {
    static constexpr size_t kMaxBounds = 32;
    addr = F(addr);
    uint64_t end = uint64_t(memOffset(imm)) + bytes;
    auto it = facts_.bounds.find(addr);
    if (it != facts_.bounds.end()) {
      it->second = std::max(it->second, end);
      return;
    }
    if (facts_.bounds.size() >= kMaxBounds) facts_.bounds.clear();
    facts_.bounds[addr] = end;
  }
  bool inBounds(ClassId addr, uint64_t imm, unsigned bytes) const {
    auto it = facts_.bounds.find(F(addr));
    return it != facts_.bounds.end() && uint64_t(memOffset(imm)) + bytes <= it->second;
  }

  ClassId F(ClassId c) const { return g_.find(c); }
  NodeView bestNode(ClassId c) const {
    NodeId n = ext_.best[F(c)];
    if (n == NodeId(-1)) throw EmitFail("class without a finite-cost node");
    return g_.node(n);
  }

  uint32_t newLocal(Ty t) {
    varTypes_.push_back(binaryenType(t));
    return nextLocal_++;
  }
  uint32_t localFor(ClassId c) {
    c = F(c);
    if (localOf_[c] < 0) localOf_[c] = int32_t(newLocal(g_.type(c)));
    return uint32_t(localOf_[c]);
  }
  void makeAvailable(ClassId c) {
    st_[F(c)] |= 1;
    ++gen_;
  }
  std::string label(const char* prefix, uint32_t id) { return std::string(prefix) + std::to_string(id); }

  // ---------------------------------------------------------------- planning
  // Which classes are needed, how often, and which phis/loop-carried values
  // must be materialised in locals.
  void need(ClassId c) {
    c = F(c);
    ++uses_[c];
    noteUse(c, planKey_);
    if (needed_[c]) return;
    needed_[c] = 1;
    if (g_.constant(c)) return;
    NodeView n = bestNode(c);
    // Phi inputs are used on the incoming edges, wherever those are.
    struct KeyScope {
      uint64_t& k;
      uint64_t saved;
      ~KeyScope() { k = saved; }
    } scope{planKey_, planKey_};
    if (n.op == Op::Phi || n.op == Op::LoopPhi) planKey_ = kMultiKey;
    if (n.op == Op::Phi) {
      phiPlanned_[c] = 1;
      if (phisAt_.size() <= n.imm) phisAt_.resize(n.imm + 1);
      phisAt_[n.imm].push_back(c);
      std::vector<ClassId> kids(n.children.begin(), n.children.end());
      for (ClassId k : kids) need(k);
      return;
    }
    if (n.op == Op::LoopPhi) {
      uint32_t m = uint32_t(n.imm >> 32);
      const Merge& mg = fg_.merges[m];
      for (size_t k = 0; k < mg.carried.size(); ++k)
        if (F(mg.carried[k].phi) == c) {
          if (carriedAt_.size() <= m) carriedAt_.resize(m + 1);
          carriedAt_[m].push_back(k);
          phiPlanned_[c] = 1;
          for (ClassId v : mg.carried[k].perEdge) need(v);
        }
      return;
    }
    if (isDefinedNode(n)) return;
    std::vector<ClassId> kids(n.children.begin(), n.children.end());
    for (size_t i = 0; i < kids.size(); ++i) {
      ClassId k = F(kids[i]);
      if (auto v = g_.constant(k)) {
        if (cm_.constOperandCost(n, unsigned(i), g_.type(k), *v) > 0) ++matUses_[k];
        needed_[k] = 1;
        continue;
      }
      need(k);
    }
  }
  // The operation an Effect statement emits: for stores, the cheapest store
  // node of its class (rules may have narrowed it); otherwise the original.
  struct EffectChoice { Op op; Ty ty; uint64_t imm; std::vector<ClassId> kids; };
  std::unordered_map<const Stmt*, EffectChoice> effectChoice_;
  const EffectChoice& chooseEffect(const Stmt& s) {
    auto it = effectChoice_.find(&s);
    if (it != effectChoice_.end()) return it->second;
    EffectChoice ch{s.op, s.ty, s.imm, s.kids};
    if (opInfo(s.op).kind == OpKind::Store) {
      double bestCost = Extraction::kInf;
      for (NodeId n : g_.classNodes(F(s.cls))) {
        NodeView v = g_.node(n);
        if (opInfo(v.op).kind != OpKind::Store) continue;
        double k = cm_.opCost(v);
        for (size_t i = 0; i < v.children.size(); ++i) {
          ClassId kc = F(v.children[i]);
          auto cv = g_.constant(kc);
          k += cv ? cm_.constOperandCost(v, unsigned(i), g_.type(kc), *cv) : ext_.cost[kc];
        }
        if (k < bestCost - 1e-9) {
          bestCost = k;
          ch = EffectChoice{v.op, v.ty, v.imm, std::vector<ClassId>(v.children.begin(), v.children.end())};
        }
      }
    }
    return effectChoice_.emplace(&s, std::move(ch)).first->second;
  }

  void planList(const std::vector<Stmt>& list) {
    for (const Stmt& s : list) {
      planKey_ = useKey(s.mem, planLoop_);
      if (s.kind == StmtKind::Define && opInfo(s.op).kind == OpKind::Load && s.kids.size() == 1) {
        ClassId c = F(s.cls);
        if (sunkIdx_[c] == -1) {
          sunkIdx_[c] = int32_t(sunk_.size());
          sunk_.push_back(SunkLoad{s.op, s.imm, F(s.kids[0]), planKey_});
        } else if (sunkIdx_[c] >= 0) {
          const SunkLoad& o = sunk_[size_t(sunkIdx_[c])];
          if (o.op != s.op || o.imm != s.imm || o.addr != F(s.kids[0]) || o.key != planKey_) sunkIdx_[c] = -2;
        }
      }
      if (s.cls != kNoClass && (s.kind == StmtKind::If || s.kind == StmtKind::BrIf || s.kind == StmtKind::BrTable ||
                                s.kind == StmtKind::Return || s.kind == StmtKind::Value))
        need(s.cls);
      if (s.kind == StmtKind::Define)
        for (ClassId k : s.kids) need(k);
      if (s.kind == StmtKind::Effect) {
        const EffectChoice& ch = chooseEffect(s);
        for (ClassId k : ch.kids) need(k);
      }
      uint32_t outer = planLoop_;
      if (s.kind == StmtKind::Loop) planLoop_ = s.merge;
      planList(s.body);
      planList(s.elseBody);
      planLoop_ = outer;
    }
  }
  void plan() {
    phisAt_.resize(fg_.merges.size());
    carriedAt_.resize(fg_.merges.size());
    planList(fg_.body);
    // A load is sunk when every use runs where it does.
    for (ClassId c = 0; c < ClassId(sunkIdx_.size()); ++c) {
      if (sunkIdx_[c] < 0) continue;
      if (useKey_[c] != sunk_[size_t(sunkIdx_[c])].key) sunkIdx_[c] = -2;
    }
    // Uses made by statements themselves count once more than the plan saw them.
    for (auto& v : phisAt_) std::sort(v.begin(), v.end());
    for (auto& v : carriedAt_) {
      std::sort(v.begin(), v.end());
      v.erase(std::unique(v.begin(), v.end()), v.end());
    }
  }

  // ------------------------------------------------------------ expressions
  // Nodes of a class, cheapest first (lazily cached).
  std::unordered_map<ClassId, std::vector<NodeId>> order_;
  const std::vector<NodeId>& nodesByCost(ClassId c) {
    auto it = order_.find(c);
    if (it != order_.end()) return it->second;
    std::vector<std::pair<double, NodeId>> v;
    for (NodeId n : g_.classNodes(c)) v.push_back({nodeCost(g_, cm_, ext_, g_.node(n)), n});
    std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.first < b.first; });
    // The extraction's choice first (a dag/exact choice need not be the tree-cheapest node).
    NodeId chosen = c < ext_.best.size() ? ext_.best[c] : NodeId(-1);
    std::stable_partition(v.begin(), v.end(), [&](auto& p) { return p.second == chosen; });
    std::vector<NodeId> r;
    for (auto& p : v) r.push_back(p.second);
    return order_.emplace(c, std::move(r)).first->second;
  }

  // Can class c be computed here from available values and pure nodes?
  bool feasible(ClassId c, unsigned depth = 0) {
    c = F(c);
    if (st_[c] & 1) return true;
    if (g_.constant(c)) return true;
    if (feasGen_[c] == gen_) return feasVal_[c] == 1;
    if (depth > 200) return false;
    feasGen_[c] = gen_;
    feasVal_[c] = 0;  // in progress: cycles are infeasible
    for (NodeId n : nodesByCost(c)) {
      NodeView v = g_.node(n);
      if (isDefinedNode(v) && !sunkHere(c, v)) continue;
      bool ok = true;
      for (ClassId k : v.children)
        if (!feasible(k, depth + 1)) { ok = false; break; }
      if (ok) {
        feasVal_[c] = 1;
        return true;
      }
    }
    return false;
  }

  BinaryenExpressionRef constExpr(Ty t, uint64_t bits) {
    BinaryenLiteral lit;
    switch (t) {
    case Ty::i32: lit = BinaryenLiteralInt32(int32_t(uint32_t(bits))); break;
    case Ty::i64: lit = BinaryenLiteralInt64(int64_t(bits)); break;
    case Ty::f32: lit = BinaryenLiteralFloat32Bits(int32_t(uint32_t(bits))); break;
    case Ty::f64: lit = BinaryenLiteralFloat64Bits(int64_t(bits)); break;
    default: throw EmitFail("constant of no type");
    }
    return BinaryenConst(m_, lit);
  }

  bool shouldShare(ClassId c) {
    c = F(c);
    if (auto v = g_.constant(c)) {
      // An expensive constant used several times where no immediate fits.
      double mat = cm_.opCost(NodeView{constOpFor(g_.type(c)), g_.type(c), *v, {}});
      double inl = mat * matUses_[c];
      double shared = mat + cm_.localSetCost(g_.type(c)) + cm_.localGetCost(g_.type(c)) * matUses_[c];
      return matUses_[c] >= 2 && shared < inl;
    }
    if (uses_[c] < 2) return false;
    double k = ext_.cost[c];
    return k > cm_.localGetCost(g_.type(c));
  }

  // Operand i of node `user` whose class is c.
  BinaryenExpressionRef emitOperand(const NodeView& user, unsigned i, ClassId c) {
    c = F(c);
    if (auto v = g_.constant(c)) {
      if (cm_.constOperandCost(user, i, g_.type(c), *v) == 0 || !(st_[c] & 1)) {
        if (!(st_[c] & 1) && shouldShare(c)) {
          uint32_t l = localFor(c);
          auto e = BinaryenLocalTee(m_, l, constExpr(g_.type(c), *v), binaryenType(g_.type(c)));
          makeAvailable(c);
          return e;
        }
        return constExpr(g_.type(c), *v);
      }
    }
    return emitClass(c);
  }

  BinaryenExpressionRef emitClass(ClassId c, bool allowShare = true) {
    c = F(c);
    Ty t = g_.type(c);
    if (!(st_[c] & 1))
      if (auto v = g_.constant(c)) return constExpr(t, *v);
    // On a threaded edge a phi of the merges passed is its input on that edge:
    // use that when it is a constant or already in a local. With forwardPhis,
    // also when the phi is in its own local: its copy on the edge may then
    // die (but tails that read the phi alike no longer fold, so the driver
    // prices the function both ways).
    if (!edgeCtx_.empty() || !facts_.empty()) {
      ClassId v = edgeValue(c);
      const bool held = st_[c] & 1;
      if (v != c && (!held || opts_.forwardPhis) &&
          ((st_[v] & 1) || g_.constant(v) || (!held && ext_.cost[v] <= ext_.cost[c] && feasible(v)))) {
        if (held) ++forwardedPhis_;
        return emitClass(v, allowShare);
      }
    }
    if (st_[c] & 1) return BinaryenLocalGet(m_, uint32_t(localOf_[c]), binaryenType(t));
    // Cheapest feasible pure node, never through a class already being emitted
    // (equal-cost cycles between classes exist under some cost models).
    if (onStack_[c]) throw EmitFail("cyclic choice");
    struct StackMark {
      Emitter& e;
      ClassId c;
      StackMark(Emitter& em, ClassId cl) : e(em), c(cl) { e.onStack_[c] = 1; }
      ~StackMark() { e.onStack_[c] = 0; }
    } mark(*this, c);
    const std::vector<NodeId> order = nodesByCost(c);
    for (NodeId n : order) {
      NodeView v = g_.node(n);
      const bool sunkLoad = isDefinedNode(v) && sunkHere(c, v);
      if (isDefinedNode(v) && !sunkLoad) continue;
      bool ok = true;
      for (ClassId k : v.children) {
        ClassId kc = F(k);
        // Not through a class being emitted (unless it is already in a local or a constant).
        if ((onStack_[kc] && !(st_[kc] & 1) && !g_.constant(kc)) || !feasible(k)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      BinaryenExpressionRef e =
          sunkLoad ? buildOp(v.op, v.ty, v.imm, std::vector<ClassId>(v.children.begin(), v.children.end()))
                   : buildPure(v);
      if (allowShare && shouldShare(c)) {
        uint32_t l = localFor(c);
        e = BinaryenLocalTee(m_, l, e, binaryenType(t));
        makeAvailable(c);
      }
      return e;
    }
    throw EmitFail(std::string("no available form for a value of type ") + tyName(t));
  }

  // The width that a sign-extension operator keeps (i32.extend8_s: 8), else 0.
  static unsigned signExtendedBits(Op op) {
    switch (op) {
    case Op::I32Extend8S: case Op::I64Extend8S: return 8;
    case Op::I32Extend16S: case Op::I64Extend16S: return 16;
    case Op::I64Extend32S: return 32;
    default: return 0;
    }
  }

  // A module without the sign-ext feature gets (x << k) >>s k instead, which
  // every wasm engine runs.
  BinaryenExpressionRef signExtendByShifts(Ty ty, unsigned bits, BinaryenExpressionRef x) {
    bool wide = ty == Ty::i64;
    unsigned k = (wide ? 64 : 32) - bits;
    auto amount = [&] { return wide ? constExpr(Ty::i64, k) : constExpr(Ty::i32, k); };
    BinaryenExpressionRef shifted = BinaryenBinary(m_, wide ? BinaryenShlInt64() : BinaryenShlInt32(), x, amount());
    return BinaryenBinary(m_, wide ? BinaryenShrSInt64() : BinaryenShrSInt32(), shifted, amount());
  }

  BinaryenExpressionRef buildPure(NodeView v) {
    std::vector<ClassId> kids(v.children.begin(), v.children.end());
    const OpInfo& info = opInfo(v.op);
    switch (info.kind) {
    case OpKind::Unary: case OpKind::Convert:
      if (unsigned bits = signExtendedBits(v.op); bits && !(BinaryenModuleGetFeatures(m_) & BinaryenFeatureSignExt()))
        return signExtendByShifts(v.ty, bits, emitOperand(v, 0, kids[0]));
      return BinaryenUnary(m_, binaryenOpFor(v.op), emitOperand(v, 0, kids[0]));
    case OpKind::Binary: case OpKind::Compare: {
      auto a = emitOperand(v, 0, kids[0]);
      auto b = emitOperand(v, 1, kids[1]);
      return BinaryenBinary(m_, binaryenOpFor(v.op), a, b);
    }
    case OpKind::Select: {
      auto a = emitOperand(v, 0, kids[0]);
      auto b = emitOperand(v, 1, kids[1]);
      auto c = emitOperand(v, 2, kids[2]);
      return BinaryenSelect(m_, c, a, b, binaryenType(g_.type(F(kids[0]))));
    }
    case OpKind::Const: return constExpr(v.ty, v.imm);
    case OpKind::Generic:
      if (kids.size() == 1) return BinaryenUnary(m_, BinaryenOp(v.imm), emitOperand(v, 0, kids[0]));
      {
        auto a = emitOperand(v, 0, kids[0]);
        auto b = emitOperand(v, 1, kids[1]);
        return BinaryenBinary(m_, BinaryenOp(v.imm), a, b);
      }
    default: break;
    }
    throw EmitFail(std::string("cannot emit operator ") + info.name);
  }

  // ------------------------------------------------------------- statements
  BinaryenExpressionRef buildOp(Op op, Ty ty, uint64_t imm, const std::vector<ClassId>& kids) {
    NodeView v{op, ty, imm, std::span<const ClassId>(kids)};
    const OpInfo& info = opInfo(op);
    auto ops = [&]() {
      std::vector<BinaryenExpressionRef> r;
      for (size_t i = 0; i < kids.size(); ++i) r.push_back(emitOperand(v, unsigned(i), kids[i]));
      return r;
    };
    if (info.kind == OpKind::Load) {
      auto p = ops();
      unsigned bytes = info.bytes;
      uint32_t align = std::min<uint32_t>(1u << memAlignLog2(imm), bytes);
      return BinaryenLoad(m_, bytes, info.signedAccess, memOffset(imm), align, binaryenType(info.result), p[0]);
    }
    if (info.kind == OpKind::Store) {
      auto p = ops();
      unsigned bytes = info.bytes;
      uint32_t align = std::min<uint32_t>(1u << memAlignLog2(imm), bytes);
      return BinaryenStore(m_, bytes, memOffset(imm), align, p[0], p[1], binaryenType(info.operand[1]));
    }
    switch (op) {
    case Op::Call: {
      const CallInfo& ci = fg_.calls.at(uint32_t(imm));
      auto p = ops();
      if (ci.indirect) {
        BinaryenExpressionRef target = p.back();
        p.pop_back();
        return BinaryenCallIndirect(m_, ci.table.c_str(), target, p.data(), BinaryenIndex(p.size()), ci.params,
                                    ci.results);
      }
      return BinaryenCall(m_, ci.target.c_str(), p.data(), BinaryenIndex(p.size()), binaryenType(ty));
    }
    case Op::GlobalGet:
      return BinaryenGlobalGet(m_, fg_.globals.at(uint32_t(imm)).c_str(), binaryenType(ty));
    case Op::GlobalSet: {
      auto p = ops();
      return BinaryenGlobalSet(m_, fg_.globals.at(uint32_t(imm)).c_str(), p[0]);
    }
    case Op::MemorySize: return BinaryenMemorySize(m_);
    case Op::MemoryGrow: {
      auto p = ops();
      return BinaryenMemoryGrow(m_, p[0]);
    }
    case Op::GenericTrapUnary: {
      auto p = ops();
      return BinaryenUnary(m_, BinaryenOp(imm), p[0]);
    }
    default: break;
    }
    if (info.kind == OpKind::Binary) {  // trapping integer division / remainder
      auto p = ops();
      return BinaryenBinary(m_, binaryenOpFor(op), p[0], p[1]);
    }
    throw EmitFail(std::string("cannot emit statement operator ") + info.name);
  }

  // Result of a statement: keep it in its class's local if needed later, else drop it.
  void finishValue(ClassId c, Ty ty, BinaryenExpressionRef e, bool mustRun, std::vector<BinaryenExpressionRef>& out) {
    c = F(c);
    if (ty != Ty::none && needed_[c] && !(st_[c] & 1)) {
      out.push_back(BinaryenLocalSet(m_, localFor(c), e));
      makeAvailable(c);
      return;
    }
    if (!mustRun) return;
    out.push_back(ty == Ty::none ? e : BinaryenDrop(m_, e));
  }

  // Compute class c into its local here (so that it is available on every path from here).
  void materialize(ClassId c, std::vector<BinaryenExpressionRef>& out) {
    c = F(c);
    if ((st_[c] & 1) || g_.constant(c) || !feasible(c)) return;
    BinaryenExpressionRef e = emitClass(c, false);
    if (st_[c] & 1) {  // emitting it made it available already (a cycle through a tee)
      out.push_back(BinaryenDrop(m_, e));
      return;
    }
    out.push_back(BinaryenLocalSet(m_, localFor(c), e));
    makeAvailable(c);
  }

  // Before a conditional edge: values it carries that are needed on other
  // paths too are computed once, before the branch, instead of in the branch.
  void hoistEdgeValues(uint32_t m, uint32_t edge, std::vector<BinaryenExpressionRef>& out) {
    const Merge& mg = fg_.merges[m];
    if (mg.kind == Merge::LoopHeader) {
      for (size_t k : carriedAt_[m]) {
        ClassId v = F(mg.carried[k].perEdge.at(edge));
        if (uses_[v] >= 2) materialize(v, out);
      }
      return;
    }
    for (ClassId p : phisAt_[m]) {
      NodeView n = bestNode(p);
      if (n.op != Op::Phi || edge >= n.children.size()) continue;
      ClassId v = F(n.children[edge]);
      if (uses_[v] >= 2) materialize(v, out);
    }
  }

  // The phi writes for edge `edge` of merge `m`.
  void edgeSets(uint32_t m, uint32_t edge, std::vector<BinaryenExpressionRef>& out) {
    const Merge& mg = fg_.merges[m];
    if (mg.kind == Merge::LoopHeader) {
      const auto& ks = carriedAt_[m];
      if (ks.empty()) return;
      if (ks.size() == 1 || edge == 0) {
        for (size_t k : ks) {
          const auto& car = mg.carried[k];
          // A loop entered once per call: its dedicated local is still zero-initialised on entry.
          if (edge == 0 && loopDepth_ == 0 && g_.constant(car.perEdge[0]) == std::optional<uint64_t>(0) &&
              (g_.type(F(car.phi)) == Ty::i32 || g_.type(F(car.phi)) == Ty::i64)) {
            localFor(car.phi);
            continue;
          }
          out.push_back(BinaryenLocalSet(m_, localFor(car.phi), emitClass(car.perEdge.at(edge))));
        }
        return;
      }
      // Parallel copy through temporaries.
      std::vector<uint32_t> tmps;
      for (size_t k : ks) {
        const auto& car = mg.carried[k];
        uint32_t t = newLocal(g_.type(F(car.phi)));
        tmps.push_back(t);
        out.push_back(BinaryenLocalSet(m_, t, emitClass(car.perEdge.at(edge))));
      }
      for (size_t i = 0; i < ks.size(); ++i) {
        const auto& car = mg.carried[ks[i]];
        Ty t = g_.type(F(car.phi));
        out.push_back(BinaryenLocalSet(m_, localFor(car.phi), BinaryenLocalGet(m_, tmps[i], binaryenType(t))));
      }
      return;
    }
    for (ClassId p : phisAt_[m]) {
      NodeView n = bestNode(p);
      if (n.op != Op::Phi || n.imm != m || edge >= n.children.size()) throw EmitFail("phi does not match its merge");
      ClassId k = n.children[edge];
      out.push_back(BinaryenLocalSet(m_, localFor(p), emitOperand(n, 0, k)));
    }
  }

  bool hasSets(uint32_t m) const {
    if (isVirtual(m)) return false;
    const Merge& mg = fg_.merges[m];
    return mg.kind == Merge::LoopHeader ? !carriedAt_[m].empty() : !phisAt_[m].empty();
  }

  // A branch or `if` condition only asks "non-zero?": for (x != 0) test x itself
  // when that is at hand or cheaper than the compare.
  BinaryenExpressionRef emitCond(ClassId c) {
    c = F(c);
    if (!(st_[c] & 1))
      for (NodeId n : g_.classNodes(c)) {
        NodeView v = g_.node(n);
        if (v.op != Op::I32Ne) continue;
        for (int side = 0; side < 2; ++side) {
          ClassId y = F(v.children[side]);
          if (g_.constant(F(v.children[1 - side])) != std::optional<uint64_t>(0) || g_.type(y) != Ty::i32) continue;
          if (feasible(y) && ((st_[y] & 1) || ext_.cost[y] < ext_.cost[c])) return emitClass(y);
        }
      }
    return emitClass(c);
  }

  // A br_table index that is a constant, or select(constant, rest, cond) with
  // `rest` such an index again (at most three deep): the conditions in order,
  // each with the value it selects, and the value when none holds.
  bool planChain(ClassId c, std::vector<std::pair<ClassId, uint64_t>>& steps, uint64_t& last, int depth) {
    c = F(c);
    if (auto k = g_.constant(c)) {
      last = *k;
      return true;
    }
    if (depth >= 3) return false;
    for (NodeId n : g_.classNodes(c)) {
      NodeView v = g_.node(n);
      if (v.op != Op::Select) continue;
      auto a = g_.constant(F(v.children[0]));
      if (!a || !feasible(F(v.children[2]))) continue;
      steps.emplace_back(v.children[2], *a);
      if (planChain(v.children[1], steps, last, depth + 1)) return true;
      steps.pop_back();
    }
    return false;
  }

  std::string targetLabel(uint32_t m) {
    return label(!isVirtual(m) && fg_.merges[m].kind == Merge::LoopHeader ? "L" : "B", m);
  }

  // Leave along an edge to merge m: record the state for forward merges.
  void recordEdge(uint32_t m) {
    if (isVirtual(m) || fg_.merges[m].kind != Merge::LoopHeader) {
      pending_[m].push_back(st_);
      pendingFacts_[m].push_back(facts_);
    }
  }
  // Join the recorded edges of a forward merge into the current state.
  void joinMerge(uint32_t m) {
    auto& p = pending_[m];
    if (p.empty()) {
      live_ = false;
      return;
    }
    live_ = true;
    State s = p[0];
    for (size_t e = 1; e < p.size(); ++e)
      for (size_t c = 0; c < s.size(); ++c) {
        uint32_t a = s[c], b = p[e][c];
        uint32_t avail = a & b & 1;
        uint32_t exec = ((a >> 1) == (b >> 1)) ? (a >> 1) : 0;
        s[c] = avail | (exec << 1);
      }
    for (ClassId c : phisAt_[m]) s[F(c)] |= 1;
    st_ = std::move(s);
    p.clear();
    ++gen_;
    // A fact holds after the merge when it held on every incoming edge (the
    // edge sets joined); m's own edges are those not threaded elsewhere.
    auto& pf = pendingFacts_[m];
    Facts f = std::move(pf[0]);
    for (size_t e = 1; e < pf.size(); ++e) {
      for (auto it = f.edges.begin(); it != f.edges.end();) {
        auto o = pf[e].edges.find(it->first);
        if (o == pf[e].edges.end()) {
          it = f.edges.erase(it);
        } else {
          it->second |= o->second;
          ++it;
        }
      }
      for (auto it = f.conds.begin(); it != f.conds.end();) {
        auto o = pf[e].conds.find(it->first);
        if (o == pf[e].conds.end() || o->second != it->second) it = f.conds.erase(it);
        else ++it;
      }
      for (auto it = f.bounds.begin(); it != f.bounds.end();) {
        auto o = pf[e].bounds.find(it->first);
        if (o == pf[e].bounds.end()) {
          it = f.bounds.erase(it);
        } else {
          it->second = std::min(it->second, o->second);
          ++it;
        }
      }
    }
    pf.clear();
    f.edges.erase(m);
    if (!isVirtual(m) && m < redirect_.size() && !redirect_[m].empty() && redirect_[m].size() <= 64) {
      uint64_t mask = 0;
      for (size_t e = 0; e < redirect_[m].size(); ++e)
        if (redirect_[m][e] == -1) mask |= uint64_t(1) << e;
      f.edges[m] = mask;
    }
    setFacts(std::move(f));
  }

  void emitList(const std::vector<Stmt>& list, std::vector<BinaryenExpressionRef>& out) {
    for (size_t i = 0; i < list.size(); ++i) {
      if (!live_) return;
      if (prefix_.dispatch == &list[i]) {
        // The threaded block and its tail, moved just before their dispatch
        // (inside the blocks that open there, whose labels they jump to).
        Tail p = prefix_;
        prefix_ = Tail{};
        emitThreaded(p, out);
        continue;
      }
      if (opts_.threadJumps && list[i].kind == StmtKind::Block && i + 1 < list.size()) {
        if (std::optional<Tail> p = planThreading(list, i)) {
          size_t j = p->end;
          if (p->dispatch == &list[j]) {
            emitThreaded(*p, out);
          } else {
            // The dispatch sits at the start of the block(s) at j: emit from there.
            prefix_ = *p;
            emitStmt(list[j], out);
          }
          i = j;
          continue;
        }
      }
      emitStmt(list[i], out);
    }
  }

  // Jump threading: a block whose result (or a local merged at its end) is a
  // phi dispatched on shortly after (a br_if or br_table, after at most
  // kMaxTail plain statements) lets each incoming edge on which the dispatch
  // is decided jump straight to where it would go. The statements in between
  // (the tail) are emitted again on each such edge, so nothing is skipped.
  // An edge is decided when its phi input is a constant, or a select of two
  // constants that both go the same way.
  static constexpr size_t kMaxTail = 4;
  struct Tail {
    const std::vector<Stmt>* list = nullptr;
    size_t begin = 0, end = 0;     // the statements between the block and the dispatch
    const Stmt* dispatch = nullptr;
    int64_t fallThrough = -1;      // br_if dispatch: the virtual merge just after it (-1: none)
    // Edges of an inner block's merge reach the dispatch through the ends of
    // the blocks it ends (each its parent's last statement): their (merge,
    // fallthrough edge), innermost first.
    std::vector<std::pair<uint32_t, uint32_t>> via;
  };

  // The threaded block, its tail and the dispatch; when edges are threaded
  // past a br_if (it would not branch), inside a block ending right after it.
  void emitThreaded(const Tail& p, std::vector<BinaryenExpressionRef>& out) {
    std::vector<BinaryenExpressionRef> inner;
    std::vector<BinaryenExpressionRef>& to = p.fallThrough >= 0 ? inner : out;
    for (size_t k = p.begin; k < p.end && live_; ++k) emitStmt((*p.list)[k], to);
    if (live_) emitStmt(*p.dispatch, to);
    if (p.fallThrough < 0) return;
    uint32_t vm = uint32_t(p.fallThrough);
    if (live_) recordEdge(vm);
    std::string nm = targetLabel(vm);
    out.push_back(BinaryenBlock(m_, nm.c_str(), inner.data(), BinaryenIndex(inner.size()), BinaryenTypeNone()));
    joinMerge(vm);
  }
  bool isVirtual(uint32_t m) const { return m >= fg_.merges.size(); }
  // A phi node of class c at merge m, with one input per edge of m.
  std::optional<NodeView> phiAt(ClassId c, uint32_t m) const {
    for (NodeId n : g_.classNodes(F(c))) {
      NodeView v = g_.node(n);
      if (v.op == Op::Phi && v.imm == m && v.children.size() == fg_.merges[m].numEdges) return v;
    }
    return std::nullopt;
  }
  // The id of statement s's edge into merge m (Br/BrIf/BrTable).
  static uint32_t edgeIdOf(const Stmt& s, uint32_t m) {
    for (size_t j = 0; j < s.edgeTargets.size(); ++j)
      if (s.edgeTargets[j] == m) return s.edgeIds[j];
    return 0;
  }
  unsigned threadedBlocks_ = 0;
  // A division or remainder by a constant that is neither 0 nor (signed) -1:
  // it cannot trap, so it need not run where nothing uses its value.
  bool safeDivision(const Stmt& s) const {
    bool sign;
    switch (s.op) {
    case Op::I32DivU: case Op::I32RemU: case Op::I64DivU: case Op::I64RemU: sign = false; break;
    case Op::I32DivS: case Op::I32RemS: case Op::I64DivS: case Op::I64RemS: sign = true; break;
    default: return false;
    }
    if (s.kids.size() != 2) return false;
    std::optional<uint64_t> d = g_.constant(F(s.kids[1]));
    if (!d) return false;
    uint64_t ones = s.ty == Ty::i64 ? ~uint64_t(0) : 0xffffffffu;
    uint64_t v = *d & ones;
    return v != 0 && !(sign && v == ones);
  }
  unsigned forwardedPhis_ = 0;

  // When edges of list[i] are threaded: what to emit for list[i..j), j being
  // the index of the dispatch or of the block(s) at whose start it sits.
  std::optional<Tail> planThreading(const std::vector<Stmt>& list, size_t i) {
    size_t j = i + 1;
    while (j < list.size() && j - i - 1 < kMaxTail &&
           (list[j].kind == StmtKind::Define || list[j].kind == StmtKind::Effect))
      ++j;
    if (j >= list.size()) return std::nullopt;
    const Stmt* d = &list[j];
    while (d->kind == StmtKind::Block && !d->body.empty()) d = &d->body[0];
    const Stmt& next = *d;
    if (next.kind != StmtKind::BrIf && next.kind != StmtKind::BrTable && !copiableIf(next)) return std::nullopt;
    // Where each dispatched value goes; kPast: past the br_if or if (a virtual
    // merge just after it); kThen: into the if's arm, copied onto the edge.
    constexpr int64_t kPast = -2, kThen = kThenCopy;
    auto targetOf = [&](uint64_t v) -> int64_t {
      if (next.kind == StmtKind::BrIf) return (v & 0xffffffffu) != 0 ? int64_t(next.edgeTargets[0]) : kPast;
      if (next.kind == StmtKind::If) return (v & 0xffffffffu) != 0 ? kThen : kPast;
      size_t idx = std::min<uint64_t>(v & 0xffffffffu, next.targets.size() - 1);
      return next.targets[idx];
    };
    auto decided = [&](ClassId k) -> int64_t {
      if (auto c = g_.constant(F(k))) return targetOf(*c);
      for (NodeId n : g_.classNodes(F(k))) {
        NodeView v = g_.node(n);
        if (v.op != Op::Select) continue;
        auto a = g_.constant(F(v.children[0])), b = g_.constant(F(v.children[1]));
        if (a && b && targetOf(*a) == targetOf(*b)) return targetOf(*a);
      }
      // Known bits: a value with a bit known one is non-zero, and one at
      // least the default's index (the least it can be) goes to the default.
      uint64_t least = g_.knownBits(F(k)).one & 0xffffffffu;
      if (least != 0 && (next.kind != StmtKind::BrTable || least >= next.targets.size() - 1))
        return targetOf(next.kind == StmtKind::BrTable ? uint64_t(next.targets.size() - 1) : least);
      return int64_t(-1);
    };
    // The merge whose phi is dispatched on: this block's, and through the
    // phi's input on the fallthrough edge, those of blocks ending it.
    if (redirect_.size() < fg_.merges.size()) {
      redirect_.resize(fg_.merges.size());
      tails_.resize(fg_.merges.size());
    }
    int64_t past = -1;
    auto virtualMerge = [&]() -> int64_t {
      if (past < 0) {
        past = int64_t(pending_.size());  // a new virtual merge
        pending_.emplace_back();
        pendingFacts_.emplace_back();
        phisAt_.emplace_back();
        carriedAt_.emplace_back();
      }
      return past;
    };
    const Stmt* b = &list[i];
    ClassId cls = F(next.cls);
    std::vector<std::pair<uint32_t, uint32_t>> via;
    std::vector<uint32_t> threaded;  // merges given redirects
    for (int depth = 0; depth < 4; ++depth) {
      uint32_t m = b->merge;
      const Merge& mg = fg_.merges[m];
      std::optional<NodeView> phi = phiAt(cls, m);
      if (phi) {
        bool any = false;
        std::vector<int32_t> r(mg.numEdges, -1);
        for (uint32_t e = 0; e < mg.numEdges; ++e) {
          int64_t t = decided(phi->children[e]);
          if (t == kPast) t = virtualMerge();
          if (t == kThen) {
            r[e] = kThenCopy;
            any = true;
          } else if (t >= 0 && (isVirtual(uint32_t(t)) || fg_.merges[size_t(t)].kind != Merge::LoopHeader)) {
            r[e] = int32_t(t);
            any = true;
          }
        }
        if (any) {
          redirect_[m] = std::move(r);
          tails_[m] = Tail{&list, i + 1, j, &next, -1, via};
          threaded.push_back(m);
        }
      } else if (mg.numEdges != 1) {
        break;
      }
      if (b->fallEdge < 0 || b->body.empty() || b->body.back().kind != StmtKind::Block) break;
      if (phi) cls = F(phi->children[size_t(b->fallEdge)]);
      via.insert(via.begin(), {m, uint32_t(b->fallEdge)});
      b = &b->body.back();
    }
    if (threaded.empty()) return std::nullopt;
    for (uint32_t m : threaded) tails_[m].fallThrough = past;
    ++threadedBlocks_;
    return Tail{&list, i, j, &next, past, {}};
  }
  // merge -> edge -> threaded target merge (-1: none; kThenCopy: the
  // dispatching if's arm, copied onto the edge)
  std::vector<std::vector<int32_t>> redirect_;
  static constexpr int32_t kThenCopy = -3;
  // leaveEdge's result when the edge ran a copy of an if's arm, which never
  // falls through: nothing to jump to.
  static constexpr uint32_t kEnded = ~uint32_t(0);
  // An if the dispatch may be: no else, and a short arm of plain statements
  // that never falls through (a return or unreachable at its end), so an edge
  // that would enter it can run a copy of it instead.
  static bool copiableIf(const Stmt& s) {
    if (s.kind != StmtKind::If || !s.elseBody.empty() || s.fallEdge >= 0 || s.body.empty() || s.body.size() > kMaxTail)
      return false;
    for (const Stmt& b : s.body)
      if (b.kind != StmtKind::Effect && b.kind != StmtKind::Define && b.kind != StmtKind::Return &&
          b.kind != StmtKind::Unreachable)
        return false;
    StmtKind last = s.body.back().kind;
    return last == StmtKind::Return || last == StmtKind::Unreachable;
  }
  std::vector<Tail> tails_;                      // merge -> what a threaded edge runs before its jump
  Tail prefix_;                                  // statements to emit just before prefix_.dispatch

  // Where edge `e` into merge `m` really goes.
  uint32_t edgeTarget(uint32_t m, uint32_t e) const {
    if (m < redirect_.size() && e < redirect_[m].size() && redirect_[m][e] >= 0) return uint32_t(redirect_[m][e]);
    return m;
  }
  // Does leaving along edge e of merge m emit anything besides the jump?
  bool thenCopy(uint32_t m, uint32_t e) const {
    return m < redirect_.size() && e < redirect_[m].size() && redirect_[m][e] == kThenCopy;
  }
  bool edgeHasCode(uint32_t m, uint32_t e) const { return hasSets(m) || edgeTarget(m, e) != m || thenCopy(m, e); }

  // Leave along edge e of merge m: the phi writes, and for a threaded edge the
  // tail and the dispatch's own phi writes; returns the label to jump to
  // (kEnded: the edge ran a copy of the dispatching if's arm instead).
  uint32_t leaveEdge(uint32_t m, uint32_t e, std::vector<BinaryenExpressionRef>& out) {
    edgeSets(m, e, out);
    uint32_t t = edgeTarget(m, e);
    const bool copy = thenCopy(m, e);
    if (t == m && !copy) {
      recordEdge(m);
      return m;
    }
    // On the threaded path the phis of m hold their values too, and so do
    // those of the blocks it passes the end of.
    for (ClassId c : phisAt_[m]) st_[F(c)] |= 1;
    ++gen_;
    const Tail& tl = tails_[m];
    for (auto [vm, ve] : tl.via) {
      edgeSets(vm, ve, out);
      for (ClassId c : phisAt_[vm]) st_[F(c)] |= 1;
      ++gen_;
    }
    // The path passes m (and the merges of via) along exactly this edge.
    setEdgeFact(m, e);
    for (auto [vm, ve] : tl.via) setEdgeFact(vm, ve);
    // Values on this edge, outermost merge first.
    edgeCtx_.assign(tl.via.rbegin(), tl.via.rend());
    edgeCtx_.emplace_back(m, e);
    ++factsVer_;
    for (size_t k = tl.begin; k < tl.end; ++k) emitStmt((*tl.list)[k], out);
    if (copy) {
      // The arm, as the if would run it here (it never falls through).
      addCond(tl.dispatch->cls, true);
      for (const Stmt& a : tl.dispatch->body)
        if (live_) emitStmt(a, out);
      live_ = true;
      edgeCtx_.clear();
      ++factsVer_;
      return kEnded;
    }
    if (!isVirtual(t)) edgeSets(t, edgeIdOf(*tl.dispatch, t), out);
    edgeCtx_.clear();
    ++factsVer_;
    recordEdge(t);
    return t;
  }

  void setFacts(Facts f) {
    facts_ = std::move(f);
    ++factsVer_;  // edgeValue's memo is stale
  }
  void setEdgeFact(uint32_t m, uint32_t e) {
    ++factsVer_;
    if (e < 64 && fg_.merges[m].numEdges <= 64) facts_.edges[m] = uint64_t(1) << e;
    else facts_.edges.erase(m);
  }
  static constexpr size_t kMaxCondFacts = 48;
  // A branch on class c went this way: c is non-zero (taken) or zero. What
  // that says of the operand of (eqz x), (x != 0) and (x == 0) holds too.
  void addCond(ClassId c, bool nonZero, int depth = 2) {
    ++factsVer_;
    c = F(c);
    // Bounded, so that copying the facts at every branch stays cheap: when
    // full, the older facts are forgotten (knowing less is always sound).
    if (facts_.conds.size() >= kMaxCondFacts && !facts_.conds.count(c)) facts_.conds.clear();
    facts_.conds[c] = nonZero ? Facts::kNonZero : Facts::kZero;
    if (depth == 0) return;
    for (NodeId n : g_.classNodes(c)) {
      NodeView v = g_.node(n);
      if (v.op == Op::I32Eqz || v.op == Op::I64Eqz) {
        addCond(v.children[0], !nonZero, depth - 1);
      } else if (v.op == Op::I32Ne || v.op == Op::I32Eq) {
        for (int side = 0; side < 2; ++side)
          if (g_.constant(F(v.children[1 - side])) == std::optional<uint64_t>(0) &&
              !g_.constant(F(v.children[side])))
            addCond(v.children[side], v.op == Op::I32Ne ? nonZero : !nonZero, depth - 1);
      } else if (v.op == Op::Select && g_.type(c) == Ty::i32) {
        // select(a, b, k) with a or b the constant 0 (or a non-zero constant):
        // which arm it took, and so what k and the other arm were.
        auto a = g_.constant(F(v.children[0])), b = g_.constant(F(v.children[1]));
        auto arm = [&](bool first, bool armNonZero) {
          addCond(v.children[2], first, depth - 1);
          if (!g_.constant(F(v.children[first ? 0 : 1]))) addCond(v.children[first ? 0 : 1], armNonZero, depth - 1);
        };
        if (a && ((*a & 0xffffffffu) == 0) == nonZero) arm(false, nonZero);      // not arm a
        else if (b && ((*b & 0xffffffffu) == 0) == nonZero) arm(true, nonZero);  // not arm b
      }
    }
  }
  uint8_t condOf(ClassId c) const {
    auto it = facts_.conds.find(F(c));
    return it == facts_.conds.end() ? 0 : it->second;
  }
  // The class of constant v of type t, if the e-graph has one.
  ClassId constClass(Ty t, uint64_t v) const {
    if (t != Ty::i32 && t != Ty::i64) return kNoClass;
    ClassId k = g_.lookup(t == Ty::i64 ? Op::I64Const : Op::I32Const, t, t == Ty::i32 ? (v & 0xffffffffu) : v, {});
    return k == kNoClass ? kNoClass : F(k);
  }
  // The largest value class c (an i32) can have here: its known bits, and for
  // a phi of a merge whose edges the path facts restrict, the largest of the
  // inputs on those edges.
  uint64_t maxValue(ClassId c, int depth = 3) const {
    c = F(c);
    uint64_t mx = ~g_.knownBits(c).zero & 0xffffffffu;
    if (depth == 0 || facts_.empty()) return mx;
    for (NodeId n : g_.classNodes(c)) {
      NodeView v = g_.node(n);
      if (v.op != Op::Phi || v.imm >= fg_.merges.size() || v.children.size() != fg_.merges[v.imm].numEdges) continue;
      auto it = facts_.edges.find(uint32_t(v.imm));
      if (it == facts_.edges.end()) continue;
      uint64_t r = 0;
      for (size_t e = 0; e < v.children.size(); ++e)
        if ((it->second >> e) & 1) r = std::max(r, maxValue(v.children[e], depth - 1));
      mx = std::min(mx, r);
    }
    return mx;
  }
  // A merge the path passed along one known edge.
  std::optional<uint32_t> singleEdge(uint32_t m) const {
    auto it = facts_.edges.find(m);
    if (it == facts_.edges.end() || it->second == 0 || (it->second & (it->second - 1))) return std::nullopt;
    return uint32_t(__builtin_ctzll(it->second));
  }

  // While a threaded edge's tail is emitted: the (merge, edge) pairs it has
  // passed, outermost first.
  std::vector<std::pair<uint32_t, uint32_t>> edgeCtx_;
  // The class a value has on the threaded edge: through the phis of the
  // merges passed, and through pure operators whose operands change that way
  // when the resulting node exists in the e-graph (a few levels deep).
  // edgeValue's results while the facts and the threaded edge stay the same.
  uint64_t factsVer_ = 1, memoVer_ = 0;
  std::unordered_map<uint64_t, ClassId> memo_;
  ClassId edgeValue(ClassId c, int depth = 4) {
    c = F(c);
    if (memoVer_ != factsVer_) {
      memo_.clear();
      memoVer_ = factsVer_;
    }
    uint64_t key = (uint64_t(c) << 3) | uint64_t(depth);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    ClassId r = edgeValueUncached(c, depth);
    memo_.emplace(key, r);
    return r;
  }
  ClassId edgeValueUncached(ClassId c, int depth) {
    for (auto [m, e] : edgeCtx_)
      if (std::optional<NodeView> phi = phiAt(c, m)) c = F(phi->children[e]);
    for (int round = 0; round < 4 && !facts_.edges.empty(); ++round) {
      ClassId before = c;
      for (NodeId n : g_.classNodes(c)) {
        NodeView v = g_.node(n);
        if (v.op != Op::Phi || v.imm >= fg_.merges.size() || v.children.size() != fg_.merges[v.imm].numEdges) continue;
        if (std::optional<uint32_t> e = singleEdge(uint32_t(v.imm))) {
          c = F(v.children[*e]);
          break;
        }
      }
      if (c == before) break;
    }
    if (g_.constant(c)) return c;
    // A class a branch on the way tested: zero, or one if it is a boolean.
    if (uint8_t f = condOf(c)) {
      Ty t = g_.type(c);
      uint64_t ones = t == Ty::i64 ? ~uint64_t(0) : 0xffffffffu;
      if (f == Facts::kZero) {
        if (ClassId k = constClass(t, 0); k != kNoClass) return k;
      } else if ((g_.knownBits(c).zero & ones) == (ones & ~uint64_t(1))) {
        if (ClassId k = constClass(t, 1); k != kNoClass) return k;
      }
    }
    if (depth == 0) return c;
    std::vector<ClassId> kids;
    for (NodeId n : g_.classNodes(c)) {
      NodeView v = g_.node(n);
      if (v.op == Op::Select) {
        if (auto k = g_.constant(edgeValue(v.children[2], depth - 1))) {
          ClassId arm = F(v.children[(*k & 0xffffffffu) != 0 ? 0 : 1]);
          return edgeValue(arm, depth - 1);
        }
        continue;
      }
      if (!distributable(v.op) || v.children.empty() || v.children.size() > 2) continue;
      kids.clear();
      bool changed = false;
      for (ClassId k : v.children) {
        kids.push_back(edgeValue(k, depth - 1));
        changed = changed || kids.back() != F(k);
      }
      if (!changed) {
        // Operands as they are, but facts of the path may still decide it.
        if (!facts_.conds.empty())
          if (ClassId s = simplified(v.op, g_.type(c), kids); s != kNoClass && F(s) != c) return F(s);
        continue;
      }
      ClassId r = g_.lookup(v.op, v.ty, v.imm, kids);
      if (r != kNoClass) return F(r);
      if (ClassId s = simplified(v.op, g_.type(c), kids); s != kNoClass) return s;
      // All operands constant: the constant, if the e-graph has it.
      std::vector<uint64_t> vals;
      for (ClassId k : kids)
        if (auto kc = g_.constant(k)) vals.push_back(*kc);
      if (vals.size() == kids.size())
        if (auto x = evalOp(v.op, v.imm, vals)) {
          ClassId kc = g_.lookup(g_.type(c) == Ty::i64 ? Op::I64Const : Op::I32Const, g_.type(c), *x, {});
          if (kc != kNoClass) return F(kc);
        }
    }
    return c;
  }

  // Did a branch on the way show x >= 0 (x >= 0 true, x < 0 false, x > -1 true)?
  bool nonNegative(ClassId x) const {
    ClassId z = constClass(Ty::i32, 0), m1 = constClass(Ty::i32, 0xffffffffu);
    auto fact = [&](Op op, ClassId k) -> uint8_t {
      if (k == kNoClass) return 0;
      ClassId kids[] = {F(x), k};
      ClassId r = g_.lookup(op, Ty::i32, 0, kids);
      return r == kNoClass ? 0 : condOf(r);
    };
    return fact(Op::I32GeS, z) == Facts::kNonZero || fact(Op::I32LtS, z) == Facts::kZero ||
           fact(Op::I32GtS, m1) == Facts::kNonZero;
  }

  // x + 0, x | 0, x ^ 0, x - 0, x & 0, eqz of a non-zero class: an existing
  // class equal to op(kids), or kNoClass.
  ClassId simplified(Op op, Ty t, const std::vector<ClassId>& kids) const {
    auto isConst = [&](ClassId k, uint64_t v) { return g_.constant(k) == std::optional<uint64_t>(v); };
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
      if (condOf(kids[0]) == Facts::kNonZero) return constClass(t, 0);
      break;
    case Op::I32ShrU: case Op::I32ShrS:
      // The sign bit of a value a branch showed non-negative.
      if (isConst(kids[1], 31) && nonNegative(kids[0])) return constClass(t, 0);
      break;
    case Op::I32LtS:
      if (isConst(kids[1], 0) && nonNegative(kids[0])) return constClass(t, 0);
      break;
    case Op::I32GeS:
      if (isConst(kids[1], 0) && nonNegative(kids[0])) return constClass(t, 1);
      break;
    default: break;
    }
    return kNoClass;
  }

  // A store, on a threaded edge, of the value a load of the same width just
  // read from the same address, with memory unchanged since, that already ran
  // on every path here (so the store cannot trap): memory stays as it is.
  bool storesLoadedValue(const Stmt& s) {
    auto writesBack = [&](Op op, uint64_t imm, const std::vector<ClassId>& kids) {
      const OpInfo& si = opInfo(op);
      if (si.kind != OpKind::Store || kids.size() != 2) return false;
      if (si.operand[1] != Ty::i32 && si.operand[1] != Ty::i64) return false;
      auto it = fg_.memBeforeStore.find(memSeq(imm));
      if (it == fg_.memBeforeStore.end()) return false;
      return holdsLoadedBytes(edgeValue(kids[1]), si.bytes, F(kids[0]), memOffset(imm), it->second, 2);
    };
    // The original store, or the one of its class the emitter would write.
    if (writesBack(s.op, s.imm, s.kids)) return true;
    const EffectChoice& ch = chooseEffect(s);
    return ch.op != s.op && writesBack(ch.op, ch.imm, ch.kids);
  }
  // Are the low `bytes` bytes of class v those a load from (p, off) read in
  // memory state `state`, by a load at least that wide that already ran on
  // every path here? (Through i64.extend_i32_* and i32.wrap_i64 for widths
  // they keep.)
  bool holdsLoadedBytes(ClassId v, unsigned bytes, ClassId p, uint32_t off, uint32_t state, int depth) const {
    v = F(v);
    for (NodeId n : g_.classNodes(v)) {
      NodeView l = g_.node(n);
      const OpInfo& li = opInfo(l.op);
      if (li.kind == OpKind::Load && (li.result == Ty::i32 || li.result == Ty::i64) && li.bytes >= bytes &&
          F(l.children[0]) == p && memOffset(l.imm) == off && memSeq(l.imm) == state &&
          (st_[v] >> 1) == uint32_t(l.op) + 1)
        return true;
      if (depth > 0 && bytes <= 4 &&
          (l.op == Op::I64ExtendI32U || l.op == Op::I64ExtendI32S || l.op == Op::I32WrapI64) &&
          holdsLoadedBytes(l.children[0], bytes, p, off, state, depth - 1))
        return true;
    }
    return false;
  }

  BinaryenExpressionRef block(std::vector<BinaryenExpressionRef>& l, const char* name = nullptr) {
    return BinaryenBlock(m_, name, l.data(), BinaryenIndex(l.size()), BinaryenTypeAuto());
  }

  void emitStmt(const Stmt& s, std::vector<BinaryenExpressionRef>& out) {
    setHere(s.mem);
    emitStmtHere(s, out);
    // After an effect or nested code, the memory state is the next statement's.
    if (s.kind != StmtKind::Define) setHere(kNoMem);
  }
  void emitStmtHere(const Stmt& s, std::vector<BinaryenExpressionRef>& out) {
    switch (s.kind) {
    case StmtKind::Define: {
      ClassId c = F(s.cls);
      uint32_t opTag = uint32_t(s.op) + 1;
      if ((st_[c] >> 1) == opTag) return;  // an identical operation already ran on every path here
      const OpInfo& info = opInfo(s.op);
      const bool load = info.kind == OpKind::Load && s.kids.size() == 1;
      bool mustRun = info.mayTrap && !(opts_.trapsNeverHappen && load) && !safeDivision(s);
      if (load && sunkIdx_[c] >= 0 && !(st_[c] & 1) &&
          (opts_.trapsNeverHappen || inBounds(s.kids[0], s.imm, info.bytes))) {
        st_[c] = opTag << 1;  // computed at its uses (sunkHere)
        ++gen_;
        return;
      }
      if (!mustRun && !needed_[c]) return;
      if (!mustRun && (st_[c] & 1)) return;
      BinaryenExpressionRef e = buildOp(s.op, s.ty, s.imm, s.kids);
      finishValue(c, s.ty, e, mustRun, out);
      if (load && mustRun) noteBounds(s.kids[0], s.imm, info.bytes);
      st_[c] = (st_[c] & 1) | (opTag << 1);
      ++gen_;
      return;
    }
    case StmtKind::Effect: {
      if ((!edgeCtx_.empty() || !facts_.empty()) && storesLoadedValue(s)) return;
      ClassId c = F(s.cls);
      const EffectChoice& ch = chooseEffect(s);
      Op op = ch.op;
      Ty ty = ch.ty;
      uint64_t imm = ch.imm;
      std::vector<ClassId> kids = ch.kids;
      bool ok = true;
      for (ClassId k : kids) ok = ok && feasible(k);
      if (!ok) {  // fall back to the original operation
        op = s.op;
        ty = s.ty;
        imm = s.imm;
        kids = s.kids;
      }
      BinaryenExpressionRef e = buildOp(op, ty, imm, kids);
      finishValue(c, ty, e, true, out);
      if (opInfo(op).kind == OpKind::Store && kids.size() == 2) noteBounds(kids[0], imm, opInfo(op).bytes);
      return;
    }
    case StmtKind::Value:
      if (s.cls != kNoClass) out.push_back(emitClass(s.cls));
      return;
    case StmtKind::Return:
      out.push_back(BinaryenReturn(m_, s.cls == kNoClass ? nullptr : emitClass(s.cls)));
      live_ = false;
      return;
    case StmtKind::Unreachable:
      out.push_back(BinaryenUnreachable(m_));
      live_ = false;
      return;
    case StmtKind::Br: {
      uint32_t t = leaveEdge(s.edgeTargets[0], s.edgeIds[0], out);
      if (t != kEnded) out.push_back(BinaryenBreak(m_, targetLabel(t).c_str(), nullptr, nullptr));
      live_ = false;
      return;
    }
    case StmtKind::BrIf: {
      uint32_t m = s.edgeTargets[0];
      if (!edgeHasCode(m, s.edgeIds[0])) {
        BinaryenExpressionRef cond = emitCond(s.cls);
        Facts before = facts_;
        addCond(s.cls, true);
        recordEdge(m);
        setFacts(std::move(before));
        addCond(s.cls, false);
        out.push_back(BinaryenBreak(m_, targetLabel(m).c_str(), cond, nullptr));
        return;
      }
      // if (cond) { sets; br m }, with shared edge values computed before the branch.
      hoistEdgeValues(m, s.edgeIds[0], out);
      BinaryenExpressionRef cond = emitCond(s.cls);
      State saved = st_;
      Facts savedFacts = facts_;
      addCond(s.cls, true);
      ++gen_;
      std::vector<BinaryenExpressionRef> arm;
      uint32_t t = leaveEdge(m, s.edgeIds[0], arm);
      if (t != kEnded) arm.push_back(BinaryenBreak(m_, targetLabel(t).c_str(), nullptr, nullptr));
      st_ = std::move(saved);
      setFacts(std::move(savedFacts));
      addCond(s.cls, false);
      ++gen_;
      out.push_back(BinaryenIf(m_, cond, block(arm), nullptr));
      return;
    }
    case StmtKind::BrTable: {
      // Targets with phi writes go through a landing block each.
      std::vector<uint32_t> landing;  // merges needing a landing pad
      for (size_t j = 0; j < s.edgeTargets.size(); ++j)
        if (edgeHasCode(s.edgeTargets[j], s.edgeIds[j])) landing.push_back(s.edgeTargets[j]);
      uint32_t base = labelCounter_;
      labelCounter_ += uint32_t(landing.size());
      auto nameFor = [&](uint32_t m) {
        for (size_t i = 0; i < landing.size(); ++i)
          if (landing[i] == m) return label("T", base + uint32_t(i));
        return targetLabel(m);
      };
      std::vector<std::string> names;
      for (uint32_t m : s.targets) names.push_back(nameFor(m));
      // An index known to be at most k needs only the first k + 1 entries
      // (the last of them as the default).
      uint64_t maxIdx = maxValue(s.cls);
      if (maxIdx + 1 < names.size()) names.resize(size_t(maxIdx) + 1);
      BinaryenExpressionRef inner = nullptr;
      std::vector<std::pair<ClassId, uint64_t>> chain;
      uint64_t last = 0;
      if (planChain(s.cls, chain, last, 0) && !chain.empty()) {
        // A dispatch on nested selects of constants: a chain of br_ifs.
        auto nameOf = [&](uint64_t v) { return names[size_t(std::min<uint64_t>(v & 0xffffffffu, names.size() - 1))]; };
        std::vector<BinaryenExpressionRef> l;
        for (auto& [cond, v] : chain) l.push_back(BinaryenBreak(m_, nameOf(v).c_str(), emitCond(cond), nullptr));
        l.push_back(BinaryenBreak(m_, nameOf(last).c_str(), nullptr, nullptr));
        inner = block(l);
      } else {
        BinaryenExpressionRef idx = emitClass(s.cls);
        std::vector<const char*> cnames;
        for (size_t i = 0; i + 1 < names.size(); ++i) cnames.push_back(names[i].c_str());
        inner = BinaryenSwitch(m_, cnames.data(), BinaryenIndex(cnames.size()), names.back().c_str(), idx, nullptr);
      }
      State saved = st_;
      Facts savedFacts = facts_;
      // Edges without landing pads leave straight from the br_table.
      for (size_t j = 0; j < s.edgeTargets.size(); ++j)
        if (!edgeHasCode(s.edgeTargets[j], s.edgeIds[j])) recordEdge(s.edgeTargets[j]);
      for (size_t i = 0; i < landing.size(); ++i) {
        std::string nm = label("T", base + uint32_t(i));
        std::vector<BinaryenExpressionRef> l{inner};
        BinaryenExpressionRef blk = BinaryenBlock(m_, nm.c_str(), l.data(), 1, BinaryenTypeNone());
        std::vector<BinaryenExpressionRef> pad{blk};
        st_ = saved;
        setFacts(savedFacts);
        ++gen_;
        uint32_t t = leaveEdge(landing[i], edgeIdOf(s, landing[i]), pad);
        if (t != kEnded) pad.push_back(BinaryenBreak(m_, targetLabel(t).c_str(), nullptr, nullptr));
        inner = block(pad);
      }
      st_ = std::move(saved);
      setFacts(std::move(savedFacts));
      out.push_back(inner);
      live_ = false;
      return;
    }
    case StmtKind::Block: {
      std::vector<BinaryenExpressionRef> body;
      emitList(s.body, body);
      if (live_ && s.fallEdge >= 0) {
        uint32_t t = leaveEdge(s.merge, uint32_t(s.fallEdge), body);
        if (t != s.merge && t != kEnded) body.push_back(BinaryenBreak(m_, targetLabel(t).c_str(), nullptr, nullptr));
      }
      std::string nm = targetLabel(s.merge);
      out.push_back(BinaryenBlock(m_, nm.c_str(), body.data(), BinaryenIndex(body.size()), BinaryenTypeNone()));
      joinMerge(s.merge);
      return;
    }
    case StmtKind::If: {
      BinaryenExpressionRef cond = emitCond(s.cls);
      State before = st_;
      Facts factsBefore = facts_;
      addCond(s.cls, true);
      std::vector<BinaryenExpressionRef> tb, eb;
      emitList(s.body, tb);
      if (live_ && s.fallEdge >= 0) {
        edgeSets(s.merge, uint32_t(s.fallEdge), tb);
        recordEdge(s.merge);
      }
      st_ = std::move(before);
      setFacts(std::move(factsBefore));
      addCond(s.cls, false);
      setHere(s.mem);
      ++gen_;
      live_ = true;
      emitList(s.elseBody, eb);
      if (live_ && s.elseFallEdge >= 0) {
        edgeSets(s.merge, uint32_t(s.elseFallEdge), eb);
        recordEdge(s.merge);
      }
      out.push_back(BinaryenIf(m_, cond, block(tb), eb.empty() ? nullptr : block(eb)));
      joinMerge(s.merge);
      return;
    }
    case StmtKind::Loop: {
      uint32_t m = s.merge;
      edgeSets(m, 0, out);  // entry values
      for (size_t k : carriedAt_[m]) makeAvailable(fg_.merges[m].carried[k].phi);
      std::vector<BinaryenExpressionRef> body;
      ++loopDepth_;
      uint32_t outer = curLoop_;
      curLoop_ = m;
      ++gen_;
      emitList(s.body, body);
      curLoop_ = outer;
      ++gen_;
      --loopDepth_;
      std::string nm = targetLabel(m);
      out.push_back(BinaryenLoop(m_, nm.c_str(), block(body)));
      // After the loop: what the body's fallthrough had (live_ as left by the body).
      return;
    }
    }
  }
};

} // namespace

EmittedFunction emitFunction(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                             const CostModel& cm, const EmitOptions& opts) {
  Emitter e(module, fg, ext, cm, opts);
  return e.run();
}

} // namespace eqsat
