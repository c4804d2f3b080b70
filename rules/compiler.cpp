// The rule compiler, patterns: the lhs and rhs s-expressions of one rule
// direction -> typed terms (rules/ast.h), with the checks of docs/rules.md
// (operators allowed in rules, arity, operand types, captured constants,
// memory operators at the root) and errors at their exact position in the file.
#include "rules/compiler.h"

#include "rules/loader.h"

#include <algorithm>

namespace eqsat::rules::detail {
namespace {

// "did you mean": operators that extend the name (`i64.shr` -> `i64.shr_u`, `i64.shr_s`) first,
// else the operator table's edit-distance suggestions.
std::string suggestOperators(const std::string& name) {
  std::vector<std::string> extensions;
  for (unsigned i = 0; i < kNumOps; ++i) {
    std::string candidate = opInfo(static_cast<Op>(i)).name;
    if (candidate.size() > name.size() && candidate.compare(0, name.size(), name) == 0 &&
        candidate[name.size()] == '_')
      extensions.push_back(candidate);
  }
  if (extensions.empty()) return suggestOps(name);
  std::sort(extensions.rbegin(), extensions.rend());
  std::string out;
  for (size_t i = 0; i < extensions.size() && i < 2; ++i) out += (i ? " or `" : "`") + extensions[i] + "`";
  return out;
}

bool isWordChar(char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool isWidthVarAt(const std::string& text, size_t i) {
  return text[i] == 'i' && i + 1 < text.size() && text[i + 1] == 'N' && (i == 0 || !isWordChar(text[i - 1])) &&
         (i + 2 >= text.size() || !isWordChar(text[i + 2]));
}

// The position in the text before expandWidthVar of a position after it.
unsigned unexpandPos(unsigned pos, const std::vector<unsigned>& replacements) {
  unsigned shift = 0;
  for (unsigned at : replacements)
    if (at + 3 <= pos) ++shift;
  return pos - shift;
}

} // namespace

std::string RuleCompiler::describe(const std::vector<Term>& side, int term) {
  const Term& x = side[term];
  if (x.kind == PNode::Var) return "`?" + r.vars[x.var].name + "`";
  if (x.kind == PNode::Literal || x.kind == PNode::ConstVar || x.kind == PNode::Computed)
    return std::string("a `") + opName(x.op) + "`";
  return std::string("`(") + opName(x.op) + " ...)`";
}

int RuleCompiler::addTerm(std::vector<Term>& side, Term term) {
  side.push_back(std::move(term));
  return int(side.size() - 1);
}

// The variable of `?name` or `?name:type` (s.atom), declared on its first use in the lhs.
int RuleCompiler::varFor(const SExp& s, bool wantConst) {
  std::string name = s.atom.substr(1);
  std::optional<Ty> annotation;
  auto colon = name.find(':');
  if (colon != std::string::npos) {
    std::string typeName = name.substr(colon + 1);
    name = name.substr(0, colon);
    annotation = tyFromName(typeName);
    if (!annotation || (*annotation != Ty::i32 && *annotation != Ty::i64))
      throw PosError{s.pos, "unknown type `" + typeName + "` in `" + s.atom + "` (use i32 or i64)"};
  }
  if (name.empty()) throw PosError{s.pos, "a variable needs a name: `?x`"};
  for (char c : name)
    if (!isalnum(static_cast<unsigned char>(c)) && c != '_')
      throw PosError{s.pos, "bad variable name `" + s.atom + "` (letters, digits and _ only)"};
  auto it = varIndex.find(name);
  int var;
  if (it == varIndex.end()) {
    if (!lhsSide) throw PosError{s.pos, "unbound variable `?" + name + "`: the lhs does not bind it"};
    var = int(r.vars.size());
    VarInfo info;
    info.name = name;
    info.isConst = wantConst;
    info.tv = types.fresh();
    r.vars.push_back(info);
    varIndex[name] = var;
  } else {
    var = it->second;
    if (lhsSide && r.vars[var].isConst != wantConst)
      throw PosError{s.pos, "`?" + name + "` is used both as a captured constant and as a variable"};
  }
  if (annotation && !types.unify(r.vars[var].tv, types.fresh(*annotation)))
    throw PosError{s.pos, "`?" + name + "` is annotated " + tyName(*annotation) + " but used as " +
                              typeText(types.get(r.vars[var].tv))};
  return var;
}

int RuleCompiler::pattern(const SExp& s, std::vector<Term>& side) {
  if (!s.list) return atomPattern(s, side);
  const SExp& head = s.items[0];
  if (head.list) throw PosError{head.pos, "expected an operator name after `(`"};
  auto op = opFromName(head.atom);
  if (!op) {
    std::string suggestion = suggestOperators(head.atom);
    throw PosError{head.pos, "unknown operator `" + head.atom + "`" +
                                 (suggestion.empty() ? "" : "; did you mean " + suggestion + "?")};
  }
  if (*op == Op::I32Const || *op == Op::I64Const) return constPattern(s, *op, side);
  return operatorPattern(s, *op, side);
}

// A variable; any other atom is an error. A captured constant may be used
// directly on the rhs, as its class.
int RuleCompiler::atomPattern(const SExp& s, std::vector<Term>& side) {
  if (!s.atom.empty() && s.atom[0] == '?') {
    int var = varFor(s, false);
    Term t;
    t.kind = PNode::Var;
    t.var = var;
    t.tv = r.vars[var].tv;
    t.pos = s.pos;
    return addTerm(side, t);
  }
  if (looksNumeric(s.atom))
    throw PosError{s.pos, "bare number `" + s.atom + "`; write (i32.const " + s.atom + ") or (i64.const " + s.atom +
                              ")"};
  if (opFromName(s.atom)) throw PosError{s.pos, "operator `" + s.atom + "` must be applied: (" + s.atom + " ...)"};
  throw PosError{s.pos, "unexpected symbol `" + s.atom + "`; variables start with `?`"};
}

// (i32.const X) / (i64.const X): a captured constant `?c` (lhs), a use of one
// (rhs), a computed constant (rhs) or a literal.
int RuleCompiler::constPattern(const SExp& s, Op op, std::vector<Term>& side) {
  const OpInfo& info = opInfo(op);
  Ty type = op == Op::I32Const ? Ty::i32 : Ty::i64;
  if (s.items.size() != 2) throw PosError{s.pos, std::string("`") + info.name + "` takes exactly one operand"};
  const SExp& operand = s.items[1];
  Term t;
  t.op = op;
  t.tv = types.fresh(type);
  t.pos = s.pos;
  if (!operand.list && !operand.atom.empty() && operand.atom[0] == '?') {
    int var = varFor(operand, true);
    if (lhsSide) {
      if (!types.unify(r.vars[var].tv, t.tv))
        throw PosError{operand.pos, "`" + operand.atom + "` is captured by " + info.name + " but used as " +
                                        typeText(types.get(r.vars[var].tv))};
      t.kind = PNode::ConstVar;
    } else {
      if (!r.vars[var].isConst)
        throw PosError{operand.pos, "`" + operand.atom + "` is not a captured constant; capture it in the lhs as (" +
                                        info.name + " " + operand.atom + ")"};
      if (!types.unify(r.vars[var].tv, t.tv))
        throw PosError{operand.pos, "`" + operand.atom + "` is " + typeText(types.get(r.vars[var].tv)) + ", not " +
                                        tyName(type)};
      t.kind = PNode::Var;
    }
    t.var = var;
    return addTerm(side, t);
  }
  if (operand.list) {
    if (lhsSide)
      throw PosError{operand.pos, reverse ? "a bidirectional rule cannot compute constants (the reverse direction "
                                            "would need them on its lhs)"
                                          : "computed constants are only allowed on the rhs"};
    requireBound(operand);
    int root = expr(operand, type == Ty::i32 ? W::i32 : W::i64, ExprContext::Computed);
    t.kind = PNode::Computed;
    t.value = r.computed.size();
    r.computed.push_back(root);
    return addTerm(side, t);
  }
  auto value = literalFor(operand.atom, tyBits(type), operand.pos);
  if (!value) throw PosError{operand.pos, "literal `" + operand.atom + "` does not fit in " + tyName(type)};
  t.kind = PNode::Literal;
  t.value = *value;
  return addTerm(side, t);
}

// (OP operands...) for the operators rules may use: integer arithmetic,
// compares, conversions, select, integer loads and stores.
int RuleCompiler::operatorPattern(const SExp& s, Op op, std::vector<Term>& side) {
  const SExp& head = s.items[0];
  const OpInfo& info = opInfo(op);
  size_t operandCount = s.items.size() - 1;
  bool allowed = info.kind == OpKind::Unary || info.kind == OpKind::Binary || info.kind == OpKind::Compare ||
                 info.kind == OpKind::Convert || info.kind == OpKind::Select ||
                 ((info.kind == OpKind::Load || info.kind == OpKind::Store) && info.operand[1] != Ty::f32 &&
                  info.operand[1] != Ty::f64 && info.result != Ty::f32 && info.result != Ty::f64);
  if (!allowed) throw PosError{head.pos, "operator `" + head.atom + "` cannot be used in rules"};
  if (int(operandCount) != info.arity)
    throw PosError{s.pos, "`" + head.atom + "` takes " + std::to_string(info.arity) + " operand" +
                              (info.arity == 1 ? "" : "s") + ", got " + std::to_string(operandCount)};
  std::vector<int> kids;
  for (size_t i = 1; i < s.items.size(); ++i) kids.push_back(pattern(s.items[i], side));
  auto expect = [&](size_t i, Ty want) {
    if (!types.unify(side[kids[i]].tv, types.fresh(want)))
      throw PosError{s.items[i + 1].pos, "operand " + std::to_string(i + 1) + " of `" + head.atom + "` is " +
                                             describe(side, kids[i]) + " of type " +
                                             typeText(types.get(side[kids[i]].tv)) + ", but " + tyName(want) +
                                             " is expected"};
  };
  Term t;
  t.kind = PNode::Node;
  t.op = op;
  t.pos = s.pos;
  switch (info.kind) {
  case OpKind::Select:
    if (!types.unify(side[kids[0]].tv, side[kids[1]].tv))
      throw PosError{s.items[2].pos, "the arms of `select` have different types: " +
                                         typeText(types.get(side[kids[0]].tv)) + " and " +
                                         typeText(types.get(side[kids[1]].tv))};
    expect(2, Ty::i32);
    t.tv = side[kids[0]].tv;
    break;
  case OpKind::Load:
    expect(0, Ty::i32);
    t.tv = types.fresh(info.result);
    break;
  case OpKind::Store:
    expect(0, Ty::i32);
    expect(1, info.operand[1]);
    t.tv = types.fresh(Ty::none);
    break;
  default:
    for (size_t i = 0; i < kids.size(); ++i) expect(i, info.operand[i]);
    t.tv = types.fresh(info.result);
    break;
  }
  t.kids = kids;
  return addTerm(side, t);
}

bool hasWidthVar(const std::string& text) {
  for (size_t i = 0; i + 1 < text.size(); ++i)
    if (isWidthVarAt(text, i)) return true;
  return false;
}

std::string expandWidthVar(const std::string& text, const char* type, std::vector<unsigned>& replacements) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (isWidthVarAt(text, i)) {
      replacements.push_back(unsigned(out.size()));
      out += type;
      ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string ruleTag(const RuleAst& r) { return "rule '" + r.name + "' (#" + std::to_string(r.index) + ")"; }

RuleAst compileDirection(RuleAst base, const RuleSource& src, Direction direction, const std::string& fileText,
                         const JsonScan& scan) {
  RuleAst r = std::move(base);
  const bool reverse = direction == Direction::Reverse;
  const std::string& lhsText = reverse ? src.rhs : src.lhs;
  const std::vector<unsigned>& lhsRep = reverse ? src.rhsRep : src.lhsRep;
  const std::vector<unsigned>& rhsRep = reverse ? src.lhsRep : src.rhsRep;
  const std::string& rhsText = reverse ? src.lhs : src.rhs;
  size_t lhsAt = reverse ? src.rhsAt : src.lhsAt, rhsAt = reverse ? src.lhsAt : src.rhsAt;
  r.lhsText = lhsText;
  r.rhsText = rhsText;
  r.condTexts = src.conds;
  RuleCompiler compiler(r);
  compiler.reverse = reverse;
  std::string prefix = reverse ? "(reverse direction) " : "";
  auto fail = [&](size_t stringAt, const PosError& e, const std::vector<unsigned>& replacements) -> RuleError {
    size_t offset = scan.rawOffsetInString(stringAt, unexpandPos(e.pos, replacements));
    return RuleError(locate(r.file, fileText, offset) + ": " + ruleTag(r) + ": " + prefix + e.msg);
  };
  auto failRule = [&](size_t at, const std::string& msg) -> RuleError {
    return RuleError(locate(r.file, fileText, at) + ": " + ruleTag(r) + ": " + prefix + msg);
  };
  try {
    compiler.lhsSide = true;
    SExp lhs = SReader{lhsText}.readAll();
    compiler.pattern(lhs, r.lhs);
  } catch (const PosError& e) {
    throw fail(lhsAt, e, lhsRep);
  }
  try {
    compiler.lhsSide = false;
    SExp rhs = SReader{rhsText}.readAll();
    compiler.pattern(rhs, r.rhs);
  } catch (const PosError& e) {
    throw fail(rhsAt, e, rhsRep);
  }
  for (size_t i = 0; i < src.conds.size(); ++i) {
    try {
      SExp condition = SReader{src.conds[i]}.readAll();
      compiler.requireBound(condition);
      r.conds.push_back(compiler.expr(condition, W::boolean, ExprContext::Condition));
    } catch (const PosError& e) {
      throw fail(src.condAt[i], e, src.condRep.empty() ? std::vector<unsigned>{} : src.condRep[i]);
    }
  }
  const Term& lhsRoot = r.lhs.back();
  const Term& rhsRoot = r.rhs.back();
  if (lhsRoot.kind != PNode::Node)
    throw failRule(lhsAt, "the lhs must be an operator application, not a variable or a constant");
  std::optional<Ty> lhsType = compiler.types.get(lhsRoot.tv), rhsType = compiler.types.get(rhsRoot.tv);
  if (!compiler.types.unify(lhsRoot.tv, rhsRoot.tv))
    throw failRule(rhsAt, std::string("the two sides have different types: the lhs is ") + typeText(lhsType) +
                              ", the rhs is " + typeText(rhsType));
  for (size_t i = 0; i + 1 < r.rhs.size(); ++i) {
    const Term& t = r.rhs[i];
    if (t.kind == PNode::Node) {
      auto kind = opInfo(t.op).kind;
      if (kind == OpKind::Load || kind == OpKind::Store)
        throw fail(rhsAt, PosError{t.pos, std::string("memory operator `") + opName(t.op) +
                                              "` may only appear at the root of the rhs"}, rhsRep);
    }
  }
  if (rhsRoot.kind == PNode::Node) {
    const OpInfo& rhsInfo = opInfo(rhsRoot.op);
    if (rhsInfo.kind == OpKind::Load || rhsInfo.kind == OpKind::Store) {
      const OpInfo& lhsInfo = opInfo(lhsRoot.op);
      if (lhsInfo.kind != rhsInfo.kind || lhsInfo.bytes != rhsInfo.bytes)
        throw failRule(rhsAt, std::string("the rhs root `") + rhsInfo.name +
                                  "` inherits the memarg of the lhs root, which must be a " +
                                  (rhsInfo.kind == OpKind::Load ? "load" : "store") + " of the same width (" +
                                  std::to_string(rhsInfo.bytes) + " bytes)");
    }
  }
  // Stores in the lhs may only be at the root (they have no value).
  for (size_t i = 0; i + 1 < r.lhs.size(); ++i)
    if (r.lhs[i].kind == PNode::Node && opInfo(r.lhs[i].op).kind == OpKind::Store)
      throw fail(lhsAt, PosError{r.lhs[i].pos, "a store has no value and may only be the root"}, lhsRep);
  // Resolve type variables.
  r.tvs.resize(compiler.types.parent.size());
  for (size_t i = 0; i < r.tvs.size(); ++i) r.tvs[i] = compiler.types.get(int(i));
  // Canonicalise tvs so that polymorphic classes share one representative index.
  for (auto& t : r.lhs) t.tv = compiler.types.find(t.tv);
  for (auto& t : r.rhs) t.tv = compiler.types.find(t.tv);
  for (auto& v : r.vars) v.tv = compiler.types.find(v.tv);
  return r;
}

} // namespace eqsat::rules::detail
