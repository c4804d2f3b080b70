// wasm function -> e-graph + skeleton (bridge.h has the model). The Builder
// walks a function body in evaluation order, one visit per expression kind
// (Binaryen's Visitor shape): values become e-classes, control flow and
// effects become skeleton statements, merges of locals become phis. With a
// stack-slot plan (stack_slot.h) it builds again with the frame slot's fields
// as values (frame_fields.h).
#include "bridge/bridge.h"

#include "ir/binaryen_ops.h"
#include "bridge/frame_fields.h"
#include "bridge/readonly_load.h"
#include "bridge/stack_slot.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace eqsat {

bool isDefinedNode(const NodeView& n) {
  switch (n.op) {
  case Op::Param: case Op::Phi: case Op::LoopPhi: case Op::Opaque: case Op::Call:
  case Op::GlobalGet: case Op::MemorySize: case Op::MemoryGrow: case Op::GenericTrapUnary:
  case Op::Symbol:
    return true;
  default: break;
  }
  const OpInfo& i = opInfo(n.op);
  if (i.kind == OpKind::Load) return true;
  if (i.mayTrap) return true;  // integer division and remainder
  return false;
}

namespace {

struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Env {
  std::vector<ClassId> locals;
  uint32_t mem = 0;    // memory state id
  uint32_t glob = 0;   // global state id
};

// Incoming edges of a forward merge, collected until the merge is reached.
struct Pending {
  std::vector<Env> envs;
  std::vector<ClassId> values;  // block/if result per edge (kNoClass if none)
};

struct Label {
  std::string name;
  uint32_t merge;
};

// The expression kinds the bridge models. Binaryen's C API gives expression
// ids as function results, not constants, so they are mapped once to this
// enum for the switch of Builder::visit.
enum class ExprKind : uint8_t {
  Unsupported, Const, LocalGet, LocalSet, Unary, Binary, Select, Drop, Nop, Load, Store, GlobalGet,
  GlobalSet, MemorySize, MemoryGrow, Call, Block, If, Loop, Break, Switch, Return, Unreachable,
};

ExprKind exprKindOf(BinaryenExpressionId id) {
  static const std::unordered_map<BinaryenExpressionId, ExprKind> kinds = {
      {BinaryenConstId(), ExprKind::Const},
      {BinaryenLocalGetId(), ExprKind::LocalGet},
      {BinaryenLocalSetId(), ExprKind::LocalSet},
      {BinaryenUnaryId(), ExprKind::Unary},
      {BinaryenBinaryId(), ExprKind::Binary},
      {BinaryenSelectId(), ExprKind::Select},
      {BinaryenDropId(), ExprKind::Drop},
      {BinaryenNopId(), ExprKind::Nop},
      {BinaryenLoadId(), ExprKind::Load},
      {BinaryenStoreId(), ExprKind::Store},
      {BinaryenGlobalGetId(), ExprKind::GlobalGet},
      {BinaryenGlobalSetId(), ExprKind::GlobalSet},
      {BinaryenMemorySizeId(), ExprKind::MemorySize},
      {BinaryenMemoryGrowId(), ExprKind::MemoryGrow},
      {BinaryenCallId(), ExprKind::Call},
      {BinaryenBlockId(), ExprKind::Block},
      {BinaryenIfId(), ExprKind::If},
      {BinaryenLoopId(), ExprKind::Loop},
      {BinaryenBreakId(), ExprKind::Break},
      {BinaryenSwitchId(), ExprKind::Switch},
      {BinaryenReturnId(), ExprKind::Return},
      {BinaryenUnreachableId(), ExprKind::Unreachable},
      {BinaryenCallIndirectId(), ExprKind::Call},
  };
  auto it = kinds.find(id);
  return it == kinds.end() ? ExprKind::Unsupported : it->second;
}

class Builder {
public:
  Builder(BinaryenModuleRef m, BinaryenFunctionRef f, FunctionGraph& fg, const ReadonlyBytes* readonly,
          const StackSlotPlan* slot = nullptr)
      : module_(m), function_(f), graph_(fg), egraph_(*fg.egraph), readonly_(readonly), slot_(slot) {}

