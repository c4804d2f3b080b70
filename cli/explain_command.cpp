#include "cli/explain_command.h"

#include "module/errors.h"
#include "module/module_io.h"
#include "module/output_file.h"
#include "cli/options.h"
#include "cli/stats.h"
#include "bridge/bridge.h"
#include "egraph/explain.h"
#include "egraph/serialize.h"
#include "extract/extract.h"

#include "cost/cost.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>
#include <ostream>
#include <sstream>

namespace eqsat::cli {
namespace {

constexpr size_t kTermChars = 400;  // terms longer than this are cut with "..." in --explain/--trace-rule


// A skeleton operand with a description of where it is used.
struct Site {
  std::string what;
  ClassId cls;
};

void sitesOf(const FunctionGraph& fg, const std::vector<Stmt>& list, std::vector<Site>& out) {
  for (const Stmt& s : list) {
    switch (s.kind) {
    case StmtKind::If: out.push_back({"if condition", s.cls}); break;
    case StmtKind::BrIf: out.push_back({"br_if condition", s.cls}); break;
    case StmtKind::BrTable: out.push_back({"br_table index", s.cls}); break;
    case StmtKind::Return:
      if (s.cls != kNoClass) out.push_back({"return value", s.cls});
      break;
    case StmtKind::Value: out.push_back({"function result", s.cls}); break;
    case StmtKind::Define: case StmtKind::Effect: {
      std::string op = opInfo(s.op).name;
      for (size_t i = 0; i < s.kids.size(); ++i)
        out.push_back({"operand " + std::to_string(i) + " of " + op, s.kids[i]});
      if (s.kind == StmtKind::Effect && opInfo(s.op).kind == OpKind::Store) out.push_back({"the " + op + " itself", s.cls});
      break;
    }
    case StmtKind::Loop:
      if (s.merge < fg.merges.size())
        for (size_t c = 0; c < fg.merges[s.merge].carried.size(); ++c) {
          const auto& car = fg.merges[s.merge].carried[c];
          for (size_t e = 0; e < car.perEdge.size(); ++e)
            out.push_back({"loop-carried value " + std::to_string(c) + " on edge " + std::to_string(e), car.perEdge[e]});
        }
      break;
    default: break;
    }
    sitesOf(fg, s.body, out);
    sitesOf(fg, s.elseBody, out);
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const Site& x) { return x.cls == kNoClass; }), out.end());
}

// Classes the output computes: reachable from the roots through the chosen nodes.
std::vector<uint8_t> usedClasses(const FunctionObservation& ob) {
  const EGraph& g = *ob.graph.egraph;
  std::vector<uint8_t> used(g.nodeCapacity() + 1, 0);
  std::vector<ClassId> stack;
  for (const Root& r : rootsOf(ob.graph))
    if (r.cls != kNoClass) stack.push_back(g.find(r.cls));
  std::vector<Site> sites;
  sitesOf(ob.graph, ob.graph.body, sites);
  for (const Site& s : sites) stack.push_back(g.find(s.cls));
  while (!stack.empty()) {
    ClassId c = stack.back();
    stack.pop_back();
    if (c >= used.size() || used[c]) continue;
    used[c] = 1;
    if (c >= ob.extraction.best.size() || ob.extraction.best[c] == NodeId(-1)) continue;
    for (ClassId k : g.node(ob.extraction.best[c]).children) stack.push_back(g.find(k));
  }
  return used;
}

double nodeOwnCost(const FunctionObservation& ob, NodeId n) {
  return ownCost(*ob.graph.egraph, ob.costModel, ob.graph.egraph->node(n), Use::Value);
}

std::string dotEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

} // namespace

