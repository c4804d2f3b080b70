#include "passes/merge_common_tails.h"

#include "cost/ircost.h"
#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace eqsat {

namespace {

// Paths into one join compared (the grouping compares them pairwise), and
// statements at the end of a path compared.
constexpr size_t kMaxPaths = 32;
constexpr size_t kMaxTail = 16;
// Bodies nested deeper than this are left alone (the walk is recursive).
constexpr int kMaxDepth = 400;
// Tails merged in one call at most (each merge walks the body again).
constexpr int kMaxMerges = 4;

constexpr size_t kNoJoin = ~size_t(0);

// A path into a join: the statements it ends with (the children of `blk`
// before its exit) and, into a join with a value, the value it gives.
struct Path {
  BinaryenExpressionRef blk;
  BinaryenExpressionRef exit;  // the br or return ending blk; null for the join's fallthrough
  std::vector<BinaryenExpressionRef> elems;
};

struct Join {
  BinaryenExpressionRef container;  // the block whose end is the join (the body for the function's end)
  bool functionEnd = false;
  bool hasValue = false;            // the paths give the join a value, their last element
  bool hasFallthrough = false;      // paths[0] is the container's own fallthrough
  std::vector<Path> paths;
};

// Where a tail differs: the element, counted back from the path's end (0 is
// the last), then the child indices down to the operand.
using Position = std::vector<uint8_t>;

// Same operation and immediates, children not compared, for the kinds whose
// operands a shared statement may differ in.
bool sameNode(BinaryenExpressionRef a, BinaryenExpressionRef b) {
  if (BinaryenExpressionGetId(a) != BinaryenExpressionGetId(b) ||
      BinaryenExpressionGetType(a) != BinaryenExpressionGetType(b))
    return false;
  switch (exprKind(a)) {
  case ExprKind::Call:
    return std::string(BinaryenCallGetTarget(a)) == BinaryenCallGetTarget(b) && !BinaryenCallIsReturn(a) &&
           !BinaryenCallIsReturn(b) && BinaryenCallGetNumOperands(a) == BinaryenCallGetNumOperands(b);
  case ExprKind::Store:
    return BinaryenStoreGetBytes(a) == BinaryenStoreGetBytes(b) && BinaryenStoreGetOffset(a) == BinaryenStoreGetOffset(b) &&
           BinaryenStoreGetValueType(a) == BinaryenStoreGetValueType(b) && !BinaryenStoreIsAtomic(a) &&
           !BinaryenStoreIsAtomic(b);
  case ExprKind::Load:
    return BinaryenLoadGetBytes(a) == BinaryenLoadGetBytes(b) && BinaryenLoadIsSigned(a) == BinaryenLoadIsSigned(b) &&
           BinaryenLoadGetOffset(a) == BinaryenLoadGetOffset(b) && !BinaryenLoadIsAtomic(a) && !BinaryenLoadIsAtomic(b);
  case ExprKind::LocalSet:
    return BinaryenLocalSetGetIndex(a) == BinaryenLocalSetGetIndex(b) && BinaryenLocalSetIsTee(a) == BinaryenLocalSetIsTee(b);
  case ExprKind::GlobalSet: return std::string(BinaryenGlobalSetGetName(a)) == BinaryenGlobalSetGetName(b);
  case ExprKind::Unary: return BinaryenUnaryGetOp(a) == BinaryenUnaryGetOp(b);
  case ExprKind::Binary: return BinaryenBinaryGetOp(a) == BinaryenBinaryGetOp(b);
  case ExprKind::Drop: return true;
  default: return false;
  }
}

bool isIntegerValue(BinaryenType t) { return t == BinaryenTypeInt32() || t == BinaryenTypeInt64(); }

std::vector<BinaryenExpressionRef> childList(BinaryenExpressionRef e) {
  std::vector<BinaryenExpressionRef> r;
  forEachChild(e, [&](BinaryenExpressionRef c) { r.push_back(c); });
  return r;
}

// Matches b against a, noting at `diffs` where they differ in operands free
// of effects and traps; false where they differ otherwise.
bool matchOperands(BinaryenExpressionRef a, BinaryenExpressionRef b, Position& at, std::vector<Position>& diffs) {
  if (sameStraightLine(a, b)) return true;
  const BinaryenType t = BinaryenExpressionGetType(a);
  if (t == BinaryenExpressionGetType(b) && isIntegerValue(t) && effectFree(a, false) && effectFree(b, false)) {
    diffs.push_back(at);
    return true;
  }
  if (!sameNode(a, b)) return false;
  const std::vector<BinaryenExpressionRef> ka = childList(a), kb = childList(b);
  if (ka.size() != kb.size() || ka.size() > UINT8_MAX) return false;  // a Position holds child indices as bytes
  for (size_t i = 0; i < ka.size(); ++i) {
    at.push_back(uint8_t(i));
    const bool ok = matchOperands(ka[i], kb[i], at, diffs);
    at.pop_back();
    if (!ok) return false;
  }
  return true;
}

BinaryenExpressionRef elementAt(const Path& p, uint8_t back) { return p.elems[p.elems.size() - 1 - back]; }

// The expression at `pos` in path p (null where p has none there).
BinaryenExpressionRef at(const Path& p, const Position& pos) {
  BinaryenExpressionRef e = elementAt(p, pos[0]);
  for (size_t i = 1; i < pos.size() && e; ++i) {
    const std::vector<BinaryenExpressionRef> kids = childList(e);
    e = pos[i] < kids.size() ? kids[pos[i]] : nullptr;
  }
  return e;
}

// Replaces the expression at `pos` in path p with `with`.
void replaceAt(const Path& p, const Position& pos, BinaryenExpressionRef with) {
  BinaryenExpressionRef e = elementAt(p, pos[0]);
  for (size_t i = 1; i + 1 < pos.size(); ++i) e = childList(e)[pos[i]];
  size_t index = 0;
  eachChild(e, [&](BinaryenExpressionRef c, auto set) {
    if (c && index++ == pos.back()) set(with);
  });
}

// The joins of a body and the paths into each.
struct Collector {
  BinaryenExpressionRef body;
  BinaryenType results;
  std::vector<Join> joins;
  std::unordered_map<std::string, std::vector<size_t>> scope;  // label -> joins named so, innermost last
  size_t functionJoin = kNoJoin;
  bool ok = true;

