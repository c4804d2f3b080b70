#include "egraph/explain.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>

namespace eqsat {

// ---------------------------------------------------------------- terms

std::string termLabel(Op op, Ty ty, uint64_t imm) {
  const OpInfo& info = opInfo(op);
  std::string s = info.name;
  switch (info.kind) {
  case OpKind::Const:
    if (ty == Ty::i32) s += " " + std::to_string(int32_t(uint32_t(imm)));
    else if (ty == Ty::i64) s += " " + std::to_string(int64_t(imm));
    else s += " " + std::to_string(imm);
    break;
  case OpKind::Leaf:
    if (op == Op::Symbol) return std::string(symbolNameOf(imm));
    s += " " + std::to_string(imm);
    break;
  case OpKind::Load: case OpKind::Store:
    if (memOffset(imm)) s += " offset=" + std::to_string(memOffset(imm));
    s += " @" + std::to_string(memSeq(imm));  // memory state (loads) / sequence (stores)
    break;
  case OpKind::Phi: case OpKind::Call: case OpKind::Global: case OpKind::Generic:
    s += " " + std::to_string(uint32_t(imm));
    break;
  default:
    break;
  }
  return s;
}

namespace {

void printInto(const TermPtr& t, std::string& out, size_t maxChars) {
  if (maxChars && out.size() > maxChars) return;
  if (t->kids.empty()) {
    std::string l = termLabel(t->op, t->ty, t->imm);
    if (opInfo(t->op).kind == OpKind::Const || l.find(' ') != std::string::npos) out += "(" + l + ")";
    else out += l;
    return;
  }
  out += "(" + termLabel(t->op, t->ty, t->imm);
  for (const auto& k : t->kids) {
    out += ' ';
    printInto(k, out, maxChars);
    if (maxChars && out.size() > maxChars) return;
  }
  out += ')';
}

} // namespace

std::string printTerm(const TermPtr& t, size_t maxChars) {
  std::string s;
  printInto(t, s, maxChars);
  if (maxChars && s.size() > maxChars) {
    s.resize(maxChars);
    s += " ...";
  }
  return s;
}

bool sameTerm(const TermPtr& a, const TermPtr& b) {
  if (a == b) return true;
  if (a->op != b->op || a->ty != b->ty || a->imm != b->imm || a->kids.size() != b->kids.size()) return false;
  for (size_t i = 0; i < a->kids.size(); ++i)
    if (!sameTerm(a->kids[i], b->kids[i])) return false;
  return true;
}

// ---------------------------------------------------------------- recording

ExplainRecorder::ExplainRecorder() { reset(); }
ExplainRecorder::~ExplainRecorder() = default;

void ExplainRecorder::reset() {
  real_.clear();
  virt_.clear();
  justs_.clear();
  edges_.clear();
  adj_.clear();
  termCache_.clear();
  haveReason_ = false;
  justs_.push_back(Just{Just::Axiom, "bridge"});  // merges made while the function was built
  context_ = 0;
}

bool ExplainRecorder::consistentWith(const EGraph& g) const {
  if (real_.size() != g.nodeCapacity()) return false;
  for (NodeId n = 0; n < real_.size(); ++n) {
    NodeView v = g.node(n);
    if (v.op != real_[n].op || v.imm != real_[n].imm || v.children.size() != real_[n].kids.size()) return false;
  }
  return true;
}

void ExplainRecorder::onAdd(NodeId n, Op op, Ty ty, uint64_t imm, const ClassId* kids, size_t nk) {
  if (n == 0) reset();  // a new e-graph
  if (real_.size() <= n) {
    real_.resize(n + 1);
    adj_.resize(n + 1);
  }
  real_[n] = Rec{op, ty, imm, std::vector<uint32_t>(kids, kids + nk)};
}

uint32_t ExplainRecorder::justFor(Just j) {
  justs_.push_back(std::move(j));
  return uint32_t(justs_.size() - 1);
}

void ExplainRecorder::addEdge(uint32_t a, uint32_t b, uint32_t just) {
  if (a >= real_.size() || b >= real_.size()) return;  // not recorded (should not happen)
  edges_.push_back(Edge{a, b, just});
  adj_[a].push_back(uint32_t(edges_.size() - 1));
  adj_[b].push_back(uint32_t(edges_.size() - 1));
}

void ExplainRecorder::onReason(const char* what, NodeId n, NodeId other) {
  haveReason_ = true;
  reason_ = what;
  reasonNode_ = n;
  reasonOther_ = other;
}

void ExplainRecorder::onMerge(ClassId a, ClassId b) {
  if (haveReason_) {
    haveReason_ = false;
    if (reason_ == "congruence") {
      addEdge(reasonNode_, reasonOther_, justFor(Just{Just::Congruence, "congruence"}));
    } else {
      // analysis facts: node `reasonNode_` (in a's class) equals b
      addEdge(reasonNode_, b, justFor(Just{Just::Axiom, reason_}));
    }
    return;
  }
  addEdge(a, b, context_);
}

void ExplainRecorder::onCustom(const std::string& name, unsigned iteration) {
  haveReason_ = false;
  Just j{Just::Axiom, name};
  j.iteration = iteration;
  context_ = justFor(std::move(j));
}

uint32_t ExplainRecorder::addVirtual(Rec r) {
  virt_.push_back(std::move(r));
  return uint32_t(virt_.size() - 1) | kVirtual;
}

Ty ExplainRecorder::typeOf(uint32_t id) const {
  if (id & kVirtual) return virt_[id & ~kVirtual].ty;
  return g_ ? g_->type(id) : real_[id].ty;
}

// The exact instance of one side of a rule under the substitution; variables
// stand for the ids of the classes they matched.
uint32_t ExplainRecorder::buildInstance(const Rewrite& rw, const Pattern& p, const Subst& s, bool lhs) {
  const size_t np = p.nodes.size();
  std::vector<uint32_t> ids(np, 0);
  for (size_t i = 0; i < np; ++i) {
    const PNode& n = p.nodes[i];
    switch (n.kind) {
    case PNode::Var:
      ids[i] = s.classes[n.var];
      break;
    case PNode::ConstVar:
      if (n.var < s.isConst.size() && s.isConst[n.var]) ids[i] = addVirtual(Rec{n.op, n.ty, maskTo(n.ty, s.consts[n.var]), {}});
      else ids[i] = s.classes[n.var];
      break;
    case PNode::Literal:
      ids[i] = addVirtual(Rec{n.op, n.ty, maskTo(n.ty, n.value), {}});
      break;
    case PNode::Computed: {
      std::optional<uint64_t> v;
      if (!lhs && g_ && n.value < rw.computed.size() && rw.computed[n.value]) v = rw.computed[n.value](*g_, s);
      ids[i] = addVirtual(Rec{n.op, n.ty, v ? maskTo(n.ty, *v) : 0, {}});
      break;
    }
    case PNode::Node: {
      Rec r;
      r.op = n.op;
      for (uint32_t c : n.children) r.kids.push_back(ids[c]);
      const OpInfo& info = opInfo(n.op);
      const bool mem = info.kind == OpKind::Load || info.kind == OpKind::Store;
      r.imm = (mem && i + 1 == np) ? s.rootImm : n.value;
      r.ty = info.typedPerNode ? n.ty : info.result;
      if (r.ty == Ty::none && info.typedPerNode && !r.kids.empty()) r.ty = typeOf(r.kids[0]);
      ids[i] = addVirtual(std::move(r));
      break;
    }
    }
  }
  return ids[np - 1];
}

void ExplainRecorder::onApply(size_t, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs,
                              const Subst& s) {
  haveReason_ = false;
  Just j{Just::Rule, rw.name};
  j.lhs = buildInstance(rw, rw.lhs, s, true);
  j.rhs = buildInstance(rw, rw.rhs, s, false);
  j.root = root;
  j.rhsClass = rhs;
  j.limit = uint32_t(edges_.size());
  j.iteration = iteration;
  context_ = justFor(std::move(j));
}

// ---------------------------------------------------------------- explaining

struct ExplainRecorder::Ctx {
  size_t maxSteps = 0;
  size_t steps = 0;
  std::vector<uint8_t> inProgress;  // by edge
};

namespace {

struct Cut {};  // the step budget is exhausted

Proof reversed(const Proof& p) {
  Proof r;
  r.reserve(p.size());
  r.push_back(ProofStep{p.back().term, "", false});
  for (size_t i = p.size() - 1; i > 0; --i) r.push_back(ProofStep{p[i - 1].term, p[i].rule, !p[i].backward, p[i].just});
  return r;
}

// Appends `q` (which starts where `p` ends) to `p`.
void append(Proof& p, const Proof& q) {
  if (p.empty()) {
    p = q;
    return;
  }
  p.insert(p.end(), q.begin() + 1, q.end());
}

TermPtr withKid(const TermPtr& t, size_t i, const TermPtr& k) {
  auto c = std::make_shared<Term>(*t);
  c->kids[i] = k;
  return c;
}

} // namespace

TermPtr ExplainRecorder::term(ClassId a) const {
  if (a & kVirtual) {
    const Rec& r = rec(a);
    auto t = std::make_shared<Term>(Term{r.op, r.ty, r.imm, {}});
    for (uint32_t k : r.kids) t->kids.push_back(term(k));
    return t;
  }
  if (termCache_.size() < real_.size()) termCache_.resize(real_.size());
  if (a >= real_.size()) return std::make_shared<Term>(Term{Op::Symbol, Ty::none, internSymbol("?"), {}});
  if (termCache_[a]) return termCache_[a];
  const Rec& r = real_[a];
  auto t = std::make_shared<Term>(Term{r.op, r.ty, r.imm, {}});
  for (uint32_t k : r.kids) t->kids.push_back(term(k));  // children are older: finite
  termCache_[a] = t;
  return t;
}

ClassId ExplainRecorder::classOf(uint32_t id) const {
  if (!(id & kVirtual)) return g_->find(id);
  NodeId n = resolve(id);
  return n == kNoClass ? kNoClass : g_->nodeClass(n);
}

std::optional<std::vector<ClassId>> ExplainRecorder::kidClasses(uint32_t vid) const {
  std::vector<ClassId> kids;
  for (uint32_t k : rec(vid).kids) {
    ClassId c = classOf(k);
    if (c == kNoClass) return std::nullopt;
    kids.push_back(c);
  }
  return kids;
}

NodeId ExplainRecorder::resolve(uint32_t vid) const {
  const Rec& r = rec(vid);
  const std::optional<std::vector<ClassId>> kidsIn = kidClasses(vid);
  if (!kidsIn) return kNoClass;
  const std::vector<ClassId>& kids = *kidsIn;
  ClassId cls = g_->lookup(r.op, r.ty, r.imm, kids);
  if (cls == kNoClass) return kNoClass;
  for (NodeId n : g_->classNodes(cls)) {
    NodeView v = g_->node(n);
    if (v.op != r.op || v.imm != r.imm || v.children.size() != kids.size()) continue;
    bool same = true;
    for (size_t i = 0; i < kids.size() && same; ++i) same = g_->find(v.children[i]) == kids[i];
    if (same) return n;
  }
  return kNoClass;
}

std::vector<NodeId> ExplainRecorder::congruentNodes(uint32_t vid) const {
  const Rec& r = rec(vid);
  const std::optional<std::vector<ClassId>> kidsIn = kidClasses(vid);
  if (!kidsIn) return {};
  const std::vector<ClassId>& kids = *kidsIn;
  std::vector<NodeId> out;
  for (NodeId n = 0; n < real_.size(); ++n) {
    const Rec& x = real_[n];
    if (x.op != r.op || x.imm != r.imm || x.kids.size() != kids.size()) continue;
    bool same = true;
    for (size_t i = 0; i < kids.size() && same; ++i) same = g_->find(x.kids[i]) == kids[i];
    if (same) out.push_back(n);
  }
  return out;
}

// Shortest path from a to b over edges older than `limit` (and not being explained).
std::vector<std::pair<uint32_t, bool>> ExplainRecorder::path(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const {
  std::vector<std::pair<uint32_t, bool>> out;
  if (a == b) return out;
  std::vector<uint32_t> via(real_.size(), UINT32_MAX);
  std::deque<uint32_t> q{a};
  via[a] = UINT32_MAX - 1;
  while (!q.empty() && via[b] == UINT32_MAX) {
    uint32_t u = q.front();
    q.pop_front();
    for (uint32_t e : adj_[u]) {
      if (e >= limit || cx.inProgress[e]) continue;
      uint32_t v = edges_[e].a == u ? edges_[e].b : edges_[e].a;
      if (via[v] != UINT32_MAX) continue;
      via[v] = e;
      q.push_back(v);
    }
  }
  if (via[b] == UINT32_MAX) throw std::runtime_error("no path");
  for (uint32_t v = b; v != a;) {
    uint32_t e = via[v];
    bool forward = edges_[e].b == v;  // traversed a -> b
    out.push_back({e, forward});
    v = forward ? edges_[e].a : edges_[e].b;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// term(a) = term(b) for two terms with the same operator: the children's proofs, lifted.
Proof ExplainRecorder::congruence(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const {
  const Rec& ra = rec(a);
  const Rec& rb = rec(b);
  Proof p{ProofStep{term(a), "", false}};
  for (size_t i = 0; i < ra.kids.size() && i < rb.kids.size(); ++i) {
    if (ra.kids[i] == rb.kids[i]) continue;
    Proof sub = prove(cx, ra.kids[i], rb.kids[i], limit);
    for (size_t s = 1; s < sub.size(); ++s)
      p.push_back(ProofStep{withKid(p.back().term, i, sub[s].term), sub[s].rule, sub[s].backward, sub[s].just});
  }
  if (!sameTerm(p.back().term, term(b))) p.push_back(ProofStep{term(b), "congruence", false});
  return p;
}

Proof ExplainRecorder::proveEdge(Ctx& cx, uint32_t e, bool forward) const {
  const Edge& ed = edges_[e];
  const Just& j = justs_[ed.just];
  uint32_t from = forward ? ed.a : ed.b, to = forward ? ed.b : ed.a;
  if (++cx.steps > cx.maxSteps) throw Cut{};
  struct Busy {
    uint8_t& flag;
    explicit Busy(uint8_t& f) : flag(f) { flag = 1; }
    ~Busy() { flag = 0; }
  } busy(cx.inProgress[e]);
  Proof p;
  if (j.kind == Just::Congruence) {
    p = congruence(cx, from, to, e);
  } else if (j.kind == Just::Rule) {
    // merge(rhsClass, root): a = rhsClass, b = root. Prove root -> lhs -> rhs -> rhsClass.
    auto side = [&](uint32_t realId, uint32_t inst) {
      try {
        return prove(cx, realId, inst, j.limit);
      } catch (const std::runtime_error&) {
        return prove(cx, realId, inst, e);
      }
    };
    p = side(ed.b, j.lhs);
    p.push_back(ProofStep{term(j.rhs), j.name, false, ed.just});
    append(p, reversed(side(ed.a, j.rhs)));
    if (forward) p = reversed(p);
  } else {
    p = Proof{ProofStep{term(from), "", false}, ProofStep{term(to), j.name, false}};
  }
  return p;
}

Proof ExplainRecorder::prove(Ctx& cx, uint32_t a, uint32_t b, uint32_t limit) const {
  if (a == b) return Proof{ProofStep{term(a), "", false}};
  if (b & kVirtual) {
    if (!(a & kVirtual)) return reversed(prove(cx, b, a, limit));
  }
  if (a & kVirtual) {
    // A virtual term is congruent to a node of the e-graph: the live one
    // first. Merges after the rule fired may have made another node (now
    // dead, left out of its class) congruent to it, whose children are
    // joined only by edges younger than `limit`; then the others are tried.
    NodeId m = resolve(a);
    if (m == kNoClass) throw std::runtime_error("instance not in the e-graph");
    auto through = [&](NodeId node) {
      Proof p = congruence(cx, a, node, limit);
      append(p, prove(cx, node, b, limit));
      return p;
    };
    try {
      return through(m);
    } catch (const std::runtime_error&) {
      for (NodeId other : congruentNodes(a)) {
        if (other == m) continue;
        try {
          return through(other);
        } catch (const std::runtime_error&) {
        }
      }
      throw;
    }
  }
  Proof p{ProofStep{term(a), "", false}};
  for (auto [e, forward] : path(cx, a, b, limit)) append(p, proveEdge(cx, e, forward));
  return p;
}

Proof ExplainRecorder::explain(ClassId a, ClassId b, size_t maxSteps) const {
  Ctx cx;
  cx.maxSteps = maxSteps;
  cx.inProgress.assign(edges_.size(), 0);
  try {
    return prove(cx, a, b, uint32_t(edges_.size()));
  } catch (const Cut&) {
    return Proof{ProofStep{term(a), "", false},
                 ProofStep{term(b), "(equal in the e-graph; explanation cut at " + std::to_string(maxSteps) + " steps)",
                           false}};
  } catch (const std::runtime_error& e) {
    return Proof{ProofStep{term(a), "", false},
                 ProofStep{term(b), std::string("(equal in the e-graph; ") + e.what() + ")", false}};
  }
}

TermPtr ExplainRecorder::extractedTerm(ClassId a, const std::vector<NodeId>& best) const {
  std::vector<ClassId> onPath;
  std::function<TermPtr(ClassId)> go = [&](ClassId c) -> TermPtr {
    c = g_->find(c);
    NodeId n = c < best.size() ? best[c] : NodeId(-1);
    if (n == NodeId(-1) || std::find(onPath.begin(), onPath.end(), c) != onPath.end()) return term(c);
    onPath.push_back(c);
    NodeView v = g_->node(n);
    auto t = std::make_shared<Term>(Term{v.op, v.ty, v.imm, {}});
    for (ClassId k : v.children) t->kids.push_back(go(k));
    onPath.pop_back();
    return t;
  };
  return go(a);
}

Proof ExplainRecorder::explainExtracted(ClassId a, const std::vector<NodeId>& best, size_t maxSteps) const {
  Ctx cx;
  cx.maxSteps = maxSteps;
  cx.inProgress.assign(edges_.size(), 0);
  std::vector<ClassId> onPath;
  const uint32_t all = uint32_t(edges_.size());
  // term(id) = the extracted term of its class
  std::function<Proof(uint32_t)> go = [&](uint32_t id) -> Proof {
    ClassId c = g_->find(id);
    NodeId n = c < best.size() ? best[c] : NodeId(-1);
    if (n == NodeId(-1) || std::find(onPath.begin(), onPath.end(), c) != onPath.end())
      return Proof{ProofStep{term(id), "", false}};
    onPath.push_back(c);
    Proof p = prove(cx, id, n, all);
    const Rec& r = real_[n];
    for (size_t i = 0; i < r.kids.size(); ++i) {
      Proof sub = go(r.kids[i]);
      for (size_t s = 1; s < sub.size(); ++s)
        p.push_back(ProofStep{withKid(p.back().term, i, sub[s].term), sub[s].rule, sub[s].backward, sub[s].just});
    }
    onPath.pop_back();
    return p;
  };
  try {
    return go(a);
  } catch (const Cut&) {
    return Proof{ProofStep{term(a), "", false},
                 ProofStep{extractedTerm(a, best),
                           "(equal in the e-graph; explanation cut at " + std::to_string(maxSteps) + " steps)", false}};
  } catch (const std::runtime_error& e) {
    return Proof{ProofStep{term(a), "", false},
                 ProofStep{extractedTerm(a, best), std::string("(equal in the e-graph; ") + e.what() + ")", false}};
  }
}

// ---------------------------------------------------------------- rule traces

bool ruleNameMatches(const std::string& name, const std::string& wanted) {
  if (name == wanted) return true;
  auto widthAt = [&](size_t at) {
    return name.compare(at, 4, ".i32") == 0 || name.compare(at, 4, ".i64") == 0;
  };
  // NAME -> NAME.i32, NAME.i64
  if (name.size() == wanted.size() + 4 && name.compare(0, wanted.size(), wanted) == 0 && widthAt(wanted.size()))
    return true;
  // NAME-rev -> NAME.i32-rev, NAME.i64-rev
  const std::string rev = "-rev";
  if (wanted.size() > rev.size() && wanted.compare(wanted.size() - rev.size(), rev.size(), rev) == 0) {
    const size_t base = wanted.size() - rev.size();
    return name.size() == wanted.size() + 4 && name.compare(0, base, wanted, 0, base) == 0 && widthAt(base) &&
           name.compare(base + 4, rev.size(), rev) == 0;
  }
  return false;
}

void RuleTrace::onApply(size_t, const Rewrite& rw, unsigned iteration, ClassId root, ClassId rhs, const Subst& s) {
  pending_ = false;
  if (!ruleNameMatches(rw.name, rule_)) return;
  Application a;
  a.rule = rw.name;
  a.iteration = iteration;
  a.root = root;
  a.rhs = rhs;
  a.vars.assign(s.classes.begin(), s.classes.begin() + std::min<size_t>(s.classes.size(), rw.lhs.numVars));
  a.varNames = rw.lhs.varNames;
  if (g_) {
    auto rn = g_->classNodes(g_->find(rhs));
    a.rhsNodes.assign(rn.begin(), rn.end());
    auto on = g_->classNodes(g_->find(root));
    a.rootNodes.assign(on.begin(), on.end());
  }
  apps_.push_back(std::move(a));
  pending_ = true;
}

void RuleTrace::onApplied(bool merged, bool changed) {
  if (!pending_) return;
  apps_.back().merged = merged;
  apps_.back().changed = changed;
  pending_ = false;
}

void RuleTrace::onCustom(const std::string&, unsigned) { pending_ = false; }

void RuleTrace::onSearched(size_t, const Rewrite& rw, unsigned, size_t matches, bool banned) {
  if (!ruleNameMatches(rw.name, rule_)) return;
  matches_ += matches;
  if (banned) {
    dropped_ += matches;
    ++bans_;
  }
}

void RuleTrace::onRejected(size_t, const Rewrite& rw, unsigned iteration, ClassId root, const Subst& s,
                           bool byCondition) {
  pending_ = false;
  if (!ruleNameMatches(rw.name, rule_)) return;
  Rejection x;
  x.rule = rw.name;
  x.iteration = iteration;
  x.root = root;
  x.vars.assign(s.classes.begin(), s.classes.begin() + std::min<size_t>(s.classes.size(), rw.lhs.numVars));
  x.varNames = rw.lhs.varNames;
  if (!byCondition) x.why = "a computed constant of the rhs is undefined for these values";
  else if (rw.whyRejected && g_) x.why = rw.whyRejected(*g_, s);
  else x.why = "its condition is false";
  rejected_.push_back(std::move(x));
}

} // namespace eqsat
