#include "passes/thread.h"

#include "cost/ircost.h"

#include "ir/binaryen_ops.h"
#include "egraph/ops.h"

#include <array>
#include <cstdint>
#include <optional>
#include <functional>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace eqsat {

namespace {

struct Child {
  BinaryenExpressionRef e;
  std::function<void(BinaryenExpressionRef)> set;
};

// Calls add(child, setter) for each child of e, in order, with a lambda that
// replaces it; false for expressions whose children are not enumerated (the
// caller then gives up).
template <class Add>
bool eachChild(BinaryenExpressionRef e, Add&& add) {
  BinaryenExpressionId id = BinaryenExpressionGetId(e);
  if (id == BinaryenBlockId()) {
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i)
      add(BinaryenBlockGetChildAt(e, i), [e, i](BinaryenExpressionRef x) { BinaryenBlockSetChildAt(e, i, x); });
  } else if (id == BinaryenIfId()) {
    add(BinaryenIfGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenIfSetCondition(e, x); });
    add(BinaryenIfGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfTrue(e, x); });
    add(BinaryenIfGetIfFalse(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfFalse(e, x); });
  } else if (id == BinaryenLoopId()) {
    add(BinaryenLoopGetBody(e), [e](BinaryenExpressionRef x) { BinaryenLoopSetBody(e, x); });
  } else if (id == BinaryenBreakId()) {
    add(BinaryenBreakGetValue(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetValue(e, x); });
    add(BinaryenBreakGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetCondition(e, x); });
  } else if (id == BinaryenSwitchId()) {
    add(BinaryenSwitchGetValue(e), [e](BinaryenExpressionRef x) { BinaryenSwitchSetValue(e, x); });
    add(BinaryenSwitchGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenSwitchSetCondition(e, x); });
  } else if (id == BinaryenCallId()) {
    for (BinaryenIndex i = 0, n = BinaryenCallGetNumOperands(e); i < n; ++i)
      add(BinaryenCallGetOperandAt(e, i), [e, i](BinaryenExpressionRef x) { BinaryenCallSetOperandAt(e, i, x); });
  } else if (id == BinaryenCallIndirectId()) {
    for (BinaryenIndex i = 0, n = BinaryenCallIndirectGetNumOperands(e); i < n; ++i)
      add(BinaryenCallIndirectGetOperandAt(e, i),
          [e, i](BinaryenExpressionRef x) { BinaryenCallIndirectSetOperandAt(e, i, x); });
    add(BinaryenCallIndirectGetTarget(e), [e](BinaryenExpressionRef x) { BinaryenCallIndirectSetTarget(e, x); });
  } else if (id == BinaryenLocalSetId()) {
    add(BinaryenLocalSetGetValue(e), [e](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); });
  } else if (id == BinaryenGlobalSetId()) {
    add(BinaryenGlobalSetGetValue(e), [e](BinaryenExpressionRef x) { BinaryenGlobalSetSetValue(e, x); });
  } else if (id == BinaryenLoadId()) {
    add(BinaryenLoadGetPtr(e), [e](BinaryenExpressionRef x) { BinaryenLoadSetPtr(e, x); });
  } else if (id == BinaryenStoreId()) {
    add(BinaryenStoreGetPtr(e), [e](BinaryenExpressionRef x) { BinaryenStoreSetPtr(e, x); });
    add(BinaryenStoreGetValue(e), [e](BinaryenExpressionRef x) { BinaryenStoreSetValue(e, x); });
  } else if (id == BinaryenUnaryId()) {
    add(BinaryenUnaryGetValue(e), [e](BinaryenExpressionRef x) { BinaryenUnarySetValue(e, x); });
  } else if (id == BinaryenBinaryId()) {
    add(BinaryenBinaryGetLeft(e), [e](BinaryenExpressionRef x) { BinaryenBinarySetLeft(e, x); });
    add(BinaryenBinaryGetRight(e), [e](BinaryenExpressionRef x) { BinaryenBinarySetRight(e, x); });
  } else if (id == BinaryenSelectId()) {
    add(BinaryenSelectGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetIfTrue(e, x); });
    add(BinaryenSelectGetIfFalse(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetIfFalse(e, x); });
    add(BinaryenSelectGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenSelectSetCondition(e, x); });
  } else if (id == BinaryenDropId()) {
    add(BinaryenDropGetValue(e), [e](BinaryenExpressionRef x) { BinaryenDropSetValue(e, x); });
  } else if (id == BinaryenReturnId()) {
    add(BinaryenReturnGetValue(e), [e](BinaryenExpressionRef x) { BinaryenReturnSetValue(e, x); });
  } else if (id == BinaryenMemoryGrowId()) {
    add(BinaryenMemoryGrowGetDelta(e), [e](BinaryenExpressionRef x) { BinaryenMemoryGrowSetDelta(e, x); });
  } else if (id == BinaryenConstId() || id == BinaryenLocalGetId() || id == BinaryenGlobalGetId() ||
             id == BinaryenNopId() || id == BinaryenUnreachableId() || id == BinaryenMemorySizeId()) {
    // leaves
  } else {
    return false;
  }
  return true;
}

// The children of an expression with a way to replace each; `ok` as eachChild's result.
std::vector<Child> childrenOf(BinaryenExpressionRef e, bool& ok) {
  std::vector<Child> r;
  ok = eachChild(e, [&](BinaryenExpressionRef c, auto set) {
    if (c) r.push_back({c, std::move(set)});
  });
  return r;
}

using Setter = std::function<void(BinaryenExpressionRef)>;

