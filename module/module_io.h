// Reading a module safely, the whole input path: the file read with a size
// bound, its format detected, text converted (module/wat_to_wasm.h), the
// binary scanned (module/binary_scan.h), parsed and validated in a forked
// child (module/probe.h), then read for real with Binaryen's diagnostics
// captured (module/output_capture.h). Also validating in-process and
// serializing a module again.
#pragma once

#include "module/features.h"
#include "module/faithful.h"

#include <binaryen-c.h>

#include <chrono>
#include <cstddef>
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

// Expressions nested deeper than this are refused when the module is read:
// Binaryen's reader, validator and writers recurse once per level, and this
// many levels fit in the stack of the thread that runs them (kMainStackBytes,
// cli/driver.h) with room to spare. Text output indents every level, so its
// size grows with the square of the depth: it is refused beyond
// kMaxTextNestingDepth (binary output is not).
constexpr size_t kMaxNestingDepth = 500000;
constexpr size_t kMaxTextNestingDepth = 5000;

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

} // namespace eqsat::cli
