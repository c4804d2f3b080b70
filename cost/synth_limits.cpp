// Shapes synth declines (synth_limits.h).
#include "cost/synth_limits.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <vector>

namespace eqsat {

namespace {

bool branchCarriesI64(BinaryenExpressionRef e) {
  ExprKind id = exprKind(e);
  BinaryenExpressionRef value = nullptr;
  if (id == ExprKind::Break) value = BinaryenBreakGetValue(e);
  else if (id == ExprKind::Switch) value = BinaryenSwitchGetValue(e);
  return value && BinaryenExpressionGetType(value) == BinaryenTypeInt64();
}

} // namespace

bool carriesI64OverBranch(BinaryenExpressionRef body) {
  if (!body) return false;
  std::vector<BinaryenExpressionRef> pending{body};
  while (!pending.empty()) {
    BinaryenExpressionRef e = pending.back();
    pending.pop_back();
    if (branchCarriesI64(e)) return true;
    forEachChild(e, [&](BinaryenExpressionRef c) { pending.push_back(c); });
  }
  return false;
}

} // namespace eqsat
