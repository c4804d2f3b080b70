#include "module/validate.h"

#include "module/output_capture.h"

#include <regex>
#include <set>

namespace eqsat {

ValidationResult validateModuleCaptured(BinaryenModuleRef module) {
  ValidationResult r;
  r.output = captureOutput([&] { r.ok = BinaryenModuleValidate(module); }, kMaxValidatorOutputBytes);
  if (!r.ok) {
    static const std::regex re(R"(\[wasm-validator error in function ([^\]]*)\])");
    std::set<std::string> seen;
    for (auto it = std::sregex_iterator(r.output.begin(), r.output.end(), re); it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[1].str();
      if (seen.insert(name).second) r.badFunctions.push_back(name);
    }
  }
  return r;
}

} // namespace eqsat
