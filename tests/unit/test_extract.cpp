// Extractors: tree, dag, exact on small e-graphs; dag never worse than tree,
// exact never worse than dag under dagCost().
#include "extract/extract.h"

#include <doctest/doctest.h>

using namespace eqsat;

TEST_CASE("extract: sharing makes dag prefer a common subterm") {
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i64), y = g.addSymbol("y", Ty::i64);
  ClassId c32 = g.addConst(Ty::i64, 32);
  ClassId s = g.add(Op::I64Shl, Ty::i64, 0, std::vector<ClassId>{x, c32});
  ClassId a = g.add(Op::I64Add, Ty::i64, 0, std::vector<ClassId>{s, y});
  ClassId b = g.add(Op::I64Xor, Ty::i64, 0, std::vector<ClassId>{s, y});
  g.rebuild();
  std::vector<Root> roots{{a, Use::Value}, {b, Use::Value}};
  auto cm = makeCostModel("thumb2");
  ExtractOptions o;
  o.roots = roots;
  Extraction t = extract(g, *cm, "tree", o), d = extract(g, *cm, "dag", o), e = extract(g, *cm, "exact", o);
  CHECK(t.dagCost < Extraction::kInf);
  CHECK(d.dagCost <= t.dagCost + 1e-9);
  CHECK(e.dagCost <= d.dagCost + 1e-9);
  // The shift (11 + the i64 amount 2) counted once plus its local traffic (set 2 + get 2),
  // add 2, xor 2, x 2, y twice 2 + 2.
  CHECK(d.dagCost == doctest::Approx(27));
}

TEST_CASE("extract: dag reuses a class computed anyway, and keeps tree's choice as an alternative") {
  // q = x << 32 is a root; p = y * z (tree's choice) or q | x (cheaper once q is computed anyway).
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i64), y = g.addSymbol("y", Ty::i64), z = g.addSymbol("z", Ty::i64);
  ClassId q = g.add(Op::I64Shl, Ty::i64, 0, std::vector<ClassId>{x, g.addConst(Ty::i64, 32)});
  ClassId p = g.add(Op::I64Mul, Ty::i64, 0, std::vector<ClassId>{y, z});
  ClassId p2 = g.add(Op::I64Or, Ty::i64, 0, std::vector<ClassId>{q, x});
  g.merge(p, p2);
  g.rebuild();
  std::vector<Root> roots{{q, Use::Value}, {p, Use::Value}};
  auto cm = makeCostModel("thumb2-regalloc");  // locals are free: sharing costs nothing
  ExtractOptions o;
  o.roots = roots;
  Extraction t = extract(g, *cm, "tree", o), d = extract(g, *cm, "dag", o), e = extract(g, *cm, "exact", o);
  CHECK(g.node(t.best[g.find(p)]).op == Op::I64Mul);
  CHECK(g.node(d.best[g.find(p)]).op == Op::I64Or);
  CHECK(d.dagCost < t.dagCost);
  CHECK(e.dagCost <= d.dagCost);
  // The selections they were guarded against go along for the emitter (module/optimize.h emitBestBody).
  REQUIRE(d.alternatives.size() == 1);
  CHECK(d.alternatives[0].extractor == "tree");
  CHECK(d.alternatives[0].best == t.best);
  CHECK(d.alternatives[0].dagCost == t.dagCost);
  REQUIRE(!e.alternatives.empty());
  CHECK(e.alternatives.back().extractor == "tree");
  for (const Extraction& a : e.alternatives) CHECK(!sameSelection(g, e.best, a.best, roots));
}

TEST_CASE("extract: dag's work budget is a count: without one, dag is tree; with one, the same result every time") {
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i64), y = g.addSymbol("y", Ty::i64), z = g.addSymbol("z", Ty::i64);
  ClassId q = g.add(Op::I64Shl, Ty::i64, 0, std::vector<ClassId>{x, g.addConst(Ty::i64, 32)});
  ClassId p = g.add(Op::I64Mul, Ty::i64, 0, std::vector<ClassId>{y, z});
  g.merge(p, g.add(Op::I64Or, Ty::i64, 0, std::vector<ClassId>{q, x}));
  g.rebuild();
  auto cm = makeCostModel("thumb2-regalloc");
  ExtractOptions o;
  o.roots = {{q, Use::Value}, {p, Use::Value}};
  Extraction t = extract(g, *cm, "tree", o);
  o.dagWork = 0;
  Extraction none = extract(g, *cm, "dag", o);
  CHECK(none.best == t.best);
  CHECK(none.dagCost == t.dagCost);
  o.dagWork = ExtractOptions{}.dagWork;
  Extraction a = extract(g, *cm, "dag", o), b = extract(g, *cm, "dag", o);
  CHECK(a.best == b.best);
  CHECK(a.dagCost < t.dagCost);
}

