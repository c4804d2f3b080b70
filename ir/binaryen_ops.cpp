#include "ir/binaryen_ops.h"

#include "ir/expression_kind.h"

#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace eqsat {

std::optional<Ty> tyFromBinaryen(BinaryenType t) {
  if (t == BinaryenTypeNone()) return Ty::none;
  if (t == BinaryenTypeInt32()) return Ty::i32;
  if (t == BinaryenTypeInt64()) return Ty::i64;
  if (t == BinaryenTypeFloat32()) return Ty::f32;
  if (t == BinaryenTypeFloat64()) return Ty::f64;
  return std::nullopt;
}

BinaryenType binaryenType(Ty t) {
  switch (t) {
  case Ty::i32: return BinaryenTypeInt32();
  case Ty::i64: return BinaryenTypeInt64();
  case Ty::f32: return BinaryenTypeFloat32();
  case Ty::f64: return BinaryenTypeFloat64();
  default: return BinaryenTypeNone();
  }
}

namespace {

struct Tables {
  std::unordered_map<BinaryenOp, Op> unary, binary;
  std::vector<BinaryenOp> back;  // Op -> BinaryenOp
  std::vector<BinaryenOp> trapping;
};

const Tables& tables() {
  static const Tables t = [] {
    Tables r;
    r.back.assign(kNumOps, BinaryenOp(-1));
    auto u = [&](BinaryenOp b, Op o) { r.unary[b] = o; r.back[unsigned(o)] = b; };
    auto bi = [&](BinaryenOp b, Op o) { r.binary[b] = o; r.back[unsigned(o)] = b; };
    u(BinaryenClzInt32(), Op::I32Clz); u(BinaryenCtzInt32(), Op::I32Ctz);
    u(BinaryenPopcntInt32(), Op::I32Popcnt); u(BinaryenEqZInt32(), Op::I32Eqz);
    u(BinaryenClzInt64(), Op::I64Clz); u(BinaryenCtzInt64(), Op::I64Ctz);
    u(BinaryenPopcntInt64(), Op::I64Popcnt); u(BinaryenEqZInt64(), Op::I64Eqz);
    u(BinaryenExtendSInt32(), Op::I64ExtendI32S); u(BinaryenExtendUInt32(), Op::I64ExtendI32U);
    u(BinaryenWrapInt64(), Op::I32WrapI64);
    u(BinaryenExtendS8Int32(), Op::I32Extend8S); u(BinaryenExtendS16Int32(), Op::I32Extend16S);
    u(BinaryenExtendS8Int64(), Op::I64Extend8S); u(BinaryenExtendS16Int64(), Op::I64Extend16S);
    u(BinaryenExtendS32Int64(), Op::I64Extend32S);
    bi(BinaryenAddInt32(), Op::I32Add); bi(BinaryenSubInt32(), Op::I32Sub); bi(BinaryenMulInt32(), Op::I32Mul);
    bi(BinaryenDivSInt32(), Op::I32DivS); bi(BinaryenDivUInt32(), Op::I32DivU);
    bi(BinaryenRemSInt32(), Op::I32RemS); bi(BinaryenRemUInt32(), Op::I32RemU);
    bi(BinaryenAndInt32(), Op::I32And); bi(BinaryenOrInt32(), Op::I32Or); bi(BinaryenXorInt32(), Op::I32Xor);
    bi(BinaryenShlInt32(), Op::I32Shl); bi(BinaryenShrSInt32(), Op::I32ShrS); bi(BinaryenShrUInt32(), Op::I32ShrU);
    bi(BinaryenRotLInt32(), Op::I32Rotl); bi(BinaryenRotRInt32(), Op::I32Rotr);
    bi(BinaryenEqInt32(), Op::I32Eq); bi(BinaryenNeInt32(), Op::I32Ne);
    bi(BinaryenLtSInt32(), Op::I32LtS); bi(BinaryenLtUInt32(), Op::I32LtU);
    bi(BinaryenGtSInt32(), Op::I32GtS); bi(BinaryenGtUInt32(), Op::I32GtU);
    bi(BinaryenLeSInt32(), Op::I32LeS); bi(BinaryenLeUInt32(), Op::I32LeU);
    bi(BinaryenGeSInt32(), Op::I32GeS); bi(BinaryenGeUInt32(), Op::I32GeU);
    bi(BinaryenAddInt64(), Op::I64Add); bi(BinaryenSubInt64(), Op::I64Sub); bi(BinaryenMulInt64(), Op::I64Mul);
    bi(BinaryenDivSInt64(), Op::I64DivS); bi(BinaryenDivUInt64(), Op::I64DivU);
    bi(BinaryenRemSInt64(), Op::I64RemS); bi(BinaryenRemUInt64(), Op::I64RemU);
    bi(BinaryenAndInt64(), Op::I64And); bi(BinaryenOrInt64(), Op::I64Or); bi(BinaryenXorInt64(), Op::I64Xor);
    bi(BinaryenShlInt64(), Op::I64Shl); bi(BinaryenShrSInt64(), Op::I64ShrS); bi(BinaryenShrUInt64(), Op::I64ShrU);
    bi(BinaryenRotLInt64(), Op::I64Rotl); bi(BinaryenRotRInt64(), Op::I64Rotr);
    bi(BinaryenEqInt64(), Op::I64Eq); bi(BinaryenNeInt64(), Op::I64Ne);
    bi(BinaryenLtSInt64(), Op::I64LtS); bi(BinaryenLtUInt64(), Op::I64LtU);
    bi(BinaryenGtSInt64(), Op::I64GtS); bi(BinaryenGtUInt64(), Op::I64GtU);
    bi(BinaryenLeSInt64(), Op::I64LeS); bi(BinaryenLeUInt64(), Op::I64LeU);
    bi(BinaryenGeSInt64(), Op::I64GeS); bi(BinaryenGeUInt64(), Op::I64GeU);
    r.trapping = {BinaryenTruncSFloat32ToInt32(), BinaryenTruncSFloat32ToInt64(),
                  BinaryenTruncUFloat32ToInt32(), BinaryenTruncUFloat32ToInt64(),
                  BinaryenTruncSFloat64ToInt32(), BinaryenTruncSFloat64ToInt64(),
                  BinaryenTruncUFloat64ToInt32(), BinaryenTruncUFloat64ToInt64()};
    return r;
  }();
  return t;
}

} // namespace