  void build() {
    BinaryenType params = BinaryenFunctionGetParams(function_);
    unsigned np = BinaryenTypeArity(params);
    std::vector<BinaryenType> pts(np);
    if (np) BinaryenTypeExpand(params, pts.data());
    BinaryenType results = BinaryenFunctionGetResults(function_);
    if (BinaryenTypeArity(results) > 1) throw Unsupported("multi-value results");
    auto rt = tyFromBinaryen(results);
    if (!rt) throw Unsupported("result type");
    graph_.result = *rt;
    unsigned nv = BinaryenFunctionGetNumVars(function_);
    graph_.numOriginalLocals = np + nv;
    localTy_.resize(np + nv);
    env_.locals.resize(np + nv);
    for (unsigned i = 0; i < np; ++i) {
      auto t = tyFromBinaryen(pts[i]);
      if (!t || *t == Ty::none) throw Unsupported("parameter type");
      localTy_[i] = *t;
      graph_.params.push_back(*t);
      ClassId c = egraph_.add(Op::Param, *t, i, {});
      env_.locals[i] = c;
    }
    for (unsigned i = 0; i < nv; ++i) {
      auto t = tyFromBinaryen(BinaryenFunctionGetVar(function_, i));
      if (!t || *t == Ty::none) throw Unsupported("local type");
      localTy_[np + i] = *t;
      env_.locals[np + i] = egraph_.addConst(*t, 0);
    }
    if (slot_) {
      // The frame slot's fields are virtual locals, undefined until written.
      frame_.emplace(egraph_, *slot_, uint32_t(localTy_.size()));
      for (size_t i = 0; i < slot_->fields.size(); ++i) {
        Ty t = slot_->fields[i].ty;
        localTy_.push_back(t);
        ClassId u = egraph_.add(Op::Opaque, t, 0xFFFFFFFF00000000ull | i, {});
        frame_->addUndefined(u);
        env_.locals.push_back(u);
      }
    }
    BinaryenExpressionRef body = BinaryenFunctionGetBody(function_);
    ClassId v = visit(body, graph_.body);
    if (slot_ && (slotAccesses_ != slot_->accesses || slotSets_ != slot_->spSets))
      throw SlotFail("not every access to the frame slot was recognised");
    if (live_) {
      Stmt s = stmt(StmtKind::Value);
      s.cls = graph_.result == Ty::none ? kNoClass : v;
      graph_.body.push_back(std::move(s));
    }
  }

private:
  BinaryenModuleRef module_;
  BinaryenFunctionRef function_;
  FunctionGraph& graph_;
  EGraph& egraph_;
  Env env_;
  bool live_ = true;
  std::vector<Ty> localTy_;
  std::vector<Label> labels_;
  std::unordered_map<uint32_t, Pending> pending_;
  std::unordered_map<std::string, uint32_t> globalIndex_;
  uint32_t nextState_ = 1;
  uint32_t nextSeq_ = 1;
  const ReadonlyBytes* readonly_ = nullptr;  // read-only data (readonly_load.h), or none
  // Conditions every path to the current point tested: (class, non-zero).
  // Kept until the end of the enclosing named block, if arm or loop, which
  // other paths reach too. Only read-only loads use them (readonly_load.h).
  std::vector<PathFact> pathFacts_;
  // Memory seam (see stack_slot.h).
  const StackSlotPlan* slot_ = nullptr;
  std::optional<FrameFields> frame_;  // the slot's fields as values, with a plan
  ClassId spRead_ = kNoClass;
  size_t slotAccesses_ = 0, slotSets_ = 0;

  // The offset of an address from the frame slot's base, if it is a slot address.
  std::optional<int64_t> slotOffset(ClassId address) const {
    return frame_ ? frame_->offsetOf(address) : std::nullopt;
  }
  // Strict plan: a store through another address or a call may have written any field.
  void forgetSlot() {
    if (frame_) frame_->forget(env_.locals);
  }

  uint32_t freshState() { return nextState_++; }

  uint32_t globalId(const char* name) {
    auto it = globalIndex_.find(name);
    if (it != globalIndex_.end()) return it->second;
    uint32_t id = uint32_t(graph_.globals.size());
    graph_.globals.emplace_back(name);
    globalIndex_.emplace(name, id);
    return id;
  }

  Ty exprTy(BinaryenExpressionRef e) {
    BinaryenType t = BinaryenExpressionGetType(e);
    if (t == BinaryenTypeUnreachable()) return Ty::none;
    auto r = tyFromBinaryen(t);
    if (!r) throw Unsupported("value type");
    return *r;
  }

  uint32_t findLabel(const char* name) {
    for (size_t i = labels_.size(); i-- > 0;)
      if (labels_[i].name == name) return labels_[i].merge;
    throw Unsupported("unknown branch label");
  }

  uint32_t newMerge(Merge::Kind k, const char* label, Ty result) {
    Merge m;
    m.kind = k;
    m.label = label ? label : "";
    m.result = result;
    graph_.merges.push_back(std::move(m));
    return uint32_t(graph_.merges.size() - 1);
  }

