// wasm function -> e-graph + skeleton. See bridge.h for the model.
#include "bridge/bridge.h"

#include "ir/binaryen_ops.h"
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

// The stack-slot plan did not hold while building: build without it.
struct SlotFail : std::runtime_error {
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

class Builder {
public:
  Builder(BinaryenModuleRef m, BinaryenFunctionRef f, FunctionGraph& fg, const StackSlotPlan* slot = nullptr)
      : mod_(m), fn_(f), fg_(fg), g_(*fg.egraph), slot_(slot) {}

  void build() {
    BinaryenType params = BinaryenFunctionGetParams(fn_);
    unsigned np = BinaryenTypeArity(params);
    std::vector<BinaryenType> pts(np);
    if (np) BinaryenTypeExpand(params, pts.data());
    BinaryenType results = BinaryenFunctionGetResults(fn_);
    if (BinaryenTypeArity(results) > 1) throw Unsupported("multi-value results");
    auto rt = tyFromBinaryen(results);
    if (!rt) throw Unsupported("result type");
    fg_.result = *rt;
    unsigned nv = BinaryenFunctionGetNumVars(fn_);
    fg_.numOriginalLocals = np + nv;
    localTy_.resize(np + nv);
    env_.locals.resize(np + nv);
    for (unsigned i = 0; i < np; ++i) {
      auto t = tyFromBinaryen(pts[i]);
      if (!t || *t == Ty::none) throw Unsupported("parameter type");
      localTy_[i] = *t;
      fg_.params.push_back(*t);
      ClassId c = g_.add(Op::Param, *t, i, {});
      env_.locals[i] = c;
    }
    for (unsigned i = 0; i < nv; ++i) {
      auto t = tyFromBinaryen(BinaryenFunctionGetVar(fn_, i));
      if (!t || *t == Ty::none) throw Unsupported("local type");
      localTy_[np + i] = *t;
      env_.locals[np + i] = g_.addConst(*t, 0);
    }
    if (slot_) {
      // The frame slot's fields are virtual locals, undefined until written.
      slotLocal0_ = uint32_t(localTy_.size());
      for (size_t i = 0; i < slot_->fields.size(); ++i) {
        Ty t = slot_->fields[i].ty;
        localTy_.push_back(t);
        ClassId u = g_.add(Op::Opaque, t, 0xFFFFFFFF00000000ull | i, {});
        undef_.push_back(g_.find(u));
        env_.locals.push_back(u);
      }
    }
    BinaryenExpressionRef body = BinaryenFunctionGetBody(fn_);
    ClassId v = visit(body, fg_.body);
    if (slot_ && (slotAccesses_ != slot_->accesses || slotSets_ != slot_->spSets))
      throw SlotFail("not every access to the frame slot was recognised");
    if (live_) {
      Stmt s = stmt(StmtKind::Value);
      s.cls = fg_.result == Ty::none ? kNoClass : v;
      fg_.body.push_back(std::move(s));
    }
  }

private:
  BinaryenModuleRef mod_;
  BinaryenFunctionRef fn_;
  FunctionGraph& fg_;
  EGraph& g_;
  Env env_;
  bool live_ = true;
  std::vector<Ty> localTy_;
  std::vector<Label> labels_;
  std::unordered_map<uint32_t, Pending> pending_;
  std::unordered_map<std::string, uint32_t> globalIndex_;
  uint32_t nextState_ = 1;
  uint32_t nextSeq_ = 1;
  // Memory seam (see stack_slot.h).
  const StackSlotPlan* slot_ = nullptr;
  uint32_t slotLocal0_ = 0;
  std::vector<ClassId> undef_;
  ClassId slotBase_ = kNoClass, spRead_ = kNoClass;
  size_t slotAccesses_ = 0, slotSets_ = 0;

