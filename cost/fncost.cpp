// Whole-function cost (fncost.h). The synth estimate follows what synth's
// instruction selector emits for a wasm function (docs/cost-models.md, "The
// target", gives every number and where it comes from):
//  * registers: in a function without calls, parameters live in r0-r3 (an
//    i64 in an even pair) and up to five i32 locals in r4-r8: those whose
//    every access is outside any loop, if or branch-target block, whose first
//    access writes them and that are read at least twice, the most accessed
//    first (a block counts where the binary has one: explicitBlock). Every other local, and every parameter of a function that calls,
//    lives in the frame: a read is an LDR, a write an STR (two for i64);
//  * frame: PUSH/POP always; SUB/ADD sp when any frame-resident local is
//    accessed or the function calls; parameters stored at entry when it calls;
//  * calls: BL (four for call_indirect), a MOV per non-constant argument word
//    in r0-r3, an STR per word beyond, a result MOV when the result is used,
//    and an STR + LDR per register word live across the call;
//  * constants: free when the consumer takes them as an immediate, else MOVW
//    (up to 0xFFFF) or two instructions; compares produce 0/1 (CMP + ITE +
//    two MOVs) except under a select, and a branch tests its condition again
//    (CMP #0 + Bcc): compares do not fuse with branches.
// The refinement (refinement()) adds what synth's register allocation and
// select fusion cost beyond that; the keep decision uses it as a veto only,
// and asks a function that calls (calls()) to gain more than one instruction.
#include "cost/fncost.h"

#include "ir/expression_kind.h"
#include "cost/ircost.h"
#include "cost/synth_pair_exhaustion.h"

#include "ir/binaryen_ops.h"
#include "egraph/ops.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace eqsat {

namespace {

constexpr unsigned kParamRegs = 4;    // r0-r3 (AAPCS)
constexpr unsigned kCallerSavedRegs = 4;
constexpr unsigned kFirstTemporaryReg = 3;  // r3: synth's first temporary in a function that calls  // r0-r3: what a call may clobber among synth's value registers
constexpr unsigned kPromoteMax = 5;   // r4-r8
constexpr unsigned kPromoteMinGets = 2;
// The estimate gain a rewrite of a function that calls must exceed: synth's
// round-robin register choice around calls (argument moves, spills of what it
// leaves in r0-r3) adds or takes back an instruction or two whichever body it
// compiles, so a gain of one is not a gain on the target (cheaperOnTarget).
constexpr double kCallingMargin = 1;

bool isPair(BinaryenType t) { return t == BinaryenTypeInt64() || t == BinaryenTypeFloat64(); }

struct Node {
  BinaryenExpressionRef e;
  int parent;       // index in nodes, -1 for the body
  unsigned idx;     // operand index in the parent
  unsigned first = 0, count = 0;  // children: kids[first, first + count)
};

class SynthEstimate {
public:
  SynthEstimate(const FunctionShape& f, bool regalloc) : f_(f), ideal_(regalloc) {
    nparams_ = BinaryenTypeArity(f.params);
    std::vector<BinaryenType> ps(nparams_);
    if (nparams_) BinaryenTypeExpand(f.params, ps.data());
    localTypes_ = ps;
    localTypes_.insert(localTypes_.end(), f.vars.begin(), f.vars.end());
  }

  double total() {
    if (!f_.body) return 0;
    build();
    markUnwritten();
    analyse();
    double c = 2;  // PUSH {.., lr} + POP {.., pc}
    frame_ = false;
    if (!ideal_) {
      frame_ = hasCalls_;
      for (size_t i = 0; i < nodes_.size(); ++i) {
        if (skipped_[i]) continue;
        const Node& n = nodes_[i];
        ExprKind id = exprKind(n.e);
        if ((id == ExprKind::LocalGet && !homeReg(BinaryenLocalGetGetIndex(n.e))) ||
            (id == ExprKind::LocalSet && !homeReg(BinaryenLocalSetGetIndex(n.e))))
          frame_ = true;
      }
    }
    if (frame_) c += 2;  // SUB sp + ADD sp
    if (hasCalls_ && !ideal_)
      for (unsigned i = 0; i < nparams_; ++i) c += isPair(localTypes_[i]) ? 2 : 1;  // STR at entry
    if (BinaryenTypeArity(f_.results) == 1 && f_.results != BinaryenTypeUnreachable())
      c += isPair(f_.results) ? 2 : 1;  // the fall-through result into r0(:r1)
    return c + visit();
  }

  // Whether the function calls (call after total()).
  bool calls() const { return hasCalls_; }

