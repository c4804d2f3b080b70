#include "module/output_capture.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace eqsat {

int anonymousTempFd() {
  FILE* f = std::tmpfile();
  if (!f) return -1;
  int fd = dup(fileno(f));
  std::fclose(f);
  return fd;
}

std::string readAllFd(int fd, size_t maxBytes) {
  std::string s;
  char buf[65536];
  if (lseek(fd, 0, SEEK_SET) < 0) { /* pipe: read from where we are */ }
  while (s.size() < maxBytes) {
    ssize_t r = read(fd, buf, std::min(sizeof buf, maxBytes - s.size()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    s.append(buf, static_cast<size_t>(r));
  }
  return s;
}

bool writeAllFd(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t w = write(fd, p, size);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    size -= static_cast<size_t>(w);
  }
  return true;
}

OutputCapture::OutputCapture() {
  std::fflush(stdout);
  std::fflush(stderr);
  std::cout.flush();
  std::cerr.flush();
  fd_ = anonymousTempFd();
  if (fd_ < 0) return;
  savedOut_ = dup(1);
  savedErr_ = dup(2);
  dup2(fd_, 1);
  dup2(fd_, 2);
  active_ = true;
}

std::string OutputCapture::finish(size_t maxBytes) {
  if (!active_) return {};
  std::fflush(stdout);
  std::fflush(stderr);
  std::cout.flush();
  std::cerr.flush();
  dup2(savedOut_, 1);
  dup2(savedErr_, 2);
  close(savedOut_);
  close(savedErr_);
  active_ = false;
  std::string s = readAllFd(fd_, maxBytes);
  close(fd_);
  fd_ = -1;
  return s;
}

OutputCapture::~OutputCapture() {
  if (active_) finish();
  else if (fd_ >= 0) close(fd_);
}

} // namespace eqsat
