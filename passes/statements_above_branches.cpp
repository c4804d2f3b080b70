#include "passes/statements_above_branches.h"

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"
#include "passes/ir_walk.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace eqsat {

namespace {

// Straight-line code the pass may move or compare: no local writes, no
// control flow, no kind sameStraightLine does not compare.
bool straightLineWithoutLocalWrites(BinaryenExpressionRef e, bool& effect) {
  switch (exprKind(e)) {
  case ExprKind::Call:
    if (BinaryenCallIsReturn(e)) return false;
    effect = true;
    break;
  case ExprKind::Store: case ExprKind::GlobalSet: effect = true; break;
  case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Load:
  case ExprKind::Unary: case ExprKind::Binary: case ExprKind::Select: case ExprKind::Drop:
    break;
  default: return false;
  }
  bool ok = true;
  forEachChild(e, [&](BinaryenExpressionRef c) { ok = ok && straightLineWithoutLocalWrites(c, effect); });
  return ok;
}

// A statement the pass moves: no value, straight-line, with an effect.
bool isMovableStatement(BinaryenExpressionRef e) {
  if (BinaryenExpressionGetType(e) != BinaryenTypeNone()) return false;
  bool effect = false;
  return straightLineWithoutLocalWrites(e, effect) && effect;
}

// A condition that may be computed into a local ahead of its branch: loads,
// global reads and arithmetic (traps kept first), local reads and tees; no
// call, store or branch.
bool isPrecomputableCondition(BinaryenExpressionRef e) {
  switch (exprKind(e)) {
  case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::GlobalGet: case ExprKind::Load:
  case ExprKind::Unary: case ExprKind::Binary: case ExprKind::Select:
    break;
  case ExprKind::LocalSet:
    if (!BinaryenLocalSetIsTee(e)) return false;
    break;
  default: return false;
  }
  bool ok = true;
  forEachChild(e, [&](BinaryenExpressionRef c) { ok = ok && isPrecomputableCondition(c); });
  return ok;
}

// The condition `e` evaluates before anything else (through blocks, to an
// if's or a valueless br_if's condition, through the value of a local.set
// or a drop), with its setter.
std::optional<ChildSlot> firstCondition(BinaryenExpressionRef e) {
  switch (exprKind(e)) {
  case ExprKind::Block:
    if (BinaryenBlockGetNumChildren(e) == 0) return std::nullopt;
    return firstCondition(BinaryenBlockGetChildAt(e, 0));
  case ExprKind::LocalSet: return firstCondition(BinaryenLocalSetGetValue(e));
  case ExprKind::Drop: return firstCondition(BinaryenDropGetValue(e));
  case ExprKind::If:
    return ChildSlot{BinaryenIfGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenIfSetCondition(e, x); }};
  case ExprKind::Break:
    if (BinaryenBreakGetValue(e) || !BinaryenBreakGetCondition(e)) return std::nullopt;
    return ChildSlot{BinaryenBreakGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenBreakSetCondition(e, x); }};
  default: return std::nullopt;
  }
}

// Where a path stands with S: not reached, S still to come, S met, or both
// (paths joined from either). Joins are bitwise or.
using State = uint8_t;
constexpr State kUnreached = 0, kPending = 1, kDone = 2;

// Whether e, a unary or binary operator, may trap (an unknown one is taken
// to); false for other kinds, whose children the caller looks at.
bool operatorMayTrap(BinaryenExpressionRef e) {
  if (exprKind(e) == ExprKind::Unary) {
    std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
    return !op || opInfo(*op).mayTrap;
  }
  if (exprKind(e) == ExprKind::Binary) {
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    return !op || opInfo(*op).mayTrap;
  }
  return false;
}

// One trial: walks the region for statement S, choosing the copies that go
// (`target` null: the first on each path; else only `target`).
class RegionWalk {
public:
  RegionWalk(BinaryenExpressionRef s, BinaryenExpressionRef target, BinaryenExpressionRef skip)
      : s_(s), target_(target), skip_(skip) {
    collectReads(s);
  }

  bool failed = false;
  std::vector<ExpressionSetter> consumed;

