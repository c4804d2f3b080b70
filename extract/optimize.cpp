#include "extract/optimize.h"

#include "egraph/bridge.h"
#include "egraph/explain.h"
#include "egraph/loop_rewrite.h"
#include "egraph/phi_rewrite.h"
#include "extract/cost.h"
#include "extract/emit.h"
#include "extract/extract.h"
#include "extract/ircost.h"
#include "extract/thread.h"
#include "extract/validate.h"

#include "egraph/serialize.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace eqsat {

namespace {

// Binaryen's own clean-up passes, run on each rewritten function.
// optimize-instructions folds what the restructuring passes introduce
// (remove-unused-brs turns block+br_if into if with an i32.eqz condition).
const char* const kTidyPasses[] = {
    "simplify-locals",   "vacuum",          "remove-unused-brs",     "merge-blocks",
    "simplify-locals",   "coalesce-locals", "reorder-locals",        "optimize-instructions",
    "vacuum",            "remove-unused-brs", "merge-blocks",        "optimize-instructions",
    "vacuum",            "remove-unused-names",
};

std::vector<BinaryenType> varTypesOf(BinaryenFunctionRef f) {
  std::vector<BinaryenType> v;
  for (BinaryenIndex i = 0, n = BinaryenFunctionGetNumVars(f); i < n; ++i) v.push_back(BinaryenFunctionGetVar(f, i));
  return v;
}

void runInliner(BinaryenModuleRef module) {
  // Inline a decide that has a single caller, whatever its size, and small functions everywhere.
  BinaryenSetAlwaysInlineMaxSize(20);
  BinaryenSetOneCallerInlineMaxSize(100000);
  BinaryenSetFlexibleInlineMaxSize(200);
  BinaryenSetAllowInliningFunctionsWithLoops(true);
  // Binaryen inlines "flexibly" (beyond the always-inline size) only at -O3 without shrinking.
  int opt = BinaryenGetOptimizeLevel(), shrink = BinaryenGetShrinkLevel();
  BinaryenSetOptimizeLevel(3);
  BinaryenSetShrinkLevel(0);
  const char* passes[] = {"inlining"};
  BinaryenModuleRunPasses(module, passes, 1);
  BinaryenSetOptimizeLevel(opt);
  BinaryenSetShrinkLevel(shrink);
}

} // namespace