std::optional<Op> opFromBinaryenUnary(BinaryenOp op) {
  auto& t = tables();
  auto it = t.unary.find(op);
  if (it == t.unary.end()) return std::nullopt;
  return it->second;
}

std::optional<Op> opFromBinaryenBinary(BinaryenOp op) {
  auto& t = tables();
  auto it = t.binary.find(op);
  if (it == t.binary.end()) return std::nullopt;
  return it->second;
}

BinaryenOp binaryenOpFor(Op op) { return tables().back[unsigned(op)]; }

bool binaryenUnaryMayTraps(BinaryenOp op) {
  for (BinaryenOp t : tables().trapping)
    if (t == op) return true;
  return false;
}

std::optional<Op> loadOpFor(Ty ty, unsigned bytes, bool s) {
  switch (ty) {
  case Ty::i32:
    if (bytes == 4) return Op::I32Load;
    if (bytes == 1) return s ? Op::I32Load8S : Op::I32Load8U;
    if (bytes == 2) return s ? Op::I32Load16S : Op::I32Load16U;
    break;
  case Ty::i64:
    if (bytes == 8) return Op::I64Load;
    if (bytes == 1) return s ? Op::I64Load8S : Op::I64Load8U;
    if (bytes == 2) return s ? Op::I64Load16S : Op::I64Load16U;
    if (bytes == 4) return s ? Op::I64Load32S : Op::I64Load32U;
    break;
  case Ty::f32: if (bytes == 4) return Op::F32Load; break;
  case Ty::f64: if (bytes == 8) return Op::F64Load; break;
  default: break;
  }
  return std::nullopt;
}

