#include "egraph/pattern.h"

#include <cctype>
#include <charconv>
#include <map>
#include <stdexcept>

namespace eqsat {

Ty expectedChildType(Op op, Ty selfTy, size_t i) {
  const OpInfo& info = opInfo(op);
  switch (info.kind) {
  case OpKind::Unary: case OpKind::Binary: case OpKind::Compare: case OpKind::Convert:
  case OpKind::Load: case OpKind::Store:
    return i < 2 ? info.operand[i] : Ty::none;
  case OpKind::Select:
    return i == 2 ? Ty::i32 : selfTy;
  case OpKind::Phi:
    return selfTy;
  default:
    return Ty::none;
  }
}

namespace {

// ---- s-expression reader ----
struct SExpr {
  bool atom = true;
  std::string text;
  size_t pos = 0;
  std::vector<SExpr> list;
};

struct Reader {
  const std::string& s;
  size_t i = 0;
  [[noreturn]] void fail(const std::string& msg, size_t at) const {
    throw std::runtime_error("pattern: " + msg + " at offset " + std::to_string(at) + " in `" + s + "`");
  }
  void skip() {
    for (;;) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i < s.size() && s[i] == ';') {
        while (i < s.size() && s[i] != '\n') ++i;
        continue;
      }
      break;
    }
  }
  SExpr read() {
    skip();
    if (i >= s.size()) fail("unexpected end of input", i);
    SExpr e;
    e.pos = i;
    if (s[i] == '(') {
      ++i;
      e.atom = false;
      for (;;) {
        skip();
        if (i >= s.size()) fail("missing `)`", e.pos);
        if (s[i] == ')') {
          ++i;
          break;
        }
        e.list.push_back(read());
      }
      if (e.list.empty()) fail("empty list", e.pos);
      if (!e.list[0].atom) fail("operator expected", e.list[0].pos);
      return e;
    }
    if (s[i] == ')') fail("unexpected `)`", i);
    size_t st = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '(' && s[i] != ')' &&
           s[i] != ';')
      ++i;
    e.text = s.substr(st, i - st);
    return e;
  }
};

