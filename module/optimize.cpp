#include "module/optimize.h"

#include "ir/binaryen_ops.h"
#include "bridge/bridge.h"
#include "egraph/explain.h"
#include "bridge/loop_rewrite.h"
#include "bridge/phi_rewrite.h"
#include "cost/cost.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "cost/fncost.h"
#include "cost/ircost.h"
#include "passes/place_single_entry_code.h"
#include "passes/merge_return_tails.h"
#include "passes/thread.h"
#include "module/validate.h"

#include "egraph/serialize.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <optional>
#include <mutex>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
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

// Does a block or loop label occur on more than one expression in e?
bool reusesLabel(BinaryenExpressionRef e) {
  std::unordered_set<std::string> seen;
  std::vector<BinaryenExpressionRef> stack{e};  // iterative: any depth
  while (!stack.empty()) {
    BinaryenExpressionRef x = stack.back();
    stack.pop_back();
    const char* name = nullptr;
    if (BinaryenExpressionGetId(x) == BinaryenBlockId()) name = BinaryenBlockGetName(x);
    if (BinaryenExpressionGetId(x) == BinaryenLoopId()) name = BinaryenLoopGetName(x);
    if (name && !seen.insert(name).second) return true;
    forEachChild(x, [&](BinaryenExpressionRef c) { stack.push_back(c); });
  }
  return false;
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

void runTidyPasses(BinaryenModuleRef module, BinaryenFunctionRef func) {
  BinaryenFunctionRunPasses(func, module, const_cast<const char**>(kTidyPasses), BinaryenIndex(std::size(kTidyPasses)));
}

std::unordered_set<std::string> exposedStackGlobals(BinaryenModuleRef module) {
  // Stack pointers that code other than a function's balanced reserve/restore
  // moves (emscripten's stackAlloc / stackRestore, or an exported global):
  // moving them exposes old frames, so dead frame slots must keep their stores.
  std::unordered_set<std::string> exposed;
  // clang's convention is a mutable i32 global of the module's own, named
  // __stack_pointer or not named at all (Binaryen then calls it global$N).
  // An imported one is shared with code outside the module; one named
  // otherwise follows another convention (AssemblyScript's shadow stack,
  // whose collector scans the frames of other functions).
  for (BinaryenIndex i = 0, n = BinaryenGetNumGlobals(module); i < n; ++i) {
    BinaryenGlobalRef g = BinaryenGetGlobalByIndex(module, i);
    const std::string name = BinaryenGlobalGetName(g);
    const char* importModule = BinaryenGlobalImportGetModule(g);
    const bool unnamed = name.rfind("global$", 0) == 0 && name.size() > 7 &&
                         name.find_first_not_of("0123456789", 7) == std::string::npos;
    if ((importModule && *importModule) || !(name == "__stack_pointer" || unnamed)) exposed.insert(name);
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumExports(module); i < n; ++i) {
    BinaryenExportRef ex = BinaryenGetExportByIndex(module, i);
    if (BinaryenExportGetKind(ex) == BinaryenExternalGlobal()) exposed.insert(BinaryenExportGetValue(ex));
  }
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
    const char* importModule = BinaryenFunctionImportGetModule(f);
    if (importModule && *importModule) continue;  // imports have no body
    std::unordered_map<std::string, int> sets;
    bool known = true;
    std::vector<BinaryenExpressionRef> stack{BinaryenFunctionGetBody(f)};  // iterative: any depth
    while (!stack.empty()) {
      BinaryenExpressionRef e = stack.back();
      stack.pop_back();
      if (BinaryenExpressionGetId(e) == BinaryenGlobalSetId()) sets[BinaryenGlobalSetGetName(e)]++;
      if (!forEachChild(e, [&](BinaryenExpressionRef c) { stack.push_back(c); })) known = false;
    }
    for (auto& [g, k] : sets)
      if (k < 2 || !known) exposed.insert(g);  // a lone write moves it for good
  }
  return exposed;
}

