#include "passes/merge_return_tails.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"
#include "cost/ircost.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

// An exit of the function: a block whose last child is a `return`, or a `br`
// to a block whose end is the function's; a block whose last child is the
// value returned, either the function body's own (or its last block's, in
// turn) or the operand of a `return` (code-folding leaves `(return (block
// ... V))`).
struct Exit {
  BinaryenExpressionRef blk;
  BinaryenExpressionRef ret;    // the return or br, null for the body's fallthrough
  BinaryenExpressionRef value;  // the value returned, null if none
  BinaryenIndex stmts;          // children of blk before the return / the value
  bool valueInBlock;            // the value is blk's last child (else the return is)
  // The k-th statement before the exit, counting back from it (k = 0 is the last).
  BinaryenExpressionRef stmt(BinaryenIndex k) const { return BinaryenBlockGetChildAt(blk, stmts - 1 - k); }
};

// Exits with at least one statement before them, at most this many: the
// grouping below compares them pairwise.
constexpr size_t kMaxExits = 64;

struct MergeReturnTails {
  BinaryenModuleRef m;
  BinaryenExpressionRef body;
  BinaryenType results;
  BinaryenIndex local;
  const CostModel& cm;
  TailExits exitKinds;
  std::vector<Exit> exits;
  std::unordered_map<BinaryenExpressionRef, BinaryenExpressionRef> parent;

  // The labels of the blocks whose end is the function's: the body and, in
  // turn, the block that is its last child.
  std::unordered_set<std::string> exitLabels;

  // (br $l V) to a label in exitLabels: it leaves the function with V.
  bool isExitBranch(BinaryenExpressionRef e) const {
    return exprKind(e) == ExprKind::Break && !BinaryenBreakGetCondition(e) &&
           exitLabels.count(BinaryenBreakGetName(e)) > 0 &&
           (BinaryenBreakGetValue(e) != nullptr) == (results != BinaryenTypeNone());
  }

  bool collect() {
    if (exitKinds == TailExits::ReturnsAndEndBranches)
      for (BinaryenExpressionRef b = body; exprKind(b) == ExprKind::Block && BinaryenBlockGetNumChildren(b) > 0;
           b = lastChild(b))
        if (const char* name = BinaryenBlockGetName(b)) exitLabels.insert(name);
    // Iterative: bodies nest arbitrarily deep.
    std::vector<BinaryenExpressionRef> stack{body};
    while (!stack.empty()) {
      BinaryenExpressionRef e = stack.back();
      stack.pop_back();
      if (exprKind(e) == ExprKind::Block) {
        BinaryenIndex n = BinaryenBlockGetNumChildren(e);
        if (n >= 2) {
          BinaryenExpressionRef last = BinaryenBlockGetChildAt(e, n - 1);
          if (exprKind(last) == ExprKind::Return && exits.size() < kMaxExits)
            exits.push_back(Exit{e, last, BinaryenReturnGetValue(last), n - 1, false});
          else if (isExitBranch(last) && exits.size() < kMaxExits)
            exits.push_back(Exit{e, last, BinaryenBreakGetValue(last), n - 1, false});
        }
      }
      if (exprKind(e) == ExprKind::Return && exits.size() < kMaxExits)
        if (BinaryenExpressionRef b = BinaryenReturnGetValue(e); b && valueBlock(b))
          exits.push_back(Exit{b, e, BinaryenBlockGetChildAt(b, BinaryenBlockGetNumChildren(b) - 1),
                               BinaryenBlockGetNumChildren(b) - 1, true});
      bool known = forEachChild(e, [&](BinaryenExpressionRef c) {
        parent[c] = e;
        stack.push_back(c);
      });
      if (!known) return false;
    }
    // The body's own fallthrough.
    if (results == BinaryenTypeNone()) {
      if (exprKind(body) == ExprKind::Block && BinaryenExpressionGetType(body) == results &&
          !targeted(body) && BinaryenBlockGetNumChildren(body) >= 1 && exits.size() < kMaxExits)
        exits.push_back(Exit{body, nullptr, nullptr, BinaryenBlockGetNumChildren(body), true});
    } else if (valueBlock(body) && exits.size() < kMaxExits) {
      // The innermost block whose end is the function's (a value block ending
      // in one, as threading and layout leave the dispatch's last arm); the
      // branches to those blocks leave the function too.
      BinaryenExpressionRef b = body;
      if (exitKinds == TailExits::ReturnsAndEndBranches)
        while (endsInValue(lastChild(b))) b = lastChild(b);
      BinaryenIndex n = BinaryenBlockGetNumChildren(b);
      exits.push_back(Exit{b, nullptr, BinaryenBlockGetChildAt(b, n - 1), n - 1, true});
    }
    return true;
  }

