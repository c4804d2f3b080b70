// A function's candidate bodies: emitted from its e-graph, put through the
// post-emission pipeline (passes/pipeline.h) and the cheapest chosen.
#pragma once

#include "cost/cost.h"
#include "cost/fncost.h"
#include "emit/emit.h"
#include "extract/extract.h"

#include <binaryen-c.h>

#include <optional>
#include <string>
#include <vector>

namespace eqsat {

// A new body for `func`: the extraction's selection and the selections it was
// guarded against (Extraction::alternatives), each emitted with and without
// skeleton-level jump threading, put through the post-emission pipeline
// (passes/pipeline.h) and priced with `cm` (estimateCost); the cheapest (the
// first of equals). nullopt, and `whyNot`, when nothing could be emitted.
// Under a model of synth, candidates with a shape synth may decline
// (cost/synth_limits.h) rank after the others; where one ranks cheapest, it
// is repaired (passes/pipeline.h, runSynthRepair) and returned when every
// candidate has such a shape, else put in `*repairedFallback` (when given)
// for the caller to try when the body returned is not kept.
struct EmittedBody {
  BinaryenExpressionRef body = nullptr;
  std::vector<BinaryenType> vars;
  double cost = 0;
  std::string selection;  // the extractor whose selection it is ("tree", "tree-ls", "dag", "exact")
  bool threaded = false;  // emitted with EmitOptions::threadJumps
  bool forwarded = false; // phi reads were forwarded to their inputs (EmitOptions::forwardPhis)
};
std::optional<EmittedBody> emitBestBody(BinaryenModuleRef module, BinaryenFunctionRef func, const FunctionGraph& fg,
                                        const Extraction& ext, const CostModel& cm, bool trapsNeverHappen,
                                        std::string& whyNot,
                                        std::optional<EmittedBody>* repairedFallback = nullptr);

// emitBestBody in its two halves. emitCandidates is all that reads the
// e-graph: the candidates as the emitter wrote them, into `module`'s arena,
// not yet priced (cost 0). chooseBestBody puts them through the pipeline
// and picks. The e-graph can be freed between the two, before the passes
// whose memory grows with a candidate's locals run (docs/performance.md,
// Memory).
std::vector<EmittedBody> emitCandidates(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                                        const CostModel& cm, bool trapsNeverHappen, std::string& whyNot);
std::optional<EmittedBody> chooseBestBody(BinaryenModuleRef module, BinaryenFunctionRef func,
                                          std::vector<EmittedBody> candidates, const CostModel& cm,
                                          std::string& whyNot,
                                          std::optional<EmittedBody>* repairedFallback = nullptr);

// The keep decision, which optimize and compare make alike: which body, if
// any, replaces `original` (the function as it is). `best` (chooseBestBody's)
// is kept if cheaper as a whole function on the target (cost/fncost.h,
// cheaperOnTarget); otherwise `repaired` (its repairedFallback, may be null)
// on the same terms. Where synth declines the input (an i64 carried over a
// branch) and compiles the body, the body is kept at the input's price too,
// if no dearer once refined. `originalEstimate` is functionCost(original).
// nullptr when the original stays; else the body, and `costAfter` its estimate.
const EmittedBody* bodyToKeep(const FunctionShape& original, double originalEstimate, const EmittedBody& best,
                              const EmittedBody* repaired, const CostModel& cm, double& costAfter);

} // namespace eqsat
