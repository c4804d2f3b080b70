// Cost models: what a node costs on the target, in context.
//
// Cost is context-dependent in two ways, both expressed by this interface
// rather than special-cased in the extractor:
//  * a constant operand may be free (an immediate of its consumer) or cost a
//    materialisation (MOVW, MOVW+MOVT): operandCost(user, index, constant);
//  * a value is read from a local (stack slot) or written to one:
//    localGetCost / localSetCost.
#pragma once

#include "egraph/egraph.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace eqsat {

class CostModel {
public:
  virtual ~CostModel() = default;
  virtual std::string name() const = 0;
  // The cost of the operation itself (children excluded). For constants this is
  // the cost of materialising the constant on its own (used when no consumer takes it as an immediate).
  virtual double opCost(const NodeView& n) const = 0;
  // The cost of operand `index` of `user` when that operand is the constant `bits` of type `ty`.
  virtual double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const = 0;
  virtual double localGetCost(Ty ty) const = 0;
  virtual double localSetCost(Ty ty) const = 0;
};

// Built-in models by name: "thumb2" (default), "thumb2-regalloc", "ast".
// Returns nullptr for an unknown name.
std::unique_ptr<CostModel> makeCostModel(const std::string& name);
std::vector<std::string> costModelNames();

// Thumb-2 immediate encodability.
bool thumb2ModifiedImmediate(uint32_t v);   // ARM "modified immediate" (and/or/xor/cmp/mov)
unsigned thumb2MaterializeCost(uint32_t v);  // 1 (MOV/MVN/MOVW) or 2 (MOVW+MOVT)

} // namespace eqsat
