// Errors of the command line: every failure becomes one line on stderr,
// "eqsat-wasm: SUBJECT: what is wrong", and one of the documented exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace eqsat::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,     // bad command line (unknown option, missing argument, -o = input, ...)
  kExitBadInput = 2,  // unreadable/malformed/invalid module, malformed rules, output not writable
  kExitInternal = 3,  // a bug: crash, invalid output, unexpected exception
};

constexpr const char* kProgramName = "eqsat-wasm";

class CliError : public std::runtime_error {
public:
  CliError(int code, std::string subject, const std::string& message)
      : std::runtime_error(message), code_(code), subject_(std::move(subject)) {}
  int code() const { return code_; }
  const std::string& subject() const { return subject_; }
  // The full one-line message: "eqsat-wasm: SUBJECT: MESSAGE" (no newline).
  std::string line() const;

private:
  int code_;
  std::string subject_;
};

// "eqsat-wasm: SUBJECT: MESSAGE" with newlines/tabs in MESSAGE folded into spaces,
// so that every diagnostic stays on one line. An empty subject is left out.
std::string formatErrorLine(const std::string& subject, const std::string& message);

// strerror's text for the errno value `e`, for error messages.
std::string errnoText(int e);

// Collapses whitespace runs (including newlines) into single spaces and trims.
std::string oneLine(const std::string& s);

} // namespace eqsat::cli
