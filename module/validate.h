// Validating a module with Binaryen while capturing what its validator prints.
#pragma once

#include <binaryen-c.h>

#include <functional>
#include <string>
#include <vector>

namespace eqsat {

// Runs `f` with the process's stdout and stderr redirected to a temporary
// file; returns what was written there.
std::string captureOutput(const std::function<void()>& f);

struct ValidationResult {
  bool ok = true;
  std::string output;                      // what the validator printed
  std::vector<std::string> badFunctions;   // functions named in "[wasm-validator error in function X]"
};

ValidationResult validateModuleCaptured(BinaryenModuleRef module);

} // namespace eqsat
