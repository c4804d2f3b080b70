// synth's parameter-backing retry (synth_pair_exhaustion.h): a replay of its
// round-robin register choice over a call-free body, in evaluation order.
//
//   (func (param i32 i32 i32) (result i32) (local i64)
//     ...                                   ;; p0, p1, p2 read again below
//     (local.set 3 (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001)))
//     (loop ... (local.get 0) (local.get 1) (local.get 2) ...))
//
// r0-r2 are pinned through the loop; r3-r8 are left. The extend takes a pair,
// the constant the next one, and the product needs a third: from a pointer at
// r3, r5, r7 or r8 the pairs fall as (r3,r4) (r5,r6) (r7,r8); from r4 or r6
// the operands leave r3 and r8 apart and synth retries with p0-p2 in the frame.
#include "cost/synth_pair_exhaustion.h"

#include "ir/binaryen_ops.h"
#include "ir/expression_kind.h"

#include <algorithm>

namespace eqsat {

namespace {

constexpr int kRegs = 9;           // r0-r8, synth's allocatable registers
constexpr unsigned kArgRegs = 4;   // r0-r3
constexpr unsigned kMaxDepth = 2000;

bool isPair(BinaryenType t) { return t == BinaryenTypeInt64() || t == BinaryenTypeFloat64(); }

bool hasValue(BinaryenType t) { return t != BinaryenTypeNone() && t != BinaryenTypeUnreachable(); }

// A value on synth's operand stack: its (first) register, whether it holds
// two, and whether it was spilled to the frame (reloaded when popped).
struct Val {
  int reg = -1;
  bool wide = false;
  bool spilled = false;
};

class Replay {
public:
  Replay(const std::vector<BinaryenType>& localTypes, unsigned nparams)
      : localTypes_(localTypes), nregParams_(std::min(nparams, kArgRegs)), lastRead_(nregParams_, -1),
        reads_(nregParams_, 0), accessed_(nregParams_, false) {}

  // First pass: evaluation positions, each parameter's last read (a loop's
  // end for a read inside it), whether the body calls. False: not replayed.
  bool scan(BinaryenExpressionRef body) {
    pos_ = 0;
    if (!scanNode(body, 0, false)) return false;
    reserveUnread();
    return true;
  }

  // Second pass: the replay. True when some pair finds no registers.
  bool exhausts(BinaryenExpressionRef body) {
    pos_ = 0;
    stack_.clear();
    next_ = 0;
    exhausted_ = false;
    failed_ = false;
    eval(body, 0);
    return exhausted_ && !failed_;
  }

  bool calls() const { return calls_; }
  bool wideOps() const { return wideOps_; }
  const std::vector<unsigned>& reads() const { return reads_; }
  const std::vector<bool>& accessed() const { return accessed_; }

private:
  const std::vector<BinaryenType>& localTypes_;
  unsigned nregParams_;
  std::vector<int> lastRead_;
  std::vector<unsigned> reads_;
  std::vector<bool> accessed_;
  bool calls_ = false, wideOps_ = false;
  int pos_ = 0;
  int cur_ = 0;  // the position of the operator being replayed
  std::vector<unsigned> loopReads_;  // parameters read inside the outermost loop being scanned

  std::vector<Val> stack_;
  int next_ = 0;
  bool exhausted_ = false, failed_ = false;

  bool scanNode(BinaryenExpressionRef e, unsigned depth, bool inLoop) {
    if (depth > kMaxDepth) return false;
    ExprKind id = exprKind(e);
    if (id == ExprKind::Call || id == ExprKind::CallIndirect) calls_ = true;
    const bool outerLoop = id == ExprKind::Loop && !inLoop;
    if (outerLoop) loopReads_.clear();
    if (opensBefore(e)) ++pos_;
    bool childrenOk = true;
    unsigned k = 0;
    const bool known = forEachChild(e, [&](BinaryenExpressionRef c) {
      if (childrenOk && !scanNode(c, depth + 1, inLoop || id == ExprKind::Loop)) childrenOk = false;
      if (k++ == 0 && id == ExprKind::If) ++pos_;
    });
    if (!known || !childrenOk) return false;
    const int here = pos_++;
    if (id == ExprKind::LocalGet || id == ExprKind::LocalSet) {
      BinaryenIndex li = id == ExprKind::LocalGet ? BinaryenLocalGetGetIndex(e) : BinaryenLocalSetGetIndex(e);
      if (li < nregParams_) {
        accessed_[li] = true;
        if (id == ExprKind::LocalGet) {
          reads_[li]++;
          lastRead_[li] = std::max(lastRead_[li], here);
          if (inLoop) loopReads_.push_back(li);
        }
      }
    }
    if (id == ExprKind::Binary && isPair(BinaryenExpressionGetType(e))) wideOps_ = true;
    if (id == ExprKind::Select && isPair(BinaryenExpressionGetType(e))) wideOps_ = true;
    if (outerLoop)
      for (unsigned p : loopReads_) lastRead_[p] = std::max(lastRead_[p], here);
    return true;
  }

  // The op a block or loop opens with (the function body's block has none).
  static bool opensBefore(BinaryenExpressionRef e) {
    ExprKind id = exprKind(e);
    return id == ExprKind::Loop || (id == ExprKind::Block && BinaryenBlockGetName(e));
  }

  // A parameter's register stays reserved up to the position of its last
  // read. synth reserves r0 up to the last parameter read: one never read
  // below it is reserved at the first op only.
  bool pinned(int reg) const { return reg < int(nregParams_) && lastRead_[size_t(reg)] >= cur_; }

