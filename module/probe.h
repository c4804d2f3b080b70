// Parsing and validating a module with Binaryen in a forked child first
// (Binaryen exits or aborts on some malformed input, and may not return on a
// hostile one): what went wrong, in one line, or how deep its expressions
// nest; and the one-line forms of Binaryen's parse and validation messages.
#pragma once

#include <binaryen-c.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace eqsat::cli {

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


} // namespace eqsat::cli