  // Walks children [from, end) of block `list` from state Pending; true when
  // every path meets S where the rules allow.
  bool run(BinaryenExpressionRef list, BinaryenIndex from) {
    State st = kPending;
    for (BinaryenIndex i = from, n = BinaryenBlockGetNumChildren(list); i < n && !failed; ++i)
      st = visit(BinaryenBlockGetChildAt(list, i), [list, i](BinaryenExpressionRef x) { BinaryenBlockSetChildAt(list, i, x); },
                 st);
    return !failed && !(st & kPending);
  }

private:
  BinaryenExpressionRef s_, target_, skip_;
  std::unordered_set<BinaryenIndex> sReads_;
  std::unordered_map<std::string, State> inside_;  // labels of the region and what reaches them

  void collectReads(BinaryenExpressionRef e) {
    if (exprKind(e) == ExprKind::LocalGet) sReads_.insert(BinaryenLocalGetGetIndex(e));
    forEachChild(e, [&](BinaryenExpressionRef c) { collectReads(c); });
  }

  State fail() {
    failed = true;
    return kUnreached;
  }

  // A branch to `name` from state st.
  void branchTo(const char* name, State st) {
    auto it = inside_.find(name);
    if (it != inside_.end()) it->second |= st;
    else if (st & kPending) fail();  // leaves the region before S
  }

  State visitChildren(BinaryenExpressionRef e, State st) {
    bool ok;
    for (ChildSlot& c : childrenOf(e, ok)) st = visit(c.e, c.set, st);
    return ok ? st : fail();
  }

  State visitBlock(BinaryenExpressionRef e, State st) {
    const char* name = BinaryenBlockGetName(e);
    if (name) inside_[name] = kUnreached;
    st = visitChildren(e, st);
    if (name) {
      st |= inside_[name];
      inside_.erase(name);
    }
    return st;
  }

  State visitBreak(BinaryenExpressionRef e, State st) {
    st = visitChildren(e, st);
    branchTo(BinaryenBreakGetName(e), st);
    return BinaryenBreakGetCondition(e) ? st : kUnreached;
  }

  State visitSwitch(BinaryenExpressionRef e, State st) {
    st = visitChildren(e, st);
    for (BinaryenIndex i = 0, n = BinaryenSwitchGetNumNames(e); i < n; ++i) branchTo(BinaryenSwitchGetNameAt(e, i), st);
    branchTo(BinaryenSwitchGetDefaultName(e), st);
    return kUnreached;
  }

  State visit(BinaryenExpressionRef e, const ExpressionSetter& set, State st) {
    if (failed || st == kUnreached) return st;
    if (e == skip_) return st;
    if ((st & kPending) && BinaryenExpressionGetType(e) == BinaryenTypeNone() && sameStraightLine(e, s_)) {
      if (st & kDone) return fail();  // met S already on some paths only
      if (target_ && e != target_) return st;  // S then S: the same in either order
      consumed.push_back(set);
      return kDone;
    }
    switch (exprKind(e)) {
    case ExprKind::Block: return visitBlock(e, st);
    case ExprKind::If: {
      State c = visit(BinaryenIfGetCondition(e), [e](BinaryenExpressionRef x) { BinaryenIfSetCondition(e, x); }, st);
      State a = visit(BinaryenIfGetIfTrue(e), [e](BinaryenExpressionRef x) { BinaryenIfSetIfTrue(e, x); }, c);
      BinaryenExpressionRef f = BinaryenIfGetIfFalse(e);
      return a | (f ? visit(f, [e](BinaryenExpressionRef x) { BinaryenIfSetIfFalse(e, x); }, c) : c);
    }
    case ExprKind::Loop: {
      if (st & kPending) return fail();
      const char* name = BinaryenLoopGetName(e);
      if (name) inside_[name] = kUnreached;
      st = visitChildren(e, st);
      if (name) inside_.erase(name);
      return st;
    }
    case ExprKind::Break: return visitBreak(e, st);
    case ExprKind::Switch: return visitSwitch(e, st);
    case ExprKind::Return: case ExprKind::Unreachable:
      st = visitChildren(e, st);
      return (st & kPending) ? fail() : kUnreached;  // leaves or traps before S
    case ExprKind::LocalSet:
      st = visitChildren(e, st);
      if ((st & kPending) && sReads_.count(BinaryenLocalSetGetIndex(e))) return fail();
      return st;
    case ExprKind::Const: case ExprKind::LocalGet: case ExprKind::Nop: return st;
    case ExprKind::Unary: case ExprKind::Binary: case ExprKind::Select: case ExprKind::Drop:
      st = visitChildren(e, st);
      return ((st & kPending) && operatorMayTrap(e)) ? fail() : st;
    default:
      // Memory, globals, calls: S could observe them or they S.
      if (st & kPending) return fail();
      return visitChildren(e, st);
    }
  }
};

