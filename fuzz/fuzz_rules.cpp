// libFuzzer target: the input is a rules file (JSON). It is loaded as
// `eqsat-wasm --rules FILE` does, with the load-time randomized soundness
// check, from a directory holding copies of the bundled rulesets (so includes
// resolve); the check only for rulesets of at most 40 rules. A refusal (CliError: malformed, unsound) is fine; a crash, a
// sanitizer report, a hang (libFuzzer -timeout) or another exception is a finding.
// A loaded ruleset is then run on a small module to exercise its rewrites.
#include "module/errors.h"
#include "module/features.h"
#include "module/module_io.h"
#include "cli/rules_glue.h"
#include "module/optimize.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

using namespace eqsat;
using namespace eqsat::cli;
namespace fs = std::filesystem;

namespace {
std::string g_dir, g_module;

const char* kModule =
    "(module\n"
    " (func (export \"seam\") (param i32 i32) (result i32)\n"
    "  (i32.wrap_i64 (i64.shr_u (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 32))\n"
    "    (i64.extend_i32_u (local.get 1))) (i64.const 32))))\n"
    " (func (export \"mix\") (param i32 i32) (result i32)\n"
    "  (i32.add (i32.and (i32.xor (local.get 0) (i32.const 255)) (local.get 1))\n"
    "   (select (i32.shl (local.get 0) (i32.const 3)) (i32.sub (local.get 1) (local.get 0))\n"
    "    (i32.lt_u (local.get 0) (local.get 1))))))\n";
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Binaryen's thread pool must not exist when the probe forks (a forked child
  // would wait for pool threads that are not there): run Binaryen on this thread.
  setenv("BINARYEN_CORES", "1", 1);
  const char* t = std::getenv("TMPDIR");
  g_dir = std::string(t ? t : "/tmp") + "/eqsat-fuzz-rules-" + std::to_string(getpid());
  fs::create_directories(g_dir);
  fs::path src = fs::path(defaultRulesPath()).parent_path();
  for (const auto& e : fs::directory_iterator(src))
    if (e.path().extension() == ".json")
      fs::copy_file(e.path(), g_dir / e.path().filename(), fs::copy_options::overwrite_existing);
  g_module = g_dir + "/module.wat";
  if (FILE* f = std::fopen(g_module.c_str(), "w")) {
    std::fputs(kModule, f);
    std::fclose(f);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return -1;
  const std::string path = g_dir + "/fuzz-input.json";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  LoadedRules rules;
  try {
    rules = loadRules({path}, RuleCheck::None);
    // The load-time randomized check too, for small rulesets (under ASan the
    // check of the whole bundled ruleset takes minutes).
    if (rules.rewrites().size() <= 40) rules = loadRules({path}, RuleCheck::RandomInputs);
  } catch (const CliError&) {
    return 0;
  }
  static LoadedModule lm;  // text -> binary once (wat2wasm is a subprocess)
  static std::vector<char> bytes;
  if (bytes.empty()) {
    lm = loadModule(g_module, FeatureSelection{});
    bytes = writeBinary(lm.module);
    BinaryenModuleDispose(lm.module);
  }
  BinaryenModuleRef m = BinaryenModuleRead(bytes.data(), bytes.size());
  BinaryenModuleSetFeatures(m, BinaryenFeatureMVP() | BinaryenFeatureSignExt() | BinaryenFeatureMutableGlobals());
  OptimizeOptions opts;
  opts.limits.seconds = 0.5;
  opts.limits.nodes = 2000;
  OptimizeSummary summary;
  optimizeModule(m, rules.rewrites(), opts, summary);
  std::string problem = validateModule(m);
  if (!problem.empty()) {
    std::fprintf(stderr, "eqsat-fuzz: the optimized module does not validate: %s\n", problem.c_str());
    std::abort();
  }
  BinaryenModuleDispose(m);
  return 0;
}