  // The offset of address class a from the slot base, if it is a slot address.
  std::optional<int64_t> slotOffset(ClassId a, unsigned depth = 0) {
    if (slotBase_ == kNoClass || depth > 8) return std::nullopt;
    a = g_.find(a);
    if (a == g_.find(slotBase_)) return 0;
    for (NodeId n : g_.classNodes(a)) {
      NodeView v = g_.node(n);
      if (v.op != Op::I32Add) continue;
      auto k = g_.constant(g_.find(v.children[1]));
      if (!k) continue;
      ClassId inner = v.children[0];
      if (auto o = slotOffset(inner, depth + 1)) return *o + int64_t(int32_t(uint32_t(*k)));
    }
    return std::nullopt;
  }
  // The virtual local of the field at (offset, bytes).
  uint32_t slotField(int64_t off, unsigned bytes) {
    for (size_t i = 0; i < slot_->fields.size(); ++i)
      if (int64_t(slot_->fields[i].offset) == off && slot_->fields[i].bytes == bytes) return slotLocal0_ + uint32_t(i);
    throw SlotFail("frame slot access at an unexpected offset");
  }
  ClassId un(Op op, Ty t, ClassId x) { return g_.add(op, t, 0, std::array<ClassId, 1>{x}); }
  ClassId bin(Op op, Ty t, ClassId x, ClassId y) { return g_.add(op, t, 0, std::array<ClassId, 2>{x, y}); }
  // A store of `bytes` bytes of v (type tv) at frame offset `off`: every cell it
  // overlaps gets its new contents.
  void storeSlot(int64_t off, unsigned bytes, ClassId v, Ty tv) {
    uint32_t own = slotField(off, bytes);
    bool fl = tv == Ty::f32 || tv == Ty::f64;
    for (size_t i = 0; i < slot_->fields.size(); ++i) {
      const auto& f = slot_->fields[i];
      uint32_t l = slotLocal0_ + uint32_t(i);
      int64_t fo = f.offset, fe = fo + f.bytes, so = off, se = off + bytes;
      if (fe <= so || se <= fo) continue;  // disjoint
      Ty ct = f.ty;
      if (l == own) {
        env_.locals[l] = (tv == Ty::i64 && ct == Ty::i32) ? un(Op::I32WrapI64, Ty::i32, v) : v;
        continue;
      }
      if (fl || ct == Ty::f32 || ct == Ty::f64) throw SlotFail("float frame field overlaps");
      if (so <= fo && fe <= se) {
        // The cell lies inside the stored bytes: shift them down.
        uint64_t sh = uint64_t(fo - so) * 8;
        ClassId x = v;
        if (sh) x = bin(tv == Ty::i64 ? Op::I64ShrU : Op::I32ShrU, tv, x, g_.addConst(tv, sh));
        if (tv == Ty::i64 && ct == Ty::i32) x = un(Op::I32WrapI64, Ty::i32, x);
        if (tv == Ty::i32 && ct == Ty::i64) x = un(Op::I64ExtendI32U, Ty::i64, x);
        env_.locals[l] = x;
      } else if (fo <= so && se <= fe) {
        // The stored bytes lie inside the cell: insert them.
        if (isUndef(env_.locals[l])) continue;  // still undefined outside the stored bytes
        uint64_t sh = uint64_t(so - fo) * 8;
        uint64_t m = (bytes == 8 ? ~uint64_t(0) : ((uint64_t(1) << (bytes * 8)) - 1)) << sh;
        ClassId x = v;
        if (tv == Ty::i64 && ct == Ty::i32) x = un(Op::I32WrapI64, Ty::i32, x);
        if (tv == Ty::i32 && ct == Ty::i64) x = un(Op::I64ExtendI32U, Ty::i64, x);
        Op andOp = ct == Ty::i64 ? Op::I64And : Op::I32And, orOp = ct == Ty::i64 ? Op::I64Or : Op::I32Or,
           shlOp = ct == Ty::i64 ? Op::I64Shl : Op::I32Shl;
        x = bin(andOp, ct, x, g_.addConst(ct, (bytes == 8 ? ~uint64_t(0) : (uint64_t(1) << (bytes * 8)) - 1)));
        if (sh) x = bin(shlOp, ct, x, g_.addConst(ct, sh));
        ClassId keep = bin(andOp, ct, env_.locals[l], g_.addConst(ct, ~m));
        env_.locals[l] = bin(orOp, ct, keep, x);
      } else {
        env_.locals[l] = undef_[i];  // partly overwritten: no longer known
      }
    }
  }

