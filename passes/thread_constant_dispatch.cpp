#include "passes/thread_constant_dispatch.h"

#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include "ir/binaryen_ops.h"
#include "egraph/ops.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

// A branch to the dispatched block, with what replaces it.
struct Site {
  BinaryenExpressionRef br;
  bool dropped;                          // br_if whose (unused) value sits under a drop
  // Replaces the br, or for a dropped br_if the drop, in its parent.
  std::function<void(BinaryenExpressionRef)> replaceDrop;
  uint32_t value;
};

// Finds every branch to `name` inside `e`. False when one cannot be threaded.
bool collect(BinaryenExpressionRef e, const std::string& name, std::vector<Site>& out,
             const std::function<void(BinaryenExpressionRef)>& setSelf, BinaryenExpressionRef parent) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::Switch) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
      if (name == BinaryenSwitchGetNameAt(e, i)) return false;
    if (name == BinaryenSwitchGetDefaultName(e)) return false;
  }
  if (id == ExprKind::Break && name == BinaryenBreakGetName(e)) {
    BinaryenExpressionRef v = BinaryenBreakGetValue(e);
    if (!v || exprKind(v) != ExprKind::Const || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
      return false;
    Site s{e, false, setSelf, uint32_t(BinaryenConstGetValueI32(v))};
    if (BinaryenBreakGetCondition(e)) {
      // A br_if's value is also its result: it must be unused (dropped).
      // setSelf here replaces the drop in its parent (see below).
      if (!parent || exprKind(parent) != ExprKind::Drop) return false;
      s.dropped = true;
    }
    out.push_back(std::move(s));
  }
  bool ok;
  std::vector<ChildSlot> kids = childrenOf(e, ok);
  if (!ok) return false;
  for (ChildSlot& c : kids) {
    // For a drop's child, "replace the drop" is what a br_if site needs.
    std::function<void(BinaryenExpressionRef)> set =
        id == ExprKind::Drop ? setSelf : c.set;
    if (!collect(c.e, name, out, set, e)) return false;
  }
  return true;
}

// local.get count per local index in e; every block goes to `blocks`, with
// whether it is inside a loop. False when e holds an expression kind whose
// children are not enumerated (its reads are then not all counted).
bool countReads(BinaryenExpressionRef e, std::vector<unsigned>& reads,
                std::unordered_map<BinaryenExpressionRef, bool>* blocks = nullptr, bool loop = false) {
  ExprKind id = exprKind(e);
  if (id == ExprKind::LocalGet) {
    BinaryenIndex i = BinaryenLocalGetGetIndex(e);
    if (i >= reads.size()) reads.resize(i + 1);
    ++reads[i];
  }
  loop = loop || id == ExprKind::Loop;
  if (blocks && id == ExprKind::Block) (*blocks)[e] = loop;
  bool complete = true;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { complete = countReads(c, reads, blocks, loop) && complete; }))
    return false;
  return complete;
}

// The pass: visits every expression after its children. A br_table or an if
// on a block result is threaded at once; at a block (dispatches on locals),
// the rewrites run in the order that lets each line up the next: arms that
// never fall through are lifted out of sets, then the dispatch right after a
// set from a block, after a plain branch, after an if/else (into its arms),
// and on an if/else's value.
class ThreadConstantDispatch {
public:
  ThreadConstantDispatch(BinaryenModuleRef m, BinaryenExpressionRef body, DispatchesThreaded which)
      : m_(m), locals_(which == DispatchesThreaded::BlockResultsAndLocals), body_(body), labels_(body) {}
  unsigned threaded = 0;

  void operator()(BinaryenExpressionRef e, const ExpressionSetter& setSelf) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Switch) {
      threadSwitch(e);
      splitSelectSwitch(e, setSelf);
    }
    else if (id == ExprKind::If) threadIf(e, setSelf);
    else if (id == ExprKind::Block && locals_) {
      liftAfterEndedArms(e);
      threadLocalIfs(e);
      threadKnownLocals(e);
      threadIntoArms(e);
      threadIfValues(e);
    }
  }

