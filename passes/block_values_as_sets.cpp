// blockValuesAsSets: passes/block_values_as_sets.h.
#include "passes/block_values_as_sets.h"

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <cstring>
#include <vector>

namespace eqsat {

namespace {

// A branch to the block, `(br $b V)`, and what puts another expression in its place.
struct Branch {
  BinaryenExpressionRef br;
  ExpressionSetter replace;
};

// The branches to `name` inside e; false when one is not an unconditional
// br with a value, a br_table names it, the name is defined again, or e holds
// an expression kind whose children are not enumerated.
bool branchesTo(BinaryenExpressionRef e, const ExpressionSetter& setSelf, const char* name,
                std::vector<Branch>& found) {
  const ExprKind id = exprKind(e);
  if (id == ExprKind::Block || id == ExprKind::Loop) {
    const char* own = id == ExprKind::Block ? BinaryenBlockGetName(e) : BinaryenLoopGetName(e);
    if (own && std::strcmp(own, name) == 0) return false;
  }
  if (id == ExprKind::Switch) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
      if (std::strcmp(BinaryenSwitchGetNameAt(e, i), name) == 0) return false;
    if (std::strcmp(BinaryenSwitchGetDefaultName(e), name) == 0) return false;
  }
  if (id == ExprKind::Break && std::strcmp(BinaryenBreakGetName(e), name) == 0) {
    if (BinaryenBreakGetCondition(e) || !BinaryenBreakGetValue(e)) return false;
    found.push_back(Branch{e, setSelf});
  }
  bool ok;
  for (ChildSlot& c : childrenOf(e, ok))
    if (!branchesTo(c.e, c.set, name, found)) return false;
  return ok;
}

bool isConstOf(BinaryenExpressionRef e, BinaryenType type) {
  return exprKind(e) == ExprKind::Const && BinaryenExpressionGetType(e) == type;
}

class BlockValuesAsSets {
public:
  BlockValuesAsSets(BinaryenModuleRef m, BinaryenIndex firstNewLocal, std::vector<BinaryenType>& newLocals,
                    ConstantFirst first, bool findOnly = false)
      : m_(m), firstNewLocal_(firstNewLocal), newLocals_(newLocals), first_(first), findOnly_(findOnly) {}
  unsigned changed = 0;
  // Of those, the sets where the ConstantFirst choice changes the rewrite:
  // both the fallthrough and a branch carry a constant.
  unsigned eitherConstant = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    if (!setSelf || exprKind(e) != ExprKind::LocalSet || BinaryenLocalSetIsTee(e)) return;
    BinaryenExpressionRef b = BinaryenLocalSetGetValue(e);
    if (exprKind(b) != ExprKind::Block) return;
    const char* name = BinaryenBlockGetName(b);
    const BinaryenType type = BinaryenExpressionGetType(b);
    const BinaryenIndex n = BinaryenBlockGetNumChildren(b);
    if (!name || n == 0 || !tyFromBinaryen(type)) return;
    BinaryenExpressionRef last = BinaryenBlockGetChildAt(b, n - 1);
    if (BinaryenExpressionGetType(last) != type) return;
    std::vector<Branch> branches;
    for (BinaryenIndex i = 0; i < n; ++i) {
      ExpressionSetter set = [b, i](BinaryenExpressionRef x) { BinaryenBlockSetChildAt(b, i, x); };
      if (!branchesTo(BinaryenBlockGetChildAt(b, i), set, name, branches)) return;
    }
    if (branches.empty()) return;
    // The constant set first: the fallthrough's (hoisted == branches.size()) or a branch's.
    size_t firstConstBranch = branches.size();
    for (size_t i = 0; i < branches.size() && firstConstBranch == branches.size(); ++i)
      if (isConstOf(BinaryenBreakGetValue(branches[i].br), type)) firstConstBranch = i;
    const bool fallthroughConst = isConstOf(last, type);
    if (!fallthroughConst && firstConstBranch == branches.size()) return;
    if (findOnly_) {
      ++changed;
      if (fallthroughConst && firstConstBranch != branches.size()) ++eitherConstant;
      return;
    }
    const bool fromFallthrough =
        fallthroughConst && (first_ == ConstantFirst::Fallthrough || firstConstBranch == branches.size());
    const BinaryenExpressionRef constant = fromFallthrough ? last : BinaryenBreakGetValue(branches[firstConstBranch].br);

    const BinaryenIndex t = firstNewLocal_ + BinaryenIndex(newLocals_.size());
    newLocals_.push_back(type);
    for (size_t i = 0; i < branches.size(); ++i) {
      BinaryenExpressionRef bare = BinaryenBreak(m_, name, nullptr, nullptr);
      if (!fromFallthrough && i == firstConstBranch) {
        branches[i].replace(bare);
        continue;
      }
      BinaryenExpressionRef parts[] = {BinaryenLocalSet(m_, t, BinaryenBreakGetValue(branches[i].br)), bare};
      branches[i].replace(BinaryenBlock(m_, nullptr, parts, 2, BinaryenTypeAuto()));
    }
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenIndex i = 0; i + 1 < n; ++i) kids.push_back(BinaryenBlockGetChildAt(b, i));
    if (!fromFallthrough) kids.push_back(BinaryenLocalSet(m_, t, last));
    BinaryenExpressionRef outer[] = {
        BinaryenLocalSet(m_, t, constant),
        BinaryenBlock(m_, name, kids.data(), BinaryenIndex(kids.size()), BinaryenTypeNone()),
        BinaryenLocalSet(m_, BinaryenLocalSetGetIndex(e), BinaryenLocalGet(m_, t, type))};
    setSelf(BinaryenBlock(m_, nullptr, outer, 3, BinaryenTypeNone()));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
  BinaryenIndex firstNewLocal_;
  std::vector<BinaryenType>& newLocals_;
  ConstantFirst first_;
  bool findOnly_;
};

} // namespace

unsigned blockValuesAsSets(BinaryenModuleRef module, BinaryenExpressionRef& body, BinaryenIndex firstNewLocal,
                           std::vector<BinaryenType>& newLocals, ConstantFirst first) {
  BlockValuesAsSets pass(module, firstNewLocal, newLocals, first);
  walkPostOrder(body, [&body](BinaryenExpressionRef x) { body = x; }, pass);
  return pass.changed;
}

BlockValuesFound blockValuesAsSetsFind(BinaryenExpressionRef body) {
  std::vector<BinaryenType> noLocals;
  BlockValuesAsSets pass(nullptr, 0, noLocals, ConstantFirst::Fallthrough, /*findOnly=*/true);
  walkPostOrder(body, [](BinaryenExpressionRef) {}, pass);
  return BlockValuesFound{pass.changed, pass.eitherConstant};
}

bool blockValuesAsSetsApplies(BinaryenExpressionRef body) { return blockValuesAsSetsFind(body).sets > 0; }

} // namespace eqsat