  void addPath(size_t j, BinaryenExpressionRef blk, BinaryenExpressionRef exit, BinaryenExpressionRef value) {
    if (j == kNoJoin || joins[j].container == blk || joins[j].paths.size() >= kMaxPaths ||
        (value != nullptr) != joins[j].hasValue)
      return;
    Path p{blk, exit, {}};
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(blk); i + 1 < n; ++i)
      p.elems.push_back(BinaryenBlockGetChildAt(blk, i));
    if (value) p.elems.push_back(value);
    joins[j].paths.push_back(std::move(p));
  }

  void walk(BinaryenExpressionRef e, int depth) {
    if (!ok) return;
    if (depth > kMaxDepth) {
      ok = false;
      return;
    }
    const ExprKind kind = exprKind(e);
    const char* name = kind == ExprKind::Block  ? BinaryenBlockGetName(e)
                       : kind == ExprKind::Loop ? BinaryenLoopGetName(e)
                                                : nullptr;
    if (name) {
      size_t j = kNoJoin;
      const BinaryenType t = BinaryenExpressionGetType(e);
      if (e == body) {
        j = functionJoin;
      } else if (kind == ExprKind::Block && (t == BinaryenTypeNone() || isIntegerValue(t))) {
        j = joins.size();
        joins.push_back(Join{e, false, t != BinaryenTypeNone(), false, {}});
      }
      scope[name].push_back(j);
    }
    if (!forEachChild(e, [&](BinaryenExpressionRef c) { walk(c, depth + 1); })) ok = false;
    if (kind == ExprKind::Block && BinaryenBlockGetNumChildren(e) > 0) {
      BinaryenExpressionRef last = BinaryenBlockGetChildAt(e, BinaryenBlockGetNumChildren(e) - 1);
      if (exprKind(last) == ExprKind::Break && !BinaryenBreakGetCondition(last)) {
        auto it = scope.find(BinaryenBreakGetName(last));
        if (it != scope.end() && !it->second.empty()) addPath(it->second.back(), e, last, BinaryenBreakGetValue(last));
      } else if (exprKind(last) == ExprKind::Return) {
        addPath(functionJoin, e, last, BinaryenReturnGetValue(last));
      }
    }
    if (name) scope[name].pop_back();
  }

  bool collect() {
    if (exprKind(body) == ExprKind::Block && tyFromBinaryen(results)) {
      functionJoin = joins.size();
      joins.push_back(Join{body, true, results != BinaryenTypeNone(), false, {}});
    }
    walk(body, 0);
    if (!ok) return false;
    // Each join's own fallthrough, first among its paths.
    for (Join& j : joins) {
      const BinaryenIndex n = BinaryenBlockGetNumChildren(j.container);
      if (n == 0 || BinaryenExpressionGetType(BinaryenBlockGetChildAt(j.container, n - 1)) == BinaryenTypeUnreachable())
        continue;
      if (BinaryenExpressionGetType(j.container) == BinaryenTypeUnreachable()) continue;
      Path p{j.container, nullptr, {}};
      for (BinaryenIndex i = 0; i < n; ++i) p.elems.push_back(BinaryenBlockGetChildAt(j.container, i));
      j.paths.insert(j.paths.begin(), std::move(p));
      j.hasFallthrough = true;
    }
    return true;
  }
};