TEST_CASE("extract: dag's selection equal to tree's is tree's extraction, without alternatives") {
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i32), y = g.addSymbol("y", Ty::i32);
  ClassId a = g.add(Op::I32Add, Ty::i32, 0, std::vector<ClassId>{x, y});
  ClassId b = g.add(Op::I32Mul, Ty::i32, 0, std::vector<ClassId>{a, y});
  g.rebuild();
  auto cm = makeCostModel("thumb2");
  ExtractOptions o;
  o.roots = {{b, Use::Value}};
  Extraction t = extract(g, *cm, "tree", o);
  for (const char* name : {"dag", "exact"}) {
    Extraction d = extract(g, *cm, name, o);
    CHECK(d.alternatives.empty());
    CHECK(d.best == t.best);
    CHECK(d.cost == t.cost);
    CHECK(d.condCost == t.condCost);
    CHECK(d.dagCost == t.dagCost);
  }
}

TEST_CASE("extract: a compare feeding a select condition costs a compare") {
  EGraph g;
  ClassId x = g.addSymbol("x", Ty::i32), y = g.addSymbol("y", Ty::i32);
  ClassId lt = g.add(Op::I32LtU, Ty::i32, 0, std::vector<ClassId>{x, y});
  ClassId sel = g.add(Op::Select, Ty::i32, 0, std::vector<ClassId>{x, y, lt});
  g.rebuild();
  auto cm = makeCostModel("thumb2");
  Extraction t = extractTree(g, *cm);
  CHECK(t.cost[g.find(lt)] == 4 + 1 + 1);
  CHECK(t.condCost[g.find(lt)] == 1 + 1 + 1);
  CHECK(t.cost[g.find(sel)] == 4 + 1 + 1 + t.condCost[g.find(lt)]);
  CHECK(dagCost(g, *cm, t.best, {{lt, Use::Condition}}) == 3);
  CHECK(dagCost(g, *cm, t.best, {{lt, Use::Value}}) == 6);
}

TEST_CASE("extract: unknown extractor") {
  EGraph g;
  auto cm = makeCostModel("ast");
  CHECK_THROWS_AS(extract(g, *cm, "greedy"), std::invalid_argument);
}

namespace {

// q = x << 32 is a root; p = y * z (tree's choice) or q | x (cheaper once q
// is computed anyway), as in the dag test above.
struct Reuse {
  EGraph g;
  ClassId x, q, p;
  std::vector<Root> roots;
  Reuse() {
    x = g.addSymbol("x", Ty::i64);
    ClassId y = g.addSymbol("y", Ty::i64), z = g.addSymbol("z", Ty::i64);
    q = g.add(Op::I64Shl, Ty::i64, 0, std::vector<ClassId>{x, g.addConst(Ty::i64, 32)});
    p = g.add(Op::I64Mul, Ty::i64, 0, std::vector<ClassId>{y, z});
    g.merge(p, g.add(Op::I64Or, Ty::i64, 0, std::vector<ClassId>{q, x}));
    g.rebuild();
    roots = {{q, Use::Value}, {p, Use::Value}};
  }
};

} // namespace

TEST_CASE("extract: tree-ls switches a class to a node that reuses a value computed anyway") {
  Reuse r;
  auto cm = makeCostModel("thumb2-regalloc");
  ExtractOptions o;
  o.roots = r.roots;
  Extraction t = extract(r.g, *cm, "tree", o), l = extract(r.g, *cm, "tree-ls", o), d = extract(r.g, *cm, "dag", o);
  CHECK(l.extractor == "tree-ls");
  CHECK(r.g.node(l.best[r.g.find(r.p)]).op == Op::I64Or);
  CHECK(l.dagCost < t.dagCost);
  CHECK(l.dagCost == doctest::Approx(d.dagCost));
  REQUIRE(l.alternatives.size() == 1);
  CHECK(l.alternatives[0].best == t.best);
}

TEST_CASE("extract: tree-ls keeps tree's choice past its class limit or without a budget") {
  Reuse r;
  auto cm = makeCostModel("thumb2-regalloc");
  ExtractOptions o;
  o.roots = r.roots;
  Extraction t = extract(r.g, *cm, "tree", o);
  SUBCASE("more reached classes than localMaxClasses") { o.localMaxClasses = 1; }
  SUBCASE("no work budget") { o.localWork = 0; }
  Extraction l = extract(r.g, *cm, "tree-ls", o);
  CHECK(l.best == t.best);
  CHECK(l.alternatives.empty());
  CHECK(l.dagCost == doctest::Approx(t.dagCost));
}
