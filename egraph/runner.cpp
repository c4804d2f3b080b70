#include "egraph/runner.h"
#include "egraph/egraph_impl.h"
#include "egraph/machine.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace eqsat {

const char* stopReasonName(StopReason r) {
  switch (r) {
  case StopReason::Saturated: return "saturated";
  case StopReason::IterationLimit: return "iteration-limit";
  case StopReason::NodeLimit: return "node-limit";
  case StopReason::TimeLimit: return "time-limit";
  }
  return "?";
}

Runner::Runner(EGraph& g, RunnerLimits limits) : g_(g), limits_(limits) {}

void Runner::addRewrites(const std::vector<Rewrite>& rws) {
  for (const Rewrite& r : rws) rewrites_.push_back(&r);
}

void Runner::addCustom(CustomRewrite* cr) { custom_.push_back(cr); }

std::vector<std::string> Runner::ruleNames() const {
  std::vector<std::string> names;
  names.reserve(rewrites_.size() + custom_.size());
  for (const Rewrite* r : rewrites_) names.push_back(r->name);
  for (const CustomRewrite* c : custom_) names.push_back(c->name());
  return names;
}

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

size_t shlSat(size_t v, size_t s) {
  if (s >= 63) return v ? SIZE_MAX : 0;
  if (v > (SIZE_MAX >> s)) return SIZE_MAX;
  return v << s;
}

// Can the rhs be instantiated by the batched fast path? Only variables,
// non-memory operator nodes with <= 3 children and literals; no condition.
bool batchable(const Rewrite& rw) {
  if (rw.condition || rw.rhs.nodes.empty() || rw.rhs.nodes.size() > 16 || rw.lhs.numVars > 16) return false;
  for (const PNode& n : rw.rhs.nodes) {
    if (n.kind == PNode::Var || n.kind == PNode::Literal) continue;
    if (n.kind != PNode::Node) return false;
    OpKind k = opInfo(n.op).kind;
    if (k == OpKind::Load || k == OpKind::Store || n.children.size() > kInlineKids) return false;
    if (opInfo(n.op).typedPerNode && n.ty == Ty::none) return false;  // type decided per match
  }
  return true;
}

// Instantiate the rhs for matches [from, to) of `buf` and union with the
// roots. Work is done one rhs node at a time across a batch of matches so
// that the hashcons slots can be prefetched (lookups are cache misses).
size_t applyBatch(EGraph& eg, const Rewrite& rw, const MatchBuffer& buf, size_t from, size_t to) {
  constexpr size_t B = 32;
  EGraph::Impl& g = eg.impl();
  const auto& rhs = rw.rhs.nodes;
  const size_t np = rhs.size();
  ClassId ids[B][16];
  uint32_t hs[B];
  ClassId kk[B][kInlineKids];
  size_t applied = 0;
  ClassId vars[B][16];
  ClassId roots[B];
  const size_t nv = rw.lhs.numVars;
  for (size_t base = from; base < to; base += B) {
    const size_t cnt = std::min(B, to - base);
    if (buf.nodeMode) {
      const uint32_t* d = buf.data.data() + base * buf.stride;
      for (size_t w = 0; w < cnt * buf.stride; ++w) __builtin_prefetch(&g.nodes[d[w]]);
    }
    for (size_t b = 0; b < cnt; ++b) {
      roots[b] = buf.root(base + b);
      for (size_t v = 0; v < nv; ++v) vars[b][v] = buf.var(base + b, VarId(v));
    }
    for (size_t i = 0; i < np; ++i) {
      const PNode& pn = rhs[i];
      if (pn.kind == PNode::Var) {
        for (size_t b = 0; b < cnt; ++b) ids[b][i] = vars[b][pn.var];
      } else if (pn.kind == PNode::Literal) {
        ClassId c = g.addNode(pn.op, pn.ty, pn.value, nullptr, 0);
        for (size_t b = 0; b < cnt; ++b) ids[b][i] = c;
      } else {
        const size_t nk = pn.children.size();
        const Op op = pn.op;
        const Ty ty = opInfo(op).typedPerNode ? pn.ty : opInfo(op).result;
        const uint64_t imm = pn.value;
        for (size_t b = 0; b < cnt; ++b) {
          for (size_t j = 0; j < nk; ++j) kk[b][j] = g.findMut(ids[b][pn.children[j]]);
          hs[b] = hashNode(op, ty, imm, kk[b], nk);
          g.prefetchSlot(hs[b]);
        }
        for (size_t b = 0; b < cnt; ++b) ids[b][i] = g.addCanonical(op, ty, imm, kk[b], nk, hs[b]);
      }
    }
    for (size_t b = 0; b < cnt; ++b)
      if (g.merge(ids[b][np - 1], roots[b])) ++applied;
  }
  return applied;
}

