#include "module/module_io.h"

#include "module/errors.h"
#include "ir/binaryen_ops.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <regex>
#include <stdexcept>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <poll.h>
#include <csignal>
#include <unistd.h>

extern char** environ;

namespace eqsat::cli {
namespace fs = std::filesystem;

namespace {

std::string errnoText(int e) { return std::strerror(e); }

// The temp output file being written; read by the crash handler.
char g_tempFile[4096] = {0};

void setTempFile(const std::string& p) {
  size_t n = std::min(p.size(), sizeof g_tempFile - 1);
  std::memcpy(g_tempFile, p.data(), n);
  g_tempFile[n] = 0;
}

std::string readAllFd(int fd) {
  std::string s;
  char buf[65536];
  if (lseek(fd, 0, SEEK_SET) < 0) { /* pipe: read from where we are */ }
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
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

// An anonymous temp file (already unlinked).
int anonymousTempFd() {
  FILE* f = std::tmpfile();
  if (!f) return -1;
  int fd = dup(fileno(f));
  std::fclose(f);
  return fd;
}

std::string tempDir() {
  const char* t = std::getenv("TMPDIR");
  return (t && *t) ? t : "/tmp";
}

const char* sectionName(unsigned id) {
  static const char* names[] = {"custom", "type",  "import", "function", "table",
                                "memory", "global", "export", "start",    "element",
                                "code",   "data",   "datacount", "tag"};
  return id < sizeof names / sizeof names[0] ? names[id] : "unknown";
}

struct Reader {
  const unsigned char* p;
  size_t size, pos;
  const std::string& name;
  [[noreturn]] void fail(size_t at, const std::string& msg) const {
    throw CliError(kExitBadInput, name,
                   "malformed module at byte offset " + std::to_string(at) + ": " + msg);
  }
  uint64_t leb(size_t limit, const char* what) {
    size_t start = pos;
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
      if (pos >= limit) fail(start, std::string("unexpected end of ") + what);
      unsigned char b = p[pos++];
      if (shift >= 35) fail(start, std::string("integer too long in ") + what);
      v |= uint64_t(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    return v;
  }
};

// What one entry of a section takes at least, in bytes, and how many entries
// a module may declare: the JS API's implementation limits (what browsers
// accept), which no real module comes near. A count beyond either is refused
// here, before Binaryen reads it: Binaryen 108 reserves memory for counts as
// declared (a 33-byte module declaring 2^32-1 locals grew without bound, a
// type section of 2^32-1 entries ran out of memory).
struct SectionBound {
  unsigned minEntryBytes;
  uint64_t maxEntries;
  const char* entries;
};
const SectionBound* sectionBound(unsigned id) {
  static const SectionBound type{1, kMaxTypes, "types"}, import{4, kMaxImports, "imports"},
      function{1, kMaxFunctions, "functions"}, table{3, kMaxTables, "tables"},
      memory{2, kMaxMemories, "memories"}, global{3, kMaxGlobals, "globals"},
      exportB{3, kMaxExports, "exports"}, element{1, kMaxElementSegments, "element segments"},
      code{1, kMaxFunctions, "function bodies"}, data{1, kMaxDataSegments, "data segments"},
      tag{2, kMaxTags, "tags"};
  switch (id) {
  case 1: return &type;
  case 2: return &import;
  case 3: return &function;
  case 4: return &table;
  case 5: return &memory;
  case 6: return &global;
  case 7: return &exportB;
  case 9: return &element;
  case 10: return &code;
  case 11: return &data;
  case 13: return &tag;
  default: return nullptr;
  }
}

[[noreturn]] void overLimit(const Reader& r, size_t at, const std::string& msg) {
  throw CliError(kExitBadInput, r.name, "module over a limit at byte offset " + std::to_string(at) + ": " + msg);
}

// The count that opens a section (and, in the code section, every function's
// local declarations) against what the section's bytes can hold and against
// the implementation limits. Leaves r.pos where it was.
void scanCounts(Reader& r, unsigned id, size_t payload, size_t end) {
  const SectionBound* b = sectionBound(id);
  const size_t saved = r.pos;
  if (id == 12) {  // datacount: a bare count
    uint64_t n = r.leb(end, "section 'datacount'");
    if (n > kMaxDataSegments)
      overLimit(r, payload, "section 'datacount' declares " + std::to_string(n) + " data segments (at most " +
                                std::to_string(kMaxDataSegments) + " are accepted)");
  }
  if (!b) {
    r.pos = saved;
    return;
  }
  const std::string what = std::string("section '") + sectionName(id) + "' (id " + std::to_string(id) + ")";
  uint64_t count = r.leb(end, sectionName(id));
  const size_t rest = end - r.pos;
  if (count > rest / b->minEntryBytes)
    r.fail(payload, what + " declares " + std::to_string(count) + " " + b->entries + " but its remaining " +
                        std::to_string(rest) + " bytes can hold at most " + std::to_string(rest / b->minEntryBytes));
  if (count > b->maxEntries)
    overLimit(r, payload, what + " declares " + std::to_string(count) + " " + b->entries + " (at most " +
                              std::to_string(b->maxEntries) + " are accepted)");
  if (id == 10) {
    // Every body: its size, then groups of (count, type) locals.
    for (uint64_t f = 0; f < count; ++f) {
      size_t at = r.pos;
      uint64_t size = r.leb(end, "function body size");
      if (size > end - r.pos)
        r.fail(at, "function body " + std::to_string(f) + " declares " + std::to_string(size) + " bytes but only " +
                       std::to_string(end - r.pos) + " remain in the code section");
      const size_t bodyEnd = r.pos + static_cast<size_t>(size);
      size_t groupsAt = r.pos;
      uint64_t groups = r.leb(bodyEnd, "local declarations");
      // A group is at least a count byte and a type byte.
      if (groups > (bodyEnd - r.pos) / 2)
        r.fail(groupsAt, "function body " + std::to_string(f) + " declares " + std::to_string(groups) +
                             " groups of locals but its remaining " + std::to_string(bodyEnd - r.pos) +
                             " bytes can hold at most " + std::to_string((bodyEnd - r.pos) / 2));
      uint64_t locals = 0;
      for (uint64_t k = 0; k < groups; ++k) {
        size_t groupAt = r.pos;
        uint64_t n = r.leb(bodyEnd, "local declarations");
        locals += n;  // n < 2^35, and the sum is checked at every step: no overflow
        if (locals > kMaxFunctionLocals)
          overLimit(r, groupAt, "function body " + std::to_string(f) + " declares " +
                                    (k + 1 == groups ? "" : "at least ") + std::to_string(locals) +
                                    " locals (at most " + std::to_string(kMaxFunctionLocals) + " are accepted)");
        if (r.pos >= bodyEnd) r.fail(r.pos, "unexpected end of local declarations");
        unsigned char t = r.p[r.pos++];
        if (t == 0x63 || t == 0x64) r.leb(bodyEnd, "local type");  // (ref null? heaptype)
      }
      r.pos = bodyEnd;
    }
  }
  r.pos = saved;
}

} // namespace

const char* currentTempFile() { return g_tempFile; }

std::vector<char> readFileBytes(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    throw CliError(kExitBadInput, path, "cannot read: " + errnoText(errno));
  if (S_ISDIR(st.st_mode)) throw CliError(kExitBadInput, path, "cannot read: is a directory");
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw CliError(kExitBadInput, path, "cannot read: " + errnoText(errno));
  std::vector<char> bytes;
  char buf[65536];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int e = errno;
      close(fd);
      throw CliError(kExitBadInput, path, "cannot read: " + errnoText(e));
    }
    if (r == 0) break;
    // A bound for endless inputs (/dev/zero, a pipe that never ends), low
    // enough that reading one up to it stays well under 1 GB of memory
    // (Binaryen's IR of a module takes several times its size: a module this
    // large could not be optimized in that much memory anyway).
    constexpr size_t kMaxInputBytes = size_t(256) << 20;
    if (bytes.size() + static_cast<size_t>(r) > kMaxInputBytes) {
      close(fd);
      throw CliError(kExitBadInput, path, "cannot read: larger than 256 MiB");
    }
    bytes.insert(bytes.end(), buf, buf + r);
  }
  close(fd);
  return bytes;
}

InputFormat detectFormat(const std::vector<char>& bytes, const std::string& name) {
  if (bytes.empty()) throw CliError(kExitBadInput, name, "empty file (not a WebAssembly module)");
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), "\0asm", 4) == 0) return InputFormat::Binary;
  // Text: valid UTF-8 without NUL or other control characters than \t \n \r \f.
  size_t i = 0, n = bytes.size();
  auto notWasm = [&] {
    throw CliError(kExitBadInput, name,
                   "not a WebAssembly module: no \\0asm magic at byte offset 0 and not text");
  };
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') notWasm();
      if (c == 0x7f) notWasm();
      ++i;
      continue;
    }
    size_t len = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || i + len > n) notWasm();
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xc0) != 0x80) notWasm();
    i += len;
  }
  return InputFormat::Text;
}