// Children first, then `visit(e, setSelf)` (setSelf replaces e in its parent;
// empty for the root unless given). Stops below expressions whose children
// childrenOf does not enumerate.
template <class Visit>
void walkPostOrder(BinaryenExpressionRef e, const Setter& setSelf, Visit& visit) {
  // Children are read before any is visited: a visit may replace its node in e.
  BinaryenExpressionRef kids[8];
  Setter sets[8];
  size_t n = 0;
  bool few = true;
  if (!eachChild(e, [&](BinaryenExpressionRef c, auto set) {
        if (!c) return;
        if (n < 8) {
          kids[n] = c;
          sets[n] = std::move(set);
        } else {
          few = false;
        }
        ++n;
      }))
    return;
  if (few) {
    for (size_t i = 0; i < n; ++i) walkPostOrder(kids[i], sets[i], visit);
  } else {
    bool ok;
    for (Child& c : childrenOf(e, ok)) walkPostOrder(c.e, c.set, visit);
  }
  visit(e, setSelf);
}

// A branch to the dispatched block, with what replaces it.
struct Site {
  BinaryenExpressionRef br;
  bool dropped;                          // br_if whose (unused) value sits under a drop
  std::function<void(BinaryenExpressionRef)> replaceDrop;
  uint32_t value;
};

// Finds every branch to `name` inside `e`. False when one cannot be threaded.
bool collect(BinaryenExpressionRef e, const std::string& name, std::vector<Site>& out,
             const std::function<void(BinaryenExpressionRef)>& setSelf, BinaryenExpressionRef parent) {
  BinaryenExpressionId id = BinaryenExpressionGetId(e);
  if (id == BinaryenSwitchId()) {
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i)
      if (name == BinaryenSwitchGetNameAt(e, i)) return false;
    if (name == BinaryenSwitchGetDefaultName(e)) return false;
  }
  if (id == BinaryenBreakId() && name == BinaryenBreakGetName(e)) {
    BinaryenExpressionRef v = BinaryenBreakGetValue(e);
    if (!v || BinaryenExpressionGetId(v) != BinaryenConstId() || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
      return false;
    Site s{e, false, nullptr, uint32_t(BinaryenConstGetValueI32(v))};
    if (BinaryenBreakGetCondition(e)) {
      // A br_if's value is also its result: it must be unused (dropped).
      if (!parent || BinaryenExpressionGetId(parent) != BinaryenDropId()) return false;
      s.dropped = true;
      s.replaceDrop = setSelf;  // setSelf here replaces the drop in its parent (see below)
    }
    out.push_back(std::move(s));
  }
  bool ok;
  std::vector<Child> kids = childrenOf(e, ok);
  if (!ok) return false;
  for (Child& c : kids) {
    // For a drop's child, "replace the drop" is what a br_if site needs.
    std::function<void(BinaryenExpressionRef)> set =
        id == BinaryenDropId() ? setSelf : c.set;
    if (!collect(c.e, name, out, set, e)) return false;
  }
  return true;
}

