// The output is the input, except the bodies that got cheaper.
//
// `splice` takes the input binary and, for each function whose body was
// rewritten, the code entry that Binaryen wrote for it, re-encoded against
// the input's own index spaces (module/wasm_binary.h). Everything else (the
// order of functions, every index space, every other section, every
// unchanged body) is the input's, byte for byte. `firstStructuralDifference`
// is the check run on every write: it reads both binaries with our own reader
// and names the first place where the output differs from the input in more
// than the bodies it was allowed to change.
#pragma once

#include "module/wasm_binary.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace eqsat::wasm {

// What the IR calls each entry of the index spaces that bodies refer to by
// name, in index order (imports first): for the input, as read; for
// Binaryen's output, in the order its writer numbers them.
struct IndexNames {
  std::vector<std::string> functions, globals, tables;
};

struct SpliceRequest {
  Bytes input;
  const BinaryModule* inputModule = nullptr;
  IndexNames inputNames;
  Bytes written;  // Binaryen's write of the optimized module
  IndexNames writtenNames;
  std::set<std::string> changed;  // functions whose new body replaces the input's
  // Functions the optimized module no longer has (inlined at every call):
  // their bodies become `unreachable`, since nothing calls them any more.
  std::set<std::string> emptied;
};

struct SpliceResult {
  std::vector<uint8_t> bytes;
  std::set<uint32_t> changedDefined;  // defined-function positions whose body was replaced
  std::map<std::string, std::string> notSpliced;  // function -> why its input body was kept
  std::set<std::string> emptied;  // functions whose body is now `unreachable`
  bool droppedDebugInfo = false;  // .debug_* sections removed: they describe the old code
};

// Throws BinaryError when Binaryen's output cannot be matched with the input
// at all (different index spaces); a function that cannot be re-encoded is
// listed in notSpliced and keeps its input body.
SpliceResult splice(const SpliceRequest& request);

// The first difference between `input` and `output` beyond the code entries
// of the defined functions in `changedDefined`, the local and label names of
// those functions, and (with `debugDropped`) the removal of .debug_*
// sections; nullopt when there is none.
std::optional<std::string> firstStructuralDifference(Bytes input, Bytes output,
                                                     const std::set<uint32_t>& changedDefined, bool debugDropped);

} // namespace eqsat::wasm
