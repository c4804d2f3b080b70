#include "module/candidates.h"

#include "cost/fncost.h"
#include "cost/ircost.h"
#include "cost/synth_limits.h"
#include "passes/pipeline.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eqsat {

namespace {

// How one candidate body is emitted.
enum class SkeletonJumps { Kept, Threaded };  // EmitOptions::threadJumps
enum class PhiReads { AsWritten, Forwarded }; // EmitOptions::forwardPhis

// Emits candidate bodies of one function from its e-graph, as the emitter
// writes them: into the module's arena, in no function yet, not priced.
class CandidateEmitter {
public:
  CandidateEmitter(BinaryenModuleRef module, const FunctionGraph& fg, const CostModel& cm, bool trapsNeverHappen,
                   std::string& whyNot)
      : module_(module), fg_(fg), cm_(cm), trapsNeverHappen_(trapsNeverHappen), whyNot_(whyNot) {}

  // nullopt when the emitter fails (whyNot says why) or when skeleton jump
  // threading was asked for and threaded nothing (the candidate would be
  // the one without it).
  std::optional<EmittedBody> emit(const Extraction& sel, SkeletonJumps jumps, PhiReads phis) {
    EmitOptions eo;
    eo.trapsNeverHappen = trapsNeverHappen_;
    eo.threadJumps = jumps == SkeletonJumps::Threaded;
    eo.forwardPhis = phis == PhiReads::Forwarded;
    EmittedFunction em = emitFunction(module_, fg_, sel, cm_, eo);
    if (!em.ok) {
      whyNot_ = em.whyNot;
      return std::nullopt;
    }
    if (eo.threadJumps && em.threadedBlocks == 0) return std::nullopt;
    return EmittedBody{em.body, std::move(em.varTypes), 0, sel.extractor, eo.threadJumps, em.forwardedPhis > 0};
  }

private:
  BinaryenModuleRef module_;
  const FunctionGraph& fg_;
  const CostModel& cm_;
  bool trapsNeverHappen_;
  std::string& whyNot_;
};

// Runs the post-emission pipeline on a function's emitted candidates, each
// in a temporary function, and prices them with the cost model. Needs
// nothing of the e-graph.
class CandidatePipeline {
public:
  CandidatePipeline(BinaryenModuleRef module, BinaryenFunctionRef func, const CostModel& cm)
      : module_(module), cm_(cm), tmpName_(std::string(BinaryenFunctionGetName(func)) + "$eqsat.candidate"),
        params_(BinaryenFunctionGetParams(func)), results_(BinaryenFunctionGetResults(func)) {}

  // The tidy stage, then the fold stage, which is kept only where it prices
  // no higher. The fold stage rewrites the body in place, so the tidied body
  // is copied first.
  EmittedBody tidyAndFold(const EmittedBody& emitted) {
    std::vector<BinaryenType> vars = emitted.vars;
    BinaryenFunctionRef cand = BinaryenAddFunction(module_, tmpName_.c_str(), params_, results_, vars.data(),
                                                   BinaryenIndex(vars.size()), emitted.body);
    cand = runTidyStage(module_, cand, cm_);
    EmittedBody b = emitted;
    b.body = BinaryenFunctionGetBody(cand);
    b.vars = functionVarTypes(cand);
    b.cost = estimateCost(b.body, cm_);
    BinaryenExpressionRef tidied = BinaryenExpressionCopy(b.body, module_);
    cand = runFoldStage(module_, cand, cm_);
    const double folded = estimateCost(BinaryenFunctionGetBody(cand), cm_);
    if (folded > b.cost + 1e-9) {
      b.body = tidied;
    } else {
      b.body = BinaryenFunctionGetBody(cand);
      b.vars = functionVarTypes(cand);
      b.cost = folded;
    }
    BinaryenRemoveFunction(module_, tmpName_.c_str());
    return b;
  }

  // The chosen candidate `b` after the finish stage; nullopt when the stage
  // has nothing to do.
  std::optional<EmittedBody> finished(const EmittedBody& b) {
    if (!finishStageApplies(b.body)) return std::nullopt;
    return onCopy(b, [&](BinaryenFunctionRef f) { return runFinishStage(module_, f, cm_); });
  }

  // `b` after the synth repair (runSynthRepair).
  EmittedBody repaired(const EmittedBody& b) {
    return onCopy(b, [&](BinaryenFunctionRef f) { return runSynthRepair(module_, f); });
  }

private:
  // `stage` run on a copy of `b` in a temporary function, and priced.
  template <class Stage>
  EmittedBody onCopy(const EmittedBody& b, Stage&& stage) {
    std::vector<BinaryenType> vars = b.vars;
    BinaryenFunctionRef cand = BinaryenAddFunction(module_, tmpName_.c_str(), params_, results_, vars.data(),
                                                   BinaryenIndex(vars.size()), BinaryenExpressionCopy(b.body, module_));
    cand = stage(cand);
    EmittedBody out = b;
    out.body = BinaryenFunctionGetBody(cand);
    out.vars = functionVarTypes(cand);
    out.cost = estimateCost(out.body, cm_);
    BinaryenRemoveFunction(module_, tmpName_.c_str());
    return out;
  }

