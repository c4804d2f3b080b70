// The equality-saturation runner: search -> apply -> rebuild until saturation or a limit.
#pragma once

#include "egraph/rewrite.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace eqsat {

enum class StopReason { Saturated, IterationLimit, NodeLimit, TimeLimit };
const char* stopReasonName(StopReason r);

enum class SchedulerKind { Backoff, Simple };

struct RunnerLimits {
  unsigned iterations = 30;
  size_t nodes = 10000;
  double seconds = 5.0;
  SchedulerKind scheduler = SchedulerKind::Backoff;
  // Backoff scheduler parameters (egg's defaults).
  size_t matchLimit = 1000;
  unsigned banLength = 5;
  // Ceiling on the backoff threshold (matchLimit << timesBanned): a rule is
  // never allowed more matches than this in one iteration, however often it
  // was banned (fast-forwarded bans would otherwise let the threshold, and
  // the match buffers with it, grow without bound on a tiny function).
  // 0 = 8 x `nodes`.
  size_t maxMatchesPerRule = 0;
};

// What one rule did in a run. Names are not copied into it: `rule` is the
// rule's place in the run's rule list (its Rewrites in the order given, then
// its CustomRewrites), whose names Runner::ruleNames gives.
struct RuleStats {
  size_t rule = 0;
  size_t matches = 0;
  size_t applied = 0;   // applications that changed the e-graph
  size_t rejected = 0;  // matches a condition (or an undefined computed constant) kept from being applied
  size_t timesBanned = 0;
};

struct IterationStats {
  size_t nodes = 0, classes = 0, applied = 0;
  double searchSeconds = 0, applySeconds = 0, rebuildSeconds = 0;
  size_t nodesBeforeRebuild = 0;  // hashcons size at the end of the apply phase
};

struct RunReport {
  StopReason stop = StopReason::Saturated;
  unsigned iterations = 0;
  size_t nodes = 0, classes = 0;
  size_t applied = 0;
  double seconds = 0;
  std::vector<RuleStats> rules;         // one per Rewrite then per CustomRewrite, in order (rules[i].rule == i)
  std::vector<IterationStats> perIteration;
};

// Observation hook (rule traces, explanations: egraph/explain.h). Off unless set
// with Runner::setObserver; with an observer every rule application goes
// through the per-match path (no batching) so that each one is reported.
class ApplyObserver {
public:
  virtual ~ApplyObserver() = default;
  // A rule is about to be applied: `root` is the matched class, `rhs` the
  // instantiated right-hand side; the merge of the two follows.
  virtual void onApply(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs,
                       const Subst& s) = 0;
  // The merge after onApply: `merged` if it joined two classes, `changed` if
  // the application changed the e-graph at all (new nodes or a merge).
  virtual void onApplied(bool merged, bool changed) = 0;
  // A custom rewrite is about to run (its merges are justified by its name).
  virtual void onCustom(const std::string& name, unsigned iteration) = 0;
  // The search of rule `rule` found `matches` matches in this iteration (the
  // count RuleStats::matches adds up); `banned`: more than the backoff
  // threshold, so none of them is applied and the rule is banned.
  virtual void onSearched(size_t /*rule*/, const Rewrite& /*rw*/, unsigned /*iteration*/, size_t /*matches*/,
                          bool /*banned*/) {}
  // A match is not applied: its condition is false (`byCondition`), or a
  // computed constant of the rhs is undefined for it.
  virtual void onRejected(size_t /*rule*/, const Rewrite& /*rw*/, unsigned /*iteration*/, ClassId /*root*/,
                          const Subst& /*s*/, bool /*byCondition*/) {}
};

// What a thread keeps between the functions it saturates with the same
// rules: the rules' compiled e-matching programs and their match buffers,
// at the capacity they grew to (up to a bound). The rules given to
// Runner::addRewrites must outlive it.
class RunnerScratch {
public:
  RunnerScratch();
  ~RunnerScratch();
  RunnerScratch(const RunnerScratch&) = delete;
  RunnerScratch& operator=(const RunnerScratch&) = delete;
  struct Kept;
  std::unique_ptr<Kept> kept;
};

class Runner {
public:
  void setObserver(ApplyObserver* o) { observer_ = o; }
  // Reuse what an earlier run on this thread left (nullptr: nothing kept).
  void setScratch(RunnerScratch* s) { scratch_ = s; }
  Runner(EGraph& g, RunnerLimits limits);
  void addRewrites(const std::vector<Rewrite>& rws);       // not owned; must outlive run()
  void addCustom(CustomRewrite* cr);                         // not owned
  RunReport run();
  // The names of the rules in the order RuleStats::rule counts them.
  std::vector<std::string> ruleNames() const;
private:
  EGraph& g_;
  RunnerLimits limits_;
  std::vector<const Rewrite*> rewrites_;
  std::vector<CustomRewrite*> custom_;
  ApplyObserver* observer_ = nullptr;
  RunnerScratch* scratch_ = nullptr;
};

// Search one pattern over the whole e-graph: (root class, substitution) pairs.
struct Match { ClassId root; Subst subst; };
std::vector<Match> searchPattern(const EGraph& g, const Pattern& p, size_t limit = SIZE_MAX);

} // namespace eqsat
