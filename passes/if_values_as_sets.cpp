// ifValuesAsSets: passes/if_values_as_sets.h.
#include "passes/if_values_as_sets.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

// Does a branch inside named block b name it?
bool branchedTo(BinaryenExpressionRef b) {
  const char* name = BinaryenBlockGetName(b);
  if (!name) return false;
  std::unordered_set<std::string> defined, named;
  return !labelsIn(b, defined, named) || named.count(name) > 0;
}

class IfValuesAsSets {
public:
  // findOnly: count the sets that would be rewritten, changing nothing.
  IfValuesAsSets(BinaryenModuleRef m, BinaryenExpressionRef body, BinaryenIndex firstNewLocal,
                 std::vector<BinaryenType>& newLocals, bool findOnly)
      : m_(m), findOnly_(findOnly), firstNewLocal_(firstNewLocal), newLocals_(newLocals) {
    if (!findOnly) labels_.emplace(body);
  }
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || exprKind(e) != ExprKind::LocalSet || BinaryenLocalSetIsTee(e)) return;
    BinaryenExpressionRef arms = BinaryenLocalSetGetValue(e);
    if (exprKind(arms) != ExprKind::If || !BinaryenIfGetIfFalse(arms)) return;
    const BinaryenIndex x = BinaryenLocalSetGetIndex(e);
    BinaryenExpressionRef cond = BinaryenIfGetCondition(arms);
    BinaryenExpressionRef constant = BinaryenIfGetIfTrue(arms), other = BinaryenIfGetIfFalse(arms);
    if (exprKind(constant) != ExprKind::Const) {
      // The constant in the else arm: skip the then arm when the eqz's operand is non-zero.
      if (exprKind(other) != ExprKind::Const || exprKind(cond) != ExprKind::Unary ||
          BinaryenUnaryGetOp(cond) != BinaryenEqZInt32())
        return;
      std::swap(constant, other);
      cond = BinaryenUnaryGetValue(cond);
    }
    // The other arm's statements, its value set to $x last.
    std::vector<BinaryenExpressionRef> statements;
    BinaryenExpressionRef value = other;
    if (exprKind(other) == ExprKind::Block) {
      if (BinaryenBlockGetNumChildren(other) == 0 || branchedTo(other)) return;
      const BinaryenIndex n = BinaryenBlockGetNumChildren(other);
      for (BinaryenIndex i = 0; i + 1 < n; ++i) statements.push_back(BinaryenBlockGetChildAt(other, i));
      value = BinaryenBlockGetChildAt(other, n - 1);
    }
    const BinaryenType type = BinaryenExpressionGetType(constant);
    if (BinaryenExpressionGetType(value) != type) return;
    if (findOnly_) {
      ++changed;
      return;
    }
    // The local the arms set: $x, or a new one where $x is read or written before the set.
    const bool own = !reads(cond, x) && !writes(cond, x) && !reads(other, x) && !writes(other, x);
    const BinaryenIndex target = own ? x : firstNewLocal_ + BinaryenIndex(newLocals_.size());
    if (!own) newLocals_.push_back(type);
    const std::string skip = labels_->fresh("ifset$");
    std::vector<BinaryenExpressionRef> inner{BinaryenBreak(m_, skip.c_str(), cond, nullptr)};
    inner.insert(inner.end(), statements.begin(), statements.end());
    inner.push_back(BinaryenLocalSet(m_, target, value));
    std::vector<BinaryenExpressionRef> outer{
        BinaryenLocalSet(m_, target, constant),
        BinaryenBlock(m_, skip.c_str(), inner.data(), BinaryenIndex(inner.size()), BinaryenTypeNone())};
    if (!own) outer.push_back(BinaryenLocalSet(m_, x, BinaryenLocalGet(m_, target, type)));
    setSelf(BinaryenBlock(m_, nullptr, outer.data(), BinaryenIndex(outer.size()), BinaryenTypeNone()));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
  bool findOnly_;
  std::optional<FreshLabels> labels_;  // not needed to find
  BinaryenIndex firstNewLocal_;
  std::vector<BinaryenType>& newLocals_;
};

} // namespace

unsigned ifValuesAsSets(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenIndex firstNewLocal,
                        std::vector<BinaryenType>& newLocals) {
  IfValuesAsSets pass(module, body, firstNewLocal, newLocals, /*findOnly=*/false);
  walkPostOrder(body, [&body](BinaryenExpressionRef x) { body = x; }, pass);
  return pass.changed;
}

bool ifValuesAsSetsApplies(BinaryenExpressionRef body) {
  std::vector<BinaryenType> noLocals;
  IfValuesAsSets pass(nullptr, body, 0, noLocals, /*findOnly=*/true);
  walkPostOrder(body, [](BinaryenExpressionRef) {}, pass);
  return pass.changed > 0;
}

} // namespace eqsat
