#include "passes/dropped_values.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <functional>
#include <string>
#include <string_view>
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
    if (BinaryenExpressionRef droppedBlock = withoutBlockValue(v)) {
      setSelf(droppedBlock);
      ++replaced;
      return;
    }
    if (!effectFree(v, true)) return;
    std::vector<BinaryenExpressionRef> sets;
    collect(v, nullptr, sets);
    if (sets.empty()) setSelf(BinaryenNop(m_));
    else setSelf(BinaryenBlock(m_, nullptr, sets.data(), BinaryenIndex(sets.size()), BinaryenTypeNone()));
    ++replaced;
  }

private:
  BinaryenModuleRef m_;

  // Whether `e` is (drop (br_if $name X C)) or (br $name X).
  static bool isValueBranchTo(BinaryenExpressionRef e, const char* name, bool conditional) {
    if (conditional) {
      if (exprKind(e) != ExprKind::Drop) return false;
      e = BinaryenDropGetValue(e);
    }
    return exprKind(e) == ExprKind::Break && BinaryenBreakGetValue(e) && name == std::string_view(BinaryenBreakGetName(e)) &&
           (BinaryenBreakGetCondition(e) != nullptr) == conditional;
  }
  static bool isDroppedValueBranchTo(BinaryenExpressionRef e, const char* name) {
    return isValueBranchTo(e, name, true) || isValueBranchTo(e, name, false);
  }

  // How many branches and tables in e name `name`.
  static unsigned branchesTo(BinaryenExpressionRef e, std::string_view name) {
    unsigned n = 0;
    auto visit = [&](BinaryenExpressionRef x, const ExpressionSetter&) {
      if (exprKind(x) == ExprKind::Break && name == BinaryenBreakGetName(x)) ++n;
      if (exprKind(x) != ExprKind::Switch) return;
      if (name == BinaryenSwitchGetDefaultName(x)) ++n;
      for (BinaryenIndex i = 0; i < BinaryenSwitchGetNumNames(x); ++i)
        if (name == BinaryenSwitchGetNameAt(x, i)) ++n;
    };
    walkPostOrder(e, ExpressionSetter(), visit);
    return n;
  }

  // A dropped named block with a value, every branch to it one of its own
  // statements, as the block without a value: each branch's value dropped
  // before it branches alone, its last value dropped; nullptr where it is
  // not that.
  BinaryenExpressionRef withoutBlockValue(BinaryenExpressionRef v) {
    const BinaryenType type = BinaryenExpressionGetType(v);
    if (exprKind(v) != ExprKind::Block || !BinaryenBlockGetName(v) || type == BinaryenTypeNone() ||
        type == BinaryenTypeUnreachable())
      return nullptr;
    const char* name = BinaryenBlockGetName(v);
    const BinaryenIndex n = BinaryenBlockGetNumChildren(v);
    unsigned own = 0;
    for (BinaryenIndex i = 0; i < n; ++i) own += isDroppedValueBranchTo(BinaryenBlockGetChildAt(v, i), name);
    if (own == 0 || own != branchesTo(v, name)) return nullptr;
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenIndex i = 0; i < n; ++i) {
      BinaryenExpressionRef k = BinaryenBlockGetChildAt(v, i);
      if (isValueBranchTo(k, name, true)) {
        BinaryenExpressionRef br = BinaryenDropGetValue(k);
        kids.push_back(BinaryenDrop(m_, BinaryenBreakGetValue(br)));
        kids.push_back(BinaryenBreak(m_, name, BinaryenBreakGetCondition(br), nullptr));
      } else if (isValueBranchTo(k, name, false)) {
        kids.push_back(BinaryenDrop(m_, BinaryenBreakGetValue(k)));
        kids.push_back(BinaryenBreak(m_, name, nullptr, nullptr));
      } else if (i + 1 == n && BinaryenTypeArity(BinaryenExpressionGetType(k)) > 0) {
        kids.push_back(BinaryenDrop(m_, k));
      } else {
        kids.push_back(k);
      }
    }
    // At the end, a branch to the end goes where it would fall, and a value
    // dropped there that neither traps nor writes is not needed.
    while (!kids.empty()) {
      BinaryenExpressionRef last = kids.back();
      if (exprKind(last) == ExprKind::Drop && effectFree(BinaryenDropGetValue(last), false)) {
        kids.pop_back();
      } else if (exprKind(last) == ExprKind::Break && name == std::string_view(BinaryenBreakGetName(last)) &&
                 !BinaryenBreakGetValue(last)) {
        BinaryenExpressionRef cond = BinaryenBreakGetCondition(last);
        kids.pop_back();
        if (cond) kids.push_back(BinaryenDrop(m_, cond));
      } else {
        break;
      }
    }
    return BinaryenBlock(m_, name, kids.data(), BinaryenIndex(kids.size()), BinaryenTypeNone());
  }
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
