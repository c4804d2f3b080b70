// extract/i64_averse.h: one more selection, narrowed wherever the e-graph allows.
//
// The seam leaves a u64 whose every use has an i32 form (each word of a
// table entry read by an i64.load, a pack compared whole with a constant),
// but the i32 forms may price a little above the one shared i64 value under
// the cost model, node by node. The emitted function then keeps an i64
// local, which the candidate ranking counts 3 more (module/optimize.cpp,
// candidateRank) and synth pays as a register pair. This selection is made
// with every i64-typed node priced higher, so it narrows what can be
// narrowed; the driver emits it beside the others and keeps the emitted
// function that ranks cheapest under the real model, as it does for dag's
// and tree's alternatives. Only when the selection uses an i64 value, and on
// functions of at most kI64AverseMaxClasses classes (the seam's size).
#pragma once

#include "extract/extract.h"

namespace eqsat {

constexpr size_t kI64AverseMaxClasses = 600;

// Appends the i64-averse selection to ext.alternatives when ext's choice uses
// an i64 value, the e-graph is small enough, and the selection differs.
void addI64AverseAlternative(const EGraph& g, const CostModel& cm, const std::string& extractor,
                             const ExtractOptions& opts, Extraction& ext);

} // namespace eqsat