  // What synth emits beyond the estimate (call after total()), from its
  // output on small functions (docs/cost-models.md, "The target"):
  //  * a value a branch carries to its block (br, br_if or br_table with a
  //    value) is moved into the block's result register, but the register
  //    that computed it stays allocated to the end of the function: each call
  //    after it in the binary saves and reloads it around the BL when synth's
  //    round-robin choice made it caller-saved, priced one per call and
  //    such register, and at most one per caller-saved register (r0-r3);
  //  * a compare under an i32 select is fused into it (CMP + IT + MOV) only
  //    when no branch, if, return or call follows the select in the binary;
  //    otherwise it is a value (CMP + ITE + two MOVs) and the select tests it
  //    again (CMP #0): 4 more than the fused form the estimate prices;
  //  * in a function that calls, a parameter in r0-r2 that the body never
  //    reads or writes is not stored at entry, as the estimate prices every
  //    parameter, but stays allocated to its register: synth saves it before
  //    each call and reloads it after, two per call (r3 is synth's first
  //    temporary, which frees it). So a body that drops a parameter's last
  //    access (a dead set) costs more on the target, not less;
  //  * a local that a read may reach before any write is zeroed at entry
  //    (zeroInitCost), which the estimate does not price: a body that drops
  //    an explicit `local.set (i32.const 0)` is not cheaper on the target.
  double refinement() const {
    if (ideal_) return 0;
    std::vector<int> order;  // binary (post-) order of the written nodes
    struct Item {
      int node;
      bool post;
    };
    std::vector<Item> st{{0, false}};
    while (!st.empty()) {
      Item it = st.back();
      st.pop_back();
      const Node& n = nodes_[size_t(it.node)];
      if (dead_[size_t(it.node)]) continue;
      if (!it.post) {
        st.push_back({it.node, true});
        for (unsigned k = n.count; k-- > 0;) st.push_back({kids_[n.first + k], false});
      } else if (!skipped_[size_t(it.node)]) {
        order.push_back(it.node);
      }
    }
    double c = 0;
    unsigned valueBranches = 0, calls = 0;
    std::vector<bool> paramAccessed(nparams_, false);
    for (int i : order) {
      BinaryenExpressionRef e = nodes_[size_t(i)].e;
      ExprKind id = exprKind(e);
      if (id == ExprKind::LocalGet && BinaryenLocalGetGetIndex(e) < nparams_)
        paramAccessed[BinaryenLocalGetGetIndex(e)] = true;
      else if (id == ExprKind::LocalSet && BinaryenLocalSetGetIndex(e) < nparams_)
        paramAccessed[BinaryenLocalSetGetIndex(e)] = true;
      if (isCall(e)) {
        ++calls;
        c += std::min(valueBranches, kCallerSavedRegs);
      }
      else if ((id == ExprKind::Break && BinaryenBreakGetValue(e)) ||
               (id == ExprKind::Switch && BinaryenSwitchGetValue(e)))
        ++valueBranches;
    }
    for (unsigned i = 0; i < nparams_; ++i)
      if (!paramAccessed[i] && paramInReg_[i] && localTypes_[i] == BinaryenTypeInt32() &&
          paramRegister_[i] < kFirstTemporaryReg)
        c += 2.0 * calls;
    c += zeroInitCost();
    bool controlAfter = false;
    for (size_t k = order.size(); k-- > 0;) {
      BinaryenExpressionRef e = nodes_[size_t(order[k])].e;
      ExprKind id = exprKind(e);
      if (id == ExprKind::Select && controlAfter && isI32CompareOrEqz(BinaryenSelectGetCondition(e)))
        c += isPair(BinaryenExpressionGetType(e)) ? 3 : 4;
      if (isCall(e) || id == ExprKind::Break || id == ExprKind::Switch || id == ExprKind::If ||
          id == ExprKind::Return)
        controlAfter = true;
    }
    return c;
  }

  // A call-free function where an i64 value finds no register pair is
  // compiled again with its parameters in the frame (synth_pair_exhaustion.h).
  double retry() const {
    return ideal_ || hasCalls_ || !promoted_.empty() ? 0 : pairExhaustionCost(f_.body, localTypes_, nparams_, frame_);
  }

private:
  // Definite assignment of the non-parameter locals, as synth computes it to
  // decide which frame slots it zeroes at entry: in evaluation order, an if
  // assigns what both arms assign (an arm that cannot complete assigns
  // everything), and after a block some branch names only what was assigned
  // before the block. `straight`: no control transfer or call yet, where
  // synth drops the zeroing store a later store to the same slot overwrites.
  struct Assigned {
    std::vector<bool> set;
    bool top = false;  // unreachable: everything counts as assigned
  };
  void walkAssigned(int ni, Assigned& a, bool& straight, std::vector<bool>& readFirst,
                    std::vector<bool>& overwritten, std::vector<bool>& seen) const {
    if (dead_[size_t(ni)]) return;
    const Node& n = nodes_[size_t(ni)];
    ExprKind id = exprKind(n.e);
    auto kid = [&](unsigned k) { return kids_[n.first + k]; };
    if (id == ExprKind::If) {
      walkAssigned(kid(0), a, straight, readFirst, overwritten, seen);
      straight = false;
      Assigned elseA = a;
      walkAssigned(kid(1), a, straight, readFirst, overwritten, seen);
      if (n.count > 2) walkAssigned(kid(2), elseA, straight, readFirst, overwritten, seen);
      if (BinaryenExpressionGetType(nodes_[size_t(kid(1))].e) == BinaryenTypeUnreachable()) a.top = true;
      if (n.count > 2 && BinaryenExpressionGetType(nodes_[size_t(kid(2))].e) == BinaryenTypeUnreachable())
        elseA.top = true;
      if (a.top) a = elseA;
      else if (!elseA.top)
        for (size_t i = 0; i < a.set.size(); ++i) a.set[i] = a.set[i] && elseA.set[i];
      return;
    }
    if (id == ExprKind::Loop) straight = false;
    const bool target = id == ExprKind::Block && namedTarget(n.e);
    const Assigned entry = target ? a : Assigned{};
    for (unsigned k = 0; k < n.count; ++k) walkAssigned(kid(k), a, straight, readFirst, overwritten, seen);
    if (target) a = entry;
    if (skipped_[size_t(ni)]) return;
    if (id == ExprKind::LocalGet || id == ExprKind::LocalSet) {
      const bool get = id == ExprKind::LocalGet;
      BinaryenIndex li = get ? BinaryenLocalGetGetIndex(n.e) : BinaryenLocalSetGetIndex(n.e);
      if (li < nparams_ || li >= a.set.size()) return;
      if (get && !a.top && !a.set[li]) readFirst[li] = true;
      if (!get && straight && !seen[li]) overwritten[li] = true;
      seen[li] = true;
      if (!get) a.set[li] = true;
    }
    if (isCall(n.e) || id == ExprKind::Break || id == ExprKind::Switch || id == ExprKind::Return) straight = false;
    if ((id == ExprKind::Break && !BinaryenBreakGetCondition(n.e)) || id == ExprKind::Switch ||
        id == ExprKind::Return || id == ExprKind::Unreachable)
      a.top = true;
  }

