#include "module/optimize.h"

#include "ir/expression_kind.h"
#include "ir/binaryen_ops.h"
#include "bridge/bridge.h"
#include "egraph/explain.h"
#include "bridge/loop_rewrite.h"
#include "bridge/phi_rewrite.h"
#include "cost/cost.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "cost/fncost.h"
#include "cost/synth_limits.h"
#include "cost/ircost.h"
#include "passes/pipeline.h"
#include "module/scratch_module.h"
#include "module/validate.h"

#include "egraph/serialize.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
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

// Does a block or loop label occur on more than one expression in e?
bool reusesLabel(BinaryenExpressionRef e) {
  std::unordered_set<std::string> seen;
  std::vector<BinaryenExpressionRef> stack{e};  // iterative: any depth
  while (!stack.empty()) {
    BinaryenExpressionRef x = stack.back();
    stack.pop_back();
    const char* name = nullptr;
    if (exprKind(x) == ExprKind::Block) name = BinaryenBlockGetName(x);
    if (exprKind(x) == ExprKind::Loop) name = BinaryenLoopGetName(x);
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

std::unique_ptr<FunctionGraph> saturateFunction(BinaryenModuleRef module, BinaryenFunctionRef func,
                                                const std::vector<Rewrite>& rules, const RunnerLimits& limits,
                                                BridgeOptions bo, std::unique_ptr<ExplainRecorder>& recorder,
                                                RuleTrace* trace, RunReport& report, std::string& why,
                                                RunnerScratch* scratch) {
  if (recorder) bo.egraph.observer = recorder.get();
  std::unique_ptr<FunctionGraph> fg = buildFunctionGraph(module, func, bo, why);
  if (!fg) return nullptr;
  EGraph& g = *fg->egraph;
  // A function whose e-graph starts over the node limit gets no rewriting
  // done; re-emitting it only costs time (the tidy passes on a large body).
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
  runner.setScratch(scratch);
  if (!observers.empty()) runner.setObserver(&observers);
  runner.addRewrites(rules);
  PhiDistribute phi;
  runner.addCustom(&phi);
  LoopPhiDistribute loopPhi(*fg);
  runner.addCustom(&loopPhi);
  // (saturationRuleNames lists the rules in this order)
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

std::vector<std::string> saturationRuleNames(const std::vector<Rewrite>& rules) {
  std::vector<std::string> names;
  names.reserve(rules.size() + 2);
  for (const Rewrite& r : rules) names.push_back(r.name);
  names.push_back(PhiDistribute::kName);
  names.push_back(LoopPhiDistribute::kName);
  return names;
}

// Binaryen's C API cannot change a function's locals, and a new body comes
// with its own: the function is replaced by a new one of the same name.
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

// Whether a function went through the e-graph (FunctionSummary::handled).
enum class Outcome { Handled, LeftAlone };

// One function on its way through the pipeline. A worker takes it through
// the whole pipeline (bridge, saturation, extraction, then emission and the
// passes in its own scratch module) and leaves the result here; the main
// thread collects the results in function order and, once every worker is
// done, installs the new bodies in that order, so the output does not depend
// on the number of threads.
struct Work {
  std::string name;
  BinaryenFunctionRef func = nullptr;
  std::chrono::steady_clock::time_point t0;
  // front half, freed once the function is emitted
  std::unique_ptr<ExplainRecorder> recorder;
  std::unique_ptr<RuleTrace> trace;
  std::unique_ptr<FunctionGraph> fg;
  std::unique_ptr<Extraction> ext;
  RunReport rep;
  std::string why;  // left alone, and why
  bool skipped = false;  // left alone because the module time budget was spent
  // Its e-graph is explained or traced (--explain, --trace-rule): one round
  // only, so that the proofs are of the body written.
  bool explained = false;
  // the result
  FunctionSummary fs;
  Outcome outcome = Outcome::LeftAlone;
  bool saturationRecorded = false;  // rep goes into the module's rule statistics
  BinaryenExpressionRef newBody = nullptr;  // in the real module, when replaced
  std::vector<BinaryenType> newVars;
  std::exception_ptr error;  // thrown on a worker, rethrown on the main thread
  bool ready = false;
  // The readonly-data assumption: loads the bridge read as constants (in
  // any round), and whether this attempt leaves them loads.
  size_t readonlyLoads = 0;
  bool readonlyOff = false;
};

// Functions whose e-graph has more classes than this are emitted one at a
// time (ModuleOptimizer::emitAndChoose).
constexpr size_t kLargeEmissionClasses = 2000;

// After a function of at least this many instructions, the memory malloc
// holds free goes back to the system (malloc_trim). Each worker allocates
// from an arena of its own, which keeps the pages of its largest function
// once freed, so that the process's peak would be the sum of the arenas'
// marks rather than what is live at once. Smaller functions free too little
// to be worth the pages faulted in again.
constexpr size_t kTrimAfterInstructions = 300;

// Another round (OptimizeOptions::rounds) is run only after a round that
// brought the function's cost to at most this share of what it was before
// that round. A round that gains that much has dissolved structure (a pack
// and its unpack, branches on a known action) that leaves the next round
// new rewrites; after smaller gains another round rarely finds any
// (docs/performance.md, "Rounds").
constexpr double kAnotherRoundAfter = 0.8;

constexpr const char* kBudgetSpent = "module time budget exhausted (--module-time-limit)";

// A function replaced, with what is needed to put the original back.
struct Replaced {
  std::string name;
  BinaryenType params, results;
  BinaryenExpressionRef origBody;
  std::vector<BinaryenType> origVars;
  size_t summaryIndex;
};

// optimizeModule's steps, in the order run() takes them.
class ModuleOptimizer {
public:
  ModuleOptimizer(BinaryenModuleRef module, const std::vector<Rewrite>& rules, const OptimizeOptions& opts,
                  OptimizeSummary& summary)
      : module_(module), rules_(rules), opts_(opts), summary_(summary) {}

  void run() {
    cm_ = makeCostModel(opts_.costModel);
    if (!cm_) throw std::invalid_argument("unknown cost model `" + opts_.costModel + "`");
    moduleStart_ = opts_.runStart ? *opts_.runStart : std::chrono::steady_clock::now();
    if (opts_.inlineFirst) inlineRecordingChanges();
    collectFunctions();
    exposedGlobals_ = exposedStackGlobals(module_);
    chooseJobsAndLimits();
    summary_.ruleNames = saturationRuleNames(rules_);
    if (jobs_ <= 1) {
      ScratchModule scratch(module_);
      RunnerScratch saturationScratch;
      for (Work& w : work_) {
        optimizeFunction(w, scratch, saturationScratch);
        collect(w);
      }
    } else {
      runInParallel();
    }
    installInOrder();
    revertInvalidFunctions();
  }

private:
  BinaryenModuleRef module_;
  const std::vector<Rewrite>& rules_;
  const OptimizeOptions& opts_;
  OptimizeSummary& summary_;
  std::unique_ptr<CostModel> cm_;
  std::chrono::steady_clock::time_point moduleStart_;
  std::vector<Work> work_;
  std::unordered_set<std::string> imports_;
  std::unordered_set<std::string> exposedGlobals_;
  unsigned jobs_ = 1;
  RunnerLimits limits_;
  std::vector<size_t> toInstall_;   // indices into work_ of the functions with a new body
  std::vector<Replaced> replaced_;  // functions replaced so far
  std::mutex ruleTotalsMutex_;      // summary_.rules and summary_.hitLimit, added to by the workers
  std::mutex largeEmissionMutex_;   // held by the one emission of a function over kLargeEmissionClasses

  bool budgeted() const { return opts_.moduleSeconds > 0; }
  double budgetLeft() const {
    return opts_.moduleSeconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - moduleStart_).count();
  }

  // What the inliner changes is part of the output even where saturation
  // then finds nothing cheaper: remember which bodies it touched.
  void inlineRecordingChanges() {
    std::vector<std::tuple<std::string, BinaryenExpressionRef, size_t>> before;
    for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module_); i < n; ++i) {
      BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module_, i);
      const char* importModule = BinaryenFunctionImportGetModule(f);
      if (importModule && *importModule) continue;
      BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
      before.emplace_back(BinaryenFunctionGetName(f), body, countInstructions(body));
    }
    runInliner(module_);
    for (const auto& [name, body, count] : before) {
      BinaryenFunctionRef f = BinaryenGetFunction(module_, name.c_str());
      if (!f) continue;
      BinaryenExpressionRef now = BinaryenFunctionGetBody(f);
      if (now != body || countInstructions(now) != count) summary_.changedByInlining.push_back(name);
    }
  }

  void collectFunctions() {
    for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(module_); i < n; ++i) {
      BinaryenFunctionRef f = BinaryenGetFunctionByIndex(module_, i);
      const char* importModule = BinaryenFunctionImportGetModule(f);
      if (importModule && *importModule) {  // imports have no body ("" for defined functions)
        imports_.insert(BinaryenFunctionGetName(f));
        continue;
      }
      Work w;
      w.name = BinaryenFunctionGetName(f);
      w.func = f;
      work_.push_back(std::move(w));
    }
  }

  // Per-function limits; a memory ceiling lowers the node limit so that
  // `jobs` e-graphs at their limit fit in it. The observer (onFunction) is
  // called in function order, from one thread: it runs with one job.
  void chooseJobsAndLimits() {
    jobs_ = opts_.jobs ? opts_.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs_ = std::min<unsigned>(jobs_, std::max<size_t>(1, work_.size()));
    if (opts_.onFunction) jobs_ = 1;
    limits_ = opts_.limits;
    if (opts_.memoryLimitBytes) {
      size_t perJob = opts_.memoryLimitBytes / (size_t(jobs_) + 1);
      limits_.nodes = std::max<size_t>(256, std::min(limits_.nodes, perJob / kBytesPerNodeEstimate));
    }
  }

  // ---- one function, on any thread: reads the real module, writes only its
  // own Work and scratch module (and allocates the chosen body in the real
  // module's arena, which is thread-safe) ----
  void optimizeFunction(Work& w, ScratchModule& scratch, RunnerScratch& saturationScratch) {
    try {
      optimizeInRounds(w, scratch, saturationScratch);
      if (w.readonlyLoads && !w.explained) keepCheaperWithoutReadonly(w, scratch, saturationScratch);
    } catch (...) {
      freeGraph(w);
      w.error = std::current_exception();
    }
    w.fs.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - w.t0).count();
    addRuleTotals(w);
    if (w.fs.instrsBefore >= kTrimAfterInstructions) malloc_trim(0);
  }

  // Bridge, saturation, emission, and the further rounds.
  void optimizeInRounds(Work& w, ScratchModule& scratch, RunnerScratch& saturationScratch) {
    saturateAndExtract(w, saturationScratch);
    emitAndChoose(w, scratch);
    // The cost before the last round, against which its gain is measured.
    double lastRoundStart = w.fs.costBefore;
    for (unsigned rounds = 1;
         w.newBody && rounds < opts_.rounds && !w.explained && w.fs.costAfter <= kAnotherRoundAfter * lastRoundStart;
         ++rounds) {
      const double roundStart = w.fs.costAfter;
      if (!optimizeAgain(w, scratch, saturationScratch)) break;
      lastRoundStart = roundStart;
    }
  }

  // A table read from read-only data is a select chain of its entries,
  // which costs more than the load where nothing folds through it (an
  // 8-entry table of u16 added to a value): the function is optimized
  // again with its loads as loads, and the cheaper result kept.
  void keepCheaperWithoutReadonly(Work& w, ScratchModule& scratch, RunnerScratch& saturationScratch) {
    Work plain;
    plain.name = w.name;
    plain.func = w.func;
    plain.readonlyOff = true;
    optimizeInRounds(plain, scratch, saturationScratch);
    if (!plain.newBody || plain.fs.costAfter >= w.fs.costAfter) return;
    w.outcome = plain.outcome;
    w.newBody = plain.newBody;
    w.newVars = std::move(plain.newVars);
    w.fs.costAfter = plain.fs.costAfter;
    w.fs.instrsAfter = plain.fs.instrsAfter;
    w.fs.replaced = plain.fs.replaced;
    w.fs.leftAloneReason = plain.fs.leftAloneReason;
  }

  // The runner's report (a record per rule) is added to the module's rule
  // totals and freed as soon as the function is done, not when the main
  // thread collects it in function order: the workers may run far ahead of
  // a slow function, and the reports would pile up meanwhile. The totals
  // are sums, the same in any order.
  void addRuleTotals(Work& w) {
    if (w.saturationRecorded && !w.error) {
      std::lock_guard<std::mutex> lock(ruleTotalsMutex_);
      recordRuleTotals(w.rep);
    }
    w.rep = RunReport();
  }

  // What the bridge is told of the module and the assumptions, the same for
  // every function and round.
  BridgeOptions bridgeOptions(const Work& w) const {
    BridgeOptions bo;
    bo.importedFunctions = &imports_;
    bo.exposedGlobals = &exposedGlobals_;
    bo.stackAbi = opts_.stackAbi;
    bo.readonlyData = opts_.readonlyData && !w.readonlyOff ? opts_.readonlyBytes.get() : nullptr;
    return bo;
  }

  // ---- front half: bridge -> saturate -> extract ----
  void saturateAndExtract(Work& w, RunnerScratch& saturationScratch) {
    w.t0 = std::chrono::steady_clock::now();
    BinaryenExpressionRef body = BinaryenFunctionGetBody(w.func);
    w.fs.name = w.name;
    w.fs.costBefore = w.fs.costAfter =
        functionCost(FunctionShape{BinaryenFunctionGetParams(w.func), BinaryenFunctionGetResults(w.func),
                                   functionVarTypes(w.func), body, /*asRead=*/!opts_.inlineFirst},
                     *cm_);
    w.fs.instrsBefore = w.fs.instrsAfter = countInstructions(body);
    RunnerLimits fl = limits_;
    if (budgeted()) {
      const double left = budgetLeft();
      if (left <= 0) {
        w.why = kBudgetSpent;
        w.skipped = true;
        return;
      }
      fl.seconds = std::min(fl.seconds, left);
    }
    try {
      BridgeOptions bo = bridgeOptions(w);
      // Explanations and rule traces are recorded only on request (cli/explain_command.h).
      // A trace needs the explanation too: it tells which applications are on the proof of the output.
      if (opts_.explainFunctions.count(w.name) || !opts_.traceRule.empty())
        w.recorder = std::make_unique<ExplainRecorder>();
      if (!opts_.traceRule.empty()) w.trace = std::make_unique<RuleTrace>(opts_.traceRule);
      w.explained = w.recorder || w.trace;
      w.fg = saturateFunction(module_, w.func, rules_, fl, bo, w.recorder, w.trace.get(), w.rep, w.why,
                              &saturationScratch);
      if (!w.fg) return;
      w.readonlyLoads += w.fg->readonlyLoads;
      w.ext = std::make_unique<Extraction>(extract(*w.fg->egraph, *cm_, opts_.extractor, ExtractOptions{rootsOf(*w.fg)}));
    } catch (const std::bad_alloc&) {
      w.fg.reset();
      w.ext.reset();
      w.why = "out of memory in the e-graph";
    }
  }

  // The e-graph and what was recorded on it, freed once the candidates are
  // emitted, before the passes run on them.
  static void freeGraph(Work& w) {
    w.fg.reset();
    w.ext.reset();
    w.recorder.reset();
    w.trace.reset();
  }

  // What the runner reported, into the function's summary.
  static void recordSaturation(const RunReport& rep, FunctionSummary& fs) {
    fs.nodes = rep.nodes;
    fs.classes = rep.classes;
    fs.iterations = rep.iterations;
    fs.stop = rep.stop;
    fs.saturateSeconds = rep.seconds;
    for (const RuleStats& rs : rep.rules)
      if (rs.matches) fs.rules.push_back(rs);
  }

  void leaveAlone(Work& w, const std::string& why) {
    w.outcome = Outcome::LeftAlone;
    w.fs.leftAloneReason = why;
  }

  // ---- back half: emit into the scratch module, tidy, keep if cheaper ----
  void emitAndChoose(Work& w, ScratchModule& scratch) {
    if (!w.fg || !w.ext) return leaveAlone(w, w.why);
    // Emission takes time too: past the budget, the function stays as it was.
    if (budgeted() && budgetLeft() <= 0) {
      freeGraph(w);
      return leaveAlone(w, kBudgetSpent);
    }
    w.fs.note = w.fg->stackSlotNote;
    recordSaturation(w.rep, w.fs);
    w.saturationRecorded = true;
    if (opts_.onFunction)
      opts_.onFunction(FunctionObservation{w.name, *w.fg, *w.ext, w.rep, *cm_, w.recorder.get(), w.trace.get()});
    std::string whyNot;
    std::optional<EmittedBody> repaired;
    std::optional<EmittedBody> best = emitBest(w, w.func, scratch, whyNot, repaired);
    if (best) {
      if (reusesAnyLabel(*best, repaired)) {
        leaveAlone(w, "extraction: a label is defined twice (internal error; the function is left as it was)");
      } else {
        keepIfCheaper(w, *best, repaired ? &*repaired : nullptr);
      }
    } else {
      leaveAlone(w, "extraction: " + whyNot);
    }
    scratch.emitted(w.fs.instrsBefore);
  }

  // The candidates from w's e-graph and extraction, emitted into the scratch
  // module, and the best of them as a body of `func` (chooseBestBody, with
  // its repaired fallback); the e-graph is freed once they are emitted.
  std::optional<EmittedBody> emitBest(Work& w, BinaryenFunctionRef func, ScratchModule& scratch, std::string& whyNot,
                                      std::optional<EmittedBody>& repaired) {
    // Binaryen's coalesce-locals (tidy stage) takes two bytes per pair of
    // locals, and a large function's candidates have thousands: one large
    // emission at a time (docs/performance.md, Memory).
    std::unique_lock<std::mutex> turn(largeEmissionMutex_, std::defer_lock);
    if (w.fg->egraph->numClasses() > kLargeEmissionClasses) turn.lock();
    std::vector<EmittedBody> candidates =
        emitCandidates(scratch.module(), *w.fg, *w.ext, *cm_, opts_.trapsNeverHappen, whyNot);
    freeGraph(w);
    return chooseBestBody(scratch.module(), func, std::move(candidates), *cm_, whyNot, &repaired);
  }

  // A label named twice on nested blocks makes Binaryen's validator abort
  // instead of reporting: such a body (a bug in a rewrite) is never used.
  static bool reusesAnyLabel(const EmittedBody& best, const std::optional<EmittedBody>& repaired) {
    return reusesLabel(best.body) || (repaired && reusesLabel(repaired->body));
  }

  // A later round rewrites a body synth compiled; where synth's allocator
  // declines is mostly at value joins, which no cost predicts (cost/synth_limits.h,
  // valueJoins). Such a round's body is not kept if it has more of them, or
  // more of them as operands, than the body before it.
  static bool addsValueJoins(BinaryenExpressionRef before, BinaryenExpressionRef after) {
    const ValueJoins b = valueJoins(before), a = valueJoins(after);
    return a.total > b.total || a.inOperands > b.inOperands;
  }

  // One more round (OptimizeOptions::rounds) on the body the last round
  // kept, w.newBody: a function of that body, with its own name, in the
  // scratch module goes through the whole pipeline, and what it gives
  // replaces w.newBody if cheaper on the target than w.newBody. Returns
  // whether it did, that is, whether another round may gain.
  bool optimizeAgain(Work& w, ScratchModule& scratch, RunnerScratch& saturationScratch) {
    if (budgeted() && budgetLeft() <= 0) return false;
    BinaryenModuleRef sm = scratch.module();
    const std::string roundName = w.name + "$eqsat.round";
    BinaryenFunctionRef roundFunc =
        BinaryenAddFunction(sm, roundName.c_str(), BinaryenFunctionGetParams(w.func), BinaryenFunctionGetResults(w.func),
                            w.newVars.data(), BinaryenIndex(w.newVars.size()), BinaryenExpressionCopy(w.newBody, sm));
    bool kept = false;
    try {
      kept = roundInScratch(w, roundFunc, scratch, saturationScratch);
    } catch (...) {
      BinaryenRemoveFunction(sm, roundName.c_str());
      throw;
    }
    BinaryenRemoveFunction(sm, roundName.c_str());
    scratch.emitted(w.fs.instrsAfter);
    return kept;
  }

  bool roundInScratch(Work& w, BinaryenFunctionRef roundFunc, ScratchModule& scratch, RunnerScratch& saturationScratch) {
    RunnerLimits fl = limits_;
    if (budgeted()) fl.seconds = std::min(fl.seconds, budgetLeft());
    std::unique_ptr<ExplainRecorder> noRecorder;
    RunReport rep;
    std::string why, whyNot;
    try {
      w.fg = saturateFunction(scratch.module(), roundFunc, rules_, fl, bridgeOptions(w), noRecorder, nullptr, rep, why,
                              &saturationScratch);
      if (!w.fg) return false;
      w.readonlyLoads += w.fg->readonlyLoads;
      w.ext = std::make_unique<Extraction>(extract(*w.fg->egraph, *cm_, opts_.extractor, ExtractOptions{rootsOf(*w.fg)}));
    } catch (const std::bad_alloc&) {
      freeGraph(w);
      return false;
    }
    {
      std::lock_guard<std::mutex> lock(ruleTotalsMutex_);
      addRuleCounts(rep);
    }
    std::optional<EmittedBody> repaired;
    std::optional<EmittedBody> best = emitBest(w, roundFunc, scratch, whyNot, repaired);
    if (!best || reusesAnyLabel(*best, repaired)) return false;
    const FunctionShape before{BinaryenFunctionGetParams(roundFunc), BinaryenFunctionGetResults(roundFunc),
                               w.newVars, BinaryenFunctionGetBody(roundFunc)};
    double after = 0;
    const EmittedBody* kept =
        bodyToKeep(before, functionCost(before, *cm_), *best, repaired ? &*repaired : nullptr, *cm_, after);
    if (!kept || addsValueJoins(before.body, kept->body)) return false;
    w.newBody = BinaryenExpressionCopy(kept->body, module_);
    w.newVars = kept->vars;
    w.fs.costAfter = after;
    w.fs.instrsAfter = countInstructions(kept->body);
    return true;
  }

  // The keep decision (bodyToKeep, module/candidates.h); the body kept is
  // copied out of the scratch module into the real one.
  void keepIfCheaper(Work& w, const EmittedBody& best, const EmittedBody* repaired) {
    w.outcome = Outcome::Handled;
    BinaryenFunctionRef f = w.func;
    const FunctionShape original{BinaryenFunctionGetParams(f), BinaryenFunctionGetResults(f), functionVarTypes(f),
                                 BinaryenFunctionGetBody(f), /*asRead=*/!opts_.inlineFirst};
    double after = 0;
    const EmittedBody* kept = bodyToKeep(original, w.fs.costBefore, best, repaired, *cm_, after);
    if (!kept) return;
    w.newBody = BinaryenExpressionCopy(kept->body, module_);
    w.newVars = kept->vars;
    w.fs.costAfter = after;
    w.fs.instrsAfter = countInstructions(kept->body);
    w.fs.replaced = true;
  }

  // ---- main thread, in function order: the function's summary into the
  // module's ----
  void collect(Work& w) {
    if (w.error) std::rethrow_exception(w.error);
    summary_.functions++;
    FunctionSummary& fs = w.fs;
    fs.handled = w.outcome == Outcome::Handled;
    fs.skippedByBudget = !fs.handled && (w.skipped || fs.leftAloneReason == kBudgetSpent);
    if (fs.handled) summary_.handled++;
    else summary_.leftAlone++;
    summary_.costBefore += fs.costBefore;
    summary_.costAfter += fs.costAfter;
    if (w.newBody) toInstall_.push_back(size_t(&w - work_.data()));
    summary_.perFunction.push_back(std::move(fs));
    w.why.clear();
    w.why.shrink_to_fit();
    if (opts_.onProgress) opts_.onProgress(summary_.perFunction.size(), work_.size());
  }

  void recordRuleTotals(const RunReport& rep) {
    if (rep.stop != StopReason::Saturated) summary_.hitLimit++;
    addRuleCounts(rep);
  }

  // A round's rule counts into the module's totals (a function's later
  // rounds count their applications, not another function that hit a limit).
  void addRuleCounts(const RunReport& rep) {
    if (summary_.rules.size() < rep.rules.size()) summary_.rules.resize(rep.rules.size());
    for (size_t i = 0; i < rep.rules.size(); ++i) {
      summary_.rules[i].rule = i;
      summary_.rules[i].matches += rep.rules[i].matches;
      summary_.rules[i].applied += rep.rules[i].applied;
      summary_.rules[i].rejected += rep.rules[i].rejected;
      summary_.rules[i].timesBanned += rep.rules[i].timesBanned;
    }
  }

  // The new bodies replace the old in function order, after the workers are
  // done: adding and removing functions is not safe while they read the module.
  // The old body stays in the module's arena (removing a function frees none
  // of its expressions) and nothing changes it after this: it is kept as it
  // is, not copied, for revertInvalidFunctions.
  void installInOrder() {
    for (size_t i : toInstall_) {
      Work& w = work_[i];
      BinaryenFunctionRef f = w.func;
      replaced_.push_back({w.name, BinaryenFunctionGetParams(f), BinaryenFunctionGetResults(f),
                           BinaryenFunctionGetBody(f), functionVarTypes(f),
                           i});  // work_ and summary_.perFunction are in the same order
      replaceFunctionBody(module_, f, w.newBody, w.newVars);
      w.func = nullptr;
      w.newBody = nullptr;
      w.newVars.clear();
    }
  }

  // Each worker has its own scratch module; the main thread collects the
  // results in function order as they are ready.
  // Functions are handed out in function order: taking the largest first
  // balances the threads' loads better at the end, but runs the largest
  // functions (the largest e-graphs and emissions) at the same time, which
  // raises peak memory (docs/performance.md).
  void runInParallel() {
    std::mutex mu;
    std::condition_variable cv;
    size_t next = 0;
    auto worker = [&]() {
      ScratchModule scratch(module_);
      RunnerScratch saturationScratch;
      for (;;) {
        size_t i;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (next >= work_.size()) return;
          i = next++;
        }
        optimizeFunction(work_[i], scratch, saturationScratch);
        {
          std::lock_guard<std::mutex> lock(mu);
          work_[i].ready = true;
        }
        cv.notify_all();
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < jobs_; ++t) threads.emplace_back(worker);
    std::exception_ptr error;
    for (size_t i = 0; i < work_.size(); ++i) {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return work_[i].ready; });
      }
      try {
        if (!error) collect(work_[i]);
      } catch (...) {
        error = std::current_exception();
      }
    }
    for (std::thread& t : threads) t.join();
    if (error) std::rethrow_exception(error);
  }

  // A replaced function put back as it was.
  void revert(const Replaced& r) {
    BinaryenRemoveFunction(module_, r.name.c_str());
    BinaryenAddFunction(module_, r.name.c_str(), r.params, r.results, const_cast<BinaryenType*>(r.origVars.data()),
                        BinaryenIndex(r.origVars.size()), r.origBody);
    FunctionSummary& fs = summary_.perFunction[r.summaryIndex];
    summary_.costAfter += fs.costBefore - fs.costAfter;
    fs.costAfter = fs.costBefore;
    fs.instrsAfter = fs.instrsBefore;
    fs.replaced = false;
    fs.leftAloneReason = "rewritten body did not validate; kept the original (an eqsat-wasm bug: please report)";
  }

  void noteValidated() { summary_.validatedWith = BinaryenModuleGetFeatures(module_); }

  // Never hand back an invalid module: a rewritten function that does not
  // validate is put back as it was (this is a bug in eqsat-wasm if it happens).
  void revertInvalidFunctions() {
    if (replaced_.empty()) return;
    constexpr int kRounds = 3;
    for (int round = 0; round < kRounds; ++round) {
      ValidationResult v = validateModuleCaptured(module_);
      if (v.ok) return noteValidated();
      bool any = false;
      for (const Replaced& r : replaced_)
        for (const std::string& bad : v.badFunctions)
          if (bad == r.name) {
            revert(r);
            any = true;
          }
      if (!any) break;
    }
    if (validateModuleCaptured(module_).ok) return noteValidated();
    for (const Replaced& r : replaced_)
      if (summary_.perFunction[r.summaryIndex].costAfter != summary_.perFunction[r.summaryIndex].costBefore) revert(r);
  }
};

} // namespace

void optimizeModule(BinaryenModuleRef module, const std::vector<Rewrite>& rules, const OptimizeOptions& opts,
                    OptimizeSummary& summary) {
  ModuleOptimizer(module, rules, opts, summary).run();
}

} // namespace eqsat