std::optional<Op> storeOpFor(Ty ty, unsigned bytes) {
  switch (ty) {
  case Ty::i32:
    if (bytes == 4) return Op::I32Store;
    if (bytes == 1) return Op::I32Store8;
    if (bytes == 2) return Op::I32Store16;
    break;
  case Ty::i64:
    if (bytes == 8) return Op::I64Store;
    if (bytes == 1) return Op::I64Store8;
    if (bytes == 2) return Op::I64Store16;
    if (bytes == 4) return Op::I64Store32;
    break;
  case Ty::f32: if (bytes == 4) return Op::F32Store; break;
  case Ty::f64: if (bytes == 8) return Op::F64Store; break;
  default: break;
  }
  return std::nullopt;
}

Ty memValueType(Op op) {
  const OpInfo& i = opInfo(op);
  return i.kind == OpKind::Load ? i.result : i.operand[1];
}

unsigned memBytes(Op op) { return opInfo(op).bytes; }

bool forEachChild(BinaryenExpressionRef e, const std::function<void(BinaryenExpressionRef)>& f) {
  auto opt = [&](BinaryenExpressionRef c) { if (c) f(c); };
  switch (exprKind(e)) {
  case ExprKind::Block:
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) f(BinaryenBlockGetChildAt(e, i));
    return true;
  case ExprKind::If:
    f(BinaryenIfGetCondition(e)); f(BinaryenIfGetIfTrue(e)); opt(BinaryenIfGetIfFalse(e));
    return true;
  case ExprKind::Loop: f(BinaryenLoopGetBody(e)); return true;
  case ExprKind::Break: opt(BinaryenBreakGetValue(e)); opt(BinaryenBreakGetCondition(e)); return true;
  case ExprKind::Switch: opt(BinaryenSwitchGetValue(e)); f(BinaryenSwitchGetCondition(e)); return true;
  case ExprKind::Call:
    for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i) f(BinaryenCallGetOperandAt(e, i));
    return true;
  case ExprKind::CallIndirect:
    for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
      f(BinaryenCallIndirectGetOperandAt(e, i));
    f(BinaryenCallIndirectGetTarget(e));
    return true;
  case ExprKind::LocalSet: f(BinaryenLocalSetGetValue(e)); return true;
  case ExprKind::GlobalSet: f(BinaryenGlobalSetGetValue(e)); return true;
  case ExprKind::Load: f(BinaryenLoadGetPtr(e)); return true;
  case ExprKind::Store: f(BinaryenStoreGetPtr(e)); f(BinaryenStoreGetValue(e)); return true;
  case ExprKind::Unary: f(BinaryenUnaryGetValue(e)); return true;
  case ExprKind::Binary: f(BinaryenBinaryGetLeft(e)); f(BinaryenBinaryGetRight(e)); return true;
  case ExprKind::Select:
    f(BinaryenSelectGetIfTrue(e)); f(BinaryenSelectGetIfFalse(e)); f(BinaryenSelectGetCondition(e));
    return true;
  case ExprKind::Drop: f(BinaryenDropGetValue(e)); return true;
  case ExprKind::Return: opt(BinaryenReturnGetValue(e)); return true;
  case ExprKind::MemoryGrow: f(BinaryenMemoryGrowGetDelta(e)); return true;
  case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Nop:
  case ExprKind::Unreachable: case ExprKind::MemorySize:
    return true;
  default: return false;  // kinds whose children are not enumerated
  }
}

bool labelsIn(BinaryenExpressionRef e, std::unordered_set<std::string>& defined,
              std::unordered_set<std::string>& named, bool* returns) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::Block && BinaryenBlockGetName(e)) defined.insert(BinaryenBlockGetName(e));
  if (id == ExprKind::Loop && BinaryenLoopGetName(e)) defined.insert(BinaryenLoopGetName(e));
  if (id == ExprKind::Break) named.insert(BinaryenBreakGetName(e));
  if (id == ExprKind::Switch) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i) named.insert(BinaryenSwitchGetNameAt(e, i));
    named.insert(BinaryenSwitchGetDefaultName(e));
  }
  if (returns && id == ExprKind::Return) *returns = true;
  bool ok = true;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { if (ok) ok = labelsIn(c, defined, named, returns); }))
    return false;
  return ok;
}

