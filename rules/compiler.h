// The rule compiler (private to rules/): one direction of a rule, its lhs, rhs
// and condition texts, compiled to a typed RuleAst (rules/ast.h). Patterns are
// compiled in rules/compiler.cpp, the expression language of conditions and
// computed constants in rules/expressions.cpp.
#pragma once

#include "rules/ast.h"
#include "rules/json_positions.h"
#include "rules/sexpr_reader.h"
#include "rules/types.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

// Where an expression is compiled: analysis queries are allowed in conditions only.
enum class ExprContext { Condition, Computed };

struct ExprCall;
struct ExprFn;

struct RuleCompiler {
  RuleAst& r;
  TypeUnifier types;
  std::map<std::string, int> varIndex;
  bool lhsSide = true;
  bool reverse = false;

  explicit RuleCompiler(RuleAst& rule) : r(rule) {}

  // --- patterns (rules/compiler.cpp) ---
  // Compiles a pattern into `side` (post-order); returns the index of its root term.
  int pattern(const SExp& s, std::vector<Term>& side);

  // --- expression language (rules/expressions.cpp) ---
  // Compiles an expression of the width `expected` (nullopt: its natural width); returns its index in r.exprs.
  int expr(const SExp& s, std::optional<W> expected, ExprContext context);
  // Every variable of an expression is bound by the lhs (checked before any
  // width inference, which would otherwise report the unknown width first).
  void requireBound(const SExp& s);

private:
  std::string describe(const std::vector<Term>& side, int term);
  int addTerm(std::vector<Term>& side, Term term);
  int varFor(const SExp& s, bool wantConst);
  int atomPattern(const SExp& s, std::vector<Term>& side);
  int constPattern(const SExp& s, Op op, std::vector<Term>& side);
  int operatorPattern(const SExp& s, Op op, std::vector<Term>& side);

  int newExpr(Expr e);
  std::optional<W> varWidth(int var, unsigned pos, const std::string& atom);
  int lhsVar(const SExp& s);
  std::optional<W> peek(const SExp& s);
  int atomExpr(const ExprCall& call);
  int binaryExpr(const ExprCall& call, const ExprFn& fn);
  int compareExpr(const ExprCall& call, const ExprFn& fn);
  int unaryExpr(const ExprCall& call, const ExprFn& fn);
  int notExpr(const ExprCall& call);
  int negExpr(const ExprCall& call);
  int conversionExpr(const ExprCall& call);
  int widthExpr(const ExprCall& call);
  int pow2Expr(const ExprCall& call);
  int isPow2Expr(const ExprCall& call);
  int analysisQueryExpr(const ExprCall& call);
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

// True when the text uses the width variable `iN`.
bool hasWidthVar(const std::string& text);
// Replaces the word `iN` by `type`; records the replacement positions in the new text.
std::string expandWidthVar(const std::string& text, const char* type, std::vector<unsigned>& replacements);

// "rule 'NAME' (#INDEX)"
std::string ruleTag(const RuleAst& r);

// Which direction of a rule to compile.
enum class Direction { Forward, Reverse };
// Compiles one direction of a rule; throws RuleError.
RuleAst compileDirection(RuleAst base, const RuleSource& src, Direction direction, const std::string& fileText,
                         const JsonScan& scan);

} // namespace eqsat::rules::detail