void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules, const OptimizeOptions& opts,
                    OptimizeSummary& summary) {
  auto cm = makeCostModel(opts.costModel);
  if (!cm) throw std::invalid_argument("unknown cost model `" + opts.costModel + "`");
  if (opts.inlineFirst) runInliner(module);

  std::vector<std::string> names;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
    const char* importModule = BinaryenFunctionImportGetModule(f);
    if (importModule && *importModule) continue;  // imports have no body ("" for defined functions)
    names.push_back(BinaryenFunctionGetName(f));
  }

  // Functions replaced so far, with what is needed to put the original back.
  struct Replaced {
    std::string name;
    BinaryenType params, results;
    BinaryenExpressionRef origBody;
    std::vector<BinaryenType> origVars;
    size_t summaryIndex;
  };
  std::vector<Replaced> replaced;

  for (const std::string& name : names) {
    auto t0 = std::chrono::steady_clock::now();
    BinaryenFunctionRef f = BinaryenGetFunction(module, name.c_str());
    FunctionSummary fs;
    fs.name = name;
    summary.functions++;
    double before = estimateCost(BinaryenFunctionGetBody(f), *cm);
    fs.costBefore = fs.costAfter = before;
    fs.instrsBefore = fs.instrsAfter = countInstructions(BinaryenFunctionGetBody(f));
    auto finish = [&](bool handled, const std::string& why) {
      fs.handled = handled;
      fs.leftAloneReason = why;
      fs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (handled) summary.handled++;
      else summary.leftAlone++;
      summary.costBefore += fs.costBefore;
      summary.costAfter += fs.costAfter;
      summary.perFunction.push_back(fs);
    };

    std::string why;
    BridgeOptions bo;
    // Explanations and rule traces are recorded only on request (cli/explain.h).
    std::unique_ptr<ExplainRecorder> recorder;
    if (opts.explainFunctions.count(name)) {
      recorder = std::make_unique<ExplainRecorder>();
      bo.egraph.observer = recorder.get();
    }
    auto fg = buildFunctionGraph(module, f, bo, why);
    if (!fg) {
      finish(false, why);
      continue;
    }
    EGraph& g = *fg->egraph;
    if (recorder && !recorder->consistentWith(g)) {
      g.setMergeObserver(nullptr);
      recorder.reset();
    }
    if (recorder) recorder->bind(g);
    std::unique_ptr<RuleTrace> trace;
    if (!opts.traceRule.empty()) {
      trace = std::make_unique<RuleTrace>(opts.traceRule);
      trace->bind(g);
    }
    ApplyObserverFan observers;
    observers.add(recorder.get());
    observers.add(trace.get());
    Runner runner(g, opts.limits);
    if (!observers.empty()) runner.setObserver(&observers);
    runner.addRewrites(rules);
    PhiDistribute phi;
    runner.addCustom(&phi);
    LoopPhiDistribute loopPhi(*fg);
    runner.addCustom(&loopPhi);
    RunReport rep = runner.run();
    fs.nodes = rep.nodes;
    fs.classes = rep.classes;
    fs.iterations = rep.iterations;
    fs.stop = rep.stop;
    fs.saturateSeconds = rep.seconds;
    for (const RuleStats& rs : rep.rules)
      if (rs.matches) fs.rules.push_back(rs);
    if (rep.stop != StopReason::Saturated && rep.stop != StopReason::IterationLimit) summary.hitLimit++;
    if (summary.rules.size() < rep.rules.size()) summary.rules.resize(rep.rules.size());
    for (size_t i = 0; i < rep.rules.size(); ++i) {
      summary.rules[i].name = rep.rules[i].name;
      summary.rules[i].matches += rep.rules[i].matches;
      summary.rules[i].applied += rep.rules[i].applied;
      summary.rules[i].timesBanned += rep.rules[i].timesBanned;
    }
    if (!g.clean()) g.rebuild();

    Extraction ext = extract(g, *cm, opts.extractor, ExtractOptions{rootsOf(*fg)});
    if (opts.onFunction) opts.onFunction(FunctionObservation{name, *fg, ext, rep, *cm, recorder.get(), trace.get()});
    EmitOptions eo;
    eo.trapsNeverHappen = opts.trapsNeverHappen;
    EmittedFunction em = emitFunction(module, *fg, ext, *cm, eo);
    fg.reset();  // the e-graph is freed as soon as the function is emitted
    if (!em.ok) {
      finish(false, "extraction: " + em.whyNot);
      continue;
    }

    // Build the candidate as a temporary function, tidy it with Binaryen's
    // passes, and keep it only if it is cheaper under the cost model.
    BinaryenType params = BinaryenFunctionGetParams(f);
    BinaryenType results = BinaryenFunctionGetResults(f);
    std::string tmpName = name + "$eqsat.candidate";
    BinaryenFunctionRef cand = BinaryenAddFunction(module, tmpName.c_str(), params, results, em.varTypes.data(),
                                                   BinaryenIndex(em.varTypes.size()), em.body);
    BinaryenFunctionRunPasses(cand, module, const_cast<const char**>(kTidyPasses),
                              BinaryenIndex(std::size(kTidyPasses)));
    // Dispatches on constants left by the dissolved seam: thread them, tidy again.
    if (threadConstantDispatch(module, BinaryenFunctionGetBody(cand)) > 0)
      BinaryenFunctionRunPasses(cand, module, const_cast<const char**>(kTidyPasses),
                                BinaryenIndex(std::size(kTidyPasses)));
    BinaryenExpressionRef newBody = BinaryenFunctionGetBody(cand);
    std::vector<BinaryenType> newVars = varTypesOf(cand);
    double after = estimateCost(newBody, *cm);
    BinaryenRemoveFunction(module, tmpName.c_str());
    if (after < before) {
      replaced.push_back({name, params, results, BinaryenExpressionCopy(BinaryenFunctionGetBody(f), module),
                          varTypesOf(f), summary.perFunction.size()});
      BinaryenRemoveFunction(module, name.c_str());
      BinaryenAddFunction(module, name.c_str(), params, results, newVars.data(), BinaryenIndex(newVars.size()),
                          newBody);
      fs.costAfter = after;
      fs.instrsAfter = countInstructions(newBody);
      fs.replaced = true;
      finish(true, "");
    } else {
      finish(true, "");  // went through the e-graph; the original was already as cheap
    }
  }

  // Never hand back an invalid module: a rewritten function that does not
  // validate is put back as it was (this is a bug in eqsat-wasm if it happens).
  if (replaced.empty()) return;
  auto revert = [&](const Replaced& r) {
    BinaryenRemoveFunction(module, r.name.c_str());
    BinaryenAddFunction(module, r.name.c_str(), r.params, r.results, const_cast<BinaryenType*>(r.origVars.data()),
                        BinaryenIndex(r.origVars.size()), r.origBody);
    FunctionSummary& fs = summary.perFunction[r.summaryIndex];
    summary.costAfter += fs.costBefore - fs.costAfter;
    fs.costAfter = fs.costBefore;
    fs.instrsAfter = fs.instrsBefore;
    fs.replaced = false;
    fs.leftAloneReason = "rewritten body did not validate; kept the original";
  };
  for (int round = 0; round < 3; ++round) {
    ValidationResult v = validateModuleCaptured(module);
    if (v.ok) return;
    if (std::getenv("EQSAT_DEBUG_CANDIDATE")) std::fprintf(stderr, "%s\n", v.output.c_str());
    bool any = false;
    for (const Replaced& r : replaced)
      for (const std::string& bad : v.badFunctions)
        if (bad == r.name) {
          revert(r);
          any = true;
        }
    if (!any) break;
  }
  if (validateModuleCaptured(module).ok) return;
  for (const Replaced& r : replaced)
    if (summary.perFunction[r.summaryIndex].costAfter != summary.perFunction[r.summaryIndex].costBefore) revert(r);
}

} // namespace eqsat