std::unique_ptr<FunctionGraph> saturateFunction(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                const std::vector<Rewrite>& rules, const RunnerLimits& limits,
                                                BridgeOptions bo, std::unique_ptr<ExplainRecorder>& recorder,
                                                RuleTrace* trace, RunReport& report, std::string& why) {
  if (recorder) bo.egraph.observer = recorder.get();
  std::unique_ptr<FunctionGraph> fg = buildFunctionGraph(module, func, bo, why);
  if (!fg) return nullptr;
  EGraph& g = *fg->egraph;
  // A function whose e-graph starts over the node limit gets no rewriting
  // done; re-emitting it only costs time (a 52k-instruction function of
  // highs spent 69 s in coalesce-locals for nothing).
  if (g.numNodes() > limits.nodes) {
    why = "larger than the node limit before any rewrite (--node-limit)";
    return nullptr;
  }
  if (recorder && !recorder->consistentWith(g)) {
    g.setMergeObserver(nullptr);
    recorder.reset();
  }
  if (recorder) recorder->bind(g);
  if (trace) trace->bind(g);
  ApplyObserverFan observers;
  observers.add(recorder.get());
  observers.add(trace);
  Runner runner(g, limits);
  if (!observers.empty()) runner.setObserver(&observers);
  runner.addRewrites(rules);
  PhiDistribute phi;
  runner.addCustom(&phi);
  LoopPhiDistribute loopPhi(*fg);
  runner.addCustom(&loopPhi);
  report = runner.run();
  // The emitter's path facts (emit/emit.cpp) name values known to be 0 or
  // 1 on a path by their constant classes: make sure those exist.
  for (Ty t : {Ty::i32, Ty::i64})
    for (uint64_t v : {0u, 1u}) g.addConst(t, v);
  if (!g.clean()) g.rebuild();
  // The sizes reported (--stats) are those of the e-graph extracted from (--dump-egraph).
  report.nodes = g.numNodes();
  report.classes = g.numClasses();
  return fg;
}

