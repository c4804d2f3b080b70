// Explanations and rule traces: why two e-classes were merged, and where a rule fired.
//
// ExplainRecorder follows egg's explanation approach (Flatt et al., "Small
// Proofs from Congruence Closure", FMCAD 2022; egg's `explain` module):
//
//  * Every id names one term: node n (added with canonical children) denotes
//    op(term(child_0), ..., term(child_k)) with the children it was created
//    with. Children are always older than their parent, so terms are finite.
//  * Every effective merge adds one edge to a proof forest between the two
//    ids, labelled with its justification: a rule application (with the exact
//    instances of its two sides, kept as "virtual" terms), congruence (two
//    nodes with equal children), an analysis fact (constant folding, a select
//    with a constant condition, a phi whose inputs are equal), a custom
//    rewrite (phi distribution), or the bridge (merges made while the
//    function was put into the e-graph).
//  * explain(a, b) finds the path between a and b in the forest and turns
//    each edge into rewrite steps over whole terms: a congruence edge becomes
//    the proofs of its children lifted into the parent term; a rule edge
//    becomes [term(root) = lhs instance] + one step by the rule + [rhs
//    instance = term(rhs)]. Sub-proofs only use edges older than the edge they
//    justify, which makes the recursion well-founded.
//
// Recording is off unless a recorder is attached (EGraphOptions::observer for
// the e-graph, Runner::setObserver for rule applications); attached, it keeps
// one record per node and one per merge.
//
// RuleTrace records each application of one rule (where it matched, its
// substitution, whether it changed the e-graph) so that, after extraction,
// the caller can tell whether it changed the extraction.
#pragma once

#include "egraph/egraph.h"
#include "egraph/runner.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eqsat {

// A term (a tree; shared subterms are shared pointers).
struct Term {
  Op op;
  Ty ty;
  uint64_t imm;
  std::vector<std::shared_ptr<const Term>> kids;
};
using TermPtr = std::shared_ptr<const Term>;

// "i32.add", "i32.const -1", "param 0", "i32.load offset=4", ... (like nodeLabel in serialize.h)
std::string termLabel(Op op, Ty ty, uint64_t imm);
// S-expression; `maxChars` > 0 cuts it there with "...".
std::string printTerm(const TermPtr& t, size_t maxChars = 0);
bool sameTerm(const TermPtr& a, const TermPtr& b);

// One step of a flat explanation: `term` follows from the previous step's
// term by `rule` (applied right to left when `backward`). proof[0] is the start.
struct ProofStep {
  TermPtr term;
  std::string rule;
  bool backward = false;
  uint32_t just = UINT32_MAX;  // the justification (ExplainRecorder::justification) of a rule step
};
using Proof = std::vector<ProofStep>;

class ExplainRecorder final : public MergeObserver, public ApplyObserver {
public:
  ExplainRecorder();
  ~ExplainRecorder() override;

  // The e-graph being explained (needed for rule applications and for
  // explaining; set it once the e-graph exists, before running rules).
  void bind(const EGraph& g) { g_ = &g; }
  // True if the records describe `g` (every node of g was seen, with the same contents).
  bool consistentWith(const EGraph& g) const;

  // MergeObserver
  void onAdd(NodeId n, Op op, Ty ty, uint64_t imm, const ClassId* kids, size_t nk) override;
  void onMerge(ClassId a, ClassId b) override;
  void onReason(const char* what, NodeId n, NodeId other) override;
  // ApplyObserver
  void onApply(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs,
               const Subst& s) override;
  void onApplied(bool, bool) override {}
  void onCustom(const std::string& name, unsigned iteration) override;

  size_t numTerms() const { return real_.size(); }
  size_t numEdges() const { return edges_.size(); }

  // The term id `a` denotes.
  TermPtr term(ClassId a) const;
  // A proof that term(a) = term(b). The two must be equal in the (rebuilt)
  // e-graph. A proof longer than `maxSteps` is cut short by one step
  // labelled "(equal in the e-graph; explanation cut at N steps)".
  Proof explain(ClassId a, ClassId b, size_t maxSteps = 2000) const;
  // The term the extraction chose for a's class (`best`: one node per class id).
  TermPtr extractedTerm(ClassId a, const std::vector<NodeId>& best) const;
  // A proof that term(a) = extractedTerm(a, best).
  Proof explainExtracted(ClassId a, const std::vector<NodeId>& best, size_t maxSteps = 2000) const;

