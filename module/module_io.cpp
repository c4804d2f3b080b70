#include "module/module_io.h"

#include "module/binary_scan.h"
#include "module/errors.h"
#include "module/output_capture.h"
#include "module/probe.h"
#include "module/wat_to_wasm.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace eqsat::cli {

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
  if (lm.format == InputFormat::Text) bytes = watToWasm(path, resolveFeatures(sel, std::nullopt));
  wasm::FeatureUse use;
  std::string unreadable;
  std::optional<wasm::BinaryModule> ours = readOurselves(bytes, path, use, unreadable);
  BinaryScan scan = scanBinary(bytes, path);
  lm.features = resolveFeatures(sel, scan.hasFeaturesSection ? std::optional(scan.features) : std::nullopt);

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

} // namespace eqsat::cli
