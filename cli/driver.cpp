#include "cli/driver.h"

#include "cli/compare.h"
#include "cli/rewrite.h"
#include "module/errors.h"
#include "cli/explain_command.h"
#include "module/module_io.h"
#include "module/output_capture.h"
#include "module/output_file.h"
#include "module/probe.h"
#include "cli/options.h"
#include "cli/progress.h"
#include "cli/rules_glue.h"
#include "cost/cost.h"
#include "module/optimize.h"
#include "module/readonly_data.h"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <set>
#include <optional>
#include <ostream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace eqsat::cli {
namespace {

char g_crashSubject[4096] = "eqsat-wasm";

extern "C" void crashHandler(int sig) {
  const char* tmp = currentTempFile();
  if (tmp && *tmp) unlink(tmp);
  char buf[8192];
  const char* name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGABRT ? "SIGABRT" : sig == SIGBUS ? "SIGBUS"
                     : sig == SIGFPE ? "SIGFPE" : sig == SIGILL ? "SIGILL" : "signal";
  // Only async-signal-safe calls: build the line by hand.
  size_t n = 0;
  auto put = [&](const char* s) {
    while (*s && n + 1 < sizeof buf) buf[n++] = *s++;
  };
  put("\neqsat-wasm: ");
  put(g_crashSubject);
  put(": internal error: crashed (");
  put(name);
  put("); no output written\n");
  // Start on a fresh line in case a Binaryen message was half printed.
  ssize_t ignored = write(2, buf + 1, n - 1);
  (void)ignored;
  _exit(kExitInternal);
}

std::string summaryLine(const std::string& in, const OptimizeSummary& s, const std::string& wrote,
                        size_t bytes, const std::string& notes, const std::string& rulesNote) {
  std::ostringstream o;
  o << in << ": " << s.functions << " function" << (s.functions == 1 ? "" : "s") << ", " << s.handled
    << " handled, " << s.leftAlone << " left alone";
  if (s.hitLimit) o << ", " << s.hitLimit << " hit a limit";
  // Wall-clock budgets make the output depend on the machine and on -j:
  // the functions they touched are named (the first kNamed of them).
  constexpr size_t kNamed = 10;
  auto names = [&](const char* what, auto pick) {
    std::vector<std::string> v;
    for (const FunctionSummary& f : s.perFunction)
      if (pick(f)) v.push_back(f.name);
    if (v.empty()) return;
    o << ", " << v.size() << " " << what << " (";
    for (size_t i = 0; i < v.size() && i < kNamed; ++i) o << (i ? " " : "") << v[i];
    if (v.size() > kNamed) o << " and " << v.size() - kNamed << " more";
    o << ")";
  };
  names("stopped by a time limit", [](const FunctionSummary& f) { return f.handled && f.stop == StopReason::TimeLimit; });
  names("skipped by --module-time-limit", [](const FunctionSummary& f) { return f.skippedByBudget; });
  o << ", cost " << formatCost(s.costBefore) << " -> " << formatCost(s.costAfter);
  if (s.costBefore > 0 && s.costAfter != s.costBefore) {
    char pct[32];
    std::snprintf(pct, sizeof pct, " (%+.1f%%)", 100.0 * (s.costAfter - s.costBefore) / s.costBefore);
    o << pct;
  }
  o << notes;
  if (!wrote.empty()) o << "; wrote " << wrote << " (" << bytes << " bytes)";
  else o << "; nothing written (no -o)";
  if (!rulesNote.empty()) o << "; " << rulesNote;
  return o.str();
}

struct FaithfulWrite {
  std::vector<uint8_t> bytes;
  std::string notes;  // for the summary line: what the output does not keep, and why
};

// The input with the bodies that got cheaper (or, with --inline, that the
// inliner changed) spliced in; `summary` is corrected for bodies that could
// not be spliced. A structural difference from the input beyond those bodies
// is a bug: exit 3, nothing written.
FaithfulWrite writeOutput(const LoadedModule& lm, OptimizeSummary& summary, const std::string& in) {
  std::set<std::string> changed(summary.changedByInlining.begin(), summary.changedByInlining.end());
  for (const FunctionSummary& fs : summary.perFunction)
    if (fs.replaced) changed.insert(fs.name);
  wasm::FaithfulOutput out = wasm::writeFaithful(lm.image, lm.module, changed, writeBinary);
  if (out.structuralDifference)
    throw CliError(kExitInternal, in,
                   "internal error: the output differs from the input in more than the rewritten bodies: " +
                       *out.structuralDifference + "; nothing written");
  for (FunctionSummary& fs : summary.perFunction) {
    auto kept = out.keptOriginal.find(fs.name);
    if (kept == out.keptOriginal.end() || !fs.replaced) continue;
    summary.costAfter += fs.costBefore - fs.costAfter;
    fs.costAfter = fs.costBefore;
    fs.instrsAfter = fs.instrsBefore;
    fs.replaced = false;
    fs.leftAloneReason = "kept as in the input: " + kept->second;
  }
  if (!out.replaced.empty() || !out.emptied.empty()) {
    ProbeResult probe = probeModule(std::vector<char>(out.bytes.begin(), out.bytes.end()), lm.outputFeatures);
    if (probe.kind != ProbeResult::Kind::Ok)
      throw CliError(kExitInternal, in, "internal error: the output does not validate (" + probe.message +
                                            "); nothing written");
  }
  FaithfulWrite faithful;
  faithful.bytes = std::move(out.bytes);
  if (!out.emptied.empty())
    faithful.notes += "; " + std::to_string(out.emptied.size()) + " function" + (out.emptied.size() == 1 ? "" : "s") +
                " inlined at every call left as unreachable";
  if (out.droppedDebugInfo) faithful.notes += "; DWARF dropped (it describes the old code)";
  if (!out.keptOriginal.empty())
    faithful.notes += "; " + std::to_string(out.keptOriginal.size()) + " rewritten bod" +
                (out.keptOriginal.size() == 1 ? "y" : "ies") + " kept as in the input (--report says why)";
  return faithful;
}

enum class OutputForm { Binary, Text };

// Binaryen's text for a binary module.
std::string binaryToText(const std::vector<uint8_t>& bytes, BinaryenFeatures features) {
  std::vector<char> copy(bytes.begin(), bytes.end());
  OutputCapture cap;
  BinaryenModuleRef m = BinaryenModuleRead(copy.data(), copy.size());
  cap.finish();
  BinaryenModuleSetFeatures(m, features);
  std::string text = writeText(m);
  BinaryenModuleDispose(m);
  return text;
}

// Where the output goes: -o OUT, IN itself with --in-place, or "" (nothing
// written). Checked before any work.
std::string outputPathOf(const CliOptions& opts) {
  const std::string& in = opts.input;
  std::string outPath;
  if (opts.output) {
    outPath = *opts.output;
    if (outPath.empty()) throw CliError(kExitUsage, "-o", "empty output path");
    if (outPath != "-" && sameFile(in, outPath)) {
      if (!opts.inPlace)
        throw CliError(kExitUsage, outPath,
                       "output file is the input file (use --in-place to overwrite it)");
    } else if (opts.inPlace) {
      throw CliError(kExitUsage, "--in-place", "conflicts with -o " + outPath + " (not the input file)");
    }
  } else if (opts.inPlace) {
    outPath = in;
  }
  if (!outPath.empty() && outPath != "-") checkOutputPath(outPath);
  return outPath;
}

// The cost model first: a bad cost table is a bad input (exit 2), reported before any work.
void checkCostModel(const CliOptions& opts) {
  try {
    if (!makeCostModel(opts.optimize.costModel))
      throw CliError(kExitUsage, "--cost", "cannot read cost model '" + opts.optimize.costModel + "'");
  } catch (const CostTableError& e) {
    throw CliError(kExitBadInput, "", e.what());
  }
}

// The rules of a finished run, left for the process's exit to free: their
// thousands of small allocations (rules, conditions, compiled programs)
// would otherwise be freed one by one, work the exit does at once. They stay
// reachable from here, so a leak checker does not count them; a later run
// in the same process (the tests) frees the ones before.
void keepUntilExit(LoadedRules&& rules) {
  static std::mutex mu;
  static auto* kept = new std::unique_ptr<LoadedRules>;
  std::lock_guard<std::mutex> lock(mu);
  *kept = std::make_unique<LoadedRules>(std::move(rules));
}

// The rules of the run, loaded before any work on the module so that a
// broken ruleset fails first: the --rules files, or the bundled ruleset.
struct RunRules {
  LoadedRules loaded;
  RuleCheck check = RuleCheck::RandomInputs;  // how the files were checked at load time
};
RunRules loadRunRules(const CliOptions& opts) {
  std::vector<std::string> ruleFiles = opts.rulesFiles;
  // The bundled ruleset is proved with Z3 by the test suite (check-rules over
  // rulesets/), so its quick random check at load time is only done for
  // files given with --rules.
  RuleCheck check = opts.checkRules ? RuleCheck::RandomInputs : RuleCheck::None;
  if (ruleFiles.empty()) {
    std::string def = defaultRulesPath();
    if (!def.empty()) ruleFiles.push_back(def);
    check = RuleCheck::None;
  }
  // A crash while loading rules names the rule files, not the module.
  std::string subject;
  for (const auto& f : ruleFiles) subject += (subject.empty() ? "" : ", ") + f;
  setCrashSubject(subject.empty() ? opts.input : subject);
  RunRules rules{loadRules(ruleFiles, check), check};
  setCrashSubject(opts.input);
  return rules;
}

// --module-time-limit counts from the start of the run: reading the module is bounded by it too.
std::optional<std::chrono::steady_clock::time_point> readDeadlineOf(const CliOptions& opts,
                                                                   std::chrono::steady_clock::time_point runStart) {
  if (opts.optimize.moduleSeconds <= 0) return std::nullopt;
  return runStart + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(std::min(opts.optimize.moduleSeconds, 1e9)));
}

