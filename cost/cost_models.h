// The built-in cost models (one file each: cost_thumb2.cpp, cost_rv32.cpp,
// cost_wasm_bytes.cpp, cost_ast.cpp). Use makeCostModel() from cost.h.
#pragma once

#include "cost/cost.h"

namespace eqsat::costmodels {

std::unique_ptr<CostModel> makeThumb2(bool regalloc);
std::unique_ptr<CostModel> makeRv32();
std::unique_ptr<CostModel> makeWasmBytes();
std::unique_ptr<CostModel> makeAst();

} // namespace eqsat::costmodels