// One way to merge a join's tail: the paths (the reference first), how many
// elements they share, and the operands that differ.
struct Plan {
  size_t join = 0;
  std::vector<size_t> group;
  size_t tail = 0;
  std::vector<Position> operands;           // in the order they are set
  std::vector<BinaryenIndex> ownLocal;      // per operand: the local of the set it is the value of, or ~0
  double saving = 0;
};

constexpr BinaryenIndex kNewLocal = ~BinaryenIndex(0);

struct MergeCommonTails {
  BinaryenModuleRef m;
  BinaryenExpressionRef body;
  BinaryenType results;
  const CostModel& cm;
  Collector found{body, results, {}, {}, kNoJoin, true};

  double cost(BinaryenExpressionRef e) const { return estimateCost(e, cm); }

  // Elements at the ends of a and b that match; their differing operands to `diffs`.
  static size_t commonSuffix(const Path& a, const Path& b, std::vector<Position>& diffs) {
    size_t k = 0;
    while (k < a.elems.size() && k < b.elems.size() && k < kMaxTail) {
      Position pos{uint8_t(k)};
      std::vector<Position> d;
      if (!matchOperands(elementAt(a, uint8_t(k)), elementAt(b, uint8_t(k)), pos, d)) break;
      diffs.insert(diffs.end(), d.begin(), d.end());
      ++k;
    }
    return k;
  }

  // Tail index of an element counted back from the end, in a tail of `tail` elements.
  static size_t tailIndex(const Position& pos, size_t tail) { return tail - 1 - pos[0]; }

  // The operands where the group differs within the last `tail` elements:
  // a set's whole value where it is free of effects and traps on every path,
  // no operand inside another, in the order they are evaluated.
  std::vector<Position> groupOperands(const Join& j, const std::vector<size_t>& group,
                                      const std::vector<std::vector<Position>>& diffs, size_t tail) const {
    std::vector<Position> ops;
    for (const std::vector<Position>& d : diffs)
      for (const Position& p : d)
        if (p[0] < tail) {
          Position q = p;
          BinaryenExpressionRef el = elementAt(j.paths[group[0]], p[0]);
          if (q.size() > 2 && exprKind(el) == ExprKind::LocalSet && !BinaryenLocalSetIsTee(el)) {
            bool whole = true;
            for (size_t g : group) whole = whole && effectFree(BinaryenLocalSetGetValue(elementAt(j.paths[g], p[0])), false);
            if (whole) q.resize(2);
          }
          ops.push_back(std::move(q));
        }
    std::sort(ops.begin(), ops.end(), [](const Position& a, const Position& b) {
      if (a[0] != b[0]) return a[0] > b[0];
      return std::lexicographical_compare(a.begin() + 1, a.end(), b.begin() + 1, b.end());
    });
    ops.erase(std::unique(ops.begin(), ops.end()), ops.end());
    std::vector<Position> outer;
    for (const Position& p : ops) {
      bool inside = false;
      for (const Position& o : outer) inside = inside || (o.size() < p.size() && std::equal(o.begin(), o.end(), p.begin()));
      if (!inside) outer.push_back(p);
    }
    return outer;
  }

