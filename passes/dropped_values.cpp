#include "passes/dropped_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <functional>
#include <vector>

namespace eqsat {

namespace {

// (drop E), E pure but for the local.tee's in it: the tees as local.sets, in
// the order E runs them; the rest of E goes.
class DroppedValues {
public:
  explicit DroppedValues(BinaryenModuleRef m) : m_(m) {}
  unsigned replaced = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || exprKind(e) != ExprKind::Drop) return;
    BinaryenExpressionRef v = BinaryenDropGetValue(e);
    if (!effectFree(v, true)) return;
    std::vector<BinaryenExpressionRef> sets;
    collect(v, nullptr, sets);
    if (sets.empty()) setSelf(BinaryenNop(m_));
    else setSelf(BinaryenBlock(m_, nullptr, sets.data(), BinaryenIndex(sets.size()), BinaryenTypeNone()));
    ++replaced;
  }

private:
  BinaryenModuleRef m_;
  // Post-order: each tee becomes a set (its value's tees already sets), and a
  // local.get of it where it stood.
  void collect(BinaryenExpressionRef e, const std::function<void(BinaryenExpressionRef)>& replace,
               std::vector<BinaryenExpressionRef>& sets) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::LocalSet) {
      collect(BinaryenLocalSetGetValue(e), [&](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); }, sets);
      BinaryenIndex x = BinaryenLocalSetGetIndex(e);
      BinaryenType t = BinaryenExpressionGetType(e);
      sets.push_back(BinaryenLocalSet(m_, x, BinaryenLocalSetGetValue(e)));
      if (replace) replace(BinaryenLocalGet(m_, x, t));
      return;
    }
    if (id == ExprKind::Select) {
      collect(BinaryenSelectGetIfTrue(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetIfTrue(e, x); }, sets);
      collect(BinaryenSelectGetIfFalse(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetIfFalse(e, x); }, sets);
      collect(BinaryenSelectGetCondition(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetCondition(e, x); }, sets);
    } else if (id == ExprKind::Unary) {
      collect(BinaryenUnaryGetValue(e), [&](BinaryenExpressionRef x) { BinaryenUnarySetValue(e, x); }, sets);
    } else if (id == ExprKind::Binary) {
      collect(BinaryenBinaryGetLeft(e), [&](BinaryenExpressionRef x) { BinaryenBinarySetLeft(e, x); }, sets);
      collect(BinaryenBinaryGetRight(e), [&](BinaryenExpressionRef x) { BinaryenBinarySetRight(e, x); }, sets);
    }
  }
};

} // namespace

unsigned droppedValues(BinaryenModuleRef module, BinaryenExpressionRef body) {
  DroppedValues pass(module);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.replaced;
}

} // namespace eqsat