struct BanState {
  size_t bannedUntil = 0;
  size_t timesBanned = 0;
};

// Compiled e-matching programs, shared by every Runner of the process: a
// whole-module run saturates every function with the same rules, and would
// otherwise compile each rule's lhs anew per function. Keyed by the Rewrite's
// address; an entry is used only if its pattern still equals the rule's lhs
// (a Rewrite destroyed and another built at the same address is recompiled).
struct CompiledLhs {
  Pattern lhs;
  Program prog;
};

bool samePattern(const Pattern& a, const Pattern& b) {
  if (a.numVars != b.numVars || a.nodes.size() != b.nodes.size()) return false;
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const PNode& x = a.nodes[i];
    const PNode& y = b.nodes[i];
    if (x.kind != y.kind || x.op != y.op || x.ty != y.ty || x.var != y.var || x.value != y.value ||
        x.children != y.children)
      return false;
  }
  return true;
}

std::shared_ptr<const CompiledLhs> compiledLhs(const Rewrite& r) {
  static std::mutex mu;
  // Never destroyed: the process's exit frees it, without a free per rule.
  static auto& cache = *new std::unordered_map<const Rewrite*, std::shared_ptr<const CompiledLhs>>;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(&r);
    if (it != cache.end() && samePattern(it->second->lhs, r.lhs)) return it->second;
  }
  auto c = std::make_shared<const CompiledLhs>(CompiledLhs{r.lhs, Program(r.lhs)});
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 65536) cache.clear();  // bounded: rule sets built and dropped in a loop
  cache[&r] = c;
  return c;
}

} // namespace

namespace {

// Why an iteration ends early. Within an iteration only the time limit and the
// hard node cap are checked; the node limit proper is checked between iterations.
struct IterationStop {
  bool stop = false;
  StopReason why = StopReason::Saturated;
};

// One run of Runner::run: its rules compiled, their match buffers and bans,
// and the report being filled.
// The rules' compiled programs and their match buffers, in rule order.
struct RuleMatching {
  std::vector<const Rewrite*> rules;  // what `compiled` was made for
  std::vector<std::shared_ptr<const CompiledLhs>> compiled;
  std::vector<MatchBuffer> buffers;
};

} // namespace

struct RunnerScratch::Kept {
  RuleMatching matching;
};

RunnerScratch::RunnerScratch() : kept(std::make_unique<Kept>()) {}
RunnerScratch::~RunnerScratch() = default;

namespace {

// A match buffer kept between functions gives its memory back above this
// many words: one function's outburst of matches is not kept for the rest.
constexpr size_t kKeptBufferWords = size_t(1) << 16;

class Saturation {
public:
  Saturation(EGraph& g, const RunnerLimits& limits, const std::vector<const Rewrite*>& rewrites,
             const std::vector<CustomRewrite*>& custom, ApplyObserver* observer, RunnerScratch* scratch)
      : g_(g), limits_(limits), rewrites_(rewrites), custom_(custom), observer_(observer), start_(Clock::now()),
        // (a limit beyond 30 years is no limit; the clamp keeps the sum in range)
        deadlineAt_(start_ + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(std::min(limits.seconds, 1e9)))),
        numRules_(rewrites.size()), backoff_(limits.scheduler == SchedulerKind::Backoff),
        matchCeiling_(std::max(limits.matchLimit,
                               limits.maxMatchesPerRule ? limits.maxMatchesPerRule : shlSat(limits.nodes, 3))),
        // Hard cap inside the apply phase so memory cannot explode before the
        // between-rules check: a large factor over the limit.
        hardCap_(limits.nodes > (SIZE_MAX / 4) ? SIZE_MAX : limits.nodes * 4 + 4096),
        matching_(scratch ? scratch->kept->matching : ownMatching_) {
    report_.rules.resize(numRules_ + custom_.size());
    for (size_t r = 0; r < report_.rules.size(); ++r) report_.rules[r].rule = r;
    if (matching_.rules != rewrites_ || matching_.compiled.size() != numRules_) {
      matching_.rules = rewrites_;
      matching_.compiled.clear();
      matching_.compiled.reserve(numRules_);
      for (const Rewrite* r : rewrites_) matching_.compiled.push_back(compiledLhs(*r));
      matching_.buffers.assign(numRules_, MatchBuffer());
      for (size_t r = 0; r < numRules_; ++r) matching_.compiled[r]->prog.initBuffer(g_, matching_.buffers[r]);
    }
    for (MatchBuffer& b : matching_.buffers) {
      b.graph = &g_;
      b.clear();
    }
    bans_.resize(numRules_);
  }