  struct Rec {
    Op op;
    Ty ty;
    uint64_t imm;
    std::vector<uint32_t> kids;  // term ids (real, or virtual with kVirtual set)
  };
  struct Just {
    enum Kind : uint8_t { Axiom, Congruence, Rule } kind = Axiom;
    std::string name;                 // rule / analysis / custom rewrite name
    uint32_t lhs = 0, rhs = 0;        // Rule: the instances of the two sides (term ids)
    uint32_t root = 0, rhsClass = 0;  // Rule: the merge was merge(rhsClass, root)
    uint32_t limit = 0;               // Rule: edges recorded before the application
    unsigned iteration = 0;
  };
  struct Edge {
    uint32_t a, b;  // real ids
    uint32_t just;
  };
  static constexpr uint32_t kVirtual = 0x80000000u;
  const Just& justification(uint32_t j) const { return justs_[j]; }
  size_t numJustifications() const { return justs_.size(); }

private:
  struct Ctx;
  void reset();
  uint32_t addVirtual(Rec r);
  uint32_t buildInstance(const Rewrite& rw, const Pattern& p, const Subst& s, bool lhs);
  uint32_t justFor(Just j);
  void addEdge(uint32_t a, uint32_t b, uint32_t just);
  const Rec& rec(uint32_t id) const { return id & kVirtual ? virt_[id & ~kVirtual] : real_[id]; }
  Ty typeOf(uint32_t id) const;
  ClassId classOf(uint32_t id) const;     // kNoClass if a virtual term is not in the e-graph
  // The classes of a virtual term's children; nullopt when one is not in the e-graph.
  std::optional<std::vector<ClassId>> kidClasses(uint32_t vid) const;
  NodeId resolve(uint32_t vid) const;     // a real node congruent to the virtual term, or kNoClass
  std::vector<NodeId> congruentNodes(uint32_t vid) const;  // every recorded node congruent to it, dead ones too
  Proof prove(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const;
  Proof congruence(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const;
  Proof proveEdge(Ctx& cx, uint32_t e, bool forward) const;
  std::vector<std::pair<uint32_t, bool>> path(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const;

  const EGraph* g_ = nullptr;
  std::vector<Rec> real_, virt_;
  std::vector<Just> justs_;
  std::vector<Edge> edges_;
  std::vector<std::vector<uint32_t>> adj_;  // edge indices by real id
  uint32_t context_ = 0;                    // justification of merges outside rebuild
  bool haveReason_ = false;                 // onReason seen, its merge not yet
  std::string reason_;
  NodeId reasonNode_ = 0, reasonOther_ = 0;
  mutable std::vector<TermPtr> termCache_;
};

// Does the runner's rule `name` answer to the name `wanted` (--trace-rule)?
// Exactly; an iN rule's NAME.i32 / NAME.i64 to NAME; its reverse
// NAME.i32-rev / NAME.i64-rev to NAME-rev.
bool ruleNameMatches(const std::string& name, const std::string& wanted);

// Every match of one rule: each one the search found is counted once, as
// applied (Application), rejected (Rejection), dropped with the rest of its
// iteration's matches when the rule was banned, or left when a limit stopped
// the run before it was applied. matches() equals RuleStats::matches.
class RuleTrace final : public ApplyObserver {
public:
  explicit RuleTrace(std::string rule) : rule_(std::move(rule)) {}
  void bind(const EGraph& g) { g_ = &g; }
  struct Application {
    std::string rule;                // the rule's name (NAME.i32 / NAME.i64 for an iN rule)
    unsigned iteration = 0;
    ClassId root = 0, rhs = 0;       // the matched class and the instantiated rhs class (ids at the time)
    std::vector<ClassId> vars;       // substitution, by variable (class ids at the time)
    std::vector<std::string> varNames;
    bool merged = false;             // joined two classes
    bool changed = false;            // changed the e-graph (new nodes or a merge)
    std::vector<NodeId> rhsNodes;    // nodes of the rhs class just before the merge
    std::vector<NodeId> rootNodes;   // nodes of the matched class just before the merge
  };
  struct Rejection {
    std::string rule;
    unsigned iteration = 0;
    ClassId root = 0;
    std::vector<ClassId> vars;
    std::vector<std::string> varNames;
    std::string why;  // the false condition with its values, or the undefined computed constant
  };
  const std::string& rule() const { return rule_; }
  const std::vector<Application>& applications() const { return apps_; }
  const std::vector<Rejection>& rejections() const { return rejected_; }
  size_t matches() const { return matches_; }
  size_t droppedByBan() const { return dropped_; }
  size_t bans() const { return bans_; }
  // matches neither applied, rejected nor dropped: a limit stopped the run first
  size_t leftByLimit() const { return matches_ - apps_.size() - rejected_.size() - dropped_; }

  void onApply(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs,
               const Subst& s) override;
  void onApplied(bool merged, bool changed) override;
  void onCustom(const std::string& name, unsigned iteration) override;
  void onSearched(size_t rule, const Rewrite& rw, unsigned iteration, size_t matches, bool banned) override;
  void onRejected(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, const Subst& s,
                  bool byCondition) override;

private:
  std::string rule_;
  const EGraph* g_ = nullptr;
  std::vector<Application> apps_;
  std::vector<Rejection> rejected_;
  size_t matches_ = 0, dropped_ = 0, bans_ = 0;
  bool pending_ = false;
};

// Forwards the runner's events to several observers.
class ApplyObserverFan final : public ApplyObserver {
public:
  void add(ApplyObserver* o) {
    if (o) obs_.push_back(o);
  }
  bool empty() const { return obs_.empty(); }
  void onApply(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs,
               const Subst& s) override {
    for (auto* o : obs_) o->onApply(rule, rw, iteration, root, rhs, s);
  }
  void onApplied(bool merged, bool changed) override {
    for (auto* o : obs_) o->onApplied(merged, changed);
  }
  void onCustom(const std::string& name, unsigned iteration) override {
    for (auto* o : obs_) o->onCustom(name, iteration);
  }
  void onSearched(size_t rule, const Rewrite& rw, unsigned iteration, size_t matches, bool banned) override {
    for (auto* o : obs_) o->onSearched(rule, rw, iteration, matches, banned);
  }
  void onRejected(size_t rule, const Rewrite& rw, unsigned iteration, ClassId root, const Subst& s,
                  bool byCondition) override {
    for (auto* o : obs_) o->onRejected(rule, rw, iteration, root, s, byCondition);
  }

private:
  std::vector<ApplyObserver*> obs_;
};

} // namespace eqsat
