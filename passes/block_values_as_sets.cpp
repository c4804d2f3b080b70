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

// What an expression is to a search for the branches to `name`: one of
// them, or what ends the search (a br_if or a br without a value to it, a
// br_table naming it, the name defined again), or neither.
enum class AtBranchSearch { Branch, Stop, Other };

AtBranchSearch atBranchSearch(BinaryenExpressionRef e, const char* name) {
  const ExprKind id = exprKind(e);
  if (id == ExprKind::Block || id == ExprKind::Loop) {
    const char* own = id == ExprKind::Block ? BinaryenBlockGetName(e) : BinaryenLoopGetName(e);
    if (own && std::strcmp(own, name) == 0) return AtBranchSearch::Stop;
  }
  if (id == ExprKind::Switch) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
      if (std::strcmp(BinaryenSwitchGetNameAt(e, i), name) == 0) return AtBranchSearch::Stop;
    if (std::strcmp(BinaryenSwitchGetDefaultName(e), name) == 0) return AtBranchSearch::Stop;
  }
  if (id == ExprKind::Break && std::strcmp(BinaryenBreakGetName(e), name) == 0) {
    if (BinaryenBreakGetCondition(e) || !BinaryenBreakGetValue(e)) return AtBranchSearch::Stop;
    return AtBranchSearch::Branch;
  }
  return AtBranchSearch::Other;
}

// The branches to `name` below e (not e itself), in pre-order; false as
// branchesTo. A setter is made only for the branches found.
bool branchesBelow(BinaryenExpressionRef e, const char* name, std::vector<Branch>& found) {
  bool ok = true;
  const bool enumerated = eachChild(e, [&](BinaryenExpressionRef c, auto set) {
    if (!ok || !c) return;
    const AtBranchSearch at = atBranchSearch(c, name);
    if (at == AtBranchSearch::Stop) {
      ok = false;
      return;
    }
    if (at == AtBranchSearch::Branch) found.push_back(Branch{c, std::move(set)});
    ok = branchesBelow(c, name, found);
  });
  return ok && enumerated;
}

// The branches to `name` inside e; false when one is not an unconditional
// br with a value, a br_table names it, the name is defined again, or e holds
// an expression kind whose children are not enumerated.
bool branchesTo(BinaryenExpressionRef e, const ExpressionSetter& setSelf, const char* name,
                std::vector<Branch>& found) {
  const AtBranchSearch at = atBranchSearch(e, name);
  if (at == AtBranchSearch::Stop) return false;
  if (at == AtBranchSearch::Branch) found.push_back(Branch{e, setSelf});
  return branchesBelow(e, name, found);
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
