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
// whole-module run saturates every function with the same rules, and
// compiling each rule's lhs anew per function cost ~2.7% of all instructions
// (callgrind, md4w-small, docs/performance.md). Keyed by the Rewrite's
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
  static std::unordered_map<const Rewrite*, std::shared_ptr<const CompiledLhs>> cache;
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

RunReport Runner::run() {
  const auto start = Clock::now();
  // (a limit beyond 30 years is no limit; the clamp keeps the sum in range)
  const auto deadlineAt = start + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(std::min(limits_.seconds, 1e9)));
  RunReport rep;
  const size_t nr = rewrites_.size();
  for (const Rewrite* r : rewrites_) rep.rules.push_back(RuleStats{r->name, 0, 0, 0, 0});
  for (CustomRewrite* c : custom_) rep.rules.push_back(RuleStats{c->name(), 0, 0, 0, 0});

  std::vector<std::shared_ptr<const CompiledLhs>> compiled;
  compiled.reserve(nr);
  for (const Rewrite* r : rewrites_) compiled.push_back(compiledLhs(*r));
  std::vector<const Program*> progPtrs;
  for (const auto& c : compiled) progPtrs.push_back(&c->prog);
  std::vector<MatchBuffer> bufs(nr);
  for (size_t r = 0; r < nr; ++r) progPtrs[r]->initBuffer(g_, bufs[r]);
  std::vector<BanState> ban(nr);
  const bool backoff = limits_.scheduler == SchedulerKind::Backoff;
  const size_t matchCeiling = std::max(
      limits_.matchLimit, limits_.maxMatchesPerRule ? limits_.maxMatchesPerRule : shlSat(limits_.nodes, 3));
  // Hard cap inside the apply phase so memory cannot explode before the
  // between-rules check: a large factor over the limit.
  const size_t hardCap = limits_.nodes > (SIZE_MAX / 4) ? SIZE_MAX : limits_.nodes * 4 + 4096;

  g_.rebuild();
  Subst subst;
  for (unsigned iter = 0;; ++iter) {
    // limits checked before each iteration (egg's check_limits)
    if (since(start) > limits_.seconds) {
      rep.stop = StopReason::TimeLimit;
      break;
    }

    if (iter >= limits_.iterations) {
      rep.stop = StopReason::IterationLimit;
      break;
    }
    const size_t nodesBefore = g_.numNodes(), classesBefore = g_.numClasses();
    IterationStats it;
    bool stop = false;
    StopReason why = StopReason::Saturated;
    // Within an iteration only the time limit and the hard node cap are
    // checked; the node limit proper is checked between iterations.
    auto checkLimits = [&]() {
      if (since(start) > limits_.seconds) {
        stop = true;
        why = StopReason::TimeLimit;
      } else if (g_.numNodes() > hardCap) {
        stop = true;
        why = StopReason::NodeLimit;
      }
      return stop;
    };

    // ---- search (read-only) ----
    auto t = Clock::now();
    for (size_t r = 0; r < nr && !stop; ++r) {
      MatchBuffer& buf = bufs[r];
      buf.clear();
      if (backoff && iter < ban[r].bannedUntil) {
        checkLimits();
        continue;
      }
      size_t threshold = backoff ? std::min(shlSat(limits_.matchLimit, ban[r].timesBanned), matchCeiling) : SIZE_MAX;
      size_t limit = threshold == SIZE_MAX ? SIZE_MAX : threshold + 1;
      SearchDeadline deadline{deadlineAt};
      size_t n = progPtrs[r]->search(g_, buf, limit, &deadline);
      if (deadline.expired) {
        // Cut short: the matches found so far are a partial set; none is applied.
        buf.clear();
        stop = true;
        why = StopReason::TimeLimit;
        break;
      }
      rep.rules[r].matches += n;
      if (observer_) observer_->onSearched(r, *rewrites_[r], iter, n, backoff && n > threshold);
      if (backoff && n > threshold) {
        size_t len = shlSat(limits_.banLength, ban[r].timesBanned);
        ban[r].timesBanned++;
        rep.rules[r].timesBanned++;
        ban[r].bannedUntil = iter + len;
        buf.clear();
      }
      checkLimits();
    }
    it.searchSeconds = since(t);

    // ---- apply ----
    t = Clock::now();
    size_t applied = 0;
    if (!stop) {
      for (size_t c = 0; c < custom_.size(); ++c) {
        if (observer_) observer_->onCustom(custom_[c]->name(), iter);
        size_t n = custom_[c]->run(g_);
        rep.rules[nr + c].matches += n;
        rep.rules[nr + c].applied += n;
        applied += n;
      }
      checkLimits();
    }
    for (size_t r = 0; r < nr && !stop; ++r) {
      const Rewrite& rw = *rewrites_[r];
      const MatchBuffer& buf = bufs[r];
      const size_t nm = buf.size();
      const bool rhsIsVar = !rw.rhs.nodes.empty() && rw.rhs.nodes.size() == 1 && rw.rhs.root().kind == PNode::Var;
      size_t ruleApplied = 0;
      const bool batch = !observer_ && batchable(rw);
      if (batch) {
        for (size_t m = 0; m < nm && !stop; m += 4096) {
          ruleApplied += applyBatch(g_, rw, buf, m, std::min(nm, m + 4096));
          if (g_.numNodes() > hardCap) {
            stop = true;
            why = StopReason::NodeLimit;
          } else if (since(start) > limits_.seconds) {
            stop = true;
            why = StopReason::TimeLimit;
          }
        }
      }
      for (size_t m = 0; m < nm && !batch; ++m) {
        ClassId root = buf.root(m);
        ClassId id;
        const uint64_t version0 = observer_ ? g_.version() : 0;
        if (rhsIsVar && !rw.condition && !observer_) {
          id = buf.var(m, rw.rhs.root().var);
        } else {
          buf.toSubst(m, rw.lhs, subst);
          if (rw.condition && !rw.condition(g_, subst)) {
            ++rep.rules[r].rejected;
            if (observer_) observer_->onRejected(r, rw, iter, root, subst, true);
            continue;
          }
          id = instantiate(g_, rw, rw.rhs, subst);
          if (id == kNoClass) {
            ++rep.rules[r].rejected;
            if (observer_) observer_->onRejected(r, rw, iter, root, subst, false);
            continue;
          }
        }
        if (observer_) {
          observer_->onApply(r, rw, iter, root, id, subst);
          const bool merged = g_.merge(id, root);
          observer_->onApplied(merged, merged || g_.version() != version0);
          if (merged) ++ruleApplied;
        } else if (g_.merge(id, root)) {
          ++ruleApplied;
        }
        if ((m & 1023) == 1023) {
          if (g_.numNodes() > hardCap) {
            stop = true;
            why = StopReason::NodeLimit;
            break;
          }
          if (since(start) > limits_.seconds) {
            stop = true;
            why = StopReason::TimeLimit;
            break;
          }
        }
      }
      rep.rules[r].applied += ruleApplied;
      applied += ruleApplied;
      if (!stop) checkLimits();
    }
    it.applySeconds = since(t);

    // ---- rebuild ----
    it.nodesBeforeRebuild = g_.numNodes();
    t = Clock::now();
    g_.rebuild();
    it.rebuildSeconds = since(t);
    it.nodes = g_.numNodes();
    it.classes = g_.numClasses();
    it.applied = applied;
    rep.perIteration.push_back(it);
    rep.iterations = iter + 1;
    rep.applied += applied;
    if (stop) {
      rep.stop = why;
      break;
    }
    if (g_.numNodes() > limits_.nodes) {
      rep.stop = StopReason::NodeLimit;
      break;
    }
    if (applied == 0 && g_.numNodes() == nodesBefore && g_.numClasses() == classesBefore) {
      // egg's BackoffScheduler::can_stop: if rules are banned, fast-forward to unban them
      bool anyBanned = false;
      size_t minBan = SIZE_MAX;
      if (backoff)
        for (size_t r = 0; r < nr; ++r)
          if (ban[r].bannedUntil > iter) {
            anyBanned = true;
            minBan = std::min(minBan, ban[r].bannedUntil);
          }
      if (!anyBanned) {
        rep.stop = StopReason::Saturated;
        break;
      }
      size_t delta = minBan - iter;
      for (size_t r = 0; r < nr; ++r)
        if (ban[r].bannedUntil > iter) ban[r].bannedUntil -= delta;
    }
  }
  rep.nodes = g_.numNodes();
  rep.classes = g_.numClasses();
  rep.seconds = since(start);
  return rep;
}

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