std::optional<EmittedBody> emitBestBody(BinaryenModuleRef module, BinaryenFunctionRef func, const FunctionGraph& fg,
                                        const Extraction& ext, const CostModel& cm, bool trapsNeverHappen,
                                        std::string& whyNot) {
  const std::string name = BinaryenFunctionGetName(func);
  BinaryenType params = BinaryenFunctionGetParams(func);
  BinaryenType results = BinaryenFunctionGetResults(func);
  // Branches on values instead of on their zero tests, where the cost model
  // does not price that higher (the operand of the eqz then feeds a branch:
  // a compare there costs at most what it cost as a value).
  const double eqzCond = cm.opCostIn(NodeView{Op::I32Eqz, Ty::i32, 0, {}}, CostContext{Use::Condition, 0, {}});
  const bool ifs = cm.controlCost(Ctl::Block) + cm.controlCost(Ctl::BrIf) + cm.controlCost(Ctl::CondTest) <=
                   cm.controlCost(Ctl::If) + eqzCond;
  const bool ifElses = cm.controlCost(Ctl::CondTest) <= eqzCond;
  // Code that one branch alone reaches, moved to that branch (passes/place_single_entry_code.h),
  // and the labels that leaves unused merged away.
  auto placeCode = [&](BinaryenFunctionRef f) {
    if (placeSingleEntryCode(module, BinaryenFunctionGetBody(f)) == 0) return false;
    const char* names[] = {"remove-unused-names", "merge-blocks"};
    BinaryenFunctionRunPasses(f, module, names, 2);
    return true;
  };
  // One candidate: emitted, then tidied with Binaryen's passes in a temporary
  // function, priced with the cost model. Paths that end alike (jump
  // threading and the emitter's per-path code copy tails) then share one copy
  // through Binaryen's code-folding, and a flag set to 0 or 1 on the two sides
  // of a branch is set from the branch's condition (booleanSets). Code one
  // branch alone reaches moves to it (placeCode), dispatches on locals this
  // puts right after their blocks are threaded, and a branch value that is a
  // known constant becomes it (knownBranchValues). Folding is done in place (a copy of every candidate would grow the module's arena by
  // as much again: highs 225 -> 262 MB); should it ever price higher, the
  // candidate is emitted again without it.
  std::function<std::optional<EmittedBody>(const Extraction&, bool, bool, bool)> candidate =
      [&](const Extraction& sel, bool threadJumps, bool fold, bool forward) -> std::optional<EmittedBody> {
    EmitOptions eo;
    eo.trapsNeverHappen = trapsNeverHappen;
    eo.threadJumps = threadJumps;
    eo.forwardPhis = forward;
    EmittedFunction em = emitFunction(module, fg, sel, cm, eo);
    if (!em.ok) {
      whyNot = em.whyNot;
      return std::nullopt;
    }
    // Nothing threaded: the same function as without threading; skip the tidying.
    if (threadJumps && em.threadedBlocks == 0) return std::nullopt;
    std::string tmpName = name + "$eqsat.candidate";
    BinaryenFunctionRef cand = BinaryenAddFunction(module, tmpName.c_str(), params, results, em.varTypes.data(),
                                                   BinaryenIndex(em.varTypes.size()), em.body);
    runTidyPasses(module, cand);
    // Dispatches on constants left in block results: thread them, tidy again.
    if (threadConstantDispatch(module, BinaryenFunctionGetBody(cand), false) > 0) runTidyPasses(module, cand);
    EmittedBody b{BinaryenFunctionGetBody(cand), varTypesOf(cand), 0, sel.extractor, threadJumps,
                  em.forwardedPhis > 0};
    b.cost = estimateCost(b.body, cm);
    if (branchOnValues(module, b.body, ifs, ifElses) > 0) b.cost = estimateCost(b.body, cm);
    if (fold) {
      BinaryenFunctionSetBody(cand, b.body);
      const char* folding[] = {"code-folding"};
      BinaryenFunctionRunPasses(cand, module, folding, 1);
      mergeEqualArms(module, BinaryenFunctionGetBody(cand), cm);
      // Exits that differ only in the value they return share their last statements (passes/merge_return_tails.h).
      if (auto merged = mergeReturnTails(module, BinaryenFunctionGetBody(cand), results,
                                         BinaryenTypeArity(params) + BinaryenFunctionGetNumVars(cand), cm)) {
        std::vector<BinaryenType> vars = varTypesOf(cand);
        if (merged->newLocal) vars.push_back(results);
        BinaryenRemoveFunction(module, tmpName.c_str());
        cand = BinaryenAddFunction(module, tmpName.c_str(), params, results, vars.data(), BinaryenIndex(vars.size()),
                                   merged->body);
      }
      booleanSets(module, BinaryenFunctionGetBody(cand));
      // Placing code can put a dispatch on a local right after the block that sets it: thread again.
      // A round's rewrites (and the tidying after them) can line up the next: at most kLocalRounds.
      placeCode(cand);
      constexpr int kLocalRounds = 3;
      for (int round = 0; round < kLocalRounds && threadConstantDispatch(module, BinaryenFunctionGetBody(cand)) > 0;
           ++round) {
        runTidyPasses(module, cand);
        BinaryenExpressionRef body = BinaryenFunctionGetBody(cand);
        if (branchOnValues(module, body, ifs, ifElses) > 0) BinaryenFunctionSetBody(cand, body);
        placeCode(cand);
      }
      // A branch value a constant set just before: the constant, and the set may die.
      if ((knownBranchValues(module, BinaryenFunctionGetBody(cand)) | droppedValues(module, BinaryenFunctionGetBody(cand)) |
           coveredDrops(module, BinaryenFunctionGetBody(cand))) > 0) {
        const char* locals[] = {"simplify-locals", "coalesce-locals", "vacuum"};
        BinaryenFunctionRunPasses(cand, module, locals, 3);
      }
      double folded = estimateCost(BinaryenFunctionGetBody(cand), cm);
      if (folded > b.cost + 1e-9) {
        BinaryenRemoveFunction(module, tmpName.c_str());
        return candidate(sel, threadJumps, false, forward);
      }
      b.body = BinaryenFunctionGetBody(cand);
      b.vars = varTypesOf(cand);
      b.cost = folded;
    }
    BinaryenRemoveFunction(module, tmpName.c_str());
    return b;
  };
  // Candidates are ranked by cost, with each i64 local counted as
  // kI64LocalRank more: a 64-bit value kept across statements is what the
  // seam leaves behind (a register pair, two frame words), and the cost
  // model's estimate of control flow is too coarse to trust a small margin
  // in favour of keeping one (event_wait.inl-o3 in docs/seam.md).
  constexpr double kI64LocalRank = 3;
  auto rank = [&](const EmittedBody& b) {
    double r = b.cost;
    for (BinaryenType t : b.vars)
      if (t == BinaryenTypeInt64()) r += kI64LocalRank;
    return r;
  };
  // The candidate without forwarding is tried on functions of at most this
  // many classes (the seam shims reach 300): on larger ones it doubled the
  // emissions and never won (vscode-oniguruma: +40% time, the same t2).
  constexpr size_t kUnforwardedMaxClasses = 400;
  std::optional<EmittedBody> best;
  for (size_t i = 0; i <= ext.alternatives.size(); ++i) {
    const Extraction& sel = i == 0 ? ext : ext.alternatives[i - 1];
    // Jump threading at the skeleton level pays on some functions and not on
    // others, and so does reading a phi's input where the path fixes it
    // (EmitOptions::forwardPhis; only tried both ways where it happened):
    // keep whichever is cheapest.
    for (bool threadJumps : {false, true}) {
      std::optional<EmittedBody> c = candidate(sel, threadJumps, true, true);
      if (!c) {
        if (!threadJumps) break;
        continue;
      }
      const bool forwarded = c->forwarded;
      if (!best || rank(*c) < rank(*best)) best = std::move(c);
      if (forwarded && fg.egraph->numClasses() <= kUnforwardedMaxClasses)
        if (std::optional<EmittedBody> d = candidate(sel, threadJumps, true, false); d && rank(*d) < rank(*best))
          best = std::move(d);
    }
  }
  return best;
}

