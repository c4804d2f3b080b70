// Rules at run time: the Rewrite the e-graph executes for a compiled rule,
// whose conditions and computed constants evaluate the expression language
// (evalExpr) on the captured constants and on what the e-graph's analysis
// knows of the matched classes (GraphFacts), and explain a rejected match.
#include "rules/ast.h"

#include "egraph/egraph.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace eqsat::rules::detail {
namespace {

// The facts of a match: its captured constants, and the known bits the
// e-graph's analysis has for the classes of its variables.
struct GraphFacts final : Facts {
  const RuleAst& rule;
  const EGraph& graph;
  const Subst& subst;
  GraphFacts(const RuleAst& matchedRule, const EGraph& egraph, const Subst& match)
      : rule(matchedRule), graph(egraph), subst(match) {}
  unsigned bits(int var) const {
    auto t = rule.tvs[rule.vars[var].tv];
    return t ? tyBits(*t) : 64;
  }
  uint64_t constant(int var) const override {
    uint64_t v = size_t(var) < subst.consts.size() ? subst.consts[var] : 0;
    return bits(var) == 32 ? (v & 0xffffffffu) : v;
  }
  KnownBits knownBits(int var) const {
    ClassId c = subst.classes[var];
    if (auto k = graph.constant(c)) {
      uint64_t v = bits(var) == 32 ? (*k & 0xffffffffu) : *k;
      uint64_t m = bits(var) == 32 ? 0xffffffffull : ~uint64_t(0);
      return KnownBits{~v & m, v};
    }
    return graph.knownBits(c);
  }
  bool knownZero(int var, uint64_t mask) const override { return (knownBits(var).zero & mask) == mask; }
  bool knownOne(int var, uint64_t mask) const override { return (knownBits(var).one & mask) == mask; }
  static uint64_t highMask(unsigned w, unsigned from) {
    uint64_t all = w == 32 ? 0xffffffffull : ~uint64_t(0);
    return from >= 64 ? 0 : (all & ~((uint64_t(1) << from) - 1));
  }
  bool fitsU(int var, unsigned n) const override {
    unsigned w = bits(var);
    if (n >= w) return true;
    return knownZero(var, highMask(w, n));
  }
  bool fitsS(int var, unsigned n) const override {
    unsigned w = bits(var);
    if (n >= w) return true;
    uint64_t m = highMask(w, n - 1);
    KnownBits k = knownBits(var);
    return (k.zero & m) == m || (k.one & m) == m;
  }
};

} // namespace

bool factKnownZero(uint64_t v, uint64_t mask) { return (v & mask) == 0; }
bool factFitsU(uint64_t v, unsigned bits, unsigned n) {
  if (n >= bits) return true;
  return (v >> n) == 0;
}
bool factFitsS(uint64_t v, unsigned bits, unsigned n) {
  if (n >= bits) return true;
  uint64_t low = v & ((uint64_t(1) << n) - 1);
  uint64_t sext = (low >> (n - 1)) & 1 ? (low | ~((uint64_t(1) << n) - 1)) : low;
  if (bits == 32) sext &= 0xffffffffu;
  return sext == v;
}

std::optional<uint64_t> evalExpr(const RuleAst& r, int ei, const Facts& f) {
  const Expr& e = r.exprs[ei];
  // Operands on the stack: conditions run for every match the lhs finds.
  constexpr size_t kMaxInline = 4;
  uint64_t inlineArgs[kMaxInline];
  std::vector<uint64_t> manyArgs;
  uint64_t* a = inlineArgs;
  if (e.kids.size() > kMaxInline) {
    manyArgs.resize(e.kids.size());
    a = manyArgs.data();
  }
  bool undefined = false;
  for (size_t i = 0; i < e.kids.size(); ++i) {
    auto v = evalExpr(r, e.kids[i], f);
    if (!v) undefined = true;
    a[i] = v.value_or(0);
  }
  if (undefined) return std::nullopt;
  auto varBits = [&]() {
    auto t = r.tvs[r.vars[e.var].tv];
    return t ? tyBits(*t) : 64u;
  };
  auto varMask = [&]() { return varBits() == 32 ? 0xffffffffull : ~uint64_t(0); };
  switch (e.kind) {
  case Expr::Lit: return e.value;
  case Expr::Const: return f.constant(e.var) & wMask(e.w);
  case Expr::WasmOp: return evalOp(e.op, 0, std::span<const uint64_t>(a, e.kids.size()));
  case Expr::IsPow2: return uint64_t(a[0] != 0 && (a[0] & (a[0] - 1)) == 0);
  case Expr::Pow2:
    if (a[0] >= wBits(e.w)) return std::nullopt;
    return uint64_t(1) << a[0];
  case Expr::LAnd: return uint64_t(a[0] && a[1]);
  case Expr::LOr: return uint64_t(a[0] || a[1]);
  case Expr::LNot: return uint64_t(!a[0]);
  case Expr::KnownZero: return uint64_t(f.knownZero(e.var, a[0] & varMask()));
  case Expr::KnownOne: return uint64_t(f.knownOne(e.var, a[0] & varMask()));
  case Expr::FitsU: return uint64_t(f.fitsU(e.var, unsigned(e.value)));
  case Expr::FitsS: return uint64_t(f.fitsS(e.var, unsigned(e.value)));
  }
  return std::nullopt;
}