  // The plan for `group` sharing `tail` elements, priced; nullopt where an
  // operand cannot move ahead of the shared statements.
  std::optional<Plan> evaluate(size_t ji, const std::vector<size_t>& group,
                               const std::vector<std::vector<Position>>& diffs, size_t tail) const {
    const Join& j = found.joins[ji];
    Plan p{ji, group, tail, groupOperands(j, group, diffs, tail), {}, 0};
    // A tail of local reads and constants alone is no copy saved: a branch
    // would replace a return or a read.
    bool copySaved = false;
    for (BinaryenIndex k = 0; k < tail; ++k) {
      const ExprKind kind = exprKind(elementAt(j.paths[group[0]], uint8_t(k)));
      copySaved = copySaved || (kind != ExprKind::LocalGet && kind != ExprKind::Const);
    }
    if (!copySaved) return std::nullopt;
    double before = 0, after = cm.controlCost(Ctl::Block);
    const Path& ref = j.paths[group[0]];
    for (BinaryenIndex k = 0; k < tail; ++k) after += cost(elementAt(ref, uint8_t(k)));
    for (const Position& pos : p.operands) {
      const size_t t = tailIndex(pos, tail);
      BinaryenExpressionRef el = elementAt(ref, pos[0]);
      BinaryenIndex own = kNewLocal;
      if (pos.size() == 2 && exprKind(el) == ExprKind::LocalSet && !BinaryenLocalSetIsTee(el)) {
        own = BinaryenLocalSetGetIndex(el);
        for (size_t g : group)
          for (size_t s = 0; s < t && own != kNewLocal; ++s) {
            BinaryenExpressionRef before_ = elementAt(j.paths[g], uint8_t(tail - 1 - s));
            if (reads(before_, own) || writes(before_, own)) own = kNewLocal;
          }
      }
      p.ownLocal.push_back(own);
      // A join's value moves into its result register on each path already:
      // through a local it costs no more.
      const bool joinValue = pos.size() == 1;
      const auto ty = tyFromBinaryen(BinaryenExpressionGetType(at(ref, pos))).value_or(Ty::i32);
      after -= own == kNewLocal ? cost(at(ref, pos)) - (joinValue ? 0 : cm.localGetCost(ty)) : cost(el);
      for (size_t g : group) {
        BinaryenExpressionRef sub = at(j.paths[g], pos);
        std::vector<BinaryenIndex> readsOf;
        if (!sub || !effectFree(sub, false, &readsOf)) return std::nullopt;
        for (size_t s = 0; s <= t; ++s)
          for (BinaryenIndex r : readsOf)
            if (writes(elementAt(j.paths[g], uint8_t(tail - 1 - s)), r)) return std::nullopt;
        after += (joinValue ? 0 : cm.localSetCost(ty)) + cost(sub);
      }
    }
    bool fallthroughIn = false;
    for (size_t g : group) {
      const Path& path = j.paths[g];
      for (BinaryenIndex k = 0; k < tail; ++k) before += cost(elementAt(path, uint8_t(k)));
      if (!path.exit) fallthroughIn = true;
      else if (exprKind(path.exit) == ExprKind::Return) after += cm.controlCost(Ctl::Br) - cm.controlCost(Ctl::Return);
    }
    if (j.hasFallthrough && !fallthroughIn) after += cm.controlCost(j.functionEnd ? Ctl::Return : Ctl::Br);
    p.saving = before - after;
    return p;
  }

  // The most profitable plan for join ji.
  std::optional<Plan> planJoin(size_t ji) const {
    const Join& j = found.joins[ji];
    std::optional<Plan> best;
    for (size_t r = 0; r < j.paths.size(); ++r) {
      struct Other {
        size_t path, tail;
        std::vector<Position> diffs;
      };
      std::vector<Other> others;
      for (size_t q = 0; q < j.paths.size(); ++q) {
        if (q == r) continue;
        std::vector<Position> d;
        if (size_t k = commonSuffix(j.paths[r], j.paths[q], d); k > 0) others.push_back({q, k, std::move(d)});
      }
      std::stable_sort(others.begin(), others.end(), [](const Other& a, const Other& b) { return a.tail > b.tail; });
      std::vector<size_t> group{r};
      std::vector<std::vector<Position>> diffs;
      for (const Other& o : others) {
        group.push_back(o.path);
        diffs.push_back(o.diffs);
        for (size_t tail = o.tail; tail > 0; --tail) {
          std::optional<Plan> p = evaluate(ji, group, diffs, tail);
          if (p && p->saving > 1e-9 && (!best || p->saving > best->saving + 1e-9)) best = std::move(p);
        }
      }
    }
    return best;
  }

  std::optional<Plan> plan() const {
    std::optional<Plan> best;
    for (size_t ji = 0; ji < found.joins.size(); ++ji)
      if (std::optional<Plan> p = planJoin(ji); p && (!best || p->saving > best->saving + 1e-9)) best = std::move(p);
    return best;
  }

