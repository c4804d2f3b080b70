// The faithful write (module/splice.h, module/faithful.h): bodies spliced into
// the input re-encoded against its index spaces, and the structural check.
#include "module/faithful.h"
#include "tests/unit/wat_module.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>

using namespace eqsat;
using namespace eqsat::wasm;

namespace {

std::vector<char> writeWithBinaryen(BinaryenModuleRef m) {
  BinaryenSetDebugInfo(true);
  BinaryenModuleAllocateAndWriteResult r = BinaryenModuleAllocateAndWrite(m, nullptr);
  std::vector<char> out(static_cast<char*>(r.binary), static_cast<char*>(r.binary) + r.binaryBytes);
  std::free(r.binary);
  if (r.sourceMap) std::free(r.sourceMap);
  return out;
}

std::vector<uint8_t> bytesOf(const std::vector<char>& v) { return {v.begin(), v.end()}; }

// Two tables, globals after an imported one, and a function `seam` that calls
// a later function, reads a global and calls through table 1.
const char* kModule = R"((module
  (type $ii (func (param i32) (result i32)))
  (import "env" "g0" (global $g0 i32))
  (import "env" "f0" (func $f0 (param i32) (result i32)))
  (table $ta 1 funcref)
  (table $tb 2 funcref)
  (global $g1 (mut i32) (i32.const 7))
  (elem (table $tb) (i32.const 0) func $later $later)
  (export "tb" (table $tb))
  (func $seam (export "seam") (param $x i32) (result i32)
    (i32.add (call $later (global.get $g1))
             (call_indirect $tb (type $ii) (local.get $x) (i32.const 1))))
  (func $middle (export "middle") (param i32) (result i32) (call $f0 (local.get 0)))
  (func $later (param $y i32) (result i32) (i32.mul (local.get $y) (i32.const 3))))
)";

// Replaces `seam`'s body the way the optimizer does (remove, then add: the
// function moves to the end of Binaryen's function list).
void rewriteSeam(BinaryenModuleRef m) {
  BinaryenFunctionRef f = BinaryenGetFunction(m, "seam");
  BinaryenType params = BinaryenFunctionGetParams(f), results = BinaryenFunctionGetResults(f);
  BinaryenExpressionRef later[] = {BinaryenGlobalGet(m, "g1", BinaryenTypeInt32())};
  BinaryenExpressionRef operands[] = {BinaryenLocalGet(m, 0, BinaryenTypeInt32())};
  BinaryenExpressionRef body = BinaryenBinary(
      m, BinaryenSubInt32(), BinaryenCall(m, "later", later, 1, BinaryenTypeInt32()),
      BinaryenCallIndirect(m, "tb", BinaryenConst(m, BinaryenLiteralInt32(1)), operands, 1, params, results));
  BinaryenRemoveFunction(m, "seam");
  BinaryenAddFunction(m, "seam", params, results, nullptr, 0, body);
}

struct Spliced {
  std::vector<uint8_t> input;
  FaithfulOutput out;
};

Spliced spliceSeam() {
  test::Mod mod(kModule);
  Spliced s;
  s.input = bytesOf(writeWithBinaryen(mod.m));
  // Read back, as the command line does, so that the names are Binaryen's reading of the input.
  std::vector<char> copy(s.input.begin(), s.input.end());
  BinaryenModuleRef m = BinaryenModuleRead(copy.data(), copy.size());
  BinaryenModuleSetFeatures(m, BinaryenFeatureAll());
  InputImage img = makeInputImage(s.input, readBinary(s.input), "", m);
  rewriteSeam(m);
  s.out = writeFaithful(img, m, {"seam"}, writeWithBinaryen);
  BinaryenModuleDispose(m);
  return s;
}

// The instructions of a code entry as (opcode, first immediate) pairs.
std::vector<std::pair<int, uint32_t>> calls(Bytes entry) {
  std::vector<std::pair<int, uint32_t>> out;
  for (size_t i = 0; i + 1 < entry.size(); ++i)
    if (entry[i] == 0x10 || entry[i] == 0x11 || entry[i] == 0x23) out.emplace_back(entry[i], entry[i + 1]);
  return out;
}

} // namespace

TEST_CASE("splice: a rewritten body keeps the input's function order and index spaces") {
  Spliced s = spliceSeam();
  REQUIRE_FALSE(s.out.structuralDifference);
  REQUIRE(s.out.replaced == std::set<std::string>{"seam"});
  BinaryModule in = readBinary(s.input), out = readBinary(s.out.bytes);
  CHECK(out.functionTypes == in.functionTypes);
  // seam is defined function 0 (index 1, after the import) in both.
  const CodeEntry& e = out.code[0];
  auto found = calls(Bytes(s.out.bytes).subspan(e.start, e.end - e.start));
  // global.get 1 ($g1 after the imported $g0), call 3 ($later), call_indirect type 0.
  CHECK(std::find(found.begin(), found.end(), std::make_pair(0x23, 1u)) != found.end());
  CHECK(std::find(found.begin(), found.end(), std::make_pair(0x10, 3u)) != found.end());
  CHECK(std::find(found.begin(), found.end(), std::make_pair(0x11, 0u)) != found.end());
  // The other bodies are the input's bytes.
  for (size_t k = 1; k < in.code.size(); ++k)
    CHECK(std::vector<uint8_t>(s.input.begin() + in.code[k].start, s.input.begin() + in.code[k].end) ==
          std::vector<uint8_t>(s.out.bytes.begin() + out.code[k].start, s.out.bytes.begin() + out.code[k].end));
}

