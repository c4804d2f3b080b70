// A progress bar on stderr for whole-module runs (docs/performance.md).
//
// Shown only when stderr is a terminal, -q is not given, and the module has
// more than kProgressMinFunctions functions; otherwise it prints nothing at
// all. It draws "functions done / total, elapsed, estimated remaining" on one
// line, redrawn at most every 100 ms, and erases that line when the run ends,
// so the summary line (stdout) and error lines (stderr) are never mixed with it.
#pragma once

#include "module/optimize.h"

#include <chrono>
#include <cstddef>
#include <string>

namespace eqsat::cli {

constexpr size_t kProgressMinFunctions = 300;

// Whether a bar is drawn for a run of `total` functions.
bool progressWanted(bool stderrIsTerminal, bool quiet, size_t total);

// The text of the bar (without "\r" or escape sequences), for tests:
// "[#########...........]  1234/4057 functions  12.3 s elapsed, ~25 s left".
std::string progressLine(size_t done, size_t total, double elapsedSeconds, unsigned width = 24);

class ProgressBar {
public:
  // `fd` is the file descriptor to draw on (2 = stderr).
  ProgressBar(bool quiet, int fd = 2);
  ~ProgressBar();  // erases the bar if one is on screen
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Chains OptimizeOptions::onProgress (keeps a hook that was already there).
  void install(OptimizeOptions& o);
  void update(size_t done, size_t total);
  void finish();  // erase the bar (idempotent)

private:
  void write(const std::string& s);
  bool quiet_, terminal_;
  int fd_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, lastDraw_;
};

} // namespace eqsat::cli
