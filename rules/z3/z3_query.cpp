// The prover plugin (libeqsat-z3.so, rules/z3/z3_query.h): the Z3 proof of
// one rule direction under one typing, in Z3's bit-vector theory with exact
// wasm semantics (rules/check.cpp states the semantics both checkers share).
//
// Each side is encoded as (value, trap) per term; loads read a byte array per
// memory slot; the query asks for an input satisfying the conditions under
// which the two sides differ. unsat is a proof, a model a counterexample.
#include "rules/z3/z3_query.h"

#include <z3++.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace eqsat::rules::detail {
namespace {

struct ZVal {
  z3::expr v, trap, ea;
  unsigned bytes = 0;
  bool isStore = false;
};

struct Z3Enc {
  z3::context& c;
  const RuleAst& r;
  const Typing& ty;
  std::vector<z3::expr> vars;
  std::vector<z3::expr> offsets;  // per memory slot
  std::map<unsigned, z3::expr> mems;  // per memory slot, made on first use
  z3::expr memSize;
  std::vector<z3::expr> defined;  // definedness of expressions (conditions / computed)

  Z3Enc(z3::context& ctx, const RuleAst& rule, const Typing& t)
      : c(ctx), r(rule), ty(t), memSize(ctx.bv_const("memory_size", 64)) {
    for (auto& v : r.vars) vars.push_back(c.bv_const(("?" + v.name).c_str(), tyBits(ty[v.tv])));
    for (size_t i = 0; i <= r.lhs.size(); ++i)
      offsets.push_back(z3::zext(c.bv_const(("offset" + std::to_string(i)).c_str(), 32), 32));
  }
  z3::expr bv(uint64_t v, unsigned w) { return c.bv_val(uint64_t(v), w); }
  z3::expr b2bv(const z3::expr& b) { return z3::ite(b, bv(1, 32), bv(0, 32)); }
  z3::expr mem(unsigned slot) {
    auto it = mems.find(slot);
    if (it == mems.end())
      it = mems.emplace(slot, c.constant(("memory" + std::to_string(slot)).c_str(),
                                          c.array_sort(c.bv_sort(64), c.bv_sort(8)))).first;
    return it->second;
  }

  z3::expr clz(const z3::expr& a, unsigned w) {
    z3::expr res = bv(w, w);
    for (unsigned i = 0; i < w; ++i) res = z3::ite(a.extract(i, i) == bv(1, 1), bv(w - 1 - i, w), res);
    return res;
  }
  z3::expr ctz(const z3::expr& a, unsigned w) {
    z3::expr res = bv(w, w);
    for (unsigned i = w; i-- > 0;) res = z3::ite(a.extract(i, i) == bv(1, 1), bv(i, w), res);
    return res;
  }
  z3::expr popcnt(const z3::expr& a, unsigned w) {
    z3::expr res = bv(0, w);
    for (unsigned i = 0; i < w; ++i) res = res + z3::zext(a.extract(i, i), w - 1);
    return res;
  }

