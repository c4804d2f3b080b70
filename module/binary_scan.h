// The structural scan of a binary module before Binaryen reads it: header
// and section framing, and every count a section declares against what its
// bytes can hold and against the implementation limits below (Binaryen
// reserves memory for counts as declared); also what target_features says.
#pragma once

#include <binaryen-c.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace eqsat::cli {

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
// Checks header and section framing, and every count a section declares (its
// entries; each function's locals, summed over its groups) against what the
// section's bytes can hold and against the limits above; reads
// target_features. Throws CliError(kExitBadInput, name, "malformed module at
// byte offset N: ..." or "module over a limit at byte offset N: ...").
BinaryScan scanBinary(const std::vector<char>& bytes, const std::string& displayName);

} // namespace eqsat::cli