BinaryScan scanBinary(const std::vector<char>& bytes, const std::string& name) {
  BinaryScan scan;
  Reader r{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), 0, name};
  if (r.size < 8) r.fail(r.size, "truncated header (" + std::to_string(r.size) + " bytes; a module starts with 8)");
  if (std::memcmp(r.p, "\0asm", 4) != 0) r.fail(0, "no \\0asm magic");
  uint32_t version = uint32_t(r.p[4]) | uint32_t(r.p[5]) << 8 | uint32_t(r.p[6]) << 16 |
                     uint32_t(r.p[7]) << 24;
  if (version != 1)
    r.fail(4, "unsupported binary version " + std::to_string(version) + " (expected 1)");
  r.pos = 8;
  while (r.pos < r.size) {
    size_t start = r.pos;
    unsigned id = r.p[r.pos++];
    if (id > 13) r.fail(start, "unknown section id " + std::to_string(id));
    uint64_t len = r.leb(r.size, "section size");
    size_t payload = r.pos;
    if (len > r.size - payload)
      r.fail(start, std::string("section '") + sectionName(id) + "' (id " + std::to_string(id) +
                        ") declares " + std::to_string(len) + " bytes but only " +
                        std::to_string(r.size - payload) + " remain (truncated file?)");
    size_t end = payload + static_cast<size_t>(len);
    scanCounts(r, id, payload, end);
    if (id == 0) {
      uint64_t nlen = r.leb(end, "custom section name");
      if (nlen > end - r.pos) r.fail(payload, "custom section name extends beyond its section");
      std::string secName(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(nlen));
      r.pos += static_cast<size_t>(nlen);
      if (secName == "target_features") {
        scan.hasFeaturesSection = true;
        uint64_t count = r.leb(end, "target_features");
        for (uint64_t k = 0; k < count; ++k) {
          if (r.pos >= end) r.fail(r.pos, "unexpected end of target_features");
          unsigned char prefix = r.p[r.pos++];
          uint64_t fl = r.leb(end, "target_features");
          if (fl > end - r.pos) r.fail(r.pos, "feature name extends beyond target_features");
          std::string feat(reinterpret_cast<const char*>(r.p + r.pos), static_cast<size_t>(fl));
          r.pos += static_cast<size_t>(fl);
          if (prefix == '+' || prefix == '=') {
            if (auto bit = featureByTargetName(feat)) scan.features |= *bit;
          }
        }
      }
    }
    r.pos = end;
  }
  return scan;
}