// The constant local x holds when child `at` of `blk` starts: from the
// statements before it in blk, nearest first.
std::optional<int32_t> knownBefore(BinaryenExpressionRef blk, BinaryenIndex at, BinaryenIndex x) {
  while (at-- > 0) {
    BinaryenExpressionRef s = BinaryenBlockGetChildAt(blk, at);
    if (BinaryenExpressionGetId(s) == BinaryenLocalSetId() && BinaryenLocalSetGetIndex(s) == x) {
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(s);
      if (BinaryenExpressionGetId(v) != BinaryenConstId() || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
        return std::nullopt;
      return BinaryenConstGetValueI32(v);
    }
    if (writes(s, x)) return std::nullopt;
  }
  return std::nullopt;
}

// local.get count per local index in e; every block goes to `blocks`, with
// whether it is inside a loop. False when e holds an expression kind whose
// children are not enumerated (its reads are then not all counted).
bool countReads(BinaryenExpressionRef e, std::vector<unsigned>& reads,
                std::unordered_map<BinaryenExpressionRef, bool>* blocks = nullptr, bool loop = false) {
  BinaryenExpressionId id = BinaryenExpressionGetId(e);
  if (id == BinaryenLocalGetId()) {
    BinaryenIndex i = BinaryenLocalGetGetIndex(e);
    if (i >= reads.size()) reads.resize(i + 1);
    ++reads[i];
  }
  loop = loop || id == BinaryenLoopId();
  if (blocks && id == BinaryenBlockId()) (*blocks)[e] = loop;
  bool complete = true;
  if (!forEachChild(e, [&](BinaryenExpressionRef c) { complete = countReads(c, reads, blocks, loop) && complete; }))
    return false;
  return complete;
}

// (if C A) with no else and no value.
bool oneArmedIf(BinaryenExpressionRef e) {
  return BinaryenExpressionGetId(e) == BinaryenIfId() && !BinaryenIfGetIfFalse(e) &&
         BinaryenExpressionGetType(e) == BinaryenTypeNone();
}

class Threader {
public:
  Threader(BinaryenModuleRef m, BinaryenExpressionRef body, bool locals)
      : m_(m), locals_(locals), body_(body), labels_(body) {}
  unsigned threaded = 0;

  void operator()(BinaryenExpressionRef e, const Setter& setSelf) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenSwitchId()) {
      threadSwitch(e);
      splitSelectSwitch(e, setSelf);
    }
    else if (id == BinaryenIfId()) threadIf(e, setSelf);
    else if (id == BinaryenBlockId() && locals_) {
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
      bool tee = BinaryenExpressionGetId(first) == BinaryenIfId();
      if (!tee) {
        if (i + 1 == BinaryenBlockGetNumChildren(blk)) break;
        iff = BinaryenBlockGetChildAt(blk, i + 1);
      }
      if (!oneArmedIf(iff)) continue;
      bool negated = false;
      BinaryenExpressionRef cond = testedValue(iff, negated);
      if (tee) set = cond;
      if (BinaryenExpressionGetId(set) != BinaryenLocalSetId() || BinaryenLocalSetIsTee(set) != tee) continue;
      BinaryenIndex x = BinaryenLocalSetGetIndex(set);
      if (!tee && (BinaryenExpressionGetId(cond) != BinaryenLocalGetId() || BinaryenLocalGetGetIndex(cond) != x))
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
      if (BinaryenExpressionGetId(c) != BinaryenLocalSetId() || BinaryenLocalSetIsTee(c)) break;
      BinaryenExpressionRef v = BinaryenLocalSetGetValue(c);
      if (BinaryenExpressionGetId(v) == BinaryenLocalGetId()) read.push_back(BinaryenLocalGetGetIndex(v));
      else if (BinaryenExpressionGetId(v) != BinaryenConstId()) break;
      set.push_back(BinaryenLocalSetGetIndex(c));
      ++j;
    }
    if (j == at || j >= n) return;
    BinaryenExpressionRef iff = BinaryenBlockGetChildAt(blk, j);
    if (!oneArmedIf(iff) || !onlyFallsThrough(iff)) return;
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
    if (BinaryenExpressionGetId(e) == BinaryenLocalSetId() && !BinaryenLocalSetIsTee(e)) {
      set = e;
      iff = BinaryenLocalSetGetValue(e);
    }
    if (BinaryenExpressionGetId(iff) != BinaryenIfId() || !BinaryenIfGetIfFalse(iff)) return nullptr;
    if ((set == nullptr) != (BinaryenExpressionGetType(iff) == BinaryenTypeNone())) return nullptr;
    return iff;
  }

  // The value an if tests: its condition, or the operand of an i32.eqz there (`negated`).
  static BinaryenExpressionRef testedValue(BinaryenExpressionRef iff, bool& negated) {
    BinaryenExpressionRef cond = BinaryenIfGetCondition(iff);
    negated = BinaryenExpressionGetId(cond) == BinaryenUnaryId() && BinaryenUnaryGetOp(cond) == BinaryenEqZInt32();
    return negated ? BinaryenUnaryGetValue(cond) : cond;
  }

  static bool namedI32Block(BinaryenExpressionRef b) {
    return b && BinaryenExpressionGetId(b) == BinaryenBlockId() && BinaryenBlockGetName(b) &&
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
      if (BinaryenExpressionGetId(b) != BinaryenBlockId() || !BinaryenBlockGetName(b) ||
          BinaryenExpressionGetType(b) != BinaryenTypeNone() || !oneArmedIf(iff))
        continue;
      bool negated = false;
      BinaryenExpressionRef cond = testedValue(iff, negated);
      if (BinaryenExpressionGetId(cond) != BinaryenLocalGetId()) continue;
      BinaryenIndex x = BinaryenLocalGetGetIndex(cond);
      std::vector<BinaryenExpressionRef> skipping;
      plainBranches(b, BinaryenBlockGetName(b), [&](BinaryenExpressionRef parent, BinaryenIndex at) {
        std::optional<int32_t> k = knownBefore(parent, at, x);
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
      if (BinaryenExpressionGetId(rest) == BinaryenBlockId() && !BinaryenBlockGetName(rest)) {
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
      if (oneArmedIf(next)) {
        if (BinaryenExpressionRef r = intoArms(first, next)) {
          BinaryenBlockSetChildAt(blk, i, r);
          BinaryenBlockRemoveChildAt(blk, i + 1);
        }
        continue;
      }
      // The test at the start of the next block (nested blocks included).
      BinaryenExpressionRef inner = next;
      while (BinaryenExpressionGetId(inner) == BinaryenBlockId() && BinaryenBlockGetNumChildren(inner) > 0 &&
             !oneArmedIf(BinaryenBlockGetChildAt(inner, 0)))
        inner = BinaryenBlockGetChildAt(inner, 0);
      if (BinaryenExpressionGetId(inner) != BinaryenBlockId() || BinaryenBlockGetNumChildren(inner) == 0) continue;
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
        if (BinaryenExpressionGetId(c) != BinaryenLocalSetId() || BinaryenLocalSetIsTee(c) ||
            BinaryenLocalSetGetIndex(c) == x || BinaryenExpressionGetId(BinaryenLocalSetGetValue(c)) != BinaryenConstId())
          break;
      }
      if (j >= BinaryenBlockGetNumChildren(blk)) continue;
      // The dispatch, and the labels of the blocks opening before it (not in scope in the arms).
      std::unordered_set<std::string> local;
      BinaryenExpressionRef d = BinaryenBlockGetChildAt(blk, j), holder = blk;  // d is child `at` of holder
      BinaryenIndex at = j;
      while (BinaryenExpressionGetId(d) == BinaryenBlockId() && BinaryenBlockGetNumChildren(d) > 0) {
        if (const char* n = BinaryenBlockGetName(d)) local.insert(n);
        holder = d;
        at = 0;
        d = BinaryenBlockGetChildAt(d, 0);
      }
      bool isSwitch = BinaryenExpressionGetId(d) == BinaryenSwitchId();
      if (!isSwitch && BinaryenExpressionGetId(d) != BinaryenBreakId()) continue;
      BinaryenExpressionRef cond = isSwitch ? BinaryenSwitchGetCondition(d) : BinaryenBreakGetCondition(d);
      if (!cond || BinaryenExpressionGetId(cond) != BinaryenLocalGetId() || BinaryenLocalGetGetIndex(cond) != x ||
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
        BinaryenIndex n = BinaryenExpressionGetId(arm) == BinaryenBlockId() && !BinaryenBlockGetName(arm)
                              ? BinaryenBlockGetNumChildren(arm) : 0;
        BinaryenExpressionRef last = n ? BinaryenBlockGetChildAt(arm, n - 1) : nullptr;
        if (!last || BinaryenExpressionGetId(last) != BinaryenConstId()) {
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
    if (BinaryenExpressionGetId(cond) != BinaryenLocalGetId()) return nullptr;
    BinaryenIndex x = BinaryenLocalGetGetIndex(cond);
    BinaryenExpressionRef set = nullptr, split = ifElse(first, set);
    if (!split || (set && BinaryenLocalSetGetIndex(set) == x)) return nullptr;
    BinaryenExpressionRef arms[2] = {BinaryenIfGetIfTrue(split), BinaryenIfGetIfFalse(split)};
    int runs = -1, running = 0;
    for (int a = 0; a < 2; ++a) {
      BinaryenExpressionRef arm = arms[a];
      if (BinaryenExpressionGetType(arm) == BinaryenTypeUnreachable()) continue;  // never falls through
      // $x at the arm's end, from its statements before the value (if any).
      if (BinaryenExpressionGetId(arm) != BinaryenBlockId() || BinaryenBlockGetName(arm)) return nullptr;
      BinaryenIndex n = BinaryenBlockGetNumChildren(arm);
      if (n == 0 || (set && writes(BinaryenBlockGetChildAt(arm, n - 1), x))) return nullptr;
      std::optional<int32_t> k = knownBefore(arm, set ? n - 1 : n, x);
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
    if (BinaryenExpressionGetId(e) == BinaryenBlockId())
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) {
        BinaryenExpressionRef c = BinaryenBlockGetChildAt(e, i);
        if (BinaryenExpressionGetId(c) == BinaryenBreakId() && !BinaryenBreakGetCondition(c) &&
            !BinaryenBreakGetValue(c) && std::string(BinaryenBreakGetName(c)) == name)
          f(e, i);
      }
    forEachChild(e, [&](BinaryenExpressionRef c) { plainBranches(c, name, f); });
  }

  // An i32 index that is (select (i32.const a) (i32.const b) c), under pure
  // i32 operators with constant other operands: its two values and c.
  static std::optional<std::array<uint32_t, 2>> selectValues(BinaryenExpressionRef e, BinaryenExpressionRef& cond,
                                                             int depth = 3) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (BinaryenExpressionGetType(e) != BinaryenTypeInt32()) return std::nullopt;
    if (id == BinaryenSelectId()) {
      BinaryenExpressionRef a = BinaryenSelectGetIfTrue(e), b = BinaryenSelectGetIfFalse(e);
      if (BinaryenExpressionGetId(a) != BinaryenConstId() || BinaryenExpressionGetId(b) != BinaryenConstId())
        return std::nullopt;
      cond = BinaryenSelectGetCondition(e);
      return std::array<uint32_t, 2>{uint32_t(BinaryenConstGetValueI32(a)), uint32_t(BinaryenConstGetValueI32(b))};
    }
    if (depth == 0 || id != BinaryenBinaryId()) return std::nullopt;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    if (!op || opInfo(*op).mayTrap) return std::nullopt;
    BinaryenExpressionRef l = BinaryenBinaryGetLeft(e), r = BinaryenBinaryGetRight(e);
    bool constRight = BinaryenExpressionGetId(r) == BinaryenConstId();
    bool constLeft = BinaryenExpressionGetId(l) == BinaryenConstId();
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

  void threadSwitch(BinaryenExpressionRef sw) {
    if (BinaryenSwitchGetValue(sw)) return;
    BinaryenExpressionRef b = BinaryenSwitchGetCondition(sw);
    if (!namedI32Block(b)) return;
    std::string name = BinaryenBlockGetName(b);
    std::vector<Site> sites;
    if (!collect(b, name, sites, nullptr, nullptr) || sites.empty()) return;
    std::vector<std::string> names;
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(sw); i < n; ++i) names.push_back(BinaryenSwitchGetNameAt(sw, i));
    std::string def = BinaryenSwitchGetDefaultName(sw);
    redirect(sites, [&](uint32_t v) { return v < names.size() ? names[v] : def; });
    BinaryenExpressionFinalize(b);
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

namespace {

// Branches on the zero test of a value, turned into branches on the value.
class Polarity {
public:
  Polarity(BinaryenModuleRef m, BinaryenExpressionRef body, bool ifs, bool ifElses)
      : m_(m), ifs_(ifs), ifElses_(ifElses), labels_(body) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const Setter& setSelf) {
    if (BinaryenExpressionGetId(e) != BinaryenIfId()) return;
    BinaryenExpressionRef cond = BinaryenIfGetCondition(e);
    if (BinaryenExpressionGetId(cond) != BinaryenUnaryId() || BinaryenUnaryGetOp(cond) != BinaryenEqZInt32()) return;
    BinaryenExpressionRef x = BinaryenUnaryGetValue(cond);
    BinaryenExpressionRef thenArm = BinaryenIfGetIfTrue(e), elseArm = BinaryenIfGetIfFalse(e);
    if (elseArm) {
      if (!ifElses_) return;
      // (if (eqz x) A B) = (if x B A)
      BinaryenIfSetCondition(e, x);
      BinaryenIfSetIfTrue(e, elseArm);
      BinaryenIfSetIfFalse(e, thenArm);
      ++changed;
      return;
    }
    if (!ifs_ || !setSelf || BinaryenExpressionGetType(e) != BinaryenTypeNone()) return;
    // (if (eqz x) A) = (block $p (br_if $p x) A)
    std::string name = labels_.fresh("polarity$");
    std::vector<BinaryenExpressionRef> kidsOut{BinaryenBreak(m_, name.c_str(), x, nullptr)};
    if (BinaryenExpressionGetId(thenArm) == BinaryenBlockId() && !BinaryenBlockGetName(thenArm)) {
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(thenArm); i < n; ++i)
        kidsOut.push_back(BinaryenBlockGetChildAt(thenArm, i));  // an unnamed block: its statements
    } else {
      kidsOut.push_back(thenArm);
    }
    setSelf(BinaryenBlock(m_, name.c_str(), kidsOut.data(), BinaryenIndex(kidsOut.size()), BinaryenTypeNone()));
    ++changed;
  }

private:
  BinaryenModuleRef m_;
  bool ifs_, ifElses_;
  FreshLabels labels_;
};

} // namespace

unsigned branchOnValues(BinaryenModuleRef module, BinaryenExpressionRef& body, bool ifs, bool ifElses) {
  if (!ifs && !ifElses) return 0;
  Polarity p(module, body, ifs, ifElses);
  walkPostOrder(body, Setter([&](BinaryenExpressionRef x) { body = x; }), p);
  return p.changed;
}

namespace {

// (if C (block (local.set $x K1) (br $l))) (local.set $x K2) (br $l), with
// {K1, K2} = {0, 1}: the local is the truth of C, set without branching.
class BooleanSets {
public:
  explicit BooleanSets(BinaryenModuleRef m) : m_(m) {}
  unsigned changed = 0;

  void operator()(BinaryenExpressionRef e, const Setter&) {
    if (BinaryenExpressionGetId(e) != BinaryenBlockId()) return;
    resultOfTest(e);
    for (BinaryenIndex i = 0; i + 2 < BinaryenBlockGetNumChildren(e); ++i) {
      BinaryenExpressionRef iff = BinaryenBlockGetChildAt(e, i);
      BinaryenExpressionRef set2 = BinaryenBlockGetChildAt(e, i + 1), br2 = BinaryenBlockGetChildAt(e, i + 2);
      if (BinaryenExpressionGetId(iff) != BinaryenIfId() || BinaryenIfGetIfFalse(iff)) continue;
      BinaryenExpressionRef arm = BinaryenIfGetIfTrue(iff);
      if (BinaryenExpressionGetId(arm) != BinaryenBlockId() || BinaryenBlockGetName(arm) ||
          BinaryenBlockGetNumChildren(arm) != 2)
        continue;
      BinaryenExpressionRef set1 = BinaryenBlockGetChildAt(arm, 0), br1 = BinaryenBlockGetChildAt(arm, 1);
      auto k1 = boolSet(set1), k2 = boolSet(set2);
      if (!k1 || !k2 || k1->first != k2->first || k1->second == k2->second) continue;
      if (!plainBr(br1) || !plainBr(br2) || std::string(BinaryenBreakGetName(br1)) != BinaryenBreakGetName(br2))
        continue;
      BinaryenExpressionRef c = BinaryenIfGetCondition(iff);
      BinaryenExpressionRef v;
      if (k1->second == 0) v = BinaryenUnary(m_, BinaryenEqZInt32(), c);
      else if (isBoolean(c)) v = c;
      else v = BinaryenBinary(m_, BinaryenNeInt32(), c, BinaryenConst(m_, BinaryenLiteralInt32(0)));
      BinaryenLocalSetSetValue(set2, v);
      BinaryenBlockRemoveChildAt(e, i);  // the if; the second set and its br stay
      ++changed;
    }
  }

private:
  BinaryenModuleRef m_;

  // (block $l (result i32) ... (if C (block S... (br $l (i32.const K1))))
  // S... (i32.const K2)) with {K1, K2} = {0, 1}, the same statements S on
  // both sides (jump threading copies a tail onto each edge) and C a pure
  // test S cannot change: the block is `... S... (truth of C)`.
  void resultOfTest(BinaryenExpressionRef blk) {
    BinaryenIndex n = BinaryenBlockGetNumChildren(blk);
    if (!BinaryenBlockGetName(blk) || BinaryenExpressionGetType(blk) != BinaryenTypeInt32() || n < 2) return;
    BinaryenExpressionRef last = BinaryenBlockGetChildAt(blk, n - 1);
    std::optional<int32_t> k2 = boolConst(last);
    if (!k2) return;
    for (BinaryenIndex i = 0; i + 1 < n; ++i) {
      BinaryenExpressionRef iff = BinaryenBlockGetChildAt(blk, i);
      if (BinaryenExpressionGetId(iff) != BinaryenIfId() || BinaryenIfGetIfFalse(iff)) continue;
      BinaryenExpressionRef arm = BinaryenIfGetIfTrue(iff);
      if (BinaryenExpressionGetId(arm) != BinaryenBlockId() || BinaryenBlockGetName(arm)) continue;
      BinaryenIndex m = BinaryenBlockGetNumChildren(arm);
      // S after the if: children i+1 .. n-2; in the arm: 0 .. m-2, then the br.
      if (m == 0 || m - 1 != n - 2 - i) continue;
      BinaryenExpressionRef br = BinaryenBlockGetChildAt(arm, m - 1);
      if (BinaryenExpressionGetId(br) != BinaryenBreakId() || BinaryenBreakGetCondition(br) ||
          std::string(BinaryenBreakGetName(br)) != BinaryenBlockGetName(blk) || !BinaryenBreakGetValue(br))
        continue;
      std::optional<int32_t> k1 = boolConst(BinaryenBreakGetValue(br));
      if (!k1 || *k1 == *k2) continue;
      BinaryenExpressionRef c = BinaryenIfGetCondition(iff);
      std::vector<BinaryenIndex> read;
      if (!effectFree(c, false, &read)) continue;
      bool same = true;
      for (BinaryenIndex k = 0; same && k + 1 < m; ++k) {
        BinaryenExpressionRef a = BinaryenBlockGetChildAt(arm, k);
        same = sameStraightLine(a, BinaryenBlockGetChildAt(blk, i + 1 + k));
        for (BinaryenIndex x : read) same = same && !writes(a, x);
      }
      if (!same) continue;
      BinaryenExpressionRef v;
      if (*k1 == 0) v = BinaryenUnary(m_, BinaryenEqZInt32(), c);
      else if (isBoolean(c)) v = c;
      else v = BinaryenBinary(m_, BinaryenNeInt32(), c, BinaryenConst(m_, BinaryenLiteralInt32(0)));
      BinaryenBlockSetChildAt(blk, n - 1, v);
      BinaryenBlockRemoveChildAt(blk, i);
      ++changed;
      return;
    }
  }
  static std::optional<int32_t> boolConst(BinaryenExpressionRef e) {
    if (BinaryenExpressionGetId(e) != BinaryenConstId() || BinaryenExpressionGetType(e) != BinaryenTypeInt32())
      return std::nullopt;
    int32_t k = BinaryenConstGetValueI32(e);
    if (k != 0 && k != 1) return std::nullopt;
    return k;
  }
  // (local.set $x (i32.const 0|1)): the local and the constant.
  static std::optional<std::pair<BinaryenIndex, int32_t>> boolSet(BinaryenExpressionRef e) {
    if (BinaryenExpressionGetId(e) != BinaryenLocalSetId() || BinaryenLocalSetIsTee(e)) return std::nullopt;
    std::optional<int32_t> k = boolConst(BinaryenLocalSetGetValue(e));
    if (!k) return std::nullopt;
    return std::make_pair(BinaryenLocalSetGetIndex(e), *k);
  }

  static bool plainBr(BinaryenExpressionRef e) {
    return BinaryenExpressionGetId(e) == BinaryenBreakId() && !BinaryenBreakGetCondition(e) &&
           !BinaryenBreakGetValue(e);
  }
  // A value that is 0 or 1: an integer compare or eqz.
  static bool isBoolean(BinaryenExpressionRef e) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenUnaryId()) {
      std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      return op && (*op == Op::I32Eqz || *op == Op::I64Eqz);
    }
    if (id != BinaryenBinaryId()) return false;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    return op && opInfo(*op).kind == OpKind::Compare;
  }
};

} // namespace

