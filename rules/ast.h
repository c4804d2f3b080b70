// Internal representation of a loaded rule, shared by the rule compiler
// (rules/compiler.h), the soundness checker (rules/check.cpp, rules/check_rules.cpp)
// and the runtime conditions (rules/conditions.cpp).
// Not part of the public API: use rules/loader.h and rules/check.h.
#pragma once

#include "egraph/pattern.h"
#include "egraph/rewrite.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eqsat::rules::detail {

// Widths of the expression language (conditions and computed constants).
enum class W : uint8_t { i32, i64, boolean };
inline const char* wName(W w) { return w == W::i32 ? "i32" : w == W::i64 ? "i64" : "bool"; }
inline unsigned wBits(W w) { return w == W::i64 ? 64 : w == W::i32 ? 32 : 1; }
inline uint64_t wMask(W w) { return w == W::i64 ? ~uint64_t(0) : w == W::i32 ? 0xffffffffu : 1; }

struct Expr {
  enum Kind : uint8_t {
    Lit,        // value
    Const,      // a captured constant: var
    WasmOp,     // a pure integer wasm operator applied to kids (compares give bool 0/1)
    IsPow2,     // kids[0] is a nonzero power of two
    Pow2,       // 1 << kids[0]; undefined when kids[0] >= width
    LAnd, LOr, LNot,
    KnownZero,  // analysis: the bits of kids[0] (mask) are known zero in var
    KnownOne,   // analysis: the bits of kids[0] are known one in var
    FitsU,      // analysis: var < 2^value (unsigned)
    FitsS,      // analysis: var is the sign extension of its low `value` bits
  };
  Kind kind = Lit;
  W w = W::i64;        // result width
  Op op = Op::I32Const;
  uint64_t value = 0;
  int var = -1;
  std::vector<int> kids;
};

struct Term {
  PNode::Kind kind = PNode::Node;
  Op op = Op::I32Const;
  int tv = -1;           // type variable of the term's value
  int var = -1;          // Var / ConstVar
  uint64_t value = 0;    // Literal bits; Computed: index into RuleAst::computed
  std::vector<int> kids; // indices of earlier terms (post-order)
  unsigned pos = 0;      // offset in the pattern text (diagnostics)
};

struct VarInfo {
  std::string name;      // without '?'
  bool isConst = false;  // captured by (iNN.const ?v)
  int tv = -1;
};

struct RuleAst {
  std::string name, comment, file;
  unsigned index = 0, line = 0, col = 0;
  std::string lhsText, rhsText;
  std::vector<std::string> condTexts;
  std::vector<VarInfo> vars;
  std::vector<Term> lhs, rhs;          // post-order; root = back()
  std::vector<Expr> exprs;
  std::vector<int> conds;              // roots of conditions (bool), conjunction
  std::vector<int> computed;           // roots of computed constants
  std::vector<std::optional<Ty>> tvs;  // resolved type of each type variable; nullopt = polymorphic
};

// A full typing: one concrete type per type variable.
using Typing = std::vector<Ty>;
// All typings of a rule: polymorphic type variables range over i32 and i64.
std::vector<Typing> typingsOf(const RuleAst& r);
// "?a:i32 ?b:i64" for the variables of a rule under a typing.
std::string typingLabel(const RuleAst& r, const Typing& t);

// Facts for evaluating the expression language concretely.
struct Facts {
  virtual ~Facts() = default;
  virtual uint64_t constant(int var) const = 0;                 // captured constant bits
  virtual bool knownZero(int var, uint64_t mask) const = 0;     // mask already cut to the var's width
  virtual bool knownOne(int var, uint64_t mask) const = 0;
  virtual bool fitsU(int var, unsigned n) const = 0;
  virtual bool fitsS(int var, unsigned n) const = 0;
};
// Evaluates expression `e`; nullopt when undefined (division by zero, pow2 overflow, ...).
std::optional<uint64_t> evalExpr(const RuleAst& r, int e, const Facts& f);

// The exact meaning of analysis facts on a concrete value of `bits` width (random checker).
bool factKnownZero(uint64_t v, uint64_t mask);
bool factFitsU(uint64_t v, unsigned bits, unsigned n);
bool factFitsS(uint64_t v, unsigned bits, unsigned n);

// An example of a ruleset (docs/rules.md): the start term `in` must reach the
// form `out` under the default cost model; an example of one rule (`rule`
// not empty) must also have that rule on the proof.
struct Example {
  std::string in, out;
  std::string rule;   // "" for an example of the whole file
  std::string where;  // FILE:LINE:COL of the example
  std::string file;   // the file it is written in: it runs with that file's rules (and its includes')
};

// Parsed ruleset with both directions of bidirectional rules expanded.
struct ParsedRuleset {
  std::string name, description;
  std::vector<RuleAst> rules;
  std::vector<Example> examples;  // of every file loaded, includes first
  std::vector<std::string> files; // the files read: the top file, then each include as it is loaded
};
ParsedRuleset parseRulesetFile(const std::string& path);
ParsedRuleset parseRulesetText(const std::string& text, const std::string& file);

// Builds the Rewrite executed by the e-graph.
Rewrite compileRewrite(const RuleAst& r);
// The same, taking the rule over instead of copying it.
Rewrite compileRewrite(RuleAst&& r);

// "FILE:LINE:COL: rule 'NAME' (#INDEX)"
std::string ruleWhere(const RuleAst& r);

// Randomized check with eqsat::evalOp (rules/check.cpp). Returns a one-line description of a
// counterexample ("?a = 0x1: lhs = 0x2, rhs = 0x3"), or nullopt when none was found.
// `tried` (optional) gets the number of inputs the rule was tested on (those its lhs is defined for).
// The seed of the randomized check of a rule: a hash of its name, so that a run is reproducible.
uint64_t seedOf(const RuleAst& r);
std::optional<std::string> randomCounterexample(const RuleAst& r, const Typing& t, unsigned samples,
                                                unsigned maxAttempts, uint64_t seed, unsigned* tried = nullptr);
// The Z3 proof of one rule direction under one typing.
struct CheckOutcome {
  enum Status { Proved, Unsound, Unknown } status;
  std::string detail;  // counterexample or reason
  uint64_t work = 0;   // Z3's resource count ("rlimit count") over the queries of the proof
};
// Proved in the prover plugin (rules/z3/z3_query.h), loaded on the first call; Unknown with the
// reason when it cannot be loaded.
CheckOutcome z3Check(const RuleAst& r, const Typing& t, unsigned timeoutMs);
// Why the prover plugin cannot be loaded, or nullopt when it can (loads it).
std::optional<std::string> z3Unavailable();
// Memory "state" and offset slot of a memory term, the same for both checkers:
// the root terms of both sides share slot 0, every other lhs term has its own.
inline unsigned memSlot(const RuleAst& r, bool lhs, size_t i) {
  if (!lhs) return 0;
  return i + 1 == r.lhs.size() ? 0 : unsigned(i + 1);
}
// The load-time check: all typings, a few thousand samples each; an error message or nullopt.
// `tried` (optional) is increased by the number of inputs tested.
std::optional<std::string> fastCheckRule(const RuleAst& r, size_t* tried = nullptr);

} // namespace eqsat::rules::detail
