// exact: the DAG-optimal choice as an integer linear program (GLPK), with a
// time limit, started from dag's solution; falls back to dag when the e-graph
// is too large or the solver finds nothing better. Never worse than dag under
// dagCost(); dag's and tree's choices go along as alternatives for the emitter
// (Extraction::alternatives).
//
// Variables: x_n (node n chosen), a_c (class c computed), y_c (c is shared
// through a local), e_c >= 0 (c's local traffic), o_c (topological order).
//   sum_{n in c} x_n = a_c;  a_r = 1 for roots;  x_n <= a_k for each child k;
//   uses_c = sum_n mult(n,c) x_n + rootUses_c;  uses_c - 1 <= M y_c;
//   e_c >= get (uses_c - 1) + set y_c;   o_c >= o_k + 1 - N (1 - x_n)  (acyclic);
//   minimise sum_n own(n) x_n + sum_c e_c.
// own(n) is priced as a value unless every use of the class in the e-graph is
// a condition. dagCost() then judges the solution exactly.
#include "extract/extract.h"

#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <unordered_map>

namespace eqsat {

namespace {

enum class Domain { Continuous, Integer };

struct Ilp {
  glp_prob* lp = glp_create_prob();
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0};
  ~Ilp() { glp_delete_prob(lp); }
  int col(double lo, double hi, double obj, Domain domain) {
    int j = glp_add_cols(lp, 1);
    if (lo == hi) glp_set_col_bnds(lp, j, GLP_FX, lo, hi);
    else if (std::isinf(hi)) glp_set_col_bnds(lp, j, GLP_LO, lo, 0);
    else glp_set_col_bnds(lp, j, GLP_DB, lo, hi);
    glp_set_obj_coef(lp, j, obj);
    if (domain == Domain::Integer) glp_set_col_kind(lp, j, hi <= 1 && lo >= 0 ? GLP_BV : GLP_IV);
    return j;
  }
  // sum coef*col (>=, <=, ==) rhs
  void row(const std::vector<std::pair<int, double>>& terms, int type, double rhs) {
    int i = glp_add_rows(lp, 1);
    if (type == GLP_FX) glp_set_row_bnds(lp, i, GLP_FX, rhs, rhs);
    else if (type == GLP_LO) glp_set_row_bnds(lp, i, GLP_LO, rhs, 0);
    else glp_set_row_bnds(lp, i, GLP_UP, 0, rhs);
    for (auto& [j, v] : terms) {
      ia.push_back(i);
      ja.push_back(j);
      ar.push_back(v);
    }
  }
};

struct HeurData {
  std::vector<double> start;  // 1-based column values of dag's solution
  bool given = false;
};

void callback(glp_tree* tree, void* info) {
  auto* h = static_cast<HeurData*>(info);
  if (glp_ios_reason(tree) == GLP_IHEUR && !h->given) {
    h->given = true;
    glp_ios_heur_sol(tree, h->start.data());
  }
}

// Calls visit(kid, use) for each non-constant child class of a node whose
// children are computed with it (a phi's are; a defined value's are not).
template <class Visit>
void forEachKid(const EGraph& g, NodeView v, Visit&& visit) {
  bool phi = v.op == Op::Phi;
  if (!phi && isDefinedNode(v)) return;
  for (size_t i = 0; i < v.children.size(); ++i) {
    ClassId k = g.find(v.children[i]);
    if (!g.constant(k)) visit(k, phi ? Use::Value : CostModel::operandUse(v, unsigned(i)));
  }
}

// Classes reachable from the roots through any node.
struct Reachable {
  std::vector<ClassId> order;
  std::vector<uint32_t> rootUses;       // per class
  std::vector<uint8_t> valueAnywhere;   // per class: used as a value somewhere (not only as a condition)
  size_t numNodes = 0;
};

Reachable reachableClasses(const EGraph& g, const std::vector<Root>& roots, size_t numSlots) {
  Reachable reach;
  std::vector<uint8_t> seen(numSlots, 0);
  std::vector<ClassId> work;
  reach.rootUses.assign(numSlots, 0);
  reach.valueAnywhere.assign(numSlots, 0);
  for (const Root& r : roots) {
    ClassId c = g.find(r.cls);
    if (g.constant(c)) continue;
    reach.rootUses[c]++;
    if (r.use == Use::Value) reach.valueAnywhere[c] = 1;
    if (!seen[c]) {
      seen[c] = 1;
      work.push_back(c);
    }
  }
  while (!work.empty()) {
    ClassId c = work.back();
    work.pop_back();
    reach.order.push_back(c);
    for (NodeId nd : g.classNodes(c)) {
      ++reach.numNodes;
      forEachKid(g, g.node(nd), [&](ClassId k, Use u) {
        if (u == Use::Value) reach.valueAnywhere[k] = 1;
        if (!seen[k]) {
          seen[k] = 1;
          work.push_back(k);
        }
      });
    }
  }
  return reach;
}

bool allNodesPure(const EGraph& g, ClassId c) {
  bool pure = true;
  for (NodeId nd : g.classNodes(c)) pure = pure && !isDefinedNode(g.node(nd));
  return pure;
}

// The columns of the ILP (see the file header).
struct IlpColumns {
  double orderBound = 0;  // N
  std::unordered_map<ClassId, int> a, o;
  std::vector<std::pair<NodeId, int>> x;
  std::unordered_map<NodeId, int> xOf;
  std::vector<std::pair<ClassId, std::pair<int, int>>> share;  // class -> (y, e)
};

// The node choice: a_c, o_c, x_n, the choice and order rows; returns who uses
// each class (node column, multiplicity).
std::unordered_map<ClassId, std::vector<std::pair<int, double>>>
addChoiceRows(Ilp& ilp, IlpColumns& cols, const EGraph& g, const CostModel& cm, const Reachable& reach) {
  const double N = cols.orderBound;
  std::unordered_map<ClassId, std::vector<std::pair<int, double>>> usersOf;
  for (ClassId c : reach.order) {
    cols.a[c] = ilp.col(reach.rootUses[c] ? 1 : 0, 1, 0, Domain::Integer);
    cols.o[c] = ilp.col(0, N, 0, Domain::Continuous);
  }
  for (ClassId c : reach.order) {
    Use use = reach.valueAnywhere[c] ? Use::Value : Use::Condition;
    std::vector<std::pair<int, double>> pick{{cols.a[c], -1}};
    for (NodeId nd : g.classNodes(c)) {
      NodeView v = g.node(nd);
      double own = ownCost(g, cm, v, use);
      bool self = false;
      forEachKid(g, v, [&](ClassId k, Use) { self |= k == c; });
      int x = ilp.col(0, self ? 0 : 1, own, Domain::Integer);
      cols.x.push_back({nd, x});
      cols.xOf[nd] = x;
      pick.push_back({x, 1});
      std::unordered_map<ClassId, double> multiplicity;
      forEachKid(g, v, [&](ClassId k, Use) { multiplicity[k] += 1; });
      for (auto& [k, m] : multiplicity) {
        if (k == c) continue;
        ilp.row({{x, 1}, {cols.a[k], -1}}, GLP_UP, 0);                         // x_n <= a_k
        ilp.row({{cols.o[c], 1}, {cols.o[k], -1}, {x, -N}}, GLP_LO, 1 - N);    // order
        usersOf[k].push_back({x, m});
      }
    }
    ilp.row(pick, GLP_FX, 0);
  }
  return usersOf;
}

// The local traffic of shared classes: y_c, e_c and their rows.
void addShareRows(Ilp& ilp, IlpColumns& cols, const EGraph& g, const CostModel& cm, const Reachable& reach,
                  const std::unordered_map<ClassId, std::vector<std::pair<int, double>>>& usersOf) {
  for (ClassId c : reach.order) {
    auto it = usersOf.find(c);
    double maxUses = reach.rootUses[c];
    if (it != usersOf.end())
      for (auto& [x, m] : it->second) maxUses += m;
    if (maxUses < 2) continue;
    Ty t = g.type(c);
    double get = cm.localGetCost(t), set = cm.localSetCost(t);
    if (get == 0 && set == 0) continue;
    // Shared through a local only if every node of the class is pure (defined values are in locals already).
    bool pure = allNodesPure(g, c);
    int y = ilp.col(0, 1, 0, Domain::Integer);
    int e = ilp.col(0, INFINITY, 1, Domain::Continuous);
    cols.share.push_back({c, {y, e}});
    // uses - M y <= 1 - rootUses
    std::vector<std::pair<int, double>> r1{{y, -maxUses}};
    // e - get*uses - set*y >= -get + get*rootUses
    std::vector<std::pair<int, double>> r2{{e, 1}, {y, pure ? -set : 0}};
    if (it != usersOf.end())
      for (auto& [x, m] : it->second) {
        r1.push_back({x, m});
        r2.push_back({x, -get * m});
      }
    ilp.row(r1, GLP_UP, 1 - double(reach.rootUses[c]));
    ilp.row(r2, GLP_LO, -get + get * double(reach.rootUses[c]));
  }
}

// dag's solution as column values (1-based), the starting incumbent.
std::vector<double> incumbentOf(const EGraph& g, const CostModel& cm, const std::vector<NodeId>& best,
                                const std::vector<Root>& roots, const Reachable& reach, const IlpColumns& cols,
                                size_t numColumns) {
  const size_t numSlots = best.size();
  std::vector<double> start(numColumns + 1, 0);
  std::vector<uint8_t> on(numSlots, 0);
  std::vector<uint32_t> uses(numSlots, 0);
  std::vector<ClassId> stack;
  for (const Root& r : roots) {
    ClassId c = g.find(r.cls);
    if (g.constant(c)) continue;
    if (!on[c]) {
      on[c] = 1;
      stack.push_back(c);
    }
  }
  std::vector<ClassId> reached;
  while (!stack.empty()) {
    ClassId c = stack.back();
    stack.pop_back();
    reached.push_back(c);
    forEachKid(g, g.node(best[c]), [&](ClassId k, Use) {
      uses[k]++;
      if (!on[k]) {
        on[k] = 1;
        stack.push_back(k);
      }
    });
  }
  // Heights for the order variables (children lower than parents).
  std::vector<double> heights(numSlots, -1);
  std::function<double(ClassId)> height = [&](ClassId c) -> double {
    if (heights[c] >= 0) return heights[c];
    heights[c] = 0;
    double tallest = 0;
    forEachKid(g, g.node(best[c]), [&](ClassId k, Use) { tallest = std::max(tallest, height(k) + 1); });
    return heights[c] = tallest;
  };
  // (every class dag reaches has columns; a missing one would index column 0, which GLPK ignores)
  auto column = [](const auto& columns, auto key) {
    auto it = columns.find(key);
    return it == columns.end() ? size_t(0) : size_t(it->second);
  };
  for (ClassId c : reached) {
    start[column(cols.a, c)] = 1;
    start[column(cols.xOf, best[c])] = 1;
    start[column(cols.o, c)] = std::min(height(c), cols.orderBound);
  }
  for (auto& [c, ye] : cols.share) {
    double u = uses[c] + reach.rootUses[c];
    if (!on[c] || u < 2) continue;
    Ty t = g.type(c);
    bool pure = allNodesPure(g, c);
    start[size_t(ye.first)] = 1;
    start[size_t(ye.second)] = cm.localGetCost(t) * (u - 1) + (pure ? cm.localSetCost(t) : 0);
  }
  return start;
}

} // namespace