  // Strict plan: a store through another address or a call may have written
  // any field, so none is known any more.
  void forgetSlot() {
    if (!slot_ || !slot_->strict) return;
    for (size_t i = 0; i < slot_->fields.size(); ++i) env_.locals[slotLocal0_ + i] = undef_[i];
  }

  bool isUndef(ClassId c, unsigned depth = 0) {
    c = g_.find(c);
    for (ClassId u : undef_)
      if (g_.find(u) == c) return true;
    if (depth > 16) return true;
    for (NodeId n : g_.classNodes(c)) {
      NodeView v = g_.node(n);
      if (v.op != Op::Phi) continue;
      std::vector<ClassId> kids(v.children.begin(), v.children.end());
      for (ClassId k : kids)
        if (isUndef(k, depth + 1)) return true;
    }
    return false;
  }
  // A load of `bytes` bytes of type tl from a field holding values of type tv.
  ClassId readField(ClassId v, Ty tv, Ty tl, unsigned bytes, bool sgn) {
    if (tv == Ty::f32 || tv == Ty::f64 || tl == Ty::f32 || tl == Ty::f64) {
      if (tv != tl) throw SlotFail("float field read with another type");
      return v;
    }
    ClassId x = v;
    if (tv == Ty::i64 && tl == Ty::i32) x = g_.add(Op::I32WrapI64, Ty::i32, 0, std::array<ClassId, 1>{x});
    if (tv == Ty::i32 && tl == Ty::i64) x = g_.add(Op::I64ExtendI32U, Ty::i64, 0, std::array<ClassId, 1>{x});
    if (bytes * 8 < tyBits(tl)) {
      if (!sgn) {
        ClassId m = g_.addConst(tl, (uint64_t(1) << (bytes * 8)) - 1);
        x = g_.add(tl == Ty::i32 ? Op::I32And : Op::I64And, tl, 0, std::array<ClassId, 2>{x, m});
      } else {
        Op op = tl == Ty::i32 ? (bytes == 1 ? Op::I32Extend8S : Op::I32Extend16S)
                              : (bytes == 1 ? Op::I64Extend8S : bytes == 2 ? Op::I64Extend16S : Op::I64Extend32S);
        x = g_.add(op, tl, 0, std::array<ClassId, 1>{x});
      }
    }
    return x;
  }

  uint32_t freshState() { return nextState_++; }

  uint32_t globalId(const char* name) {
    auto it = globalIndex_.find(name);
    if (it != globalIndex_.end()) return it->second;
    uint32_t id = uint32_t(fg_.globals.size());
    fg_.globals.emplace_back(name);
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
    fg_.merges.push_back(std::move(m));
    return uint32_t(fg_.merges.size() - 1);
  }