namespace {

// wabt's flags for exactly the features `allowed` (wabt 1.0.32 turns some on by default).
std::vector<std::string> wabtFeatureFlags(BinaryenFeatures allowed) {
  struct Flag {
    BinaryenFeatures (*bit)();
    bool wabtDefault;
    const char* name;
  };
  static const Flag flags[] = {
      {BinaryenFeatureMutableGlobals, true, "mutable-globals"},
      {BinaryenFeatureNontrappingFPToInt, true, "saturating-float-to-int"},
      {BinaryenFeatureSignExt, true, "sign-extension"},
      {BinaryenFeatureSIMD128, true, "simd"},
      {BinaryenFeatureMultivalue, true, "multi-value"},
      {BinaryenFeatureBulkMemory, true, "bulk-memory"},
      {BinaryenFeatureReferenceTypes, true, "reference-types"},
      {BinaryenFeatureAtomics, false, "threads"},
      {BinaryenFeatureExceptionHandling, false, "exceptions"},
      {BinaryenFeatureTailCall, false, "tail-call"},
      {BinaryenFeatureMemory64, false, "memory64"},
      {BinaryenFeatureExtendedConst, false, "extended-const"},
      {BinaryenFeatureRelaxedSIMD, false, "relaxed-simd"},
      {BinaryenFeatureGC, false, "gc"},
      {BinaryenFeatureTypedFunctionReferences, false, "function-references"},
  };
  std::vector<std::string> out;
  for (const Flag& f : flags) {
    bool on = (allowed & f.bit()) != 0;
    if (on != f.wabtDefault) out.push_back(std::string(on ? "--enable-" : "--disable-") + f.name);
  }
  return out;
}

// One run of wat2wasm with `featureFlags`; the binary, or the CliError its first error makes.
std::vector<char> runWat2Wasm(const std::string& path, const std::vector<std::string>& featureFlags,
                              std::optional<CliError>& error) {
  std::string outPath = tempDir() + "/eqsat-wasm-wat-XXXXXX";
  std::vector<char> tmpl(outPath.begin(), outPath.end());
  tmpl.push_back('\0');
  int outFd = mkstemp(tmpl.data());
  if (outFd < 0)
    throw CliError(kExitInternal, path, "cannot create a temp file in " + tempDir() + ": " +
                                            errnoText(errno));
  close(outFd);
  outPath = tmpl.data();
  struct Cleanup {
    std::string p;
    ~Cleanup() { unlink(p.c_str()); }
  } cleanup{outPath};

  int capFd = anonymousTempFd();
  if (capFd < 0) throw CliError(kExitInternal, path, "cannot create a temp file: " + errnoText(errno));
  std::string inArg = (!path.empty() && path[0] == '-') ? "./" + path : path;
  const char* wat2wasm = std::getenv("EQSAT_WAT2WASM");
  if (!wat2wasm || !*wat2wasm) wat2wasm = "wat2wasm";
  std::vector<std::string> argvS = {wat2wasm};
  argvS.insert(argvS.end(), featureFlags.begin(), featureFlags.end());
  for (const char* a : {"--debug-names", inArg.c_str(), "-o", outPath.c_str()}) argvS.push_back(a);
  std::vector<char*> argv;
  for (auto& s : argvS) argv.push_back(s.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, capFd, 1);
  posix_spawn_file_actions_adddup2(&fa, capFd, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid;
  int rc = posix_spawnp(&pid, wat2wasm, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    close(capFd);
    throw CliError(kExitInternal, path,
                   std::string("cannot run ") + wat2wasm + " to convert text (install wabt): " +
                       errnoText(rc));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  std::string out = readAllFd(capFd);
  close(capFd);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw CliError(kExitInternal, path,
                   std::string("cannot run ") + wat2wasm + " to convert text (install wabt)");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    // "PATH:LINE:COL: error: MESSAGE" -> subject "PATH:LINE:COL", MESSAGE
    static const std::regex errRe(R"(^.*:(\d+):(\d+): error: (.*)$)");
    std::string first;
    size_t pos = 0;
    while (pos < out.size()) {
      size_t nl = out.find('\n', pos);
      std::string line = out.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? out.size() : nl + 1;
      std::smatch m;
      if (std::regex_match(line, m, errRe)) {
        error.emplace(kExitBadInput, path + ":" + m[1].str() + ":" + m[2].str(), m[3].str());
        return {};
      }
      if (first.empty() && !line.empty()) first = line;
    }
    error.emplace(kExitBadInput, path, "cannot convert text to binary: " + (first.empty() ? "wat2wasm failed" : first));
    return {};
  }
  return readFileBytes(outPath);
}

} // namespace

std::vector<char> watToWasm(const std::string& path, BinaryenFeatures allowed) {
  // The allowed features; then every feature but wabt's typed function
  // references, so that Binaryen can name a missing feature; then everything.
  BinaryenFeatures untyped = BinaryenFeatureAll() & ~BinaryenFeatureGC() & ~BinaryenFeatureTypedFunctionReferences();
  std::optional<CliError> first, error;
  std::vector<char> out = runWat2Wasm(path, wabtFeatureFlags(allowed), first);
  if (!first) return out;
  out = runWat2Wasm(path, wabtFeatureFlags(untyped), error);
  if (!error) return out;
  std::optional<CliError> broadest;
  out = runWat2Wasm(path, wabtFeatureFlags(BinaryenFeatureAll()), broadest);
  if (!broadest) return out;
  throw *error;
}

// --- capture of fds 1/2 ---

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

std::string OutputCapture::finish() {
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
  std::string s = readAllFd(fd_);
  close(fd_);
  fd_ = -1;
  return s;
}

OutputCapture::~OutputCapture() {
  if (active_) finish();
  else if (fd_ >= 0) close(fd_);
}

// --- Binaryen's diagnostics ---

std::string describeParseFailure(const std::string& captured) {
  static const std::regex parseRe(R"(\[parse exception: ([\s\S]*?) \(at (\d+):(\d+)\)\])");
  std::smatch m;
  if (std::regex_search(captured, m, parseRe))
    return "malformed module at byte offset " + m[3].str() + ": " + oneLine(m[1].str());
  static const std::regex parseNoPos(R"(\[parse exception: ([\s\S]*?)\])");
  if (std::regex_search(captured, m, parseNoPos)) return "malformed module: " + oneLine(m[1].str());
  size_t f = captured.find("Fatal: ");
  if (f != std::string::npos) {
    size_t nl = captured.find('\n', f);
    return "malformed module: " + oneLine(captured.substr(f + 7, nl == std::string::npos ? nl : nl - f - 7));
  }
  std::string firstLine = oneLine(captured.substr(0, captured.find('\n')));
  return "malformed module" + (firstLine.empty() ? std::string() : ": " + firstLine);
}

std::string firstValidationError(const std::string& captured) {
  static const std::regex valRe(R"(\[wasm-validator error in ([^\]]*)\] ([^\n]*))");
  std::smatch m;
  if (!std::regex_search(captured, m, valRe)) {
    std::string firstLine = oneLine(captured.substr(0, captured.find('\n')));
    return firstLine.empty() ? "validation failed" : firstLine;
  }
  std::string where = m[1].str(), msg = m[2].str();
  for (const char* pre : {"unexpected false: ", "unexpected true: "})
    if (msg.rfind(pre, 0) == 0) msg = msg.substr(std::strlen(pre));
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\r')) msg.pop_back();
  if (msg.size() >= 4 && msg.compare(msg.size() - 4, 4, ", on") == 0) msg.resize(msg.size() - 4);
  return "in " + where + ": " + oneLine(msg);
}

namespace {

std::string probeInChild(const std::vector<char>& bytes, BinaryenFeatures features, int capFd);

struct Nesting {
  size_t depth = 0;
  std::string function;  // the first function that nests this deep
};

// The deepest nesting of an expression in any function body, walked without
// recursion over the expression kinds forEachChild knows (the others count
// as one level, their children unvisited).
Nesting deepestNesting(BinaryenModuleRef m) {
  Nesting deepest;
  std::vector<std::pair<BinaryenExpressionRef, size_t>> stack;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m, i);
    BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
    if (!body) continue;  // an import
    stack.assign(1, {body, 1});
    while (!stack.empty()) {
      auto [e, d] = stack.back();
      stack.pop_back();
      if (d > deepest.depth) {
        deepest.depth = d;
        deepest.function = BinaryenFunctionGetName(f);
      }
      forEachChild(e, [&, d = d](BinaryenExpressionRef c) { stack.emplace_back(c, d + 1); });
    }
  }
  return deepest;
}

} // namespace