Rewrite compileRewrite(const RuleAst& rule) { return compileRewrite(RuleAst(rule)); }

Rewrite compileRewrite(RuleAst&& rule) {
  auto r = std::make_shared<const RuleAst>(std::move(rule));
  Rewrite rw;
  rw.name = r->name;
  auto side = [&](const std::vector<Term>& terms) {
    Pattern p;
    p.nodes.reserve(terms.size());
    for (const Term& t : terms) {
      PNode n;
      n.kind = t.kind;
      n.op = t.op;
      auto ty = r->tvs[t.tv];
      n.ty = ty ? *ty : Ty::none;
      if (t.kind == PNode::Node && !opInfo(t.op).typedPerNode) n.ty = opInfo(t.op).result;
      n.var = VarId(t.var < 0 ? 0 : t.var);
      n.value = t.value;
      n.children.assign(t.kids.begin(), t.kids.end());
      p.nodes.push_back(std::move(n));
    }
    p.numVars = uint16_t(r->vars.size());
    p.varNames.reserve(r->vars.size());
    for (auto& v : r->vars) p.varNames.push_back(v.name);
    return p;
  };
  rw.lhs = side(r->lhs);
  rw.rhs = side(r->rhs);
  if (!r->conds.empty()) {
    rw.condition = [r](const EGraph& g, const Subst& s) {
      GraphFacts f(*r, g, s);
      for (int c : r->conds) {
        auto v = evalExpr(*r, c, f);
        if (!v || !*v) return false;
      }
      return true;
    };
    rw.whyRejected = [r](const EGraph& g, const Subst& s) -> std::string {
      GraphFacts f(*r, g, s);
      for (size_t i = 0; i < r->conds.size(); ++i) {
        auto v = evalExpr(*r, r->conds[i], f);
        if (v && *v) continue;
        std::string out = "condition ";
        if (r->conds.size() > 1) out += std::to_string(i + 1) + " ";
        out += "`" + (i < r->condTexts.size() ? r->condTexts[i] : std::string("?")) + "` is " +
               (v ? "false" : "undefined");
        // the captured constants it reads, with their values
        std::vector<int> seen, facts;  // captured constants; variables of analysis queries
        std::function<void(int)> vars = [&](int ei) {
          const Expr& e = r->exprs[ei];
          std::vector<int>& into = e.kind == Expr::Const ? seen : facts;
          if (e.var >= 0 && std::find(into.begin(), into.end(), e.var) == into.end()) into.push_back(e.var);
          for (int k : e.kids) vars(k);
        };
        vars(r->conds[i]);
        for (size_t k = 0; k < seen.size(); ++k) {
          auto t = r->tvs[r->vars[seen[k]].tv];
          uint64_t bits = f.constant(seen[k]);
          if (t && *t == Ty::i32) bits &= 0xffffffffu;
          int64_t sv = t && *t == Ty::i32 ? int64_t(int32_t(uint32_t(bits))) : int64_t(bits);
          out += (k == 0 ? ": ?" : ", ?") + r->vars[seen[k]].name + " = " + std::to_string(sv);
        }
        for (size_t k = 0; k < facts.size(); ++k) {
          KnownBits b = f.knownBits(facts[k]);
          char hex[96];
          std::snprintf(hex, sizeof hex, " known zero 0x%llx, known one 0x%llx", (unsigned long long)b.zero,
                        (unsigned long long)b.one);
          out += (k == 0 && seen.empty() ? ": ?" : ", ?") + r->vars[facts[k]].name + hex;
        }
        return out;
      }
      return "the condition holds";
    };
  }
  for (int root : r->computed) {
    rw.computed.push_back([r, root](const EGraph& g, const Subst& s) -> std::optional<uint64_t> {
      GraphFacts f(*r, g, s);
      return evalExpr(*r, root, f);
    });
  }
  return rw;
}

} // namespace eqsat::rules::detail
