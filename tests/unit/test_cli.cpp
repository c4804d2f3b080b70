// Unit tests of the command line (cli/): option parsing, format detection,
// binary scanning, Binaryen diagnostics, feature resolution, atomic output.
#include "module/errors.h"
#include "module/features.h"
#include "module/binary_scan.h"
#include "module/module_io.h"
#include "module/output_file.h"
#include "module/probe.h"
#include "cli/options.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace eqsat::cli;
namespace fs = std::filesystem;

namespace {

int usageCode(const std::vector<std::string>& args, std::string* subject = nullptr) {
  try {
    parseCommandLine(args);
  } catch (const CliError& e) {
    if (subject) *subject = e.subject();
    return e.code();
  }
  return 0;
}

std::vector<char> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }

// (module (func (export "f") (result i32) i32.const 1)) with a target_features section.
std::vector<char> tinyModule(bool withFeatures) {
  std::string m("\0asm\1\0\0\0", 8);
  m += std::string("\x01\x05\x01\x60\x00\x01\x7f", 7);        // type
  m += std::string("\x03\x02\x01\x00", 4);                    // function
  m += std::string("\x07\x05\x01\x01\x66\x00\x00", 7);        // export "f"
  m += std::string("\x0a\x06\x01\x04\x00\x41\x01\x0b", 8);    // code
  if (withFeatures) {
    std::string payload = std::string("\x0ftarget_features", 16) + "\x02" +
                          std::string("+\x0b" "bulk-memory", 13) + std::string("-\x08sign-ext", 10);
    m += '\0';
    m += static_cast<char>(payload.size());
    m += payload;
  }
  return bytesOf(m);
}

struct TempDir {
  fs::path p;
  TempDir() {
    char t[] = "/tmp/eqsat-cli-test-XXXXXX";
    p = mkdtemp(t);
  }
  ~TempDir() { fs::remove_all(p); }
};

} // namespace

TEST_CASE("options: flags fill CliOptions and OptimizeOptions") {
  CliOptions o = parseCommandLine({"in.wasm", "--rules", "a.json", "--rules=b.json", "-o", "out.wasm", "-S",
                                   "--inline", "--traps-never-happen", "--iter-limit", "7",
                                   "--node-limit=500", "--time-limit", "0.5", "-q", "--no-check-rules"});
  CHECK(o.command == Command::Optimize);
  CHECK(o.input == "in.wasm");
  CHECK(o.rulesFiles == std::vector<std::string>{"a.json", "b.json"});
  REQUIRE(o.output);
  CHECK(*o.output == "out.wasm");
  CHECK(o.textOutput);
  CHECK(o.optimize.inlineFirst);
  CHECK(o.optimize.trapsNeverHappen);
  CHECK(o.optimize.limits.iterations == 7);
  CHECK(o.optimize.limits.nodes == 500);
  CHECK(o.optimize.limits.seconds == doctest::Approx(0.5));
  CHECK(o.quiet);
  CHECK_FALSE(o.checkRules);
}

TEST_CASE("options: usage errors name the option, exit 1") {
  std::string subj;
  CHECK(usageCode({"in.wasm", "--bogus"}, &subj) == kExitUsage);
  CHECK(subj == "--bogus");
  CHECK(usageCode({"in.wasm", "-o"}, &subj) == kExitUsage);
  CHECK(subj == "-o");
  CHECK(usageCode({"in.wasm", "--iter-limit", "0"}) == kExitUsage);
  CHECK(usageCode({"in.wasm", "--iter-limit", "-3"}) == kExitUsage);
  CHECK(usageCode({"in.wasm", "--time-limit", "nan"}) == kExitUsage);
  CHECK(usageCode({"in.wasm", "--inline=1"}) == kExitUsage);
  CHECK(usageCode({"a.wasm", "b.wasm"}) == kExitUsage);
  CHECK(usageCode({}) == kExitUsage);
  CHECK(usageCode({"check-rules"}) == kExitUsage);
  CHECK(usageCode({"--help"}) == 0);
  CHECK(usageCode({"--", "-weird-name.wasm"}) == 0);
}

TEST_CASE("options: features and subcommand") {
  CliOptions o = parseCommandLine({"x.wat", "--enable-simd", "--enable-bulk-memory", "--disable-bulk-memory"});
  CHECK((o.features.enabled & BinaryenFeatureSIMD128()));
  CHECK_FALSE((o.features.enabled & BinaryenFeatureBulkMemory()));
  CHECK((o.features.disabled & BinaryenFeatureBulkMemory()));
  CHECK(parseCommandLine({"x.wat", "--all-features"}).features.base == FeatureSelection::Base::All);
  CHECK(parseCommandLine({"x.wat", "-mvp"}).features.base == FeatureSelection::Base::Mvp);
  CliOptions c = parseCommandLine({"check-rules", "a.json", "b.json", "--z3-timeout", "50"});
  CHECK(c.command == Command::CheckRules);
  CHECK(c.checkFiles.size() == 2);
  CHECK(c.z3TimeoutMs == 50);
  CHECK(helpText().find("Exit status") != std::string::npos);
}

