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
//
// The child is forked, unless setProbeExecutable named a program to run
// instead and this process holds more than its threshold resident: a forked child starts with every resident page of its
// parent counted in its own peak RSS (the kernel copies the page table),
// so that probing the output of a large module would cost the module
// twice over. The program is then started anew (posix_spawn, which copies
// no page table) with kProbeChildArgument, and does the same work.
ProbeResult probeModule(const std::vector<char>& bytes, BinaryenFeatures features,
                        std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

constexpr size_t kFreshProbeAboveBytes = size_t(32) << 20;
constexpr const char* kProbeChildArgument = "--probe-child";
// The program that runs runProbeChild when given kProbeChildArgument
// (cli/main.cpp sets it to itself), for probes made while this process holds
// more than `freshAboveBytes` resident; unset, every probe is forked.
void setProbeExecutable(const std::string& path, size_t freshAboveBytes = kFreshProbeAboveBytes);
// The probe's work in a process of its own, started by probeModule: the
// module's bytes on fd 0, Binaryen's messages to fds 1 and 2, the answer on
// fd 3; `featureBits` is the decimal BinaryenFeatures to validate with.
// Ends the process (_exit(0), as a forked probe does) once the answer is
// written; it does not return.
int runProbeChild(const std::string& featureBits);

// Turns Binaryen's output into one line.
//   "[parse exception: MSG (at 0:N)]Fatal: ..." -> "malformed module at byte offset N: MSG"
std::string describeParseFailure(const std::string& captured);
//   "[wasm-validator error in function f] unexpected false: MSG, on\n..." -> "in function f: MSG"
std::string firstValidationError(const std::string& captured);


} // namespace eqsat::cli
