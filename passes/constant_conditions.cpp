#include "passes/constant_conditions.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <optional>

namespace eqsat {

namespace {

std::optional<uint32_t> constantCondition(BinaryenExpressionRef c) {
  if (!c || exprKind(c) != ExprKind::Const || BinaryenExpressionGetType(c) != BinaryenTypeInt32())
    return std::nullopt;
  return uint32_t(BinaryenConstGetValueI32(c));
}

class ConstantConditions {
public:
  explicit ConstantConditions(BinaryenModuleRef m) : m_(m) {}
  unsigned resolved = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf) return;
    ExprKind id = exprKind(e);
    if (id == ExprKind::Break) {
      std::optional<uint32_t> c = constantCondition(BinaryenBreakGetCondition(e));
      if (!c) return;
      BinaryenExpressionRef value = BinaryenBreakGetValue(e);
      if (*c != 0) setSelf(BinaryenBreak(m_, BinaryenBreakGetName(e), nullptr, value));
      else setSelf(value ? value : BinaryenNop(m_));
    } else if (id == ExprKind::If) {
      std::optional<uint32_t> c = constantCondition(BinaryenIfGetCondition(e));
      if (!c) return;
      BinaryenExpressionRef arm = *c != 0 ? BinaryenIfGetIfTrue(e) : BinaryenIfGetIfFalse(e);
      setSelf(arm ? arm : BinaryenNop(m_));
    } else if (id == ExprKind::Switch) {
      std::optional<uint32_t> c = constantCondition(BinaryenSwitchGetCondition(e));
      if (!c) return;
      const char* target = *c < BinaryenSwitchGetNumNames(e) ? BinaryenSwitchGetNameAt(e, *c)
                                                              : BinaryenSwitchGetDefaultName(e);
      setSelf(BinaryenBreak(m_, target, nullptr, BinaryenSwitchGetValue(e)));
    } else {
      return;
    }
    ++resolved;
  }

private:
  BinaryenModuleRef m_;
};

} // namespace

unsigned constantConditions(BinaryenModuleRef module, BinaryenExpressionRef body) {
  ConstantConditions pass(module);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.resolved;
}

} // namespace eqsat