  // Record an edge from the current environment to merge `m` carrying `value`.
  uint32_t addEdge(uint32_t m, ClassId value) {
    Merge& mg = graph_.merges[m];
    uint32_t id = mg.numEdges++;
    if (mg.kind == Merge::LoopHeader) {
      auto& slots = loopSlots_[m];
      for (size_t k = 0; k < slots.size(); ++k) mg.carried[k].perEdge.push_back(env_.locals[slots[k]]);
      loopStates_[m].push_back({env_.mem, env_.glob});
    } else {
      Pending& p = pending_[m];
      p.envs.push_back(env_);
      p.values.push_back(value);
    }
    return id;
  }
  std::unordered_map<uint32_t, std::vector<uint32_t>> loopSlots_;
  std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> loopStates_;

  // Join the pending edges of a forward merge into the current environment; returns the result class.
  ClassId join(uint32_t m) {
    Pending p = std::move(pending_[m]);
    pending_.erase(m);
    Merge& mg = graph_.merges[m];
    if (p.envs.empty()) {
      live_ = false;
      return kNoClass;
    }
    live_ = true;
    if (p.envs.size() == 1) {
      env_ = std::move(p.envs[0]);
      return p.values[0];
    }
    size_t n = p.envs.size();
    std::vector<ClassId> kids(n);
    Env out;
    out.locals.resize(localTy_.size());
    for (size_t l = 0; l < localTy_.size(); ++l) {
      bool same = true;
      for (size_t e = 0; e < n; ++e) {
        kids[e] = p.envs[e].locals[l];
        if (egraph_.find(kids[e]) != egraph_.find(kids[0])) same = false;
      }
      out.locals[l] = same ? kids[0] : egraph_.add(Op::Phi, localTy_[l], m, kids);
    }
    bool sameMem = true, sameGlob = true;
    for (size_t e = 1; e < n; ++e) {
      sameMem &= p.envs[e].mem == p.envs[0].mem;
      sameGlob &= p.envs[e].glob == p.envs[0].glob;
    }
    out.mem = sameMem ? p.envs[0].mem : freshState();
    out.glob = sameGlob ? p.envs[0].glob : freshState();
    env_ = std::move(out);
    if (mg.result == Ty::none) return kNoClass;
    bool same = true;
    for (size_t e = 0; e < n; ++e) {
      kids[e] = p.values[e];
      if (kids[e] == kNoClass) throw Unsupported("missing branch value");
      if (egraph_.find(kids[e]) != egraph_.find(kids[0])) same = false;
    }
    return same ? kids[0] : egraph_.add(Op::Phi, mg.result, m, kids);
  }