  BinaryenModuleRef module_;
  const CostModel& cm_;
  std::string tmpName_;
  BinaryenType params_, results_;
};

// The rank of a candidate body. Under a model of synth, the whole-function
// estimate the keep decision judges by (cost/fncost.h; it prices an i64
// local's accesses itself, where the sum of nodes prices a shared value once
// and its narrowed forms per use); an i64 local only breaks ties. Otherwise
// the sum of nodes with each i64 local 3 more: the sum's estimate of control
// flow is too coarse to trust a small margin in favour of keeping a 64-bit
// value across statements (event_wait.inl-o3 in docs/seam.md).
double candidateRank(const EmittedBody& b, std::optional<double> wholeFunction) {
  const double perI64Local = wholeFunction ? 0.5 : 3;
  double r = wholeFunction ? *wholeFunction : b.cost;
  for (BinaryenType t : b.vars)
    if (t == BinaryenTypeInt64()) r += perI64Local;
  return r;
}

// A candidate and its rank.
struct RankedBody {
  EmittedBody body;
  double rank;
};

// The candidate without phi forwarding is tried on functions of at most this
// many classes only: on larger ones it costs another emission and did not
// win on the corpora (docs/performance.md).
constexpr size_t kUnforwardedMaxClasses = 400;

} // namespace

std::vector<EmittedBody> emitCandidates(BinaryenModuleRef module, const FunctionGraph& fg, const Extraction& ext,
                                        const CostModel& cm, bool trapsNeverHappen, std::string& whyNot) {
  CandidateEmitter emitter(module, fg, cm, trapsNeverHappen, whyNot);
  std::vector<EmittedBody> candidates;
  // Whether threading has any block to thread, asked once: the answer is the
  // same for every selection, and when it is no, a threaded emission would
  // thread nothing and be dropped.
  std::optional<bool> threadingApplies;
  for (size_t i = 0; i <= ext.alternatives.size(); ++i) {
    const Extraction& sel = i == 0 ? ext : ext.alternatives[i - 1];
    // Jump threading at the skeleton level pays on some functions and not on
    // others, and so does reading a phi's input where the path fixes it
    // (EmitOptions::forwardPhis; only tried both ways where it happened):
    // both are emitted, and the cheapest kept (chooseBestBody).
    for (SkeletonJumps jumps : {SkeletonJumps::Kept, SkeletonJumps::Threaded}) {
      if (jumps == SkeletonJumps::Threaded) {
        if (!threadingApplies) threadingApplies = jumpThreadingApplies(module, fg, sel, cm);
        if (!*threadingApplies) continue;
      }
      std::optional<EmittedBody> c = emitter.emit(sel, jumps, PhiReads::Forwarded);
      if (!c) {
        if (jumps == SkeletonJumps::Kept) break;
        continue;
      }
      const bool forwarded = c->forwarded;
      candidates.push_back(std::move(*c));
      if (forwarded && fg.egraph->numClasses() <= kUnforwardedMaxClasses) {
        if (std::optional<EmittedBody> d = emitter.emit(sel, jumps, PhiReads::AsWritten))
          candidates.push_back(std::move(*d));
      }
    }
  }
  return candidates;
}