unsigned booleanSets(BinaryenModuleRef module, BinaryenExpressionRef body) {
  BooleanSets b(module);
  walkPostOrder(body, Setter(), b);
  return b.changed;
}

namespace {

// (local.set $x (i32.const K)) ... (br $l (local.get $x)) [or (return (local.get $x))]
// in one block: the branch carries K itself.
class KnownValues {
public:
  explicit KnownValues(BinaryenModuleRef m) : m_(m) {}
  unsigned replaced = 0;

  void operator()(BinaryenExpressionRef blk, const Setter&) {
    if (BinaryenExpressionGetId(blk) != BinaryenBlockId()) return;
    for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(blk); i < n; ++i) {
      BinaryenExpressionRef e = BinaryenBlockGetChildAt(blk, i), v = nullptr;
      bool br = BinaryenExpressionGetId(e) == BinaryenBreakId();
      if (br && !BinaryenBreakGetCondition(e)) v = BinaryenBreakGetValue(e);
      else if (BinaryenExpressionGetId(e) == BinaryenReturnId()) v = BinaryenReturnGetValue(e);
      if (!v || BinaryenExpressionGetId(v) != BinaryenLocalGetId() || BinaryenExpressionGetType(v) != BinaryenTypeInt32())
        continue;
      std::optional<int32_t> k = knownBefore(blk, i, BinaryenLocalGetGetIndex(v));
      if (!k) continue;
      BinaryenExpressionRef c = BinaryenConst(m_, BinaryenLiteralInt32(*k));
      if (br) BinaryenBreakSetValue(e, c);
      else BinaryenReturnSetValue(e, c);
      ++replaced;
    }
  }

private:
  BinaryenModuleRef m_;
};

} // namespace

