// The rule compiler, expression language: conditions ("if") and computed
// constants of the rhs -> Expr trees (rules/ast.h) of inferred widths (i32,
// i64 or bool), with the checks of docs/rules.md and "did you mean" errors.
#include "rules/compiler.h"

#include <stdexcept>

namespace eqsat::rules::detail {

// A function of the expression language that is a wasm operator at either width.
struct ExprFn {
  const char* name;
  Op op32, op64;
};

namespace {

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
const ExprFn* findFn(const T (&table)[N], const std::string& name) {
  for (auto& fn : table)
    if (name == fn.name) return &fn;
  return nullptr;
}

// "; did you mean `NAME`?" for a close function name (small edit distance, or a
// wasm-prefixed name such as `i64.add`), else "".
std::string exprSuggest(const std::string& name) {
  std::vector<std::string> all;
  for (auto& fn : kIntBinary) all.push_back(fn.name);
  for (auto& fn : kCompare) all.push_back(fn.name);
  for (auto& fn : kIntUnary) all.push_back(fn.name);
  for (auto* fn : kOtherFns) all.push_back(fn);
  std::string best;
  unsigned bestDistance = 3;
  for (auto& candidate : all) {
    unsigned distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  auto dot = name.find('.');
  if (best.empty() && dot != std::string::npos) {
    std::string tail = name.substr(dot + 1);
    for (auto& candidate : all)
      if (candidate == tail) best = candidate;
  }
  return best.empty() ? "" : "; did you mean `" + best + "`?";
}

bool isVariable(const SExp& s) { return !s.list && !s.atom.empty() && s.atom[0] == '?'; }

} // namespace

// One expression being compiled: `(name args...)`, or an atom (name = the atom).
struct ExprCall {
  const SExp& s;
  const std::string& name;
  size_t argCount;
  std::optional<W> expected;  // the width the context needs, nullopt: any
  std::optional<W> natural;   // the width peek() finds
  ExprContext context;

