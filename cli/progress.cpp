#include "cli/progress.h"

#include <cstdio>
#include <unistd.h>

namespace eqsat::cli {

bool progressWanted(bool stderrIsTerminal, bool quiet, size_t total) {
  return stderrIsTerminal && !quiet && total > kProgressMinFunctions;
}

namespace {
std::string seconds(double s) {
  char buf[32];
  if (s < 100) std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 6000) std::snprintf(buf, sizeof buf, "%.0f s", s);
  else std::snprintf(buf, sizeof buf, "%.0f min", s / 60);
  return buf;
}
} // namespace

std::string progressLine(size_t done, size_t total, double elapsed, unsigned width) {
  if (done > total) done = total;
  std::string bar = "[";
  size_t filled = total ? done * width / total : width;
  bar.append(filled, '#');
  bar.append(width - filled, '.');
  bar += "]";
  char counts[64];
  std::snprintf(counts, sizeof counts, " %zu/%zu functions", done, total);
  std::string line = bar + counts + "  " + seconds(elapsed) + " elapsed";
  if (done > 0 && done < total) line += ", ~" + seconds(elapsed / double(done) * double(total - done)) + " left";
  return line;
}

ProgressBar::ProgressBar(bool quiet, int fd)
    : quiet_(quiet), terminal_(isatty(fd) == 1), fd_(fd), start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::install(OptimizeOptions& o) {
  if (!terminal_ || quiet_) return;  // nothing to draw: leave the options as they are
  start_ = std::chrono::steady_clock::now();
  auto previous = o.onProgress;
  o.onProgress = [this, previous](size_t done, size_t total) {
    if (previous) previous(done, total);
    update(done, total);
  };
}

void ProgressBar::update(size_t done, size_t total) {
  if (!progressWanted(terminal_, quiet_, total)) return;
  auto now = std::chrono::steady_clock::now();
  if (shown_ && done < total && now - lastDraw_ < std::chrono::milliseconds(100)) return;
  lastDraw_ = now;
  // "\r" + the line + "erase to end of line"
  write("\r" + progressLine(done, total, std::chrono::duration<double>(now - start_).count()) + "\x1b[K");
  shown_ = true;
}

void ProgressBar::finish() {
  if (!shown_) return;
  write("\r\x1b[K");
  shown_ = false;
}

void ProgressBar::write(const std::string& s) {
  const char* p = s.data();
  size_t n = s.size();
  while (n > 0) {
    ssize_t w = ::write(fd_, p, n);
    if (w <= 0) return;  // a broken terminal is not worth an error
    p += w;
    n -= size_t(w);
  }
}

} // namespace eqsat::cli