  // Does a branch name b's label (so that values leave it other than by its end)?
  bool targeted(BinaryenExpressionRef b) const {
    const char* name = BinaryenBlockGetName(b);
    if (!name) return false;
    std::unordered_set<std::string> defined, named;
    return !labelsIn(b, defined, named) || named.count(name) > 0;
  }

  static BinaryenExpressionRef lastChild(BinaryenExpressionRef b) {
    return BinaryenBlockGetChildAt(b, BinaryenBlockGetNumChildren(b) - 1);
  }

  // A block of the result type whose last child, after statements, is the
  // value it ends with (branches to it may give it other values).
  bool endsInValue(BinaryenExpressionRef b) const {
    return exprKind(b) == ExprKind::Block && BinaryenExpressionGetType(b) == results &&
           BinaryenBlockGetNumChildren(b) >= 2 && BinaryenExpressionGetType(lastChild(b)) == results;
  }

  // A block of the result type, with statements before its last child, that
  // only its end leaves with a value: the last child is the value.
  bool valueBlock(BinaryenExpressionRef b) const {
    return results != BinaryenTypeNone() && endsInValue(b) && !targeted(b);
  }

  // Statements at the end of a and b that are the same straight-line code.
  static BinaryenIndex commonTail(const Exit& a, const Exit& b) {
    BinaryenIndex k = 0;
    while (k < a.stmts && k < b.stmts && sameStraightLine(a.stmt(k), b.stmt(k))) ++k;
    return k;
  }

  // Is `j`'s block inside child [0, before) of blk?
  bool inside(BinaryenExpressionRef jblk, BinaryenExpressionRef blk, BinaryenIndex before) const {
    BinaryenExpressionRef c = jblk;
    for (;;) {
      auto it = parent.find(c);
      if (it == parent.end()) return false;
      if (it->second == blk) break;
      c = it->second;
    }
    for (BinaryenIndex i = 0; i < before; ++i)
      if (BinaryenBlockGetChildAt(blk, i) == c) return true;
    return false;
  }

  struct Plan {
    std::vector<size_t> group;  // exits, home first when there is one
    BinaryenIndex tail = 0;     // statements shared
    bool useLocal = false;
    bool home = false;          // exit group[0]'s block holds the others (else the tail goes to the end)
    double saving = 0;
  };

  double cost(BinaryenExpressionRef e) const { return e ? estimateCost(e, cm) : 0; }
  // The return or branch that leaves at x (none for the body's fallthrough).
  double exitCost(const Exit& x) const {
    if (!x.ret) return 0;
    return cm.controlCost(exprKind(x.ret) == ExprKind::Break ? Ctl::Br : Ctl::Return);
  }