class StatementsAboveBranches {
public:
  StatementsAboveBranches(BinaryenModuleRef m, BinaryenIndex firstNewLocal, std::vector<BinaryenType>& added)
      : m_(m), firstNewLocal_(firstNewLocal), added_(added) {}

  // One hoist anywhere in body; false when none applies.
  bool hoistOne(BinaryenExpressionRef body) {
    BodyIndex ix;
    indexBody(body, ix);
    classifyStatements(ix);
    for (const BodyIndex::Block& block : ix.blocks)
      for (BinaryenIndex i = 0; i < block.hasBranch.size(); ++i)
        if (block.hasBranch[i] && hoistAt(block.list, i, distinctStatements(ix, block.firstStatement[i],
                                                                             block.firstStatement.back())))
          return true;
    return false;
  }

private:
  BinaryenModuleRef m_;
  BinaryenIndex firstNewLocal_;
  std::vector<BinaryenType>& added_;
  std::vector<int> slotOfClass_;  // distinctStatements' scratch, -1 between calls

  // What one walk of the body finds (nothing changes until a hoist): its
  // blocks in pre-order, with each child's branch (whether it holds an if,
  // br or br_table) and where its movable statements start in `statements`;
  // the movable statements in order (not looking inside one), each with a
  // class that the statements the same as it (sameStraightLine) share.
  struct BodyIndex {
    struct Block {
      BinaryenExpressionRef list;
      std::vector<bool> hasBranch;
      std::vector<uint32_t> firstStatement;  // one per child, then the end
    };
    std::vector<Block> blocks;
    std::vector<BinaryenExpressionRef> statements;
    std::vector<uint32_t> classOf;  // per statement
    uint32_t classes = 0;
  };

  // Indexes e into ix; true when e holds a branch.
  static bool indexBody(BinaryenExpressionRef e, BodyIndex& ix) {
    if (isMovableStatement(e)) {
      ix.statements.push_back(e);
      return false;
    }
    const ExprKind k = exprKind(e);
    bool branch = k == ExprKind::If || k == ExprKind::Break || k == ExprKind::Switch;
    if (k == ExprKind::Block) {
      const size_t b = ix.blocks.size();
      ix.blocks.push_back(BodyIndex::Block{e, {}, {}});
      for (BinaryenIndex i = 0, n = BinaryenBlockGetNumChildren(e); i < n; ++i) {
        ix.blocks[b].firstStatement.push_back(uint32_t(ix.statements.size()));
        const bool childBranch = indexBody(BinaryenBlockGetChildAt(e, i), ix);
        ix.blocks[b].hasBranch.push_back(childBranch);
        branch = branch || childBranch;
      }
      ix.blocks[b].firstStatement.push_back(uint32_t(ix.statements.size()));
      return branch;
    }
    forEachChild(e, [&](BinaryenExpressionRef c) { branch = indexBody(c, ix) || branch; });
    return branch;
  }

  // Gives each statement the class of the first earlier one the same as it,
  // else a new one (a straightLineHash first, sameStraightLine on a match).
  void classifyStatements(BodyIndex& ix) {
    struct First {
      size_t hash;
      BinaryenExpressionRef s;
      uint32_t cls;
    };
    std::vector<First> firsts;
    for (BinaryenExpressionRef e : ix.statements) {
      const size_t h = straightLineHash(e);
      auto same = std::find_if(firsts.begin(), firsts.end(),
                               [&](const First& f) { return f.hash == h && sameStraightLine(f.s, e); });
      if (same != firsts.end()) {
        ix.classOf.push_back(same->cls);
        continue;
      }
      firsts.push_back(First{h, e, ix.classes});
      ix.classOf.push_back(ix.classes++);
    }
    slotOfClass_.assign(ix.classes, -1);
  }

  // A distinct movable statement of a region and how many statements of the
  // region are the same (sameStraightLine) as it.
  struct Distinct {
    BinaryenExpressionRef s;
    unsigned copies;
  };