namespace {

// (drop E), E pure but for the local.tee's in it: the tees as local.sets, in
// the order E runs them; the rest of E goes.
class DroppedValues {
public:
  explicit DroppedValues(BinaryenModuleRef m) : m_(m) {}
  unsigned replaced = 0;

  void operator()(BinaryenExpressionRef e, const Setter& setSelf) {
    if (!setSelf || BinaryenExpressionGetId(e) != BinaryenDropId()) return;
    BinaryenExpressionRef v = BinaryenDropGetValue(e);
    if (!effectFree(v, true)) return;
    std::vector<BinaryenExpressionRef> sets;
    collect(v, nullptr, sets);
    if (sets.empty()) setSelf(BinaryenNop(m_));
    else setSelf(BinaryenBlock(m_, nullptr, sets.data(), BinaryenIndex(sets.size()), BinaryenTypeNone()));
    ++replaced;
  }

private:
  BinaryenModuleRef m_;
  // Post-order: each tee becomes a set (its value's tees already sets), and a
  // local.get of it where it stood.
  void collect(BinaryenExpressionRef e, const std::function<void(BinaryenExpressionRef)>& replace,
               std::vector<BinaryenExpressionRef>& sets) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    if (id == BinaryenLocalSetId()) {
      collect(BinaryenLocalSetGetValue(e), [&](BinaryenExpressionRef x) { BinaryenLocalSetSetValue(e, x); }, sets);
      BinaryenIndex x = BinaryenLocalSetGetIndex(e);
      BinaryenType t = BinaryenExpressionGetType(e);
      sets.push_back(BinaryenLocalSet(m_, x, BinaryenLocalSetGetValue(e)));
      if (replace) replace(BinaryenLocalGet(m_, x, t));
      return;
    }
    if (id == BinaryenSelectId()) {
      collect(BinaryenSelectGetIfTrue(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetIfTrue(e, x); }, sets);
      collect(BinaryenSelectGetIfFalse(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetIfFalse(e, x); }, sets);
      collect(BinaryenSelectGetCondition(e), [&](BinaryenExpressionRef x) { BinaryenSelectSetCondition(e, x); }, sets);
    } else if (id == BinaryenUnaryId()) {
      collect(BinaryenUnaryGetValue(e), [&](BinaryenExpressionRef x) { BinaryenUnarySetValue(e, x); }, sets);
    } else if (id == BinaryenBinaryId()) {
      collect(BinaryenBinaryGetLeft(e), [&](BinaryenExpressionRef x) { BinaryenBinarySetLeft(e, x); }, sets);
      collect(BinaryenBinaryGetRight(e), [&](BinaryenExpressionRef x) { BinaryenBinarySetRight(e, x); }, sets);
    }
  }
};

} // namespace

