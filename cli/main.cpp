// eqsat-wasm: see README.md and `eqsat-wasm --help`.
#include "cli/driver.h"
#include "module/probe.h"

#include <cstdlib>
#include <pthread.h>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

struct Run {
  std::vector<std::string> args;
  int rc = 0;
};

void* runOnThread(void* p) {
  auto* run = static_cast<Run*>(p);
  eqsat::cli::useCrashStackOnThisThread();
  // A module probe that probeModule started as a process of its own.
  if (run->args.size() == 2 && run->args[0] == eqsat::cli::kProbeChildArgument) {
    run->rc = eqsat::cli::runProbeChild(run->args[1]);
    return nullptr;
  }
  run->rc = eqsat::cli::runCli(run->args, std::cout, std::cerr);
  return nullptr;
}

// This program's path, as the kernel resolves /proc/self/exe (under
// valgrind, the program valgrind runs, not valgrind); "" when unknown, and
// every module probe is then forked.
std::string ownExecutable() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  return n > 0 ? std::string(path, size_t(n)) : std::string();
}

} // namespace

int main(int argc, char** argv) {
  // eqsat-wasm runs functions in parallel itself (-j); Binaryen's own thread
  // pool would only compete with it, and a pool that exists makes the forked
  // module probe (module/probe.h) unsafe. A user's setting wins.
  setenv("BINARYEN_CORES", "1", 0);
  eqsat::cli::installCrashHandlers();
  // A probe of a large module runs this program again rather than a fork
  // of this process (module/probe.h).
  eqsat::cli::setProbeExecutable(ownExecutable());
  Run run{std::vector<std::string>(argv + 1, argv + argc)};
  // The whole command runs on a thread with a large stack: Binaryen's reader,
  // validator and binary and text writers recurse once per nesting level of
  // an expression, and the module is read, validated and written on this
  // thread (the forked probe inherits it). Only the pages used are committed.
  // The nesting depth a module may have is bounded below what this stack
  // holds (kMaxNestingDepth, module/module_io.h).
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 &&
                 pthread_attr_setstacksize(&attr, eqsat::cli::kMainStackBytes) == 0 &&
                 pthread_create(&thread, &attr, runOnThread, &run) == 0;
  if (started) pthread_join(thread, nullptr);
  else runOnThread(&run);  // no room for the large stack: the ordinary one
  std::cout.flush();
  return run.rc;
}
