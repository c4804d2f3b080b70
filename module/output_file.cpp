#include "module/output_file.h"

#include "module/errors.h"
#include "module/output_capture.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace eqsat::cli {
namespace fs = std::filesystem;
namespace {

// The temp output file being written; read by the crash handler.
char g_tempFile[4096] = {0};

void setTempFile(const std::string& p) {
  size_t n = std::min(p.size(), sizeof g_tempFile - 1);
  std::memcpy(g_tempFile, p.data(), n);
  g_tempFile[n] = 0;
}

std::string dirOf(const std::string& path) {
  fs::path p(path);
  fs::path d = p.parent_path();
  return d.empty() ? std::string(".") : d.string();
}

} // namespace

const char* currentTempFile() { return g_tempFile; }

bool sameFile(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (stat(a.c_str(), &sa) == 0 && stat(b.c_str(), &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  std::error_code ec1, ec2;
  fs::path pa = fs::weakly_canonical(fs::absolute(a), ec1);
  fs::path pb = fs::weakly_canonical(fs::absolute(b), ec2);
  if (ec1 || ec2) return fs::absolute(a).lexically_normal() == fs::absolute(b).lexically_normal();
  return pa == pb;
}

void checkOutputPath(const std::string& path) {
  if (path.empty()) throw CliError(kExitUsage, "-o", "empty output path");
  std::string dir = dirOf(path);
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    int e = errno;
    if (e == ENOENT || e == ENOTDIR)
      throw CliError(kExitBadInput, path, "cannot write: directory '" + dir + "' does not exist");
    throw CliError(kExitBadInput, path, "cannot write: " + dir + ": " + errnoText(e));
  }
  if (!S_ISDIR(st.st_mode))
    throw CliError(kExitBadInput, path, "cannot write: '" + dir + "' is not a directory");
  if (access(dir.c_str(), W_OK | X_OK) != 0)
    throw CliError(kExitBadInput, path,
                   "cannot write: directory '" + dir + "': " + errnoText(errno));
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw CliError(kExitBadInput, path, "cannot write: is a directory");
}

void writeFileAtomically(const std::string& path, const void* data, size_t size, int mode) {
  checkOutputPath(path);
  // An existing special file (/dev/null, a FIFO, a terminal) is written in
  // place: renaming over it would replace the device node with a regular file.
  struct stat pst;
  if (stat(path.c_str(), &pst) == 0 && !S_ISREG(pst.st_mode)) {
    int sfd = open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (sfd < 0) throw CliError(kExitBadInput, path, "cannot write: " + errnoText(errno));
    errno = 0;
    bool ok = writeAllFd(sfd, data, size);
    int e = errno;
    if (close(sfd) != 0 && ok) { ok = false; e = errno; }
    if (!ok) throw CliError(kExitBadInput, path, "cannot write: " + errnoText(e ? e : EIO));
    return;
  }
  std::string dir = dirOf(path);
  std::string base = fs::path(path).filename().string();
  std::string tmpl = dir + "/." + base + ".eqsat-tmp-XXXXXX";
  std::vector<char> t(tmpl.begin(), tmpl.end());
  t.push_back('\0');
  int fd = mkostemp(t.data(), O_CLOEXEC);
  if (fd < 0) throw CliError(kExitBadInput, path, "cannot write: " + errnoText(errno));
  std::string tmp = t.data();
  setTempFile(tmp);
  auto fail = [&](const std::string& what, int e) {
    close(fd);
    unlink(tmp.c_str());
    setTempFile("");
    throw CliError(kExitBadInput, path, "cannot write: " + what + errnoText(e));
  };
  if (mode < 0) {
    mode_t um = umask(0);
    umask(um);
    mode = 0666 & ~static_cast<int>(um);
  }
  if (fchmod(fd, static_cast<mode_t>(mode)) != 0) fail("", errno);
  if (!writeAllFd(fd, data, size)) fail("", errno ? errno : EIO);
  if (close(fd) != 0) {
    int e = errno;
    unlink(tmp.c_str());
    setTempFile("");
    throw CliError(kExitBadInput, path, "cannot write: " + errnoText(e));
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    unlink(tmp.c_str());
    setTempFile("");
    throw CliError(kExitBadInput, path, "cannot write: " + errnoText(e));
  }
  setTempFile("");
}

void writeStdout(const void* data, size_t size) {
  std::fflush(stdout);
  std::cout.flush();
  if (!writeAllFd(1, data, size))
    throw CliError(kExitBadInput, "-", "cannot write to stdout: " + errnoText(errno));
}

} // namespace eqsat::cli
