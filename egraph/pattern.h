// Patterns: terms with variables, used as the left and right sides of rewrites.
// A pattern is a flat vector of PNodes in post-order; the last one is the root.
#pragma once

#include "egraph/egraph.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace eqsat {

using VarId = uint16_t;

struct PNode {
  enum Kind : uint8_t {
    Var,        // ?a: binds/matches any class (of type `ty` unless ty == none)
    Node,       // an operator with child patterns; for memory ops the immediate is a wildcard
    Literal,    // a constant node with fixed bits: (i32.const 5)
    ConstVar,   // (i64.const ?m): matches a constant node, binds var to its class and value
    Computed,   // rhs only: a constant computed from the substitution: computed[index]
  };
  Kind kind = Node;
  Op op = Op::I32Const;      // Node/Literal/ConstVar/Computed: the operator (const op for the last three)
  Ty ty = Ty::none;          // Var: required type (none = any); others: result type
  VarId var = 0;             // Var/ConstVar
  uint64_t value = 0;        // Literal: bits; Computed: index into Rewrite::computed
  std::vector<uint32_t> children;  // indices of earlier PNodes
};

struct Pattern {
  std::vector<PNode> nodes;  // post-order; root = nodes.back()
  uint16_t numVars = 0;
  std::vector<std::string> varNames;  // for diagnostics, indexed by VarId
  const PNode& root() const { return nodes.back(); }
  std::string toString() const;
};

// A substitution: one class per variable; for ConstVar bindings also the constant bits.
struct Subst {
  std::vector<ClassId> classes;
  std::vector<uint64_t> consts;
  std::vector<uint8_t> isConst;
  uint64_t rootImm = 0;  // immediate of the matched root node (memory ops carry it to the rhs root)
};

// Parse an s-expression pattern such as "(i64.and (i64.extend_i32_u ?a) (i64.const 255))".
// Variables `?a` or `?a:i32`; bare symbols are free leaves (Symbol); bare numbers are
// untyped constants only when `bareNumbersAsSymbols` (benchmark workloads) — then they are Symbol leaves.
// Throws std::runtime_error with a position on syntax errors.
// (The rules loader in rules/ has its own richer front end with typing and diagnostics.)
Pattern parsePatternSimple(const std::string& text, bool bareNumbersAsSymbols = false);

// The type operand `i` of `op` must have, given the node's own type `selfTy`
// (for operators typed per node); Ty::none when the operator does not fix it.
Ty expectedChildType(Op op, Ty selfTy, size_t i);

// Add a ground term (no variables) given as s-expression to the e-graph.
ClassId addTerm(EGraph& g, const std::string& text, bool bareNumbersAsSymbols = false);

} // namespace eqsat
