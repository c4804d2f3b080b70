// Capturing what is written to fds 1 and 2: by Binaryen in this process
// (OutputCapture, captureOutput: its diagnostics go to stdout/stderr, which
// would otherwise mix with ours) or by a child process (a capture file from
// anonymousTempFd, read back with readAllFd). Also the fd helpers they share.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace eqsat {

constexpr size_t kWholeCapture = std::numeric_limits<size_t>::max();

// An anonymous temp file (already unlinked), or -1.
int anonymousTempFd();

// Everything in `fd` from its start (a pipe: from where it is), at most `maxBytes`.
std::string readAllFd(int fd, size_t maxBytes = kWholeCapture);

// Writes all of `data` to `fd`, retrying on EINTR. False on an error (errno says which).
bool writeAllFd(int fd, const void* data, size_t size);

// Redirects fds 1 and 2 into an anonymous temp file until finish() (or the
// destructor). If no temp file can be made, nothing is redirected and
// finish() returns "".
class OutputCapture {
public:
  OutputCapture();
  ~OutputCapture();
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;
  // Restores fds 1 and 2; returns the captured text (its first `maxBytes`).
  std::string finish(size_t maxBytes = kWholeCapture);

private:
  int savedOut_ = -1, savedErr_ = -1, fd_ = -1;
  bool active_ = false;
};

// Runs `fn` with fds 1 and 2 captured; returns what was written (its first `maxBytes`).
template <typename F> std::string captureOutput(F&& fn, size_t maxBytes = kWholeCapture) {
  OutputCapture capture;
  fn();
  return capture.finish(maxBytes);
}

} // namespace eqsat
