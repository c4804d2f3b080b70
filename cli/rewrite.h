// eqsat-wasm rewrite 'EXPR' [--rules F]... [--cost M] [--why-not RULE]:
// one expression in the rules' own s-expression syntax (docs/rules.md), its
// ?variables opaque inputs, saturated with the rules and extracted under the
// cost model. Prints the best form with its cost, the chain of rule steps
// proving it equal to the input (egraph/explain.h), and with --why-not why a
// rule did not give the result: its lhs is absent, a condition rejected the
// match (which one, with which values), or its result is not cheaper.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace eqsat::cli {

// args: everything after `rewrite`. Returns the exit code (usage errors 1,
// a malformed expression or rules file 2).
int runRewrite(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string rewriteHelpText();

} // namespace eqsat::cli