  // A pure integer operator: value and trap condition.
  std::pair<z3::expr, z3::expr> op(Op o, const std::vector<z3::expr>& a) {
    z3::expr F = c.bool_val(false);
    const OpInfo& info = opInfo(o);
    unsigned w = tyBits(info.operand[0] == Ty::none ? info.result : info.operand[0]);
    auto sh = [&](const z3::expr& k) { return k & bv(w - 1, w); };
    switch (o) {
    case Op::I32Clz: case Op::I64Clz: return {clz(a[0], w), F};
    case Op::I32Ctz: case Op::I64Ctz: return {ctz(a[0], w), F};
    case Op::I32Popcnt: case Op::I64Popcnt: return {popcnt(a[0], w), F};
    case Op::I32Eqz: case Op::I64Eqz: return {b2bv(a[0] == bv(0, w)), F};
    case Op::I32Extend8S: case Op::I64Extend8S: return {z3::sext(a[0].extract(7, 0), w - 8), F};
    case Op::I32Extend16S: case Op::I64Extend16S: return {z3::sext(a[0].extract(15, 0), w - 16), F};
    case Op::I64Extend32S: return {z3::sext(a[0].extract(31, 0), 32), F};
    case Op::I32WrapI64: return {a[0].extract(31, 0), F};
    case Op::I64ExtendI32S: return {z3::sext(a[0], 32), F};
    case Op::I64ExtendI32U: return {z3::zext(a[0], 32), F};
    case Op::I32Add: case Op::I64Add: return {a[0] + a[1], F};
    case Op::I32Sub: case Op::I64Sub: return {a[0] - a[1], F};
    case Op::I32Mul: case Op::I64Mul: return {a[0] * a[1], F};
    case Op::I32DivU: case Op::I64DivU: return {z3::udiv(a[0], a[1]), a[1] == bv(0, w)};
    case Op::I32DivS: case Op::I64DivS: {
      uint64_t minv = uint64_t(1) << (w - 1);
      return {a[0] / a[1], a[1] == bv(0, w) || (a[0] == bv(minv, w) && a[1] == bv(~uint64_t(0), w))};
    }
    case Op::I32RemU: case Op::I64RemU: return {z3::urem(a[0], a[1]), a[1] == bv(0, w)};
    case Op::I32RemS: case Op::I64RemS: return {z3::srem(a[0], a[1]), a[1] == bv(0, w)};
    case Op::I32And: case Op::I64And: return {a[0] & a[1], F};
    case Op::I32Or: case Op::I64Or: return {a[0] | a[1], F};
    case Op::I32Xor: case Op::I64Xor: return {a[0] ^ a[1], F};
    case Op::I32Shl: case Op::I64Shl: return {z3::shl(a[0], sh(a[1])), F};
    case Op::I32ShrU: case Op::I64ShrU: return {z3::lshr(a[0], sh(a[1])), F};
    case Op::I32ShrS: case Op::I64ShrS: return {z3::ashr(a[0], sh(a[1])), F};
    case Op::I32Rotl: case Op::I64Rotl:
      return {z3::expr(c, Z3_mk_ext_rotate_left(c, a[0], sh(a[1]))), F};
    case Op::I32Rotr: case Op::I64Rotr:
      return {z3::expr(c, Z3_mk_ext_rotate_right(c, a[0], sh(a[1]))), F};
    case Op::I32Eq: case Op::I64Eq: return {b2bv(a[0] == a[1]), F};
    case Op::I32Ne: case Op::I64Ne: return {b2bv(a[0] != a[1]), F};
    case Op::I32LtS: case Op::I64LtS: return {b2bv(z3::slt(a[0], a[1])), F};
    case Op::I32LtU: case Op::I64LtU: return {b2bv(z3::ult(a[0], a[1])), F};
    case Op::I32GtS: case Op::I64GtS: return {b2bv(z3::sgt(a[0], a[1])), F};
    case Op::I32GtU: case Op::I64GtU: return {b2bv(z3::ugt(a[0], a[1])), F};
    case Op::I32LeS: case Op::I64LeS: return {b2bv(z3::sle(a[0], a[1])), F};
    case Op::I32LeU: case Op::I64LeU: return {b2bv(z3::ule(a[0], a[1])), F};
    case Op::I32GeS: case Op::I64GeS: return {b2bv(z3::sge(a[0], a[1])), F};
    case Op::I32GeU: case Op::I64GeU: return {b2bv(z3::uge(a[0], a[1])), F};
    default: throw std::logic_error(std::string("no Z3 encoding for ") + opName(o));
    }
  }

