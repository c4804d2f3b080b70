// eqsat-wasm: see README.md and `eqsat-wasm --help`.
#include "cli/driver.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  eqsat::cli::installCrashHandlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  int rc = eqsat::cli::runCli(args, std::cout, std::cerr);
  std::cout.flush();
  return rc;
}