  // --- pre-scan of loop bodies ---
  struct LoopScan { std::vector<bool> sets; bool mem = false, glob = false, store = false; };
  void scan(BinaryenExpressionRef e, LoopScan& s) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenLocalSetId()) s.sets[BinaryenLocalSetGetIndex(e)] = true;
    else if (id == BinaryenCallId() || id == BinaryenCallIndirectId()) s.mem = s.glob = true;
    else if (id == BinaryenStoreId() || id == BinaryenMemoryGrowId()) s.mem = true;
    if (id == BinaryenStoreId()) s.store = true;
    else if (id == BinaryenGlobalSetId()) s.glob = true;
    eqsat::forEachChild(e, [&](BinaryenExpressionRef c) { scan(c, s); });
  }

  // --- the walk ---
  // Adds a defining/effect node and records it as a skeleton statement.
  // A skeleton statement, stamped with the memory state it runs in.
  Stmt stmt(StmtKind k) const {
    Stmt s{k};
    s.mem = env_.mem & 0xffffff;
    return s;
  }
  ClassId define(std::vector<Stmt>& out, StmtKind k, Op op, Ty ty, uint64_t imm, std::vector<ClassId> kids) {
    Stmt s = stmt(k);
    s.cls = egraph_.add(op, ty, imm, kids);
    s.op = op;
    s.ty = ty;
    s.imm = imm;
    s.kids = std::move(kids);
    ClassId c = s.cls;
    out.push_back(std::move(s));
    return c;
  }

  // Visits an expression in evaluation order; returns its value class (kNoClass for none/dead).
  // Deeper nesting than this is left alone (the walk, like the emitter's, recurses).
  static constexpr unsigned kMaxDepth = 2000;
  unsigned depth_ = 0;
  ClassId visit(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    if (!live_) return kNoClass;
    struct DepthGuard {
      unsigned& depth;
      explicit DepthGuard(unsigned& current) : depth(current) {
        if (++depth > kMaxDepth) {
          --depth;
          throw Unsupported("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
      }
      ~DepthGuard() { --depth; }
    } depthGuard(depth_);
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    switch (exprKindOf(id)) {
    case ExprKind::Const: return visitConst(e, out);
    case ExprKind::LocalGet: return visitLocalGet(e, out);
    case ExprKind::LocalSet: return visitLocalSet(e, out);
    case ExprKind::Unary: return visitUnary(e, out);
    case ExprKind::Binary: return visitBinary(e, out);
    case ExprKind::Select: return visitSelect(e, out);
    case ExprKind::Drop: return visitDrop(e, out);
    case ExprKind::Nop: return visitNop(e, out);
    case ExprKind::Load: return visitLoad(e, out);
    case ExprKind::Store: return visitStore(e, out);
    case ExprKind::GlobalGet: return visitGlobalGet(e, out);
    case ExprKind::GlobalSet: return visitGlobalSet(e, out);
    case ExprKind::MemorySize: return visitMemorySize(e, out);
    case ExprKind::MemoryGrow: return visitMemoryGrow(e, out);
    case ExprKind::Call: return visitCall(e, out);
    case ExprKind::Block: return visitBlock(e, out);
    case ExprKind::If: return visitIf(e, out);
    case ExprKind::Loop: return visitLoop(e, out);
    case ExprKind::Break: return visitBreak(e, out);
    case ExprKind::Switch: return visitSwitch(e, out);
    case ExprKind::Return: return visitReturn(e, out);
    case ExprKind::Unreachable: return visitUnreachable(e, out);
    case ExprKind::Unsupported: break;
    }
    throw Unsupported("unsupported instruction (expression id " + std::to_string(id) + ")");
  }

  // --- one visit per expression kind, in evaluation order ---

  ClassId visitConst(BinaryenExpressionRef e, std::vector<Stmt>&) {
    Ty t = exprTy(e);
    uint64_t bits = 0;
    switch (t) {
    case Ty::i32: bits = uint32_t(BinaryenConstGetValueI32(e)); break;
    case Ty::i64: bits = uint64_t(BinaryenConstGetValueI64(e)); break;
    case Ty::f32: { float f = BinaryenConstGetValueF32(e); uint32_t b; std::memcpy(&b, &f, 4); bits = b; break; }
    case Ty::f64: { double d = BinaryenConstGetValueF64(e); std::memcpy(&bits, &d, 8); break; }
    default: throw Unsupported("constant type");
    }
    return egraph_.addConst(t, bits);
  }

  ClassId visitLocalGet(BinaryenExpressionRef e, std::vector<Stmt>&) {
    return env_.locals.at(BinaryenLocalGetGetIndex(e));
  }

  ClassId visitLocalSet(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId v = visit(BinaryenLocalSetGetValue(e), out);
    if (!live_) return kNoClass;
    env_.locals.at(BinaryenLocalSetGetIndex(e)) = v;
    return BinaryenLocalSetIsTee(e) ? v : kNoClass;
  }

  ClassId visitUnary(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId x = visit(BinaryenUnaryGetValue(e), out);
    if (!live_) return kNoClass;
    BinaryenOp bop = BinaryenUnaryGetOp(e);
    Ty t = exprTy(e);
    if (auto op = opFromBinaryenUnary(bop)) return egraph_.add(*op, t, 0, std::array<ClassId, 1>{x});
    if (binaryenUnaryMayTraps(bop))
      return define(out, StmtKind::Define, Op::GenericTrapUnary, t, uint64_t(bop), {x});
    return egraph_.add(Op::GenericUnary, t, uint64_t(bop), std::array<ClassId, 1>{x});
  }

  ClassId visitBinary(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId a = visit(BinaryenBinaryGetLeft(e), out);
    ClassId b = visit(BinaryenBinaryGetRight(e), out);
    if (!live_) return kNoClass;
    BinaryenOp bop = BinaryenBinaryGetOp(e);
    Ty t = exprTy(e);
    if (auto op = opFromBinaryenBinary(bop)) {
      if (opInfo(*op).mayTrap) return define(out, StmtKind::Define, *op, t, 0, {a, b});
      return egraph_.add(*op, t, 0, std::array<ClassId, 2>{a, b});
    }
    return egraph_.add(Op::GenericBinary, t, uint64_t(bop), std::array<ClassId, 2>{a, b});
  }

  ClassId visitSelect(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId a = visit(BinaryenSelectGetIfTrue(e), out);
    ClassId b = visit(BinaryenSelectGetIfFalse(e), out);
    ClassId c = visit(BinaryenSelectGetCondition(e), out);
    if (!live_) return kNoClass;
    return egraph_.add(Op::Select, exprTy(e), 0, std::array<ClassId, 3>{a, b, c});
  }

  ClassId visitDrop(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    visit(BinaryenDropGetValue(e), out);
    return kNoClass;
  }

  ClassId visitNop(BinaryenExpressionRef, std::vector<Stmt>&) {
    return kNoClass;
  }

  ClassId visitLoad(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    if (BinaryenLoadIsAtomic(e)) throw Unsupported("atomic load");
    ClassId p = visit(BinaryenLoadGetPtr(e), out);
    if (!live_) return kNoClass;
    Ty t = exprTy(e);
    auto op = loadOpFor(t, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e));
    if (!op) throw Unsupported("load shape");
    if (auto so = slotOffset(p)) {
      uint32_t l = frame_->fieldLocal(*so + BinaryenLoadGetOffset(e), BinaryenLoadGetBytes(e));
      ClassId v = env_.locals[l];
      ++slotAccesses_;
      if (!frame_->isUndefined(v)) return frame_->read(v, localTy_[l], t, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e));
      if (!slot_->strict) throw SlotFail("a frame field may be read before it is written");
      // Strict: the field is not known here; the load reads memory.
    }
    if (readonly_) {
      // Every address it may read is read-only, inside the memory's initial
      // pages (readonly_load.h): the load reads constants and cannot trap
      // (memory never shrinks), so no statement is needed for it.
      ClassId v = readonlyLoadValue(egraph_, *readonly_, p, BinaryenLoadGetOffset(e), t, BinaryenLoadGetBytes(e),
                                    BinaryenLoadIsSigned(e), pathFacts_);
      if (v != kNoClass) {
        ++graph_.readonlyLoads;
        return v;
      }
    }
    uint32_t align = BinaryenLoadGetAlign(e);
    unsigned al = align ? unsigned(__builtin_ctz(align)) : 0;
    return define(out, StmtKind::Define, *op, t, memImm(BinaryenLoadGetOffset(e), al, env_.mem), {p});
  }

  ClassId visitStore(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    if (BinaryenStoreIsAtomic(e)) throw Unsupported("atomic store");
    ClassId p = visit(BinaryenStoreGetPtr(e), out);
    ClassId v = visit(BinaryenStoreGetValue(e), out);
    if (!live_) return kNoClass;
    auto vt = tyFromBinaryen(BinaryenStoreGetValueType(e));
    if (!vt) throw Unsupported("store type");
    auto op = storeOpFor(*vt, BinaryenStoreGetBytes(e));
    if (!op) throw Unsupported("store shape");
    if (auto so = slotOffset(p)) {
      frame_->store(env_.locals, *so + BinaryenStoreGetOffset(e), BinaryenStoreGetBytes(e), v, *vt);
      ++slotAccesses_;
      if (!slot_->strict) return kNoClass;
      // Strict: the store stays (the frame's memory is not dead).
    } else {
      forgetSlot();  // it may write a field
    }
    uint32_t align = BinaryenStoreGetAlign(e);
    unsigned al = align ? unsigned(__builtin_ctz(align)) : 0;
    uint32_t seq = nextSeq_++;
    define(out, StmtKind::Effect, *op, Ty::none, memImm(BinaryenStoreGetOffset(e), al, seq), {p, v});
    graph_.memBeforeStore[seq & 0xffffff] = env_.mem & 0xffffff;
    env_.mem = freshState();
    return kNoClass;
  }

  ClassId visitGlobalGet(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    Ty t = exprTy(e);
    uint64_t imm = globalId(BinaryenGlobalGetGetName(e)) | (uint64_t(env_.glob) << 32);
    ClassId c = define(out, StmtKind::Define, Op::GlobalGet, t, imm, {});
    if (slot_ && slot_->globalName == BinaryenGlobalGetGetName(e)) spRead_ = c;
    return c;
  }

  ClassId visitGlobalSet(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId v = visit(BinaryenGlobalSetGetValue(e), out);
    if (!live_) return kNoClass;
    if (slot_ && slot_->globalName == BinaryenGlobalSetGetName(e)) {
      // Reservation and restores of the stack pointer go with the slot.
      ClassId vc = egraph_.find(v);
      bool isReserve = false, isRestore = false;
      for (NodeId n : egraph_.classNodes(vc)) {
        NodeView nv = egraph_.node(n);
        if (nv.children.size() != 2) continue;
        std::optional<uint64_t> k = egraph_.constant(egraph_.find(nv.children[1]));
        bool isFrame = k.has_value() && *k == slot_->frameSize;
        if (nv.op == Op::I32Sub && isFrame && spRead_ != kNoClass && egraph_.find(nv.children[0]) == egraph_.find(spRead_))
          isReserve = true;
        if (nv.op == Op::I32Add && isFrame && frame_->base != kNoClass && egraph_.find(nv.children[0]) == egraph_.find(frame_->base))
          isRestore = true;
      }
      if (spRead_ != kNoClass && vc == egraph_.find(spRead_)) isRestore = true;
      if (isReserve && frame_->base == kNoClass) frame_->base = vc;
      else if (!isRestore) throw SlotFail("unexpected write of the stack pointer");
      ++slotSets_;
      if (slot_->removeStackPointerWrites) return kNoClass;
      // Otherwise the writes stay (callees' frames keep their addresses).
    }
    uint32_t seq = nextSeq_++;
    uint64_t imm = globalId(BinaryenGlobalSetGetName(e)) | (uint64_t(seq) << 32);
    define(out, StmtKind::Effect, Op::GlobalSet, Ty::none, imm, {v});
    env_.glob = freshState();
    return kNoClass;
  }

  ClassId visitMemorySize(BinaryenExpressionRef, std::vector<Stmt>& out) {
    return define(out, StmtKind::Define, Op::MemorySize, Ty::i32, uint64_t(env_.mem) << 32, {});
  }

  ClassId visitMemoryGrow(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId d = visit(BinaryenMemoryGrowGetDelta(e), out);
    if (!live_) return kNoClass;
    uint32_t seq = nextSeq_++;
    define(out, StmtKind::Effect, Op::MemoryGrow, Ty::i32, uint64_t(seq) << 32, {d});
    env_.mem = freshState();
    return out.back().cls;
  }

  ClassId visitCall(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    bool ind = BinaryenExpressionGetId(e) == BinaryenCallIndirectId();
    if (ind ? BinaryenCallIndirectIsReturn(e) : BinaryenCallIsReturn(e)) throw Unsupported("tail call");
    std::vector<ClassId> args;
    BinaryenIndex n = ind ? BinaryenCallIndirectGetNumOperands(e) : BinaryenCallGetNumOperands(e);
    for (BinaryenIndex i = 0; i < n; ++i)
      args.push_back(visit(ind ? BinaryenCallIndirectGetOperandAt(e, i) : BinaryenCallGetOperandAt(e, i), out));
    if (ind) args.push_back(visit(BinaryenCallIndirectGetTarget(e), out));
    if (!live_) return kNoClass;
    CallInfo ci;
    ci.indirect = ind;
    if (ind) {
      ci.table = BinaryenCallIndirectGetTable(e);
      ci.params = BinaryenCallIndirectGetParams(e);
      ci.results = BinaryenCallIndirectGetResults(e);
      BinaryenIndex np = BinaryenTypeArity(ci.params);
      std::vector<BinaryenType> pts(np);
      if (np) BinaryenTypeExpand(ci.params, pts.data());
      for (auto pt : pts)
        if (!tyFromBinaryen(pt)) throw Unsupported("call_indirect parameter type");
    } else {
      ci.target = BinaryenCallGetTarget(e);
    }
    BinaryenType rt = BinaryenExpressionGetType(e);
    Ty t = Ty::none;
    if (rt != BinaryenTypeUnreachable()) {
      auto r = tyFromBinaryen(rt);
      if (!r) throw Unsupported("call result type");
      t = *r;
    } else {
      // A call whose result is unreachable cannot occur for direct calls; be safe.
      throw Unsupported("unreachable call");
    }
    uint32_t seq = uint32_t(graph_.calls.size());
    graph_.calls.push_back(std::move(ci));
    ClassId c = define(out, StmtKind::Effect, Op::Call, t, seq, args);
    env_.mem = freshState();
    env_.glob = freshState();
    forgetSlot();  // the callee may write a field
    return t == Ty::none ? kNoClass : c;
  }

  ClassId visitBlock(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    const char* name = BinaryenBlockGetName(e);
    Ty rt = exprTy(e);
    BinaryenIndex n = BinaryenBlockGetNumChildren(e);
    if (!name) {
      ClassId last = kNoClass;
      for (BinaryenIndex i = 0; i < n && live_; ++i) last = visit(BinaryenBlockGetChildAt(e, i), out);
      return live_ ? last : kNoClass;
    }
    uint32_t m = newMerge(Merge::BlockEnd, name, rt);
    Stmt s = stmt(StmtKind::Block);
    s.merge = m;
    labels_.push_back({name, m});
    const size_t facts = pathFacts_.size();
    ClassId last = kNoClass;
    for (BinaryenIndex i = 0; i < n && live_; ++i) last = visit(BinaryenBlockGetChildAt(e, i), s.body);
    if (live_) s.fallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : last));
    pathFacts_.resize(facts);  // the end is reached from branches too
    labels_.pop_back();
    out.push_back(std::move(s));
    return join(m);
  }

  ClassId visitIf(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId c = visit(BinaryenIfGetCondition(e), out);
    if (!live_) return kNoClass;
    Ty rt = exprTy(e);
    uint32_t m = newMerge(Merge::IfEnd, nullptr, rt);
    Stmt s = stmt(StmtKind::If);
    s.cls = c;
    s.merge = m;
    Env before = env_;
    const size_t facts = pathFacts_.size();
    pathFacts_.push_back({c, true});
    ClassId tv = visit(BinaryenIfGetIfTrue(e), s.body);
    if (live_) s.fallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : tv));
    env_ = std::move(before);
    live_ = true;
    pathFacts_.resize(facts);
    if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) {
      pathFacts_.push_back({c, false});
      ClassId fv = visit(f, s.elseBody);
      if (live_) s.elseFallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : fv));
      pathFacts_.resize(facts);
    } else {
      s.elseFallEdge = int32_t(addEdge(m, kNoClass));
    }
    out.push_back(std::move(s));
    return join(m);
  }

  ClassId visitLoop(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    const char* name = BinaryenLoopGetName(e);
    Ty rt = exprTy(e);
    uint32_t m = newMerge(Merge::LoopHeader, name ? name : "", Ty::none);
    LoopScan sc;
    sc.sets.assign(localTy_.size(), false);
    scan(BinaryenLoopGetBody(e), sc);
    if (slot_ && !slot_->strict && sc.store)  // a store in the loop may write any frame field
      for (size_t i = 0; i < slot_->fields.size(); ++i) sc.sets[frame_->firstLocal() + i] = true;
    auto& slots = loopSlots_[m];
    std::vector<ClassId> entry;
    for (uint32_t l = 0; l < localTy_.size(); ++l) {
      if (!sc.sets[l]) continue;
      slots.push_back(l);
      entry.push_back(env_.locals[l]);
      Merge::Carried car;
      car.phi = egraph_.add(Op::LoopPhi, localTy_[l], (uint64_t(m) << 32) | l, {});
      // A frame field still undefined on entry stays undefined at the header.
      if (slot_ && l >= frame_->firstLocal() && frame_->isUndefined(env_.locals[l])) frame_->addUndefined(car.phi);
      graph_.merges[m].carried.push_back(std::move(car));
    }
    addEdge(m, kNoClass);  // entry edge 0 records the entry values
    for (size_t k = 0; k < slots.size(); ++k) env_.locals[slots[k]] = graph_.merges[m].carried[k].phi;
    if (sc.mem) {
      env_.mem = freshState();
      forgetSlot();  // strict: no field is known at the header of a loop that writes memory
    }
    if (sc.glob) env_.glob = freshState();
    Stmt s = stmt(StmtKind::Loop);
    s.merge = m;
    if (name) labels_.push_back({name, m});
    const size_t facts = pathFacts_.size();
    ClassId v = visit(BinaryenLoopGetBody(e), s.body);
    pathFacts_.resize(facts);
    if (name) labels_.pop_back();
    out.push_back(std::move(s));
    // A loop-carried value that no back edge changes is its entry value.
    Merge& mg = graph_.merges[m];
    for (auto& car : mg.carried) {
      bool unchanged = true;
      for (size_t ed = 1; ed < car.perEdge.size(); ++ed)
        if (egraph_.find(car.perEdge[ed]) != egraph_.find(car.phi) && egraph_.find(car.perEdge[ed]) != egraph_.find(car.perEdge[0]))
          unchanged = false;
      if (unchanged) egraph_.merge(car.phi, car.perEdge[0]);
    }
    return rt == Ty::none ? kNoClass : v;
  }

  ClassId visitBreak(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    uint32_t m = findLabel(BinaryenBreakGetName(e));
    ClassId v = kNoClass;
    if (BinaryenExpressionRef ve = BinaryenBreakGetValue(e)) v = visit(ve, out);
    if (BinaryenExpressionRef ce = BinaryenBreakGetCondition(e)) {
      ClassId c = visit(ce, out);
      if (!live_) return kNoClass;
      Stmt s = stmt(StmtKind::BrIf);
      s.cls = c;
      s.merge = m;
      s.edgeTargets.push_back(m);
      s.edgeIds.push_back(addEdge(m, v));
      out.push_back(std::move(s));
      pathFacts_.push_back({c, false});  // falling through, the condition was zero
      return v;
    }
    if (!live_) return kNoClass;
    Stmt s = stmt(StmtKind::Br);
    s.merge = m;
    s.edgeTargets.push_back(m);
    s.edgeIds.push_back(addEdge(m, v));
    out.push_back(std::move(s));
    live_ = false;
    return kNoClass;
  }

  ClassId visitSwitch(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId v = kNoClass;
    if (BinaryenExpressionRef ve = BinaryenSwitchGetValue(e)) v = visit(ve, out);
    ClassId c = visit(BinaryenSwitchGetCondition(e), out);
    if (!live_) return kNoClass;
    Stmt s = stmt(StmtKind::BrTable);
    s.cls = c;
    BinaryenIndex n = BinaryenSwitchGetNumNames(e);
    for (BinaryenIndex i = 0; i <= n; ++i) {
      const char* nm = i < n ? BinaryenSwitchGetNameAt(e, i) : BinaryenSwitchGetDefaultName(e);
      uint32_t m = findLabel(nm);
      s.targets.push_back(m);
      bool seen = false;
      for (uint32_t t : s.edgeTargets) seen |= t == m;
      if (!seen) {
        s.edgeTargets.push_back(m);
        s.edgeIds.push_back(addEdge(m, v));
      }
    }
    out.push_back(std::move(s));
    live_ = false;
    return kNoClass;
  }

  ClassId visitReturn(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    ClassId v = kNoClass;
    if (BinaryenExpressionRef ve = BinaryenReturnGetValue(e)) v = visit(ve, out);
    if (!live_) return kNoClass;
    Stmt s = stmt(StmtKind::Return);
    s.cls = v;
    out.push_back(std::move(s));
    live_ = false;
    return kNoClass;
  }

  ClassId visitUnreachable(BinaryenExpressionRef, std::vector<Stmt>& out) {
    out.push_back(stmt(StmtKind::Unreachable));
    live_ = false;
    return kNoClass;
  }
};

} // namespace

