#include "passes/branch_values_as_sets.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"

#include <cstring>
#include <optional>
#include <vector>

namespace eqsat {

namespace {

// local.get count per local index in e; false when e holds an expression
// kind whose children are not enumerated (its reads are then not all counted).
bool countReads(BinaryenExpressionRef e, std::vector<unsigned>& reads) {
  if (exprKind(e) == ExprKind::LocalGet) {
    BinaryenIndex i = BinaryenLocalGetGetIndex(e);
    if (i >= reads.size()) reads.resize(i + 1);
    ++reads[i];
  }
  bool complete = true;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { complete = countReads(c, reads) && complete; })) return false;
  return complete;
}

bool isTeeOf(BinaryenExpressionRef e, BinaryenIndex x) {
  return exprKind(e) == ExprKind::LocalSet && BinaryenLocalSetIsTee(e) &&
         BinaryenLocalSetGetIndex(e) == x;
}

// A branch to the block: `(br $b (local.tee $x V))`, or `(br_if $b (local.tee
// $x V) C)` under a drop; `replace` puts the set and the value-less branch
// in the place of the br or of the drop.
struct Site {
  BinaryenExpressionRef br;
  ExpressionSetter replace;
};

class BranchValuesAsSets {
public:
  // findOnly: stop at the first block that would be rewritten, changing nothing.
  BranchValuesAsSets(BinaryenModuleRef m, BinaryenExpressionRef body, bool findOnly)
      : m_(m), findOnly_(findOnly), allReadsCounted_(countReads(body, reads_)) {}
  unsigned rewritten = 0;

  void walk(BinaryenExpressionRef e, const ExpressionSetter& setSelf, bool inLoop) {
    ExprKind id = exprKind(e);
    // (A child's walk replaces at most that child in e, so each child can be
    // read just before it is walked.)
    const bool ok = eachChild(e, [&](BinaryenExpressionRef c, auto set) {
      if (c && !(findOnly_ && rewritten > 0)) walk(c, set, inLoop || id == ExprKind::Loop);
    });
    if (!ok || (findOnly_ && rewritten > 0)) return;
    if (id == ExprKind::Block && setSelf) rewriteBlock(e, setSelf, inLoop, std::nullopt);
    // A block whose value goes to the local its branches set: every exit
    // sets that local anyway.
    if (id == ExprKind::LocalSet && exprKind(BinaryenLocalSetGetValue(e)) == ExprKind::Block)
      rewriteBlock(BinaryenLocalSetGetValue(e), [e](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); },
                   inLoop, BinaryenLocalSetGetIndex(e));
  }

