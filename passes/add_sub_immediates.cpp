// addSubImmediates: passes/add_sub_immediates.h.
#include "passes/add_sub_immediates.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <cstdint>
#include <optional>

namespace eqsat {

namespace {

// The largest magnitude ADDW/SUBW take as an immediate.
constexpr int64_t kLargestImmediate = 4095;

// The constant right operand of an i32/i64 add or sub, or nullopt.
std::optional<int64_t> rightConstant(BinaryenExpressionRef e) {
  if (exprKind(e) != ExprKind::Binary) return std::nullopt;
  const BinaryenOp op = BinaryenBinaryGetOp(e);
  if (op != BinaryenAddInt32() && op != BinaryenSubInt32() && op != BinaryenAddInt64() && op != BinaryenSubInt64())
    return std::nullopt;
  BinaryenExpressionRef right = BinaryenBinaryGetRight(e);
  if (exprKind(right) != ExprKind::Const) return std::nullopt;
  if (BinaryenExpressionGetType(right) == BinaryenTypeInt32()) return int64_t(BinaryenConstGetValueI32(right));
  return BinaryenConstGetValueI64(right);
}

} // namespace

std::vector<BinaryenExpressionRef> negativeAddSubImmediates(BinaryenExpressionRef body) {
  std::vector<BinaryenExpressionRef> found;
  auto visit = [&](BinaryenExpressionRef e, const ExpressionSetter&) {
    const std::optional<int64_t> c = rightConstant(e);
    if (c && *c < 0 && *c >= -kLargestImmediate) found.push_back(e);
  };
  walkPostOrder(body, ExpressionSetter{}, visit);
  return found;
}

void flipAddSub(const std::vector<BinaryenExpressionRef>& binaries) {
  for (BinaryenExpressionRef e : binaries) {
    const BinaryenOp op = BinaryenBinaryGetOp(e);
    BinaryenExpressionRef right = BinaryenBinaryGetRight(e);
    if (op == BinaryenAddInt32() || op == BinaryenSubInt32()) {
      BinaryenBinarySetOp(e, op == BinaryenAddInt32() ? BinaryenSubInt32() : BinaryenAddInt32());
      BinaryenConstSetValueI32(right, int32_t(-int64_t(BinaryenConstGetValueI32(right))));
    } else {
      BinaryenBinarySetOp(e, op == BinaryenAddInt64() ? BinaryenSubInt64() : BinaryenAddInt64());
      BinaryenConstSetValueI64(right, -BinaryenConstGetValueI64(right));
    }
  }
}

} // namespace eqsat
