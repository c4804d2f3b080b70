// Unit tests for the e-graph core: hashcons, union-find, rebuilding, analyses.
#include "egraph/egraph.h"
#include "egraph/pattern.h"
#include "egraph/serialize.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace eqsat;

namespace {
ClassId sym(EGraph& g, const char* n, Ty t = Ty::i32) { return g.addSymbol(n, t); }
ClassId bin(EGraph& g, Op op, ClassId a, ClassId b) {
  ClassId k[2] = {a, b};
  return g.add(op, k);
}
ClassId un(EGraph& g, Op op, ClassId a) {
  ClassId k[1] = {a};
  return g.add(op, k);
}
// Check the e-graph's structural invariants after a rebuild.
void checkInvariants(const EGraph& g) {
  REQUIRE(g.clean());
  std::set<std::tuple<Op, Ty, uint64_t, std::vector<ClassId>>> seen;
  size_t total = 0;
  for (ClassId c : g.classes()) {
    CHECK(g.find(c) == c);
    for (NodeId n : g.classNodes(c)) {
      NodeView v = g.node(n);
      std::vector<ClassId> ch(v.children.begin(), v.children.end());
      for (ClassId k : ch) CHECK(g.find(k) == k);  // canonical children
      // listed among each child's parents (PhiDistribute scans only those)
      for (ClassId k : ch) {
        auto ps = g.parentNodes(k);
        CHECK(std::find(ps.begin(), ps.end(), n) != ps.end());
      }
      CHECK(g.nodeClass(n) == c);
      CHECK(seen.insert({v.op, v.ty, v.imm, ch}).second);  // unique nodes
      CHECK(g.lookup(v.op, v.ty, v.imm, ch) == c);        // hashcons agrees
      ++total;
    }
    CHECK(!g.classNodes(c).empty());
  }
  CHECK(total == g.numNodes());
  CHECK(g.classes().size() == g.numClasses());
}
} // namespace

TEST_CASE("egraph: hashcons returns the same class for the same node") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId a = bin(g, Op::I32Add, x, y);
  ClassId b = bin(g, Op::I32Add, x, y);
  CHECK(a == b);
  CHECK(bin(g, Op::I32Add, y, x) != a);
  CHECK(g.numNodes() == 4);
  CHECK(g.numClasses() == 4);
  CHECK(g.addSymbol("x", Ty::i32) == x);
  CHECK(g.addSymbol("x", Ty::i64) != x);
  CHECK(g.addConst(Ty::i32, 0x1'0000'0005ull) == g.addConst(Ty::i32, 5));
  ClassId k[2] = {x, y};
  CHECK(g.lookup(Op::I32Add, Ty::i32, 0, k) == a);
  CHECK(g.lookup(Op::I32Sub, Ty::i32, 0, k) == kNoClass);
  CHECK(g.symbolName(g.node(g.classNodes(x)[0]).imm) == "x");
}

TEST_CASE("egraph: congruence after unions") {
  EGraph g(EGraphOptions{false});
  ClassId a = sym(g, "a"), b = sym(g, "b"), c = sym(g, "c");
  ClassId fa = un(g, Op::I32Clz, a), fb = un(g, Op::I32Clz, b);
  ClassId gfa = bin(g, Op::I32Add, fa, c), gfb = bin(g, Op::I32Add, fb, c);
  ClassId hh = bin(g, Op::I32Mul, gfa, gfb);
  CHECK(g.find(fa) != g.find(fb));
  CHECK(g.merge(a, b));
  CHECK(!g.merge(a, b));
  CHECK(!g.clean());
  g.rebuild();
  CHECK(g.clean());
  CHECK(g.find(fa) == g.find(fb));
  CHECK(g.find(gfa) == g.find(gfb));
  CHECK(g.find(c) != g.find(gfa));
  // mul(gfa, gfa) now: one node
  CHECK(g.classNodes(g.find(hh)).size() == 1);
  checkInvariants(g);
  CHECK(g.numClasses() == 5);  // {a,b} c {fa,fb} {gfa,gfb} hh
  CHECK(g.numNodes() == 6);    // a b c clz add mul
}