std::unique_ptr<FunctionGraph> buildFunctionGraph(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                  const BridgeOptions& opts, std::string& whyNot) {
  auto fg = std::make_unique<FunctionGraph>();
  fg->egraph = std::make_unique<EGraph>(opts.egraph);
  try {
    Builder b(module, func, *fg, opts.readonlyData);
    b.build();
  } catch (const Unsupported& u) {
    whyNot = u.what();
    return nullptr;
  }
  fg->egraph->rebuild();
  if (!opts.stackSlots || !opts.importedFunctions) return fg;
  // The memory seam: when the frame slot does not escape, build again with
  // its fields as values.
  StackSlotPlan plan = planStackSlot(*fg, *opts.importedFunctions, !opts.stackAbi);
  // A stack pointer moved elsewhere exposes old frames: only the strict plan,
  // which keeps every store, holds then.
  if (plan.valid && !plan.strict && opts.exposedGlobals && opts.exposedGlobals->count(plan.globalName)) {
    plan.valid = false;
    plan.why = "the stack pointer " + plan.globalName + " is moved elsewhere (stackAlloc/stackRestore or exported)";
  }
  if (!plan.valid) {
    if (plan.why != "no stack-pointer reservation") fg->stackSlotNote = "frame slot kept: " + plan.why;
    return fg;
  }
  auto fg2 = std::make_unique<FunctionGraph>();
  fg2->egraph = std::make_unique<EGraph>(opts.egraph);
  try {
    Builder b(module, func, *fg2, opts.readonlyData, &plan);
    b.build();
  } catch (const Unsupported&) {
    return fg;
  } catch (const SlotFail& f) {
    fg->stackSlotNote = std::string("frame slot kept: ") + f.what();
    return fg;
  }
  fg2->egraph->rebuild();
  fg2->stackSlotRemoved = !plan.strict;
  fg2->stackSlotNote = plan.strict ? "frame slot of " + std::to_string(plan.frameSize) +
                                         " bytes: stores kept, loads forwarded where no other store or call "
                                         "comes between (no stack-abi assumption)"
                                   : "frame slot of " + std::to_string(plan.frameSize) + " bytes replaced by values";
  return fg2;
}

} // namespace eqsat
