// libFuzzer target: the input is a module (binary or text); it goes through
// exactly what `eqsat-wasm IN -o OUT` does: format detection, the structural
// scan, the forked parse+validate probe, Binaryen's reader, optimizeModule with
// the bundled rules, validation and serialization. Expected refusals (CliError:
// malformed input, missing features) are fine; anything else is a finding:
// a crash, a sanitizer report, an exception escaping the optimizer, or an
// optimized module that does not validate (abort()).
#include "module/errors.h"
#include "module/features.h"
#include "module/module_io.h"
#include "cli/rules_glue.h"
#include "module/optimize.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>

using namespace eqsat;
using namespace eqsat::cli;

namespace {
const LoadedRules& rules() {
  static LoadedRules r = [] {
    const char* env = std::getenv("EQSAT_FUZZ_RULES");
    std::vector<std::string> files{env ? std::string(env) : defaultRulesPath()};
    return loadRules(files, RuleCheck::None);
  }();
  return r;
}

std::string tempPath() {
  static std::string p = [] {
    const char* d = std::getenv("TMPDIR");
    return std::string(d ? d : "/tmp") + "/eqsat-fuzz-pipeline-" + std::to_string(getpid()) + ".wasm";
  }();
  return p;
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Binaryen's thread pool must not exist when the probe forks (a forked child
  // would wait for pool threads that are not there): run Binaryen on this thread.
  setenv("BINARYEN_CORES", "1", 1);
  rules();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return -1;
  const std::string path = tempPath();
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  FeatureSelection sel;  // as without flags: target_features or MVP + sign-ext + mutable-globals
  LoadedModule lm;
  try {
    lm = loadModule(path, sel);
  } catch (const CliError&) {
    return 0;  // refused with a one-line message: fine
  }
  OptimizeOptions opts;
  opts.limits.seconds = 1;  // keep executions short
  OptimizeSummary summary;
  optimizeModule(lm.module, rules().rewrites(), opts, summary);  // an exception is a finding
  BinaryenModuleSetFeatures(lm.module, lm.features);
  std::string problem = validateModule(lm.module);
  if (!problem.empty()) {
    std::fprintf(stderr, "eqsat-fuzz: the optimized module does not validate: %s\n", problem.c_str());
    std::abort();
  }
  std::vector<char> out = writeBinary(lm.module);
  if (out.size() < 8) std::abort();
  BinaryenModuleDispose(lm.module);
  return 0;
}
