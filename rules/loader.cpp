// The rule language front end: JSON file -> rules (s-expression patterns,
// typed expression language), with exact positions in every error.
#include "rules/loader.h"

#include "rules/ast.h"
#include "rules/check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <unistd.h>

namespace eqsat::rules {
namespace detail {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// ---------------------------------------------------------------------------
// Positions

struct LineCol {
  unsigned line = 1, col = 1;
};

LineCol lineColOf(const std::string& text, size_t off) {
  LineCol lc;
  for (size_t i = 0; i < off && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      lc.col = 1;
    } else {
      ++lc.col;
    }
  }
  return lc;
}

// An error at an offset inside a pattern/condition string.
struct PosError {
  unsigned pos;
  std::string msg;
};

// ---------------------------------------------------------------------------
// A tiny scanner over (already validated) JSON text, to find the offsets of values.

struct JsonScan {
  const std::string& s;
  size_t ws(size_t p) const {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) ++p;
    return p;
  }
  size_t skipString(size_t p) const {  // p at the opening quote
    ++p;
    while (p < s.size() && s[p] != '"') p += (s[p] == '\\') ? 2 : 1;
    return p + 1;
  }
  size_t skipValue(size_t p) const {
    p = ws(p);
    if (p >= s.size()) return p;
    char c = s[p];
    if (c == '"') return skipString(p);
    if (c == '{' || c == '[') {
      // Counts brackets instead of recursing: the nesting depth is the input's
      // (a rules file nested 100,000 arrays deep overflowed the stack here).
      size_t depth = 0;
      while (p < s.size()) {
        char d = s[p];
        if (d == '"') {
          p = skipString(p);
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        else if ((d == '}' || d == ']') && --depth == 0) return p + 1;
        ++p;
      }
      return p;
    }
    while (p < s.size() && !strchr(" \t\r\n,:]}", s[p])) ++p;
    return p;
  }
  std::string stringAt(size_t p) const {  // naive decode (keys)
    size_t e = skipString(p);
    return s.substr(p + 1, e - p - 2);
  }
  struct Member {
    std::string key;
    size_t keyPos, valuePos;
  };
  std::vector<Member> members(size_t p) const {  // p at '{'
    std::vector<Member> out;
    p = ws(p) + 1;
    for (;;) {
      p = ws(p);
      if (p >= s.size() || s[p] == '}') return out;
      if (s[p] == ',') {
        ++p;
        continue;
      }
      Member m;
      m.keyPos = p;
      m.key = stringAt(p);
      p = ws(skipString(p));
      if (p < s.size() && s[p] == ':') ++p;
      m.valuePos = ws(p);
      p = skipValue(m.valuePos);
      out.push_back(m);
    }
  }
  std::vector<size_t> elements(size_t p) const {  // p at '['
    std::vector<size_t> out;
    p = ws(p) + 1;
    for (;;) {
      p = ws(p);
      if (p >= s.size() || s[p] == ']') return out;
      if (s[p] == ',') {
        ++p;
        continue;
      }
      out.push_back(p);
      p = skipValue(p);
    }
  }
  // Raw offset of the decoded character `idx` of the string starting at quote `p`.
  size_t rawOffsetInString(size_t p, unsigned idx) const {
    size_t q = p + 1;
    for (unsigned i = 0; i < idx && q < s.size() && s[q] != '"'; ++i) {
      if (s[q] == '\\') q += (q + 1 < s.size() && s[q + 1] == 'u') ? 6 : 2;
      else ++q;
    }
    return q;
  }
};

// ---------------------------------------------------------------------------
// S-expressions

struct SExp {
  bool list = false;
  std::string atom;
  std::vector<SExp> items;
  unsigned pos = 0;
};

struct SReader {
  const std::string& t;
  size_t p = 0;
  unsigned depth = 0;
  size_t terms = 0;
  // Patterns and expressions nest far less than this; deeper input is refused
  // before the recursion (here and in every later pass over the tree) can overflow the stack.
  static constexpr unsigned kMaxDepth = 256;
  // And they are far smaller than this (the bundled rules reach 26 terms):
  // the load-time check evaluates every term thousands of times, and the
  // matcher and the e-graph hold them all.
  static constexpr size_t kMaxTerms = 1000;
  void ws() {
    while (p < t.size() && isspace(static_cast<unsigned char>(t[p]))) ++p;
  }
  SExp read() {
    ws();
    if (p >= t.size()) throw PosError{unsigned(p), "unexpected end of text"};
    SExp e;
    e.pos = unsigned(p);
    if (++terms > kMaxTerms)
      throw PosError{e.pos, "more than " + std::to_string(kMaxTerms) +
                                " terms (operators, variables and constants) in one expression"};
    if (t[p] == '(') {
      if (++depth > kMaxDepth)
        throw PosError{e.pos, "nested deeper than " + std::to_string(kMaxDepth) + " levels"};
      e.list = true;
      ++p;
      for (;;) {
        ws();
        if (p >= t.size())
          throw PosError{e.pos, "unbalanced parenthesis: this `(` is never closed"};
        if (t[p] == ')') {
          ++p;
          break;
        }
        e.items.push_back(read());
      }
      if (e.items.empty()) throw PosError{e.pos, "empty list `()`"};
      --depth;
      return e;
    }
    if (t[p] == ')') throw PosError{unsigned(p), "unexpected `)`"};
    size_t b = p;
    while (p < t.size() && !isspace(static_cast<unsigned char>(t[p])) && t[p] != '(' && t[p] != ')') ++p;
    e.atom = t.substr(b, p - b);
    return e;
  }
  SExp readAll() {
    SExp e = read();
    ws();
    if (p < t.size()) throw PosError{unsigned(p), "unexpected text after the end of the expression"};
    return e;
  }
};

bool parseNumber(const std::string& a, bool& neg, uint64_t& mag) {
  size_t i = 0;
  neg = false;
  if (i < a.size() && (a[i] == '-' || a[i] == '+')) {
    neg = a[i] == '-';
    ++i;
  }
  if (i >= a.size()) return false;
  unsigned base = 10;
  if (a.size() - i > 2 && a[i] == '0' && (a[i + 1] == 'x' || a[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  mag = 0;
  bool any = false;
  for (; i < a.size(); ++i) {
    char c = a[i];
    if (c == '_' && any) continue;
    unsigned d;
    if (c >= '0' && c <= '9') d = unsigned(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') d = unsigned(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') d = unsigned(c - 'A' + 10);
    else return false;
    if (mag > (~uint64_t(0) - d) / base) throw std::overflow_error("overflow");
    mag = mag * base + d;
    any = true;
  }
  return any;
}

bool looksNumeric(const std::string& a) {
  size_t i = (a.size() && (a[0] == '-' || a[0] == '+')) ? 1 : 0;
  return i < a.size() && isdigit(static_cast<unsigned char>(a[i]));
}

// A literal for width `bits`: signed or unsigned values that fit are accepted.
std::optional<uint64_t> literalFor(const std::string& a, unsigned bits, unsigned pos) {
  bool neg;
  uint64_t mag;
  try {
    if (!parseNumber(a, neg, mag)) throw PosError{pos, "malformed number `" + a + "`"};
  } catch (const std::overflow_error&) {
    throw PosError{pos, "number `" + a + "` does not fit in 64 bits"};
  }
  if (bits == 32) {
    if (neg ? mag > 0x80000000ull : mag > 0xffffffffull) return std::nullopt;
  } else if (neg && mag > 0x8000000000000000ull) {
    return std::nullopt;
  }
  uint64_t v = neg ? uint64_t(0) - mag : mag;
  return bits == 32 ? (v & 0xffffffffu) : v;
}

// ---------------------------------------------------------------------------
// Type variables

struct TypeUF {
  std::vector<int> parent;
  std::vector<std::optional<Ty>> ty;
  int fresh(std::optional<Ty> t = std::nullopt) {
    parent.push_back(int(parent.size()));
    ty.push_back(t);
    return int(parent.size() - 1);
  }
  int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  std::optional<Ty> get(int x) { return ty[find(x)]; }
  bool unify(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    if (ty[a] && ty[b] && *ty[a] != *ty[b]) return false;
    if (!ty[a]) ty[a] = ty[b];
    parent[b] = a;
    return true;
  }
};

std::string tyStr(std::optional<Ty> t) { return t ? tyName(*t) : "any type"; }

// ---------------------------------------------------------------------------
// Compiling one rule direction

struct ExprFn {
  const char* name;
  Op op32, op64;
};
const ExprFn kIntBinary[] = {
    {"add", Op::I32Add, Op::I64Add},       {"sub", Op::I32Sub, Op::I64Sub},
    {"mul", Op::I32Mul, Op::I64Mul},       {"div_u", Op::I32DivU, Op::I64DivU},
    {"div_s", Op::I32DivS, Op::I64DivS},   {"rem_u", Op::I32RemU, Op::I64RemU},
    {"rem_s", Op::I32RemS, Op::I64RemS},   {"and", Op::I32And, Op::I64And},
    {"or", Op::I32Or, Op::I64Or},          {"xor", Op::I32Xor, Op::I64Xor},
    {"shl", Op::I32Shl, Op::I64Shl},       {"shr_u", Op::I32ShrU, Op::I64ShrU},
    {"shr_s", Op::I32ShrS, Op::I64ShrS},   {"rotl", Op::I32Rotl, Op::I64Rotl},
    {"rotr", Op::I32Rotr, Op::I64Rotr},
};
const ExprFn kCompare[] = {
    {"eq", Op::I32Eq, Op::I64Eq},       {"ne", Op::I32Ne, Op::I64Ne},
    {"lt_u", Op::I32LtU, Op::I64LtU},   {"lt_s", Op::I32LtS, Op::I64LtS},
    {"le_u", Op::I32LeU, Op::I64LeU},   {"le_s", Op::I32LeS, Op::I64LeS},
    {"gt_u", Op::I32GtU, Op::I64GtU},   {"gt_s", Op::I32GtS, Op::I64GtS},
    {"ge_u", Op::I32GeU, Op::I64GeU},   {"ge_s", Op::I32GeS, Op::I64GeS},
};
const ExprFn kIntUnary[] = {
    {"clz", Op::I32Clz, Op::I64Clz},
    {"ctz", Op::I32Ctz, Op::I64Ctz},
    {"popcnt", Op::I32Popcnt, Op::I64Popcnt},
    {"log2", Op::I32Ctz, Op::I64Ctz},
};
const char* const kOtherFns[] = {"not",    "neg",     "wrap",      "extend_u",  "extend_s", "width",
                                 "pow2",   "is_pow2", "known_zero", "known_one", "fits_u",
                                 "fits_s", "i32",     "i64"};

template <class T, size_t N>
const ExprFn* findFn(const T (&table)[N], const std::string& n) {
  for (auto& f : table)
    if (n == f.name) return &f;
  return nullptr;
}

std::string exprSuggest(const std::string& n) {
  std::vector<std::string> all;
  for (auto& f : kIntBinary) all.push_back(f.name);
  for (auto& f : kCompare) all.push_back(f.name);
  for (auto& f : kIntUnary) all.push_back(f.name);
  for (auto* f : kOtherFns) all.push_back(f);
  // Close names: same prefix before '_' or small edit distance.
  std::string best;
  unsigned bd = 3;
  for (auto& c : all) {
    unsigned d = editDistance(n, c);
    if (d < bd) {
      bd = d;
      best = c;
    }
  }
  // wasm-prefixed names: "i64.add" -> "add"
  auto dot = n.find('.');
  if (best.empty() && dot != std::string::npos) {
    std::string tail = n.substr(dot + 1);
    for (auto& c : all)
      if (c == tail) best = c;
  }
  return best.empty() ? "" : "; did you mean `" + best + "`?";
}

enum class Ctx { Condition, Computed };

// "did you mean": operators that extend the name (`i64.shr` -> `i64.shr_u`, `i64.shr_s`) first,
// else the operator table's edit-distance suggestions.
std::string suggestOperators(const std::string& name) {
  std::vector<std::string> ext;
  for (unsigned i = 0; i < kNumOps; ++i) {
    std::string n = opInfo(static_cast<Op>(i)).name;
    if (n.size() > name.size() && n.compare(0, name.size(), name) == 0 && n[name.size()] == '_') ext.push_back(n);
  }
  if (ext.empty()) return suggestOps(name);
  std::sort(ext.rbegin(), ext.rend());
  std::string out;
  for (size_t i = 0; i < ext.size() && i < 2; ++i) out += (i ? " or `" : "`") + ext[i] + "`";
  return out;
}

struct RuleCompiler {
  RuleAst& r;
  TypeUF uf;
  std::map<std::string, int> varIndex;
  bool lhsSide = true;
  bool reverse = false;

  explicit RuleCompiler(RuleAst& rule) : r(rule) {}

  std::string describe(const std::vector<Term>& side, int t) {
    const Term& x = side[t];
    if (x.kind == PNode::Var) return "`?" + r.vars[x.var].name + "`";
    if (x.kind == PNode::Literal || x.kind == PNode::ConstVar || x.kind == PNode::Computed)
      return std::string("a `") + opName(x.op) + "`";
    return std::string("`(") + opName(x.op) + " ...)`";
  }

  int addTerm(std::vector<Term>& side, Term t) {
    side.push_back(std::move(t));
    return int(side.size() - 1);
  }

  int varFor(const SExp& s, bool wantConst) {
    // s.atom = "?name" or "?name:ty"
    std::string body = s.atom.substr(1);
    std::optional<Ty> ann;
    auto colon = body.find(':');
    if (colon != std::string::npos) {
      std::string tn = body.substr(colon + 1);
      body = body.substr(0, colon);
      ann = tyFromName(tn);
      if (!ann || (*ann != Ty::i32 && *ann != Ty::i64))
        throw PosError{s.pos, "unknown type `" + tn + "` in `" + s.atom + "` (use i32 or i64)"};
    }
    if (body.empty()) throw PosError{s.pos, "a variable needs a name: `?x`"};
    for (char c : body)
      if (!isalnum(static_cast<unsigned char>(c)) && c != '_')
        throw PosError{s.pos, "bad variable name `" + s.atom + "` (letters, digits and _ only)"};
    auto it = varIndex.find(body);
    int v;
    if (it == varIndex.end()) {
      if (!lhsSide) throw PosError{s.pos, "unbound variable `?" + body + "`: the lhs does not bind it"};
      v = int(r.vars.size());
      VarInfo vi;
      vi.name = body;
      vi.isConst = wantConst;
      vi.tv = uf.fresh();
      r.vars.push_back(vi);
      varIndex[body] = v;
    } else {
      v = it->second;
      if (lhsSide && r.vars[v].isConst != wantConst)
        throw PosError{s.pos, "`?" + body + "` is used both as a captured constant and as a variable"};
    }
    if (ann && !uf.unify(r.vars[v].tv, uf.fresh(*ann)))
      throw PosError{s.pos, "`?" + body + "` is annotated " + tyName(*ann) + " but used as " +
                                tyStr(uf.get(r.vars[v].tv))};
    return v;
  }

  int pattern(const SExp& s, std::vector<Term>& side) {
    if (!s.list) {
      if (!s.atom.empty() && s.atom[0] == '?') {
        int v = varFor(s, false);
        if (!lhsSide && r.vars[v].isConst) {
          // a captured constant's class used directly on the rhs: fine.
        }
        Term t;
        t.kind = PNode::Var;
        t.var = v;
        t.tv = r.vars[v].tv;
        t.pos = s.pos;
        return addTerm(side, t);
      }
      if (looksNumeric(s.atom))
        throw PosError{s.pos, "bare number `" + s.atom + "`; write (i32.const " + s.atom + ") or (i64.const " +
                                  s.atom + ")"};
      if (opFromName(s.atom))
        throw PosError{s.pos, "operator `" + s.atom + "` must be applied: (" + s.atom + " ...)"};
      throw PosError{s.pos, "unexpected symbol `" + s.atom + "`; variables start with `?`"};
    }
    const SExp& head = s.items[0];
    if (head.list) throw PosError{head.pos, "expected an operator name after `(`"};
    auto opt = opFromName(head.atom);
    if (!opt) {
      std::string sug = suggestOperators(head.atom);
      throw PosError{head.pos, "unknown operator `" + head.atom + "`" + (sug.empty() ? "" : "; did you mean " + sug + "?")};
    }
    Op op = *opt;
    const OpInfo& info = opInfo(op);
    size_t nargs = s.items.size() - 1;
    if (op == Op::I32Const || op == Op::I64Const) {
      Ty ty = op == Op::I32Const ? Ty::i32 : Ty::i64;
      if (nargs != 1) throw PosError{s.pos, std::string("`") + info.name + "` takes exactly one operand"};
      const SExp& a = s.items[1];
      Term t;
      t.op = op;
      t.tv = uf.fresh(ty);
      t.pos = s.pos;
      if (!a.list && !a.atom.empty() && a.atom[0] == '?') {
        if (lhsSide) {
          int v = varFor(a, true);
          if (!uf.unify(r.vars[v].tv, t.tv))
            throw PosError{a.pos, "`" + a.atom + "` is captured by " + info.name + " but used as " +
                                      tyStr(uf.get(r.vars[v].tv))};
          t.kind = PNode::ConstVar;
          t.var = v;
        } else {
          int v = varFor(a, true);
          if (!r.vars[v].isConst)
            throw PosError{a.pos, "`" + a.atom + "` is not a captured constant; capture it in the lhs as (" +
                                      info.name + " " + a.atom + ")"};
          if (!uf.unify(r.vars[v].tv, t.tv))
            throw PosError{a.pos, "`" + a.atom + "` is " + tyStr(uf.get(r.vars[v].tv)) + ", not " + tyName(ty)};
          t.kind = PNode::Var;
          t.var = v;
        }
        return addTerm(side, t);
      }
      if (a.list) {
        if (lhsSide)
          throw PosError{a.pos, reverse ? "a bidirectional rule cannot compute constants (the reverse direction "
                                          "would need them on its lhs)"
                                        : "computed constants are only allowed on the rhs"};
        requireBound(a);
        int e = expr(a, ty == Ty::i32 ? W::i32 : W::i64, Ctx::Computed);
        t.kind = PNode::Computed;
        t.value = r.computed.size();
        r.computed.push_back(e);
        return addTerm(side, t);
      }
      auto v = literalFor(a.atom, tyBits(ty), a.pos);
      if (!v) throw PosError{a.pos, "literal `" + a.atom + "` does not fit in " + tyName(ty)};
      t.kind = PNode::Literal;
      t.value = *v;
      return addTerm(side, t);
    }
    bool allowed = info.kind == OpKind::Unary || info.kind == OpKind::Binary || info.kind == OpKind::Compare ||
                   info.kind == OpKind::Convert || info.kind == OpKind::Select ||
                   ((info.kind == OpKind::Load || info.kind == OpKind::Store) && info.operand[1] != Ty::f32 &&
                    info.operand[1] != Ty::f64 && info.result != Ty::f32 && info.result != Ty::f64);
    if (!allowed) throw PosError{head.pos, "operator `" + head.atom + "` cannot be used in rules"};
    if (int(nargs) != info.arity)
      throw PosError{s.pos, "`" + head.atom + "` takes " + std::to_string(info.arity) + " operand" +
                                (info.arity == 1 ? "" : "s") + ", got " + std::to_string(nargs)};
    std::vector<int> kids;
    for (size_t i = 1; i < s.items.size(); ++i) kids.push_back(pattern(s.items[i], side));
    auto expect = [&](size_t i, Ty want) {
      if (!uf.unify(side[kids[i]].tv, uf.fresh(want)))
        throw PosError{s.items[i + 1].pos, "operand " + std::to_string(i + 1) + " of `" + head.atom + "` is " +
                                               describe(side, kids[i]) + " of type " +
                                               tyStr(uf.get(side[kids[i]].tv)) + ", but " + tyName(want) +
                                               " is expected"};
    };
    Term t;
    t.kind = PNode::Node;
    t.op = op;
    t.pos = s.pos;
    switch (info.kind) {
    case OpKind::Select:
      if (!uf.unify(side[kids[0]].tv, side[kids[1]].tv))
        throw PosError{s.items[2].pos, "the arms of `select` have different types: " +
                                           tyStr(uf.get(side[kids[0]].tv)) + " and " +
                                           tyStr(uf.get(side[kids[1]].tv))};
      expect(2, Ty::i32);
      t.tv = side[kids[0]].tv;
      break;
    case OpKind::Load:
      expect(0, Ty::i32);
      t.tv = uf.fresh(info.result);
      break;
    case OpKind::Store:
      expect(0, Ty::i32);
      expect(1, info.operand[1]);
      t.tv = uf.fresh(Ty::none);
      break;
    default:
      for (size_t i = 0; i < kids.size(); ++i) expect(i, info.operand[i]);
      t.tv = uf.fresh(info.result);
      break;
    }
    t.kids = kids;
    return addTerm(side, t);
  }

  // --- expression language ---

  int newExpr(Expr e) {
    r.exprs.push_back(std::move(e));
    return int(r.exprs.size() - 1);
  }

  std::optional<W> varWidth(int v, unsigned pos, const std::string& atom) {
    auto t = uf.get(r.vars[v].tv);
    if (!t) throw PosError{pos, "the type of `" + atom + "` is not known here; annotate it as `" + atom + ":i32` or `" + atom + ":i64`"};
    if (*t == Ty::i32) return W::i32;
    if (*t == Ty::i64) return W::i64;
    throw PosError{pos, "`" + atom + "` has type " + tyName(*t) + " and cannot be used in an expression"};
  }

  int lhsVar(const SExp& s) {
    std::string body = s.atom.substr(1);
    if (body.find(':') != std::string::npos)
      throw PosError{s.pos, "no type annotations inside expressions: `" + s.atom + "`"};
    auto it = varIndex.find(body);
    if (it == varIndex.end()) throw PosError{s.pos, "unbound variable `" + s.atom + "`: the lhs does not bind it"};
    return it->second;
  }

  // Every variable of an expression is bound by the lhs (checked before any
  // width inference, which would otherwise report the unknown width first).
  void requireBound(const SExp& s) {
    if (!s.list) {
      if (!s.atom.empty() && s.atom[0] == '?') lhsVar(s);
      return;
    }
    for (const SExp& k : s.items) requireBound(k);
  }

  // Natural width of an expression, nullopt for untyped literals.
  std::optional<W> peek(const SExp& s) {
    if (!s.list) {
      if (!s.atom.empty() && s.atom[0] == '?') {
        auto it = varIndex.find(s.atom.substr(1));
        if (it == varIndex.end()) return std::nullopt;
        auto t = uf.get(r.vars[it->second].tv);
        if (t == Ty::i32) return W::i32;
        if (t == Ty::i64) return W::i64;
        return std::nullopt;
      }
      return std::nullopt;
    }
    if (s.items[0].list) return std::nullopt;
    const std::string& n = s.items[0].atom;
    if (n == "i32" || n == "wrap") return W::i32;
    if (n == "i64" || n == "extend_u" || n == "extend_s") return W::i64;
    if (n == "width" && s.items.size() == 2 && !s.items[1].list && !s.items[1].atom.empty() &&
        s.items[1].atom[0] == '?') {
      auto it = varIndex.find(s.items[1].atom.substr(1));
      if (it == varIndex.end()) return std::nullopt;
      auto t = uf.get(r.vars[it->second].tv);
      if (!t) return std::nullopt;
      return *t == Ty::i32 ? W::i32 : W::i64;
    }
    if (findFn(kCompare, n) || n == "is_pow2" || n == "known_zero" || n == "known_one" || n == "fits_u" ||
        n == "fits_s")
      return W::boolean;
    for (size_t i = 1; i < s.items.size(); ++i)
      if (auto w = peek(s.items[i])) return w;
    return std::nullopt;
  }

  int expr(const SExp& s, std::optional<W> expected, Ctx ctx) {
    std::optional<W> nat = peek(s);
    auto mismatch = [&](W got) {
      if (expected && *expected != got)
        throw PosError{s.pos, std::string("this expression is ") + wName(got) + " but " + wName(*expected) +
                                  " is expected here"};
    };
    if (!s.list) {
      if (!s.atom.empty() && s.atom[0] == '?') {
        int v = lhsVar(s);
        if (!r.vars[v].isConst)
          throw PosError{s.pos, std::string(ctx == Ctx::Condition ? "condition" : "computed constant") +
                                    " on an uncaptured constant: `" + s.atom +
                                    "` is not captured as a constant in the lhs; write (i32.const " + s.atom +
                                    ") or (i64.const " + s.atom + "), or use an analysis query such as "
                                    "(known_zero " + s.atom + " MASK)"};
        W w = *varWidth(v, s.pos, s.atom);
        mismatch(w);
        Expr e;
        e.kind = Expr::Const;
        e.var = v;
        e.w = w;
        return newExpr(e);
      }
      if (looksNumeric(s.atom)) {
        if (!expected) throw PosError{s.pos, "cannot infer the width of `" + s.atom + "`; write (i64 " + s.atom + ") or (i32 " + s.atom + ")"};
        if (*expected == W::boolean) throw PosError{s.pos, "a number `" + s.atom + "` is not a condition"};
        auto v = literalFor(s.atom, wBits(*expected), s.pos);
        if (!v) throw PosError{s.pos, "literal `" + s.atom + "` does not fit in " + wName(*expected)};
        Expr e;
        e.kind = Expr::Lit;
        e.value = *v;
        e.w = *expected;
        return newExpr(e);
      }
      if (s.atom == "true" || s.atom == "false") {
        mismatch(W::boolean);
        Expr e;
        e.kind = Expr::Lit;
        e.w = W::boolean;
        e.value = s.atom == "true";
        return newExpr(e);
      }
      throw PosError{s.pos, "unexpected symbol `" + s.atom + "` in an expression"};
    }
    const SExp& head = s.items[0];
    if (head.list) throw PosError{head.pos, "expected a function name after `(`"};
    const std::string& n = head.atom;
    size_t nargs = s.items.size() - 1;
    auto arity = [&](size_t k) {
      if (nargs != k)
        throw PosError{s.pos, "`" + n + "` takes " + std::to_string(k) + " argument" + (k == 1 ? "" : "s") +
                                  ", got " + std::to_string(nargs)};
    };
    auto intWidth = [&]() -> W {
      std::optional<W> w = expected ? expected : nat;
      if (!w) throw PosError{s.pos, "cannot infer the width of `(" + n + " ...)`; write a literal as (i64 N) or (i32 N)"};
      if (*w == W::boolean) throw PosError{s.pos, "`(" + n + " ...)` is a number, not a condition"};
      return *w;
    };
    Expr e;
    if (n == "i32" || n == "i64") {
      arity(1);
      W w = n == "i32" ? W::i32 : W::i64;
      mismatch(w);
      return expr(s.items[1], w, ctx);
    }
    if (auto f = findFn(kIntBinary, n)) {
      arity(2);
      if ((n == "and" || n == "or") && (nat == W::boolean || expected == W::boolean)) {
        mismatch(W::boolean);
        e.kind = n == "and" ? Expr::LAnd : Expr::LOr;
        e.w = W::boolean;
        e.kids = {expr(s.items[1], W::boolean, ctx), expr(s.items[2], W::boolean, ctx)};
        return newExpr(e);
      }
      W w = intWidth();
      mismatch(w);
      e.kind = Expr::WasmOp;
      e.w = w;
      e.op = w == W::i32 ? f->op32 : f->op64;
      e.kids = {expr(s.items[1], w, ctx), expr(s.items[2], w, ctx)};
      return newExpr(e);
    }
    if (auto f = findFn(kCompare, n)) {
      arity(2);
      mismatch(W::boolean);
      std::optional<W> w = peek(s.items[1]);
      if (!w) w = peek(s.items[2]);
      if (!w) throw PosError{s.pos, "cannot infer the width of the operands of `" + n + "`; write a literal as (i64 N)"};
      if (*w == W::boolean) throw PosError{s.pos, "`" + n + "` compares numbers, not conditions"};
      e.kind = Expr::WasmOp;
      e.w = W::boolean;
      e.op = *w == W::i32 ? f->op32 : f->op64;
      e.kids = {expr(s.items[1], *w, ctx), expr(s.items[2], *w, ctx)};
      return newExpr(e);
    }
    if (auto f = findFn(kIntUnary, n)) {
      arity(1);
      W w = intWidth();
      mismatch(w);
      e.kind = Expr::WasmOp;
      e.w = w;
      e.op = w == W::i32 ? f->op32 : f->op64;
      e.kids = {expr(s.items[1], w, ctx)};
      return newExpr(e);
    }
    if (n == "not") {
      arity(1);
      if (nat == W::boolean || expected == W::boolean) {
        mismatch(W::boolean);
        e.kind = Expr::LNot;
        e.w = W::boolean;
        e.kids = {expr(s.items[1], W::boolean, ctx)};
        return newExpr(e);
      }
      W w = intWidth();
      Expr ones;
      ones.kind = Expr::Lit;
      ones.w = w;
      ones.value = wMask(w);
      e.kind = Expr::WasmOp;
      e.w = w;
      e.op = w == W::i32 ? Op::I32Xor : Op::I64Xor;
      e.kids = {expr(s.items[1], w, ctx), newExpr(ones)};
      return newExpr(e);
    }
    if (n == "neg") {
      arity(1);
      W w = intWidth();
      Expr zero;
      zero.kind = Expr::Lit;
      zero.w = w;
      int z = newExpr(zero);
      e.kind = Expr::WasmOp;
      e.w = w;
      e.op = w == W::i32 ? Op::I32Sub : Op::I64Sub;
      e.kids = {z, expr(s.items[1], w, ctx)};
      return newExpr(e);
    }
    if (n == "wrap" || n == "extend_u" || n == "extend_s") {
      arity(1);
      W out = n == "wrap" ? W::i32 : W::i64;
      mismatch(out);
      e.kind = Expr::WasmOp;
      e.w = out;
      e.op = n == "wrap" ? Op::I32WrapI64 : n == "extend_u" ? Op::I64ExtendI32U : Op::I64ExtendI32S;
      e.kids = {expr(s.items[1], out == W::i32 ? W::i64 : W::i32, ctx)};
      return newExpr(e);
    }
    if (n == "width") {
      arity(1);
      const SExp& xv = s.items[1];
      if (xv.list || xv.atom.empty() || xv.atom[0] != '?')
        throw PosError{xv.pos, "the argument of `width` must be a variable of the lhs"};
      int v = lhsVar(xv);
      W w = *varWidth(v, xv.pos, xv.atom);
      mismatch(w);
      e.kind = Expr::Lit;
      e.w = w;
      e.value = wBits(w);
      return newExpr(e);
    }
    if (n == "pow2") {
      arity(1);
      W w = intWidth();
      e.kind = Expr::Pow2;
      e.w = w;
      e.kids = {expr(s.items[1], w, ctx)};
      return newExpr(e);
    }
    if (n == "is_pow2") {
      arity(1);
      mismatch(W::boolean);
      std::optional<W> w = peek(s.items[1]);
      if (!w || *w == W::boolean) throw PosError{s.items[1].pos, "`is_pow2` needs a number of known width"};
      e.kind = Expr::IsPow2;
      e.w = W::boolean;
      e.kids = {expr(s.items[1], *w, ctx)};
      return newExpr(e);
    }
    if (n == "known_zero" || n == "known_one" || n == "fits_u" || n == "fits_s") {
      arity(2);
      mismatch(W::boolean);
      if (ctx != Ctx::Condition)
        throw PosError{s.pos, "analysis query `" + n + "` is only allowed in conditions (\"if\")"};
      const SExp& xv = s.items[1];
      if (xv.list || xv.atom.empty() || xv.atom[0] != '?')
        throw PosError{xv.pos, "the first argument of `" + n + "` must be a variable of the lhs"};
      int v = lhsVar(xv);
      W w = *varWidth(v, xv.pos, xv.atom);
      e.var = v;
      e.w = W::boolean;
      if (n == "known_zero" || n == "known_one") {
        e.kind = n == "known_zero" ? Expr::KnownZero : Expr::KnownOne;
        e.kids = {expr(s.items[2], w, ctx)};
      } else {
        const SExp& k = s.items[2];
        bool neg;
        uint64_t mag = 0;
        bool ok = !k.list;
        try {
          ok = ok && parseNumber(k.atom, neg, mag) && !neg && mag >= 1 && mag <= 64;
        } catch (const std::overflow_error&) {
          ok = false;
        }
        if (!ok) throw PosError{k.pos, "the bit count of `" + n + "` must be a number from 1 to 64"};
        e.kind = n == "fits_u" ? Expr::FitsU : Expr::FitsS;
        e.value = mag;
      }
      return newExpr(e);
    }
    if (opFromName(n))
      throw PosError{head.pos, "wasm operator `" + n + "` cannot be used in an expression" + exprSuggest(n)};
    throw PosError{head.pos, "unknown function `" + n + "`" + exprSuggest(n)};
  }
};

// Where the texts of a rule are in the file.
struct RuleSource {
  std::string lhs, rhs;
  std::vector<std::string> conds;
  // file offsets of the JSON strings (opening quotes)
  size_t lhsAt = 0, rhsAt = 0, objAt = 0;
  std::vector<size_t> condAt;
  // Positions (in the texts above) where `iN` was replaced by i32/i64 (one extra character each).
  std::vector<unsigned> lhsRep, rhsRep;
  std::vector<std::vector<unsigned>> condRep;
};

bool isWordChar(char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool hasWidthVar(const std::string& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if (t[i] == 'i' && t[i + 1] == 'N' && (i == 0 || !isWordChar(t[i - 1])) &&
        (i + 2 >= t.size() || !isWordChar(t[i + 2])))
      return true;
  return false;
}

// Replaces the word `iN` by `ty`; records the replacement positions in the new text.
std::string expandWidthVar(const std::string& t, const char* ty, std::vector<unsigned>& reps) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == 'i' && i + 1 < t.size() && t[i + 1] == 'N' && (i == 0 || !isWordChar(t[i - 1])) &&
        (i + 2 >= t.size() || !isWordChar(t[i + 2]))) {
      reps.push_back(unsigned(out.size()));
      out += ty;
      ++i;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

unsigned unexpandPos(unsigned pos, const std::vector<unsigned>& reps) {
  unsigned shift = 0;
  for (unsigned r : reps)
    if (r + 3 <= pos) ++shift;
  return pos - shift;
}

std::string locate(const std::string& file, const std::string& text, size_t off) {
  LineCol lc = lineColOf(text, off);
  return file + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.col);
}

std::string ruleTag(const RuleAst& r) { return "rule '" + r.name + "' (#" + std::to_string(r.index) + ")"; }

// Compiles one direction of a rule; throws RuleError.
RuleAst compileDirection(RuleAst base, const RuleSource& src, bool reverse, const std::string& fileText,
                         const JsonScan& scan) {
  RuleAst r = std::move(base);
  const std::string& lhsText = reverse ? src.rhs : src.lhs;
  const std::vector<unsigned>& lhsRep = reverse ? src.rhsRep : src.lhsRep;
  const std::vector<unsigned>& rhsRep = reverse ? src.lhsRep : src.rhsRep;
  const std::string& rhsText = reverse ? src.lhs : src.rhs;
  size_t lhsAt = reverse ? src.rhsAt : src.lhsAt, rhsAt = reverse ? src.lhsAt : src.rhsAt;
  r.lhsText = lhsText;
  r.rhsText = rhsText;
  r.condTexts = src.conds;
  RuleCompiler c(r);
  c.reverse = reverse;
  std::string prefix = reverse ? "(reverse direction) " : "";
  auto fail = [&](size_t strAt, const PosError& e, const std::vector<unsigned>& reps) -> RuleError {
    size_t off = scan.rawOffsetInString(strAt, unexpandPos(e.pos, reps));
    return RuleError(locate(r.file, fileText, off) + ": " + ruleTag(r) + ": " + prefix + e.msg);
  };
  auto failRule = [&](size_t at, const std::string& msg) -> RuleError {
    return RuleError(locate(r.file, fileText, at) + ": " + ruleTag(r) + ": " + prefix + msg);
  };
  try {
    c.lhsSide = true;
    SExp l = SReader{lhsText}.readAll();
    c.pattern(l, r.lhs);
  } catch (const PosError& e) {
    throw fail(lhsAt, e, lhsRep);
  }
  try {
    c.lhsSide = false;
    SExp rr = SReader{rhsText}.readAll();
    c.pattern(rr, r.rhs);
  } catch (const PosError& e) {
    throw fail(rhsAt, e, rhsRep);
  }
  for (size_t i = 0; i < src.conds.size(); ++i) {
    try {
      SExp ce = SReader{src.conds[i]}.readAll();
      c.requireBound(ce);
      r.conds.push_back(c.expr(ce, W::boolean, Ctx::Condition));
    } catch (const PosError& e) {
      throw fail(src.condAt[i], e, src.condRep.empty() ? std::vector<unsigned>{} : src.condRep[i]);
    }
  }
  const Term& lr = r.lhs.back();
  const Term& rr = r.rhs.back();
  if (lr.kind != PNode::Node)
    throw failRule(lhsAt, "the lhs must be an operator application, not a variable or a constant");
  std::optional<Ty> lt = c.uf.get(lr.tv), rt = c.uf.get(rr.tv);
  if (!c.uf.unify(lr.tv, rr.tv))
    throw failRule(rhsAt, std::string("the two sides have different types: the lhs is ") + tyStr(lt) +
                              ", the rhs is " + tyStr(rt));
  for (size_t i = 0; i + 1 < r.rhs.size(); ++i) {
    const Term& t = r.rhs[i];
    if (t.kind == PNode::Node) {
      auto k = opInfo(t.op).kind;
      if (k == OpKind::Load || k == OpKind::Store)
        throw fail(rhsAt, PosError{t.pos, std::string("memory operator `") + opName(t.op) +
                                             "` may only appear at the root of the rhs"}, rhsRep);
    }
  }
  if (rr.kind == PNode::Node) {
    const OpInfo& ri = opInfo(rr.op);
    if (ri.kind == OpKind::Load || ri.kind == OpKind::Store) {
      const OpInfo& li = opInfo(lr.op);
      if (li.kind != ri.kind || li.bytes != ri.bytes)
        throw failRule(rhsAt, std::string("the rhs root `") + ri.name +
                                  "` inherits the memarg of the lhs root, which must be a " +
                                  (ri.kind == OpKind::Load ? "load" : "store") + " of the same width (" +
                                  std::to_string(ri.bytes) + " bytes)");
    }
  }
  // Stores in the lhs may only be at the root (they have no value).
  for (size_t i = 0; i + 1 < r.lhs.size(); ++i)
    if (r.lhs[i].kind == PNode::Node && opInfo(r.lhs[i].op).kind == OpKind::Store)
      throw fail(lhsAt, PosError{r.lhs[i].pos, "a store has no value and may only be the root"}, lhsRep);
  // Resolve type variables.
  r.tvs.resize(c.uf.parent.size());
  for (size_t i = 0; i < r.tvs.size(); ++i) r.tvs[i] = c.uf.get(int(i));
  // Canonicalise tvs so that polymorphic classes share one representative index.
  for (auto& t : r.lhs) t.tv = c.uf.find(t.tv);
  for (auto& t : r.rhs) t.tv = c.uf.find(t.tv);
  for (auto& v : r.vars) v.tv = c.uf.find(v.tv);
  return r;
}

std::string readFile(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = bool(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Loader {
  std::vector<std::string> stack;  // canonical paths being loaded
  std::set<std::string> done;
  std::map<std::string, std::string> nameWhere;  // rule name -> location
  ParsedRuleset out;

  // "examples": [{"in": EXPR, "out": EXPR}, ...] of a file or of one rule (its name in `rule`).
  void loadExamples(const json& ex, size_t at0, const std::string& rule, const std::string& file,
                    const std::string& text, const JsonScan& scan) {
    auto at = [&](size_t off) { return locate(file, text, off); };
    const std::string tag = rule.empty() ? std::string("\"examples\"") : "rule '" + rule + "': \"examples\"";
    if (!ex.is_array()) throw RuleError(at(at0) + ": " + tag + " must be an array of {\"in\": ..., \"out\": ...}");
    auto elems = scan.elements(at0);
    for (size_t i = 0; i < ex.size(); ++i) {
      size_t pos = i < elems.size() ? elems[i] : at0;
      const json& e = ex[i];
      if (!e.is_object() || !e.contains("in") || !e.contains("out") || !e["in"].is_string() ||
          !e["out"].is_string() || e.size() != 2)
        throw RuleError(at(pos) + ": " + tag + ": an example is {\"in\": \"EXPR\", \"out\": \"EXPR\"}");
      out.examples.push_back(Example{e["in"].get<std::string>(), e["out"].get<std::string>(), rule, at(pos), file});
    }
  }

  void loadText(const std::string& text, const std::string& file, const std::string& canon, bool top) {
    json j;
    try {
      j = json::parse(text);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      auto k = what.find(": ", what.find("column"));
      std::string msg = k != std::string::npos ? what.substr(k + 2) : what;
      size_t byte = e.byte ? e.byte - 1 : 0;
      if (byte > text.size()) byte = text.size();
      throw RuleError(locate(file, text, byte) + ": invalid JSON: " + msg);
    }
    JsonScan scan{text};
    size_t rootAt = scan.ws(0);
    auto at = [&](size_t off) { return locate(file, text, off); };
    if (!j.is_object()) throw RuleError(at(rootAt) + ": a ruleset file must be a JSON object");
    auto members = scan.members(rootAt);
    auto memberAt = [&](const std::string& key) -> const JsonScan::Member* {
      for (auto& m : members)
        if (m.key == key) return &m;
      return nullptr;
    };
    for (auto& m : members)
      if (m.key != "name" && m.key != "description" && m.key != "include" && m.key != "rules" && m.key != "$schema" &&
          m.key != "examples")
        throw RuleError(at(m.keyPos) + ": unknown key \"" + m.key +
                        "\" (a ruleset has \"name\", \"description\", \"include\", \"rules\", \"examples\")");
    if (!j.contains("name") || !j["name"].is_string())
      throw RuleError(at(memberAt("name") ? memberAt("name")->valuePos : rootAt) +
                      ": the ruleset needs a \"name\" string");
    if (j.contains("description") && !j["description"].is_string())
      throw RuleError(at(memberAt("description")->valuePos) + ": \"description\" must be a string");
    if (top) {
      out.name = j["name"].get<std::string>();
      out.description = j.value("description", "");
    }
    stack.push_back(canon);
    if (j.contains("include")) {
      const auto* m = memberAt("include");
      if (!j["include"].is_array()) throw RuleError(at(m->valuePos) + ": \"include\" must be an array of file names");
      auto elems = scan.elements(m->valuePos);
      for (size_t i = 0; i < j["include"].size(); ++i) {
        const auto& inc = j["include"][i];
        size_t pos = i < elems.size() ? elems[i] : m->valuePos;
        if (!inc.is_string()) throw RuleError(at(pos) + ": an include must be a file name string");
        fs::path p = fs::path(file).parent_path() / inc.get<std::string>();
        std::error_code ec;
        fs::path cp = fs::weakly_canonical(p, ec);
        std::string cs = ec ? p.lexically_normal().string() : cp.string();
        auto it = std::find(stack.begin(), stack.end(), cs);
        if (it != stack.end()) {
          std::string cyc;
          for (auto k = it; k != stack.end(); ++k) cyc += fs::path(*k).filename().string() + " -> ";
          cyc += fs::path(cs).filename().string();
          throw RuleError(at(pos) + ": include cycle: " + cyc);
        }
        if (done.count(cs)) continue;
        // Only regular files: a device (/dev/zero), FIFO or directory would be read forever or not at all.
        if (!fs::exists(p, ec))
          throw RuleError(at(pos) + ": included file '" + inc.get<std::string>() + "' not found (looked for " +
                          cs + ")");
        if (!fs::is_regular_file(p, ec))
          throw RuleError(at(pos) + ": included file '" + p.string() + "' is not a regular file");
        bool ok;
        std::string t = readFile(p.string(), ok);
        if (!ok) throw RuleError(at(pos) + ": cannot read included file '" + p.string() + "'");
        loadText(t, p.string(), cs, false);
      }
    }
    if (!j.contains("rules")) {
      if (!j.contains("include")) throw RuleError(at(rootAt) + ": the ruleset needs a \"rules\" array");
    } else {
      const auto* m = memberAt("rules");
      if (!j["rules"].is_array()) throw RuleError(at(m->valuePos) + ": \"rules\" must be an array");
      auto elems = scan.elements(m->valuePos);
      for (size_t i = 0; i < j["rules"].size(); ++i) loadRule(j["rules"][i], elems[i], unsigned(i + 1), file, text, scan);
    }
    if (const auto* m = memberAt("examples")) loadExamples(j["examples"], m->valuePos, "", file, text, scan);
    stack.pop_back();
    done.insert(canon);
  }

  void loadRule(const json& jr, size_t objAt, unsigned index, const std::string& file, const std::string& text,
                const JsonScan& scan) {
    RuleAst base;
    base.file = file;
    base.index = index;
    LineCol lc = lineColOf(text, objAt);
    base.line = lc.line;
    base.col = lc.col;
    base.name = "?";
    auto at = [&](size_t off) { return locate(file, text, off); };
    std::string tag = "rule #" + std::to_string(index);
    if (!jr.is_object()) throw RuleError(at(objAt) + ": " + tag + ": a rule must be a JSON object");
    auto members = scan.members(objAt);
    auto memberAt = [&](const std::string& key) -> const JsonScan::Member* {
      for (auto& m : members)
        if (m.key == key) return &m;
      return nullptr;
    };
    if (jr.contains("name")) {
      if (!jr["name"].is_string() || jr["name"].get<std::string>().empty())
        throw RuleError(at(memberAt("name")->valuePos) + ": " + tag + ": \"name\" must be a non-empty string");
      base.name = jr["name"].get<std::string>();
      tag = ruleTag(base);
    } else {
      throw RuleError(at(objAt) + ": " + tag + ": missing \"name\"");
    }
    for (char ch : base.name)
      if (!isalnum(static_cast<unsigned char>(ch)) && !strchr("_-.", ch))
        throw RuleError(at(memberAt("name")->valuePos) + ": " + tag +
                        ": a rule name may contain letters, digits, '_', '-' and '.' only");
    for (auto& m : members)
      if (m.key != "name" && m.key != "comment" && m.key != "lhs" && m.key != "rhs" && m.key != "if" &&
          m.key != "bidirectional" && m.key != "examples")
        throw RuleError(at(m.keyPos) + ": " + tag + ": unknown key \"" + m.key +
                        "\" (a rule has \"name\", \"comment\", \"lhs\", \"rhs\", \"if\", \"bidirectional\", "
                        "\"examples\")");
    if (const auto* m = memberAt("examples")) loadExamples(jr["examples"], m->valuePos, base.name, file, text, scan);
    auto needString = [&](const char* key) {
      if (!jr.contains(key)) throw RuleError(at(objAt) + ": " + tag + ": missing \"" + key + "\"");
      if (!jr[key].is_string()) throw RuleError(at(memberAt(key)->valuePos) + ": " + tag + ": \"" + key + "\" must be a string");
      return jr[key].get<std::string>();
    };
    base.comment = needString("comment");
    if (base.comment.find('\n') != std::string::npos)
      throw RuleError(at(memberAt("comment")->valuePos) + ": " + tag + ": \"comment\" must be one line");
    RuleSource src;
    src.objAt = objAt;
    src.lhs = needString("lhs");
    src.rhs = needString("rhs");
    src.lhsAt = memberAt("lhs")->valuePos;
    src.rhsAt = memberAt("rhs")->valuePos;
    if (jr.contains("if")) {
      const auto* m = memberAt("if");
      const json& c = jr["if"];
      if (c.is_string()) {
        src.conds.push_back(c.get<std::string>());
        src.condAt.push_back(m->valuePos);
      } else if (c.is_array()) {
        auto elems = scan.elements(m->valuePos);
        for (size_t i = 0; i < c.size(); ++i) {
          if (!c[i].is_string())
            throw RuleError(at(elems[i]) + ": " + tag + ": a condition must be a string");
          src.conds.push_back(c[i].get<std::string>());
          src.condAt.push_back(elems[i]);
        }
      } else {
        throw RuleError(at(m->valuePos) + ": " + tag + ": \"if\" must be a string or an array of strings");
      }
    }
    bool bidi = false;
    if (jr.contains("bidirectional")) {
      if (!jr["bidirectional"].is_boolean())
        throw RuleError(at(memberAt("bidirectional")->valuePos) + ": " + tag + ": \"bidirectional\" must be true or false");
      bidi = jr["bidirectional"].get<bool>();
    }
    auto add = [&](RuleAst r) {
      auto it = nameWhere.find(r.name);
      if (it != nameWhere.end())
        throw RuleError(at(objAt) + ": " + ruleTag(r) + ": duplicate rule name (first defined at " + it->second + ")");
      nameWhere[r.name] = at(objAt);
      out.rules.push_back(std::move(r));
    };
    bool generic = hasWidthVar(src.lhs) || hasWidthVar(src.rhs);
    for (auto& c : src.conds) generic = generic || hasWidthVar(c);
    auto both = [&](const RuleSource& rs, const RuleAst& b) {
      RuleAst fwd = compileDirection(b, rs, false, text, scan);
      if (bidi) {
        RuleAst rev = compileDirection(b, rs, true, text, scan);
        rev.name = b.name + "-rev";
        add(std::move(fwd));
        add(std::move(rev));
      } else {
        add(std::move(fwd));
      }
    };
    if (!generic) {
      both(src, base);
    } else {
      for (const char* ty : {"i32", "i64"}) {
        RuleSource rs = src;
        rs.lhsRep.clear();
        rs.rhsRep.clear();
        rs.lhs = expandWidthVar(src.lhs, ty, rs.lhsRep);
        rs.rhs = expandWidthVar(src.rhs, ty, rs.rhsRep);
        rs.condRep.assign(src.conds.size(), {});
        for (size_t i = 0; i < src.conds.size(); ++i) rs.conds[i] = expandWidthVar(src.conds[i], ty, rs.condRep[i]);
        RuleAst b = base;
        b.name = base.name + "." + ty;
        both(rs, b);
      }
    }
  }
};

std::string canonicalOf(const std::string& path) {
  std::error_code ec;
  fs::path cp = fs::weakly_canonical(fs::path(path), ec);
  return ec ? fs::path(path).lexically_normal().string() : cp.string();
}

// Runtime facts from the e-graph.
struct GraphFacts final : Facts {
  const RuleAst& r;
  const EGraph& g;
  const Subst& s;
  GraphFacts(const RuleAst& rr, const EGraph& gg, const Subst& ss) : r(rr), g(gg), s(ss) {}
  unsigned bits(int var) const {
    auto t = r.tvs[r.vars[var].tv];
    return t ? tyBits(*t) : 64;
  }
  uint64_t constant(int var) const override {
    uint64_t v = size_t(var) < s.consts.size() ? s.consts[var] : 0;
    return bits(var) == 32 ? (v & 0xffffffffu) : v;
  }
  KnownBits kb(int var) const {
    ClassId c = s.classes[var];
    if (auto k = g.constant(c)) {
      uint64_t v = bits(var) == 32 ? (*k & 0xffffffffu) : *k;
      uint64_t m = bits(var) == 32 ? 0xffffffffull : ~uint64_t(0);
      return KnownBits{~v & m, v};
    }
    return g.knownBits(c);
  }
  bool knownZero(int var, uint64_t mask) const override { return (kb(var).zero & mask) == mask; }
  bool knownOne(int var, uint64_t mask) const override { return (kb(var).one & mask) == mask; }
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
    KnownBits k = kb(var);
    return (k.zero & m) == m || (k.one & m) == m;
  }
};

} // namespace

std::vector<Typing> typingsOf(const RuleAst& r) {
  std::vector<int> poly;
  std::set<int> used;
  for (auto& t : r.lhs) used.insert(t.tv);
  for (auto& t : r.rhs) used.insert(t.tv);
  for (auto& v : r.vars) used.insert(v.tv);
  for (int tv : used)
    if (!r.tvs[tv]) poly.push_back(tv);
  std::vector<Typing> out;
  Typing base(r.tvs.size(), Ty::none);
  for (size_t i = 0; i < r.tvs.size(); ++i)
    if (r.tvs[i]) base[i] = *r.tvs[i];
  size_t n = size_t(1) << poly.size();
  for (size_t m = 0; m < n; ++m) {
    Typing t = base;
    for (size_t k = 0; k < poly.size(); ++k) t[poly[k]] = (m >> k) & 1 ? Ty::i64 : Ty::i32;
    out.push_back(t);
  }
  return out;
}

std::string typingLabel(const RuleAst& r, const Typing& t) {
  std::string s;
  for (auto& v : r.vars) {
    if (!s.empty()) s += ' ';
    s += "?" + v.name + ":" + tyName(t[v.tv]);
  }
  return s;
}

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
  std::vector<uint64_t> a;
  bool undefined = false;
  for (int k : e.kids) {
    auto v = evalExpr(r, k, f);
    if (!v) undefined = true;
    a.push_back(v.value_or(0));
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
  case Expr::WasmOp: return evalOp(e.op, 0, a);
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

ParsedRuleset parseRulesetText(const std::string& text, const std::string& file) {
  Loader l;
  l.loadText(text, file, canonicalOf(file), true);
  return std::move(l.out);
}

ParsedRuleset parseRulesetFile(const std::string& path) {
  bool ok;
  std::string text = readFile(path, ok);
  if (!ok) throw RuleError(path + ": cannot read file");
  return parseRulesetText(text, path);
}

std::string ruleWhere(const RuleAst& r) {
  return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.col) + ": " + ruleTag(r);
}

Rewrite compileRewrite(const RuleAst& rule) {
  auto r = std::make_shared<const RuleAst>(rule);
  Rewrite rw;
  rw.name = r->name;
  auto side = [&](const std::vector<Term>& terms) {
    Pattern p;
    for (const Term& t : terms) {
      PNode n;
      n.kind = t.kind;
      n.op = t.op;
      auto ty = r->tvs[t.tv];
      n.ty = ty ? *ty : Ty::none;
      if (t.kind == PNode::Node && !opInfo(t.op).typedPerNode) n.ty = opInfo(t.op).result;
      n.var = VarId(t.var < 0 ? 0 : t.var);
      n.value = t.value;
      for (int k : t.kids) n.children.push_back(uint32_t(k));
      p.nodes.push_back(std::move(n));
    }
    p.numVars = uint16_t(r->vars.size());
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
          KnownBits b = f.kb(facts[k]);
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

} // namespace detail

namespace {

LoadedRuleset finish(detail::ParsedRuleset p, const LoadOptions& opts) {
  size_t tried = 0;
  if (opts.fastCheck)
    for (const auto& r : p.rules)
      if (auto msg = detail::fastCheckRule(r, &tried)) throw RuleError(detail::ruleWhere(r) + ": " + *msg);
  LoadedRuleset out;
  out.inputsTried = tried;
  out.name = p.name;
  out.description = p.description;
  for (const auto& r : p.rules) {
    out.rewrites.push_back(detail::compileRewrite(r));
    out.info.push_back(RuleInfo{r.name, r.comment, r.file, r.index, r.line, r.col});
  }
  return out;
}

} // namespace

LoadedRuleset loadRulesetFile(const std::string& path, const LoadOptions& opts) {
  return finish(detail::parseRulesetFile(path), opts);
}

LoadedRuleset loadRulesetText(const std::string& text, const std::string& fileNameForErrors,
                              const LoadOptions& opts) {
  return finish(detail::parseRulesetText(text, fileNameForErrors), opts);
}

std::string defaultRulesetPath() {
  namespace fs = std::filesystem;
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = 0;
    fs::path p = fs::path(buf).parent_path() / ".." / "share" / "eqsat-wasm" / "rulesets" / "default.json";
    std::error_code ec;
    if (fs::exists(p, ec)) return p.lexically_normal().string();
  }
  return std::string(EQSAT_SOURCE_DIR) + "/rulesets/default.json";
}

} // namespace eqsat::rules