void replaceFunctionBody(BinaryenModuleRef module, BinaryenFunctionRef func, BinaryenExpressionRef body,
                         const std::vector<BinaryenType>& vars) {
  std::string name = BinaryenFunctionGetName(func);
  BinaryenType params = BinaryenFunctionGetParams(func), results = BinaryenFunctionGetResults(func);
  // Parameters keep their places in the new body, so they keep their names.
  std::vector<std::pair<BinaryenIndex, std::string>> paramNames;
  for (BinaryenIndex i = 0, n = BinaryenTypeArity(params); i < n; ++i)
    if (BinaryenFunctionHasLocalName(func, i)) paramNames.emplace_back(i, BinaryenFunctionGetLocalName(func, i));
  BinaryenRemoveFunction(module, name.c_str());
  BinaryenFunctionRef added = BinaryenAddFunction(module, name.c_str(), params, results,
                                                  const_cast<BinaryenType*>(vars.data()), BinaryenIndex(vars.size()), body);
  for (const auto& [index, local] : paramNames) BinaryenFunctionSetLocalName(added, index, local.c_str());
}

namespace {

// One function on its way through the pipeline. Workers fill in the front
// half (bridge, saturation, extraction) in parallel; the main thread emits in
// function order, so the output does not depend on the number of threads.
struct Work {
  std::string name;
  BinaryenFunctionRef func = nullptr;
  double costBefore = 0;
  size_t instrsBefore = 0;
  std::chrono::steady_clock::time_point t0;
  // front half
  std::unique_ptr<ExplainRecorder> recorder;
  std::unique_ptr<RuleTrace> trace;
  std::unique_ptr<FunctionGraph> fg;
  std::unique_ptr<Extraction> ext;
  RunReport rep;
  std::string why;  // left alone, and why
  bool skipped = false;  // left alone because the module time budget was spent
  bool ready = false;
};

constexpr const char* kBudgetSpent = "module time budget exhausted (--module-time-limit)";

} // namespace

