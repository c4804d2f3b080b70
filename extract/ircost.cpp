#include "extract/ircost.h"

#include "egraph/binaryen_ops.h"

#include <array>
#include <optional>

namespace eqsat {

namespace {

struct Walker {
  const CostModel& cm;

  std::optional<std::pair<Ty, uint64_t>> constOf(BinaryenExpressionRef e) {
    if (BinaryenExpressionGetId(e) != BinaryenConstId()) return std::nullopt;
    auto t = tyFromBinaryen(BinaryenExpressionGetType(e));
    if (!t) return std::nullopt;
    switch (*t) {
    case Ty::i32: return std::pair{*t, uint64_t(uint32_t(BinaryenConstGetValueI32(e)))};
    case Ty::i64: return std::pair{*t, uint64_t(BinaryenConstGetValueI64(e))};
    default: return std::pair{*t, uint64_t(0)};
    }
  }

  // Operand `i` of a node view `user` given as expression e.
  double operand(const NodeView& user, unsigned i, BinaryenExpressionRef e) {
    if (auto c = constOf(e)) return cm.constOperandCost(user, i, c->first, c->second);
    return cost(e);
  }

  double cond(BinaryenExpressionRef c) {
    // A compare (or eqz) that only feeds a branch costs a compare, not a 0/1 value.
    if (BinaryenExpressionGetId(c) == BinaryenBinaryId()) {
      if (auto op = opFromBinaryenBinary(BinaryenBinaryGetOp(c)); op && opInfo(*op).kind == OpKind::Compare) {
        NodeView v{*op, Ty::i32, 0, {}};
        bool wide = opInfo(*op).operand[0] == Ty::i64;
        return (wide ? 3 : 1) + operand(v, 0, BinaryenBinaryGetLeft(c)) + operand(v, 1, BinaryenBinaryGetRight(c));
      }
    }
    if (BinaryenExpressionGetId(c) == BinaryenUnaryId()) {
      if (auto op = opFromBinaryenUnary(BinaryenUnaryGetOp(c)); op && (*op == Op::I32Eqz || *op == Op::I64Eqz))
        return (*op == Op::I64Eqz ? 2 : 1) + cost(BinaryenUnaryGetValue(c));
    }
    return 1 + cost(c);  // cmp #0
  }

  double cost(BinaryenExpressionRef e) {
    if (!e) return 0;
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    auto ty = tyFromBinaryen(BinaryenExpressionGetType(e)).value_or(Ty::none);
    if (id == BinaryenConstId()) {
      auto c = constOf(e);
      return cm.opCost(NodeView{constOpFor(c->first), c->first, c->second, {}});
    }
    if (id == BinaryenLocalGetId()) return cm.localGetCost(ty);
    if (id == BinaryenLocalSetId()) {
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(e);
      auto vt = tyFromBinaryen(BinaryenExpressionGetType(v)).value_or(Ty::i32);
      return cm.localSetCost(vt) + cost(v);
    }
    if (id == BinaryenUnaryId()) {
      BinaryenExpressionRef v = BinaryenUnaryGetValue(e);
      auto op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      NodeView n{op ? *op : Op::GenericUnary, ty, 0, {}};
      return cm.opCost(n) + cost(v);
    }
    if (id == BinaryenBinaryId()) {
      auto op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
      NodeView n{op ? *op : Op::GenericBinary, ty, 0, {}};
      return cm.opCost(n) + operand(n, 0, BinaryenBinaryGetLeft(e)) + operand(n, 1, BinaryenBinaryGetRight(e));
    }
    if (id == BinaryenSelectId()) {
      NodeView n{Op::Select, ty, 0, {}};
      return cm.opCost(n) + operand(n, 0, BinaryenSelectGetIfTrue(e)) + operand(n, 1, BinaryenSelectGetIfFalse(e)) +
             cond(BinaryenSelectGetCondition(e)) - 1;
    }
    if (id == BinaryenLoadId()) {
      auto lt = tyFromBinaryen(BinaryenExpressionGetType(e)).value_or(Ty::i32);
      auto op = loadOpFor(lt, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e)).value_or(Op::I32Load);
      return cm.opCost(NodeView{op, lt, memImm(BinaryenLoadGetOffset(e), 0, 0), {}}) + cost(BinaryenLoadGetPtr(e));
    }
    if (id == BinaryenStoreId()) {
      auto vt = tyFromBinaryen(BinaryenStoreGetValueType(e)).value_or(Ty::i32);
      auto op = storeOpFor(vt, BinaryenStoreGetBytes(e)).value_or(Op::I32Store);
      return cm.opCost(NodeView{op, Ty::none, memImm(BinaryenStoreGetOffset(e), 0, 0), {}}) +
             cost(BinaryenStoreGetPtr(e)) + cost(BinaryenStoreGetValue(e));
    }
    if (id == BinaryenBlockId()) {
      double c = 0;
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) c += cost(BinaryenBlockGetChildAt(e, i));
      return c;
    }
    if (id == BinaryenLoopId()) return cost(BinaryenLoopGetBody(e));
    if (id == BinaryenIfId()) {
      double c = cond(BinaryenIfGetCondition(e)) + cost(BinaryenIfGetIfTrue(e));
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) c += 1 + cost(f);
      return c;
    }
    if (id == BinaryenBreakId()) {
      double c = 1 + cost(BinaryenBreakGetValue(e));
      if (BinaryenExpressionRef k = BinaryenBreakGetCondition(e)) c += cond(k);
      return c;
    }
    if (id == BinaryenSwitchId()) return 4 + cost(BinaryenSwitchGetCondition(e)) + cost(BinaryenSwitchGetValue(e));
    if (id == BinaryenCallId()) {
      double c = 1;
      for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i) c += 1 + cost(BinaryenCallGetOperandAt(e, i));
      return c;
    }
    if (id == BinaryenCallIndirectId()) {
      double c = 4 + cost(BinaryenCallIndirectGetTarget(e));
      for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
        c += 1 + cost(BinaryenCallIndirectGetOperandAt(e, i));
      return c;
    }
    if (id == BinaryenGlobalGetId()) return 2;
    if (id == BinaryenGlobalSetId()) return 2 + cost(BinaryenGlobalSetGetValue(e));
    if (id == BinaryenDropId()) return cost(BinaryenDropGetValue(e));
    if (id == BinaryenReturnId()) return 1 + cost(BinaryenReturnGetValue(e));
    if (id == BinaryenUnreachableId()) return 1;
    if (id == BinaryenNopId()) return 0;
    if (id == BinaryenMemorySizeId()) return 3;
    if (id == BinaryenMemoryGrowId()) return 3 + cost(BinaryenMemoryGrowGetDelta(e));
    return 4;  // anything else: an estimate
  }
};