  // Expression language: value (bool as bv32 0/1) and definedness.
  std::pair<z3::expr, z3::expr> expr(int ei) {
    const Expr& e = r.exprs[ei];
    std::vector<z3::expr> a;
    z3::expr def = c.bool_val(true);
    for (int k : e.kids) {
      auto [v, d] = expr(k);
      a.push_back(v);
      def = def && d;
    }
    unsigned w = e.w == W::boolean ? 32 : wBits(e.w);
    auto varBits = [&] { return tyBits(ty[r.vars[e.var].tv]); };
    switch (e.kind) {
    case Expr::Lit: return {bv(e.value, w), def};
    case Expr::Const: return {vars[e.var], def};
    case Expr::WasmOp: {
      auto [v, trap] = op(e.op, a);
      return {v, def && !trap};
    }
    case Expr::IsPow2: {
      unsigned aw = a[0].get_sort().bv_size();
      return {b2bv(a[0] != bv(0, aw) && (a[0] & (a[0] - bv(1, aw))) == bv(0, aw)), def};
    }
    case Expr::Pow2: return {z3::shl(bv(1, w), a[0]), def && z3::ult(a[0], bv(w, w))};
    case Expr::LAnd: return {b2bv(a[0] != bv(0, 32) && a[1] != bv(0, 32)), def};
    case Expr::LOr: return {b2bv(a[0] != bv(0, 32) || a[1] != bv(0, 32)), def};
    case Expr::LNot: return {b2bv(a[0] == bv(0, 32)), def};
    case Expr::KnownZero: return {b2bv((vars[e.var] & a[0]) == bv(0, varBits())), def};
    case Expr::KnownOne: return {b2bv((vars[e.var] & a[0]) == a[0]), def};
    case Expr::FitsU: {
      unsigned vw = varBits(), n = unsigned(e.value);
      if (n >= vw) return {bv(1, 32), def};
      return {b2bv(vars[e.var].extract(vw - 1, n) == bv(0, vw - n)), def};
    }
    case Expr::FitsS: {
      unsigned vw = varBits(), n = unsigned(e.value);
      if (n >= vw) return {bv(1, 32), def};
      return {b2bv(z3::sext(vars[e.var].extract(n - 1, 0), vw - n) == vars[e.var]), def};
    }
    }
    throw std::logic_error("bad expression");
  }

