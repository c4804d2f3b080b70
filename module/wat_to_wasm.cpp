#include "module/wat_to_wasm.h"

#include "module/errors.h"
#include "module/module_io.h"
#include "module/output_capture.h"

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace eqsat::cli {
namespace {

std::string tempDir() {
  const char* t = std::getenv("TMPDIR");
  return (t && *t) ? t : "/tmp";
}

// wabt's flags for exactly the features `allowed` (wabt 1.0.32 turns some on by default).
std::vector<std::string> wabtFeatureFlags(BinaryenFeatures allowed) {
  struct Flag {
    BinaryenFeatures (*bit)();
    bool wabtDefault;
    const char* name;
  };
  static const Flag flags[] = {
      {BinaryenFeatureMutableGlobals, true, "mutable-globals"},
      {BinaryenFeatureNontrappingFPToInt, true, "saturating-float-to-int"},
      {BinaryenFeatureSignExt, true, "sign-extension"},
      {BinaryenFeatureSIMD128, true, "simd"},
      {BinaryenFeatureMultivalue, true, "multi-value"},
      {BinaryenFeatureBulkMemory, true, "bulk-memory"},
      {BinaryenFeatureReferenceTypes, true, "reference-types"},
      {BinaryenFeatureAtomics, false, "threads"},
      {BinaryenFeatureExceptionHandling, false, "exceptions"},
      {BinaryenFeatureTailCall, false, "tail-call"},
      {BinaryenFeatureMemory64, false, "memory64"},
      {BinaryenFeatureExtendedConst, false, "extended-const"},
      {BinaryenFeatureRelaxedSIMD, false, "relaxed-simd"},
      {BinaryenFeatureGC, false, "gc"},
      {BinaryenFeatureTypedFunctionReferences, false, "function-references"},
  };
  std::vector<std::string> out;
  for (const Flag& f : flags) {
    bool on = (allowed & f.bit()) != 0;
    if (on != f.wabtDefault) out.push_back(std::string(on ? "--enable-" : "--disable-") + f.name);
  }
  return out;
}

// One run of wat2wasm with `featureFlags`; the binary, or the CliError its first error makes.
std::vector<char> runWat2Wasm(const std::string& path, const std::vector<std::string>& featureFlags,
                              std::optional<CliError>& error) {
  std::string outPath = tempDir() + "/eqsat-wasm-wat-XXXXXX";
  std::vector<char> tmpl(outPath.begin(), outPath.end());
  tmpl.push_back('\0');
  int outFd = mkstemp(tmpl.data());
  if (outFd < 0)
    throw CliError(kExitInternal, path, "cannot create a temp file in " + tempDir() + ": " +
                                            errnoText(errno));
  close(outFd);
  outPath = tmpl.data();
  struct Cleanup {
    std::string p;
    ~Cleanup() { unlink(p.c_str()); }
  } cleanup{outPath};

  int capFd = anonymousTempFd();
  if (capFd < 0) throw CliError(kExitInternal, path, "cannot create a temp file: " + errnoText(errno));
  std::string inArg = (!path.empty() && path[0] == '-') ? "./" + path : path;
  const char* wat2wasm = std::getenv("EQSAT_WAT2WASM");
  if (!wat2wasm || !*wat2wasm) wat2wasm = "wat2wasm";
  std::vector<std::string> argvS = {wat2wasm};
  argvS.insert(argvS.end(), featureFlags.begin(), featureFlags.end());
  for (const char* a : {"--debug-names", inArg.c_str(), "-o", outPath.c_str()}) argvS.push_back(a);
  std::vector<char*> argv;
  for (auto& s : argvS) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, capFd, 1);
  posix_spawn_file_actions_adddup2(&fa, capFd, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, wat2wasm, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    close(capFd);
    throw CliError(kExitInternal, path,
                   std::string("cannot run ") + wat2wasm + " to convert text (install wabt): " +
                       errnoText(rc));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  std::string out = readAllFd(capFd);
  close(capFd);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw CliError(kExitInternal, path,
                   std::string("cannot run ") + wat2wasm + " to convert text (install wabt)");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // "PATH:LINE:COL: error: MESSAGE" -> subject "PATH:LINE:COL", MESSAGE
    static const std::regex errRe(R"(^.*:(\d+):(\d+): error: (.*)$)");
    std::string first;
    size_t pos = 0;
    while (pos < out.size()) {
      size_t nl = out.find('\n', pos);
      std::string line = out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? out.size() : nl + 1;
      std::smatch m;
      if (std::regex_match(line, m, errRe)) {
        error.emplace(kExitBadInput, path + ":" + m[1].str() + ":" + m[2].str(), m[3].str());
        return {};
      }
      if (first.empty() && !line.empty()) first = line;
    }
    error.emplace(kExitBadInput, path, "cannot convert text to binary: " + (first.empty() ? "wat2wasm failed" : first));
    return {};
  }
  return readFileBytes(outPath);
}

} // namespace

std::vector<char> watToWasm(const std::string& path, BinaryenFeatures allowed) {
  // The allowed features; then every feature but wabt's typed function
  // references, so that Binaryen can name a missing feature; then everything.
  BinaryenFeatures untyped = BinaryenFeatureAll() & ~BinaryenFeatureGC() & ~BinaryenFeatureTypedFunctionReferences();
  std::optional<CliError> first, error;
  std::vector<char> out = runWat2Wasm(path, wabtFeatureFlags(allowed), first);
  if (!first) return out;
  out = runWat2Wasm(path, wabtFeatureFlags(untyped), error);
  if (!error) return out;
  std::optional<CliError> broadest;
  out = runWat2Wasm(path, wabtFeatureFlags(BinaryenFeatureAll()), broadest);
  if (!broadest) return out;
  throw *error;
}

} // namespace eqsat::cli
