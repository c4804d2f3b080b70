// module/probe.h: a probe run as a fresh eqsat-wasm process (the one that
// module probes of a large process use) answers as a forked one does.
#include "module/features.h"
#include "module/probe.h"

#include <binaryen-c.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

using namespace eqsat::cli;

namespace {

// The eqsat-wasm built next to this test binary (build/tests/eqsat-tests).
std::string eqsatWasmExecutable() {
  return (std::filesystem::canonical("/proc/self/exe").parent_path().parent_path() / "eqsat-wasm").string();
}

// One function `f` (result i32) whose body is `body(module)`, as a binary.
template <typename Body> std::vector<char> moduleWith(BinaryenFeatures features, Body body) {
  BinaryenModuleRef m = BinaryenModuleCreate();
  BinaryenModuleSetFeatures(m, features);
  BinaryenAddFunction(m, "f", BinaryenTypeNone(), BinaryenTypeInt32(), nullptr, 0, body(m));
  BinaryenAddFunctionExport(m, "f", "f");
  BinaryenModuleAllocateAndWriteResult r = BinaryenModuleAllocateAndWrite(m, nullptr);
  std::vector<char> bytes(static_cast<char*>(r.binary), static_cast<char*>(r.binary) + r.binaryBytes);
  std::free(r.binary);
  BinaryenModuleDispose(m);
  return bytes;
}

void checkSameAnswer(const ProbeResult& forked, const ProbeResult& fresh) {
  CHECK(int(fresh.kind) == int(forked.kind));
  CHECK(fresh.message == forked.message);
  CHECK(fresh.missing == forked.missing);
  CHECK(fresh.nestingDepth == forked.nestingDepth);
  CHECK(fresh.deepestFunction == forked.deepestFunction);
}

} // namespace

TEST_CASE("probe: a fresh eqsat-wasm process answers as a forked child does") {
  const std::string exe = eqsatWasmExecutable();
  REQUIRE(std::filesystem::exists(exe));
  auto one = [](BinaryenModuleRef m) { return BinaryenConst(m, BinaryenLiteralInt32(1)); };
  auto nested = [](BinaryenModuleRef m) {
    BinaryenExpressionRef e = BinaryenConst(m, BinaryenLiteralInt32(1));
    for (int i = 0; i < 5; ++i) e = BinaryenUnary(m, BinaryenEqZInt32(), e);
    return e;
  };
  auto signExt = [](BinaryenModuleRef m) {
    return BinaryenUnary(m, BinaryenExtendS8Int32(), BinaryenConst(m, BinaryenLiteralInt32(1)));
  };
  auto wrongType = [](BinaryenModuleRef m) { return BinaryenConst(m, BinaryenLiteralInt64(1)); };
  std::vector<char> truncated = moduleWith(defaultFeatures(), one);
  truncated.resize(truncated.size() - 3);
  struct Case {
    const char* what;
    std::vector<char> bytes;
    ProbeResult::Kind kind;
  };
  const BinaryenFeatures all = BinaryenFeatureAll();
  const Case cases[] = {
      {"valid", moduleWith(defaultFeatures(), one), ProbeResult::Kind::Ok},
      {"nested", moduleWith(defaultFeatures(), nested), ProbeResult::Kind::Ok},
      {"sign-ext without the feature", moduleWith(all, signExt), ProbeResult::Kind::MissingFeatures},
      {"invalid", moduleWith(all, wrongType), ProbeResult::Kind::Invalid},
      {"truncated", truncated, ProbeResult::Kind::Malformed},
  };
  const BinaryenFeatures mvp = BinaryenFeatureMVP();
  for (const Case& c : cases) {
    CAPTURE(c.what);
    setProbeExecutable("");
    const ProbeResult forked = probeModule(c.bytes, mvp);
    setProbeExecutable(exe, /*freshAboveBytes=*/0);
    const ProbeResult fresh = probeModule(c.bytes, mvp);
    setProbeExecutable("");
    CHECK(int(forked.kind) == int(c.kind));
    checkSameAnswer(forked, fresh);
  }
  // The fresh process is the program named: its answer is the probe's (so
  // the answers above did come from eqsat-wasm, not from a fork).
  const std::string answering = (std::filesystem::temp_directory_path() /
                                 ("eqsat-probe-answer-" + std::to_string(::getpid()) + ".sh")).string();
  {
    std::ofstream script(answering);
    script << "#!/bin/sh\necho 'EXCEPTION answered by the fresh process' >&3\n";
  }
  std::filesystem::permissions(answering, std::filesystem::perms::owner_all);
  setProbeExecutable(answering, /*freshAboveBytes=*/0);
  const ProbeResult answered = probeModule(cases[0].bytes, mvp);
  setProbeExecutable("");
  std::filesystem::remove(answering);
  CHECK(int(answered.kind) == int(ProbeResult::Kind::Malformed));
  CHECK(answered.message == "malformed module: answered by the fresh process");
  // One that does not run as a probe and answers nothing (valgrind, when
  // /proc/self/exe is valgrind): the probe is forked instead.
  setProbeExecutable("/bin/false", /*freshAboveBytes=*/0);
  const ProbeResult silent = probeModule(cases[0].bytes, mvp);
  setProbeExecutable("");
  CHECK(int(silent.kind) == int(ProbeResult::Kind::Ok));
}
