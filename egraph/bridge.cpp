// wasm function -> e-graph + skeleton. See bridge.h for the model.
#include "egraph/bridge.h"

#include "egraph/binaryen_ops.h"

#include <cstring>
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

class Builder {
public:
  Builder(BinaryenModuleRef m, BinaryenFunctionRef f, FunctionGraph& fg) : mod_(m), fn_(f), fg_(fg), g_(*fg.egraph) {}

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
    BinaryenExpressionRef body = BinaryenFunctionGetBody(fn_);
    ClassId v = visit(body, fg_.body);
    if (live_) {
      Stmt s{StmtKind::Value};
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
  template <class F> void forEachChild(BinaryenExpressionRef e, F&& f) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    auto opt = [&](BinaryenExpressionRef c) { if (c) f(c); };
    if (id == BinaryenBlockId()) {
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) f(BinaryenBlockGetChildAt(e, i));
    } else if (id == BinaryenIfId()) {
      f(BinaryenIfGetCondition(e)); f(BinaryenIfGetIfTrue(e)); opt(BinaryenIfGetIfFalse(e));
    } else if (id == BinaryenLoopId()) {
      f(BinaryenLoopGetBody(e));
    } else if (id == BinaryenBreakId()) {
      opt(BinaryenBreakGetValue(e)); opt(BinaryenBreakGetCondition(e));
    } else if (id == BinaryenSwitchId()) {
      opt(BinaryenSwitchGetValue(e)); f(BinaryenSwitchGetCondition(e));
    } else if (id == BinaryenCallId()) {
      for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i) f(BinaryenCallGetOperandAt(e, i));
    } else if (id == BinaryenCallIndirectId()) {
      for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
        f(BinaryenCallIndirectGetOperandAt(e, i));
      f(BinaryenCallIndirectGetTarget(e));
    } else if (id == BinaryenLocalSetId()) {
      f(BinaryenLocalSetGetValue(e));
    } else if (id == BinaryenGlobalSetId()) {
      f(BinaryenGlobalSetGetValue(e));
    } else if (id == BinaryenLoadId()) {
      f(BinaryenLoadGetPtr(e));
    } else if (id == BinaryenStoreId()) {
      f(BinaryenStoreGetPtr(e)); f(BinaryenStoreGetValue(e));
    } else if (id == BinaryenUnaryId()) {
      f(BinaryenUnaryGetValue(e));
    } else if (id == BinaryenBinaryId()) {
      f(BinaryenBinaryGetLeft(e)); f(BinaryenBinaryGetRight(e));
    } else if (id == BinaryenSelectId()) {
      f(BinaryenSelectGetIfTrue(e)); f(BinaryenSelectGetIfFalse(e)); f(BinaryenSelectGetCondition(e));
    } else if (id == BinaryenDropId()) {
      f(BinaryenDropGetValue(e));
    } else if (id == BinaryenReturnId()) {
      opt(BinaryenReturnGetValue(e));
    } else if (id == BinaryenMemoryGrowId()) {
      f(BinaryenMemoryGrowGetDelta(e));
    }
  }

  struct LoopScan { std::vector<bool> sets; bool mem = false, glob = false; };
  void scan(BinaryenExpressionRef e, LoopScan& s) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenLocalSetId()) s.sets[BinaryenLocalSetGetIndex(e)] = true;
    else if (id == BinaryenCallId() || id == BinaryenCallIndirectId()) s.mem = s.glob = true;
    else if (id == BinaryenStoreId() || id == BinaryenMemoryGrowId()) s.mem = true;
    else if (id == BinaryenGlobalSetId()) s.glob = true;
    forEachChild(e, [&](BinaryenExpressionRef c) { scan(c, s); });
  }

  // --- the walk ---
  // Adds a defining/effect node and records it as a skeleton statement.
  ClassId define(std::vector<Stmt>& out, StmtKind k, Op op, Ty ty, uint64_t imm, std::vector<ClassId> kids) {
    Stmt s{k};
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
  ClassId visit(BinaryenExpressionRef e, std::vector<Stmt>& out) {
    if (!live_) return kNoClass;
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
      uint32_t align = BinaryenStoreGetAlign(e);
      unsigned al = align ? unsigned(__builtin_ctz(align)) : 0;
      uint32_t seq = nextSeq_++;
      define(out, StmtKind::Effect, *op, Ty::none, memImm(BinaryenStoreGetOffset(e), al, seq), {p, v});
      env_.mem = freshState();
      return kNoClass;
    }
    if (id == BinaryenGlobalGetId()) {
      Ty t = exprTy(e);
      uint64_t imm = globalId(BinaryenGlobalGetGetName(e)) | (uint64_t(env_.glob) << 32);
      return define(out, StmtKind::Define, Op::GlobalGet, t, imm, {});
    }
    if (id == BinaryenGlobalSetId()) {
      ClassId v = visit(BinaryenGlobalSetGetValue(e), out);
      if (!live_) return kNoClass;
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
      Stmt s{StmtKind::Block};
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
      Stmt s{StmtKind::If};
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
      auto& slots = loopSlots_[m];
      std::vector<ClassId> entry;
      for (uint32_t l = 0; l < localTy_.size(); ++l) {
        if (!sc.sets[l]) continue;
        slots.push_back(l);
        entry.push_back(env_.locals[l]);
        Merge::Carried car;
        car.phi = g_.add(Op::LoopPhi, localTy_[l], (uint64_t(m) << 32) | l, {});
        fg_.merges[m].carried.push_back(std::move(car));
      }
      addEdge(m, kNoClass);  // entry edge 0 records the entry values
      for (size_t k = 0; k < slots.size(); ++k) env_.locals[slots[k]] = fg_.merges[m].carried[k].phi;
      if (sc.mem) env_.mem = freshState();
      if (sc.glob) env_.glob = freshState();
      Stmt s{StmtKind::Loop};
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
        Stmt s{StmtKind::BrIf};
        s.cls = c;
        s.merge = m;
        s.edgeTargets.push_back(m);
        s.edgeIds.push_back(addEdge(m, v));
        out.push_back(std::move(s));
        return v;
      }
      if (!live_) return kNoClass;
      Stmt s{StmtKind::Br};
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
      Stmt s{StmtKind::BrTable};
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
      Stmt s{StmtKind::Return};
      s.cls = v;
      out.push_back(std::move(s));
      live_ = false;
      return kNoClass;
    }
    if (id == BinaryenUnreachableId()) {
      out.push_back(Stmt{StmtKind::Unreachable});
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
  return fg;
}

} // namespace eqsat