  // synth zeroes at entry the frame slot of each local some read may reach
  // before any write (MOVS #0 once, an STR per word); a local never written
  // is read as the constant instead, and a zeroing store that a store to the
  // same slot overwrites before any branch or call is dropped (the MOVS stays).
  double zeroInitCost() const {
    const size_t nlocals = localTypes_.size();
    Assigned a{std::vector<bool>(nlocals, false)};
    bool straight = true;
    std::vector<bool> readFirst(nlocals, false), overwritten(nlocals, false), seen(nlocals, false);
    walkAssigned(0, a, straight, readFirst, overwritten, seen);
    std::vector<bool> written(nlocals, false);
    for (size_t i = 0; i < nodes_.size(); ++i)
      if (!skipped_[i] && exprKind(nodes_[i].e) == ExprKind::LocalSet) {
        BinaryenIndex li = BinaryenLocalSetGetIndex(nodes_[i].e);
        if (li < nlocals) written[li] = true;
      }
    double c = 0;
    bool any = false;
    for (size_t li = nparams_; li < nlocals; ++li) {
      if (!readFirst[li] || !written[li] || homeReg(BinaryenIndex(li))) continue;
      any = true;
      if (!overwritten[li]) c += isPair(localTypes_[li]) ? 2 : 1;
    }
    return any ? c + 1 : 0;
  }

  const FunctionShape& f_;
  bool ideal_;
  unsigned nparams_ = 0;
  std::vector<BinaryenType> localTypes_;
  std::vector<Node> nodes_;
  std::vector<int> kids_;
  bool hasCalls_ = false, frame_ = false;
  std::vector<bool> paramInReg_;
  std::vector<unsigned> paramRegister_;  // the first of r0-r3 each parameter arrives in
  std::unordered_set<BinaryenIndex> promoted_;
  std::unordered_set<std::string> targets_;  // labels some branch names
  std::unordered_set<std::string> valueTargets_;  // labels a branch carries a value to

  BinaryenType localType(BinaryenIndex i) const {
    return i < localTypes_.size() ? localTypes_[i] : BinaryenTypeInt32();
  }

