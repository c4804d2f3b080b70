// Text input: converting a .wat module to binary with wabt's wat2wasm, run as
// a child process with its output captured, its first error made ours.
#pragma once

#include <binaryen-c.h>

#include <string>
#include <vector>

namespace eqsat::cli {

// Converts text to binary with wabt's `wat2wasm --debug-names`, with the
// features `allowed` (Binaryen's bits) turned on in wabt: never more, so that
// wabt's typing is the one those features define (wabt's typed function
// references reject valid reference-types code). A module that needs more is
// converted with more, so that Binaryen's feature check (probeModule) can name
// what is missing. Syntax/type errors become
// CliError(kExitBadInput, "FILE:LINE:COL", message).
std::vector<char> watToWasm(const std::string& path, BinaryenFeatures allowed);

} // namespace eqsat::cli