// No effect and no trap: constants, local reads, non-trapping integer unary
// and binary operators; with `teesAndSelects` also local.tee and select (a
// dropped value's parts). The locals read go to `reads` when given.
bool effectFree(BinaryenExpressionRef e, bool teesAndSelects, std::vector<BinaryenIndex>* reads) {
  ExprKind id = exprKind(e);
  auto sub = [&](BinaryenExpressionRef k) { return effectFree(k, teesAndSelects, reads); };
  if (id == ExprKind::Const) return true;
  if (id == ExprKind::LocalGet) {
    if (reads) reads->push_back(BinaryenLocalGetGetIndex(e));
    return true;
  }
  if (id == ExprKind::Unary) {
    std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
    return op && !opInfo(*op).mayTrap && sub(BinaryenUnaryGetValue(e));
  }
  if (id == ExprKind::Binary) {
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    return op && !opInfo(*op).mayTrap && sub(BinaryenBinaryGetLeft(e)) && sub(BinaryenBinaryGetRight(e));
  }
  if (!teesAndSelects) return false;
  if (id == ExprKind::LocalSet) return BinaryenLocalSetIsTee(e) && sub(BinaryenLocalSetGetValue(e));
  if (id == ExprKind::Select)
    return sub(BinaryenSelectGetIfTrue(e)) && sub(BinaryenSelectGetIfFalse(e)) && sub(BinaryenSelectGetCondition(e));
  return false;
}

// Does e read local x anywhere?
bool reads(BinaryenExpressionRef e, BinaryenIndex x) {
  if (exprKind(e) == ExprKind::LocalGet && BinaryenLocalGetGetIndex(e) == x) return true;
  bool r = false;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { r = r || reads(c, x); }))
    return true;  // an expression whose children are not enumerated: assume it does
  return r;
}

// Does e write local x anywhere?
bool writes(BinaryenExpressionRef e, BinaryenIndex x) {
  if (exprKind(e) == ExprKind::LocalSet && BinaryenLocalSetGetIndex(e) == x) return true;
  bool w = false;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { w = w || writes(c, x); }))
    return true;  // an expression whose children are not enumerated: assume it does
  return w;
}