  std::optional<Plan> plan() {
    std::optional<Plan> best;
    std::vector<bool> grouped(exits.size(), false);
    for (size_t i = 0; i < exits.size(); ++i) {
      if (grouped[i]) continue;
      Plan p;
      p.group.push_back(i);
      BinaryenIndex tail = ~BinaryenIndex(0);
      for (size_t j = i + 1; j < exits.size(); ++j) {
        BinaryenIndex k = commonTail(exits[i], exits[j]);
        if (k == 0) continue;
        grouped[j] = true;
        p.group.push_back(j);
        tail = std::min(tail, k);
      }
      if (p.group.size() < 2) continue;
      p.tail = tail;
      // Return values: all the same (they stay in the tail), or each moved
      // before the shared statements into the new local.
      bool same = true;
      for (size_t j : p.group) {
        BinaryenExpressionRef a = exits[i].value, b = exits[j].value;
        if ((a == nullptr) != (b == nullptr) || (a && !sameStraightLine(a, b))) same = false;
      }
      if (!same) {
        bool movable = true;
        for (size_t j : p.group) {
          std::vector<BinaryenIndex> reads;
          const Exit& x = exits[j];
          if (!x.value || !effectFree(x.value, false, &reads)) {
            movable = false;
            break;
          }
          for (BinaryenIndex k = 0; k < tail && movable; ++k)
            for (BinaryenIndex r : reads) movable = movable && !writes(x.stmt(k), r);
        }
        if (!movable) continue;
        p.useLocal = true;
      }
      // A home: an exit whose block holds every other exit of the group in
      // the children before its shared statements.
      for (size_t h = 0; h < p.group.size() && !p.home; ++h) {
        const Exit& x = exits[p.group[h]];
        if (x.stmts <= tail) continue;
        bool all = true;
        for (size_t j : p.group)
          if (j != p.group[h]) all = all && inside(exits[j].blk, x.blk, x.stmts - tail);
        if (all) {
          std::swap(p.group[0], p.group[h]);
          p.home = true;
        }
      }
      // Priced: each exit's shared statements and return, against a set and
      // a branch per exit, one copy of the statements and one return.
      double shared = 0;
      for (BinaryenIndex k = 0; k < tail; ++k) shared += cost(exits[i].stmt(k));
      BinaryenType vt = results;
      auto vty = tyFromBinaryen(vt).value_or(Ty::i32);
      double before = 0, after = shared + cm.controlCost(Ctl::Block);
      for (size_t g = 0; g < p.group.size(); ++g) {
        const Exit& x = exits[p.group[g]];
        before += shared + cost(x.value) + exitCost(x);
        if (p.useLocal) after += cm.localSetCost(vty) + cost(x.value);
        if (!(p.home && g == 0)) {
          after += cm.controlCost(Ctl::Br);
          if (x.valueInBlock && x.ret && !returnsBlock(x)) after += cm.controlCost(Ctl::Return);
        }
      }
      const Exit& h = exits[p.group[0]];
      double value = p.useLocal ? cm.localGetCost(vty) : cost(h.value);
      if (p.home) {
        after += value + exitCost(h);  // h's return or branch (if any) stays
      } else {
        after += value;
        // The old body must not fall into the tail.
        if (BinaryenExpressionGetType(body) != BinaryenTypeUnreachable()) after += cm.controlCost(Ctl::Return);
      }
      p.saving = before - after;
      if (p.saving > 1e-9 && (!best || p.saving > best->saving + 1e-9)) best = p;
    }
    return best;
  }