TEST_CASE("egraph: rebuild is idempotent") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y"), z = sym(g, "z");
  ClassId s1 = bin(g, Op::I32Add, x, y), s2 = bin(g, Op::I32Add, y, x);
  bin(g, Op::I32Mul, s1, z);
  bin(g, Op::I32Mul, s2, z);
  g.merge(s1, s2);
  g.rebuild();
  size_t n = g.numNodes(), c = g.numClasses();
  uint64_t v = g.version();
  auto cls = g.classes();
  g.rebuild();
  g.rebuild();
  CHECK(g.numNodes() == n);
  CHECK(g.numClasses() == c);
  CHECK(g.version() == v);
  CHECK(g.classes() == cls);
  checkInvariants(g);
}

TEST_CASE("egraph: merging a chain collapses parents transitively") {
  EGraph g(EGraphOptions{false});
  // f^k(a) and f^k(b) for k = 1..20
  ClassId a = sym(g, "a"), b = sym(g, "b");
  std::vector<ClassId> fa{a}, fb{b};
  for (int k = 0; k < 20; ++k) {
    fa.push_back(un(g, Op::I32Popcnt, fa.back()));
    fb.push_back(un(g, Op::I32Popcnt, fb.back()));
  }
  g.merge(a, b);
  g.rebuild();
  for (int k = 0; k <= 20; ++k) CHECK(g.find(fa[k]) == g.find(fb[k]));
  CHECK(g.numClasses() == 21);
  checkInvariants(g);
  // f(x) = x : everything collapses into one class
  g.merge(fa[1], a);
  g.rebuild();
  CHECK(g.numClasses() == 1);
  CHECK(g.numNodes() == 3);
  checkInvariants(g);
}

TEST_CASE("egraph: ids are deterministic") {
  auto build = [] {
    EGraph g;
    ClassId x = sym(g, "x"), y = sym(g, "y");
    ClassId a = bin(g, Op::I32Add, x, y), b = bin(g, Op::I32Add, y, x);
    ClassId m = bin(g, Op::I32Mul, a, b);
    g.merge(a, b);
    g.rebuild();
    std::vector<std::pair<ClassId, std::vector<NodeId>>> out;
    for (ClassId c : g.classes()) {
      auto ns = g.classNodes(c);
      out.push_back({c, std::vector<NodeId>(ns.begin(), ns.end())});
    }
    out.push_back({g.find(m), {}});
    return out;
  };
  CHECK(build() == build());
}