  // Children in evaluation order (the operand order of the text format).
  void build() {
    nodes_.push_back(Node{f_.body, -1, 0});
    std::vector<BinaryenExpressionRef> tmp;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      tmp.clear();
      childrenOf(nodes_[i].e, tmp);
      nodes_[i].first = unsigned(kids_.size());
      nodes_[i].count = unsigned(tmp.size());
      for (unsigned k = 0; k < tmp.size(); ++k) {
        kids_.push_back(int(nodes_.size()));
        nodes_.push_back(Node{tmp[k], int(i), k});
      }
    }
  }
  // forEachChild's, and the operands of the kinds it does not know that a
  // left-alone function may hold (bulk memory, SIMD, atomics).
  static void childrenOf(BinaryenExpressionRef e, std::vector<BinaryenExpressionRef>& out) {
    if (forEachChild(e, [&](BinaryenExpressionRef c) { out.push_back(c); })) return;
    out.clear();
    ExprKind id = exprKind(e);
    auto add = [&](std::initializer_list<BinaryenExpressionRef> cs) {
      for (BinaryenExpressionRef c : cs)
        if (c) out.push_back(c);
    };
    if (id == ExprKind::MemoryCopy)
      add({BinaryenMemoryCopyGetDest(e), BinaryenMemoryCopyGetSource(e), BinaryenMemoryCopyGetSize(e)});
    else if (id == ExprKind::MemoryFill)
      add({BinaryenMemoryFillGetDest(e), BinaryenMemoryFillGetValue(e), BinaryenMemoryFillGetSize(e)});
    else if (id == ExprKind::MemoryInit)
      add({BinaryenMemoryInitGetDest(e), BinaryenMemoryInitGetOffset(e), BinaryenMemoryInitGetSize(e)});
    else if (id == ExprKind::SIMDExtract) add({BinaryenSIMDExtractGetVec(e)});
    else if (id == ExprKind::SIMDReplace) add({BinaryenSIMDReplaceGetVec(e), BinaryenSIMDReplaceGetValue(e)});
    else if (id == ExprKind::SIMDShuffle) add({BinaryenSIMDShuffleGetLeft(e), BinaryenSIMDShuffleGetRight(e)});
    else if (id == ExprKind::SIMDTernary)
      add({BinaryenSIMDTernaryGetA(e), BinaryenSIMDTernaryGetB(e), BinaryenSIMDTernaryGetC(e)});
    else if (id == ExprKind::SIMDShift) add({BinaryenSIMDShiftGetVec(e), BinaryenSIMDShiftGetShift(e)});
    else if (id == ExprKind::SIMDLoad) add({BinaryenSIMDLoadGetPtr(e)});
    else if (id == ExprKind::SIMDLoadStoreLane) add({BinaryenSIMDLoadStoreLaneGetPtr(e), BinaryenSIMDLoadStoreLaneGetVec(e)});
    else if (id == ExprKind::AtomicRMW) add({BinaryenAtomicRMWGetPtr(e), BinaryenAtomicRMWGetValue(e)});
    else if (id == ExprKind::AtomicCmpxchg)
      add({BinaryenAtomicCmpxchgGetPtr(e), BinaryenAtomicCmpxchgGetExpected(e), BinaryenAtomicCmpxchgGetReplacement(e)});
    else if (id == ExprKind::AtomicWait)
      add({BinaryenAtomicWaitGetPtr(e), BinaryenAtomicWaitGetExpected(e), BinaryenAtomicWaitGetTimeout(e)});
    else if (id == ExprKind::AtomicNotify) add({BinaryenAtomicNotifyGetPtr(e), BinaryenAtomicNotifyGetNotifyCount(e)});
  }

  BinaryenExpressionRef kid(const Node& n, unsigned k) const {
    return k < n.count ? nodes_[size_t(kids_[n.first + k])].e : nullptr;
  }