  void apply(const Plan& p, BinaryenIndex firstNewLocal, std::vector<BinaryenType>& newLocals) {
    const Join& j = found.joins[p.join];
    const std::string label = FreshLabels(body).fresh("eqsat$suffix");
    const Path& ref = j.paths[p.group[0]];
    std::vector<BinaryenIndex> locals;
    std::vector<BinaryenType> types;
    for (size_t i = 0; i < p.operands.size(); ++i) {
      types.push_back(BinaryenExpressionGetType(at(ref, p.operands[i])));
      if (p.ownLocal[i] != kNewLocal) {
        locals.push_back(p.ownLocal[i]);
      } else {
        locals.push_back(firstNewLocal + BinaryenIndex(newLocals.size()));
        newLocals.push_back(types.back());
      }
    }
    // Each path's operands set before its branch to the tail.
    std::vector<std::vector<BinaryenExpressionRef>> sets(p.group.size());
    for (size_t g = 0; g < p.group.size(); ++g)
      for (size_t i = 0; i < p.operands.size(); ++i)
        sets[g].push_back(BinaryenLocalSet(m, locals[i], at(j.paths[p.group[g]], p.operands[i])));
    // The shared copy: the reference's elements, operands read from their
    // locals, the sets of a path's own local left out.
    std::vector<BinaryenExpressionRef> shared;
    for (size_t t = 0; t < p.tail; ++t) shared.push_back(elementAt(ref, uint8_t(p.tail - 1 - t)));
    for (size_t i = 0; i < p.operands.size(); ++i) {
      const Position& pos = p.operands[i];
      BinaryenExpressionRef get = BinaryenLocalGet(m, locals[i], types[i]);
      if (p.ownLocal[i] != kNewLocal) shared[tailIndex(pos, p.tail)] = nullptr;
      else if (pos.size() == 1) shared[tailIndex(pos, p.tail)] = get;  // the join's value itself
      else replaceAt(ref, pos, get);
    }
    shared.erase(std::remove(shared.begin(), shared.end(), nullptr), shared.end());
    bool fallthroughIn = false;
    std::vector<BinaryenExpressionRef> fallthroughSets;
    for (size_t g = 0; g < p.group.size(); ++g) {
      const Path& path = j.paths[p.group[g]];
      if (!path.exit) {
        fallthroughIn = true;
        fallthroughSets = sets[g];
        continue;
      }
      const BinaryenIndex keep = BinaryenIndex(path.elems.size() - p.tail);
      while (BinaryenBlockGetNumChildren(path.blk) > keep)
        BinaryenBlockRemoveChildAt(path.blk, BinaryenBlockGetNumChildren(path.blk) - 1);
      for (BinaryenExpressionRef s : sets[g]) BinaryenBlockAppendChild(path.blk, s);
      BinaryenBlockAppendChild(path.blk, BinaryenBreak(m, label.c_str(), nullptr, nullptr));
    }
    // The join's block: (block $join (block $tail <its children> [exit]) <shared>).
    BinaryenExpressionRef c = j.container;
    std::vector<BinaryenExpressionRef> head;
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(c); i < n; ++i) head.push_back(BinaryenBlockGetChildAt(c, i));
    if (fallthroughIn) {
      head.resize(j.paths[0].elems.size() - p.tail);
      head.insert(head.end(), fallthroughSets.begin(), fallthroughSets.end());
    } else if (j.hasFallthrough) {
      // The fallthrough leaves past the shared copy.
      const char* name = BinaryenBlockGetName(c);
      if (j.functionEnd) {
        if (j.hasValue) head.back() = BinaryenReturn(m, head.back());
        else head.push_back(BinaryenReturn(m, nullptr));
      } else if (j.hasValue) {
        head.back() = BinaryenBreak(m, name, nullptr, head.back());
      } else {
        head.push_back(BinaryenBreak(m, name, nullptr, nullptr));
      }
    }
    BinaryenExpressionRef inner =
        BinaryenBlock(m, label.c_str(), head.data(), BinaryenIndex(head.size()), BinaryenTypeNone());
    while (BinaryenBlockGetNumChildren(c) > 0) BinaryenBlockRemoveChildAt(c, BinaryenBlockGetNumChildren(c) - 1);
    BinaryenBlockAppendChild(c, inner);
    for (BinaryenExpressionRef s : shared) BinaryenBlockAppendChild(c, s);
    BinaryenExpressionFinalize(c);
  }
};

} // namespace

unsigned mergeCommonTails(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenType results,
                          BinaryenIndex firstNewLocal, std::vector<BinaryenType>& newLocals, const CostModel& cm) {
  if (!body) return 0;
  unsigned merged = 0;
  for (int round = 0; round < kMaxMerges; ++round) {
    MergeCommonTails pass{module, body, results, cm};
    if (!pass.found.collect()) break;
    std::optional<Plan> p = pass.plan();
    if (!p) break;
    pass.apply(*p, firstNewLocal, newLocals);
    ++merged;
  }
  return merged;
}

bool mergeCommonTailsApplies(BinaryenExpressionRef body, BinaryenType results, const CostModel& cm) {
  if (!body) return false;
  MergeCommonTails pass{nullptr, body, results, cm};
  return pass.found.collect() && pass.plan().has_value();
}

} // namespace eqsat
