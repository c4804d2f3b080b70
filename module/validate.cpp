#include "module/validate.h"

#include <cstdio>
#include <regex>
#include <set>
#include <unistd.h>

namespace eqsat {

std::string captureOutput(const std::function<void()>& f) {
  std::fflush(stdout);
  std::fflush(stderr);
  FILE* tmp = std::tmpfile();
  if (!tmp) {
    f();
    return {};
  }
  int fd = fileno(tmp);
  int savedOut = dup(1), savedErr = dup(2);
  dup2(fd, 1);
  dup2(fd, 2);
  f();
  std::fflush(stdout);
  std::fflush(stderr);
  dup2(savedOut, 1);
  dup2(savedErr, 2);
  close(savedOut);
  close(savedErr);
  std::string out;
  std::rewind(tmp);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, tmp)) > 0 && out.size() < (1u << 20)) out.append(buf, n);
  std::fclose(tmp);
  return out;
}

ValidationResult validateModuleCaptured(BinaryenModuleRef module) {
  ValidationResult r;
  r.output = captureOutput([&] { r.ok = BinaryenModuleValidate(module); });
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
