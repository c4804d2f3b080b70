#include "passes/place_single_entry_code.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

// At most this many moves per body: each one scans the body again.
constexpr unsigned kMaxMoves = 64;

using Path = std::vector<BinaryenExpressionRef>;  // ancestors, outermost first

struct Scan {
  std::unordered_map<std::string, unsigned> refs;  // branches naming each label
  std::unordered_map<std::string, std::pair<BinaryenExpressionRef, Path>> site;  // the first one, with its ancestors
  std::vector<BinaryenExpressionRef> blocks;       // every block, outermost first
  bool ok = true;                                  // false: an expression kind forEachChild does not know
};

bool isA(BinaryenExpressionRef e, ExprKind kind) { return e && exprKind(e) == kind; }

void scan(BinaryenExpressionRef e, Path& path, Scan& s) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::Break) {
    std::string name = BinaryenBreakGetName(e);
    if (s.refs[name]++ == 0) s.site.emplace(name, std::make_pair(e, path));
  } else if (id == ExprKind::Switch) {
    // A label a br_table names is never single-entry here.
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i) s.refs[BinaryenSwitchGetNameAt(e, i)] += 2;
    s.refs[BinaryenSwitchGetDefaultName(e)] += 2;
  } else if (id == ExprKind::Block) {
    s.blocks.push_back(e);
  }
  path.push_back(e);
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { if (s.ok) scan(c, path, s); })) s.ok = false;
  path.pop_back();
}


BinaryenIndex indexIn(BinaryenExpressionRef block, BinaryenExpressionRef child) {
  for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(block); i < n; ++i)
    if (BinaryenBlockGetChildAt(block, i) == child) return i;
  return BinaryenIndex(-1);
}

class PlaceSingleEntryCode {
public:
  explicit PlaceSingleEntryCode(BinaryenModuleRef m) : m_(m) {}

  // One move on the body; false when there is none (or the body cannot be scanned).
  bool step(BinaryenExpressionRef body) {
    Scan s;
    Path path;
    scan(body, path, s);
    if (!s.ok) return false;
    for (BinaryenExpressionRef b : s.blocks)
      if (dropJumpToEnd(b)) return true;
    for (BinaryenExpressionRef p : s.blocks)
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(p); i < n; ++i)
        if (tryLabel(p, i, s)) return true;
    return false;
  }

