// Cost models: what a node costs on the target, in context.
//
// Cost is context-dependent, and the interface says so rather than leaving it
// to the extractor to special-case:
//  * a constant operand may be free (an immediate of its consumer) or cost a
//    materialisation (MOVW, MOVW+MOVT): constOperandCost(user, index, ty, bits);
//  * an operation may be cheaper when an operand is a constant (a shift by a
//    constant amount, a division by a power of two) or when its result only
//    feeds a branch or select condition (a compare then costs the compare, not
//    the 0/1 value): opCostIn(node, CostContext{use, constant operands});
//  * a value is read from a local (stack slot) or written to one:
//    localGetCost / localSetCost;
//  * control flow that is not an e-node (if, br, call arguments) is priced by
//    controlCost, so that whole function bodies can be costed (extract/ircost).
// opCost(n) is opCostIn(n, {}) : a value use with no constant operand.
//
// Built-in models: thumb2 (default), thumb2-regalloc, rv32, wasm-bytes, ast,
// one file each (extract/cost_*.cpp); user tables (JSON) in cost_table.cpp.
// Every number is explained in docs/cost-models.md.
#pragma once

#include "egraph/egraph.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace eqsat {

// How a node's result is consumed.
enum class Use : uint8_t {
  Value,      // as a value (register, local, operand)
  Condition,  // only as a branch (if, br_if) or select condition
};

// The context of one node: its use and which operands are constants.
struct CostContext {
  Use use = Use::Value;
  uint64_t constMask = 0;    // bit i: operand i is a constant (operands 0..63)
  uint64_t constVal[3] = {}; // the constant bits of operands 0..2 (when their bit is set)
  bool isConst(unsigned i) const { return i < 64 && ((constMask >> i) & 1); }
  std::optional<uint64_t> constant(unsigned i) const {
    if (i < 3 && isConst(i)) return constVal[i];
    return std::nullopt;
  }
  void setConst(unsigned i, uint64_t v) {
    if (i >= 64) return;
    constMask |= uint64_t(1) << i;
    if (i < 3) constVal[i] = v;
  }
};

// Control-flow and statement costs (things that are not pure e-nodes).
enum class Ctl : uint8_t {
  If,            // the branch of an if (the condition is costed separately)
  Else,          // the jump over the else arm
  Br,            // unconditional branch
  BrIf,          // the branch of a br_if (the condition is costed separately)
  BrTable,       // a br_table's dispatch (per table, plus BrTableTarget per target)
  BrTableTarget,
  Return,
  Unreachable,
  CondTest,      // testing a non-compare value as a condition (cmp #0)
  CallArg,       // moving one call argument into place (wasm: 0, the operand is the argument)
  CallIndirect,  // the table lookup and indirect branch
  Drop,
  Block,
  Loop,
};

// How a whole function is priced (cost/fncost.h): as the sum of its nodes,
// or as the target backend emits it (synth, with its register and frame rules).
enum class WholeFunction : uint8_t { Sum, Synth, SynthRegalloc };

class CostModel {
public:
  virtual ~CostModel() = default;
  virtual std::string name() const = 0;
  // The cost of the operation itself (children excluded), in context.
  // Constants: the cost of materialising the constant on its own (no consumer takes it as an immediate).
  virtual double opCostIn(const NodeView& n, const CostContext& cx) const = 0;
  // opCostIn with a value use and no constant operand (what the emitter asks for).
  double opCost(const NodeView& n) const { return opCostIn(n, CostContext{}); }
  // The cost of operand `index` of `user` when that operand is the constant `bits` of type `ty`
  // (0 = an immediate of its consumer).
  virtual double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const = 0;
  virtual double localGetCost(Ty ty) const = 0;
  virtual double localSetCost(Ty ty) const = 0;
  virtual double controlCost(Ctl k) const = 0;
  virtual WholeFunction wholeFunction() const { return WholeFunction::Sum; }

  // How operand `index` of `user` is consumed (the condition of a select is a Condition use).
  static Use operandUse(const NodeView& user, unsigned index) {
    return user.op == Op::Select && index == 2 ? Use::Condition : Use::Value;
  }
};

// A user cost table that does not validate; what() is one line: "FILE:LINE:COL: what is wrong".
struct CostTableError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Built-in models by name (costModelNames()). Returns nullptr for an unknown name.
// makeCostModel also accepts the path of a JSON cost table (a name that is not
// built in and names an existing file); it throws CostTableError if the table is invalid.
std::unique_ptr<CostModel> makeCostModel(const std::string& nameOrFile);

// A cost as the command prints it: "12" for a whole number, "12.50" otherwise,
// "inf" for an infinite one.
std::string formatCost(double cost);
std::vector<std::string> costModelNames();
bool isBuiltinCostModel(const std::string& name);
// Loads a JSON cost table (docs/cost-models.md, "User tables"). Throws CostTableError.
std::unique_ptr<CostModel> loadCostTable(const std::string& path);
std::unique_ptr<CostModel> loadCostTableText(const std::string& text, const std::string& fileNameForErrors);

// Thumb-2 immediate encodability.
bool thumb2ModifiedImmediate(uint32_t v);   // ARM "modified immediate" (and/or/xor/cmp/mov)
unsigned thumb2MaterializeCost(uint32_t v);  // 1 (MOV/MVN/MOVW) or 2 (MOVW+MOVT)
// Bytes of a LEB128 encoding.
unsigned ulebBytes(uint64_t v);
unsigned slebBytes(int64_t v);

// Operator classification shared by the models.
bool isShiftOp(Op op);   // shl/shr_s/shr_u/rotl/rotr of either width
bool isWideOp(const NodeView& n);  // works on i64 (result or first operand)

} // namespace eqsat