// optimizeModule, with anything it throws but a CliError made an internal error.
void optimizeOrExplain(BinaryenModuleRef module, const std::vector<Rewrite>& rules, const OptimizeOptions& options,
                       OptimizeSummary& summary, const std::string& in) {
  try {
    optimizeModule(module, rules, options, summary);
  } catch (const CliError&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw CliError(kExitInternal, in, "internal error: out of memory while optimizing");
  } catch (const std::exception& e) {
    throw CliError(kExitInternal, in, std::string("internal error while optimizing: ") + e.what());
  }
}

// Writes the output (binary, or Binaryen's text of it) to `outPath` or
// stdout ("-"); with --in-place, keeping the input's permissions. Returns
// the bytes written.
size_t writeResult(const CliOptions& opts, const std::string& outPath, OutputForm form,
                   const std::vector<uint8_t>& binary, BinaryenFeatures features) {
  std::string text;
  const void* data = binary.data();
  size_t size = binary.size();
  if (form == OutputForm::Text) {
    text = binaryToText(binary, features);
    data = text.data();
    size = text.size();
  }
  if (outPath == "-") {
    writeStdout(data, size);
  } else {
    int mode = -1;
    struct stat st;
    if (opts.inPlace && stat(opts.input.c_str(), &st) == 0) mode = st.st_mode & 07777;
    writeFileAtomically(outPath, data, size, mode);
  }
  return size;
}

