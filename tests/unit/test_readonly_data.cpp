// The readonly-data assumption, decided per module (module/readonly_data.h):
// which modules have read-only bytes, and where.
#include <doctest/doctest.h>
#include "module/module_io.h"
#include "module/readonly_data.h"
#include "wat_module.h"

#include <string>
#include <vector>

namespace {

using eqsat::test::Mod;

// The binary Binaryen writes (with its names section) of a module whose
// memory and data are `decls`.
std::shared_ptr<const eqsat::ReadonlyBytes> readonlyOf(const std::string& decls, std::string& why) {
  Mod mod(("(module " + decls + ")").c_str());
  std::vector<char> bin = eqsat::cli::writeBinary(mod.m);
  std::vector<uint8_t> bytes(bin.begin(), bin.end());
  return eqsat::findReadonlyData(bytes, &why);
}

} // namespace

TEST_CASE("readonly-data: decided per module by its .rodata segment") {
  std::string why;
  auto ro = readonlyOf(R"((memory 1) (data $.rodata (i32.const 1024) "abcd") (data $.data (i32.const 1028) "ef"))", why);
  REQUIRE(ro);
  CHECK(ro->start == 1024);
  CHECK(ro->bytes == std::vector<uint8_t>{'a', 'b', 'c', 'd'});

  CHECK_FALSE(readonlyOf(R"((memory 1) (data $.data (i32.const 1024) "abcd"))", why));
  CHECK(why == "no data segment named .rodata");
  CHECK_FALSE(readonlyOf(R"((memory 1) (data $.rodata (i32.const 1024) "abcd") (data $.data (i32.const 1026) "ef"))", why));
  CHECK(why == "another segment overlaps .rodata");
  CHECK_FALSE(readonlyOf(R"((memory 1) (data $.rodata (i32.const 65534) "abcd"))", why));
  CHECK(why == ".rodata is not inside the initial memory");
  CHECK_FALSE(readonlyOf(R"((memory 1) (data $.rodata (i32.const 1024) "abcd") (data $p "ef"))", why));
  CHECK(why == "another segment is passive or has no constant offset");
}
