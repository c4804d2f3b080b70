#include "passes/unused_local_declarations.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <algorithm>
#include <map>

namespace eqsat {

namespace {

// Every local.get and local.set (tees too) of `body`, to renumber without a
// second walk, and which locals they name; false when the body holds an
// expression forEachChild does not know.
bool collectAccesses(BinaryenExpressionRef body, std::vector<BinaryenExpressionRef>& accesses,
                     std::vector<bool>& used) {
  std::vector<BinaryenExpressionRef> stack{body};
  while (!stack.empty()) {
    BinaryenExpressionRef e = stack.back();
    stack.pop_back();
    const ExprKind id = exprKind(e);
    if (id == ExprKind::LocalGet) {
      used[BinaryenLocalGetGetIndex(e)] = true;
      accesses.push_back(e);
    } else if (id == ExprKind::LocalSet) {
      used[BinaryenLocalSetGetIndex(e)] = true;
      accesses.push_back(e);
    }
    if (!forEachChild(e, [&](BinaryenExpressionRef c) { stack.push_back(c); })) return false;
  }
  return true;
}

// The locals of `accesses` renumbered to skip the declarations `kept`
// rejects, and `vars` shrunk to the rest; returns the number dropped.
template <class Kept>
unsigned dropDeclarations(const std::vector<BinaryenExpressionRef>& accesses, BinaryenIndex numParams,
                          std::vector<BinaryenType>& vars, Kept&& kept) {
  const BinaryenIndex numLocals = numParams + BinaryenIndex(vars.size());
  std::vector<BinaryenIndex> renumbered(numLocals);
  std::vector<BinaryenType> keptVars;
  for (BinaryenIndex i = 0; i < numParams; ++i) renumbered[i] = i;
  for (BinaryenIndex i = numParams; i < numLocals; ++i) {
    if (!kept(i)) continue;
    renumbered[i] = numParams + BinaryenIndex(keptVars.size());
    keptVars.push_back(vars[i - numParams]);
  }
  const unsigned dropped = unsigned(vars.size() - keptVars.size());
  if (dropped == 0) return 0;
  for (BinaryenExpressionRef e : accesses) {
    if (exprKind(e) == ExprKind::LocalGet)
      BinaryenLocalGetSetIndex(e, renumbered[BinaryenLocalGetGetIndex(e)]);
    else
      BinaryenLocalSetSetIndex(e, renumbered[BinaryenLocalSetGetIndex(e)]);
  }
  vars = std::move(keptVars);
  return dropped;
}

} // namespace

unsigned unusedLocalDeclarations(BinaryenExpressionRef body, BinaryenIndex numParams, std::vector<BinaryenType>& vars) {
  if (vars.size() <= kUnusedLocalsMinDeclared || !body) return 0;
  const BinaryenIndex numLocals = numParams + BinaryenIndex(vars.size());
  std::vector<BinaryenExpressionRef> accesses;
  std::vector<bool> used(numLocals, false);
  if (!collectAccesses(body, accesses, used)) return 0;

  // The lowest and highest declaration of each type, and the bound below
  // which every declaration stays (the header says why).
  struct Extremes {
    BinaryenIndex lowest, highest;
  };
  std::map<BinaryenType, Extremes> byType;
  BinaryenIndex usedVars = 0;
  for (BinaryenIndex i = numParams; i < numLocals; ++i) {
    usedVars += used[i] ? 1 : 0;
    auto [it, fresh] = byType.try_emplace(vars[i - numParams], Extremes{i, i});
    if (!fresh) it->second.highest = i;
  }
  const BinaryenIndex keptBelow = numParams + usedVars + BinaryenIndex(byType.size());
  auto kept = [&](BinaryenIndex i) {
    const Extremes& x = byType.at(vars[i - numParams]);
    return i < keptBelow || used[i] || i == x.lowest || i == x.highest;
  };
  return dropDeclarations(accesses, numParams, vars, kept);
}

unsigned unusedDeclarationsOfType(BinaryenExpressionRef body, BinaryenIndex numParams, std::vector<BinaryenType>& vars,
                                  BinaryenType type) {
  if (!body || std::find(vars.begin(), vars.end(), type) == vars.end()) return 0;
  std::vector<BinaryenExpressionRef> accesses;
  std::vector<bool> used(numParams + BinaryenIndex(vars.size()), false);
  if (!collectAccesses(body, accesses, used)) return 0;
  return dropDeclarations(accesses, numParams, vars,
                          [&](BinaryenIndex i) { return used[i] || vars[i - numParams] != type; });
}

} // namespace eqsat
