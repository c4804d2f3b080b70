#include "cost/ircost.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <array>
#include <initializer_list>
#include <span>
#include <vector>
#include <optional>

namespace eqsat {

namespace {

struct Walker {
  const CostModel& cm;

  std::optional<std::pair<Ty, uint64_t>> constOf(BinaryenExpressionRef e) {
    if (exprKind(e) != ExprKind::Const) return std::nullopt;
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

  // The context of a node whose operands are `ops` (constants marked).
  CostContext contextOf(std::initializer_list<BinaryenExpressionRef> ops, Use use = Use::Value) {
    CostContext cx;
    cx.use = use;
    unsigned i = 0;
    for (BinaryenExpressionRef o : ops) {
      if (o)
        if (auto c = constOf(o)) cx.setConst(i, c->second);
      ++i;
    }
    return cx;
  }

  double cond(BinaryenExpressionRef c) {
    // A compare (or eqz) that only feeds a branch or select costs what the model says for that use.
    if (exprKind(c) == ExprKind::Binary) {
      if (auto op = opFromBinaryenBinary(BinaryenBinaryGetOp(c)); op && opInfo(*op).kind == OpKind::Compare) {
        NodeView v{*op, Ty::i32, 0, {}};
        BinaryenExpressionRef l = BinaryenBinaryGetLeft(c), r = BinaryenBinaryGetRight(c);
        return cm.opCostIn(v, contextOf({l, r}, Use::Condition)) + operand(v, 0, l) + operand(v, 1, r);
      }
    }
    if (exprKind(c) == ExprKind::Unary) {
      if (auto op = opFromBinaryenUnary(BinaryenUnaryGetOp(c)); op && (*op == Op::I32Eqz || *op == Op::I64Eqz))
        return cm.opCostIn(NodeView{*op, Ty::i32, 0, {}}, contextOf({}, Use::Condition)) +
               cost(BinaryenUnaryGetValue(c));
    }
    return cm.controlCost(Ctl::CondTest) + cost(c);  // cmp #0
  }

  // Nesting beyond this is not priced (such functions are left alone by the
  // bridge anyway); it keeps the recursion off the end of the stack.
  static constexpr unsigned kMaxDepth = 4000;
  unsigned depth = 0;
  double cost(BinaryenExpressionRef e) {
    if (!e || depth >= kMaxDepth) return 0;
    struct D {
      unsigned& d;
      explicit D(unsigned& x) : d(x) { ++d; }
      ~D() { --d; }
    } guard(depth);
    ExprKind id = exprKind(e);
    auto ty = tyFromBinaryen(BinaryenExpressionGetType(e)).value_or(Ty::none);
    if (id == ExprKind::Const) {
      // A constant of a type the models do not know (v128): an estimate, as
      // for other unmodelled expressions.
      auto c = constOf(e);
      if (!c) return cm.opCost(NodeView{Op::GenericUnary, ty, 0, {}});
      return cm.opCost(NodeView{constOpFor(c->first), c->first, c->second, {}});
    }
    if (id == ExprKind::LocalGet) return cm.localGetCost(ty);
    if (id == ExprKind::LocalSet) {
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(e);
      auto vt = tyFromBinaryen(BinaryenExpressionGetType(v)).value_or(Ty::i32);
      return cm.localSetCost(vt) + cost(v);
    }
    if (id == ExprKind::Unary) {
      BinaryenExpressionRef v = BinaryenUnaryGetValue(e);
      auto op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      NodeView n{op ? *op : Op::GenericUnary, ty, 0, {}};
      return cm.opCost(n) + cost(v);
    }
    if (id == ExprKind::Binary) {
      auto op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
      NodeView n{op ? *op : Op::GenericBinary, ty, 0, {}};
      BinaryenExpressionRef l = BinaryenBinaryGetLeft(e), r = BinaryenBinaryGetRight(e);
      return cm.opCostIn(n, contextOf({l, r})) + operand(n, 0, l) + operand(n, 1, r);
    }
    if (id == ExprKind::Select) {
      NodeView n{Op::Select, ty, 0, {}};
      return cm.opCost(n) + operand(n, 0, BinaryenSelectGetIfTrue(e)) + operand(n, 1, BinaryenSelectGetIfFalse(e)) +
             cond(BinaryenSelectGetCondition(e));
    }
    if (id == ExprKind::Load) {
      auto lt = tyFromBinaryen(BinaryenExpressionGetType(e)).value_or(Ty::i32);
      auto op = loadOpFor(lt, BinaryenLoadGetBytes(e), BinaryenLoadIsSigned(e)).value_or(Op::I32Load);
      NodeView n{op, lt, memImm(BinaryenLoadGetOffset(e), 0, 0), {}};
      BinaryenExpressionRef p = BinaryenLoadGetPtr(e);
      return cm.opCostIn(n, contextOf({p})) + operand(n, 0, p);
    }
    if (id == ExprKind::Store) {
      auto vt = tyFromBinaryen(BinaryenStoreGetValueType(e)).value_or(Ty::i32);
      auto op = storeOpFor(vt, BinaryenStoreGetBytes(e)).value_or(Op::I32Store);
      NodeView n{op, Ty::none, memImm(BinaryenStoreGetOffset(e), 0, 0), {}};
      BinaryenExpressionRef p = BinaryenStoreGetPtr(e), v = BinaryenStoreGetValue(e);
      return cm.opCostIn(n, contextOf({p, v})) + operand(n, 0, p) + operand(n, 1, v);
    }
    if (id == ExprKind::Block) {
      double c = BinaryenBlockGetName(e) ? cm.controlCost(Ctl::Block) : 0;
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) c += cost(BinaryenBlockGetChildAt(e, i));
      return c;
    }
    if (id == ExprKind::Loop) return cm.controlCost(Ctl::Loop) + cost(BinaryenLoopGetBody(e));
    if (id == ExprKind::If) {
      double c = cm.controlCost(Ctl::If) + cond(BinaryenIfGetCondition(e)) + cost(BinaryenIfGetIfTrue(e));
      if (BinaryenExpressionRef f = BinaryenIfGetIfFalse(e)) c += cm.controlCost(Ctl::Else) + cost(f);
      return c;
    }
    if (id == ExprKind::Break) {
      BinaryenExpressionRef k = BinaryenBreakGetCondition(e);
      double c = cm.controlCost(k ? Ctl::BrIf : Ctl::Br) + cost(BinaryenBreakGetValue(e));
      if (k) c += cond(k);
      return c;
    }
    if (id == ExprKind::Switch)
      return cm.controlCost(Ctl::BrTable) + cm.controlCost(Ctl::BrTableTarget) * BinaryenSwitchGetNumNames(e) +
             cost(BinaryenSwitchGetCondition(e)) + cost(BinaryenSwitchGetValue(e));
    if (id == ExprKind::Call) {
      BinaryenIndex n = BinaryenCallGetNumOperands(e);
      std::vector<ClassId> kids(n, 0);
      NodeView v{Op::Call, ty, 0, std::span<const ClassId>(kids)};
      CostContext cx;
      double c = 0;
      for (BinaryenIndex i = 0; i < n; ++i) {
        BinaryenExpressionRef a = BinaryenCallGetOperandAt(e, i);
        if (auto k = constOf(a)) cx.setConst(i, k->second);
        c += operand(v, i, a);
      }
      return c + cm.opCostIn(v, cx);
    }
    if (id == ExprKind::CallIndirect) {
      double c = cm.controlCost(Ctl::CallIndirect) + cost(BinaryenCallIndirectGetTarget(e));
      for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
        c += cm.controlCost(Ctl::CallArg) + cost(BinaryenCallIndirectGetOperandAt(e, i));
      return c;
    }
    if (id == ExprKind::GlobalGet) return cm.opCost(NodeView{Op::GlobalGet, ty, 0, {}});
    if (id == ExprKind::GlobalSet) {
      BinaryenExpressionRef v = BinaryenGlobalSetGetValue(e);
      auto vt = tyFromBinaryen(BinaryenExpressionGetType(v)).value_or(Ty::i32);
      return cm.opCost(NodeView{Op::GlobalSet, vt, 0, {}}) + cost(v);
    }
    if (id == ExprKind::Drop) return cm.controlCost(Ctl::Drop) + cost(BinaryenDropGetValue(e));
    if (id == ExprKind::Return) return cm.controlCost(Ctl::Return) + cost(BinaryenReturnGetValue(e));
    if (id == ExprKind::Unreachable) return cm.controlCost(Ctl::Unreachable);
    if (id == ExprKind::Nop) return 0;
    if (id == ExprKind::MemorySize) return cm.opCost(NodeView{Op::MemorySize, Ty::i32, 0, {}});
    if (id == ExprKind::MemoryGrow)
      return cm.opCost(NodeView{Op::MemoryGrow, Ty::i32, 0, {}}) + cost(BinaryenMemoryGrowGetDelta(e));
    return cm.opCost(NodeView{Op::GenericUnary, ty, 0, {}});  // anything else: an estimate
  }
};


} // namespace

double estimateCost(BinaryenExpressionRef e, const CostModel& cm) {
  Walker w{cm};
  return w.cost(e);
}

size_t countInstructions(BinaryenExpressionRef e) {
  // Iterative: functions can nest arbitrarily deep.
  size_t n = 0;
  std::vector<BinaryenExpressionRef> stack;
  if (e) stack.push_back(e);
  while (!stack.empty()) {
    BinaryenExpressionRef x = stack.back();
    stack.pop_back();
    if (!(exprKind(x) == ExprKind::Block && !BinaryenBlockGetName(x))) ++n;
    forEachChild(x, [&](BinaryenExpressionRef c) { stack.push_back(c); });
  }
  return n;
}

} // namespace eqsat