namespace {

// (drop (load offset=a (local.get $p))) kept only for its trap, where the
// first thing the code after it does that could be seen (or trap) is an
// access through the same $p reaching at least as far: that access traps
// whenever the load would have, with nothing seen in between, so the load
// goes.
class CoveredDrops {
public:
  unsigned removed = 0;

  void operator()(BinaryenExpressionRef blk, const Setter&) {
    if (BinaryenExpressionGetId(blk) != BinaryenBlockId()) return;
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk); ++i) {
      BinaryenExpressionRef d = BinaryenBlockGetChildAt(blk, i);
      if (BinaryenExpressionGetId(d) != BinaryenDropId()) continue;
      BinaryenExpressionRef ld = BinaryenDropGetValue(d);
      if (BinaryenExpressionGetId(ld) != BinaryenLoadId() || BinaryenLoadIsAtomic(ld)) continue;
      BinaryenExpressionRef ptr = BinaryenLoadGetPtr(ld);
      if (BinaryenExpressionGetId(ptr) != BinaryenLocalGetId()) continue;
      Want w{BinaryenLocalGetGetIndex(ptr), uint64_t(BinaryenLoadGetOffset(ld)) + BinaryenLoadGetBytes(ld)};
      Found f = Found::Continue;
      for (BinaryenIndex k = i + 1; k < BinaryenBlockGetNumChildren(blk) && f == Found::Continue; ++k)
        f = first(BinaryenBlockGetChildAt(blk, k), w);
      if (f != Found::Covered) continue;
      BinaryenBlockRemoveChildAt(blk, i);
      --i;
      ++removed;
    }
  }