std::string functionText(BinaryenModuleRef module, const std::string& name) {
  std::string text = writeText(module);
  // a definition starts a line: " (func $NAME (type ...)" (exports and elems mention it inline)
  std::string key = "\n (func $" + name;
  size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string::npos) {
    char next = pos + key.size() < text.size() ? text[pos + key.size()] : ' ';
    if (next == ' ' || next == '\n') break;
    pos += key.size();
  }
  if (pos == std::string::npos) return "";
  pos += 2;
  int depth = 0;
  size_t end = pos;
  for (; end < text.size(); ++end) {
    if (text[end] == ';' && end + 1 < text.size() && text[end + 1] == ';') {  // line comment
      while (end < text.size() && text[end] != '\n') ++end;
      continue;
    }
    if (text[end] == '"') {
      for (++end; end < text.size() && text[end] != '"'; ++end)
        if (text[end] == '\\') ++end;
      continue;
    }
    if (text[end] == '(') ++depth;
    else if (text[end] == ')' && --depth == 0) break;
  }
  // keep the indentation of the first line consistent with the others
  size_t lineStart = text.rfind('\n', pos);
  std::string indent = lineStart == std::string::npos ? "" : text.substr(lineStart + 1, pos - lineStart - 1);
  std::string out = text.substr(pos, end + 1 - pos);
  if (!indent.empty()) {
    std::string stripped;
    std::istringstream in(out);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      if (!first && line.compare(0, indent.size(), indent) == 0) line = line.substr(indent.size());
      stripped += (first ? "" : "\n") + line;
      first = false;
    }
    out = stripped;
  }
  return out;
}

std::string explainRewrites(const FunctionObservation& ob) {
  std::ostringstream o;
  const EGraph& g = *ob.graph.egraph;
  if (!ob.explain) {
    o << ";; no explanation recorded for " << ob.name
      << " (its e-graph was rebuilt by the bridge after recording started)\n";
    return o.str();
  }
  std::vector<Site> sites;
  sitesOf(ob.graph, ob.graph.body, sites);
  std::set<ClassId> done;
  size_t rewritten = 0, index = 0;
  std::ostringstream body;
  for (const Site& s : sites) {
    if (s.cls == kNoClass) continue;
    TermPtr orig = ob.explain->term(s.cls);
    TermPtr ext = ob.explain->extractedTerm(s.cls, ob.extraction.best);
    if (sameTerm(orig, ext)) continue;
    ++rewritten;
    if (!done.insert(g.find(s.cls)).second) {
      body << ";; [" << ++index << "] " << s.what << ": the same value as above\n";
      continue;
    }
    Proof p = ob.explain->explainExtracted(s.cls, ob.extraction.best);
    size_t rules = 0;
    for (const ProofStep& st : p) rules += !st.rule.empty();
    body << ";; [" << ++index << "] " << s.what << " (class " << g.find(s.cls) << "): " << rules << " step"
         << (rules == 1 ? "" : "s") << "\n";
    body << ";;   original:  " << printTerm(orig, kTermChars) << "\n";
    body << ";;   optimized: " << printTerm(ext, kTermChars) << "\n";
    for (size_t i = 0; i < p.size(); ++i) {
      if (i == 0) {
        body << ";;       " << printTerm(p[i].term, kTermChars) << "\n";
        continue;
      }
      body << ";;     = " << printTerm(p[i].term, kTermChars) << "\n";
      body << ";;         by " << p[i].rule << (p[i].backward ? " (right to left)" : "") << "\n";
    }
  }
  o << ";; rewritten expressions: " << rewritten << " of " << sites.size() << " operands of the skeleton changed\n";
  o << body.str();
  return o.str();
}

