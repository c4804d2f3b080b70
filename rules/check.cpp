// Soundness of rules: randomized testing with eqsat::evalOp, and proofs with Z3
// in the prover plugin (rules/z3/z3_query.cpp), loaded on the first proof.
//
// Semantics compared (both checkers): each side evaluates to (trap, value).
// A rule is sound when, for every input satisfying its conditions (and whose
// computed constants are defined), both sides trap alike and, when they do
// not trap, have equal values. Stores compare as (effective address, width,
// stored bits). Loads read a byte memory: the lhs root load and an rhs root
// load share memory and offset (the rhs root inherits the memarg); every other
// lhs load reads its own memory with its own offset. Accesses past the memory
// size trap. Analysis queries mean what they imply about the value:
// known_zero(x, m) <=> x & m == 0, fits_u(x, n) <=> x < 2^n, ...
#include "rules/check.h"

#include "rules/ast.h"
#include "rules/z3/z3_query.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

namespace eqsat::rules {
namespace detail {
namespace {

uint64_t tyMask(Ty t) { return tyBits(t) == 32 ? 0xffffffffull : ~uint64_t(0); }
uint64_t byteMask(unsigned bytes) { return bytes >= 8 ? ~uint64_t(0) : (uint64_t(1) << (8 * bytes)) - 1; }

std::string hex(uint64_t v) {
  std::ostringstream o;
  o << "0x" << std::hex << v;
  return o.str();
}

// Value rendering: hex, plus signed decimal when negative at its width.
std::string showVal(uint64_t v, unsigned bits) {
  std::string s = hex(v);
  int64_t sv = bits == 32 ? int64_t(int32_t(uint32_t(v))) : int64_t(v);
  if (sv < 0) s += " (" + std::to_string(sv) + ")";
  else if (v < 1000000) s = v < 10 ? std::to_string(v) : s + " (" + std::to_string(v) + ")";
  return s;
}

// ----- concrete semantics -----

struct CVal {
  bool trap = false;
  uint64_t v = 0;
  uint64_t ea = 0;       // stores
  unsigned bytes = 0;    // stores
  bool isStore = false;
};

struct Env final : Facts {
  const RuleAst* r = nullptr;
  const Typing* ty = nullptr;
  std::vector<uint64_t> vals;     // per variable, masked to its type
  std::vector<uint64_t> offsets;  // per lhs term (load/store offset); root shared
  uint64_t memSize = 0;
  uint64_t memSeed = 0;
  unsigned bits(int var) const { return tyBits((*ty)[r->vars[var].tv]); }
  uint64_t constant(int var) const override { return vals[var]; }
  bool knownZero(int var, uint64_t mask) const override { return factKnownZero(vals[var], mask); }
  bool knownOne(int var, uint64_t mask) const override { return (vals[var] & mask) == mask; }
  bool fitsU(int var, unsigned n) const override { return factFitsU(vals[var], bits(var), n); }
  bool fitsS(int var, unsigned n) const override { return factFitsS(vals[var], bits(var), n); }
  uint8_t byteAt(unsigned state, uint64_t addr) const {
    uint64_t z = memSeed ^ (uint64_t(state) * 0x9e3779b97f4a7c15ull) ^ (addr * 0xbf58476d1ce4e5b9ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return uint8_t(z ^ (z >> 31));
  }
};

std::vector<CVal> evalSide(const RuleAst& r, bool lhs, const Env& env, const std::vector<uint64_t>& computed) {
  const auto& terms = lhs ? r.lhs : r.rhs;
  const Typing& ty = *env.ty;
  std::vector<CVal> out(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) {
    const Term& t = terms[i];
    CVal& o = out[i];
    Ty tt = ty[t.tv];
    switch (t.kind) {
    case PNode::Var:
    case PNode::ConstVar: o.v = env.vals[t.var] & tyMask(tt); break;
    case PNode::Literal: o.v = t.value; break;
    case PNode::Computed: o.v = computed[t.value] & tyMask(tt); break;
    case PNode::Node: {
      std::vector<uint64_t> a;
      for (int k : t.kids) {
        o.trap = o.trap || out[k].trap;
        a.push_back(out[k].v);
      }
      const OpInfo& info = opInfo(t.op);
      if (info.kind == OpKind::Select) {
        o.v = uint32_t(a[2]) != 0 ? a[0] : a[1];
      } else if (info.kind == OpKind::Load || info.kind == OpKind::Store) {
        unsigned slot = memSlot(r, lhs, i);
        uint64_t ea = (a[0] & 0xffffffffu) + env.offsets[slot];
        if (ea + info.bytes > env.memSize) o.trap = true;
        if (info.kind == OpKind::Load) {
          uint64_t v = 0;
          for (unsigned b = 0; b < info.bytes; ++b) v |= uint64_t(env.byteAt(slot, ea + b)) << (8 * b);
          if (info.signedAccess && info.bytes < 8 && ((v >> (8 * info.bytes - 1)) & 1)) v |= ~byteMask(info.bytes);
          o.v = v & tyMask(info.result);
        } else {
          o.isStore = true;
          o.ea = ea;
          o.bytes = info.bytes;
          o.v = a[1] & byteMask(info.bytes);
        }
      } else {
        auto v = evalOp(t.op, 0, a);
        if (!v) o.trap = true;
        else o.v = *v;
      }
      break;
    }
    }
  }
  return out;
}

bool sameResult(const CVal& a, const CVal& b) {
  if (a.trap || b.trap) return a.trap == b.trap;
  if (a.isStore) return a.ea == b.ea && a.bytes == b.bytes && a.v == b.v;
  return a.v == b.v;
}

std::string showResult(const CVal& c, Ty t) {
  if (c.trap) return "trap";
  if (c.isStore) return "store of " + std::to_string(c.bytes) + " bytes " + hex(c.v) + " at " + hex(c.ea);
  return showVal(c.v, tyBits(t));
}

bool hasMemory(const RuleAst& r) {
  for (auto& t : r.lhs)
    if (t.kind == PNode::Node && (opInfo(t.op).kind == OpKind::Load || opInfo(t.op).kind == OpKind::Store))
      return true;
  return false;
}
bool hasLoads(const RuleAst& r) {
  for (auto& t : r.lhs)
    if (t.kind == PNode::Node && opInfo(t.op).kind == OpKind::Load) return true;
  return false;
}

std::string describeInputs(const RuleAst& r, const Env& env) {
  std::string s;
  for (size_t v = 0; v < r.vars.size(); ++v) {
    if (!s.empty()) s += ", ";
    s += "?" + r.vars[v].name + " = " + showVal(env.vals[v], env.bits(int(v)));
  }
  if (hasMemory(r)) {
    s += (s.empty() ? "" : ", ") + std::string("offset = ") + hex(env.offsets[0]) + ", memory size = " + hex(env.memSize);
  }
  return s;
}

// Evaluates conditions and computed constants; false when the rule would not fire.
bool preconditions(const RuleAst& r, const Env& env, std::vector<uint64_t>& computed) {
  for (int c : r.conds) {
    auto v = evalExpr(r, c, env);
    if (!v || !*v) return false;
  }
  computed.clear();
  for (int c : r.computed) {
    auto v = evalExpr(r, c, env);
    if (!v) return false;
    computed.push_back(*v);
  }
  return true;
}

// Returns a counterexample description if the sides differ under env.
std::optional<std::string> tryInput(const RuleAst& r, const Env& env, bool* fired = nullptr) {
  std::vector<uint64_t> computed;
  if (!preconditions(r, env, computed)) return std::nullopt;
  if (fired) *fired = true;
  auto L = evalSide(r, true, env, computed);
  auto R = evalSide(r, false, env, computed);
  if (sameResult(L.back(), R.back())) return std::nullopt;
  Ty t = (*env.ty)[r.lhs.back().tv];
  return describeInputs(r, env) + ": lhs = " + showResult(L.back(), t) + ", rhs = " + showResult(R.back(), t);
}

uint64_t sampleValue(std::mt19937_64& rng, unsigned bits) {
  static const uint64_t edges[] = {0,          1,          2,          3,          4,          7,
                                   8,          15,         16,         31,         32,         33,
                                   63,         64,         65,         127,        128,        255,
                                   256,        0x7fff,     0x8000,     0xffff,     0x10000,    0x7fffffff,
                                   0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff,
                                   0x8000000000000000, ~uint64_t(0), ~uint64_t(0) - 1, ~uint64_t(0) << 31,
                                   ~uint64_t(0) << 32, ~uint64_t(0) << 8, ~uint64_t(0) << 16};
  uint64_t mask = bits == 32 ? 0xffffffffull : ~uint64_t(0);
  uint64_t r = rng();
  switch (rng() % 10) {
  case 0:
  case 1:
  case 2: return edges[rng() % (sizeof edges / sizeof edges[0])] & mask;
  case 3: return r & mask;
  case 4: {  // k-bit unsigned
    unsigned k = unsigned(rng() % (bits + 1));
    return k >= 64 ? r : (r & ((uint64_t(1) << k) - 1));
  }
  case 5: {  // sign-extended k-bit
    unsigned k = 1 + unsigned(rng() % bits);
    uint64_t low = k >= 64 ? r : (r & ((uint64_t(1) << k) - 1));
    if (k < 64 && ((low >> (k - 1)) & 1)) low |= ~((uint64_t(1) << k) - 1);
    return low & mask;
  }
  case 6: {  // powers of two and neighbours
    uint64_t p = uint64_t(1) << (rng() % bits);
    int d = int(rng() % 3) - 1;
    return (p + uint64_t(int64_t(d))) & mask;
  }
  case 7: return (uint64_t(int64_t(rng() % 80) - 8)) & mask;  // small
  case 8: return (r & rng() & rng()) & mask;                    // sparse
  default: return (r | rng() | rng()) & mask;                  // dense
  }
}

// The prover plugin, loaded once (rules/z3/z3_query.h): from $EQSAT_Z3_PLUGIN
// when it is set, else from the directory of the running executable, else from
// where the build wrote it.
struct Z3Plugin {
  Z3QueryFunction query = nullptr;
  std::string loadError;
};

const Z3Plugin& z3Plugin() {
  static const Z3Plugin plugin = [] {
    Z3Plugin p;
    std::vector<std::string> candidates;
    std::error_code ec;
    if (const char* given = std::getenv("EQSAT_Z3_PLUGIN"); given && *given) {
      candidates.push_back(given);
    } else {
      const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
      if (!ec) candidates.push_back((self.parent_path() / kZ3PluginFileName).string());
#ifdef EQSAT_Z3_PLUGIN_BUILD_PATH
      candidates.push_back(EQSAT_Z3_PLUGIN_BUILD_PATH);
#endif
    }
    for (const std::string& path : candidates) {
      if (!std::filesystem::exists(path, ec)) continue;
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        p.loadError = dlerror();
        return p;
      }
      p.query = reinterpret_cast<Z3QueryFunction>(dlsym(handle, kZ3QuerySymbol));
      if (!p.query) p.loadError = path + ": no symbol " + kZ3QuerySymbol;
      return p;
    }
    p.loadError = "not found at " + candidates.front();
    for (size_t i = 1; i < candidates.size(); ++i) p.loadError += " nor at " + candidates[i];
    return p;
  }();
  return plugin;
}

} // namespace

std::optional<std::string> z3Unavailable() {
  const Z3Plugin& p = z3Plugin();
  if (p.query) return std::nullopt;
  return p.loadError;
}

CheckOutcome z3Check(const RuleAst& r, const Typing& ty, unsigned timeoutMs) {
  const Z3Plugin& plugin = z3Plugin();
  if (!plugin.query) return {CheckOutcome::Unknown, "cannot load the Z3 prover: " + plugin.loadError};
  Z3Answer answer;
  plugin.query(r, ty, timeoutMs, answer);
  if (answer.status == CheckOutcome::Proved) return {CheckOutcome::Proved, "", answer.work};
  if (answer.status == CheckOutcome::Unknown) return {CheckOutcome::Unknown, answer.unknownReason, answer.work};
  Env env;
  env.r = &r;
  env.ty = &ty;
  env.vals = answer.variableValues;
  env.offsets = answer.memoryOffsets;
  env.memSize = answer.memorySize;
  const Ty resultType = ty[r.lhs.back().tv];
  auto show = [&](const Z3SideResult& z) {
    CVal c;
    c.trap = z.trap;
    c.v = z.value;
    c.ea = z.storeAddress;
    c.bytes = z.storeBytes;
    c.isStore = z.isStore;
    return showResult(c, resultType);
  };
  std::string detail = describeInputs(r, env) + ": lhs = " + show(answer.lhs) + ", rhs = " + show(answer.rhs);
  // Cross-check the encoding with the project's evaluator.
  if (!hasLoads(r) && !tryInput(r, env)) detail += " [note: eqsat::evalOp does not confirm this counterexample]";
  return {CheckOutcome::Unsound, detail, answer.work};
}

std::optional<std::string> randomCounterexample(const RuleAst& r, const Typing& t, unsigned samples,
                                                unsigned maxAttempts, uint64_t seed, unsigned* tried) {
  std::mt19937_64 rng(seed);
  Env env;
  env.r = &r;
  env.ty = &t;
  env.vals.resize(r.vars.size());
  env.offsets.resize(r.lhs.size() + 1);
  unsigned fired = 0;
  for (unsigned attempt = 0; attempt < maxAttempts && fired < samples; ++attempt) {
    for (size_t v = 0; v < r.vars.size(); ++v) env.vals[v] = sampleValue(rng, env.bits(int(v)));
    for (auto& o : env.offsets) o = rng() % 4 == 0 ? (rng() & 0xffffffffu) : (rng() % 3 == 0 ? 0 : rng() % 64);
    env.memSize = rng() % 2 ? (uint64_t(1) << 34) : (rng() & 0x1ffffffffull);
    env.memSeed = rng();
    bool f = false;
    if (auto cex = tryInput(r, env, &f)) return cex;
    if (f) ++fired;
  }
  if (tried) *tried = fired;
  return std::nullopt;
}

std::optional<std::string> fastCheckRule(const RuleAst& r, size_t* tried) {
  for (const Typing& t : typingsOf(r)) {
    unsigned n = 0;
    auto cex = randomCounterexample(r, t, 1500, 30000, seedOf(r), &n);
    if (tried) *tried += n;
    if (cex)
      return "unsound for [" + typingLabel(r, t) + "]: " + *cex +
             " (found by the randomized check at load time; `eqsat-wasm check-rules` gives a proof)";
  }
  return std::nullopt;
}

uint64_t seedOf(const RuleAst& r) {
  uint64_t h = 1469598103934665603ull;
  for (char c : r.name) h = (h ^ uint8_t(c)) * 1099511628211ull;
  return h;
}

} // namespace detail

} // namespace eqsat::rules