private:
  struct Want { BinaryenIndex local; uint64_t end; };
  enum class Found { Continue, Covered, Stop };
  // Walks e in evaluation order up to its first access, call or other effect.
  static Found first(BinaryenExpressionRef e, const Want& w) {
    BinaryenExpressionId id = BinaryenExpressionGetId(e);
    auto seq = [&](std::initializer_list<BinaryenExpressionRef> kids) {
      for (BinaryenExpressionRef k : kids)
        if (k)
          if (Found f = first(k, w); f != Found::Continue) return f;
      return Found::Continue;
    };
    auto covers = [&](BinaryenExpressionRef p, uint64_t end) {
      return BinaryenExpressionGetId(p) == BinaryenLocalGetId() && BinaryenLocalGetGetIndex(p) == w.local &&
             end >= w.end;
    };
    if (id == BinaryenConstId() || id == BinaryenLocalGetId() || id == BinaryenNopId()) return Found::Continue;
    if (id == BinaryenLocalSetId()) {
      if (Found f = first(BinaryenLocalSetGetValue(e), w); f != Found::Continue) return f;
      return BinaryenLocalSetGetIndex(e) == w.local ? Found::Stop : Found::Continue;
    }
    if (id == BinaryenUnaryId()) {
      std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      if (!op || opInfo(*op).mayTrap) return Found::Stop;
      return first(BinaryenUnaryGetValue(e), w);
    }
    if (id == BinaryenBinaryId()) {
      std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
      if (Found f = seq({BinaryenBinaryGetLeft(e), BinaryenBinaryGetRight(e)}); f != Found::Continue) return f;
      return op && !opInfo(*op).mayTrap ? Found::Continue : Found::Stop;
    }
    if (id == BinaryenSelectId())
      return seq({BinaryenSelectGetIfTrue(e), BinaryenSelectGetIfFalse(e), BinaryenSelectGetCondition(e)});
    if (id == BinaryenLoadId()) {
      BinaryenExpressionRef p = BinaryenLoadGetPtr(e);
      if (Found f = first(p, w); f != Found::Continue) return f;
      return !BinaryenLoadIsAtomic(e) && covers(p, uint64_t(BinaryenLoadGetOffset(e)) + BinaryenLoadGetBytes(e))
                 ? Found::Covered : Found::Stop;
    }
    if (id == BinaryenStoreId()) {
      BinaryenExpressionRef p = BinaryenStoreGetPtr(e);
      if (Found f = seq({p, BinaryenStoreGetValue(e)}); f != Found::Continue) return f;
      return !BinaryenStoreIsAtomic(e) && covers(p, uint64_t(BinaryenStoreGetOffset(e)) + BinaryenStoreGetBytes(e))
                 ? Found::Covered : Found::Stop;
    }
    if (id == BinaryenDropId()) return first(BinaryenDropGetValue(e), w);
    if (id == BinaryenBlockId()) {
      for (BinaryenIndex k = 0, n = BinaryenBlockGetNumChildren(e); k < n; ++k)
        if (Found f = first(BinaryenBlockGetChildAt(e, k), w); f != Found::Continue) return f;
      return Found::Continue;
    }
    // An if's condition runs first; what runs after it depends on it.
    if (id == BinaryenIfId()) {
      Found f = first(BinaryenIfGetCondition(e), w);
      return f == Found::Continue ? Found::Stop : f;
    }
    return Found::Stop;  // calls, branches, globals, memory size/grow, anything else
  }
};