std::string egraphDot(const FunctionObservation& ob) {
  const EGraph& g = *ob.graph.egraph;
  const auto& best = ob.extraction.best;
  std::vector<uint8_t> used = usedClasses(ob);
  std::ostringstream o;
  o << "// e-graph of " << ob.name << " after saturation (" << g.numClasses() << " e-classes, " << g.numNodes()
    << " e-nodes; cost model " << ob.costModel.name() << ").\n"
    << "// A cluster is an e-class (id, type, cost of the chosen term); a box is an e-node with its own cost;\n"
    << "// the chosen node of each class is filled (gold when the output computes it); edges lead to child classes.\n";
  o << "digraph \"" << dotEscape(ob.name) << "\" {\n"
    << "  compound=true;\n  rankdir=TB;\n  newrank=true;\n"
    << "  graph [fontname=\"monospace\", fontsize=10, style=rounded, color=gray60];\n"
    << "  node [shape=box, style=rounded, fontname=\"monospace\", fontsize=10];\n"
    << "  edge [arrowsize=0.6, color=gray40];\n";
  std::vector<ClassId> cls = g.classes();
  auto anchor = [&](ClassId c) -> NodeId {
    c = g.find(c);
    if (c < best.size() && best[c] != NodeId(-1)) return best[c];
    return g.classNodes(c).front();
  };
  for (ClassId c : cls) {
    double cost = c < ob.extraction.cost.size() ? ob.extraction.cost[c] : Extraction::kInf;
    o << "  subgraph cluster_" << c << " {\n    label=\"e-class " << c << " : " << tyName(g.type(c)) << "  cost "
      << formatCost(cost) << "\";\n";
    if (c < used.size() && used[c]) o << "    color=goldenrod3;\n    penwidth=1.5;\n";
    for (NodeId n : g.classNodes(c)) {
      bool chosen = c < best.size() && best[c] == n;
      o << "    n" << n << " [label=\"" << dotEscape(nodeLabel(g, n)) << "\\ncost " << formatCost(nodeOwnCost(ob, n)) << "\"";
      if (chosen) o << ", style=\"rounded,filled,bold\", fillcolor=\"" << (used[c] ? "gold" : "lightgray") << "\"";
      o << "];\n";
    }
    o << "  }\n";
  }
  for (ClassId c : cls)
    for (NodeId n : g.classNodes(c)) {
      auto kids = g.node(n).children;
      for (size_t i = 0; i < kids.size(); ++i) {
        ClassId k = g.find(kids[i]);
        o << "  n" << n << " -> n" << anchor(k) << " [";
        if (k != c) o << "lhead=cluster_" << k << ", ";  // (a node of its own class: a cycle such as x = x & -1)
        o << "arrowhead=normal";
        if (kids.size() > 1) o << ", taillabel=\"" << i << "\", labelfontsize=8";
        bool chosenEdge = c < best.size() && best[c] == n && used[c];
        if (chosenEdge) o << ", color=goldenrod3, penwidth=1.5";
        o << "];\n";
      }
    }
  o << "}\n";
  return o.str();
}

nlohmann::json egraphJson(const FunctionObservation& ob) {
  const EGraph& g = *ob.graph.egraph;
  std::vector<ClassId> roots;
  for (const Root& r : rootsOf(ob.graph))
    if (r.cls != kNoClass) roots.push_back(g.find(r.cls));
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  nlohmann::json j = serializeEGraph(g, roots, [&](const EGraph&, NodeId n) { return nodeOwnCost(ob, n); });
  nlohmann::json cd = nlohmann::json::object();
  for (ClassId c : g.classes()) {
    nlohmann::json d = {{"type", tyName(g.type(c))}};
    if (c < ob.extraction.best.size() && ob.extraction.best[c] != NodeId(-1))
      d["chosen"] = std::to_string(ob.extraction.best[c]);
    if (c < ob.extraction.cost.size() && std::isfinite(ob.extraction.cost[c])) d["cost"] = ob.extraction.cost[c];
    cd[std::to_string(c)] = std::move(d);
  }
  j["class_data"] = std::move(cd);
  return j;
}

TraceCounts& TraceCounts::operator+=(const TraceCounts& o) {
  functions += o.functions;
  matches += o.matches;
  applied += o.applied;
  rejected += o.rejected;
  dropped += o.dropped;
  left += o.left;
  merged += o.merged;
  changedExtraction += o.changedExtraction;
  contributed += o.contributed;
  return *this;
}

std::string traceCountsText(const TraceCounts& c) {
  std::ostringstream o;
  o << c.matches << " match" << (c.matches == 1 ? "" : "es") << ": " << c.applied << " applied, " << c.rejected
    << " rejected, " << c.dropped << " dropped by a ban, " << c.left << " left at the stop; " << c.merged
    << " changed the e-graph, " << c.changedExtraction << " changed the extraction, " << c.contributed
    << " contributed to the result";
  return o.str();
}

