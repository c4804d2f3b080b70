// One expression through the rules: saturate, extract, explain (the core of
// `eqsat-wasm rewrite`, cli/rewrite.h, and of the examples check-rules runs,
// rules/check.h).
#pragma once

#include "egraph/explain.h"
#include "egraph/rewrite.h"
#include "egraph/runner.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace eqsat {

class CostModel;

struct TermRewriteOptions {
  unsigned iterations = 12;  // OptimizeOptions' default
  std::string whyNot;        // a rule name (egraph/explain.h ruleNameMatches): explain why it did not give the result
};

struct TermRewrite {
  TermPtr input, best;       // variables are symbols named ?x
  double inputCost = 0, bestCost = 0;
  Proof proof;               // input = best, one rule step at a time
  RunReport report;
  size_t classes = 0, nodes = 0;
  std::vector<std::string> whyNot;  // one line each (continuation lines start with two spaces)
};

// `expr`: the rules' s-expression syntax (egraph/pattern.h parsePatternSimple);
// `?x` / `?x:i64` are opaque inputs whose type comes from the operator they
// are an operand of or from the annotation. Pure integer operators, loads
// (each reads its own memory state 0, offset 0) and, as the whole input only,
// a store (`(i64.store8 ?p ?x)`: the rules that rewrite stores). The rules
// run with the select distribution of a function's saturation
// (bridge/phi_rewrite.h), so that a term rewrites as it would in a function.
// Throws std::invalid_argument with a one-line message on a malformed expression.
TermRewrite rewriteTerm(const std::string& expr, const std::vector<Rewrite>& rules, const CostModel& cm,
                        const TermRewriteOptions& o = {});

// The term `expr` denotes, printed as printTerm prints TermRewrite::best (so
// that an expected form can be compared with the result); its variables need no type.
std::string canonicalTermText(const std::string& expr);

// The tree cost of a term under `cm`: each node's own cost (constant operands
// priced by their consumer, as extraction prices them) plus that of its
// operands that are not constants.
double termCost(const TermPtr& t, const CostModel& cm);

} // namespace eqsat