int runOptimize(const CliOptions& opts, std::ostream& out, std::ostream& err) {
  const auto runStart = std::chrono::steady_clock::now();
  const std::string& in = opts.input;
  setCrashSubject(in);

  const std::string outPath = outputPathOf(opts);
  const bool toStdout = outPath == "-";
  checkCostModel(opts);
  RunRules rules = loadRunRules(opts);

  LoadedModule lm = loadModule(in, opts.features, readDeadlineOf(opts, runStart));
  const OutputForm form =
      opts.textOutput || (opts.inPlace && lm.format == InputFormat::Text) ? OutputForm::Text : OutputForm::Binary;
  if (!outPath.empty() && form == OutputForm::Text && lm.nestingDepth > kMaxTextNestingDepth) {
    BinaryenModuleDispose(lm.module);
    throw CliError(kExitBadInput, in,
                   "cannot write text: function '" + lm.deepestFunction + "' nests expressions " +
                       std::to_string(lm.nestingDepth) + " levels deep, and text indents every level (at most " +
                       std::to_string(kMaxTextNestingDepth) + " in text output; write binary instead)");
  }
  struct Dispose {
    BinaryenModuleRef m;
    ~Dispose() { BinaryenModuleDispose(m); }
  } dispose{lm.module};

  // --stats, --report, --explain, --dump-egraph, --trace-rule (cli/explain_command.h)
  RunObserver observer(opts, lm.module, rules.loaded.rewrites());
  OptimizeOptions optimizeOptions = opts.optimize;
  optimizeOptions.runStart = runStart;
  if (optimizeOptions.readonlyData) optimizeOptions.readonlyBytes = findReadonlyData(lm.image.bytes);
  observer.install(optimizeOptions);
  ProgressBar progress(opts.quiet);  // stderr, only on a terminal (cli/progress.h)
  progress.install(optimizeOptions);
  const auto optimizeStart = std::chrono::steady_clock::now();
  OptimizeSummary summary;
  optimizeOrExplain(lm.module, rules.loaded.rewrites(), optimizeOptions, summary, in);
  progress.finish();

  // Never write an invalid module (unless optimizeModule just validated it
  // as it is, with these features, after its last change).
  BinaryenModuleSetFeatures(lm.module, lm.outputFeatures);
  std::string problem = summary.validatedWith == lm.outputFeatures ? std::string() : validateModule(lm.module);
  if (!problem.empty())
    throw CliError(kExitInternal, in,
                   "internal error: the optimized module does not validate (" + problem +
                       "); nothing written");

  // The output is the input with the rewritten bodies spliced in (module/splice.h).
  FaithfulWrite faithful = writeOutput(lm, summary, in);
  size_t written = outPath.empty() ? 0 : writeResult(opts, outPath, form, faithful.bytes, lm.outputFeatures);
  observer.finish(lm.module, summary,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - optimizeStart).count(),
                  toStdout ? err : out, err);
  // --rules files: say whether they were proved or only tested on random inputs
  // (the bundled rules are proved by the test suite).
  const std::string rulesNote = opts.rulesFiles.empty() ? "" : rulesCheckedText(rules.loaded, rules.check);
  if (!opts.quiet && !toStdout) out << summaryLine(in, summary, outPath, written, faithful.notes, rulesNote) << "\n";
  keepUntilExit(std::move(rules.loaded));
  return kExitOk;
}

} // namespace