std::string traceReport(const FunctionObservation& ob, TraceCounts* total) {
  if (!ob.trace || ob.trace->matches() == 0) return "";
  const EGraph& g = *ob.graph.egraph;
  const auto& best = ob.extraction.best;
  std::vector<uint8_t> used = usedClasses(ob);
  std::ostringstream o;
  const auto& apps = ob.trace->applications();
  TraceCounts n;
  n.functions = 1;
  n.matches = ob.trace->matches();
  n.applied = apps.size();
  n.rejected = ob.trace->rejections().size();
  n.dropped = ob.trace->droppedByBan();
  n.left = ob.trace->leftByLimit();
  std::ostringstream body;
  // terms as the extraction chose them (cut at kTermChars)
  auto chosenTerm = [&](ClassId c) -> std::string {
    std::vector<ClassId> onPath;
    std::function<std::string(ClassId, size_t)> go = [&](ClassId k, size_t budget) -> std::string {
      k = g.find(k);
      NodeId n = k < best.size() ? best[k] : NodeId(-1);
      if (n == NodeId(-1) || budget == 0 || std::find(onPath.begin(), onPath.end(), k) != onPath.end())
        return "<class " + std::to_string(k) + ">";
      NodeView v = g.node(n);
      std::string label = termLabel(v.op, v.ty, v.imm);
      if (v.children.empty()) return opInfo(v.op).kind == OpKind::Const || label.find(' ') != std::string::npos ? "(" + label + ")" : label;
      onPath.push_back(k);
      std::string s = "(" + label;
      for (ClassId kid : v.children) s += " " + go(kid, budget - 1);
      onPath.pop_back();
      return s + ")";
    };
    std::string s = go(c, 12);
    if (s.size() > kTermChars) s = s.substr(0, kTermChars) + " ...";
    return s;
  };
  // Rule applications on the proof that the output equals the input: the
  // justifications the explanation of every rewritten operand uses.
  std::set<std::tuple<std::string, unsigned, ClassId, ClassId>> inProof;
  bool incomplete = false;  // some operand's explanation failed or was cut: "contributed" may undercount
  if (ob.explain) {
    std::vector<Site> sites;
    sitesOf(ob.graph, ob.graph.body, sites);
    std::set<ClassId> done;
    for (const Site& st : sites) {
      if (!done.insert(g.find(st.cls)).second) continue;
      for (const ProofStep& p : ob.explain->explainExtracted(st.cls, best)) {
        incomplete |= p.rule.rfind("(equal in the e-graph", 0) == 0;
        if (p.just != UINT32_MAX) {
          const auto& j = ob.explain->justification(p.just);
          inProof.insert({j.name, j.iteration, j.root, j.rhsClass});
        }
      }
    }
  }
  auto varLines = [&](const std::vector<ClassId>& vars, const std::vector<std::string>& names) {
    for (size_t v = 0; v < vars.size(); ++v)
      body << ";;       " << (v < names.size() ? "?" + names[v] : "?" + std::to_string(v)) << " = "
           << chosenTerm(vars[v]) << "\n";
  };
  // applications and rejections in the order they happened (by iteration)
  size_t ai = 0, ri = 0, index = 0;
  const auto& rej = ob.trace->rejections();
  while (ai < apps.size() || ri < rej.size()) {
    if (ri < rej.size() && (ai == apps.size() || rej[ri].iteration < apps[ai].iteration)) {
      const RuleTrace::Rejection& x = rej[ri++];
      ClassId c = g.find(x.root);
      body << ";; [" << ++index << "] iteration " << x.iteration << ", " << x.rule << " matched e-class " << x.root;
      if (c != x.root) body << " (now " << c << ")";
      body << ": REJECTED: " << x.why << "\n";
      varLines(x.vars, x.varNames);
      continue;
    }
    const RuleTrace::Application& a = apps[ai++];
    ClassId c = g.find(a.root);
    body << ";; [" << ++index << "] iteration " << a.iteration << ", " << a.rule << " matched e-class " << a.root;
    if (c != a.root) body << " (now " << c << ")";
    body << "\n";
    varLines(a.vars, a.varNames);
    const bool contributed = inProof.count({a.rule, a.iteration, a.root, a.rhs}) > 0;
    n.contributed += contributed;
    const char* result = !ob.explain ? "not recorded"
                         : contributed ? "CONTRIBUTED: on the proof that the output equals the input"
                                       : "not on the proof of the output";
    if (!a.merged) {
      body << ";;     e-graph: " << (a.changed ? "new nodes only (the rhs was already equal)" : "unchanged (already equal)")
           << "; extraction: unchanged\n";
      body << ";;     result: " << result << "\n";
      continue;
    }
    ++n.merged;
    body << ";;     e-graph: merged e-class " << a.root << " with the rhs e-class " << a.rhs << "\n";
    NodeId b = c < best.size() ? best[c] : NodeId(-1);
    bool inRhs = std::find(a.rhsNodes.begin(), a.rhsNodes.end(), b) != a.rhsNodes.end();
    bool inRoot = std::find(a.rootNodes.begin(), a.rootNodes.end(), b) != a.rootNodes.end();
    body << ";;     extraction: ";
    if (c >= used.size() || !used[c]) body << "unchanged (the class is not computed by the output)\n";
    else if (inRhs) {
      ++n.changedExtraction;
      body << "CHANGED: the output computes the rule's result " << chosenTerm(c) << "\n";
    } else if (inRoot) body << "unchanged (the output keeps the matched side: " << chosenTerm(c) << ")\n";
    else body << "unchanged by this match (the output uses a node added later: " << chosenTerm(c) << ")\n";
    body << ";;     result: " << result << "\n";
  }
  if (n.dropped)
    body << ";; " << n.dropped << " match" << (n.dropped == 1 ? "" : "es") << " dropped: the backoff scheduler banned "
         << ob.trace->rule() << " " << ob.trace->bans() << " time" << (ob.trace->bans() == 1 ? "" : "s")
         << " (more matches in one iteration than its threshold)\n";
  if (n.left)
    body << ";; " << n.left << " match" << (n.left == 1 ? "" : "es") << " not applied: the run stopped ("
         << stopReasonName(ob.report.stop) << ") before applying them\n";
  o << ";; trace-rule " << ob.trace->rule() << " in " << ob.name << ": " << traceCountsText(n) << "\n";
  if (incomplete)
    o << ";; (the explanation of some operands is incomplete, as --explain " << ob.name
      << " shows: \"contributed\" counts only the steps found)\n";
  o << body.str();
  if (total) *total += n;
  return o.str();
}

