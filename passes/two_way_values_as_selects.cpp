// twoWayValuesAsSelects: passes/two_way_values_as_selects.h.
#include "passes/two_way_values_as_selects.h"

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <cstring>
#include <vector>

namespace eqsat {

namespace {

// Operators in a select arm at most: both arms are computed on every path.
constexpr unsigned kMaxArmSize = 3;

// Whether e has at most `budget` operators (an expression kind whose
// children are not known counts as too many). Stops once over: an arm is
// asked of at every block's end, so a large one is not walked whole.
bool fitsInArm(BinaryenExpressionRef e, unsigned& budget) {
  if (budget == 0) return false;
  --budget;
  bool ok = true;
  for (const ChildSlot& c : childrenOf(e, ok))
    if (!fitsInArm(c.e, budget)) return false;
  return ok;
}

bool fitsInArm(BinaryenExpressionRef e) {
  unsigned budget = kMaxArmSize;
  return fitsInArm(e, budget);
}

// The br that the statement arm `e` of an if is, alone or as the last
// statement of a block: an unconditional br to `label`, after one (non-tee)
// set when `set` is given; nullptr otherwise.
BinaryenExpressionRef branchTo(BinaryenExpressionRef e, const char* label, BinaryenExpressionRef* set) {
  std::vector<BinaryenExpressionRef> items{e};
  // A name on such a block is not a target: the set's value has no branch.
  if (exprKind(e) == ExprKind::Block) {
    items.clear();
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) items.push_back(BinaryenBlockGetChildAt(e, i));
  }
  if (items.size() != (set ? 2u : 1u)) return nullptr;
  BinaryenExpressionRef br = items.back();
  if (exprKind(br) != ExprKind::Break || BinaryenBreakGetCondition(br) || !BinaryenBreakGetName(br) ||
      std::strcmp(BinaryenBreakGetName(br), label) != 0)
    return nullptr;
  if (set) {
    if (exprKind(items[0]) != ExprKind::LocalSet || BinaryenLocalSetIsTee(items[0])) return nullptr;
    *set = items[0];
  }
  return br;
}

// Whether e branches anywhere (or has a child this walk cannot see).
bool mayBranch(BinaryenExpressionRef e) {
  const ExprKind k = exprKind(e);
  if (k == ExprKind::Break || k == ExprKind::Switch) return true;
  bool ok = true;
  for (const ChildSlot& c : childrenOf(e, ok))
    if (mayBranch(c.e)) return true;
  return !ok;
}

// A block named `name` whose children are exactly `n`.
bool namedBlockOf(BinaryenExpressionRef e, BinaryenIndex n) {
  return exprKind(e) == ExprKind::Block && BinaryenBlockGetName(e) && BinaryenBlockGetNumChildren(e) == n;
}

// Whether a and b, i32 values, may be computed before c, both of them.
bool cheapArms(BinaryenExpressionRef a, BinaryenExpressionRef b, BinaryenExpressionRef c) {
  if (BinaryenExpressionGetType(a) != BinaryenTypeInt32() || BinaryenExpressionGetType(b) != BinaryenTypeInt32())
    return false;
  if (!fitsInArm(a) || !fitsInArm(b)) return false;
  std::vector<BinaryenIndex> read;
  if (!effectFree(a, false, &read) || !effectFree(b, false, &read)) return false;
  for (BinaryenIndex x : read)
    if (writes(c, x)) return false;
  return true;
}

class TwoWayValuesAsSelects {
public:
  TwoWayValuesAsSelects(BinaryenModuleRef m, bool findOnly) : m_(m), findOnly_(findOnly) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter&) {
    if (exprKind(e) != ExprKind::Block || !BinaryenBlockGetName(e)) return;
    const BinaryenIndex n = BinaryenBlockGetNumChildren(e);
    if (n < 2) return;
    BinaryenExpressionRef iff = BinaryenBlockGetChildAt(e, n - 2), last = BinaryenBlockGetChildAt(e, n - 1);
    if (exprKind(iff) != ExprKind::If) {
      branchDiamond(e, n);
      return;
    }
    if (BinaryenIfGetIfFalse(iff)) return;
    const char* label = BinaryenBlockGetName(e);
    BinaryenExpressionRef cond = BinaryenIfGetCondition(iff), select = nullptr;
    if (BinaryenExpressionGetType(cond) != BinaryenTypeInt32()) return;
    if (BinaryenExpressionGetType(e) == BinaryenTypeNone()) {
      // Statement form: the arm sets $x and branches out; the last sets $x.
      BinaryenExpressionRef set = nullptr, br = branchTo(BinaryenIfGetIfTrue(iff), label, &set);
      if (!br || BinaryenBreakGetValue(br)) return;
      if (exprKind(last) != ExprKind::LocalSet || BinaryenLocalSetIsTee(last) ||
          BinaryenLocalSetGetIndex(last) != BinaryenLocalSetGetIndex(set))
        return;
      BinaryenExpressionRef a = BinaryenLocalSetGetValue(set), b = BinaryenLocalSetGetValue(last);
      if (!cheapArms(a, b, cond)) return;
      if (!findOnly_)
        select = BinaryenLocalSet(m_, BinaryenLocalSetGetIndex(last),
                                  BinaryenSelect(m_, cond, a, b, BinaryenTypeInt32()));
    } else if (BinaryenExpressionGetType(e) == BinaryenTypeInt32()) {
      // Value form: the arm branches out with A; the last child is B.
      BinaryenExpressionRef br = branchTo(BinaryenIfGetIfTrue(iff), label, nullptr);
      if (!br || !BinaryenBreakGetValue(br) || !cheapArms(BinaryenBreakGetValue(br), last, cond)) return;
      if (!findOnly_) select = BinaryenSelect(m_, cond, BinaryenBreakGetValue(br), last, BinaryenTypeInt32());
    } else {
      return;
    }
    ++changed;
    if (findOnly_) return;
    BinaryenBlockSetChildAt(e, n - 2, select);
    BinaryenBlockRemoveChildAt(e, n - 1);
  }

private:
  // The third form: the two ways leave nested blocks, the condition's by a
  // br_if out of the innermost, the other's by a br past the first set.
  void branchDiamond(BinaryenExpressionRef e, BinaryenIndex n) {
    if (BinaryenExpressionGetType(e) != BinaryenTypeNone()) return;
    BinaryenExpressionRef outer = BinaryenBlockGetChildAt(e, n - 2), last = BinaryenBlockGetChildAt(e, n - 1);
    if (!namedBlockOf(outer, 3) || BinaryenExpressionGetType(outer) != BinaryenTypeNone()) return;
    BinaryenExpressionRef inner = BinaryenBlockGetChildAt(outer, 0), set = BinaryenBlockGetChildAt(outer, 1);
    BinaryenExpressionRef out = BinaryenBlockGetChildAt(outer, 2);
    if (!namedBlockOf(inner, 2) || BinaryenExpressionGetType(inner) != BinaryenTypeNone()) return;
    BinaryenExpressionRef brIf = BinaryenBlockGetChildAt(inner, 0), toOuter = BinaryenBlockGetChildAt(inner, 1);
    auto branch = [](BinaryenExpressionRef b, const char* label, bool conditional) {
      return exprKind(b) == ExprKind::Break && !BinaryenBreakGetValue(b) && BinaryenBreakGetName(b) &&
             std::strcmp(BinaryenBreakGetName(b), label) == 0 && (BinaryenBreakGetCondition(b) != nullptr) == conditional;
    };
    if (!branch(brIf, BinaryenBlockGetName(inner), true) || !branch(toOuter, BinaryenBlockGetName(outer), false) ||
        !branch(out, BinaryenBlockGetName(e), false))
      return;
    if (exprKind(set) != ExprKind::LocalSet || BinaryenLocalSetIsTee(set) || exprKind(last) != ExprKind::LocalSet ||
        BinaryenLocalSetIsTee(last) || BinaryenLocalSetGetIndex(last) != BinaryenLocalSetGetIndex(set))
      return;
    BinaryenExpressionRef cond = BinaryenBreakGetCondition(brIf);
    BinaryenExpressionRef a = BinaryenLocalSetGetValue(set), b = BinaryenLocalSetGetValue(last);
    if (mayBranch(cond) || !cheapArms(a, b, cond)) return;
    ++changed;
    if (findOnly_) return;
    BinaryenBlockSetChildAt(e, n - 2, BinaryenLocalSet(m_, BinaryenLocalSetGetIndex(last),
                                                      BinaryenSelect(m_, cond, a, b, BinaryenTypeInt32())));
    BinaryenBlockRemoveChildAt(e, n - 1);
  }

  BinaryenModuleRef m_;
  bool findOnly_;
};

} // namespace

unsigned twoWayValuesAsSelects(BinaryenModuleRef module, BinaryenExpressionRef body) {
  TwoWayValuesAsSelects pass(module, /*findOnly=*/false);
  walkPostOrder(body, ExpressionSetter{}, pass);
  return pass.changed;
}

bool twoWayValuesAsSelectsApplies(BinaryenExpressionRef body) {
  TwoWayValuesAsSelects pass(nullptr, /*findOnly=*/true);
  walkPostOrder(body, ExpressionSetter{}, pass);
  return pass.changed > 0;
}

} // namespace eqsat