  ~Saturation() {
    for (MatchBuffer& b : matching_.buffers)
      if (b.data.capacity() > kKeptBufferWords || b.consts.capacity() > kKeptBufferWords) {
        b.data = {};
        b.consts = {};
      }
  }

  RunReport run() {
    g_.rebuild();
    for (unsigned iter = 0;; ++iter) {
      // limits checked before each iteration (egg's check_limits)
      if (since(start_) > limits_.seconds) {
        report_.stop = StopReason::TimeLimit;
        break;
      }
      if (iter >= limits_.iterations) {
        report_.stop = StopReason::IterationLimit;
        break;
      }
      const size_t nodesBefore = g_.numNodes(), classesBefore = g_.numClasses();
      IterationStats it;
      IterationStop stop;
      auto t = Clock::now();
      search(iter, stop);
      it.searchSeconds = since(t);
      t = Clock::now();
      size_t applied = 0;
      if (!stop.stop) applied += applyCustom(iter, stop);
      for (size_t r = 0; r < numRules_ && !stop.stop; ++r) applied += applyRule(r, iter, stop);
      it.applySeconds = since(t);
      it.nodesBeforeRebuild = g_.numNodes();
      t = Clock::now();
      g_.rebuild();
      it.rebuildSeconds = since(t);
      it.nodes = g_.numNodes();
      it.classes = g_.numClasses();
      it.applied = applied;
      report_.perIteration.push_back(it);
      report_.iterations = iter + 1;
      report_.applied += applied;
      if (stop.stop) {
        report_.stop = stop.why;
        break;
      }
      if (g_.numNodes() > limits_.nodes) {
        report_.stop = StopReason::NodeLimit;
        break;
      }
      if (applied == 0 && g_.numNodes() == nodesBefore && g_.numClasses() == classesBefore && !fastForwardBans(iter)) {
        report_.stop = StopReason::Saturated;
        break;
      }
    }
    report_.nodes = g_.numNodes();
    report_.classes = g_.numClasses();
    report_.seconds = since(start_);
    return std::move(report_);
  }

private:
  bool checkLimits(IterationStop& stop) const {
    if (since(start_) > limits_.seconds) {
      stop.stop = true;
      stop.why = StopReason::TimeLimit;
    } else if (g_.numNodes() > hardCap_) {
      stop.stop = true;
      stop.why = StopReason::NodeLimit;
    }
    return stop.stop;
  }

  // The search phase (read-only): each rule not banned fills its match buffer;
  // a rule with more matches than its backoff threshold is banned instead.
  void search(unsigned iter, IterationStop& stop) {
    for (size_t r = 0; r < numRules_ && !stop.stop; ++r) {
      MatchBuffer& buffer = matching_.buffers[r];
      buffer.clear();
      if (backoff_ && iter < bans_[r].bannedUntil) {
        checkLimits(stop);
        continue;
      }
      size_t threshold =
          backoff_ ? std::min(shlSat(limits_.matchLimit, bans_[r].timesBanned), matchCeiling_) : SIZE_MAX;
      size_t limit = threshold == SIZE_MAX ? SIZE_MAX : threshold + 1;
      SearchDeadline deadline{deadlineAt_};
      size_t found = matching_.compiled[r]->prog.search(g_, buffer, limit, &deadline);
      if (deadline.expired) {
        // Cut short: the matches found so far are a partial set; none is applied.
        buffer.clear();
        stop.stop = true;
        stop.why = StopReason::TimeLimit;
        break;
      }
      report_.rules[r].matches += found;
      if (observer_) observer_->onSearched(r, *rewrites_[r], iter, found, backoff_ && found > threshold);
      if (backoff_ && found > threshold) {
        size_t length = shlSat(limits_.banLength, bans_[r].timesBanned);
        bans_[r].timesBanned++;
        report_.rules[r].timesBanned++;
        bans_[r].bannedUntil = iter + length;
        buffer.clear();
      }
      checkLimits(stop);
    }
  }

  size_t applyCustom(unsigned iter, IterationStop& stop) {
    size_t applied = 0;
    for (size_t c = 0; c < custom_.size(); ++c) {
      if (observer_) observer_->onCustom(custom_[c]->name(), iter);
      size_t changed = custom_[c]->run(g_);
      report_.rules[numRules_ + c].matches += changed;
      report_.rules[numRules_ + c].applied += changed;
      applied += changed;
    }
    checkLimits(stop);
    return applied;
  }