// (if A X) (if B X): X never falls through, B free of effects and traps.
struct EqualArms {
  EqualArms(BinaryenModuleRef m, const CostModel& cm) : m_(m), cm_(cm) {}
  BinaryenModuleRef m_;
  const CostModel& cm_;
  unsigned merged = 0;

  static bool same(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    return (a == nullptr) == (b == nullptr) && (!a || sameStraightLine(a, b));
  }
  // The same jump out: a br (no condition) to the same label, a return, an
  // unreachable, with equal straight-line values.
  static bool sameJump(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    BinaryenExpressionId id = BinaryenExpressionGetId(a);
    if (id != BinaryenExpressionGetId(b)) return false;
    if (id == BinaryenBreakId())
      return !BinaryenBreakGetCondition(a) && !BinaryenBreakGetCondition(b) &&
             std::string(BinaryenBreakGetName(a)) == BinaryenBreakGetName(b) &&
             same(BinaryenBreakGetValue(a), BinaryenBreakGetValue(b));
    if (id == BinaryenReturnId()) return same(BinaryenReturnGetValue(a), BinaryenReturnGetValue(b));
    return id == BinaryenUnreachableId();
  }
  // Equal arms that never fall through: straight-line statements, then a jump.
  static bool sameExit(BinaryenExpressionRef a, BinaryenExpressionRef b) {
    bool ba = BinaryenExpressionGetId(a) == BinaryenBlockId(), bb = BinaryenExpressionGetId(b) == BinaryenBlockId();
    if (ba != bb) return false;
    if (!ba) return sameJump(a, b);
    BinaryenIndex n = BinaryenBlockGetNumChildren(a);
    if (BinaryenBlockGetName(a) || BinaryenBlockGetName(b) || n == 0 || n != BinaryenBlockGetNumChildren(b)) return false;
    for (BinaryenIndex i = 0; i + 1 < n; ++i)
      if (!sameStraightLine(BinaryenBlockGetChildAt(a, i), BinaryenBlockGetChildAt(b, i))) return false;
    return sameJump(BinaryenBlockGetChildAt(a, n - 1), BinaryenBlockGetChildAt(b, n - 1));
  }
  void operator()(BinaryenExpressionRef blk, const Setter&) {
    if (BinaryenExpressionGetId(blk) != BinaryenBlockId()) return;
    for (BinaryenIndex i = 0; i + 1 < BinaryenBlockGetNumChildren(blk);) {
      BinaryenExpressionRef x = BinaryenBlockGetChildAt(blk, i), y = BinaryenBlockGetChildAt(blk, i + 1);
      if (oneArmedIf(x) && oneArmedIf(y) && effectFree(BinaryenIfGetCondition(y), false) &&
          sameExit(BinaryenIfGetIfTrue(x), BinaryenIfGetIfTrue(y))) {
        BinaryenExpressionRef either =
            BinaryenBinary(m_, BinaryenOrInt32(), BinaryenIfGetCondition(x), BinaryenIfGetCondition(y));
        BinaryenExpressionRef one = BinaryenIf(m_, either, BinaryenIfGetIfTrue(x), nullptr);
        // Only where the cost model prices one test of the or at most as two ifs
        // (a tie is fewer instructions).
        if (estimateCost(one, cm_) <= estimateCost(x, cm_) + estimateCost(y, cm_)) {
          BinaryenIfSetCondition(x, either);
          BinaryenBlockRemoveChildAt(blk, i + 1);
          ++merged;
          continue;  // the next if may have the same arm too
        }
      }
      ++i;
    }
  }
};

} // namespace

unsigned mergeEqualArms(BinaryenModuleRef module, BinaryenExpressionRef body, const CostModel& cm) {
  EqualArms a(module, cm);
  walkPostOrder(body, Setter(), a);
  return a.merged;
}

unsigned coveredDrops(BinaryenModuleRef, BinaryenExpressionRef body) {
  CoveredDrops c;
  walkPostOrder(body, Setter(), c);
  return c.removed;
}

unsigned droppedValues(BinaryenModuleRef module, BinaryenExpressionRef body) {
  DroppedValues d(module);
  walkPostOrder(body, Setter(), d);
  return d.replaced;
}

unsigned knownBranchValues(BinaryenModuleRef module, BinaryenExpressionRef body) {
  KnownValues k(module);
  walkPostOrder(body, Setter(), k);
  return k.replaced;
}

unsigned threadConstantDispatch(BinaryenModuleRef module, BinaryenExpressionRef body, bool locals) {
  Threader t(module, body, locals);
  walkPostOrder(body, Setter(), t);
  return t.threaded;
}

} // namespace eqsat
