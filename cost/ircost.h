// Cost of Binaryen IR under a cost model: used to compare a function before
// and after optimisation (a function is only replaced when it gets cheaper).
#pragma once

#include "cost/cost.h"

#include <binaryen-c.h>

namespace eqsat {

double estimateCost(BinaryenExpressionRef e, const CostModel& cm);
// Number of wasm instructions (expressions, excluding blocks without labels).
size_t countInstructions(BinaryenExpressionRef e);

} // namespace eqsat