  // What the binary writer leaves out of a body eqsat-wasm built: an
  // expression with an operand that cannot complete (its operands after that
  // one too), an if whose condition cannot, and the statements of a block
  // after one that cannot complete (the reader drops them as dead code).
  std::vector<bool> dead_;     // the whole subtree is not written
  std::vector<bool> skipped_;  // the node itself is not written (its operands may be)
  void markUnwritten() {
    dead_.assign(nodes_.size(), false);
    skipped_.assign(nodes_.size(), false);
    if (f_.asRead) return;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      if (dead_[i]) {
        skipped_[i] = true;
        for (unsigned k = 0; k < n.count; ++k) dead_[size_t(kids_[n.first + k])] = true;
        continue;
      }
      ExprKind id = exprKind(n.e);
      bool block = id == ExprKind::Block, loop = id == ExprKind::Loop, iff = id == ExprKind::If;
      if (loop) continue;
      unsigned limit = iff ? 1 : n.count;  // an if's arms are written whatever they do
      bool after = false;
      for (unsigned k = 0; k < n.count; ++k) {
        size_t ki = size_t(kids_[n.first + k]);
        if (after) dead_[ki] = true;
        if (k < limit && BinaryenExpressionGetType(nodes_[ki].e) == BinaryenTypeUnreachable()) {
          if (!block) skipped_[i] = true;
          after = true;
        }
      }
    }
  }

  bool isCall(BinaryenExpressionRef e) const {
    ExprKind id = exprKind(e);
    return (id == ExprKind::Call && !BinaryenCallIsReturn(e)) ||
           (id == ExprKind::CallIndirect && !BinaryenCallIndirectIsReturn(e));
  }

  bool namedTarget(BinaryenExpressionRef e) const {
    const char* name = BinaryenBlockGetName(e);
    return name && targets_.count(name);
  }

  // A block the binary holds as a block of its own (with a label when read
  // back). As read: the named ones. As built: all but a function body, an if
  // arm or a loop body that no branch names, whose statements the binary
  // writer puts in its parent's place.
  bool explicitBlock(const Node& n) const {
    if (exprKind(n.e) != ExprKind::Block) return false;
    if (f_.asRead) return BinaryenBlockGetName(n.e) != nullptr;
    if (namedTarget(n.e)) return true;
    if (n.parent < 0) return false;
    ExprKind pid = exprKind(nodes_[size_t(n.parent)].e);
    return !((pid == ExprKind::If && n.idx >= 1) || pid == ExprKind::Loop);
  }

  // A block, if or loop that cannot be left: the binary writer gives it no
  // type and puts an `unreachable` after it (one UDF) that survives reading
  // back only after a block first in its parent block.
  bool trailingUnreachable(const Node& n) const {
    if (f_.asRead) return false;
    ExprKind id = exprKind(n.e);
    if (BinaryenExpressionGetType(n.e) != BinaryenTypeUnreachable()) return false;
    if (id == ExprKind::Block) {
      // Read back, such a block is itself unreachable and the UDF after it dead
      // code, except where the reader takes a chain of first-position blocks at once.
      if (!explicitBlock(n) || n.parent < 0 || n.idx != 0) return false;
      return exprKind(nodes_[size_t(n.parent)].e) == ExprKind::Block;
    }
    return false;  // an if or loop read back is unreachable itself: the UDF after it is dead code
  }

  void analyse() {
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (skipped_[i]) continue;
      BinaryenExpressionRef e = nodes_[i].e;
      ExprKind id = exprKind(e);
      if (isCall(e)) hasCalls_ = true;
      if (id == ExprKind::Break) {
        targets_.insert(BinaryenBreakGetName(e));
        if (BinaryenBreakGetValue(e)) valueTargets_.insert(BinaryenBreakGetName(e));
      } else if (id == ExprKind::Switch) {
        bool v = BinaryenSwitchGetValue(e) != nullptr;
        for (BinaryenIndex i = 0, k = BinaryenSwitchGetNumNames(e); i < k; ++i) {
          targets_.insert(BinaryenSwitchGetNameAt(e, i));
          if (v) valueTargets_.insert(BinaryenSwitchGetNameAt(e, i));
        }
        if (const char* d = BinaryenSwitchGetDefaultName(e)) {
          targets_.insert(d);
          if (v) valueTargets_.insert(d);
        }
      }
    }
    // Parameters in r0-r3.
    paramInReg_.assign(nparams_, false);
    paramRegister_.assign(nparams_, 0);
    unsigned r = 0;
    for (unsigned i = 0; i < nparams_; ++i) {
      unsigned w = isPair(localTypes_[i]) ? 2 : 1;
      if (w == 2) r += r % 2;
      paramInReg_[i] = r + w <= kParamRegs;
      paramRegister_[i] = r;
      r += w;
    }
    if (hasCalls_ || ideal_) return;
    // Locals promoted to r4-r8: accesses in evaluation order with their depth.
    struct Access {
      bool firstWrites = false, allTop = true;
      unsigned gets = 0, accesses = 0;
      size_t order = 0;
    };
    std::unordered_map<BinaryenIndex, Access> info;
    struct Item {
      int node;
      unsigned depth;
      bool post;
    };
    std::vector<Item> st{{0, 0, false}};
    while (!st.empty()) {
      Item it = st.back();
      st.pop_back();
      const Node& n = nodes_[size_t(it.node)];
      ExprKind id = exprKind(n.e);
      bool get = id == ExprKind::LocalGet, set = id == ExprKind::LocalSet;
      if (dead_[size_t(it.node)]) continue;
      if (it.post) {
        BinaryenIndex li = get ? BinaryenLocalGetGetIndex(n.e) : BinaryenLocalSetGetIndex(n.e);
        auto [pos, fresh] = info.try_emplace(li);
        Access& a = pos->second;
        if (fresh) {
          a.firstWrites = !get;
          a.order = info.size();
        }
        if (it.depth != 0) a.allTop = false;
        if (get) a.gets++;
        a.accesses++;
        continue;
      }
      unsigned kd = it.depth;
      if (id == ExprKind::Loop || id == ExprKind::If || explicitBlock(n)) ++kd;
      if ((get || set) && !skipped_[size_t(it.node)]) st.push_back({it.node, it.depth, true});
      for (unsigned k = n.count; k-- > 0;) st.push_back({kids_[n.first + k], kd, false});
    }
    std::vector<std::pair<BinaryenIndex, Access>> cands;
    for (auto& [li, a] : info)
      if (li >= nparams_ && localType(li) == BinaryenTypeInt32() && a.firstWrites && a.allTop &&
          a.gets >= kPromoteMinGets)
        cands.push_back({li, a});
    std::sort(cands.begin(), cands.end(), [](const auto& x, const auto& y) {
      if (x.second.accesses != y.second.accesses) return x.second.accesses > y.second.accesses;
      return x.second.order < y.second.order;
    });
    for (size_t i = 0; i < cands.size() && i < kPromoteMax; ++i) promoted_.insert(cands[i].first);
  }

  bool homeReg(BinaryenIndex li) const {
    if (ideal_) return true;
    if (li < nparams_) return !hasCalls_ && paramInReg_[li];
    return promoted_.count(li) > 0;
  }

  // A value in a fresh register its consumer may overwrite (all but a register-homed local).
  bool isTemp(BinaryenExpressionRef e) const {
    return !(exprKind(e) == ExprKind::LocalGet && homeReg(BinaryenLocalGetGetIndex(e)));
  }

  // Register words of a value (0 for no value; what an operand holds while later operands are computed).
  unsigned width(BinaryenExpressionRef e) const {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Break || id == ExprKind::Switch) return 0;
    if (id == ExprKind::LocalSet && !BinaryenLocalSetIsTee(e)) return 0;
    if (id == ExprKind::LocalSet || id == ExprKind::LocalGet) {
      BinaryenIndex li = id == ExprKind::LocalGet ? BinaryenLocalGetGetIndex(e) : BinaryenLocalSetGetIndex(e);
      return isPair(localType(li)) ? 2 : 1;
    }
    BinaryenType t = BinaryenExpressionGetType(e);
    if (t == BinaryenTypeNone() || t == BinaryenTypeUnreachable()) {
      // Unreachable code still has the type of its operator.
      if (id == ExprKind::Unary || id == ExprKind::Binary) {
        std::optional<Op> op = id == ExprKind::Unary ? opFromBinaryenUnary(BinaryenUnaryGetOp(e))
                                                       : opFromBinaryenBinary(BinaryenBinaryGetOp(e));
        if (op) return opInfo(*op).result == Ty::i64 ? 2 : 1;
      }
      return 0;
    }
    return isPair(t) ? 2 : 1;
  }

  static std::optional<int64_t> i32Const(BinaryenExpressionRef e) {
    if (!e || exprKind(e) != ExprKind::Const || BinaryenExpressionGetType(e) != BinaryenTypeInt32())
      return std::nullopt;
    return int64_t(BinaryenConstGetValueI32(e));
  }

  static bool isI32CompareOrEqz(BinaryenExpressionRef e) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Unary) return opFromBinaryenUnary(BinaryenUnaryGetOp(e)) == Op::I32Eqz;
    if (id != ExprKind::Binary) return false;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
    return op && opInfo(*op).kind == OpKind::Compare && opInfo(*op).operand[0] == Ty::i32;
  }

  static uint32_t memOffsetOf(BinaryenExpressionRef e) {
    ExprKind id = exprKind(e);
    if (id == ExprKind::Load) return BinaryenLoadGetOffset(e);
    if (id == ExprKind::SIMDLoad) return BinaryenSIMDLoadGetOffset(e);
    if (id == ExprKind::SIMDLoadStoreLane) return BinaryenSIMDLoadStoreLaneGetOffset(e);
    return BinaryenStoreGetOffset(e);
  }

  // An i32 constant its consumer takes as an immediate (cost 0).
  bool folded(const Node& n, int64_t c) const {
    if (n.parent < 0) return false;
    BinaryenExpressionRef p = nodes_[size_t(n.parent)].e;
    ExprKind pid = exprKind(p);
    if ((pid == ExprKind::Load || pid == ExprKind::Store || pid == ExprKind::SIMDLoad ||
         pid == ExprKind::SIMDLoadStoreLane) &&
        n.idx == 0)
      return uint64_t(uint32_t(c)) + memOffsetOf(p) <= 0xFFF;
    if (pid != ExprKind::Binary || n.idx != 1) return false;
    std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(p));
    if (!op) return false;
    switch (*op) {
    case Op::I32Add: case Op::I32Sub: return c >= 0 && c <= 0xFFF;       // ADDW/SUBW #imm12
    case Op::I32And: case Op::I32Or: case Op::I32Xor: return c >= 0 && c <= 0xFF;
    case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: case Op::I32Rotr: return true;
    case Op::I32DivU: case Op::I32DivS: case Op::I32RemU: case Op::I32RemS: return c != 0;
    default: break;
    }
    if (opInfo(*op).kind == OpKind::Compare && opInfo(*op).operand[0] == Ty::i32) return c >= -0xFF && c <= 0xFF;
    return false;
  }

  static unsigned materialize(uint32_t v) { return v <= 0xFFFF ? 1 : 2; }  // MOVW / MOVW+MOVT (or MVN)

  double divCost(Op op, BinaryenExpressionRef rhs) const {
    std::optional<int64_t> c = i32Const(rhs);
    switch (op) {
    case Op::I32DivU: {
      if (!c || *c == 0) return 4;  // CMP #0, BNE, UDF, UDIV
      uint32_t u = uint32_t(*c);
      if ((u & (u - 1)) == 0) return 1;  // MOV (1) or LSR
      return 5;
    }
    case Op::I32DivS: return c && *c != 0 && *c != -1 ? 1 : 11;
    default:  // rem
      if (!c || *c == 0) return 5;
      return *c == 1 || *c == -1 ? 1 : 2;
    }
  }

  double memCost(BinaryenExpressionRef e, BinaryenExpressionRef ptr) const {
    bool load = exprKind(e) == ExprKind::Load;
    unsigned bytes = load ? BinaryenLoadGetBytes(e) : BinaryenStoreGetBytes(e);
    uint32_t off = memOffsetOf(e);
    std::optional<int64_t> c = i32Const(ptr);
    bool constAddr = c && uint64_t(uint32_t(*c)) + off <= 0xFFF;
    double v;
    if (bytes == 8) v = constAddr ? 2 : off == 0 ? 3 : 4;
    else v = constAddr ? 1 : off == 0 ? 1 : 2;
    if (load && bytes < 8 && BinaryenExpressionGetType(e) == BinaryenTypeInt64()) v += 1;  // the high half
    return v;
  }

  double callCost(const Node& n, int live) const {
    BinaryenExpressionRef e = n.e;
    bool indirect = exprKind(e) == ExprKind::CallIndirect;
    double c = indirect ? 4 : 1;  // table base + LDR + BLX / BL
    unsigned nargs = indirect ? BinaryenCallIndirectGetNumOperands(e) : BinaryenCallGetNumOperands(e);
    unsigned r = 0;
    for (unsigned i = 0; i < nargs; ++i) {
      BinaryenExpressionRef a = indirect ? BinaryenCallIndirectGetOperandAt(e, i) : BinaryenCallGetOperandAt(e, i);
      unsigned w = std::max(width(a), 1u);
      if (w == 2) r += r % 2;
      if (r + w <= kParamRegs) {
        if (exprKind(a) != ExprKind::Const ||
            !(BinaryenExpressionGetType(a) == BinaryenTypeInt32() || BinaryenExpressionGetType(a) == BinaryenTypeInt64()))
          c += w;  // MOV into rN (a constant is materialised straight into it)
      } else {
        c += w;  // STR to the outgoing area
      }
      r += w;
    }
    BinaryenType res = BinaryenExpressionGetType(e);
    bool dropped = n.parent >= 0 && exprKind(nodes_[size_t(n.parent)].e) == ExprKind::Drop;
    if (res != BinaryenTypeNone() && res != BinaryenTypeUnreachable() && !dropped) c += isPair(res) ? 2 : 1;
    if (!ideal_ && live > 0) c += 2 * live;  // STR + LDR per live word (caller-saved)
    return c;
  }

  double own(const Node& n, int live) const {
    BinaryenExpressionRef e = n.e;
    ExprKind id = exprKind(e);
    if (id == ExprKind::Const) {
      BinaryenType t = BinaryenExpressionGetType(e);
      if (t == BinaryenTypeInt32()) {
        int64_t c = BinaryenConstGetValueI32(e);
        return folded(n, c) ? 0 : materialize(uint32_t(c));
      }
      if (t == BinaryenTypeInt64()) {
        uint64_t v = uint64_t(BinaryenConstGetValueI64(e));
        return materialize(uint32_t(v)) + materialize(uint32_t(v >> 32));
      }
      return 1;
    }
    if (id == ExprKind::LocalGet) {
      BinaryenIndex li = BinaryenLocalGetGetIndex(e);
      if (homeReg(li)) return 0;
      return localType(li) == BinaryenTypeInt64() ? 2 : 1;
    }
    if (id == ExprKind::LocalSet) {
      BinaryenIndex li = BinaryenLocalSetGetIndex(e);
      if (ideal_) return 0;
      if (homeReg(li)) return 1;  // MOV into the home register
      return localType(li) == BinaryenTypeInt64() ? 2 : 1;
    }
    if (id == ExprKind::GlobalGet) return isPair(BinaryenExpressionGetType(e)) ? 2 : 1;
    if (id == ExprKind::GlobalSet) return isPair(BinaryenExpressionGetType(BinaryenGlobalSetGetValue(e))) ? 2 : 1;
    if (id == ExprKind::Unary) {
      std::optional<Op> op = opFromBinaryenUnary(BinaryenUnaryGetOp(e));
      if (!op) return 1;
      switch (*op) {
      case Op::I32Clz: return 1;
      case Op::I32Ctz: return 2;
      case Op::I32Popcnt: return 24;
      case Op::I32Extend8S: case Op::I32Extend16S: return 1;
      case Op::I32WrapI64: return 1;
      case Op::I64ExtendI32U: case Op::I64ExtendI32S: return isTemp(kid(n, 0)) ? 1 : 2;  // in place / copy first
      case Op::I64Extend8S: case Op::I64Extend16S: case Op::I64Extend32S: return 2;
      case Op::I64Clz: return 8;
      case Op::I64Ctz: return 10;
      case Op::I64Popcnt: return 50;
      case Op::I32Eqz: return underSelect(n) ? 1 : 4;
      case Op::I64Eqz: return 5;
      default: return 1;
      }
    }
    if (id == ExprKind::Binary) {
      std::optional<Op> op = opFromBinaryenBinary(BinaryenBinaryGetOp(e));
      if (!op) return 1;
      BinaryenExpressionRef rhs = kid(n, 1);
      switch (*op) {
      case Op::I32Add: case Op::I32Sub: case Op::I32Mul: case Op::I32And: case Op::I32Or: case Op::I32Xor:
      case Op::I32Rotr:
        return 1;
      case Op::I32Shl: case Op::I32ShrS: case Op::I32ShrU: case Op::I32Rotl: return i32Const(rhs) ? 1 : 2;
      case Op::I32DivU: case Op::I32DivS: case Op::I32RemU: case Op::I32RemS: return divCost(*op, rhs);
      case Op::I64Add: case Op::I64Sub: case Op::I64And: case Op::I64Or: case Op::I64Xor: return 2;
      case Op::I64Mul: return 4;
      case Op::I64Shl: case Op::I64ShrS: case Op::I64ShrU: return 11;
      case Op::I64Rotl: case Op::I64Rotr: return 30;
      case Op::I64DivU: case Op::I64DivS: case Op::I64RemU: case Op::I64RemS: return 50;
      case Op::I64Eq: case Op::I64Ne: return 6;
      default: break;
      }
      if (opInfo(*op).kind == OpKind::Compare) return opInfo(*op).operand[0] == Ty::i64 ? 5 : underSelect(n) ? 1 : 4;
      return 1;
    }
    if (id == ExprKind::Select) {
      bool wide = isPair(BinaryenExpressionGetType(e));
      bool inplace = isTemp(BinaryenSelectGetIfTrue(e)) || isTemp(BinaryenSelectGetIfFalse(e));
      double v = wide ? (inplace ? 5 : 9) : (inplace ? 3 : 5);
      if (!wide && isI32CompareOrEqz(BinaryenSelectGetCondition(e))) v -= 1;  // its CMP D,#0 goes
      return v;
    }
    if (id == ExprKind::Load) return memCost(e, BinaryenLoadGetPtr(e));
    if (id == ExprKind::Store) return memCost(e, BinaryenStoreGetPtr(e));
    if (id == ExprKind::SIMDLoad || id == ExprKind::SIMDLoadStoreLane) {  // v128.load*_splat/_lane
      uint32_t off = id == ExprKind::SIMDLoad ? BinaryenSIMDLoadGetOffset(e) : BinaryenSIMDLoadStoreLaneGetOffset(e);
      std::optional<int64_t> c = i32Const(kid(n, 0));
      if (c && uint64_t(uint32_t(*c)) + off <= 0xFFF) return 1;
      return off == 0 ? 1 : 2;
    }
    if (id == ExprKind::MemorySize) return 1;
    if (id == ExprKind::MemoryGrow) return 3;
    if (id == ExprKind::Block) {
      const char* name = BinaryenBlockGetName(e);
      bool value = BinaryenExpressionGetType(e) != BinaryenTypeNone() &&
                   BinaryenExpressionGetType(e) != BinaryenTypeUnreachable();
      return value && name && valueTargets_.count(name) ? 1 : 0;  // the result MOV at its end
    }
    if (id == ExprKind::Loop) return 0;
    if (id == ExprKind::If) {
      BinaryenType t = BinaryenExpressionGetType(e);
      return 2 + (BinaryenIfGetIfFalse(e) ? 1 : 0) + (t != BinaryenTypeNone() && t != BinaryenTypeUnreachable() ? 1 : 0);
    }
    if (id == ExprKind::Break) {
      double v = BinaryenBreakGetCondition(e) ? 2 : 1;  // CMP #0 + Bcc / B
      return v + (BinaryenBreakGetValue(e) ? 1 : 0);
    }
    if (id == ExprKind::Switch)
      return 2.0 * BinaryenSwitchGetNumNames(e) + 1 + (BinaryenSwitchGetValue(e) ? 1 : 0);
    if (id == ExprKind::Return) {
      double v = 1 + (frame_ ? 1 : 0);  // POP {.., pc} (+ ADD sp)
      if (BinaryenExpressionRef r = BinaryenReturnGetValue(e)) v += std::max(width(r), 1u);
      return v;
    }
    if (id == ExprKind::Unreachable) return 1;
    if (id == ExprKind::Drop || id == ExprKind::Nop) return 0;
    if (isCall(e)) return callCost(n, live);
    return 1;  // anything else (floating point, bulk memory, return calls): one instruction
  }

  bool underSelect(const Node& n) const {
    return n.parent >= 0 && exprKind(nodes_[size_t(n.parent)].e) == ExprKind::Select && n.idx == 2;
  }

  // Every node's own cost; `live`: register words held by earlier operands of the enclosing values.
  double visit() const {
    std::vector<int> live(nodes_.size(), 0);
    double c = 0;
    for (size_t i = 0; i < nodes_.size(); ++i) {  // parents before children
      const Node& n = nodes_[i];
      ExprKind id = exprKind(n.e);
      bool values = id != ExprKind::Block && id != ExprKind::Loop && id != ExprKind::If;
      int extra = 0;
      for (unsigned k = 0; k < n.count; ++k) {
        int ki = kids_[n.first + k];
        live[size_t(ki)] = live[i] + extra;
        if (values) extra += int(width(nodes_[size_t(ki)].e));
      }
      if (!skipped_[i]) c += own(n, live[i]) + (trailingUnreachable(n) ? 1 : 0);
    }
    return c;
  }
};

} // namespace