  // Record an edge from the current environment to merge `m` carrying `value`.
  uint32_t addEdge(uint32_t m, ClassId value) {
    Merge& mg = fg_.merges[m];
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
    Merge& mg = fg_.merges[m];
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
        if (g_.find(kids[e]) != g_.find(kids[0])) same = false;
      }
      out.locals[l] = same ? kids[0] : g_.add(Op::Phi, localTy_[l], m, kids);
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
      if (g_.find(kids[e]) != g_.find(kids[0])) same = false;
    }
    return same ? kids[0] : g_.add(Op::Phi, mg.result, m, kids);
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
    s.cls = g_.add(op, ty, imm, kids);
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
    struct Depth {
      unsigned& d;
      explicit Depth(unsigned& x) : d(x) {
        if (++d > kMaxDepth) {
          --d;
          throw Unsupported("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        }
      }
      ~Depth() { --d; }
    } depthGuard(depth_);
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenConstId()) {
      Ty t = exprTy(e);
      uint64_t bits = 0;
      switch (t) {
      case Ty::i32: bits = uint32_t(BinaryenConstGetValueI32(e)); break;
      case Ty::i64: bits = uint64_t(BinaryenConstGetValueI64(e)); break;
      case Ty::f32: { float f = BinaryenConstGetValueF32(e); uint32_t b; std::memcpy(&b, &f, 4); bits = b; break; }
      case Ty::f64: { double d = BinaryenConstGetValueF64(e); std::memcpy(&bits, &d, 8); break; }
      default: throw Unsupported("constant type");
      }
      return g_.addConst(t, bits);
    }
    if (id == BinaryenLocalGetId()) return env_.locals.at(BinaryenLocalGetGetIndex(e));
    if (id == BinaryenLocalSetId()) {
      ClassId v = visit(BinaryenLocalSetGetValue(e), out);
      if (!live_) return kNoClass;
      env_.locals.at(BinaryenLocalSetGetIndex(e)) = v;
      return BinaryenLocalSetIsTee(e) ? v : kNoClass;
    }
    if (id == BinaryenUnaryId()) {
      ClassId x = visit(BinaryenUnaryGetValue(e), out);
      if (!live_) return kNoClass;
      BinaryenOp bop = BinaryenUnaryGetOp(e);
      Ty t = exprTy(e);
      if (auto op = opFromBinaryenUnary(bop)) return g_.add(*op, t, 0, std::array<ClassId, 1>{x});
      if (binaryenUnaryMayTraps(bop))
        return define(out, StmtKind::Define, Op::GenericTrapUnary, t, uint64_t(bop), {x});
      return g_.add(Op::GenericUnary, t, uint64_t(bop), std::array<ClassId, 1>{x});
    }
    if (id == BinaryenBinaryId()) {
      ClassId a = visit(BinaryenBinaryGetLeft(e), out);
      ClassId b = visit(BinaryenBinaryGetRight(e), out);
      if (!live_) return kNoClass;
      BinaryenOp bop = BinaryenBinaryGetOp(e);
      Ty t = exprTy(e);
      if (auto op = opFromBinaryenBinary(bop)) {
        if (opInfo(*op).mayTrap) return define(out, StmtKind::Define, *op, t, 0, {a, b});
        return g_.add(*op, t, 0, std::array<ClassId, 2>{a, b});
      }
      return g_.add(Op::GenericBinary, t, uint64_t(bop), std::array<ClassId, 2>{a, b});
    }
    if (id == BinaryenSelectId()) {
      ClassId a = visit(BinaryenSelectGetIfTrue(e), out);
      ClassId b = visit(BinaryenSelectGetIfFalse(e), out);
      ClassId c = visit(BinaryenSelectGetCondition(e), out);
      if (!live_) return kNoClass;
      return g_.add(Op::Select, exprTy(e), 0, std::array<ClassId, 3>{a, b, c});
    }
    if (id == BinaryenDropId()) {
      visit(BinaryenDropGetValue(e), out);
      return kNoClass;
    }
    if (id == BinaryenNopId()) return kNoClass;
    if (id == BinaryenLoadId()) {
      if (BinaryenLoadIsAtomic(e)) throw Unsupported("atomic load");
      ClassId p = visit(BinaryenLoadGetPtr(e), out);
      if (!live_) return kNoClass;
      Ty t = exprTy(e);
      auto op = loadOpFor(t, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e));
      if (!op) throw Unsupported("load shape");
      if (auto so = slotOffset(p)) {
        uint32_t l = slotField(*so + BinaryenLoadGetOffset(e), BinaryenLoadGetBytes(e));
        ClassId v = env_.locals[l];
        ++slotAccesses_;
        if (!isUndef(v)) return readField(v, localTy_[l], t, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e));
        if (!slot_->strict) throw SlotFail("a frame field may be read before it is written");
        // Strict: the field is not known here; the load reads memory.
      }
      uint32_t align = BinaryenLoadGetAlign(e);
      unsigned al = align ? unsigned(__builtin_ctz(align)) : 0;
      return define(out, StmtKind::Define, *op, t, memImm(BinaryenLoadGetOffset(e), al, env_.mem), {p});
    }
    if (id == BinaryenStoreId()) {
      if (BinaryenStoreIsAtomic(e)) throw Unsupported("atomic store");
      ClassId p = visit(BinaryenStoreGetPtr(e), out);
      ClassId v = visit(BinaryenStoreGetValue(e), out);
      if (!live_) return kNoClass;
      auto vt = tyFromBinaryen(BinaryenStoreGetValueType(e));
      if (!vt) throw Unsupported("store type");
      auto op = storeOpFor(*vt, BinaryenStoreGetBytes(e));
      if (!op) throw Unsupported("store shape");
      if (auto so = slotOffset(p)) {
        storeSlot(*so + BinaryenStoreGetOffset(e), BinaryenStoreGetBytes(e), v, *vt);
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
      fg_.memBeforeStore[seq & 0xffffff] = env_.mem & 0xffffff;
      env_.mem = freshState();
      return kNoClass;
    }
    if (id == BinaryenGlobalGetId()) {
      Ty t = exprTy(e);
      uint64_t imm = globalId(BinaryenGlobalGetGetName(e)) | (uint64_t(env_.glob) << 32);
      ClassId c = define(out, StmtKind::Define, Op::GlobalGet, t, imm, {});
      if (slot_ && slot_->globalName == BinaryenGlobalGetGetName(e)) spRead_ = c;
      return c;
    }
    if (id == BinaryenGlobalSetId()) {
      ClassId v = visit(BinaryenGlobalSetGetValue(e), out);
      if (!live_) return kNoClass;
      if (slot_ && slot_->globalName == BinaryenGlobalSetGetName(e)) {
        // Reservation and restores of the stack pointer go with the slot.
        ClassId vc = g_.find(v);
        bool isReserve = false, isRestore = false;
        for (NodeId n : g_.classNodes(vc)) {
          NodeView nv = g_.node(n);
          if (nv.children.size() != 2) continue;
          std::optional<uint64_t> k = g_.constant(g_.find(nv.children[1]));
          bool isFrame = k.has_value() && *k == slot_->frameSize;
          if (nv.op == Op::I32Sub && isFrame && spRead_ != kNoClass && g_.find(nv.children[0]) == g_.find(spRead_))
            isReserve = true;
          if (nv.op == Op::I32Add && isFrame && slotBase_ != kNoClass && g_.find(nv.children[0]) == g_.find(slotBase_))
            isRestore = true;
        }
        if (spRead_ != kNoClass && vc == g_.find(spRead_)) isRestore = true;
        if (isReserve && slotBase_ == kNoClass) slotBase_ = vc;
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
    if (id == BinaryenMemorySizeId()) {
      return define(out, StmtKind::Define, Op::MemorySize, Ty::i32, uint64_t(env_.mem) << 32, {});
    }
    if (id == BinaryenMemoryGrowId()) {
      ClassId d = visit(BinaryenMemoryGrowGetDelta(e), out);
      if (!live_) return kNoClass;
      uint32_t seq = nextSeq_++;
      define(out, StmtKind::Effect, Op::MemoryGrow, Ty::i32, uint64_t(seq) << 32, {d});
      env_.mem = freshState();
      return out.back().cls;
    }
    if (id == BinaryenCallId() || id == BinaryenCallIndirectId()) {
      bool ind = id == BinaryenCallIndirectId();
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
      uint32_t seq = uint32_t(fg_.calls.size());
      fg_.calls.push_back(std::move(ci));
      ClassId c = define(out, StmtKind::Effect, Op::Call, t, seq, args);
      env_.mem = freshState();
      env_.glob = freshState();
      forgetSlot();  // the callee may write a field
      return t == Ty::none ? kNoClass : c;
    }
    if (id == BinaryenBlockId()) {
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
      ClassId last = kNoClass;
      for (BinaryenIndex i = 0; i < n && live_; ++i) last = visit(BinaryenBlockGetChildAt(e, i), s.body);
      if (live_) s.fallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : last));
      labels_.pop_back();
      out.push_back(std::move(s));
      return join(m);
    }
    if (id == BinaryenIfId()) {
      ClassId c = visit(BinaryenIfGetCondition(e), out);
      if (!live_) return kNoClass;
      Ty rt = exprTy(e);
      uint32_t m = newMerge(Merge::IfEnd, nullptr, rt);
      Stmt s = stmt(StmtKind::If);
      s.cls = c;
      s.merge = m;
      Env before = env_;
      ClassId tv = visit(BinaryenIfGetIfTrue(e), s.body);
      if (live_) s.fallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : tv));
      env_ = std::move(before);
      live_ = true;
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) {
        ClassId fv = visit(f, s.elseBody);
        if (live_) s.elseFallEdge = int32_t(addEdge(m, rt == Ty::none ? kNoClass : fv));
      } else {
        s.elseFallEdge = int32_t(addEdge(m, kNoClass));
      }
      out.push_back(std::move(s));
      return join(m);
    }
    if (id == BinaryenLoopId()) {
      const char* name = BinaryenLoopGetName(e);
      Ty rt = exprTy(e);
      uint32_t m = newMerge(Merge::LoopHeader, name ? name : "", Ty::none);
      LoopScan sc;
      sc.sets.assign(localTy_.size(), false);
      scan(BinaryenLoopGetBody(e), sc);
      if (slot_ && !slot_->strict && sc.store)  // a store in the loop may write any frame field
        for (size_t i = 0; i < slot_->fields.size(); ++i) sc.sets[slotLocal0_ + i] = true;
      auto& slots = loopSlots_[m];
      std::vector<ClassId> entry;
      for (uint32_t l = 0; l < localTy_.size(); ++l) {
        if (!sc.sets[l]) continue;
        slots.push_back(l);
        entry.push_back(env_.locals[l]);
        Merge::Carried car;
        car.phi = g_.add(Op::LoopPhi, localTy_[l], (uint64_t(m) << 32) | l, {});
        // A frame field still undefined on entry stays undefined at the header.
        if (slot_ && l >= slotLocal0_ && isUndef(env_.locals[l])) undef_.push_back(g_.find(car.phi));
        fg_.merges[m].carried.push_back(std::move(car));
      }
      addEdge(m, kNoClass);  // entry edge 0 records the entry values
      for (size_t k = 0; k < slots.size(); ++k) env_.locals[slots[k]] = fg_.merges[m].carried[k].phi;
      if (sc.mem) {
        env_.mem = freshState();
        forgetSlot();  // strict: no field is known at the header of a loop that writes memory
      }
      if (sc.glob) env_.glob = freshState();
      Stmt s = stmt(StmtKind::Loop);
      s.merge = m;
      if (name) labels_.push_back({name, m});
      ClassId v = visit(BinaryenLoopGetBody(e), s.body);
      if (name) labels_.pop_back();
      out.push_back(std::move(s));
      // A loop-carried value that no back edge changes is its entry value.
      Merge& mg = fg_.merges[m];
      for (auto& car : mg.carried) {
        bool unchanged = true;
        for (size_t ed = 1; ed < car.perEdge.size(); ++ed)
          if (g_.find(car.perEdge[ed]) != g_.find(car.phi) && g_.find(car.perEdge[ed]) != g_.find(car.perEdge[0]))
            unchanged = false;
        if (unchanged) g_.merge(car.phi, car.perEdge[0]);
      }
      return rt == Ty::none ? kNoClass : v;
    }
    if (id == BinaryenBreakId()) {
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
    if (id == BinaryenSwitchId()) {
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
    if (id == BinaryenReturnId()) {
      ClassId v = kNoClass;
      if (BinaryenExpressionRef ve = BinaryenReturnGetValue(e)) v = visit(ve, out);
      if (!live_) return kNoClass;
      Stmt s = stmt(StmtKind::Return);
      s.cls = v;
      out.push_back(std::move(s));
      live_ = false;
      return kNoClass;
    }
    if (id == BinaryenUnreachableId()) {
      out.push_back(stmt(StmtKind::Unreachable));
      live_ = false;
      return kNoClass;
    }
    throw Unsupported("unsupported instruction (expression id " + std::to_string(id) + ")");
  }
};

} // namespace

std::unique_ptr<FunctionGraph> buildFunctionGraph(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                  const BridgeOptions& opts, std::string& whyNot) {
  auto fg = std::make_unique<FunctionGraph>();
  fg->egraph = std::make_unique<EGraph>(opts.egraph);
  try {
    Builder b(module, func, *fg);
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
    Builder b(module, func, *fg2, &plan);
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