  const SExp& arg(size_t i) const { return s.items[i + 1]; }
  void arity(size_t count) const {
    if (argCount != count)
      throw PosError{s.pos, "`" + name + "` takes " + std::to_string(count) + " argument" + (count == 1 ? "" : "s") +
                                ", got " + std::to_string(argCount)};
  }
  void mismatch(W got) const {
    if (expected && *expected != got)
      throw PosError{s.pos, std::string("this expression is ") + wName(got) + " but " + wName(*expected) +
                                " is expected here"};
  }
  // The width of an integer result: the expected one, else the natural one.
  W intWidth() const {
    std::optional<W> w = expected ? expected : natural;
    if (!w) throw PosError{s.pos, "cannot infer the width of `(" + name + " ...)`; write a literal as (i64 N) or (i32 N)"};
    if (*w == W::boolean) throw PosError{s.pos, "`(" + name + " ...)` is a number, not a condition"};
    return *w;
  }
};

int RuleCompiler::newExpr(Expr e) {
  r.exprs.push_back(std::move(e));
  return int(r.exprs.size() - 1);
}

std::optional<W> RuleCompiler::varWidth(int var, unsigned pos, const std::string& atom) {
  auto type = types.get(r.vars[var].tv);
  if (!type)
    throw PosError{pos, "the type of `" + atom + "` is not known here; annotate it as `" + atom + ":i32` or `" + atom +
                            ":i64`"};
  if (*type == Ty::i32) return W::i32;
  if (*type == Ty::i64) return W::i64;
  throw PosError{pos, "`" + atom + "` has type " + tyName(*type) + " and cannot be used in an expression"};
}

int RuleCompiler::lhsVar(const SExp& s) {
  std::string name = s.atom.substr(1);
  if (name.find(':') != std::string::npos)
    throw PosError{s.pos, "no type annotations inside expressions: `" + s.atom + "`"};
  auto it = varIndex.find(name);
  if (it == varIndex.end()) throw PosError{s.pos, "unbound variable `" + s.atom + "`: the lhs does not bind it"};
  return it->second;
}

void RuleCompiler::requireBound(const SExp& s) {
  if (!s.list) {
    if (isVariable(s)) lhsVar(s);
    return;
  }
  for (const SExp& kid : s.items) requireBound(kid);
}

// Natural width of an expression, nullopt for untyped literals.
std::optional<W> RuleCompiler::peek(const SExp& s) {
  auto widthOfVar = [&](const std::string& atom) -> std::optional<W> {
    auto it = varIndex.find(atom.substr(1));
    if (it == varIndex.end()) return std::nullopt;
    auto type = types.get(r.vars[it->second].tv);
    if (type == Ty::i32) return W::i32;
    if (type == Ty::i64) return W::i64;
    return std::nullopt;
  };
  if (!s.list) return isVariable(s) ? widthOfVar(s.atom) : std::nullopt;
  if (s.items[0].list) return std::nullopt;
  const std::string& name = s.items[0].atom;
  if (name == "i32" || name == "wrap") return W::i32;
  if (name == "i64" || name == "extend_u" || name == "extend_s") return W::i64;
  if (name == "width" && s.items.size() == 2 && isVariable(s.items[1])) {
    auto it = varIndex.find(s.items[1].atom.substr(1));
    if (it == varIndex.end()) return std::nullopt;
    auto type = types.get(r.vars[it->second].tv);
    if (!type) return std::nullopt;
    return *type == Ty::i32 ? W::i32 : W::i64;
  }
  if (findFn(kCompare, name) || name == "is_pow2" || name == "known_zero" || name == "known_one" ||
      name == "fits_u" || name == "fits_s")
    return W::boolean;
  for (size_t i = 1; i < s.items.size(); ++i)
    if (auto w = peek(s.items[i])) return w;
  return std::nullopt;
}

int RuleCompiler::expr(const SExp& s, std::optional<W> expected, ExprContext context) {
  std::optional<W> natural = peek(s);
  if (!s.list) return atomExpr(ExprCall{s, s.atom, 0, expected, natural, context});
  const SExp& head = s.items[0];
  if (head.list) throw PosError{head.pos, "expected a function name after `(`"};
  const std::string& name = head.atom;
  const ExprCall call{s, name, s.items.size() - 1, expected, natural, context};
  if (name == "i32" || name == "i64") {
    call.arity(1);
    W w = name == "i32" ? W::i32 : W::i64;
    call.mismatch(w);
    return expr(call.arg(0), w, context);
  }
  if (auto fn = findFn(kIntBinary, name)) return binaryExpr(call, *fn);
  if (auto fn = findFn(kCompare, name)) return compareExpr(call, *fn);
  if (auto fn = findFn(kIntUnary, name)) return unaryExpr(call, *fn);
  if (name == "not") return notExpr(call);
  if (name == "neg") return negExpr(call);
  if (name == "wrap" || name == "extend_u" || name == "extend_s") return conversionExpr(call);
  if (name == "width") return widthExpr(call);
  if (name == "pow2") return pow2Expr(call);
  if (name == "is_pow2") return isPow2Expr(call);
  if (name == "known_zero" || name == "known_one" || name == "fits_u" || name == "fits_s")
    return analysisQueryExpr(call);
  if (opFromName(name))
    throw PosError{head.pos, "wasm operator `" + name + "` cannot be used in an expression" + exprSuggest(name)};
  throw PosError{head.pos, "unknown function `" + name + "`" + exprSuggest(name)};
}

// A captured constant `?c`, a number of the expected width, or true/false.
int RuleCompiler::atomExpr(const ExprCall& call) {
  const SExp& s = call.s;
  Expr e;
  if (isVariable(s)) {
    int var = lhsVar(s);
    if (!r.vars[var].isConst)
      throw PosError{s.pos, std::string(call.context == ExprContext::Condition ? "condition" : "computed constant") +
                                " on an uncaptured constant: `" + s.atom +
                                "` is not captured as a constant in the lhs; write (i32.const " + s.atom +
                                ") or (i64.const " + s.atom + "), or use an analysis query such as "
                                "(known_zero " + s.atom + " MASK)"};
    W w = *varWidth(var, s.pos, s.atom);
    call.mismatch(w);
    e.kind = Expr::Const;
    e.var = var;
    e.w = w;
    return newExpr(e);
  }
  if (looksNumeric(s.atom)) {
    if (!call.expected)
      throw PosError{s.pos, "cannot infer the width of `" + s.atom + "`; write (i64 " + s.atom + ") or (i32 " +
                                s.atom + ")"};
    if (*call.expected == W::boolean) throw PosError{s.pos, "a number `" + s.atom + "` is not a condition"};
    auto value = literalFor(s.atom, wBits(*call.expected), s.pos);
    if (!value) throw PosError{s.pos, "literal `" + s.atom + "` does not fit in " + wName(*call.expected)};
    e.kind = Expr::Lit;
    e.value = *value;
    e.w = *call.expected;
    return newExpr(e);
  }
  if (s.atom == "true" || s.atom == "false") {
    call.mismatch(W::boolean);
    e.kind = Expr::Lit;
    e.w = W::boolean;
    e.value = s.atom == "true";
    return newExpr(e);
  }
  throw PosError{s.pos, "unexpected symbol `" + s.atom + "` in an expression"};
}

// (add a b), ...; `and` and `or` of conditions are the logical ones.
int RuleCompiler::binaryExpr(const ExprCall& call, const ExprFn& fn) {
  call.arity(2);
  Expr e;
  if ((call.name == "and" || call.name == "or") && (call.natural == W::boolean || call.expected == W::boolean)) {
    call.mismatch(W::boolean);
    e.kind = call.name == "and" ? Expr::LAnd : Expr::LOr;
    e.w = W::boolean;
    e.kids = {expr(call.arg(0), W::boolean, call.context), expr(call.arg(1), W::boolean, call.context)};
    return newExpr(e);
  }
  W w = call.intWidth();
  call.mismatch(w);
  e.kind = Expr::WasmOp;
  e.w = w;
  e.op = w == W::i32 ? fn.op32 : fn.op64;
  e.kids = {expr(call.arg(0), w, call.context), expr(call.arg(1), w, call.context)};
  return newExpr(e);
}

// (eq a b), ...: a condition on two numbers of one width.
int RuleCompiler::compareExpr(const ExprCall& call, const ExprFn& fn) {
  call.arity(2);
  call.mismatch(W::boolean);
  std::optional<W> w = peek(call.arg(0));
  if (!w) w = peek(call.arg(1));
  if (!w)
    throw PosError{call.s.pos, "cannot infer the width of the operands of `" + call.name +
                                   "`; write a literal as (i64 N)"};
  if (*w == W::boolean) throw PosError{call.s.pos, "`" + call.name + "` compares numbers, not conditions"};
  Expr e;
  e.kind = Expr::WasmOp;
  e.w = W::boolean;
  e.op = *w == W::i32 ? fn.op32 : fn.op64;
  e.kids = {expr(call.arg(0), *w, call.context), expr(call.arg(1), *w, call.context)};
  return newExpr(e);
}

// (clz a), (ctz a), (popcnt a), (log2 a).
int RuleCompiler::unaryExpr(const ExprCall& call, const ExprFn& fn) {
  call.arity(1);
  W w = call.intWidth();
  call.mismatch(w);
  Expr e;
  e.kind = Expr::WasmOp;
  e.w = w;
  e.op = w == W::i32 ? fn.op32 : fn.op64;
  e.kids = {expr(call.arg(0), w, call.context)};
  return newExpr(e);
}

// (not c) of a condition, else the bitwise complement (xor with all ones).
int RuleCompiler::notExpr(const ExprCall& call) {
  call.arity(1);
  Expr e;
  if (call.natural == W::boolean || call.expected == W::boolean) {
    call.mismatch(W::boolean);
    e.kind = Expr::LNot;
    e.w = W::boolean;
    e.kids = {expr(call.arg(0), W::boolean, call.context)};
    return newExpr(e);
  }
  W w = call.intWidth();
  Expr ones;
  ones.kind = Expr::Lit;
  ones.w = w;
  ones.value = wMask(w);
  e.kind = Expr::WasmOp;
  e.w = w;
  e.op = w == W::i32 ? Op::I32Xor : Op::I64Xor;
  e.kids = {expr(call.arg(0), w, call.context), newExpr(ones)};
  return newExpr(e);
}

// (neg a) = 0 - a.
int RuleCompiler::negExpr(const ExprCall& call) {
  call.arity(1);
  W w = call.intWidth();
  Expr zero;
  zero.kind = Expr::Lit;
  zero.w = w;
  int zeroIndex = newExpr(zero);
  Expr e;
  e.kind = Expr::WasmOp;
  e.w = w;
  e.op = w == W::i32 ? Op::I32Sub : Op::I64Sub;
  e.kids = {zeroIndex, expr(call.arg(0), w, call.context)};
  return newExpr(e);
}

// (wrap a), (extend_u a), (extend_s a).
int RuleCompiler::conversionExpr(const ExprCall& call) {
  call.arity(1);
  W out = call.name == "wrap" ? W::i32 : W::i64;
  call.mismatch(out);
  Expr e;
  e.kind = Expr::WasmOp;
  e.w = out;
  e.op = call.name == "wrap" ? Op::I32WrapI64 : call.name == "extend_u" ? Op::I64ExtendI32U : Op::I64ExtendI32S;
  e.kids = {expr(call.arg(0), out == W::i32 ? W::i64 : W::i32, call.context)};
  return newExpr(e);
}

// (width ?x): the bit width of a variable of the lhs, as a number of that width.
int RuleCompiler::widthExpr(const ExprCall& call) {
  call.arity(1);
  const SExp& variable = call.arg(0);
  if (!isVariable(variable))
    throw PosError{variable.pos, "the argument of `width` must be a variable of the lhs"};
  int var = lhsVar(variable);
  W w = *varWidth(var, variable.pos, variable.atom);
  call.mismatch(w);
  Expr e;
  e.kind = Expr::Lit;
  e.w = w;
  e.value = wBits(w);
  return newExpr(e);
}

// (pow2 n) = 1 << n.
int RuleCompiler::pow2Expr(const ExprCall& call) {
  call.arity(1);
  W w = call.intWidth();
  Expr e;
  e.kind = Expr::Pow2;
  e.w = w;
  e.kids = {expr(call.arg(0), w, call.context)};
  return newExpr(e);
}

// (is_pow2 a): a condition on a number of known width.
int RuleCompiler::isPow2Expr(const ExprCall& call) {
  call.arity(1);
  call.mismatch(W::boolean);
  std::optional<W> w = peek(call.arg(0));
  if (!w || *w == W::boolean) throw PosError{call.arg(0).pos, "`is_pow2` needs a number of known width"};
  Expr e;
  e.kind = Expr::IsPow2;
  e.w = W::boolean;
  e.kids = {expr(call.arg(0), *w, call.context)};
  return newExpr(e);
}

// (known_zero ?x MASK), (known_one ?x MASK), (fits_u ?x BITS), (fits_s ?x BITS):
// what the e-graph's analysis knows of a variable of the lhs; conditions only.
int RuleCompiler::analysisQueryExpr(const ExprCall& call) {
  call.arity(2);
  call.mismatch(W::boolean);
  const std::string& name = call.name;
  if (call.context != ExprContext::Condition)
    throw PosError{call.s.pos, "analysis query `" + name + "` is only allowed in conditions (\"if\")"};
  const SExp& variable = call.arg(0);
  if (!isVariable(variable))
    throw PosError{variable.pos, "the first argument of `" + name + "` must be a variable of the lhs"};
  int var = lhsVar(variable);
  W w = *varWidth(var, variable.pos, variable.atom);
  Expr e;
  e.var = var;
  e.w = W::boolean;
  if (name == "known_zero" || name == "known_one") {
    e.kind = name == "known_zero" ? Expr::KnownZero : Expr::KnownOne;
    e.kids = {expr(call.arg(1), w, call.context)};
    return newExpr(e);
  }
  const SExp& bitCount = call.arg(1);
  bool negative;
  uint64_t magnitude = 0;
  bool ok = !bitCount.list;
  try {
    ok = ok && parseNumber(bitCount.atom, negative, magnitude) && !negative && magnitude >= 1 && magnitude <= 64;
  } catch (const std::overflow_error&) {
    ok = false;
  }
  if (!ok) throw PosError{bitCount.pos, "the bit count of `" + name + "` must be a number from 1 to 64"};
  e.kind = name == "fits_u" ? Expr::FitsU : Expr::FitsS;
  e.value = magnitude;
  return newExpr(e);
}

} // namespace eqsat::rules::detail