  void reserveUnread() {
    int highest = -1;
    for (size_t p = 0; p < lastRead_.size(); ++p)
      if (reads_[p]) highest = int(p);
    for (int p = 0; p < highest; ++p)
      if (!reads_[size_t(p)]) lastRead_[size_t(p)] = 0;
  }

  bool busy(int reg, const std::vector<int>& avoid) const {
    if (pinned(reg)) return true;
    if (std::find(avoid.begin(), avoid.end(), reg) != avoid.end()) return true;
    for (const Val& v : stack_)
      if (v.reg == reg || (v.wide && v.reg + 1 == reg)) return true;
    return false;
  }

  int allocOne() {
    for (int k = 0; k < kRegs; ++k) {
      int r = next_;
      next_ = (next_ + 1) % kRegs;
      if (!busy(r, {})) return r;
    }
    failed_ = true;  // synth's i32 retry (spill), not priced here
    return 0;
  }

  // A consecutive pair from the pointer on; stack values are spilled (the
  // deepest first) before the search gives up.
  int allocPair(const std::vector<int>& avoid) {
    for (;;) {
      int nt = next_;
      for (int k = 0; k < kRegs; ++k) {
        int lo = nt % kRegs;
        if (lo + 1 < kRegs && !busy(lo, avoid) && !busy(lo + 1, avoid)) {
          next_ = (lo + 2) % kRegs;
          return lo;
        }
        nt = (nt + 1) % kRegs;
      }
      auto deepest = std::find_if(stack_.begin(), stack_.end(), [](const Val& v) { return v.reg >= 0; });
      if (deepest == stack_.end()) {
        exhausted_ = true;
        return 0;
      }
      deepest->reg = -1;
      deepest->spilled = true;
    }
  }

  Val alloc(BinaryenType t, const std::vector<int>& avoid) {
    if (!hasValue(t)) return {};
    if (isPair(t)) return {allocPair(avoid), true};
    return {allocOne(), false};
  }

  // Evaluates e's operands onto the stack and returns them popped, the top
  // first: a spilled one is reloaded into a fresh register (pair) then,
  // against what stays on the stack.
  std::vector<Val> operands(BinaryenExpressionRef e, unsigned depth) {
    size_t base = stack_.size();
    forEachChild(e, [&](BinaryenExpressionRef c) {
      Val v = eval(c, depth + 1);
      if (v.reg >= 0 || v.spilled || hasValue(BinaryenExpressionGetType(c))) stack_.push_back(v);
    });
    std::vector<Val> ops;
    while (stack_.size() > base) {
      Val v = stack_.back();
      stack_.pop_back();
      if (v.spilled) v = v.wide ? Val{allocPair({}), true} : Val{allocOne(), false};
      ops.insert(ops.begin(), v);
    }
    return ops;
  }

  Val eval(BinaryenExpressionRef e, unsigned depth) {
    if (exhausted_ || failed_) return {};
    ExprKind id = exprKind(e);
    BinaryenType t = BinaryenExpressionGetType(e);
    if (id == ExprKind::Block || id == ExprKind::Loop) {
      if (opensBefore(e)) ++pos_;
      Val last;
      forEachChild(e, [&](BinaryenExpressionRef c) { last = eval(c, depth + 1); });
      ++pos_;
      return hasValue(t) ? last : Val{};
    }
    if (id == ExprKind::If) {
      Val arm;  // the result stays in the then arm's register
      unsigned k = 0;
      forEachChild(e, [&](BinaryenExpressionRef c) {
        Val v = eval(c, depth + 1);
        if (k == 0) ++pos_;  // the if op, after its condition
        if (k++ == 1) arm = v;
      });
      ++pos_;
      return hasValue(t) ? arm : Val{};
    }
    std::vector<Val> ops = operands(e, depth);
    cur_ = pos_++;
    if (id == ExprKind::LocalGet) {
      BinaryenIndex li = BinaryenLocalGetGetIndex(e);
      if (li < nregParams_) return {int(li), false};  // read while pinned: its own register
      return alloc(t, {});
    }
    if (id == ExprKind::LocalSet) return BinaryenLocalSetIsTee(e) && !ops.empty() ? ops.back() : Val{};
    if (id == ExprKind::Break) return hasValue(t) && !ops.empty() ? ops.front() : Val{};
    std::vector<int> avoid;
    for (const Val& v : ops) {
      if (v.reg < 0) continue;
      avoid.push_back(v.reg);
      if (v.wide) avoid.push_back(v.reg + 1);
    }
    return alloc(t, avoid);
  }
};

} // namespace

double pairExhaustionCost(BinaryenExpressionRef body, const std::vector<BinaryenType>& localTypes, unsigned nparams,
                          bool hasFrame) {
  if (!body) return 0;
  for (unsigned i = 0; i < std::min(nparams, kArgRegs); ++i)
    if (i >= localTypes.size() || localTypes[i] != BinaryenTypeInt32()) return 0;
  Replay r(localTypes, nparams);
  if (!r.scan(body) || r.calls() || !r.wideOps()) return 0;
  if (!r.exhausts(body)) return 0;
  double c = hasFrame ? 0 : 2;
  for (size_t p = 0; p < r.accessed().size(); ++p)
    if (r.accessed()[p]) c += 1 + r.reads()[p];
  return c;
}

} // namespace eqsat