  // The distinct movable statements among statements [from, end) of ix, in
  // order, each the first of its class there.
  std::vector<Distinct> distinctStatements(const BodyIndex& ix, uint32_t from, uint32_t end) {
    std::vector<Distinct> out;
    for (uint32_t i = from; i < end; ++i) {
      int& slot = slotOfClass_[ix.classOf[i]];
      if (slot < 0) {
        slot = int(out.size());
        out.push_back(Distinct{ix.statements[i], 1});
      } else {
        ++out[size_t(slot)].copies;
      }
    }
    for (uint32_t i = from; i < end; ++i) slotOfClass_[ix.classOf[i]] = -1;
    return out;
  }

  // Tries the distinct statements of children [at, end) of `list`, in order.
  bool hoistAt(BinaryenExpressionRef list, BinaryenIndex at, const std::vector<Distinct>& distinct) {
    std::optional<ChildSlot> cond = firstCondition(BinaryenBlockGetChildAt(list, at));
    for (const Distinct& d : distinct) {
      BinaryenExpressionRef s = d.s;
      // The condition goes into a local first unless S may move above it.
      const bool precompute = cond && !commutesWith(cond->e, s);
      if (precompute && !isPrecomputableCondition(cond->e)) continue;
      BinaryenExpressionRef skip = precompute ? cond->e : nullptr;
      // The walk takes only copies of S, so it can take two only where the
      // region holds two.
      if (d.copies >= 2) {
        RegionWalk first(s, nullptr, skip);
        if (first.run(list, at) && first.consumed.size() >= 2)
          return apply(list, at, s, first, precompute ? &*cond : nullptr);
      }
      for (BinaryenIndex i = at + 1, n = BinaryenBlockGetNumChildren(list); i < n; ++i) {
        BinaryenExpressionRef x = BinaryenBlockGetChildAt(list, i);
        if (!sameStraightLine(x, s)) continue;
        RegionWalk one(s, x, skip);
        if (one.run(list, at) && one.consumed.size() == 1) return apply(list, at, s, one, precompute ? &*cond : nullptr);
      }
    }
    return false;
  }

  // Whether condition c may be evaluated after S: it reads only locals and
  // computes without trapping (S writes no local).
  static bool commutesWith(BinaryenExpressionRef c, BinaryenExpressionRef) { return effectFree(c, false); }

  bool apply(BinaryenExpressionRef list, BinaryenIndex at, BinaryenExpressionRef s, const RegionWalk& walk,
             const ChildSlot* cond) {
    BinaryenExpressionRef copy = BinaryenExpressionCopy(s, m_);
    for (const ExpressionSetter& set : walk.consumed) set(BinaryenNop(m_));
    BinaryenBlockInsertChildAt(list, at, copy);
    if (cond) {
      const BinaryenIndex t = firstNewLocal_ + BinaryenIndex(added_.size());
      added_.push_back(BinaryenTypeInt32());
      BinaryenExpressionRef c = cond->e;
      cond->set(BinaryenLocalGet(m_, t, BinaryenTypeInt32()));
      BinaryenBlockInsertChildAt(list, at, BinaryenLocalSet(m_, t, c));
    }
    return true;
  }
};

// A movable statement met so far, with its straightLineHash.
struct SeenStatement {
  size_t hash;
  BinaryenExpressionRef s;
};

// Whether e holds two movable statements the same (sameStraightLine, tried
// only where the hashes match), or one the same as a statement in `seen`.
bool hasEqualStatements(BinaryenExpressionRef e, std::vector<SeenStatement>& seen) {
  if (isMovableStatement(e)) {
    const size_t h = straightLineHash(e);
    if (std::any_of(seen.begin(), seen.end(),
                    [&](const SeenStatement& x) { return x.hash == h && sameStraightLine(x.s, e); }))
      return true;
    seen.push_back(SeenStatement{h, e});
    return false;
  }
  bool found = false;
  forEachChild(e, [&](BinaryenExpressionRef c) { found = found || hasEqualStatements(c, seen); });
  return found;
}

} // namespace

bool statementsAboveBranchesApplies(BinaryenExpressionRef body) {
  std::vector<SeenStatement> seen;
  return hasEqualStatements(body, seen);
}

unsigned statementsAboveBranches(BinaryenModuleRef module, BinaryenExpressionRef body, BinaryenIndex firstNewLocal,
                                 std::vector<BinaryenType>& added, unsigned maxHoists) {
  StatementsAboveBranches pass(module, firstNewLocal, added);
  unsigned n = 0;
  while (n < maxHoists && pass.hoistOne(body)) ++n;
  return n;
}

} // namespace eqsat