void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules, const OptimizeOptions& opts,
                    OptimizeSummary& summary) {
  auto cm = makeCostModel(opts.costModel);
  if (!cm) throw std::invalid_argument("unknown cost model `" + opts.costModel + "`");
  const auto moduleStart = opts.runStart ? *opts.runStart : std::chrono::steady_clock::now();
  const bool budgeted = opts.moduleSeconds > 0;
  auto budgetLeft = [&] {
    return opts.moduleSeconds -
           std::chrono::duration<double>(std::chrono::steady_clock::now() - moduleStart).count();
  };
  if (opts.inlineFirst) {
    // What the inliner changes is part of the output even where saturation
    // then finds nothing cheaper: remember which bodies it touched.
    std::vector<std::tuple<std::string, BinaryenExpressionRef, size_t>> before;
    for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
      BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
      const char* importModule = BinaryenFunctionImportGetModule(f);
      if (importModule && *importModule) continue;
      BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
      before.emplace_back(BinaryenFunctionGetName(f), body, countInstructions(body));
    }
    runInliner(module);
    for (const auto& [name, body, count] : before) {
      BinaryenFunctionRef f = BinaryenGetFunction(module, name.c_str());
      if (!f) continue;
      BinaryenExpressionRef now = BinaryenFunctionGetBody(f);
      if (now != body || countInstructions(now) != count) summary.changedByInlining.push_back(name);
    }
  }

  std::vector<Work> work;
  std::unordered_set<std::string> imports;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module, i);
    const char* importModule = BinaryenFunctionImportGetModule(f);
    if (importModule && *importModule) {  // imports have no body ("" for defined functions)
      imports.insert(BinaryenFunctionGetName(f));
      continue;
    }
    Work w;
    w.name = BinaryenFunctionGetName(f);
    w.func = f;
    work.push_back(std::move(w));
  }

  const std::unordered_set<std::string> exposedGlobals = exposedStackGlobals(module);

  // Per-function limits; a memory ceiling lowers the node limit so that
  // `jobs` e-graphs at their limit fit in it.
  unsigned jobs = opts.jobs ? opts.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, std::max<size_t>(1, work.size()));
  RunnerLimits limits = opts.limits;
  if (opts.memoryLimitBytes) {
    size_t perJob = opts.memoryLimitBytes / (size_t(jobs) + 1);
    limits.nodes = std::max<size_t>(256, std::min(limits.nodes, perJob / kBytesPerNodeEstimate));
  }

  // ---- front half: bridge -> saturate -> extract (any thread) ----
  auto front = [&](Work& w) {
    w.t0 = std::chrono::steady_clock::now();
    BinaryenExpressionRef body = BinaryenFunctionGetBody(w.func);
    w.costBefore = functionCost(FunctionShape{BinaryenFunctionGetParams(w.func), BinaryenFunctionGetResults(w.func),
                                              varTypesOf(w.func), body, /*asRead=*/!opts.inlineFirst},
                                *cm);
    w.instrsBefore = countInstructions(body);
    RunnerLimits fl = limits;
    if (budgeted) {
      const double left = budgetLeft();
      if (left <= 0) {
        w.why = kBudgetSpent;
        w.skipped = true;
        return;
      }
      fl.seconds = std::min(fl.seconds, left);
    }
    try {
      BridgeOptions bo;
      bo.importedFunctions = &imports;
      bo.exposedGlobals = &exposedGlobals;
      bo.stackAbi = opts.stackAbi;
      // Explanations and rule traces are recorded only on request (cli/explain.h).
      // A trace needs the explanation too: it tells which applications are on the proof of the output.
      if (opts.explainFunctions.count(w.name) || !opts.traceRule.empty())
        w.recorder = std::make_unique<ExplainRecorder>();
      if (!opts.traceRule.empty()) w.trace = std::make_unique<RuleTrace>(opts.traceRule);
      w.fg = saturateFunction(module, w.func, rules, fl, bo, w.recorder, w.trace.get(), w.rep, w.why);
      if (!w.fg) return;
      w.ext = std::make_unique<Extraction>(extract(*w.fg->egraph, *cm, opts.extractor, ExtractOptions{rootsOf(*w.fg)}));
    } catch (const std::bad_alloc&) {
      w.fg.reset();
      w.ext.reset();
      w.why = "out of memory in the e-graph";
    }
  };

  // Functions replaced so far, with what is needed to put the original back.
  struct Replaced {
    std::string name;
    BinaryenType params, results;
    BinaryenExpressionRef origBody;
    std::vector<BinaryenType> origVars;
    size_t summaryIndex;
  };
  std::vector<Replaced> replaced;

  // ---- back half: emit, tidy, keep if cheaper (main thread, in order) ----
  auto back = [&](Work& w) {
    FunctionSummary fs;
    fs.name = w.name;
    fs.costBefore = fs.costAfter = w.costBefore;
    fs.instrsBefore = fs.instrsAfter = w.instrsBefore;
    summary.functions++;
    auto finish = [&](bool handled, const std::string& why) {
      fs.skippedByBudget = !handled && (w.skipped || why == kBudgetSpent);
      fs.handled = handled;
      fs.leftAloneReason = why;
      fs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - w.t0).count();
      if (handled) summary.handled++;
      else summary.leftAlone++;
      summary.costBefore += fs.costBefore;
      summary.costAfter += fs.costAfter;
      summary.perFunction.push_back(fs);
      // What the summary needs is copied: free the runner's report (per-rule
      // stats for every rule) so that memory does not grow with the module.
      w.rep = RunReport();
      w.why.clear();
      w.why.shrink_to_fit();
      if (opts.onProgress) opts.onProgress(summary.perFunction.size(), work.size());
    };
    if (!w.fg || !w.ext) {
      finish(false, w.why);
      return;
    }
    // Emission takes time too: past the budget, the function stays as it was.
    if (budgeted && budgetLeft() <= 0) {
      w.fg.reset();
      w.ext.reset();
      w.recorder.reset();
      w.trace.reset();
      finish(false, kBudgetSpent);
      return;
    }
    const RunReport& rep = w.rep;
    fs.note = w.fg->stackSlotNote;
    fs.nodes = rep.nodes;
    fs.classes = rep.classes;
    fs.iterations = rep.iterations;
    fs.stop = rep.stop;
    fs.saturateSeconds = rep.seconds;
    for (const RuleStats& rs : rep.rules)
      if (rs.matches) fs.rules.push_back(rs);
    if (rep.stop != StopReason::Saturated) summary.hitLimit++;
    if (summary.rules.size() < rep.rules.size()) summary.rules.resize(rep.rules.size());
    for (size_t i = 0; i < rep.rules.size(); ++i) {
      summary.rules[i].name = rep.rules[i].name;
      summary.rules[i].matches += rep.rules[i].matches;
      summary.rules[i].applied += rep.rules[i].applied;
      summary.rules[i].rejected += rep.rules[i].rejected;
      summary.rules[i].timesBanned += rep.rules[i].timesBanned;
    }
    if (opts.onFunction)
      opts.onFunction(FunctionObservation{w.name, *w.fg, *w.ext, rep, *cm, w.recorder.get(), w.trace.get()});
    const std::string& name = w.name;
    BinaryenFunctionRef f = w.func;
    double before = w.costBefore;
    BinaryenType params = BinaryenFunctionGetParams(f);
    BinaryenType results = BinaryenFunctionGetResults(f);
    std::string whyNot;
    std::optional<EmittedBody> best = emitBestBody(module, f, *w.fg, *w.ext, *cm, opts.trapsNeverHappen, whyNot);
    // The e-graph is freed as soon as the function is emitted.
    w.fg.reset();
    w.ext.reset();
    w.recorder.reset();
    w.trace.reset();
    if (!best) {
      finish(false, "extraction: " + whyNot);
      return;
    }
    // A label named twice on nested blocks makes Binaryen's validator abort
    // instead of reporting: such a body (a bug in a rewrite) is never used.
    if (reusesLabel(best->body)) {
      finish(false, "extraction: a label is defined twice (internal error; the function is left as it was)");
      return;
    }
    BinaryenExpressionRef newBody = best->body;
    std::vector<BinaryenType> newVars = best->vars;
    // Kept only if cheaper as a whole function on the target (fncost.h):
    // the registers and the frame depend on the whole body.
    double after = functionCost(FunctionShape{params, results, newVars, newBody}, *cm);
    if (after < before) {
      replaced.push_back({name, params, results, BinaryenExpressionCopy(BinaryenFunctionGetBody(f), module),
                          varTypesOf(f), summary.perFunction.size()});
      replaceFunctionBody(module, f, newBody, newVars);
      fs.costAfter = after;
      fs.instrsAfter = countInstructions(newBody);
      fs.replaced = true;
      finish(true, "");
    } else {
      finish(true, "");  // went through the e-graph; the original was already as cheap
    }
  };

  if (jobs <= 1) {
    for (Work& w : work) {
      front(w);
      back(w);
    }
  } else {
    // Workers run ahead of the emitter by at most `window` functions, so at
    // most that many e-graphs are alive at once.
    const size_t window = size_t(jobs) * 2;
    std::mutex mu;
    std::condition_variable cv;
    size_t next = 0, emitted = 0;
    auto worker = [&]() {
      for (;;) {
        size_t i;
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return next >= work.size() || next < emitted + window; });
          if (next >= work.size()) return;
          i = next++;
        }
        front(work[i]);
        {
          std::lock_guard<std::mutex> lock(mu);
          work[i].ready = true;
        }
        cv.notify_all();
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(worker);
    for (size_t i = 0; i < work.size(); ++i) {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return work[i].ready; });
      }
      back(work[i]);
      {
        std::lock_guard<std::mutex> lock(mu);
        emitted = i + 1;
      }
      cv.notify_all();
    }
    for (std::thread& t : threads) t.join();
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
    fs.leftAloneReason = "rewritten body did not validate; kept the original (an eqsat-wasm bug: please report)";
  };
  for (int round = 0; round < 3; ++round) {
    ValidationResult v = validateModuleCaptured(module);
    if (v.ok) return;
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
