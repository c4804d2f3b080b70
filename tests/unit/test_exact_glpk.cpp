// The exact extractor and GLPK's per-thread environment: freed when an
// extraction ends. It was left behind by every worker thread of
// optimizeModule (found by LeakSanitizer in the sanitizer build, where this
// test also fails at exit on a leak).
#include "extract/extract.h"

#include <doctest/doctest.h>
#include <glpk.h>

#include <thread>

using namespace eqsat;

TEST_CASE("extract: exact in a worker thread leaves no GLPK environment behind") {
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i64), y = g.addSymbol("y", Ty::i64);
  ClassId s = g.add(Op::I64Shl, Ty::i64, 0, std::vector<ClassId>{x, g.addConst(Ty::i64, 32)});
  ClassId a = g.add(Op::I64Add, Ty::i64, 0, std::vector<ClassId>{s, y});
  ClassId b = g.add(Op::I64Xor, Ty::i64, 0, std::vector<ClassId>{s, y});
  g.rebuild();
  auto cm = makeCostModel("thumb2");
  ExtractOptions o;
  o.roots = {{a, Use::Value}, {b, Use::Value}};
  Extraction e;
  int envLeft = -1;
  std::thread worker([&] {
    e = extract(g, *cm, "exact", o);
    envLeft = glp_free_env();  // 1: no environment (any more) on this thread; 0: one was left and is freed now
  });
  worker.join();
  CHECK(e.dagCost < Extraction::kInf);
  CHECK(envLeft == 1);
}