std::optional<EmittedBody> chooseBestBody(BinaryenModuleRef module, BinaryenFunctionRef func,
                                          std::vector<EmittedBody> candidates, const CostModel& cm,
                                          std::string& whyNot, std::optional<EmittedBody>* repairedFallback) {
  CandidatePipeline pipeline(module, func, cm);
  // Under a model of synth, a candidate with a shape synth may decline
  // (cost/synth_limits.h) is never returned as it is: the cheapest such is
  // repaired (runSynthRepair) and ranked at its repaired price against the
  // best candidate without one; the one of the two not returned is the
  // fallback, for the caller to try when the one returned is not kept (the
  // keep rule: docs/cost-models.md, "What synth declines").
  const bool forSynth = cm.wholeFunction() != WholeFunction::Sum;
  const BinaryenType params = BinaryenFunctionGetParams(func), results = BinaryenFunctionGetResults(func);
  auto ranked = [&](EmittedBody b) {
    std::optional<double> wholeFunction;
    if (forSynth) wholeFunction = functionCost(FunctionShape{params, results, b.vars, b.body}, cm);
    const double rank = candidateRank(b, wholeFunction);
    return RankedBody{std::move(b), rank};
  };
  std::optional<RankedBody> best, bestFlagged;
  for (const EmittedBody& emitted : candidates) {
    RankedBody c = ranked(pipeline.tidyAndFold(emitted));
    // Ranked no better than the best without a shape, it is used neither way
    // (with one, it would not be repaired): not checked.
    if (best && c.rank >= best->rank) continue;
    std::optional<RankedBody>& slot = forSynth && synthShapes(c.body.body).any() ? bestFlagged : best;
    if (!slot || c.rank < slot->rank) slot = std::move(c);
  }
  if (best) {
    // The finish stage is kept unless it brings back a shape synth may decline.
    if (std::optional<EmittedBody> f = pipeline.finished(best->body); f && !(forSynth && synthShapes(f->body).any()))
      best = ranked(std::move(*f));
  }
  // The cheapest candidate with such a shape, repaired where it ranks before
  // every candidate without one (the repair makes it no cheaper).
  std::optional<RankedBody> repaired;
  if (bestFlagged && (!best || bestFlagged->rank < best->rank)) {
    EmittedBody flagged = bestFlagged->body;
    if (std::optional<EmittedBody> f = pipeline.finished(flagged)) flagged = std::move(*f);
    repaired = ranked(pipeline.repaired(flagged));
    // Still carrying an i64 over a branch (a br_table's value, which the
    // repair leaves), it is used only where the input carries one too.
    if (synthShapes(repaired->body.body).i64Carried && !carriesI64OverBranch(BinaryenFunctionGetBody(func))) {
      repaired.reset();
      if (!best) whyNot = "every candidate carries an i64 value over a branch, which synth declines";
    }
  }
  // The repaired candidate first where it still ranks before the best
  // candidate without a shape; the other is the fallback.
  if (repaired && (!best || repaired->rank < best->rank)) std::swap(best, repaired);
  if (repairedFallback && repaired) *repairedFallback = std::move(repaired->body);
  if (!best) return std::nullopt;
  return std::move(best->body);
}

std::optional<EmittedBody> emitBestBody(BinaryenModuleRef module, BinaryenFunctionRef func, const FunctionGraph& fg,
                                        const Extraction& ext, const CostModel& cm, bool trapsNeverHappen,
                                        std::string& whyNot, std::optional<EmittedBody>* repairedFallback) {
  return chooseBestBody(module, func, emitCandidates(module, fg, ext, cm, trapsNeverHappen, whyNot), cm, whyNot,
                        repairedFallback);
}

namespace {

// One body against the original; the original's target cost computed once,
// and only when a body's estimate reaches it.
class KeepDecision {
public:
  KeepDecision(const FunctionShape& original, double originalEstimate, const CostModel& cm)
      : original_(original), originalEstimate_(originalEstimate), cm_(cm) {}

  std::optional<double> keeps(const EmittedBody& body) {
    const TargetCost candidate =
        targetCost(FunctionShape{original_.params, original_.results, body.vars, body.body}, cm_);
    const double after = candidate.estimate;
    const bool compilesWhereInputDoesNot = after <= originalEstimate_ && cm_.wholeFunction() != WholeFunction::Sum &&
                                           inputCarriesI64OverBranch() && !synthShapes(body.body).any();
    if (!(after < originalEstimate_) && !compilesWhereInputDoesNot) return std::nullopt;
    const TargetCost& original = originalCost();
    const bool keep = compilesWhereInputDoesNot ? candidate.vetoCost() <= original.vetoCost()
                                                : cheaperOnTarget(candidate, original);
    if (!keep) return std::nullopt;  // worse on what synth adds
    return after;
  }

private:
  const TargetCost& originalCost() {
    if (!originalCost_) originalCost_ = targetCost(original_, cm_);
    return *originalCost_;
  }
  bool inputCarriesI64OverBranch() {
    if (!inputCarriesI64_) inputCarriesI64_ = carriesI64OverBranch(original_.body);
    return *inputCarriesI64_;
  }

  const FunctionShape& original_;
  double originalEstimate_;
  const CostModel& cm_;
  std::optional<TargetCost> originalCost_;
  std::optional<bool> inputCarriesI64_;
};

} // namespace

const EmittedBody* bodyToKeep(const FunctionShape& original, double originalEstimate, const EmittedBody& best,
                              const EmittedBody* repaired, const CostModel& cm, double& costAfter) {
  KeepDecision decision(original, originalEstimate, cm);
  for (const EmittedBody* body : {&best, repaired}) {
    if (!body) continue;
    if (std::optional<double> after = decision.keeps(*body)) {
      costAfter = *after;
      return body;
    }
  }
  return nullptr;
}

} // namespace eqsat