TEST_CASE("splice: the call_indirect of a rewritten body keeps its table") {
  Spliced s = spliceSeam();
  BinaryModule out = readBinary(s.out.bytes);
  const CodeEntry& e = out.code[0];
  Bytes entry = Bytes(s.out.bytes).subspan(e.start, e.end - e.start);
  bool found = false;
  for (size_t i = 0; i + 2 < entry.size(); ++i)
    if (entry[i] == 0x11) found = entry[i + 2] == 1;  // type 0, table 1 ($tb)
  CHECK(found);
}

TEST_CASE("structural check: names the first difference beyond the rewritten bodies") {
  Spliced s = spliceSeam();
  BinaryModule in = readBinary(s.input);
  std::set<uint32_t> seam{0};
  CHECK_FALSE(firstStructuralDifference(s.input, s.out.bytes, seam, false));

  SUBCASE("a body that was not rewritten") {
    std::vector<uint8_t> bad = s.out.bytes;
    BinaryModule out = readBinary(bad);
    bad[out.code[2].end - 2] ^= 1;  // inside $later's i32.const
    auto diff = firstStructuralDifference(s.input, bad, seam, false);
    REQUIRE(diff);
    CHECK(*diff == "the body of function 3 changed, but it was not rewritten");
  }
  SUBCASE("an export") {
    std::vector<uint8_t> bad = s.out.bytes;
    BinaryModule read = readBinary(bad);
    const Section* ex = read.find(SectionId::Export);
    REQUIRE(ex);
    // The first export is "tb": point it at the other table.
    size_t at = ex->payload + 1 + 1 + 2 + 1;
    REQUIRE(bad[at] <= 1);
    bad[at] ^= 1;
    auto diff = firstStructuralDifference(s.input, bad, seam, false);
    REQUIRE(diff);
    CHECK(*diff == "the export section differs");
  }
  SUBCASE("a body whose change was not declared") {
    auto diff = firstStructuralDifference(s.input, s.out.bytes, {}, false);
    REQUIRE(diff);
    CHECK(*diff == "the body of function 1 changed, but it was not rewritten");
  }
}

TEST_CASE("reader: valid modules this build cannot optimize are named") {
  std::vector<uint8_t> component = {0, 'a', 's', 'm', 0x0d, 0, 1, 0};
  try {
    readBinary(component);
    FAIL("no error");
  } catch (const BinaryError& e) {
    CHECK(e.unsupported());
    CHECK(std::string(e.what()).find("a WebAssembly component, not a core module") == 0);
  }
  // Two memories: one imported, one defined.
  std::vector<uint8_t> twoMemories = {0, 'a', 's', 'm', 1, 0, 0, 0,
                                      2, 8, 1, 1, 'e', 1, 'm', 2, 0, 1,  // import "e" "m" memory min 1
                                      5, 3, 1, 0, 1};                    // memory min 1
  try {
    readBinary(twoMemories);
    FAIL("no error");
  } catch (const BinaryError& e) {
    CHECK(e.unsupported());
    CHECK(std::string(e.what()).find("uses 2 memories") == 0);
  }
}

TEST_CASE("decoder: the features a body uses") {
  // (func (i32.extend8_s (i32.const 1)) drop), and memory.fill 0.
  std::vector<uint8_t> entry = {0, 0, 0x41, 1, 0xc0, 0x1a, 0x0b};
  entry[0] = uint8_t(entry.size() - 1);
  FeatureSet f;
  CHECK(decodeCodeEntry(entry, nullptr, nullptr, &f).ok);
  CHECK(f == FeatureSet{"sign-ext"});
  std::vector<uint8_t> fill = {0, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 11, 0, 0x0b};
  fill[0] = uint8_t(fill.size() - 1);
  f.clear();
  CHECK(decodeCodeEntry(fill, nullptr, nullptr, &f).ok);
  CHECK(f == FeatureSet{"bulk-memory"});
  // try_table (the newer exception encoding) is named, not called malformed.
  std::vector<uint8_t> tryTable = {4, 0, 0x1f, 0x40, 0x0b};
  DecodeResult r = decodeCodeEntry(tryTable, nullptr, nullptr, &f);
  CHECK_FALSE(r.ok);
  CHECK(r.unsupported);
}

TEST_CASE("decoder: an i64.const of -2^63 and a 10-byte LEB") {
  // (i64.const -9223372036854775808) drop: the longest signed LEB, its sign in the last byte.
  std::vector<uint8_t> entry = {0, 0, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x1a, 0x0b};
  entry[0] = uint8_t(entry.size() - 1);
  IndexMaps maps;
  std::vector<uint8_t> out;
  CHECK(decodeCodeEntry(entry, &maps, &out, nullptr).ok);
  CHECK(out == entry);
  // An eleventh byte is too long.
  std::vector<uint8_t> tooLong = {0, 0, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f, 0x1a, 0x0b};
  tooLong[0] = uint8_t(tooLong.size() - 1);
  CHECK_FALSE(decodeCodeEntry(tooLong, &maps, &out, nullptr).ok);
}
