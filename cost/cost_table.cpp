// User cost tables: `--cost my.json`. A table starts from a built-in model
// ("base", default thumb2) and overrides per-operator costs, condition costs,
// immediate rules, constant materialisation, local and control costs
// (docs/cost-models.md, "User tables"). Errors are one line:
// "FILE:LINE:COL: what is wrong", like the rules loader's.
#include "cost/cost.h"

#include "cost/cost_models.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace eqsat {
namespace {

// ---------------------------------------------------------------- a JSON reader with positions
struct JVal {
  enum Kind { Null, Bool, Num, Str, Arr, Obj } kind = Null;
  size_t pos = 0;
  double num = 0;
  bool b = false;
  std::string str;
  std::vector<JVal> arr;
  std::vector<std::pair<std::pair<std::string, size_t>, JVal>> obj;  // ((key, key pos), value)
  const char* kindName() const {
    switch (kind) {
    case Null: return "null";
    case Bool: return "a boolean";
    case Num: return "a number";
    case Str: return "a string";
    case Arr: return "an array";
    case Obj: return "an object";
    }
    return "?";
  }
};

struct PosErr {
  size_t pos;
  std::string msg;
};

struct JReader {
  const std::string& s;
  size_t p = 0;
  void ws() {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) ++p;
  }
  [[noreturn]] void fail(const std::string& m) { throw PosErr{p, m}; }
  JVal value(unsigned depth = 0) {
    if (depth > 64) fail("nesting too deep");
    ws();
    if (p >= s.size()) fail("unexpected end of input");
    JVal v;
    v.pos = p;
    char c = s[p];
    if (c == '{') {
      v.kind = JVal::Obj;
      ++p;
      ws();
      if (p < s.size() && s[p] == '}') { ++p; return v; }
      for (;;) {
        ws();
        if (p >= s.size() || s[p] != '"') fail("expected a string key");
        size_t kp = p;
        std::string k = string();
        ws();
        if (p >= s.size() || s[p] != ':') fail("expected ':'");
        ++p;
        JVal x = value(depth + 1);
        for (auto& m : v.obj)
          if (m.first.first == k) throw PosErr{kp, "duplicate key '" + k + "'"};
        v.obj.push_back({{k, kp}, std::move(x)});
        ws();
        if (p < s.size() && s[p] == ',') { ++p; continue; }
        if (p < s.size() && s[p] == '}') { ++p; return v; }
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.kind = JVal::Arr;
      ++p;
      ws();
      if (p < s.size() && s[p] == ']') { ++p; return v; }
      for (;;) {
        v.arr.push_back(value(depth + 1));
        ws();
        if (p < s.size() && s[p] == ',') { ++p; continue; }
        if (p < s.size() && s[p] == ']') { ++p; return v; }
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      v.kind = JVal::Str;
      v.str = string();
      return v;
    }
    if (s.compare(p, 4, "true") == 0) { p += 4; v.kind = JVal::Bool; v.b = true; return v; }
    if (s.compare(p, 5, "false") == 0) { p += 5; v.kind = JVal::Bool; return v; }
    if (s.compare(p, 4, "null") == 0) { p += 4; return v; }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t st = p;
      if (s[p] == '-') ++p;
      while (p < s.size() && (isdigit((unsigned char)s[p]) || s[p] == '.' || s[p] == 'e' || s[p] == 'E' ||
                              s[p] == '+' || s[p] == '-'))
        ++p;
      std::string t = s.substr(st, p - st);
      char* end = nullptr;
      v.num = std::strtod(t.c_str(), &end);
      if (!end || *end) throw PosErr{st, "malformed number '" + t + "'"};
      v.kind = JVal::Num;
      return v;
    }
    fail(std::string("unexpected character '") + c + "'");
  }
  std::string string() {
    ++p;  // "
    std::string out;
    while (p < s.size() && s[p] != '"') {
      if (s[p] == '\n') fail("newline in a string");
      if (s[p] == '\\') {
        ++p;
        if (p >= s.size()) break;
        char e = s[p];
        out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
        if (e == 'u') p += 4;
        ++p;
        continue;
      }
      out.push_back(s[p++]);
    }
    if (p >= s.size()) fail("unterminated string");
    ++p;
    return out;
  }
};

std::string locate(const std::string& file, const std::string& text, size_t off) {
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < off && i < text.size(); ++i) {
    if (text[i] == '\n') { ++line; col = 1; }
    else ++col;
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

// ---------------------------------------------------------------- the model
struct ImmRule {
  enum Kind { None, Any, Range, Thumb2Modified } kind = None;
  int64_t min = 0, max = 0;
  bool accepts(Ty ty, uint64_t bits) const {
    switch (kind) {
    case None: return false;
    case Any: return true;
    case Thumb2Modified: {
      auto ok = [](uint32_t v) { return thumb2ModifiedImmediate(v) || thumb2ModifiedImmediate(~v); };
      return ty == Ty::i64 ? ok(uint32_t(bits)) && ok(uint32_t(bits >> 32)) : ok(uint32_t(bits));
    }
    case Range: {
      int64_t v = ty == Ty::i64 ? int64_t(bits) : int64_t(int32_t(uint32_t(bits)));
      return v >= min && v <= max;
    }
    }
    return false;
  }
};

class TableCost : public CostModel {
public:
  std::string name_;
  std::unique_ptr<CostModel> base;
  std::map<Op, double> ops, cond;
  std::map<Op, ImmRule> imm;
  std::optional<double> matSmall, matLarge;
  int64_t matSmallMax = 0xffff;
  std::optional<double> get, set, get64, set64;
  std::map<Ctl, double> control;

  std::string name() const override { return name_; }
  double opCostIn(const NodeView& n, const CostContext& cx) const override {
    if (n.op == Op::I32Const || n.op == Op::I64Const) {
      if (matSmall) return materialize(n.ty, n.imm);
    }
    if (n.op == Op::Param || n.op == Op::Phi || n.op == Op::LoopPhi) return localGetCost(n.ty);
    if (cx.use == Use::Condition) {
      auto it = cond.find(n.op);
      if (it != cond.end()) return it->second;
    }
    auto it = ops.find(n.op);
    if (it != ops.end()) {
      if (cx.use == Use::Condition) {  // the base model's discount for a condition use
        CostContext vx = cx;
        vx.use = Use::Value;
        return std::max(0.0, it->second - (base->opCostIn(n, vx) - base->opCostIn(n, cx)));
      }
      return it->second;
    }
    return base->opCostIn(n, cx);
  }
  double constOperandCost(const NodeView& user, unsigned index, Ty ty, uint64_t bits) const override {
    auto it = imm.find(user.op);
    if (it != imm.end()) {
      const OpInfo& i = opInfo(user.op);
      unsigned immIndex = (i.kind == OpKind::Load || i.kind == OpKind::Store) ? 0 : 1;
      bool commutative = i.commutative;
      if ((index == immIndex || commutative) && it->second.accepts(ty, bits)) return 0;
      if (matSmall) return materialize(ty, bits);
      return base->opCost(NodeView{constOpFor(ty), ty, bits, {}});
    }
    if (matSmall && (ty == Ty::i32 || ty == Ty::i64)) {
      double b = base->constOperandCost(user, index, ty, bits);
      return b == 0 ? 0 : materialize(ty, bits);
    }
    return base->constOperandCost(user, index, ty, bits);
  }
  double localGetCost(Ty ty) const override {
    bool w = ty == Ty::i64 || ty == Ty::f64;
    if (w && get64) return *get64;
    if (!w && get) return *get;
    return base->localGetCost(ty);
  }
  double localSetCost(Ty ty) const override {
    bool w = ty == Ty::i64 || ty == Ty::f64;
    if (w && set64) return *set64;
    if (!w && set) return *set;
    return base->localSetCost(ty);
  }
  double controlCost(Ctl k) const override {
    auto it = control.find(k);
    return it != control.end() ? it->second : base->controlCost(k);
  }

private:
  double materialize(Ty ty, uint64_t bits) const {
    auto one = [&](uint32_t h) { return int64_t(h) <= matSmallMax ? *matSmall : matLarge.value_or(*matSmall); };
    if (ty == Ty::i64) return one(uint32_t(bits)) + one(uint32_t(bits >> 32));
    if (ty == Ty::i32) return one(uint32_t(bits));
    return base->opCost(NodeView{constOpFor(ty), ty, bits, {}});
  }
};

const std::vector<std::pair<const char*, Ctl>>& controlNames() {
  static const std::vector<std::pair<const char*, Ctl>> v = {
      {"if", Ctl::If}, {"else", Ctl::Else}, {"br", Ctl::Br}, {"br_if", Ctl::BrIf},
      {"br_table", Ctl::BrTable}, {"br_table.target", Ctl::BrTableTarget}, {"return", Ctl::Return},
      {"unreachable", Ctl::Unreachable}, {"cond.test", Ctl::CondTest}, {"call.arg", Ctl::CallArg},
      {"call_indirect", Ctl::CallIndirect}, {"drop", Ctl::Drop}, {"block", Ctl::Block}, {"loop", Ctl::Loop}};
  return v;
}

// The text of a table, for errors at a position: "FILE:LINE:COL: what is wrong".
struct TableText {
  const std::string& text;
  const std::string& file;
  std::string at(size_t offset) const { return locate(file, text, offset); }
  CostTableError error(const JVal& v, const std::string& msg) const { return CostTableError(at(v.pos) + ": " + msg); }

  double number(const JVal& v, const std::string& what) const {
    if (v.kind != JVal::Num) throw error(v, what + " must be a number, not " + v.kindName());
    if (!std::isfinite(v.num) || v.num < 0) throw error(v, what + " must be a non-negative number");
    return v.num;
  }
  void requireObject(const JVal& v, const std::string& what) const {
    if (v.kind != JVal::Obj) throw error(v, "\"" + what + "\" must be an object, not " + v.kindName());
  }
  Op opOf(const std::string& key, size_t keyPos) const {
    auto op = opFromName(key);
    if (!op || *op == Op::NumOps) {
      std::string s = suggestOps(key);
      throw CostTableError(at(keyPos) + ": unknown operator '" + key + "'" +
                           (s.empty() ? "" : " (did you mean " + s + "?)"));
    }
    return *op;
  }
};

// "base": the built-in model the table refines (default thumb2).
std::string baseModelName(const TableText& table, const JVal& root) {
  std::string baseName = "thumb2";
  for (auto& [k, v] : root.obj)
    if (k.first == "base") {
      if (v.kind != JVal::Str) throw table.error(v, "\"base\" must be a string, not " + std::string(v.kindName()));
      if (!isBuiltinCostModel(v.str)) {
        std::string known;
        for (auto& n : costModelNames()) known += (known.empty() ? "" : ", ") + n;
        throw table.error(v, "unknown base model '" + v.str + "' (known: " + known + ")");
      }
      baseName = v.str;
    }
  return baseName;
}

// One rule of "immediates": "any", "none", "thumb2-modified" or {"min": N, "max": N}.
ImmRule immediateRule(const TableText& table, const JVal& value) {
  ImmRule r;
  if (value.kind == JVal::Str) {
    if (value.str == "any") r.kind = ImmRule::Any;
    else if (value.str == "none") r.kind = ImmRule::None;
    else if (value.str == "thumb2-modified") r.kind = ImmRule::Thumb2Modified;
    else
      throw table.error(value, "unknown immediate rule '" + value.str +
                                   "' (expected \"any\", \"none\", \"thumb2-modified\" or {\"min\": N, \"max\": N})");
  } else if (value.kind == JVal::Obj) {
    r.kind = ImmRule::Range;
    bool haveMin = false, haveMax = false;
    for (auto& [rk, rv] : value.obj) {
      if (rk.first != "min" && rk.first != "max")
        throw CostTableError(table.at(rk.second) + ": unknown key '" + rk.first +
                             "' in an immediate range (expected \"min\", \"max\")");
      if (rv.kind != JVal::Num || rv.num != std::floor(rv.num) || std::fabs(rv.num) > 9.2e18)
        throw table.error(rv, "\"" + rk.first + "\" must be an integer");
      (rk.first == "min" ? r.min : r.max) = int64_t(rv.num);
      (rk.first == "min" ? haveMin : haveMax) = true;
    }
    if (!haveMin || !haveMax) throw table.error(value, "an immediate range needs both \"min\" and \"max\"");
    if (r.min > r.max) throw table.error(value, "an immediate range needs \"min\" <= \"max\"");
  } else {
    throw table.error(value, "an immediate rule must be a string or an object, not " + std::string(value.kindName()));
  }
  return r;
}

// "control": costs of control instructions by name (controlNames()).
void readControlCosts(const TableText& table, const JVal& value, TableCost& t) {
  for (auto& [ck, cv] : value.obj) {
    bool found = false;
    for (auto& [name, ctl] : controlNames())
      if (ck.first == name) {
        t.control[ctl] = table.number(cv, "\"" + ck.first + "\"");
        found = true;
      }
    if (!found) {
      std::string known;
      for (auto& [name, ctl] : controlNames()) known += (known.empty() ? "" : ", ") + std::string(name);
      throw CostTableError(table.at(ck.second) + ": unknown control cost '" + ck.first + "' (known: " + known + ")");
    }
  }
}

} // namespace

std::unique_ptr<CostModel> loadCostTableText(const std::string& text, const std::string& file) {
  const TableText table{text, file};
  JVal root;
  try {
    JReader r{text};
    root = r.value();
    r.ws();
    if (r.p < text.size()) throw PosErr{r.p, "trailing characters after the JSON value"};
  } catch (const PosErr& e) {
    throw CostTableError(table.at(e.pos) + ": invalid JSON: " + e.msg);
  }
  if (root.kind != JVal::Obj) throw table.error(root, "a cost table must be a JSON object");
  auto t = std::make_unique<TableCost>();
  t->name_ = file;
  // base first: other keys refine it.
  t->base = makeCostModel(baseModelName(table, root));
  for (auto& [k, v] : root.obj) {
    const std::string& key = k.first;
    if (key == "base" || key == "comment" || key == "description") continue;
    if (key == "name") {
      if (v.kind != JVal::Str) throw table.error(v, "\"name\" must be a string, not " + std::string(v.kindName()));
      t->name_ = v.str;
    } else if (key == "ops" || key == "condition") {
      table.requireObject(v, key);
      for (auto& [ok, ov] : v.obj) {
        Op op = table.opOf(ok.first, ok.second);
        (key == "ops" ? t->ops : t->cond)[op] = table.number(ov, "the cost of '" + ok.first + "'");
      }
    } else if (key == "immediates") {
      table.requireObject(v, key);
      for (auto& [ok, ov] : v.obj) {
        Op op = table.opOf(ok.first, ok.second);
        t->imm[op] = immediateRule(table, ov);
      }
    } else if (key == "materialize") {
      table.requireObject(v, key);
      for (auto& [mk, mv] : v.obj) {
        if (mk.first == "small") t->matSmall = table.number(mv, "\"small\"");
        else if (mk.first == "large") t->matLarge = table.number(mv, "\"large\"");
        else if (mk.first == "small-max") t->matSmallMax = int64_t(table.number(mv, "\"small-max\""));
        else throw CostTableError(table.at(mk.second) + ": unknown key '" + mk.first + "' in \"materialize\" (expected \"small\", \"large\", \"small-max\")");
      }
      if (!t->matSmall) throw table.error(v, "\"materialize\" needs \"small\"");
    } else if (key == "locals") {
      table.requireObject(v, key);
      for (auto& [lk, lv] : v.obj) {
        double x = table.number(lv, "\"" + lk.first + "\"");
        if (lk.first == "get") t->get = x;
        else if (lk.first == "set") t->set = x;
        else if (lk.first == "get64") t->get64 = x;
        else if (lk.first == "set64") t->set64 = x;
        else throw CostTableError(table.at(lk.second) + ": unknown key '" + lk.first + "' in \"locals\" (expected \"get\", \"set\", \"get64\", \"set64\")");
      }
    } else if (key == "control") {
      table.requireObject(v, key);
      readControlCosts(table, v, *t);
    } else {
      throw CostTableError(table.at(k.second) + ": unknown key '" + key +
                           "' (expected name, base, ops, condition, immediates, materialize, locals, control, comment)");
    }
  }
  return t;
}

std::unique_ptr<CostModel> loadCostTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CostTableError(path + ": cannot read the cost table");
  std::stringstream ss;
  ss << in.rdbuf();
  return loadCostTableText(ss.str(), path);
}

} // namespace eqsat
