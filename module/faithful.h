// Writing the optimized module as the input module with only the rewritten
// bodies replaced (module/splice.h), from a module that Binaryen read and the
// optimizer changed in place.
#pragma once

#include "module/splice.h"

#include <binaryen-c.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace eqsat::wasm {

// The input as read: its bytes, our reading of them, and what Binaryen named
// each function, global and table. `unspliceable` says why no body can be
// replaced (our reader could not read the module), when that is so.
struct InputImage {
  std::vector<uint8_t> bytes;
  BinaryModule module;
  IndexNames names;
  std::optional<std::string> unspliceable;
};

// The names of `module`'s functions, globals and tables in the order in which
// Binaryen's reader and writer number them: imports first, each part in the
// module's order.
IndexNames indexNames(BinaryenModuleRef module);

// The image of `bytes`, given our reading of them (nullopt: unreadable, and
// `whyUnreadable`) and `module`, Binaryen's reading of the same bytes, for its names.
InputImage makeInputImage(std::vector<uint8_t> bytes, std::optional<BinaryModule> ours,
                          const std::string& whyUnreadable, BinaryenModuleRef module);

struct FaithfulOutput {
  std::vector<uint8_t> bytes;
  std::set<std::string> replaced;                 // functions whose body is the new one
  std::map<std::string, std::string> keptOriginal;  // asked for, but kept as in the input, and why
  std::set<std::string> emptied;  // gone from the optimized module (inlined everywhere): now `unreachable`
  bool droppedDebugInfo = false;
  // The first structural difference between input and output (nullopt: none).
  std::optional<std::string> structuralDifference;
};

// The input with the bodies of `changed` taken from `optimized` (written by
// `writeBinary`, Binaryen's writer), then checked by firstStructuralDifference.
// A defined function that `optimized` no longer has (the inliner removed it)
// keeps its place with an `unreachable` body, when every changed body could be
// spliced (else a kept caller may still call it, and it stays as it was).
FaithfulOutput writeFaithful(const InputImage& input, BinaryenModuleRef optimized,
                             const std::set<std::string>& changed,
                             std::vector<char> (*writeBinary)(BinaryenModuleRef));

} // namespace eqsat::wasm
