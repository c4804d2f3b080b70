// eqsat-wasm rewrite: one expression through the rules (cli/rewrite.h).
#include "cli/rewrite.h"

#include "module/errors.h"
#include "cli/explain_command.h"
#include "cli/options.h"
#include "cli/rules_glue.h"
#include "egraph/explain.h"
#include "egraph/pattern.h"
#include "egraph/runner.h"
#include "cost/cost.h"
#include "extract/extract.h"
#include "module/optimize.h"
#include "extract/rewrite_term.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <sstream>
#include <tuple>

namespace eqsat::cli {
namespace {


struct RewriteOptions {
  std::string expr;
  std::vector<std::string> rulesFiles;
  std::string costModel = "thumb2";
  std::string whyNot;
  unsigned iterations = OptimizeOptions{}.limits.iterations;
  bool checkRules = true;  // --no-check-rules clears it
};

RewriteOptions parseRewriteArgs(const std::vector<std::string>& args, bool& help) {
  RewriteOptions o;
  bool haveExpr = false, optionsDone = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!optionsDone && a == "--") {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && a.size() > 1 && a[0] == '-') {
      const OptionWord word = splitOptionWord(a);
      std::string name = word.name, value = word.value;
      bool hasValue = word.hasValue;
      if (name == "-h" || name == "--help") {
        help = true;
        return o;
      }
      auto arg = [&](const char* what) {
        if (hasValue) return value;
        if (i + 1 >= args.size()) throw CliError(kExitUsage, name, std::string("missing argument ") + what);
        return args[++i];
      };
      if (name == "--no-check-rules") {
        if (hasValue) throw CliError(kExitUsage, name, "takes no argument");
        o.checkRules = false;
        continue;
      }
      if (name == "--rules") o.rulesFiles.push_back(arg("FILE"));
      else if (name == "--cost") o.costModel = arg("MODEL");
      else if (name == "--why-not") o.whyNot = arg("RULE");
      else if (name == "--iter-limit") {
        std::string v = arg("N");
        char* end = nullptr;
        unsigned long n = std::strtoul(v.c_str(), &end, 10);
        if (v.empty() || *end || n == 0 || n > 1000000)
          throw CliError(kExitUsage, name, "expected a count from 1 to 1000000, got '" + v + "'");
        o.iterations = unsigned(n);
      } else throw CliError(kExitUsage, name, "unknown option for rewrite (see rewrite --help)");
      continue;
    }
    if (haveExpr) throw CliError(kExitUsage, a, "unexpected argument: rewrite takes one expression");
    o.expr = a;
    haveExpr = true;
  }
  if (!haveExpr)
    throw CliError(kExitUsage, "rewrite", "no expression given (usage: eqsat-wasm rewrite 'EXPR' [options])");
  return o;
}

void printProof(std::ostream& out, const Proof& p) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (i == 0) {
      out << "    " << printTerm(p[i].term) << "\n";
      continue;
    }
    out << "  = " << printTerm(p[i].term) << "\n";
    out << "      by " << p[i].rule << (p[i].backward ? " (right to left)" : "") << "\n";
  }
}

} // namespace

std::string rewriteHelpText() {
  return "usage: eqsat-wasm rewrite 'EXPR' [--rules FILE]... [--cost MODEL] [--why-not RULE] [--iter-limit N]\n\n"
         "One expression in the rules' s-expression syntax (docs/rules.md), e.g.\n"
         "  eqsat-wasm rewrite '(i32.add (i32.mul ?x (i32.const 8)) (i32.mul ?x (i32.const 2)))'\n"
         "?x, ?x:i64 are opaque inputs (a variable's type comes from its operator or its annotation).\n"
         "Prints the input's cost, the best form under the cost model with its cost, and the rule\n"
         "steps proving the two equal.\n\n"
         "  --rules FILE     rules to use (repeatable; default: the bundled rulesets/default.json)\n"
         "  --cost MODEL     cost model or JSON cost table (default thumb2)\n"
         "  --why-not RULE   why RULE did not give the result: its lhs is absent, a condition\n"
         "                   rejected the match (with the values), or its result is not cheaper\n"
         "  --iter-limit N   saturation iterations (default 12)\n"
         "  --no-check-rules skip the randomized check of --rules files at load time\n\n"
         "Exit status: 0 done, 1 usage error, 2 malformed expression or rules file.\n";
}

int runRewrite(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  (void)err;
  bool help = false;
  RewriteOptions o = parseRewriteArgs(args, help);
  if (help) {
    out << rewriteHelpText();
    return kExitOk;
  }
  std::unique_ptr<CostModel> cm;
  try {
    cm = makeCostModel(o.costModel);
  } catch (const CostTableError& e) {
    throw CliError(kExitBadInput, "", e.what());
  }
  if (!cm) {
    std::string names;
    for (const auto& n : costModelNames()) names += (names.empty() ? "" : ", ") + n;
    throw CliError(kExitUsage, "--cost", "unknown cost model '" + o.costModel + "' (built in: " + names + ")");
  }
  std::vector<std::string> files = o.rulesFiles;
  RuleCheck check = o.checkRules ? RuleCheck::RandomInputs : RuleCheck::None;
  if (files.empty()) {
    files.push_back(defaultRulesPath());
    check = RuleCheck::None;  // the bundled rules are proved by the test suite
  }
  LoadedRules rules = loadRules(files, check);
  if (!o.whyNot.empty()) requireRuleName("--why-not", o.whyNot, rules.rewrites());
  TermRewriteOptions to;
  to.iterations = o.iterations;
  to.whyNot = o.whyNot;
  TermRewrite r;
  try {
    r = rewriteTerm(o.expr, rules.rewrites(), *cm, to);
  } catch (const std::invalid_argument& e) {
    throw CliError(kExitBadInput, "rewrite", e.what());
  }
  out << "input: " << printTerm(r.input) << "\n";
  out << "  cost " << formatCost(r.inputCost) << " (" << cm->name() << ")\n";
  out << "best:  " << printTerm(r.best) << "\n";
  out << "  cost " << formatCost(r.bestCost) << " (" << cm->name() << ")\n";
  size_t steps = 0;
  for (const ProofStep& s : r.proof) steps += !s.rule.empty();
  if (steps == 0) {
    out << "proof: none (the input is the best form)\n";
  } else {
    out << "proof: " << steps << " step" << (steps == 1 ? "" : "s") << "\n";
    printProof(out, r.proof);
  }
  out << "saturation: " << r.report.iterations << " iteration" << (r.report.iterations == 1 ? "" : "s") << ", "
      << stopReasonName(r.report.stop) << ", " << r.classes << " e-classes, " << r.nodes << " e-nodes\n";
  if (!o.whyNot.empty()) {
    out << "why-not " << o.whyNot << ":\n";
    for (const std::string& l : r.whyNot) out << "  " << l << "\n";
  }
  return kExitOk;
}

} // namespace eqsat::cli
