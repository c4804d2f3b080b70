// Reading and writing modules safely: format detection, .wat conversion with
// wabt's wat2wasm, a structural scan of binaries (byte offsets for malformed
// input), parsing + validation by Binaryen in a forked child (Binaryen exits or
// aborts on some malformed input), capture of Binaryen's own diagnostics, and
// atomic output (temp file in the target directory, fsync, rename).
#pragma once

#include "module/features.h"
#include "module/faithful.h"

#include <binaryen-c.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>

#include <string>
#include <vector>

namespace eqsat::cli {

enum class InputFormat { Binary, Text };

// Reads a whole file. Throws CliError(kExitBadInput, path, ...) if it cannot.
std::vector<char> readFileBytes(const std::string& path);

// Binary if it starts with "\0asm"; text if it looks like text (no NUL, valid
// UTF-8); otherwise throws CliError(kExitBadInput). Empty files are an error.
InputFormat detectFormat(const std::vector<char>& bytes, const std::string& displayName);

// What a structural scan of a binary module found.
struct BinaryScan {
  bool hasFeaturesSection = false;
  BinaryenFeatures features = 0;  // '+'/'=' entries of target_features that Binaryen knows
};
// Implementation limits of a binary module, the JS API's (what browsers
// accept): scanBinary refuses a module over one before Binaryen reads it.
constexpr uint64_t kMaxTypes = 1000000;
constexpr uint64_t kMaxFunctions = 1000000;
constexpr uint64_t kMaxImports = 100000;
constexpr uint64_t kMaxExports = 100000;
constexpr uint64_t kMaxGlobals = 1000000;
constexpr uint64_t kMaxTables = 100000;
constexpr uint64_t kMaxMemories = 100000;
constexpr uint64_t kMaxTags = 1000000;
constexpr uint64_t kMaxDataSegments = 100000;
constexpr uint64_t kMaxElementSegments = 10000000;
constexpr uint64_t kMaxFunctionLocals = 50000;  // declared locals of one function, all groups
// Expressions nested deeper than this are refused when the module is read:
// Binaryen's reader, validator and writers recurse once per level, and this
// many levels fit in the stack of the thread that runs them (kMainStackBytes,
// cli/driver.h) with room to spare. Text output indents every level, so its
// size grows with the square of the depth: it is refused beyond
// kMaxTextNestingDepth (binary output is not).
constexpr size_t kMaxNestingDepth = 500000;
constexpr size_t kMaxTextNestingDepth = 5000;
// Checks header and section framing, and every count a section declares (its
// entries; each function's locals, summed over its groups) against what the
// section's bytes can hold and against the limits above; reads
// target_features. Throws CliError(kExitBadInput, name, "malformed module at
// byte offset N: ..." or "module over a limit at byte offset N: ...").
BinaryScan scanBinary(const std::vector<char>& bytes, const std::string& displayName);

// Converts text to binary with wabt's `wat2wasm --debug-names`, with the
// features `allowed` (Binaryen's bits) turned on in wabt: never more, so that
// wabt's typing is the one those features define (wabt's typed function
// references reject valid reference-types code). A module that needs more is
// converted with more, so that Binaryen's feature check (probeModule) can name
// what is missing. Syntax/type errors become
// CliError(kExitBadInput, "FILE:LINE:COL", message).
std::vector<char> watToWasm(const std::string& path, BinaryenFeatures allowed);

// Result of parsing + validating in a child process.
struct ProbeResult {
  enum class Kind { Ok, Invalid, MissingFeatures, Malformed, Crashed, Timeout } kind = Kind::Ok;
  std::string message;              // one line, for everything but Ok
  BinaryenFeatures missing = 0;     // for MissingFeatures
  size_t nestingDepth = 0;          // for Ok: the deepest expression nesting of any function
  std::string deepestFunction;      // for Ok: the function that nests that deep
};
// Past `deadline` the child is killed and Kind::Timeout returned.
ProbeResult probeModule(const std::vector<char>& bytes, BinaryenFeatures features,
                        std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

// Turns Binaryen's output into one line.
//   "[parse exception: MSG (at 0:N)]Fatal: ..." -> "malformed module at byte offset N: MSG"
std::string describeParseFailure(const std::string& captured);
//   "[wasm-validator error in function f] unexpected false: MSG, on\n..." -> "in function f: MSG"
std::string firstValidationError(const std::string& captured);

// Runs `fn` with fds 1 and 2 redirected into a temp file; returns what was written.
template <typename F> std::string captureOutput(F&& fn);
class OutputCapture {
public:
  OutputCapture();
  ~OutputCapture();
  std::string finish();  // restores fds, returns the captured text
private:
  int savedOut_ = -1, savedErr_ = -1, fd_ = -1;
  bool active_ = false;
};
template <typename F> std::string captureOutput(F&& fn) {
  OutputCapture cap;
  fn();
  return cap.finish();
}

// A module read by Binaryen, validated, with its output feature set applied.
struct LoadedModule {
  BinaryenModuleRef module = nullptr;
  InputFormat format = InputFormat::Binary;
  BinaryenFeatures features = 0;        // what the input may use (reading and validation)
  // What the output may use: the features the input declares in its
  // target_features section or, without one, those its own code uses, plus
  // --enable-*; never more than `features`. The module carries this set.
  BinaryenFeatures outputFeatures = 0;
  size_t inputBytes = 0;
  wasm::InputImage image;  // the binary as read (text: as converted), for the faithful write
  size_t nestingDepth = 0;      // the deepest expression nesting of any function
  std::string deepestFunction;  // the function that nests that deep
};
// The whole input path: read, detect, convert text, scan, probe, read for real.
// Throws CliError (kExitBadInput for anything wrong with the input).
// Reading stops at `deadline` (--module-time-limit) with a CliError.
LoadedModule loadModule(const std::string& path, const FeatureSelection& sel,
                        std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

// Validates in-process, capturing Binaryen's messages. Returns "" if valid,
// else the first problem (one line).
std::string validateModule(BinaryenModuleRef module);

// Serialization (names section kept).
std::vector<char> writeBinary(BinaryenModuleRef module);
std::string writeText(BinaryenModuleRef module);

// True if a and b name the same file: same inode if both exist, else the same
// normalized absolute path.
bool sameFile(const std::string& a, const std::string& b);

// Checks that `path` could be created/replaced: its directory exists and is
// writable and `path` is not a directory. Throws CliError(kExitBadInput, path, ...).
void checkOutputPath(const std::string& path);

// Writes `data` to `path` atomically: temp file in the same directory, fsync,
// rename, fsync of the directory. Never leaves a partial or temp file behind.
// `mode` < 0: 0666 & ~umask. Throws CliError(kExitBadInput, path, ...).
void writeFileAtomically(const std::string& path, const void* data, size_t size, int mode = -1);

// Writes everything to fd 1. Throws CliError(kExitBadInput, "-", ...) on failure.
void writeStdout(const void* data, size_t size);

// For the crash handler: the temp file being written right now ("" if none).
const char* currentTempFile();

} // namespace eqsat::cli