private:
  BinaryenModuleRef m_;

  // (block $X ... (block ... (br $X))): a jump to where control goes anyway
  // (a tail move leaves these behind).
  static bool dropJumpToEnd(BinaryenExpressionRef x) {
    if (!BinaryenBlockGetName(x)) return false;
    std::vector<BinaryenExpressionRef> chain{x};
    for (;;) {
      BinaryenIndex n = BinaryenBlockGetNumChildren(chain.back());
      if (n == 0) return false;
      BinaryenExpressionRef last = BinaryenBlockGetChildAt(chain.back(), n - 1);
      if (isA(last, ExprKind::Block)) {
        chain.push_back(last);
        continue;
      }
      if (!isA(last, ExprKind::Break) || BinaryenBreakGetCondition(last) || BinaryenBreakGetValue(last) ||
          std::string(BinaryenBreakGetName(last)) != BinaryenBlockGetName(x))
        return false;
      BinaryenBlockRemoveChildAt(chain.back(), n - 1);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) BinaryenExpressionFinalize(*it);
      return true;
    }
  }

  // Child i of block p is a block $L: move code to $L's only branch when it can.
  bool tryLabel(BinaryenExpressionRef p, BinaryenIndex i, Scan& s) {
    BinaryenExpressionRef l = BinaryenBlockGetChildAt(p, i);
    if (!isA(l, ExprKind::Block) || !BinaryenBlockGetName(l)) return false;
    std::string name = BinaryenBlockGetName(l);
    if (s.refs[name] != 1 || BinaryenExpressionGetType(l) != BinaryenTypeNone()) return false;
    BinaryenIndex nl = BinaryenBlockGetNumChildren(l);
    // Nothing falls out of $L: its end is reached only by the branch.
    if (nl == 0 || BinaryenExpressionGetType(BinaryenBlockGetChildAt(l, nl - 1)) != BinaryenTypeUnreachable())
      return false;
    auto& [br, brPath] = s.site.at(name);
    if (BinaryenBreakGetCondition(br) || BinaryenBreakGetValue(br) || brPath.empty()) return false;
    BinaryenExpressionRef parent = brPath.back();
    if (!isA(parent, ExprKind::Block)) return false;
    BinaryenIndex at = indexIn(parent, br);
    BinaryenIndex n = BinaryenBlockGetNumChildren(p);
    if (i + 1 < n && BinaryenExpressionGetType(BinaryenBlockGetChildAt(p, n - 1)) == BinaryenTypeUnreachable())
      return moveTail(p, i, l, parent, at);
    return movePrefix(p, i, name, brPath, at);
  }

  // T = p's children after $L never falls through: T replaces the branch.
  // Every label T names encloses p, hence the branch too.
  bool moveTail(BinaryenExpressionRef p, BinaryenIndex i, BinaryenExpressionRef l, BinaryenExpressionRef parent,
                BinaryenIndex at) {
    std::vector<BinaryenExpressionRef> tail;
    for (BinaryenIndex k = i + 1, n = BinaryenBlockGetNumChildren(p); k < n; ++k)
      tail.push_back(BinaryenBlockGetChildAt(p, k));
    for (BinaryenIndex k = BinaryenBlockGetNumChildren(p); k > i + 1; --k) BinaryenBlockRemoveChildAt(p, k - 1);
    BinaryenExpressionRef moved =
        tail.size() == 1 ? tail[0]
                         : BinaryenBlock(m_, nullptr, tail.data(), BinaryenIndex(tail.size()), BinaryenTypeAuto());
    BinaryenBlockSetChildAt(parent, at, moved);
    BinaryenExpressionFinalize(l);  // no branch names $L any more: it cannot fall through
    return true;
  }

  // The branch ends the arm of (if C (block S... (br $L))): the if becomes
  // (br_if $L C) and S goes to the head of $L's target code.
  bool movePrefix(BinaryenExpressionRef p, BinaryenIndex i, const std::string& name, const Path& brPath,
                  BinaryenIndex at) {
    BinaryenIndex n = BinaryenBlockGetNumChildren(p);
    if (i + 1 == n && BinaryenExpressionGetType(p) != BinaryenTypeNone()) return false;
    if (brPath.size() < 3) return false;
    BinaryenExpressionRef arm = brPath[brPath.size() - 1], iff = brPath[brPath.size() - 2],
                          q = brPath[brPath.size() - 3];
    if (BinaryenBlockGetName(arm) || at == 0 || at + 1 != BinaryenBlockGetNumChildren(arm)) return false;
    if (!isA(iff, ExprKind::If) || BinaryenIfGetIfTrue(iff) != arm || BinaryenIfGetIfFalse(iff) ||
        BinaryenExpressionGetType(iff) != BinaryenTypeNone() || !isA(q, ExprKind::Block))
      return false;
    // S may only name labels it defines or labels around p.
    std::unordered_set<std::string> around;
    bool seenP = false;
    for (BinaryenExpressionRef a : brPath) {
      if (isA(a, ExprKind::Block) && BinaryenBlockGetName(a)) around.insert(BinaryenBlockGetName(a));
      if (isA(a, ExprKind::Loop) && BinaryenLoopGetName(a)) around.insert(BinaryenLoopGetName(a));
      if (a == p) {
        seenP = true;
        break;
      }
    }
    if (!seenP) return false;
    std::vector<BinaryenExpressionRef> prefix;
    std::unordered_set<std::string> defined, named;
    for (BinaryenIndex k = 0; k < at; ++k) {
      prefix.push_back(BinaryenBlockGetChildAt(arm, k));
      if (!labelsIn(prefix.back(), defined, named)) return false;
    }
    for (const std::string& t : named)
      if (!defined.count(t) && !around.count(t)) return false;
    BinaryenIndex qi = indexIn(q, iff);
    if (qi == BinaryenIndex(-1)) return false;
    BinaryenBlockSetChildAt(q, qi, BinaryenBreak(m_, name.c_str(), BinaryenIfGetCondition(iff), nullptr));
    for (BinaryenIndex k = 0; k < prefix.size(); ++k) BinaryenBlockInsertChildAt(p, i + 1 + k, prefix[k]);
    return true;
  }
};

} // namespace

unsigned placeSingleEntryCode(BinaryenModuleRef module, BinaryenExpressionRef body) {
  PlaceSingleEntryCode pass(module);
  unsigned moves = 0;
  while (moves < kMaxMoves && pass.step(body)) ++moves;
  return moves;
}

} // namespace eqsat