private:
  BinaryenModuleRef m_;
  bool locals_;  // also dispatches on locals
  BinaryenExpressionRef body_;
  FreshLabels labels_;
  // Counted once, when first needed (threading does not add or remove reads).
  bool counted_ = false, complete_ = false;
  std::vector<unsigned> reads_;  // local.get count per local in the whole body
  std::unordered_map<BinaryenExpressionRef, bool> blocks_;  // the body's blocks: inside a loop?

  // Reads of local i in the whole body; nullopt when they cannot all be counted.
  std::optional<unsigned> readsOf(BinaryenIndex i) {
    if (!counted_) {
      complete_ = countReads(body_, reads_, &blocks_);
      counted_ = true;
    }
    if (!complete_) return std::nullopt;
    return i < reads_.size() ? reads_[i] : 0;
  }

  // (local.set $x (block $d (result i32) ... (br $d (i32.const K)) ...))
  // (if (local.get $x) A)
  // or (if (local.tee $x (block $d ...)) A), either test possibly under an
  // i32.eqz, where $x is read nowhere but in the if (and, outside loops, in
  // $d, before the set): a branch whose K skips A jumps past the if. The test
  // is only ever reached right after the set, so the value $x keeps on that
  // path is never read.
  void threadLocalIfs(BinaryenExpressionRef blk) {
    for (BinaryenIndex i = 0; i < BinaryenBlockGetNumChildren(blk); ++i) {
      ifBeforeCopies(blk, i + 1);
      BinaryenExpressionRef first = BinaryenBlockGetChildAt(blk, i);
      BinaryenExpressionRef set = first, iff = first;
      bool tee = exprKind(first) == ExprKind::If;
      if (!tee) {
        if (i + 1 == BinaryenBlockGetNumChildren(blk)) break;
        iff = BinaryenBlockGetChildAt(blk, i + 1);
      }
      if (!isOneArmedIf(iff)) continue;
      bool negated = false;
      BinaryenExpressionRef cond = testedValue(iff, negated);
      if (tee) set = cond;
      if (exprKind(set) != ExprKind::LocalSet || BinaryenLocalSetIsTee(set) != tee) continue;
      BinaryenIndex x = BinaryenLocalSetGetIndex(set);
      if (!tee && (exprKind(cond) != ExprKind::LocalGet || BinaryenLocalGetGetIndex(cond) != x))
        continue;
      BinaryenExpressionRef b = BinaryenLocalSetGetValue(set);
      if (!namedI32Block(b)) continue;
      // The reads that see this set, or precede it in the same execution of blk.
      std::optional<unsigned> all = readsOf(x);
      if (!all) return;
      std::vector<unsigned> local;
      countReads(BinaryenIfGetIfTrue(iff), local);
      if (!tee) countReads(cond, local);
      auto known = blocks_.find(blk);
      if (known != blocks_.end() && !known->second) countReads(b, local);
      if (*all > 0 && (x >= local.size() || local[x] != *all)) continue;
      std::string name = BinaryenBlockGetName(b);
      std::vector<Site> sites;
      if (!collect(b, name, sites, nullptr, nullptr)) continue;
      std::vector<Site> skipping;
      for (Site& s : sites)
        if ((s.value != 0) == negated) skipping.push_back(std::move(s));
      if (skipping.empty()) continue;
      std::string skip = labels_.fresh("thread$S");
      redirect(skipping, [&](uint32_t) { return skip; });
      BinaryenExpressionFinalize(b);
      wrap(blk, i, tee ? 1 : 2, skip);
    }
  }

  // Children at..j-1 of blk are local copies, `(local.set $y (local.get $z))`
  // or `(local.set $y (i32.const K))` (at most two), and child j a one-armed
  // if that neither reads nor writes any $y nor writes any $z: the if moves
  // to `at`, before them (they have no effect the if could see, and it none
  // they could). Puts a dispatch next to the set it tests.
  void ifBeforeCopies(BinaryenExpressionRef blk, BinaryenIndex at) {
    constexpr BinaryenIndex kMaxCopies = 2;
    BinaryenIndex n = BinaryenBlockGetNumChildren(blk), j = at;
    std::vector<BinaryenIndex> set, read;
    while (j < n && j - at < kMaxCopies) {
      BinaryenExpressionRef c = BinaryenBlockGetChildAt(blk, j);
      if (exprKind(c) != ExprKind::LocalSet || BinaryenLocalSetIsTee(c)) break;
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(c);
      if (exprKind(v) == ExprKind::LocalGet) read.push_back(BinaryenLocalGetGetIndex(v));
      else if (exprKind(v) != ExprKind::Const) break;
      set.push_back(BinaryenLocalSetGetIndex(c));
      ++j;
    }
    if (j == at || j >= n) return;
    BinaryenExpressionRef iff = BinaryenBlockGetChildAt(blk, j);
    if (!isOneArmedIf(iff) || !onlyFallsThrough(iff)) return;
    std::vector<unsigned> reads;
    if (!countReads(iff, reads)) return;
    for (BinaryenIndex y : set)
      if ((y < reads.size() && reads[y] > 0) || writes(iff, y)) return;
    for (BinaryenIndex z : read)
      if (writes(iff, z)) return;
    for (BinaryenIndex k = j; k > at; --k) BinaryenBlockSetChildAt(blk, k, BinaryenBlockGetChildAt(blk, k - 1));
    BinaryenBlockSetChildAt(blk, at, iff);
  }

  // Does e only ever end by falling through (or trapping): no return, and no
  // branch to a label outside it?
  static bool onlyFallsThrough(BinaryenExpressionRef e) {
    std::unordered_set<std::string> defined, named;
    bool returns = false;
    if (!labelsIn(e, defined, named, &returns) || returns) return false;
    for (const std::string& n : named)
      if (!defined.count(n)) return false;
    return true;
  }

  // Children [i, i + count) of blk become one block labelled `label`, so that
  // a branch to it lands right after them.
  void wrap(BinaryenExpressionRef blk, BinaryenIndex i, BinaryenIndex count, const std::string& label) {
    std::vector<BinaryenExpressionRef> kids;
    for (BinaryenIndex k = 0; k < count; ++k) kids.push_back(BinaryenBlockGetChildAt(blk, i + k));
    BinaryenBlockSetChildAt(blk, i, BinaryenBlock(m_, label.c_str(), kids.data(), count, BinaryenTypeNone()));
    for (BinaryenIndex k = 1; k < count; ++k) BinaryenBlockRemoveChildAt(blk, i + 1);
  }

  // The if/else of `(if C A B)` (no value) or `(local.set $r (if (result T) C A B))`
  // (`set` then the local.set); null for anything else.
  static BinaryenExpressionRef ifElse(BinaryenExpressionRef e, BinaryenExpressionRef& set) {
    set = nullptr;
    BinaryenExpressionRef iff = e;
    if (exprKind(e) == ExprKind::LocalSet && !BinaryenLocalSetIsTee(e)) {
      set = e;
      iff = BinaryenLocalSetGetValue(e);
    }
    if (exprKind(iff) != ExprKind::If || !BinaryenIfGetIfFalse(iff)) return nullptr;
    if ((set == nullptr) != (BinaryenExpressionGetType(iff) == BinaryenTypeNone())) return nullptr;
    return iff;
  }

  // The value an if tests: its condition, or the operand of an i32.eqz there (`negated`).
  static BinaryenExpressionRef testedValue(BinaryenExpressionRef iff, bool& negated) {
    BinaryenExpressionRef cond = BinaryenIfGetCondition(iff);
    negated = exprKind(cond) == ExprKind::Unary && BinaryenUnaryGetOp(cond) == BinaryenEqZInt32();
    return negated ? BinaryenUnaryGetValue(cond) : cond;
  }

  static bool namedI32Block(BinaryenExpressionRef b) {
    return b && exprKind(b) == ExprKind::Block && BinaryenBlockGetName(b) &&
           BinaryenExpressionGetType(b) == BinaryenTypeInt32();
  }

  void redirect(std::vector<Site>& sites, const std::function<std::string(uint32_t)>& target) {
    for (Site& s : sites) {
      std::string t = target(s.value);
      BinaryenBreakSetName(s.br, t.c_str());
      BinaryenBreakSetValue(s.br, nullptr);
      BinaryenExpressionFinalize(s.br);
      if (s.dropped) s.replaceDrop(s.br);
      ++threaded;
    }
  }

  // (block $B ... (local.set $x (i32.const K)) ... (br $B) ...) (if (local.get $x) A)
  // [or (if (i32.eqz (local.get $x)) A)]: a plain branch to $B after which
  // $x is known to be K, where K skips A, jumps past the if. $x keeps K (its
  // set stays), so nothing after the if can tell.
  void threadKnownLocals(BinaryenExpressionRef blk) {
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef b = BinaryenBlockGetChildAt(blk, i), iff = BinaryenBlockGetChildAt(blk, i + 1);
      if (exprKind(b) != ExprKind::Block || !BinaryenBlockGetName(b) ||
          BinaryenExpressionGetType(b) != BinaryenTypeNone() || !isOneArmedIf(iff))
        continue;
      bool negated = false;
      BinaryenExpressionRef cond = testedValue(iff, negated);
      if (exprKind(cond) != ExprKind::LocalGet) continue;
      BinaryenIndex x = BinaryenLocalGetGetIndex(cond);
      std::vector<BinaryenExpressionRef> skipping;
      plainBranches(b, BinaryenBlockGetName(b), [&](BinaryenExpressionRef parent, BinaryenIndex at) {
        std::optional<int32_t> k = knownConstantBefore(parent, at, x);
        if (k && (*k != 0) == negated) skipping.push_back(BinaryenBlockGetChildAt(parent, at));
      });
      if (skipping.empty()) continue;
      std::string skip = labels_.fresh("thread$K");
      for (BinaryenExpressionRef br : skipping) {
        BinaryenBreakSetName(br, skip.c_str());
        ++threaded;
      }
      wrap(blk, i, 2, skip);
    }
  }

  // (local.set $r (if (result T) C A B)) [or (if C A B)] whose arm A never
  // falls through (it ends in a branch or return) becomes (if C A) followed
  // by B's statements and (local.set $r B's value): after the if only B's
  // path goes on, so B need not be an arm. Puts a set from a block, which B
  // often is, next to the dispatch on it (threadLocalIfs). Likewise with B
  // the arm that never falls through (under the negated condition).
  void liftAfterEndedArms(BinaryenExpressionRef blk) {
    for (BinaryenIndex i = 0; i < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef set = nullptr, iff = ifElse(BinaryenBlockGetChildAt(blk, i), set);
      if (!iff) continue;
      BinaryenExpressionRef a = BinaryenIfGetIfTrue(iff), b = BinaryenIfGetIfFalse(iff);
      bool aEnds = BinaryenExpressionGetType(a) == BinaryenTypeUnreachable();
      bool bEnds = BinaryenExpressionGetType(b) == BinaryenTypeUnreachable();
      if (aEnds == bEnds) continue;
      BinaryenExpressionRef ended = aEnds ? a : b, rest = aEnds ? b : a;
      // B's statements, and its value last (a named block's branches need the block).
      std::vector<BinaryenExpressionRef> stmts;
      if (exprKind(rest) == ExprKind::Block && !BinaryenBlockGetName(rest)) {
        for (BinaryenIndex k = 0, n = BinaryenBlockGetNumChildren(rest); k < n; ++k)
          stmts.push_back(BinaryenBlockGetChildAt(rest, k));
      } else {
        stmts.push_back(rest);
      }
      if (stmts.empty()) continue;
      if (set) stmts.back() = BinaryenLocalSet(m_, BinaryenLocalSetGetIndex(set), stmts.back());
      BinaryenExpressionRef cond = BinaryenIfGetCondition(iff);
      if (!aEnds) cond = BinaryenUnary(m_, BinaryenEqZInt32(), cond);
      BinaryenBlockSetChildAt(blk, i, BinaryenIf(m_, cond, ended, nullptr));
      for (size_t k = 0; k < stmts.size(); ++k) BinaryenBlockInsertChildAt(blk, i + 1 + BinaryenIndex(k), stmts[k]);
      i += BinaryenIndex(stmts.size());
      // Counted (the tidying after it lines up more threading) only when it
      // freed a set from an if: plain if/elses are common and need none.
      if (set) ++threaded;
    }
  }

  // (if C A B) [or (local.set $r (if (result T) C A B))] followed by
  // (if (local.get $x) X) [or its i32.eqz], where each arm that falls through
  // ends with $x known (set to a constant in its last statements): X moves to
  // the end of the one arm whose constant runs it (after that arm's
  // `local.set $r`), and the test goes. Nothing is copied; $x keeps its
  // value, so what reads it later is unchanged. When no arm runs X, the test
  // and X go. The test may also open the block that follows: the if/else then
  // moves to the start of that block first (entering a block does nothing).
  void threadIntoArms(BinaryenExpressionRef blk) {
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef first = BinaryenBlockGetChildAt(blk, i), next = BinaryenBlockGetChildAt(blk, i + 1);
      if (isOneArmedIf(next)) {
        if (BinaryenExpressionRef r = intoArms(first, next)) {
          BinaryenBlockSetChildAt(blk, i, r);
          BinaryenBlockRemoveChildAt(blk, i + 1);
        }
        continue;
      }
      // The test at the start of the next block (nested blocks included).
      BinaryenExpressionRef inner = next;
      while (exprKind(inner) == ExprKind::Block && BinaryenBlockGetNumChildren(inner) > 0 &&
             !isOneArmedIf(BinaryenBlockGetChildAt(inner, 0)))
        inner = BinaryenBlockGetChildAt(inner, 0);
      if (exprKind(inner) != ExprKind::Block || BinaryenBlockGetNumChildren(inner) == 0) continue;
      if (BinaryenExpressionRef r = intoArms(first, BinaryenBlockGetChildAt(inner, 0))) {
        BinaryenBlockSetChildAt(inner, 0, r);
        BinaryenBlockRemoveChildAt(blk, i);
        --i;
      }
    }
  }

  // (local.set $x (if (result i32) C (block A (i32.const K1)) (block B (i32.const K2))))
  // then at most two constant sets of other locals, then a br_table or br_if
  // on (local.get $x) (at the start of blocks opening there): an arm whose K
  // sends the dispatch to a label enclosing the if sets $x, runs copies of
  // the sets and jumps there itself. When the arms left falling through all
  // go the same way, the dispatch becomes that jump (a br to a label just
  // after it, which the tidy passes remove).
  void threadIfValues(BinaryenExpressionRef blk) {
    constexpr BinaryenIndex kMaxBetween = 2;
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef set = nullptr, iff = ifElse(BinaryenBlockGetChildAt(blk, i), set);
      if (!iff || !set || BinaryenExpressionGetType(iff) != BinaryenTypeInt32()) continue;
      BinaryenIndex x = BinaryenLocalSetGetIndex(set);
      BinaryenIndex j = i + 1;
      for (; j < BinaryenBlockGetNumChildren(blk) && j - i - 1 < kMaxBetween; ++j) {
        BinaryenExpressionRef c = BinaryenBlockGetChildAt(blk, j);
        if (exprKind(c) != ExprKind::LocalSet || BinaryenLocalSetIsTee(c) ||
            BinaryenLocalSetGetIndex(c) == x || exprKind(BinaryenLocalSetGetValue(c)) != ExprKind::Const)
          break;
      }
      if (j >= BinaryenBlockGetNumChildren(blk)) continue;
      // The dispatch, and the labels of the blocks opening before it (not in scope in the arms).
      std::unordered_set<std::string> local;
      BinaryenExpressionRef d = BinaryenBlockGetChildAt(blk, j), holder = blk;  // d is child `at` of holder
      BinaryenIndex at = j;
      while (exprKind(d) == ExprKind::Block && BinaryenBlockGetNumChildren(d) > 0) {
        if (const char* n = BinaryenBlockGetName(d)) local.insert(n);
        holder = d;
        at = 0;
        d = BinaryenBlockGetChildAt(d, 0);
      }
      bool isSwitch = exprKind(d) == ExprKind::Switch;
      if (!isSwitch && exprKind(d) != ExprKind::Break) continue;
      BinaryenExpressionRef cond = isSwitch ? BinaryenSwitchGetCondition(d) : BinaryenBreakGetCondition(d);
      if (!cond || exprKind(cond) != ExprKind::LocalGet || BinaryenLocalGetGetIndex(cond) != x ||
          (isSwitch ? BinaryenSwitchGetValue(d) : BinaryenBreakGetValue(d)))
        continue;
      // Where K goes: a label, or "" past a br_if.
      auto target = [&](uint32_t k) -> std::string {
        if (!isSwitch) return k ? BinaryenBreakGetName(d) : "";
        BinaryenIndex n = BinaryenSwitchGetNumNames(d);
        return k < n ? BinaryenSwitchGetNameAt(d, k) : BinaryenSwitchGetDefaultName(d);
      };
      BinaryenExpressionRef arms[2] = {BinaryenIfGetIfTrue(iff), BinaryenIfGetIfFalse(iff)};
      std::optional<std::string> rest;  // where the arms left falling through go
      bool restSame = true, any = false;
      for (BinaryenExpressionRef arm : arms) {
        if (BinaryenExpressionGetType(arm) == BinaryenTypeUnreachable()) continue;
        BinaryenIndex n = exprKind(arm) == ExprKind::Block && !BinaryenBlockGetName(arm)
                              ? BinaryenBlockGetNumChildren(arm) : 0;
        BinaryenExpressionRef last = n ? BinaryenBlockGetChildAt(arm, n - 1) : nullptr;
        if (!last || exprKind(last) != ExprKind::Const) {
          restSame = false;  // an arm whose value is not known: the dispatch stays
          continue;
        }
        std::string t = target(uint32_t(BinaryenConstGetValueI32(last)));
        if (t.empty() || local.count(t)) {
          if (rest && *rest != t) restSame = false;
          rest = t;
          continue;
        }
        BinaryenBlockSetChildAt(arm, n - 1, BinaryenLocalSet(m_, x, last));
        for (BinaryenIndex k = i + 1; k < j; ++k)
          BinaryenBlockAppendChild(arm, BinaryenExpressionCopy(BinaryenBlockGetChildAt(blk, k), m_));
        BinaryenBlockAppendChild(arm, BinaryenBreak(m_, t.c_str(), nullptr, nullptr));
        BinaryenExpressionFinalize(arm);
        any = true;
      }
      if (!any) continue;
      BinaryenExpressionFinalize(iff);
      BinaryenExpressionFinalize(set);
      ++threaded;
      if (rest && restSame) {
        // Every path to the dispatch now knows where it goes.
        BinaryenExpressionRef jump = rest->empty() ? BinaryenNop(m_) : BinaryenBreak(m_, rest->c_str(), nullptr, nullptr);
        BinaryenBlockSetChildAt(holder, at, jump);
      }
    }
  }

  // The threadIntoArms rewrite of `first` followed by the one-armed `iff`:
  // what replaces `first` (then `iff` goes), or null when it does not apply.
  BinaryenExpressionRef intoArms(BinaryenExpressionRef first, BinaryenExpressionRef iff) {
    bool negated = false;
    BinaryenExpressionRef cond = testedValue(iff, negated);
    if (exprKind(cond) != ExprKind::LocalGet) return nullptr;
    BinaryenIndex x = BinaryenLocalGetGetIndex(cond);
    BinaryenExpressionRef set = nullptr, split = ifElse(first, set);
    if (!split || (set && BinaryenLocalSetGetIndex(set) == x)) return nullptr;
    BinaryenExpressionRef arms[2] = {BinaryenIfGetIfTrue(split), BinaryenIfGetIfFalse(split)};
    int runs = -1, running = 0;
    for (int a = 0; a < 2; ++a) {
      BinaryenExpressionRef arm = arms[a];
      if (BinaryenExpressionGetType(arm) == BinaryenTypeUnreachable()) continue;  // never falls through
      // $x at the arm's end, from its statements before the value (if any).
      if (exprKind(arm) != ExprKind::Block || BinaryenBlockGetName(arm)) return nullptr;
      BinaryenIndex n = BinaryenBlockGetNumChildren(arm);
      if (n == 0 || (set && writes(BinaryenBlockGetChildAt(arm, n - 1), x))) return nullptr;
      std::optional<int32_t> k = knownConstantBefore(arm, set ? n - 1 : n, x);
      if (!k) return nullptr;
      if ((*k != 0) != negated) {
        runs = a;
        ++running;
      }
    }
    if (running > 1) return nullptr;
    ++threaded;
    if (running == 0) return first;
    if (set) {
      // Each arm's value goes to $r inside the arm.
      BinaryenIndex r = BinaryenLocalSetGetIndex(set);
      for (int a = 0; a < 2; ++a) {
        BinaryenExpressionRef arm = arms[a];
        if (BinaryenExpressionGetType(arm) == BinaryenTypeUnreachable()) continue;  // no value to set
        BinaryenIndex last = BinaryenBlockGetNumChildren(arm) - 1;
        BinaryenBlockSetChildAt(arm, last, BinaryenLocalSet(m_, r, BinaryenBlockGetChildAt(arm, last)));
        BinaryenExpressionFinalize(arm);
      }
    }
    BinaryenBlockAppendChild(arms[runs], BinaryenIfGetIfTrue(iff));
    BinaryenExpressionFinalize(arms[runs]);
    BinaryenExpressionFinalize(split);
    return split;
  }

  // Calls f(block, index) for every `br $name` without value or condition that
  // is a direct child of a block inside e.
  template <class F>
  static void plainBranches(BinaryenExpressionRef e, const char* name, F&& f) {
    if (exprKind(e) == ExprKind::Block)
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) {
        BinaryenExpressionRef c = BinaryenBlockGetChildAt(e, i);
        if (exprKind(c) == ExprKind::Break && !BinaryenBreakGetCondition(c) &&
            !BinaryenBreakGetValue(c) && std::string(BinaryenBreakGetName(c)) == name)
          f(e, i);
      }
    forEachChild(e, [&](BinaryenExpressionRef c) { plainBranches(c, name, f); });
  }

  // An i32 index that is (select (i32.const a) (i32.const b) c), under pure
  // i32 operators with constant other operands: its two values and c.
  static std::optional<std::array<uint32_t, 2>> selectValues(BinaryenExpressionRef e, BinaryenExpressionRef& cond,
                                                             int depth = 3) {
    ExprKind id = exprKind(e);
    if (BinaryenExpressionGetType(e) != BinaryenTypeInt32()) return std::nullopt;
    if (id == ExprKind::Select) {
      BinaryenExpressionRef a = BinaryenSelectGetIfTrue(e), b = BinaryenSelectGetIfFalse(e);
      if (exprKind(a) != ExprKind::Const || exprKind(b) != ExprKind::Const)
        return std::nullopt;
      cond = BinaryenSelectGetCondition(e);
      return std::array<uint32_t, 2>{uint32_t(BinaryenConstGetValueI32(a)), uint32_t(BinaryenConstGetValueI32(b))};
    }
    if (depth == 0 || id != ExprKind::Binary) return std::nullopt;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    if (!op || opInfo(*op).mayTrap) return std::nullopt;
    BinaryenExpressionRef l = BinaryenBinaryGetLeft(e), r = BinaryenBinaryGetRight(e);
    bool constRight = exprKind(r) == ExprKind::Const;
    bool constLeft = exprKind(l) == ExprKind::Const;
    if (constRight == constLeft) return std::nullopt;
    auto inner = selectValues(constRight ? l : r, cond, depth - 1);
    if (!inner) return std::nullopt;
    uint64_t k = uint32_t(BinaryenConstGetValueI32(constRight ? r : l));
    std::array<uint32_t, 2> out{};
    for (int i = 0; i < 2; ++i) {
      uint64_t args[2] = {constRight ? (*inner)[i] : k, constRight ? k : (*inner)[i]};
      auto v = evalOp(*op, 0, args);
      if (!v) return std::nullopt;
      out[i] = uint32_t(*v);
    }
    return out;
  }

  // (br_table ... (select (i32.const a) (i32.const b) c)), possibly under
  // constant operators, becomes (block (br_if T(a) c) (br T(b))).
  void splitSelectSwitch(BinaryenExpressionRef sw, const std::function<void(BinaryenExpressionRef)>& setSelf) {
    if (!setSelf || BinaryenSwitchGetValue(sw)) return;
    BinaryenExpressionRef cond = nullptr;
    auto vals = selectValues(BinaryenSwitchGetCondition(sw), cond);
    if (!vals) return;
    std::vector<std::string> names;
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(sw); i < n; ++i) names.push_back(BinaryenSwitchGetNameAt(sw, i));
    std::string def = BinaryenSwitchGetDefaultName(sw);
    auto target = [&](uint32_t v) { return v < names.size() ? names[v] : def; };
    std::string ta = target((*vals)[0]), tb = target((*vals)[1]);
    BinaryenExpressionRef kids[] = {BinaryenBreak(m_, ta.c_str(), cond, nullptr),
                                    BinaryenBreak(m_, tb.c_str(), nullptr, nullptr)};
    setSelf(BinaryenBlock(m_, nullptr, kids, 2, BinaryenTypeAuto()));
    ++threaded;
  }

  // The index may be the block's value less a constant (clang's `switch`
  // whose first case is not 0), `(br_table ... (i32.sub B (i32.const c)))`,
  // and B may be teed to a local $x the arms read: a threaded branch then
  // sets $x to its constant before it jumps (a br_if only when taken).
  void threadSwitch(BinaryenExpressionRef sw) {
    if (BinaryenSwitchGetValue(sw)) return;
    BinaryenExpressionRef b = BinaryenSwitchGetCondition(sw);
    uint32_t less = 0;
    if (std::optional<LessConstant> sub = lessConstant(b)) {
      less = sub->constant;
      b = sub->operand;
    }
    std::optional<BinaryenIndex> tee;
    if (exprKind(b) == ExprKind::LocalSet && BinaryenLocalSetIsTee(b)) {
      tee = BinaryenLocalSetGetIndex(b);
      b = BinaryenLocalSetGetValue(b);
    }
    if (!namedI32Block(b)) return;
    std::string name = BinaryenBlockGetName(b);
    std::vector<Site> sites;
    if (!collect(b, name, sites, nullptr, nullptr) || sites.empty()) return;
    std::vector<std::string> names;
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(sw); i < n; ++i) names.push_back(BinaryenSwitchGetNameAt(sw, i));
    std::string def = BinaryenSwitchGetDefaultName(sw);
    redirect(sites, [&](uint32_t v) { return v - less < names.size() ? names[v - less] : def; });
    if (tee)
      for (Site& s : sites) setBeforeJump(s, *tee);
    BinaryenExpressionFinalize(b);
  }

  // A redirected site (its br now value-less) sets $x to its value first.
  void setBeforeJump(Site& s, BinaryenIndex x) {
    BinaryenExpressionRef set = BinaryenLocalSet(m_, x, BinaryenConst(m_, BinaryenLiteralInt32(int32_t(s.value))));
    BinaryenExpressionRef cond = BinaryenBreakGetCondition(s.br);
    BinaryenExpressionRef jump = cond ? BinaryenBreak(m_, BinaryenBreakGetName(s.br), nullptr, nullptr) : s.br;
    BinaryenExpressionRef seq[] = {set, jump};
    BinaryenExpressionRef both = BinaryenBlock(m_, nullptr, seq, 2, BinaryenTypeAuto());
    s.replaceDrop(cond ? BinaryenIf(m_, cond, both, nullptr) : both);
  }

  // (if (B) THEN ELSE) or (if (i32.eqz B) THEN ELSE) with a none type becomes
  //   (block $J (block $E (block $T (br_if $T B') (br $E)) THEN (br $J)) ELSE)
  // where B's constant branches go straight to $T or $E.
  void threadIf(BinaryenExpressionRef iff, const std::function<void(BinaryenExpressionRef)>& setSelf) {
    if (!setSelf || BinaryenExpressionGetType(iff) != BinaryenTypeNone()) return;
    bool negated = false;
    BinaryenExpressionRef cond = testedValue(iff, negated);
    if (!namedI32Block(cond)) return;
    std::string name = BinaryenBlockGetName(cond);
    std::vector<Site> sites;
    if (!collect(cond, name, sites, nullptr, nullptr) || sites.empty()) return;
    std::vector<std::string> names = labels_.fresh({"thread$T", "thread$E", "thread$J"});
    const std::string &T = names[0], &E = names[1], &J = names[2];
    redirect(sites, [&](uint32_t v) { return (v != 0) != negated ? T : E; });
    BinaryenExpressionFinalize(cond);
    // The fallthrough value decides the rest.
    BinaryenExpressionRef test = BinaryenBreak(m_, negated ? E.c_str() : T.c_str(), cond, nullptr);
    BinaryenExpressionRef other = BinaryenBreak(m_, negated ? T.c_str() : E.c_str(), nullptr, nullptr);
    BinaryenExpressionRef inner[] = {test, other};
    BinaryenExpressionRef tBlock = BinaryenBlock(m_, T.c_str(), inner, 2, BinaryenTypeNone());
    BinaryenExpressionRef thenArm = BinaryenIfGetIfTrue(iff);
    BinaryenExpressionRef toJ = BinaryenBreak(m_, J.c_str(), nullptr, nullptr);
    BinaryenExpressionRef eKids[] = {tBlock, thenArm, toJ};
    BinaryenExpressionRef eBlock = BinaryenBlock(m_, E.c_str(), eKids, 3, BinaryenTypeNone());
    BinaryenExpressionRef elseArm = BinaryenIfGetIfFalse(iff);
    std::vector<BinaryenExpressionRef> jKids{eBlock};
    if (elseArm) jKids.push_back(elseArm);
    BinaryenExpressionRef jBlock = BinaryenBlock(m_, J.c_str(), jKids.data(), BinaryenIndex(jKids.size()),
                                                 BinaryenTypeNone());
    setSelf(jBlock);
  }
};

} // namespace

unsigned threadConstantDispatch(BinaryenModuleRef module, BinaryenExpressionRef body, DispatchesThreaded which) {
  ThreadConstantDispatch pass(module, body, which);
  walkPostOrder(body, ExpressionSetter(), pass);
  return pass.threaded;
}

} // namespace eqsat