private:
  BinaryenModuleRef m_;
  bool findOnly_;
  std::vector<unsigned> reads_;  // in the whole body, with the gets this pass adds
  bool allReadsCounted_;

  // The branches to `name` inside e (parent: e's parent, for a br_if's drop);
  // false when one does not have the shape, or the name is redefined or
  // named by a br_table.
  bool collect(BinaryenExpressionRef e, const ExpressionSetter& setSelf, const char* name, BinaryenExpressionRef parent,
               const ExpressionSetter& setParent, std::vector<Site>& sites, std::optional<BinaryenIndex>& local) {
    ExprKind id = exprKind(e);
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
      BinaryenExpressionRef v = BinaryenBreakGetValue(e);
      if (!v || exprKind(v) != ExprKind::LocalSet || !BinaryenLocalSetIsTee(v)) return false;
      BinaryenIndex x = BinaryenLocalSetGetIndex(v);
      if (local && *local != x) return false;
      local = x;
      if (BinaryenBreakGetCondition(e)) {
        if (!parent || exprKind(parent) != ExprKind::Drop) return false;
        sites.push_back(Site{e, setParent});
      } else {
        sites.push_back(Site{e, setSelf});
      }
    }
    // (eachChild, not childrenOf: this runs below every named block, and
    // needs no vector of the children)
    bool shaped = true;
    const bool ok = eachChild(e, [&](BinaryenExpressionRef c, auto set) {
      if (c && shaped) shaped = collect(c, set, name, e, setSelf, sites, local);
    });
    return ok && shaped;
  }

  // setTo: the local the block's value is set to, if any.
  void rewriteBlock(BinaryenExpressionRef b, const ExpressionSetter& setSelf, bool inLoop,
                    std::optional<BinaryenIndex> setTo) {
    const char* name = BinaryenBlockGetName(b);
    const BinaryenType type = BinaryenExpressionGetType(b);
    const BinaryenIndex n = BinaryenBlockGetNumChildren(b);
    if (!name || !tyFromBinaryen(type) || n < 2) return;
    BinaryenExpressionRef last = BinaryenBlockGetChildAt(b, n - 1);
    if (BinaryenExpressionGetType(last) != type) return;
    std::vector<Site> sites;
    std::optional<BinaryenIndex> local;
    for (BinaryenIndex i = 0; i < n; ++i) {
      ExpressionSetter set = [b, i](BinaryenExpressionRef x) { BinaryenBlockSetChildAt(b, i, x); };
      if (!collect(BinaryenBlockGetChildAt(b, i), set, name, b, ExpressionSetter(), sites, local)) return;
    }
    if (sites.empty() || BinaryenExpressionGetType(BinaryenBreakGetValue(sites[0].br)) != type) return;
    const BinaryenIndex x = *local;
    // The fallthrough value goes to $x too: the tee's value, or the value
    // itself (`last`), or nothing when it is a get of $x.
    BinaryenExpressionRef lastValue = nullptr;
    if (isTeeOf(last, x)) {
      lastValue = BinaryenLocalSetGetValue(last);
    } else if (setTo == x) {
      lastValue = last;
    } else if (exprKind(last) != ExprKind::LocalGet || BinaryenLocalGetGetIndex(last) != x) {
      std::vector<unsigned> inside;
      const bool counted = countReads(b, inside);
      const unsigned readsInside = x < inside.size() ? inside[x] : 0;
      if (inLoop || !allReadsCounted_ || !counted || readsInside != (x < reads_.size() ? reads_[x] : 0)) return;
      lastValue = last;
    }
    if (findOnly_) {
      ++rewritten;
      return;
    }
    BinaryenExpressionRef lastSet = lastValue ? BinaryenLocalSet(m_, x, lastValue) : nullptr;
    for (Site& s : sites) {
      BinaryenExpressionRef parts[] = {
          BinaryenLocalSet(m_, x, BinaryenLocalSetGetValue(BinaryenBreakGetValue(s.br))),
          BinaryenBreak(m_, name, BinaryenBreakGetCondition(s.br), nullptr)};
      s.replace(BinaryenBlock(m_, nullptr, parts, 2, BinaryenTypeAuto()));
    }
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenIndex i = 0; i + 1 < n; ++i) kids.push_back(BinaryenBlockGetChildAt(b, i));
    if (lastSet) kids.push_back(lastSet);
    BinaryenExpressionRef inner = BinaryenBlock(m_, name, kids.data(), BinaryenIndex(kids.size()), BinaryenTypeNone());
    BinaryenExpressionRef outer[] = {inner, BinaryenLocalGet(m_, x, type)};
    setSelf(BinaryenBlock(m_, nullptr, outer, 2, type));
    if (x >= reads_.size()) reads_.resize(x + 1);
    ++reads_[x];
    ++rewritten;
  }
};

} // namespace

unsigned branchValuesAsSets(BinaryenModuleRef module, BinaryenFunctionRef func) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  if (!body) return 0;
  BranchValuesAsSets pass(module, body, /*findOnly=*/false);
  pass.walk(body, [func](BinaryenExpressionRef x) { BinaryenFunctionSetBody(func, x); }, false);
  return pass.rewritten;
}

bool branchValuesAsSetsApplies(BinaryenFunctionRef func) {
  BinaryenExpressionRef body = BinaryenFunctionGetBody(func);
  if (!body) return false;
  BranchValuesAsSets pass(nullptr, body, /*findOnly=*/true);
  pass.walk(body, [](BinaryenExpressionRef) {}, false);
  return pass.rewritten > 0;
}

} // namespace eqsat
