// eqsat-wasm: see README.md and `eqsat-wasm --help`.
#include "cli/driver.h"

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  // eqsat-wasm runs functions in parallel itself (-j); Binaryen's own thread
  // pool would only compete with it, and a pool that exists makes the forked
  // module probe (cli/module_io.cpp) unsafe. A user's setting wins.
  setenv("BINARYEN_CORES", "1", 0);
  eqsat::cli::installCrashHandlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  int rc = eqsat::cli::runCli(args, std::cout, std::cerr);
  std::cout.flush();
  return rc;
}