std::string didYouMean(const std::string& w, const std::vector<std::string>& names) {
  std::vector<std::pair<unsigned, std::string>> near;
  const unsigned maxDist = std::max<unsigned>(2, unsigned(w.size() / 3));
  for (const std::string& n : names) {
    unsigned d = editDistance(w, n);
    if (d <= maxDist) near.push_back({d, n});
  }
  std::sort(near.begin(), near.end());
  near.erase(std::unique(near.begin(), near.end()), near.end());
  if (near.empty()) return "";
  std::string s = "; did you mean `" + near[0].second + "`";
  if (near.size() > 1 && near[1].first == near[0].first) s += " or `" + near[1].second + "`";
  return s + "?";
}

void requireRuleName(const std::string& flag, const std::string& wanted, const std::vector<Rewrite>& rules) {
  std::vector<std::string> names;  // every name the flag accepts
  for (const Rewrite& r : rules) {
    if (ruleNameMatches(r.name, wanted)) return;
    const std::string& n = r.name;
    names.push_back(n);
    for (const char* w : {".i32", ".i64"}) {
      size_t at = n.rfind(w);
      if (at == std::string::npos) continue;
      if (at + 4 == n.size()) names.push_back(n.substr(0, at));
      else if (n.compare(at + 4, std::string::npos, "-rev") == 0) names.push_back(n.substr(0, at) + "-rev");
    }
  }
  throw CliError(kExitUsage, flag, "no rule named '" + wanted + "' in the loaded rules" + didYouMean(wanted, names));
}

RunObserver::RunObserver(const CliOptions& opts, BinaryenModuleRef module, const std::vector<Rewrite>& rules)
    : opts_(opts) {
  active_ = opts.statsTop >= 0 || !opts.reportFile.empty() || !opts.explain.empty() || !opts.dumps.empty() ||
            !opts.traceRule.empty();
  auto requireFunction = [&](const std::string& flag, const std::string& f) {
    BinaryenFunctionRef fn = BinaryenGetFunction(module, f.c_str());
    const char* importModule = fn ? BinaryenFunctionImportGetModule(fn) : nullptr;
    if (!fn || (importModule && *importModule)) {
      std::vector<std::string> defined;
      for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
        BinaryenFunctionRef x = BinaryenGetFunctionByIndex(module, i);
        const char* im = BinaryenFunctionImportGetModule(x);
        if (!im || !*im) defined.push_back(BinaryenFunctionGetName(x));
      }
      throw CliError(kExitUsage, flag, "no defined function '" + f + "' in " + opts.input + didYouMean(f, defined));
    }
  };
  for (const auto& f : opts.explain) requireFunction("--explain", f);
  for (const auto& d : opts.dumps) requireFunction("--dump-egraph", d.first);
  if (!opts.traceRule.empty()) requireRuleName("--trace-rule", opts.traceRule, rules);
  for (const auto& d : opts.dumps)
    if (!d.second.empty()) checkOutputPath(d.second);
  if (!opts.reportFile.empty()) checkOutputPath(opts.reportFile);
  originals_.resize(opts.explain.size());
  explained_.resize(opts.explain.size());
  dumped_.resize(opts.dumps.size());
  if (!opts.explain.empty()) {
    for (size_t i = 0; i < opts.explain.size(); ++i) originals_[i] = functionText(module, opts.explain[i]);
  }
}