  // Exit x: its shared statements and return (or value) replaced by [set] + br $label.
  void redirect(const Exit& x, const Plan& p, const std::string& label) {
    // The shared statements, and the return or the value after them (none for
    // a body without a value, whose statements run to its end).
    BinaryenIndex drop = p.tail + (x.valueInBlock && !x.value ? 0 : 1);
    for (BinaryenIndex k = 0; k < drop; ++k) BinaryenBlockRemoveChildAt(x.blk, BinaryenBlockGetNumChildren(x.blk) - 1);
    if (p.useLocal) BinaryenBlockAppendChild(x.blk, BinaryenLocalSet(m, local, x.value));
    BinaryenBlockAppendChild(x.blk, BinaryenBreak(m, label.c_str(), nullptr, nullptr));
    // A block that gave the return its value now ends in the branch: it
    // takes the return's place (in a block; elsewhere the return stays).
    if (x.valueInBlock && x.ret) {
      BinaryenExpressionFinalize(x.blk);
      BinaryenExpressionFinalize(x.ret);
      if (BinaryenExpressionRef pb = returnsBlock(x))
        for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(pb); i < n; ++i)
          if (BinaryenBlockGetChildAt(pb, i) == x.ret) BinaryenBlockSetChildAt(pb, i, x.blk);
    }
  }

  // The block whose child is x's return, for an exit whose value is a block's.
  BinaryenExpressionRef returnsBlock(const Exit& x) const {
    auto it = parent.find(x.ret);
    if (it == parent.end() || exprKind(it->second) != ExprKind::Block) return nullptr;
    return it->second;
  }

  BinaryenExpressionRef apply(const Plan& p) {
    const std::string label = FreshLabels(body).fresh("eqsat$tail");
    const Exit& h = exits[p.group[0]];
    std::vector<BinaryenExpressionRef> tailStmts;
    for (BinaryenIndex k = p.tail; k-- > 0;) tailStmts.push_back(exits[p.group[0]].stmt(k));
    for (size_t g = p.home ? 1 : 0; g < p.group.size(); ++g) redirect(exits[p.group[g]], p, label);
    if (p.home) {
      // blk: [c0 .. c(q-1), shared..., exit]  ->  [(block $tail c0 .. c(q-1) [set]), shared..., exit']
      BinaryenIndex q = h.stmts - p.tail;
      std::vector<BinaryenExpressionRef> head;
      for (BinaryenIndex i = 0; i < q; ++i) head.push_back(BinaryenBlockGetChildAt(h.blk, i));
      if (p.useLocal) head.push_back(BinaryenLocalSet(m, local, h.value));
      BinaryenExpressionRef inner =
          BinaryenBlock(m, label.c_str(), head.data(), BinaryenIndex(head.size()), BinaryenTypeAuto());
      BinaryenBlockSetChildAt(h.blk, 0, inner);
      for (BinaryenIndex i = 1; i < q; ++i) BinaryenBlockRemoveChildAt(h.blk, 1);
      if (p.useLocal) {
        BinaryenIndex last = BinaryenBlockGetNumChildren(h.blk) - 1;
        BinaryenExpressionRef get = BinaryenLocalGet(m, local, results);
        if (h.valueInBlock) {
          BinaryenBlockSetChildAt(h.blk, last, get);
        } else if (exprKind(h.ret) == ExprKind::Break) {
          BinaryenBreakSetValue(h.ret, get);
        } else {
          BinaryenReturnSetValue(h.ret, get);
        }
      }
      return body;
    }
    // No exit holds the others: the tail goes to the end of the function.
    std::vector<BinaryenExpressionRef> head{body};
    BinaryenType bt = BinaryenExpressionGetType(body);
    if (bt != BinaryenTypeUnreachable()) {
      if (bt == BinaryenTypeNone()) {
        head.push_back(BinaryenReturn(m, nullptr));
      } else {
        head[0] = BinaryenReturn(m, body);
      }
    }
    BinaryenExpressionRef inner = BinaryenBlock(m, label.c_str(), head.data(), BinaryenIndex(head.size()), BinaryenTypeAuto());
    std::vector<BinaryenExpressionRef> outer{inner};
    outer.insert(outer.end(), tailStmts.begin(), tailStmts.end());
    if (p.useLocal) {
      outer.push_back(BinaryenLocalGet(m, local, results));
    } else if (h.value) {
      outer.push_back(h.value);
    }
    return BinaryenBlock(m, nullptr, outer.data(), BinaryenIndex(outer.size()), results);
  }
};

} // namespace

bool mergeReturnTailsApplies(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenType results,
                             const CostModel& cm, TailExits exitKinds) {
  if (!body || !tyFromBinaryen(results)) return false;
  MergeReturnTails pass{module, body, results, 0, cm, exitKinds, {}, {}, {}};
  return pass.collect() && pass.exits.size() >= 2 && pass.plan().has_value();
}

std::optional<MergedTails> mergeReturnTails(BinaryenModuleRef module, BinaryenExpressionRef body,
                                            BinaryenType results, BinaryenIndex local, const CostModel& cm,
                                            TailExits exitKinds) {
  if (!body || !tyFromBinaryen(results)) return std::nullopt;  // multi-value and reference results: left alone
  MergeReturnTails pass{module, body, results, local, cm, exitKinds, {}, {}, {}};
  if (!pass.collect() || pass.exits.size() < 2) return std::nullopt;
  std::optional<MergeReturnTails::Plan> p = pass.plan();
  if (!p) return std::nullopt;
  MergedTails r;
  r.body = pass.apply(*p);
  r.newLocal = p->useLocal;
  r.sites = unsigned(p->group.size());
  return r;
}

} // namespace eqsat