TEST_CASE("analysis: constant folding adds the constant node and merges") {
  EGraph g;
  ClassId two = g.addConst(Ty::i32, 2), three = g.addConst(Ty::i32, 3);
  ClassId s = bin(g, Op::I32Add, two, three);
  ClassId x = sym(g, "x");
  ClassId t = bin(g, Op::I32Mul, s, x);
  g.rebuild();
  REQUIRE(g.constant(s).has_value());
  CHECK(*g.constant(s) == 5);
  CHECK(g.find(s) == g.find(g.addConst(Ty::i32, 5)));
  CHECK(!g.constant(t).has_value());
  CHECK(g.type(s) == Ty::i32);
  CHECK(g.knownBits(s) == KnownBits{~uint64_t(5) & 0xffffffffu, 5});
  // wrapping arithmetic and i64
  ClassId big = bin(g, Op::I32Add, g.addConst(Ty::i32, 0xffffffffu), g.addConst(Ty::i32, 2));
  ClassId w = un(g, Op::I32WrapI64, g.addConst(Ty::i64, 0x1234'5678'9abc'def0ull));
  g.rebuild();
  CHECK(*g.constant(big) == 1);
  CHECK(*g.constant(w) == 0x9abcdef0u);
  checkInvariants(g);
}

TEST_CASE("analysis: trapping operations are not folded") {
  EGraph g;
  ClassId d = bin(g, Op::I32DivU, g.addConst(Ty::i32, 7), g.addConst(Ty::i32, 0));
  ClassId ok = bin(g, Op::I32DivU, g.addConst(Ty::i32, 7), g.addConst(Ty::i32, 2));
  ClassId o = bin(g, Op::I32DivS, g.addConst(Ty::i32, 0x80000000u), g.addConst(Ty::i32, 0xffffffffu));
  g.rebuild();
  CHECK(!g.constant(d).has_value());
  CHECK(!g.constant(o).has_value());
  CHECK(*g.constant(ok) == 3);
}

TEST_CASE("analysis: folding propagates through merges (fixpoint in rebuild)") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId s = bin(g, Op::I32Add, x, y);
  ClassId u = bin(g, Op::I32Mul, s, g.addConst(Ty::i32, 3));
  g.rebuild();
  CHECK(!g.constant(u));
  g.merge(x, g.addConst(Ty::i32, 4));
  g.merge(y, g.addConst(Ty::i32, 6));
  g.rebuild();
  CHECK(*g.constant(s) == 10);
  CHECK(*g.constant(u) == 30);
  CHECK(g.find(u) == g.find(g.addConst(Ty::i32, 30)));
  checkInvariants(g);
}

TEST_CASE("analysis: select with constant condition and phi of one class merge") {
  EGraph g;
  ClassId a = sym(g, "a"), b = sym(g, "b"), c = sym(g, "c");
  ClassId k[3] = {a, b, c};
  ClassId sel = g.add(Op::Select, Ty::i32, 0, k);
  ClassId p3[3] = {a, a, a};
  ClassId phi = g.add(Op::Phi, Ty::i32, 7, p3);
  ClassId p2[2] = {a, b};
  ClassId phi2 = g.add(Op::Phi, Ty::i32, 8, p2);
  g.rebuild();
  CHECK(g.find(sel) != g.find(a));
  CHECK(g.find(phi) == g.find(a));
  CHECK(g.find(phi2) != g.find(a));
  g.merge(c, g.addConst(Ty::i32, 0));
  g.rebuild();
  CHECK(g.find(sel) == g.find(b));
  g.merge(a, b);
  g.rebuild();
  CHECK(g.find(phi2) == g.find(a));
  checkInvariants(g);
}

TEST_CASE("analysis: known bits transfer functions") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId x64 = sym(g, "x64", Ty::i64);
  ClassId andff = bin(g, Op::I32And, x, g.addConst(Ty::i32, 0xff));
  ClassId or1 = bin(g, Op::I32Or, x, g.addConst(Ty::i32, 1));
  ClassId shl4 = bin(g, Op::I32Shl, x, g.addConst(Ty::i32, 4));
  ClassId shru = bin(g, Op::I32ShrU, x, g.addConst(Ty::i32, 28));
  ClassId shrs = bin(g, Op::I32ShrS, or1, g.addConst(Ty::i32, 0));
  ClassId xr = bin(g, Op::I32Xor, andff, g.addConst(Ty::i32, 0xf0));
  ClassId cmp = bin(g, Op::I32LtU, x, y);
  ClassId eqz = un(g, Op::I32Eqz, x);
  ClassId clz = un(g, Op::I32Clz, x);
  ClassId ext = un(g, Op::I64ExtendI32U, x);
  ClassId exts = un(g, Op::I64ExtendI32S, bin(g, Op::I32Or, x, g.addConst(Ty::i32, 0x80000000u)));
  ClassId wrap = un(g, Op::I32WrapI64, bin(g, Op::I64And, x64, g.addConst(Ty::i64, 0xf0000000'0000000full)));
  ClassId ld = g.add(Op::I32Load8U, Ty::i32, memImm(0, 0, 0), std::span<const ClassId>(&x, 1));
  ClassId k3[3] = {andff, g.addConst(Ty::i32, 0x10), y};
  ClassId sel = g.add(Op::Select, Ty::i32, 0, k3);
  g.rebuild();
  const uint64_t M = 0xffffffffu;
  CHECK(g.knownBits(andff) == KnownBits{M & ~uint64_t(0xff), 0});
  CHECK(g.knownBits(or1) == KnownBits{0, 1});
  CHECK(g.knownBits(shl4) == KnownBits{0xf, 0});
  CHECK(g.knownBits(shru) == KnownBits{M & ~uint64_t(0xf), 0});
  CHECK(g.knownBits(shrs) == KnownBits{0, 1});
  CHECK(g.knownBits(xr).zero == (M & ~uint64_t(0xff)));
  CHECK(g.knownBits(cmp) == KnownBits{M - 1, 0});
  CHECK(g.knownBits(eqz) == KnownBits{M - 1, 0});
  CHECK(g.knownBits(clz).zero == (M & ~uint64_t(63)));
  CHECK(g.knownBits(ext) == KnownBits{0xffffffff00000000ull, 0});
  CHECK(g.knownBits(exts) == KnownBits{0, 0xffffffff80000000ull});
  CHECK(g.knownBits(wrap) == KnownBits{0xfffffff0u, 0});
  CHECK(g.knownBits(ld) == KnownBits{M & ~uint64_t(0xff), 0});
  CHECK(g.knownBits(sel) == KnownBits{M & ~uint64_t(0xff), 0});
  // For i32 classes the upper halves are zero.
  for (ClassId c : g.classes())
    if (g.type(c) == Ty::i32) {
      CHECK((g.knownBits(c).zero >> 32) == 0);
      CHECK((g.knownBits(c).one >> 32) == 0);
    }
  for (ClassId c : g.classes()) CHECK((g.knownBits(c).zero & g.knownBits(c).one) == 0);
}

TEST_CASE("analysis: equality decided by known bits") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId low = bin(g, Op::I32And, x, g.addConst(Ty::i32, 0xff));     // bits above 0xff zero
  ClassId odd = bin(g, Op::I32Or, y, g.addConst(Ty::i32, 1));         // bit 0 set
  ClassId eqMinus1 = bin(g, Op::I32Eq, low, g.addConst(Ty::i32, 0xffffffffu));
  ClassId neMinus1 = bin(g, Op::I32Ne, low, g.addConst(Ty::i32, 0xffffffffu));
  ClassId eqBoth = bin(g, Op::I32Eq, low, bin(g, Op::I32Shl, y, g.addConst(Ty::i32, 8)));  // not decided
  ClassId eqOdd = bin(g, Op::I32Eq, odd, bin(g, Op::I32Shl, x, g.addConst(Ty::i32, 1)));   // bit 0 differs
  ClassId eqLow7 = bin(g, Op::I32Eq, low, g.addConst(Ty::i32, 7));                         // not decided
  ClassId eqzOdd = un(g, Op::I32Eqz, odd);
  ClassId eqzLow = un(g, Op::I32Eqz, low);                                                 // not decided
  ClassId eq64 = bin(g, Op::I64Eq, un(g, Op::I64ExtendI32U, x), g.addConst(Ty::i64, uint64_t(1) << 32));
  g.rebuild();
  CHECK(g.constant(eqMinus1) == std::optional<uint64_t>(0));
  CHECK(g.constant(neMinus1) == std::optional<uint64_t>(1));
  CHECK(g.constant(eqOdd) == std::optional<uint64_t>(0));
  CHECK(g.constant(eqzOdd) == std::optional<uint64_t>(0));
  CHECK(g.constant(eq64) == std::optional<uint64_t>(0));
  CHECK_FALSE(g.constant(eqBoth).has_value());
  CHECK_FALSE(g.constant(eqLow7).has_value());
  CHECK_FALSE(g.constant(eqzLow).has_value());
}

TEST_CASE("analysis: known bits through add and sub") {
  EGraph g;
  const uint64_t M = 0xffffffffu;
  ClassId bit = bin(g, Op::I32And, sym(g, "x"), g.addConst(Ty::i32, 1));          // 0 or 1
  ClassId less2 = bin(g, Op::I32Sub, bit, g.addConst(Ty::i32, 2));                 // 0xfffffffe or 0xffffffff
  ClassId nib = bin(g, Op::I32And, sym(g, "y"), g.addConst(Ty::i32, 0xf0));
  ClassId plus = bin(g, Op::I32Add, nib, g.addConst(Ty::i32, 0x0f));               // 0x0f..0xff, low nibble 0xf
  ClassId carry = bin(g, Op::I32Add, bit, g.addConst(Ty::i32, 0x7fffffff));        // 0x7fffffff or 0x80000000
  ClassId low = bin(g, Op::I32Add, bit, g.addConst(Ty::i32, 0x10));                // 0x10 or 0x11
  ClassId wide = bin(g, Op::I64Sub, g.addConst(Ty::i64, 0), un(g, Op::I64ExtendI32U, bit));  // 0 or -1
  g.rebuild();
  CHECK(g.knownBits(less2) == KnownBits{0, M - 1});
  CHECK(g.knownBits(plus) == KnownBits{M & ~uint64_t(0xff), 0xf});
  CHECK(g.knownBits(carry) == KnownBits{0, 0});
  CHECK(g.knownBits(low) == KnownBits{M & ~uint64_t(0x11), 0x10});
  CHECK(g.knownBits(wide) == KnownBits{0, 0});
  // Every x in {0, 1}: the facts hold of the sums.
  for (uint64_t x = 0; x < 2; ++x) {
    uint64_t v = (x - 2) & M;
    CHECK((v & g.knownBits(less2).zero) == 0);
    CHECK((v & g.knownBits(less2).one) == g.knownBits(less2).one);
  }
}

TEST_CASE("analysis: known bits through mul") {
  EGraph g;
  const uint64_t M = 0xffffffffu;
  // A 12-bit field packed twice by one multiply: zext(v) * (2^26 + 2^6) = v << 26 | v << 6.
  ClassId v = un(g, Op::I64ExtendI32U, bin(g, Op::I32And, sym(g, "x"), g.addConst(Ty::i32, 0xfff)));
  ClassId twice = bin(g, Op::I64Mul, v, g.addConst(Ty::i64, (uint64_t(1) << 26) + (1 << 6)));
  ClassId read = bin(g, Op::I64ShrU, twice, g.addConst(Ty::i64, 44));               // always 0
  ClassId lowOne = bin(g, Op::I32Mul, g.addConst(Ty::i32, 5), bin(g, Op::I32Or, sym(g, "y"), g.addConst(Ty::i32, 1)));
  ClassId byteByNib = bin(g, Op::I32Mul, bin(g, Op::I32And, sym(g, "z"), g.addConst(Ty::i32, 0xff)),
                          bin(g, Op::I32Shl, bin(g, Op::I32And, sym(g, "w"), g.addConst(Ty::i32, 0xf)), g.addConst(Ty::i32, 2)));
  ClassId wraps = bin(g, Op::I32Mul, sym(g, "p"), sym(g, "q"));
  g.rebuild();
  CHECK(g.knownBits(twice) == KnownBits{~((uint64_t(0xfff) << 26) | (0xfff << 6)), 0});  // the two copies of v
  CHECK(g.constant(read) == uint64_t(0));
  CHECK(g.knownBits(lowOne) == KnownBits{0, 1});                 // 5 * odd is odd
  CHECK(g.knownBits(byteByNib) == KnownBits{M & ~uint64_t(0x3ffc), 0});  // < 2^8 * 2^6, a multiple of 4
  CHECK(g.knownBits(wraps) == KnownBits{0, 0});
}

TEST_CASE("analysis: merge is monotone (knowledge only grows)") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId a = bin(g, Op::I32And, x, g.addConst(Ty::i32, 0xff));   // upper 24 zero
  ClassId b = bin(g, Op::I32Or, y, g.addConst(Ty::i32, 1));       // bit 0 one
  g.rebuild();
  KnownBits ka = g.knownBits(a), kb = g.knownBits(b);
  g.merge(a, b);
  g.rebuild();
  KnownBits k = g.knownBits(a);
  CHECK((k.zero & ka.zero) == ka.zero);
  CHECK((k.one & ka.one) == ka.one);
  CHECK((k.zero & kb.zero) == kb.zero);
  CHECK((k.one & kb.one) == kb.one);
  CHECK(k == KnownBits{0xffffff00u, 1});
  // a class whose bits become fully known becomes a constant
  ClassId z = bin(g, Op::I32And, sym(g, "z"), g.addConst(Ty::i32, 0));
  g.rebuild();
  CHECK(*g.constant(z) == 0);
}

TEST_CASE("analysis off: only types, no folding") {
  EGraph g(EGraphOptions{false});
  ClassId s = bin(g, Op::I32Add, g.addConst(Ty::i32, 2), g.addConst(Ty::i32, 3));
  g.rebuild();
  CHECK(!g.constant(s));
  CHECK(g.type(s) == Ty::i32);
  CHECK(g.numClasses() == 3);
}

TEST_CASE("egraph: classesWithOp and serialization") {
  EGraph g;
  ClassId x = sym(g, "x"), y = sym(g, "y");
  ClassId a = bin(g, Op::I32Add, x, y), b = bin(g, Op::I32Add, y, x);
  bin(g, Op::I32Mul, a, b);
  g.merge(a, b);
  g.rebuild();
  auto w = g.classesWithOp(Op::I32Add);
  REQUIRE(w.size() == 1);
  CHECK(w[0] == g.find(a));
  CHECK(g.classesWithOp(Op::I32Sub).empty());
  ClassId roots[1] = {a};
  auto j = serializeEGraph(g, roots);
  CHECK(j["nodes"].size() == g.numNodes());
  CHECK(j["root_eclasses"][0] == std::to_string(g.find(a)));
  for (auto& [id, n] : j["nodes"].items()) {
    CHECK(n.contains("op"));
    CHECK(n.contains("eclass"));
    CHECK(n["cost"] == 1.0);
    for (auto& ch : n["children"]) CHECK(j["nodes"].contains(ch.get<std::string>()));
  }
}

// ---- randomized test against a naive reference congruence closure ----
namespace {
struct RefTerm {
  int op;  // -1 leaf
  int leaf;
  std::vector<int> kids;
};
struct RefClosure {
  std::vector<RefTerm> terms;
  std::vector<int> uf;
  int find(int x) { return uf[x] == x ? x : uf[x] = find(uf[x]); }
  void unite(int a, int b) { uf[find(a)] = find(b); }
  void close() {
    for (bool changed = true; changed;) {
      changed = false;
      for (size_t i = 0; i < terms.size(); ++i)
        for (size_t j = i + 1; j < terms.size(); ++j) {
          if (find(int(i)) == find(int(j))) continue;
          const RefTerm &a = terms[i], &b = terms[j];
          if (a.op != b.op || a.leaf != b.leaf || a.kids.size() != b.kids.size()) continue;
          bool eq = true;
          for (size_t k = 0; k < a.kids.size() && eq; ++k) eq = find(a.kids[k]) == find(b.kids[k]);
          if (eq) {
            unite(int(i), int(j));
            changed = true;
          }
        }
    }
  }
};
} // namespace

TEST_CASE("egraph: randomized against a naive congruence closure") {
  const Op ops[3] = {Op::I32Add, Op::I32Mul, Op::I32Clz};
  for (unsigned seed = 1; seed <= 40; ++seed) {
    std::mt19937 rng(seed);
    EGraph g(EGraphOptions{false});
    RefClosure ref;
    std::vector<ClassId> cls;
    const int nLeaves = 4, nTerms = 60;
    for (int i = 0; i < nTerms; ++i) {
      RefTerm t;
      if (i < nLeaves || rng() % 5 == 0) {
        t.op = -1;
        t.leaf = int(rng() % (nLeaves + 2));
        std::string name = "L";
        name += char('0' + t.leaf);
        cls.push_back(g.addSymbol(name, Ty::i32));
      } else {
        t.op = int(rng() % 3);
        t.leaf = 0;
        int ar = t.op == 2 ? 1 : 2;
        std::vector<ClassId> k;
        for (int a = 0; a < ar; ++a) {
          t.kids.push_back(int(rng() % i));
          k.push_back(cls[t.kids.back()]);
        }
        cls.push_back(g.add(ops[t.op], k));
      }
      ref.terms.push_back(t);
      ref.uf.push_back(i);
    }
    ref.close();  // hash-consing equalities
    int rounds = 1 + int(rng() % 4);
    for (int r = 0; r < rounds; ++r) {
      int nu = int(rng() % 4);
      for (int u = 0; u < nu; ++u) {
        int a = int(rng() % nTerms), b = int(rng() % nTerms);
        g.merge(cls[a], cls[b]);
        ref.unite(a, b);
      }
      g.rebuild();
      ref.close();
      for (int i = 0; i < nTerms; ++i)
        for (int j = 0; j < nTerms; ++j)
          REQUIRE_MESSAGE((g.find(cls[i]) == g.find(cls[j])) == (ref.find(i) == ref.find(j)),
                          "seed " << seed << " terms " << i << "," << j);
      checkInvariants(g);
      std::set<int> refClasses;
      for (int i = 0; i < nTerms; ++i) refClasses.insert(ref.find(i));
      CHECK(refClasses.size() == g.numClasses());
    }
  }
}