  std::vector<ZVal> side(bool lhs, const std::vector<z3::expr>& computed) {
    const auto& terms = lhs ? r.lhs : r.rhs;
    std::vector<ZVal> out;
    for (size_t i = 0; i < terms.size(); ++i) {
      const Term& t = terms[i];
      unsigned w = tyBits(ty[t.tv]);
      z3::expr F = c.bool_val(false);
      switch (t.kind) {
      case PNode::Var:
      case PNode::ConstVar: out.push_back(ZVal{vars[t.var], F, bv(0, 64)}); break;
      case PNode::Literal: out.push_back(ZVal{bv(t.value, w), F, bv(0, 64)}); break;
      case PNode::Computed: out.push_back(ZVal{computed[t.value], F, bv(0, 64)}); break;
      case PNode::Node: {
        std::vector<z3::expr> a;
        z3::expr trap = F;
        for (int k : t.kids) {
          a.push_back(out[k].v);
          trap = trap || out[k].trap;
        }
        const OpInfo& info = opInfo(t.op);
        if (info.kind == OpKind::Select) {
          out.push_back(ZVal{z3::ite(a[2] != bv(0, 32), a[0], a[1]), trap, bv(0, 64)});
        } else if (info.kind == OpKind::Load || info.kind == OpKind::Store) {
          unsigned slot = memSlot(r, lhs, i);
          z3::expr ea = z3::zext(a[0], 32) + offsets[slot];
          trap = trap || z3::ugt(ea + bv(info.bytes, 64), memSize) || z3::ult(ea + bv(info.bytes, 64), ea);
          if (info.kind == OpKind::Load) {
            z3::expr m = mem(slot);
            z3::expr v = z3::select(m, ea);
            for (unsigned b = 1; b < info.bytes; ++b) v = z3::concat(z3::select(m, ea + bv(b, 64)), v);
            unsigned rw = tyBits(info.result), got = 8 * info.bytes;
            if (got < rw) v = info.signedAccess ? z3::sext(v, rw - got) : z3::zext(v, rw - got);
            out.push_back(ZVal{v, trap, bv(0, 64)});
          } else {
            z3::expr v = a[1].extract(8 * info.bytes - 1, 0);
            ZVal zv{v, trap, ea};
            zv.bytes = info.bytes;
            zv.isStore = true;
            out.push_back(zv);
          }
        } else {
          auto [v, tr] = op(t.op, a);
          out.push_back(ZVal{v, trap || tr, bv(0, 64)});
        }
        break;
      }
      }
    }
    return out;
  }
};

uint64_t numeral(z3::model& m, const z3::expr& e) {
  z3::expr v = m.eval(e, true);
  uint64_t out = 0;
  if (v.is_numeral()) out = v.get_numeral_uint64();
  return out;
}



// Z3's count of the work done in a context ("rlimit count": rewriting and solving).
uint64_t workDone(const z3::solver& s) {
  const z3::stats st = s.statistics();
  for (unsigned i = 0; i < st.size(); ++i)
    if (st.key(i) == "rlimit count") return st.is_uint(i) ? st.uint_value(i) : uint64_t(st.double_value(i));
  return 0;
}

// The variables and captured constants of the lhs used as the count of a shift or rotate, each once.
std::vector<int> shiftCountVars(const RuleAst& r) {
  std::vector<int> out;
  for (const Term& t : r.lhs) {
    if (t.kind != PNode::Node || t.kids.size() != 2) continue;
    const std::string n = opName(t.op);
    if (n.find(".shl") == std::string::npos && n.find(".shr") == std::string::npos &&
        n.find(".rot") == std::string::npos)
      continue;
    const Term& k = r.lhs[t.kids[1]];
    if ((k.kind == PNode::ConstVar || k.kind == PNode::Var) && k.var >= 0 && std::find(out.begin(), out.end(), k.var) == out.end())
      out.push_back(k.var);
  }
  return out;
}

// One variable of a case split and the values it takes, one per case.
struct SplitVar {
  int var = -1;
  enum Kind { Value, LowBits } kind = Value;  // the whole variable, or only its low log2(width) bits
  std::vector<uint64_t> values;
};

// At most this many cases: two 64-bit shift counts.
constexpr uint64_t kMaxCases = 4096;
// Up to this many cases (one 64-bit constant), each is given a fresh solver.
constexpr uint64_t kFreshSolverCases = 64;

// The case split of a rule's proof. Some captured constants make one query
// hard for Z3 (seconds, or a timeout) where each of their values is easy:
// - a constant a condition requires to be a power of two (division and
//   multiplication by it are nonlinear): its 32 or 64 powers;
// - a variable or constant used as a shift or rotate count: its values below
//   the width when the conditions bound it there (`(lt_u ?a (width ?a))`),
//   else the values of its low log2(width) bits (the count the operator uses).
// Variables are added while the product of their values stays within kMaxCases.
std::vector<SplitVar> caseSplit(const RuleAst& r, const Typing& ty, z3::context& c, Z3Enc& enc,
                                const z3::expr& premises, const z3::params& p) {
  std::vector<SplitVar> out;
  uint64_t cases = 1;
  auto add = [&](SplitVar v) {
    if (cases * v.values.size() > kMaxCases) return;
    for (const SplitVar& o : out)
      if (o.var == v.var) return;
    cases *= v.values.size();
    out.push_back(std::move(v));
  };
  for (int ci : r.conds) {
    const Expr& e = r.exprs[ci];
    if (e.kind != Expr::IsPow2 || r.exprs[e.kids[0]].kind != Expr::Const) continue;
    SplitVar v{r.exprs[e.kids[0]].var, SplitVar::Value, {}};
    for (unsigned k = 0; k < tyBits(ty[r.vars[v.var].tv]); ++k) v.values.push_back(uint64_t(1) << k);
    add(std::move(v));
  }
  for (int var : shiftCountVars(r)) {
    const unsigned w = tyBits(ty[r.vars[var].tv]);
    z3::solver bound(c);
    bound.set(p);
    bound.add(premises && z3::uge(enc.vars[var], enc.bv(w, w)));
    SplitVar v{var, bound.check() == z3::unsat ? SplitVar::Value : SplitVar::LowBits, {}};
    for (unsigned k = 0; k < w; ++k) v.values.push_back(k);
    add(std::move(v));
  }
  return out;
}

// The proof of one rule direction under one typing: that no input satisfying
// the conditions makes the two sides differ, case by case (caseSplit). In each
// case the split constants are substituted and the query simplified, which
// settles most cases without the solver; the rest go to the solver.
void z3Query(const RuleAst& r, const Typing& ty, unsigned timeoutMs, Z3Answer& answer) {
  try {
    z3::context c;
    Z3Enc enc(c, r, ty);
    z3::solver s(c);
    z3::params p(c);
    p.set("timeout", timeoutMs);
    s.set(p);
    z3::expr premises = c.bool_val(true);  // the conditions and the definedness of computed constants
    for (int ci : r.conds) {
      auto [v, d] = enc.expr(ci);
      premises = premises && d && v != enc.bv(0, 32);
    }
    std::vector<z3::expr> computed;
    for (int ci : r.computed) {
      auto [v, d] = enc.expr(ci);
      premises = premises && d;
      computed.push_back(v);
    }
    auto L = enc.side(true, computed);
    auto R = enc.side(false, computed);
    const ZVal& l = L.back();
    const ZVal& rr = R.back();
    z3::expr same = l.isStore ? (l.ea == rr.ea && l.v == rr.v) : (l.v == rr.v);
    const z3::expr differ = premises && !((l.trap == rr.trap) && (l.trap || same));

    const std::vector<SplitVar> split = caseSplit(r, ty, c, enc, premises, p);
    uint64_t cases = 1;
    for (const SplitVar& v : split) cases *= v.values.size();
    z3::check_result res = z3::unsat;
    for (uint64_t n = 0; n < cases && res == z3::unsat; ++n) {
      z3::expr_vector from(c), to(c);
      std::vector<z3::expr> inCase;  // what the case says about the variables, for a counterexample's model
      uint64_t rest = n;
      for (const SplitVar& v : split) {
        const unsigned w = tyBits(ty[r.vars[v.var].tv]);
        const z3::expr x = enc.vars[v.var], k = enc.bv(v.values[rest % v.values.size()], w);
        rest /= v.values.size();
        from.push_back(x);
        if (v.kind == SplitVar::Value) {
          to.push_back(k);
          inCase.push_back(x == k);
        } else {
          to.push_back((x & enc.bv(~uint64_t(w - 1), w)) | k);
          inCase.push_back((x & enc.bv(w - 1, w)) == k);
        }
      }
      z3::expr one = split.empty() ? differ : z3::expr(differ).substitute(from, to).simplify();
      if (one.is_false()) continue;
      // A fresh solver simplifies its query before solving, which settles the
      // cases of a power of two quickly, but costs a setup per case: for more
      // cases than that, one incremental solver.
      if (cases <= kFreshSolverCases) {
        s = z3::solver(c);
        s.set(p);
      } else {
        s.push();
      }
      s.add(one);
      for (const z3::expr& e : inCase) s.add(e);
      res = s.check();
      if (res == z3::unsat && cases > kFreshSolverCases) s.pop();  // otherwise its model is read below
    }
    answer.work = workDone(s);
    switch (res) {
    case z3::unsat: answer.status = CheckOutcome::Proved; return;
    case z3::unknown:
      answer.status = CheckOutcome::Unknown;
      answer.unknownReason = "z3: " + s.reason_unknown();
      return;
    case z3::sat: break;
    }
    z3::model m = s.get_model();
    answer.status = CheckOutcome::Unsound;
    for (const z3::expr& v : enc.vars) answer.variableValues.push_back(numeral(m, v));
    for (const z3::expr& o : enc.offsets) answer.memoryOffsets.push_back(numeral(m, o));
    answer.memorySize = numeral(m, enc.memSize);
    auto result = [&](const ZVal& z) {
      Z3SideResult out;
      out.trap = m.eval(z.trap, true).is_true();
      out.isStore = z.isStore;
      out.storeBytes = z.bytes;
      out.value = numeral(m, z.v);
      if (z.isStore) out.storeAddress = numeral(m, z.ea);
      return out;
    };
    answer.lhs = result(l);
    answer.rhs = result(rr);
  } catch (const z3::exception& e) {
    answer = Z3Answer{};
    answer.unknownReason = std::string("z3 error: ") + e.msg();
  }
}

} // namespace
} // namespace eqsat::rules::detail

// The entry point rules/check.cpp looks up (kZ3QuerySymbol): C linkage for an
// unmangled name, default visibility in a plugin built with hidden symbols.
extern "C" __attribute__((visibility("default"))) void eqsat_z3_query(const eqsat::rules::detail::RuleAst& rule,
                                                                     const eqsat::rules::detail::Typing& typing,
                                                                     unsigned timeoutMs,
                                                                     eqsat::rules::detail::Z3Answer& answer) {
  eqsat::rules::detail::z3Query(rule, typing, timeoutMs, answer);
}
