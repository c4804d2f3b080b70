// The whole command: parse the command line, load rules, read, optimize,
// validate and write. Returns the exit code; diagnostics go to `err`, one line each.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace eqsat::cli {

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Installs handlers that turn a crash (SIGSEGV, SIGABRT, ...) into one line,
// remove a half-written temp output file and exit with kExitInternal.
void installCrashHandlers();
// Gives the calling thread its own stack for the crash handler, so that a
// stack overflow on it is reported too (installCrashHandlers does this for
// the thread that calls it).
void useCrashStackOnThisThread();
// The stack of the thread that runs the command (cli/main.cpp).
constexpr size_t kMainStackBytes = size_t(1) << 30;
// The file named in a crash message.
void setCrashSubject(const std::string& subject);

} // namespace eqsat::cli