void setCrashSubject(const std::string& subject) {
  size_t n = std::min(subject.size(), sizeof g_crashSubject - 1);
  std::memcpy(g_crashSubject, subject.data(), n);
  g_crashSubject[n] = 0;
}

void useCrashStackOnThisThread() {
#if !defined(__SANITIZE_ADDRESS__)
  // The handler runs on its own stack, so that a stack overflow (deep
  // recursion on a deeply nested input) is reported too. One per thread,
  // never freed (the threads that call this live as long as the process).
  constexpr size_t kAltStackBytes = size_t(1) << 16;
  stack_t ss;
  std::memset(&ss, 0, sizeof ss);
  ss.ss_sp = new char[kAltStackBytes];
  ss.ss_size = kAltStackBytes;
  sigaltstack(&ss, nullptr);
#endif
}

void installCrashHandlers() {
#if !defined(__SANITIZE_ADDRESS__)
  useCrashStackOnThisThread();
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_handler = crashHandler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) sigaction(sig, &sa, nullptr);
#endif
}

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    if (!args.empty() && args[0] == "compare")
      return runCompare(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    if (!args.empty() && args[0] == "rewrite")
      return runRewrite(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
    CliOptions opts = parseCommandLine(args);
    switch (opts.command) {
    case Command::Help:
      out << helpText();
      return kExitOk;
    case Command::Version:
      out << "eqsat-wasm " << EQSAT_VERSION << " (Binaryen C API, wabt wat2wasm for text)\n";
      return kExitOk;
    case Command::CheckRules:
      return checkRulesCommand(opts.checkFiles, out, err,
                               CheckRulesArgs{opts.z3TimeoutMs, opts.checkOnly, opts.checkNoIncludes, opts.proofCache,
                                              opts.proofCacheDir});
    case Command::Optimize:
      return runOptimize(opts, out, err);
    }
    return kExitInternal;
  } catch (const CliError& e) {
    err << e.line() << "\n";
    return e.code();
  } catch (const std::bad_alloc&) {
    err << formatErrorLine("", "internal error: out of memory") << "\n";
    return kExitInternal;
  } catch (const std::exception& e) {
    err << formatErrorLine("", std::string("internal error: ") + e.what()) << "\n";
    return kExitInternal;
  }
}

} // namespace eqsat::cli
