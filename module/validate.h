// Validating a module with Binaryen while capturing what its validator prints
// (module/output_capture.h), and naming the functions it complains about.
#pragma once

#include <binaryen-c.h>

#include <string>
#include <vector>

namespace eqsat {

struct ValidationResult {
  bool ok = true;
  std::string output;                      // what the validator printed (its first kMaxValidatorOutputBytes)
  std::vector<std::string> badFunctions;   // functions named in "[wasm-validator error in function X]"
};

// What is kept of the validator's messages: it prints every invalid
// expression, which on a large module can be far more than the names need.
constexpr size_t kMaxValidatorOutputBytes = size_t(1) << 20;

ValidationResult validateModuleCaptured(BinaryenModuleRef module);

} // namespace eqsat
