#include "passes/ir_walk.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

namespace eqsat {

std::optional<int32_t> knownConstantBefore(BinaryenExpressionRef blk, BinaryenIndex at, BinaryenIndex x) {
  while (at-- > 0) {
    BinaryenExpressionRef s = BinaryenBlockGetChildAt(blk, at);
    if (exprKind(s) == ExprKind::LocalSet && BinaryenLocalSetGetIndex(s) == x) {
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(s);
      if (exprKind(v) != ExprKind::Const || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
        return std::nullopt;
      return BinaryenConstGetValueI32(v);
    }
    if (writes(s, x)) return std::nullopt;
  }
  return std::nullopt;
}

bool isBoolean(BinaryenExpressionRef e) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::Unary) {
    std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
    return op && (*op == Op::I32Eqz || *op == Op::I64Eqz);
  }
  if (id != ExprKind::Binary) return false;
  std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
  return op && opInfo(*op).kind == OpKind::Compare;
}

bool isOneArmedIf(BinaryenExpressionRef e) {
  return exprKind(e) == ExprKind::If && !BinaryenIfGetIfFalse(e) &&
         BinaryenExpressionGetType(e) == BinaryenTypeNone();
}

std::optional<LessConstant> lessConstant(BinaryenExpressionRef e) {
  if (exprKind(e) != ExprKind::Binary || BinaryenBinaryGetOp(e) != BinaryenSubInt32())
    return std::nullopt;
  BinaryenExpressionRef c = BinaryenBinaryGetRight(e);
  if (exprKind(c) != ExprKind::Const) return std::nullopt;
  return LessConstant{BinaryenBinaryGetLeft(e), uint32_t(BinaryenConstGetValueI32(c))};
}

} // namespace eqsat