void RunObserver::install(OptimizeOptions& o) {
  if (opts_.explain.empty() && opts_.dumps.empty() && opts_.traceRule.empty()) return;
  o.onFunction = [this](const FunctionObservation& ob) {
    for (size_t i = 0; i < opts_.explain.size(); ++i)
      if (opts_.explain[i] == ob.name) explained_[i] = explainRewrites(ob);
    for (size_t i = 0; i < opts_.dumps.size(); ++i)
      if (opts_.dumps[i].first == ob.name)
        dumped_[i] = opts_.dumpFormat == "json" ? egraphJson(ob).dump(1) + "\n" : egraphDot(ob);
    if (!opts_.traceRule.empty()) {
      std::string t = traceReport(ob, &traceTotal_);
      if (!t.empty()) traces_.push_back(std::move(t));
    }
  };
}

void RunObserver::finish(BinaryenModuleRef module, const OptimizeSummary& s, double seconds, std::ostream& out,
                         std::ostream& err) {
  if (!active_) return;
  RunInfo info{opts_.input, opts_.optimize.costModel, opts_.optimize.extractor, seconds};
  auto summaryOf = [&](const std::string& f) -> const FunctionSummary* {
    for (const auto& x : s.perFunction)
      if (x.name == f) return &x;
    return nullptr;
  };
  for (size_t i = 0; i < opts_.explain.size(); ++i) {
    const std::string& f = opts_.explain[i];
    const FunctionSummary* fs = summaryOf(f);
    out << ";; ---- explain " << f << " ----\n";
    out << ";; original (cost " << (fs ? formatCost(fs->costBefore) : "?") << ", " << (fs ? fs->instrsBefore : 0)
        << " wasm instructions):\n"
        << originals_[i] << "\n";
    if (fs && !fs->handled) {
      out << ";; left alone: " << fs->leftAloneReason << "\n";
      continue;
    }
    out << ";; optimized (cost " << (fs ? formatCost(fs->costAfter) : "?") << ", " << (fs ? fs->instrsAfter : 0)
        << " wasm instructions" << (fs && !fs->replaced ? "; the original was kept: not cheaper" : "") << "):\n"
        << functionText(module, f) << "\n";
    if (fs && !fs->leftAloneReason.empty()) out << ";; note: " << fs->leftAloneReason << "\n";
    out << explained_[i];
  }
  if (!opts_.traceRule.empty()) {
    for (const auto& t : traces_) out << t;
    // the whole run: its match count is the rule's in --stats and --report
    if (traces_.empty())
      out << ";; trace-rule " << opts_.traceRule << ": no matches (its lhs occurs in no e-graph)\n";
    else
      out << ";; trace-rule " << opts_.traceRule << " in " << traceTotal_.functions << " function"
          << (traceTotal_.functions == 1 ? "" : "s") << ": " << traceCountsText(traceTotal_) << "\n";
  }
  for (size_t i = 0; i < opts_.dumps.size(); ++i) {
    const auto& [f, file] = opts_.dumps[i];
    if (dumped_[i].empty()) {
      const FunctionSummary* fs = summaryOf(f);
      err << "eqsat-wasm: " << f << ": no e-graph to dump (left alone: "
          << (fs ? fs->leftAloneReason : std::string("not optimized")) << ")\n";
      continue;
    }
    std::string path = file.empty() ? defaultDumpName(f, opts_.dumpFormat) : file;
    writeFileAtomically(path, dumped_[i].data(), dumped_[i].size());
    err << "eqsat-wasm: wrote the e-graph of " << f << " to " << path << "\n";
  }
  if (!opts_.reportFile.empty()) {
    std::string j = reportJson(s, info).dump(2) + "\n";
    writeFileAtomically(opts_.reportFile, j.data(), j.size());
  }
  if (opts_.statsTop >= 0) err << statsTable(s, size_t(opts_.statsTop), info);
}

std::string defaultDumpName(const std::string& func, const std::string& format) {
  std::string s;
  for (char c : func) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '_';
  if (s.empty()) s = "function";
  return s + "." + format;
}

} // namespace eqsat::cli