double synthFunctionCost(const FunctionShape& f, bool regalloc) {
  SynthEstimate s(f, regalloc);
  return s.total();
}

TargetCost targetCost(const FunctionShape& f, const CostModel& cm, bool withRetry) {
  switch (cm.wholeFunction()) {
  case WholeFunction::Synth: {
    SynthEstimate s(f, false);
    const double estimate = s.total();
    TargetCost t{estimate, s.refinement(), s.calls()};
    if (withRetry) t.retry = s.retry();
    return t;
  }
  case WholeFunction::SynthRegalloc: return TargetCost{synthFunctionCost(f, true), 0};
  case WholeFunction::Sum: break;
  }
  return TargetCost{estimateCost(f.body, cm), 0};
}

bool cheaperOnTarget(const TargetCost& candidate, const TargetCost& original) {
  const double margin = candidate.calls || original.calls ? kCallingMargin : 0;
  return candidate.estimate < original.estimate - margin && candidate.vetoCost() <= original.vetoCost();
}

double functionCost(const FunctionShape& f, const CostModel& cm) {
  switch (cm.wholeFunction()) {
  case WholeFunction::Synth: return synthFunctionCost(f, false);
  case WholeFunction::SynthRegalloc: return synthFunctionCost(f, true);
  case WholeFunction::Sum: break;
  }
  return estimateCost(f.body, cm);
}

} // namespace eqsat