size_t countRec(BinaryenExpressionRef e);

} // namespace

double estimateCost(BinaryenExpressionRef e, const CostModel& cm) {
  Walker w{cm};
  return w.cost(e);
}

namespace {
size_t countRec(BinaryenExpressionRef e) {
  if (!e) return 0;
  BinaryenExpressionId id = BinaryenExpressionGetId(e);
  size_t n = 1;
  auto add = [&](BinaryenExpressionRef c) { n += countRec(c); };
  if (id == BinaryenBlockId()) {
    if (!BinaryenBlockGetName(e)) n = 0;
    for (BinaryenIndex i = 0, k = BinaryenBlockGetNumChildren(e); i < k; ++i) add(BinaryenBlockGetChildAt(e, i));
  } else if (id == BinaryenIfId()) {
    add(BinaryenIfGetCondition(e)); add(BinaryenIfGetIfTrue(e)); add(BinaryenIfGetIfFalse(e));
  } else if (id == BinaryenLoopId()) {
    add(BinaryenLoopGetBody(e));
  } else if (id == BinaryenBreakId()) {
    add(BinaryenBreakGetValue(e)); add(BinaryenBreakGetCondition(e));
  } else if (id == BinaryenSwitchId()) {
    add(BinaryenSwitchGetValue(e)); add(BinaryenSwitchGetCondition(e));
  } else if (id == BinaryenCallId()) {
    for (BinaryenIndex i = 0, k = BinaryenCallGetNumOperands(e); i < k; ++i) add(BinaryenCallGetOperandAt(e, i));
  } else if (id == BinaryenCallIndirectId()) {
    for (BinaryenIndex i = 0, k = BinaryenCallIndirectGetNumOperands(e); i < k; ++i) add(BinaryenCallIndirectGetOperandAt(e, i));
    add(BinaryenCallIndirectGetTarget(e));
  } else if (id == BinaryenLocalSetId()) {
    add(BinaryenLocalSetGetValue(e));
  } else if (id == BinaryenGlobalSetId()) {
    add(BinaryenGlobalSetGetValue(e));
  } else if (id == BinaryenLoadId()) {
    add(BinaryenLoadGetPtr(e));
  } else if (id == BinaryenStoreId()) {
    add(BinaryenStoreGetPtr(e)); add(BinaryenStoreGetValue(e));
  } else if (id == BinaryenUnaryId()) {
    add(BinaryenUnaryGetValue(e));
  } else if (id == BinaryenBinaryId()) {
    add(BinaryenBinaryGetLeft(e)); add(BinaryenBinaryGetRight(e));
  } else if (id == BinaryenSelectId()) {
    add(BinaryenSelectGetIfTrue(e)); add(BinaryenSelectGetIfFalse(e)); add(BinaryenSelectGetCondition(e));
  } else if (id == BinaryenDropId()) {
    add(BinaryenDropGetValue(e));
  } else if (id == BinaryenReturnId()) {
    add(BinaryenReturnGetValue(e));
  } else if (id == BinaryenMemoryGrowId()) {
    add(BinaryenMemoryGrowGetDelta(e));
  }
  return n;
}
} // namespace

size_t countInstructions(BinaryenExpressionRef e) { return countRec(e); }

} // namespace eqsat