std::optional<uint64_t> parseNumber(const std::string& t) {
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  bool neg = false;
  if (t[0] == '-' || t[0] == '+') {
    neg = t[0] == '-';
    i = 1;
  }
  if (i >= t.size() || !std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
  uint64_t v = 0;
  int base = 10;
  if (t.size() > i + 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
    base = 16;
    i += 2;
  }
  std::string digits;
  for (; i < t.size(); ++i)
    if (t[i] != '_') digits.push_back(t[i]);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return neg ? uint64_t(0) - v : v;
}

// Split "name:ty".
std::pair<std::string, Ty> splitType(const Reader& rd, const SExpr& e) {
  auto c = e.text.rfind(':');
  if (c == std::string::npos || c == 0) return {e.text, Ty::none};
  auto t = tyFromName(std::string_view(e.text).substr(c + 1));
  if (!t) rd.fail("unknown type `" + e.text.substr(c + 1) + "`", e.pos);
  return {e.text.substr(0, c), *t};
}

struct Builder {
  const Reader& rd;
  bool bareSyms;
  Pattern p;
  std::map<std::string, VarId> vars;

  VarId var(const std::string& name) {
    auto it = vars.find(name);
    if (it != vars.end()) return it->second;
    VarId v = p.numVars++;
    vars.emplace(name, v);
    p.varNames.push_back(name);
    return v;
  }
  uint32_t push(PNode n) {
    p.nodes.push_back(std::move(n));
    return uint32_t(p.nodes.size() - 1);
  }

  uint32_t build(const SExpr& e, Ty expected) {
    if (e.atom) {
      if (e.text[0] == '?') {
        auto [name, ty] = splitType(rd, e);
        if (name.size() < 2) rd.fail("variable name expected", e.pos);
        PNode n;
        n.kind = PNode::Var;
        n.var = var(name);
        n.ty = ty;
        return push(n);
      }
      if (auto v = parseNumber(e.text); v && !bareSyms) {
        Ty t = expected == Ty::none ? Ty::i32 : expected;
        PNode n;
        n.kind = PNode::Literal;
        n.op = constOpFor(t);
        n.ty = t;
        n.value = maskTo(t, *v);
        return push(n);
      }
      auto [name, ty] = splitType(rd, e);
      PNode n;
      n.kind = PNode::Node;
      n.op = Op::Symbol;
      n.ty = ty != Ty::none ? ty : expected;
      n.value = internSymbol(name);
      return push(n);
    }
    auto [opname, opTy] = splitType(rd, e.list[0]);
    auto op = opFromName(opname);
    if (!op) {
      std::string sug = suggestOps(opname);
      rd.fail("unknown operator `" + opname + "`" + (sug.empty() ? "" : "; did you mean " + sug + "?"),
              e.list[0].pos);
    }
    const OpInfo& info = opInfo(*op);
    size_t nargs = e.list.size() - 1;
    if (info.kind == OpKind::Const) {
      if (nargs != 1) rd.fail("constant takes one argument", e.pos);
      const SExpr& a = e.list[1];
      if (!a.atom) rd.fail("constant argument must be a number or ?var", a.pos);
      PNode n;
      n.op = *op;
      n.ty = info.result;
      if (a.text[0] == '?') {
        auto [name, ty] = splitType(rd, a);
        (void)ty;
        n.kind = PNode::ConstVar;
        n.var = var(name);
        return push(n);
      }
      auto v = parseNumber(a.text);
      if (!v) rd.fail("number expected", a.pos);
      n.kind = PNode::Literal;
      n.value = maskTo(info.result, *v);
      return push(n);
    }
    Ty self = info.typedPerNode ? (opTy != Ty::none ? opTy : expected) : info.result;
    PNode n;
    n.kind = PNode::Node;
    n.op = *op;
    // nullary ops with immediates: (param 3), (symbol 7) ...
    if (info.arity == 0) {
      if (nargs > 1) rd.fail("operator takes at most one immediate", e.pos);
      if (nargs == 1) {
        auto v = e.list[1].atom ? parseNumber(e.list[1].text) : std::nullopt;
        if (!v) rd.fail("immediate number expected", e.list[1].pos);
        n.value = *v;
      }
      n.ty = self;
      return push(n);
    }
    if (info.arity != kVariadic && nargs != size_t(info.arity))
      rd.fail("operator `" + opname + "` takes " + std::to_string(info.arity) + " operands, got " +
                  std::to_string(nargs),
              e.pos);
    for (size_t i = 0; i < nargs; ++i) {
      uint32_t c = build(e.list[i + 1], expectedChildType(*op, self, i));
      n.children.push_back(c);
      if (self == Ty::none && info.kind == OpKind::Select && i < 2) self = p.nodes[c].ty;
      if (self == Ty::none && info.kind == OpKind::Phi) self = p.nodes[c].ty;
    }
    n.ty = self;
    return push(n);
  }
};

void printNode(const Pattern& p, uint32_t i, std::string& out) {
  const PNode& n = p.nodes[i];
  switch (n.kind) {
  case PNode::Var:
    out += "?";
    out += n.var < p.varNames.size() ? p.varNames[n.var].substr(p.varNames[n.var][0] == '?' ? 1 : 0)
                                     : "v" + std::to_string(n.var);
    if (n.ty != Ty::none) {
      out += ":";
      out += tyName(n.ty);
    }
    return;
  case PNode::Literal:
    out += "(";
    out += opName(n.op);
    out += " ";
    out += std::to_string(n.value);
    out += ")";
    return;
  case PNode::ConstVar:
    out += "(";
    out += opName(n.op);
    out += " ?";
    out += n.var < p.varNames.size() ? p.varNames[n.var].substr(p.varNames[n.var][0] == '?' ? 1 : 0)
                                     : "v" + std::to_string(n.var);
    out += ")";
    return;
  case PNode::Computed:
    out += "(";
    out += opName(n.op);
    out += " <computed ";
    out += std::to_string(n.value);
    out += ">)";
    return;
  case PNode::Node:
    if (n.op == Op::Symbol) {
      out += symbolNameOf(n.value);
      return;
    }
    out += "(";
    out += opName(n.op);
    if (n.children.empty() && n.value) {
      out += " ";
      out += std::to_string(n.value);
    }
    for (uint32_t c : n.children) {
      out += " ";
      printNode(p, c, out);
    }
    out += ")";
    return;
  }
}

} // namespace

std::string Pattern::toString() const {
  std::string out;
  if (!nodes.empty()) printNode(*this, uint32_t(nodes.size() - 1), out);
  return out;
}

Pattern parsePatternSimple(const std::string& text, bool bareNumbersAsSymbols) {
  Reader rd{text};
  SExpr e = rd.read();
  rd.skip();
  if (rd.i != text.size()) rd.fail("trailing input", rd.i);
  Builder b{rd, bareNumbersAsSymbols, {}, {}};
  b.build(e, Ty::none);
  return std::move(b.p);
}

ClassId addTerm(EGraph& g, const std::string& text, bool bareNumbersAsSymbols) {
  Pattern p = parsePatternSimple(text, bareNumbersAsSymbols);
  std::vector<ClassId> ids(p.nodes.size(), kNoClass);
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const PNode& n = p.nodes[i];
    switch (n.kind) {
    case PNode::Var: case PNode::ConstVar: case PNode::Computed:
      throw std::runtime_error("addTerm: term must be ground: `" + text + "`");
    case PNode::Literal:
      ids[i] = g.add(n.op, n.ty, n.value, {});
      break;
    case PNode::Node: {
      std::vector<ClassId> ch;
      ch.reserve(n.children.size());
      for (uint32_t c : n.children) ch.push_back(ids[c]);
      ids[i] = g.add(n.op, n.ty, n.value, ch);
      break;
    }
    }
  }
  return ids.back();
}

} // namespace eqsat