  // Applies the matches of rule r: batched when the rhs allows it and no
  // observer needs each application, else one match at a time. A rule
  // without matches changes nothing, so the limits are not checked again.
  size_t applyRule(size_t r, unsigned iter, IterationStop& stop) {
    const Rewrite& rw = *rewrites_[r];
    const MatchBuffer& buffer = matching_.buffers[r];
    const size_t numMatches = buffer.size();
    if (numMatches == 0) return 0;
    size_t ruleApplied = 0;
    if (!observer_ && batchable(rw)) {
      for (size_t m = 0; m < numMatches && !stop.stop; m += 4096) {
        ruleApplied += applyBatch(g_, rw, buffer, m, std::min(numMatches, m + 4096));
        if (g_.numNodes() > hardCap_) {
          stop.stop = true;
          stop.why = StopReason::NodeLimit;
        } else if (since(start_) > limits_.seconds) {
          stop.stop = true;
          stop.why = StopReason::TimeLimit;
        }
      }
    } else {
      ruleApplied = applyEachMatch(r, iter, stop);
    }
    report_.rules[r].applied += ruleApplied;
    if (!stop.stop) checkLimits(stop);
    return ruleApplied;
  }

  size_t applyEachMatch(size_t r, unsigned iter, IterationStop& stop) {
    const Rewrite& rw = *rewrites_[r];
    const MatchBuffer& buffer = matching_.buffers[r];
    const bool rhsIsVar = !rw.rhs.nodes.empty() && rw.rhs.nodes.size() == 1 && rw.rhs.root().kind == PNode::Var;
    size_t ruleApplied = 0;
    for (size_t m = 0; m < buffer.size(); ++m) {
      ClassId root = buffer.root(m);
      ClassId id;
      const uint64_t versionBefore = observer_ ? g_.version() : 0;
      if (rhsIsVar && !rw.condition && !observer_) {
        id = buffer.var(m, rw.rhs.root().var);
      } else {
        buffer.toSubst(m, rw.lhs, subst_);
        if (rw.condition && !rw.condition(g_, subst_)) {
          ++report_.rules[r].rejected;
          if (observer_) observer_->onRejected(r, rw, iter, root, subst_, true);
          continue;
        }
        id = instantiate(g_, rw, rw.rhs, subst_);
        if (id == kNoClass) {
          ++report_.rules[r].rejected;
          if (observer_) observer_->onRejected(r, rw, iter, root, subst_, false);
          continue;
        }
      }
      if (observer_) {
        observer_->onApply(r, rw, iter, root, id, subst_);
        const bool merged = g_.merge(id, root);
        observer_->onApplied(merged, merged || g_.version() != versionBefore);
        if (merged) ++ruleApplied;
      } else if (g_.merge(id, root)) {
        ++ruleApplied;
      }
      if ((m & 1023) == 1023) {
        if (g_.numNodes() > hardCap_) {
          stop.stop = true;
          stop.why = StopReason::NodeLimit;
          break;
        }
        if (since(start_) > limits_.seconds) {
          stop.stop = true;
          stop.why = StopReason::TimeLimit;
          break;
        }
      }
    }
    return ruleApplied;
  }

  // egg's BackoffScheduler::can_stop: nothing changed, but if rules are banned,
  // fast-forward to unban them. False when none is banned (saturated).
  bool fastForwardBans(unsigned iter) {
    bool anyBanned = false;
    size_t firstUnban = SIZE_MAX;
    if (backoff_)
      for (size_t r = 0; r < numRules_; ++r)
        if (bans_[r].bannedUntil > iter) {
          anyBanned = true;
          firstUnban = std::min(firstUnban, bans_[r].bannedUntil);
        }
    if (!anyBanned) return false;
    size_t delta = firstUnban - iter;
    for (size_t r = 0; r < numRules_; ++r)
      if (bans_[r].bannedUntil > iter) bans_[r].bannedUntil -= delta;
    return true;
  }

  EGraph& g_;
  const RunnerLimits& limits_;
  const std::vector<const Rewrite*>& rewrites_;
  const std::vector<CustomRewrite*>& custom_;
  ApplyObserver* observer_;
  const Clock::time_point start_;
  const Clock::time_point deadlineAt_;
  const size_t numRules_;
  const bool backoff_;
  const size_t matchCeiling_;
  const size_t hardCap_;
  RunReport report_;
  RuleMatching ownMatching_;  // when no scratch is given
  RuleMatching& matching_;
  std::vector<BanState> bans_;
  Subst subst_;
};

} // namespace

RunReport Runner::run() { return Saturation(g_, limits_, rewrites_, custom_, observer_, scratch_).run(); }

std::vector<Match> searchPattern(const EGraph& g, const Pattern& p, size_t limit) {
  Program prog(p);
  MatchBuffer buf;
  prog.initBuffer(g, buf);
  prog.search(g, buf, limit);
  std::vector<Match> out;
  out.reserve(buf.size());
  for (size_t m = 0; m < buf.size(); ++m) {
    Match mt;
    mt.root = buf.root(m);
    buf.toSubst(m, p, mt.subst);
    out.push_back(std::move(mt));
  }
  return out;
}

} // namespace eqsat