TEST_CASE("features: resolution") {
  FeatureSelection sel;
  CHECK(resolveFeatures(sel, std::nullopt) == defaultFeatures());
  CHECK(resolveFeatures(sel, BinaryenFeatureBulkMemory()) == BinaryenFeatureBulkMemory());
  sel.enabled = BinaryenFeatureSIMD128();
  sel.disabled = BinaryenFeatureSignExt();
  CHECK(resolveFeatures(sel, std::nullopt) ==
        ((defaultFeatures() | BinaryenFeatureSIMD128()) & ~BinaryenFeatureSignExt()));
  sel = {};
  sel.base = FeatureSelection::Base::All;
  CHECK(resolveFeatures(sel, BinaryenFeatureMVP()) == BinaryenFeatureAll());
  CHECK(featureByTargetName("simd128") == BinaryenFeatureSIMD128());
  CHECK(featureByOption("nontrapping-float-to-int") == BinaryenFeatureNontrappingFPToInt());
  CHECK(featureNames(BinaryenFeatureSignExt() | BinaryenFeatureBulkMemory()) == "bulk-memory, sign-ext");
  CHECK(enableFlags(BinaryenFeatureSignExt()) == "--enable-sign-ext");
}

TEST_CASE("format detection") {
  CHECK(detectFormat(tinyModule(false), "m") == InputFormat::Binary);
  CHECK(detectFormat(bytesOf("(module)\n"), "m") == InputFormat::Text);
  CHECK(detectFormat(bytesOf(";; caf\xc3\xa9\n(module)"), "m") == InputFormat::Text);
  CHECK_THROWS_AS(detectFormat({}, "m"), CliError);
  CHECK_THROWS_AS(detectFormat(bytesOf(std::string("ab\0cd", 5)), "m"), CliError);
  CHECK_THROWS_AS(detectFormat(bytesOf("\xff\xfe"), "m"), CliError);
}

TEST_CASE("binary scan: target_features and malformed framing") {
  BinaryScan s = scanBinary(tinyModule(true), "m");
  CHECK(s.hasFeaturesSection);
  CHECK(s.features == BinaryenFeatureBulkMemory());  // '-sign-ext' is not enabled
  CHECK_FALSE(scanBinary(tinyModule(false), "m").hasFeaturesSection);

  auto t = tinyModule(false);
  t.resize(t.size() - 3);
  try {
    scanBinary(t, "t.wasm");
    FAIL("no error");
  } catch (const CliError& e) {
    CHECK(e.code() == kExitBadInput);
    CHECK(e.line() == "eqsat-wasm: t.wasm: malformed module at byte offset 26: section 'code' (id 10) "
                      "declares 6 bytes but only 3 remain (truncated file?)");
  }
  auto v = tinyModule(false);
  v[4] = 2;
  CHECK_THROWS_WITH_AS(scanBinary(v, "v"), "malformed module at byte offset 4: unsupported binary version 2 (expected 1)", CliError);
}

TEST_CASE("Binaryen diagnostics become one line") {
  CHECK(describeParseFailure("[parse exception: Section extends beyond end of input (at 0:10)]Fatal: error in parsing wasm binary\n") ==
        "malformed module at byte offset 10: Section extends beyond end of input");
  CHECK(firstValidationError("[wasm-validator error in function $f] unexpected false: i32.add operands must be i32, on \n(i32.add\n)\n"
                             "[wasm-validator error in module] second\n") ==
        "in function $f: i32.add operands must be i32");
  CHECK(oneLine("  a\n  b\tc ") == "a b c");
  CHECK(formatErrorLine("f.wasm", "bad\nthing") == "eqsat-wasm: f.wasm: bad thing");
}

TEST_CASE("probe: parses and validates in a child process") {
  CHECK(probeModule(tinyModule(false), defaultFeatures()).kind == ProbeResult::Kind::Ok);
  auto t = tinyModule(false);
  t.resize(t.size() - 3);
  ProbeResult r = probeModule(t, defaultFeatures());
  CHECK(r.kind == ProbeResult::Kind::Malformed);
  CHECK(r.message.rfind("malformed module at byte offset ", 0) == 0);
}

TEST_CASE("atomic output and same-file detection") {
  TempDir d;
  std::string out = (d.p / "o.bin").string();
  writeFileAtomically(out, "hello", 5);
  writeFileAtomically(out, "bye", 3);
  std::ifstream f(out, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(f)), {});
  CHECK(content == "bye");
  size_t n = 0;
  for ([[maybe_unused]] auto& e : fs::directory_iterator(d.p)) ++n;
  CHECK(n == 1);  // no temp files left
  CHECK(sameFile(out, (d.p / "." / "o.bin").string()));
  CHECK_FALSE(sameFile(out, (d.p / "other.bin").string()));
  CHECK(sameFile((d.p / "new.bin").string(), (d.p / "x" / ".." / "new.bin").string()));
  CHECK_THROWS_AS(writeFileAtomically((d.p / "missing" / "o.bin").string(), "x", 1), CliError);
  CHECK_THROWS_AS(checkOutputPath(d.p.string()), CliError);
}