ProbeResult probeModule(const std::vector<char>& bytes, BinaryenFeatures features,
                        std::optional<std::chrono::steady_clock::time_point> deadline) {
  ProbeResult res;
  int capFd = anonymousTempFd();
  int pfd[2];
  if (capFd < 0 || pipe(pfd) != 0)
    throw CliError(kExitInternal, "", "cannot create a temp file or pipe: " + errnoText(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = fork();
  if (pid < 0) throw CliError(kExitInternal, "", "fork failed: " + errnoText(errno));
  if (pid == 0) {
    // Child: everything Binaryen prints goes into the capture file.
    close(pfd[0]);
    dup2(capFd, 1);
    dup2(capFd, 2);
    // Nothing may unwind out of the child into the caller's code (it would
    // go on as a second eqsat-wasm, printing its own error line).
    std::string answer;
    try {
      answer = probeInChild(bytes, features, capFd);
    } catch (const std::bad_alloc&) {
      answer = "NOMEM\n";
    } catch (const std::exception& e) {
      answer = "EXCEPTION " + oneLine(e.what()) + "\n";
    } catch (...) {
      answer = "EXCEPTION unknown\n";
    }
    writeAllFd(pfd[1], answer.data(), answer.size());
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(0);
  }
  close(pfd[1]);
  if (deadline) {
    // The answer comes when the child is done: wait for it until the deadline.
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      struct pollfd pf{pfd[0], POLLIN, 0};
      int pr = left.count() > 0 ? poll(&pf, 1, int(std::min<int64_t>(left.count(), 1000))) : 0;
      if (pr < 0 && errno == EINTR) continue;
      if (pr != 0) break;
      if (std::chrono::steady_clock::now() < *deadline) continue;
      kill(pid, SIGKILL);
      int st = 0;
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
      close(pfd[0]);
      close(capFd);
      res.kind = ProbeResult::Kind::Timeout;
      res.message = "the module time limit (--module-time-limit) ran out while reading the module; nothing written";
      return res;
    }
  }
  std::string answer = readAllFd(pfd[0]);
  close(pfd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  std::string captured = readAllFd(capFd);
  close(capFd);

  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !answer.empty()) {
    if (answer.rfind("OK ", 0) == 0) {
      std::string rest = answer.substr(3);
      size_t sp = rest.find(' ');
      res.nestingDepth = std::strtoull(rest.c_str(), nullptr, 10);
      if (sp != std::string::npos) res.deepestFunction = rest.substr(sp + 1, rest.size() - sp - 2);
      return res;
    }
    if (answer.rfind("NOMEM", 0) == 0) {
      res.kind = ProbeResult::Kind::Malformed;
      res.message = "malformed module: out of memory while reading it (a count far beyond what the module holds?)";
      return res;
    }
    if (answer.rfind("EXCEPTION ", 0) == 0) {
      res.kind = ProbeResult::Kind::Malformed;
      res.message = "malformed module: " + oneLine(answer.substr(10));
      return res;
    }
    if (answer.rfind("FEATURES ", 0) == 0) {
      res.missing = static_cast<BinaryenFeatures>(std::strtoul(answer.c_str() + 9, nullptr, 10));
      if (res.missing) {
        res.kind = ProbeResult::Kind::MissingFeatures;
        bool plural = (res.missing & (res.missing - 1)) != 0;
        res.message = "module uses " + featureNames(res.missing) + ", which " +
                      (plural ? "are" : "is") + " not enabled (use " + enableFlags(res.missing) +
                      ", or --all-features)";
        return res;
      }
    }
    res.kind = ProbeResult::Kind::Invalid;
    res.message = "invalid module: " + firstValidationError(captured);
    return res;
  }
  if (WIFSIGNALED(status)) {
    res.kind = ProbeResult::Kind::Crashed;
    res.message = "Binaryen crashed reading the module (signal " + std::to_string(WTERMSIG(status)) +
                  ": " + strsignal(WTERMSIG(status)) + "); it is probably malformed";
    return res;
  }
  res.kind = ProbeResult::Kind::Malformed;
  res.message = describeParseFailure(captured);
  return res;
}

namespace {

// The probe's work in the forked child: "OK", "FEATURES <missing bits>" or
// "INVALID" (the validator's messages are in capFd).
std::string probeInChild(const std::vector<char>& bytes, BinaryenFeatures features, int capFd) {
  {
    std::vector<char> copy(bytes);
    BinaryenModuleRef m = BinaryenModuleRead(copy.data(), copy.size());
    BinaryenModuleSetFeatures(m, features);
    std::string answer;
    if (BinaryenModuleValidate(m)) {
      Nesting n = deepestNesting(m);
      answer = "OK " + std::to_string(n.depth) + " " + n.function + "\n";
    } else {
      // Would it validate with every feature? Then find which features it needs.
      std::cerr.flush();
      std::cout.flush();
      off_t mark = lseek(capFd, 0, SEEK_CUR);
      BinaryenFeatures all = BinaryenFeatureAll();
      BinaryenModuleSetFeatures(m, all);
      if (BinaryenModuleValidate(m)) {
        // Drop every feature the module does not need, until nothing changes
        // (features depend on each other: gc needs reference-types, ...).
        BinaryenFeatures need = all;
        for (bool changed = true; changed;) {
          changed = false;
          for (auto it = allFeatureInfos().rbegin(); it != allFeatureInfos().rend(); ++it) {
            BinaryenFeatures b = it->bit();
            if (!(need & b) || (features & b)) continue;
            BinaryenModuleSetFeatures(m, need & ~b);
            if (BinaryenModuleValidate(m)) {
              need &= ~b;
              changed = true;
            }
          }
        }
        BinaryenFeatures missing = need & ~features;
        answer = "FEATURES " + std::to_string(missing) + "\n";
      } else {
        answer = "INVALID\n";
      }
      std::cerr.flush();
      std::cout.flush();
      // Keep only the first validation's messages.
      if (mark >= 0 && ftruncate(capFd, mark) != 0) {}
    }
    return answer;
  }
}

} // namespace

namespace {

// Valid inputs that this build cannot optimize (a component, several
// memories, the newer exception encoding), told apart from malformed ones
// before Binaryen's reader calls them malformed. Our reading of the binary,
// or nullopt (with `why`) when our reader cannot read it.
std::optional<wasm::BinaryModule> readOurselves(const std::vector<char>& bytes, const std::string& path,
                                                wasm::FeatureUse& use, std::string& why) {
  wasm::Bytes b(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  try {
    wasm::BinaryModule m = wasm::readBinary(b);
    use = wasm::featuresUsed(b, m);
    return m;
  } catch (const wasm::BinaryError& e) {
    if (e.unsupported()) throw CliError(kExitBadInput, path, e.what());
    why = e.what();
    return std::nullopt;
  }
}

BinaryenFeatures featureBits(const wasm::FeatureSet& names) {
  BinaryenFeatures bits = 0;
  for (const std::string& n : names)
    if (auto bit = featureByTargetName(n)) bits |= *bit;
  return bits;
}

} // namespace

LoadedModule loadModule(const std::string& path, const FeatureSelection& sel,
                        std::optional<std::chrono::steady_clock::time_point> deadline) {
  LoadedModule lm;
  std::vector<char> bytes = readFileBytes(path);
  lm.inputBytes = bytes.size();
  lm.format = detectFormat(bytes, path);
  if (lm.format == InputFormat::Text) bytes = watToWasm(path, resolveFeatures(sel, false, 0));
  wasm::FeatureUse use;
  std::string unreadable;
  std::optional<wasm::BinaryModule> ours = readOurselves(bytes, path, use, unreadable);
  BinaryScan scan = scanBinary(bytes, path);
  lm.features = resolveFeatures(sel, scan.hasFeaturesSection, scan.features);

  ProbeResult probe = probeModule(bytes, lm.features, deadline);
  if (probe.kind != ProbeResult::Kind::Ok) throw CliError(kExitBadInput, path, probe.message);
  lm.nestingDepth = probe.nestingDepth;
  lm.deepestFunction = probe.deepestFunction;
  if (lm.nestingDepth > kMaxNestingDepth)
    throw CliError(kExitBadInput, path,
                   "module over a limit: function '" + lm.deepestFunction + "' nests expressions " +
                       std::to_string(lm.nestingDepth) + " levels deep (at most " +
                       std::to_string(kMaxNestingDepth) + " are accepted)");

  // The child read and validated it: reading again here is safe.
  OutputCapture cap;
  lm.module = BinaryenModuleRead(bytes.data(), bytes.size());
  // The output may use what the input declares or, without a declaration,
  // what its code uses; if our reading of the code missed a feature (the
  // module does not validate with the narrower set), the reading set.
  lm.outputFeatures = lm.features;
  if (scan.hasFeaturesSection || (ours && use.complete)) {
    BinaryenFeatures base = scan.hasFeaturesSection ? scan.features : featureBits(use.features);
    BinaryenFeatures narrow = ((base | sel.enabled) & ~sel.disabled & lm.features) | BinaryenFeatureMVP();
    if (narrow != lm.features) {
      BinaryenModuleSetFeatures(lm.module, narrow);
      if (BinaryenModuleValidate(lm.module)) lm.outputFeatures = narrow;
    }
  }
  BinaryenModuleSetFeatures(lm.module, lm.outputFeatures);
  cap.finish();
  lm.image = wasm::makeInputImage(std::vector<uint8_t>(bytes.begin(), bytes.end()), std::move(ours), unreadable,
                                  lm.module);
  return lm;
}

std::string validateModule(BinaryenModuleRef module) {
  bool ok = false;
  std::string out = captureOutput([&] { ok = BinaryenModuleValidate(module); });
  return ok ? std::string() : firstValidationError(out);
}

std::vector<char> writeBinary(BinaryenModuleRef module) {
  // DWARF (.debug_* sections) is dropped: the optimized bodies make it stale,
  // and Binaryen 108 rewriting it throws (std::out_of_range) or exits
  // ("Fatal: TODO: DW_LNE_define_file") on some real modules, as wasm-opt does.
  const char* strip[] = {"strip-dwarf"};
  BinaryenModuleRunPasses(module, strip, 1);
  BinaryenSetDebugInfo(true);  // keep the names section
  BinaryenModuleAllocateAndWriteResult r;
  try {
    r = BinaryenModuleAllocateAndWrite(module, nullptr);
  } catch (const std::exception& e) {
    throw CliError(kExitInternal, "", std::string("internal error: cannot serialize the module: ") + e.what());
  }
  std::vector<char> out(static_cast<char*>(r.binary), static_cast<char*>(r.binary) + r.binaryBytes);
  std::free(r.binary);
  if (r.sourceMap) std::free(r.sourceMap);
  return out;
}

std::string writeText(BinaryenModuleRef module) {
  char* t = BinaryenModuleAllocateAndWriteText(module);
  std::string s = t ? t : "";
  std::free(t);
  return s;
}

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

static std::string dirOf(const std::string& path) {
  fs::path p(path);
  fs::path d = p.parent_path();
  return d.empty() ? std::string(".") : d.string();
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
  if (fsync(fd) != 0) fail("", errno);
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
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
}

void writeStdout(const void* data, size_t size) {
  std::fflush(stdout);
  std::cout.flush();
  if (!writeAllFd(1, data, size))
    throw CliError(kExitBadInput, "-", "cannot write to stdout: " + errnoText(errno));
}

} // namespace eqsat::cli