Extraction extractExact(const EGraph& g, const CostModel& cm, const ExtractOptions& optsIn) {
  ExtractOptions opts = optsIn;
  if (opts.roots.empty())
    for (ClassId c : g.classes()) opts.roots.push_back({c, Use::Value});
  Extraction dag = extractDag(g, cm, opts);
  auto fallback = [&](const std::string& why) {
    dag.note = "exact: " + why + "; kept dag's choice";
    return dag;
  };
  if (dag.dagCost == Extraction::kInf) return fallback("no finite dag solution");
  const Reachable reach = reachableClasses(g, opts.roots, dag.best.size());
  if (reach.numNodes > opts.exactMaxNodes)
    return fallback(std::to_string(reach.numNodes) + " nodes exceed the limit of " +
                    std::to_string(opts.exactMaxNodes));

  // GLPK makes an environment per thread on first use that nothing frees when
  // the thread ends (each worker thread of optimizeModule would leak one).
  // Freed when this extraction is done, after `ilp`; nothing else in
  // eqsat-wasm uses GLPK.
  struct GlpkEnv {
    ~GlpkEnv() { glp_free_env(); }
  } glpkEnv;
  glp_term_out(GLP_OFF);
  Ilp ilp;
  glp_set_obj_dir(ilp.lp, GLP_MIN);
  IlpColumns cols;
  cols.orderBound = double(reach.order.size()) + 1;
  addShareRows(ilp, cols, g, cm, reach, addChoiceRows(ilp, cols, g, cm, reach));
  glp_load_matrix(ilp.lp, int(ilp.ia.size()) - 1, ilp.ia.data(), ilp.ja.data(), ilp.ar.data());
  HeurData heur;
  heur.start = incumbentOf(g, cm, dag.best, opts.roots, reach, cols, size_t(glp_get_num_cols(ilp.lp)));

  int tmLim = int(std::max(1.0, opts.exactSeconds * 1000));
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.tm_lim = tmLim;
  auto t0 = std::chrono::steady_clock::now();
  if (glp_simplex(ilp.lp, &sm) != 0 || glp_get_status(ilp.lp) != GLP_OPT) return fallback("LP relaxation not solved");
  double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() * 1000;
  glp_iocp ip;
  glp_init_iocp(&ip);
  ip.msg_lev = GLP_MSG_OFF;
  ip.presolve = GLP_OFF;
  ip.tm_lim = std::max(1, tmLim - int(used));
  ip.cb_func = callback;
  ip.cb_info = &heur;
  ip.gmi_cuts = GLP_ON;
  int rc = glp_intopt(ilp.lp, &ip);
  int st = glp_mip_status(ilp.lp);
  if (st != GLP_OPT && st != GLP_FEAS) return fallback("no integer solution within the time limit");
  Extraction ext;
  ext.extractor = "exact";
  ext.best = dag.best;
  for (auto& [nd, x] : cols.x)
    if (glp_mip_col_val(ilp.lp, x) > 0.5) ext.best[g.nodeClass(nd)] = nd;
  ext.dagCost = dagCost(g, cm, ext.best, opts.roots);
  if (!(ext.dagCost <= dag.dagCost)) return fallback("the ILP solution is not better");
  if (rc == GLP_ETMLIM || st != GLP_OPT) ext.note = "exact: time limit; best solution found";
  // The emitter is given dag's and tree's selections too (Extraction::alternatives);
  // when the ILP's DAG is one of them, that extraction's costs are taken, so that
  // the emitter writes the same function.
  std::vector<Extraction> cands = std::move(dag.alternatives);
  dag.alternatives.clear();
  cands.insert(cands.begin(), std::move(dag));
  bool same = false;
  for (Extraction& a : cands) {
    if (!same && sameSelection(g, ext.best, a.best, opts.roots)) {
      same = true;
      ext.best = std::move(a.best);
      ext.cost = std::move(a.cost);
      ext.condCost = std::move(a.condCost);
      continue;
    }
    ext.alternatives.push_back(std::move(a));
  }
  if (!same) recomputeChosenCosts(g, cm, ext);
  return ext;
}

} // namespace eqsat