// Structural equality of straight-line code (no blocks, loops or branches):
// the same operations, immediates and operands.
bool sameStraightLine(BinaryenExpressionRef a, BinaryenExpressionRef b) {
  ExprKind id = exprKind(a);
  BinaryenType t = BinaryenExpressionGetType(a);
  if (BinaryenExpressionGetId(a) != BinaryenExpressionGetId(b) || t != BinaryenExpressionGetType(b)) return false;
  auto same = [](const char* x, const char* y) { return std::string(x) == y; };
  bool fields;
  if (id == ExprKind::Const) {
    if (t == BinaryenTypeInt32()) return BinaryenConstGetValueI32(a) == BinaryenConstGetValueI32(b);
    if (t == BinaryenTypeInt64()) return BinaryenConstGetValueI64(a) == BinaryenConstGetValueI64(b);
    return false;
  } else if (id == ExprKind::LocalGet) {
    return BinaryenLocalGetGetIndex(a) == BinaryenLocalGetGetIndex(b);
  } else if (id == ExprKind::GlobalGet) {
    return same(BinaryenGlobalGetGetName(a), BinaryenGlobalGetGetName(b));
  } else if (id == ExprKind::LocalSet) {
    fields = BinaryenLocalSetGetIndex(a) == BinaryenLocalSetGetIndex(b) &&
             BinaryenLocalSetIsTee(a) == BinaryenLocalSetIsTee(b);
  } else if (id == ExprKind::GlobalSet) {
    fields = same(BinaryenGlobalSetGetName(a), BinaryenGlobalSetGetName(b));
  } else if (id == ExprKind::Load) {
    fields = BinaryenLoadGetBytes(a) == BinaryenLoadGetBytes(b) && BinaryenLoadIsSigned(a) == BinaryenLoadIsSigned(b) &&
             BinaryenLoadGetOffset(a) == BinaryenLoadGetOffset(b) && !BinaryenLoadIsAtomic(a) && !BinaryenLoadIsAtomic(b);
  } else if (id == ExprKind::Store) {
    fields = BinaryenStoreGetBytes(a) == BinaryenStoreGetBytes(b) && BinaryenStoreGetOffset(a) == BinaryenStoreGetOffset(b) &&
             BinaryenStoreGetValueType(a) == BinaryenStoreGetValueType(b) && !BinaryenStoreIsAtomic(a) &&
             !BinaryenStoreIsAtomic(b);
  } else if (id == ExprKind::Unary) {
    fields = BinaryenUnaryGetOp(a) == BinaryenUnaryGetOp(b);
  } else if (id == ExprKind::Binary) {
    fields = BinaryenBinaryGetOp(a) == BinaryenBinaryGetOp(b);
  } else if (id == ExprKind::Call) {
    fields = same(BinaryenCallGetTarget(a), BinaryenCallGetTarget(b)) && !BinaryenCallIsReturn(a) &&
             !BinaryenCallIsReturn(b);
  } else {
    fields = id == ExprKind::Select || id == ExprKind::Drop || id == ExprKind::Nop;
  }
  if (!fields) return false;
  std::vector<BinaryenExpressionRef> ka, kb;
  if (!forEachChild(a, [&](BinaryenExpressionRef c) { ka.push_back(c); }) ||
      !forEachChild(b, [&](BinaryenExpressionRef c) { kb.push_back(c); }) || ka.size() != kb.size())
    return false;
  for (size_t k = 0; k < ka.size(); ++k)
    if (!sameStraightLine(ka[k], kb[k])) return false;
  return true;
}
size_t straightLineHash(BinaryenExpressionRef e) {
  size_t h = size_t(BinaryenExpressionGetId(e)) * 0x9e3779b97f4a7c15ull ^ size_t(BinaryenExpressionGetType(e));
  auto mix = [&h](size_t v) { h = (h ^ v) * 0x100000001b3ull + (h >> 29); };
  auto name = [](const char* n) { return std::hash<std::string_view>{}(n ? std::string_view(n) : std::string_view()); };
  switch (exprKind(e)) {
  case ExprKind::Const:
    if (BinaryenExpressionGetType(e) == BinaryenTypeInt32()) mix(size_t(uint32_t(BinaryenConstGetValueI32(e))));
    if (BinaryenExpressionGetType(e) == BinaryenTypeInt64()) mix(size_t(BinaryenConstGetValueI64(e)));
    return h;
  case ExprKind::LocalGet: mix(BinaryenLocalGetGetIndex(e)); return h;
  case ExprKind::GlobalGet: mix(name(BinaryenGlobalGetGetName(e))); return h;
  case ExprKind::LocalSet: mix(BinaryenLocalSetGetIndex(e)); break;
  case ExprKind::GlobalSet: mix(name(BinaryenGlobalSetGetName(e))); break;
  case ExprKind::Load: mix(BinaryenLoadGetBytes(e)); mix(BinaryenLoadGetOffset(e)); break;
  case ExprKind::Store: mix(BinaryenStoreGetBytes(e)); mix(BinaryenStoreGetOffset(e)); break;
  case ExprKind::Unary: mix(size_t(BinaryenUnaryGetOp(e))); break;
  case ExprKind::Binary: mix(size_t(BinaryenBinaryGetOp(e))); break;
  case ExprKind::Call: mix(name(BinaryenCallGetTarget(e))); break;
  default: break;
  }
  forEachChild(e, [&](BinaryenExpressionRef c) { mix(straightLineHash(c)); });
  return h;
}

std::vector<std::string> FreshLabels::fresh(std::initializer_list<const char*> prefixes) {
  if (!scanned_) {
    std::unordered_set<std::string> named;
    labelsIn(body_, used_, named);
    used_.insert(named.begin(), named.end());
    scanned_ = true;
  }
  for (;; ++next_) {
    std::vector<std::string> names;
    for (const char* p : prefixes) names.push_back(p + std::to_string(next_));
    bool free = true;
    for (const std::string& n : names) free = free && !used_.count(n);
    if (!free) continue;
    used_.insert(names.begin(), names.end());
    ++next_;
    return names;
  }
}

} // namespace eqsat
