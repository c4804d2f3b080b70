// Writing outputs safely: checking an output path before any work, writing
// a file atomically (temp file in the target directory, rename) or to
// stdout, and telling the crash handler which temp file to remove.
#pragma once

#include <cstddef>
#include <string>

namespace eqsat::cli {

// True if a and b name the same file: same inode if both exist, else the same
// normalized absolute path.
bool sameFile(const std::string& a, const std::string& b);

// Checks that `path` could be created/replaced: its directory exists and is
// writable and `path` is not a directory. Throws CliError(kExitBadInput, path, ...).
void checkOutputPath(const std::string& path);

// Writes `data` to `path` atomically: temp file in the same directory, then
// rename, so a reader sees the old file or the whole new one. Never leaves a
// partial or temp file behind. No fsync: like compilers (clang, wasm-opt), an
// output lost to a power failure is re-created by the build.
// `mode` < 0: 0666 & ~umask. Throws CliError(kExitBadInput, path, ...).
void writeFileAtomically(const std::string& path, const void* data, size_t size, int mode = -1);

// Writes everything to fd 1. Throws CliError(kExitBadInput, "-", ...) on failure.
void writeStdout(const void* data, size_t size);

// For the crash handler: the temp file being written right now ("" if none).
const char* currentTempFile();

} // namespace eqsat::cli
