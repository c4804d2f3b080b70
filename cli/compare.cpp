// eqsat-wasm compare: cost models x extractors on the same saturated e-graphs.
#include "cli/compare.h"

#include "module/errors.h"
#include "module/features.h"
#include "module/module_io.h"
#include "cli/rules_glue.h"
#include "bridge/bridge.h"
#include "egraph/explain.h"
#include "egraph/runner.h"
#include "cost/cost.h"
#include "module/optimize.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "cost/fncost.h"
#include "cost/ircost.h"
#include "module/validate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

namespace eqsat::cli {
namespace {


std::vector<std::string> splitList(const std::string& opt, const std::string& v) {
  std::vector<std::string> r;
  std::string cur;
  for (char c : v + ",") {
    if (c == ',') {
      if (cur.empty()) throw CliError(kExitUsage, opt, "empty name in '" + v + "'");
      r.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return r;
}

struct Combo {
  std::string cost, extractor;
  std::unique_ptr<CostModel> cm;
  BinaryenModuleRef module = nullptr;
  double seconds = 0;        // extraction time, summed over functions
  double emitSeconds = 0;    // emission (every candidate, tidied, priced), summed over functions
  double dagCost = 0;        // dagCost() of the extraction (under its own model), summed over functions
  size_t fallbacks = 0;      // exact -> dag
  std::map<std::string, size_t> kept;  // whose selection each function's result is ("input": the original)
  std::vector<std::string> bad;  // functions that did not validate (reverted)
  std::set<std::string> replaced;  // functions whose body is the emitted one
};

struct FuncRow {
  std::map<std::string, double> cost;
  size_t instrs = 0;
  double seconds = 0;
  double dagCost = -1;       // -1: not extracted (left alone, or the input)
  std::string kept;          // whose selection the result is ("input": the original)
};

std::string fmt(double v) {
  char b[64];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

std::vector<BinaryenType> varTypesOf(BinaryenFunctionRef f) {
  std::vector<BinaryenType> v;
  for (BinaryenIndex i = 0, n = BinaryenFunctionGetNumVars(f); i < n; ++i) v.push_back(BinaryenFunctionGetVar(f, i));
  return v;
}

} // namespace

std::string compareHelp() {
  return "usage: eqsat-wasm compare IN... [--costs a,b,c] [--extractors x,y] [--format table|csv|json]\n"
         "         [--per-function] [-o DIR] [--rules FILE] [--iter-limit N] [--node-limit N] [--time-limit S]\n"
         "         [--exact-time S] [--no-check-rules] [--all-features]\n"
         "Saturates each function once, extracts with every cost model x extractor, emits each as\n"
         "`eqsat-wasm IN --cost C --extractor E` would (exact: within --exact-time, default 10 s as there),\n"
         "and reports the cost of each result under every model, the wasm instruction count, the extraction\n"
         "time and the DAG cost of the extraction. -o DIR writes each result as DIR/<input>.<cost>.<extractor>.wasm.\n";
}

int runCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> inputs, costs = costModelNames(), extractors = extractorNames(), rulesFiles;
  std::string format = "table", outDir;
  bool perFunction = false, checkRules = true;
  RunnerLimits limits;
  double exactSeconds = ExtractOptions{}.exactSeconds;  // as optimize
  FeatureSelection features;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw CliError(kExitUsage, a, "missing argument");
      return args[++i];
    };
    if (a == "--costs") costs = splitList(a, value());
    else if (a == "--extractors") extractors = splitList(a, value());
    else if (a == "--format") format = value();
    else if (a == "--per-function") perFunction = true;
    else if (a == "-o") outDir = value();
    else if (a == "--rules") rulesFiles.push_back(value());
    else if (a == "--no-check-rules") checkRules = false;
    else if (a == "--all-features") features.base = FeatureSelection::Base::All;
    else if (a == "--iter-limit") limits.iterations = unsigned(std::stoul(value()));
    else if (a == "--node-limit") limits.nodes = size_t(std::stoull(value()));
    else if (a == "--time-limit") limits.seconds = std::stod(value());
    else if (a == "--exact-time") exactSeconds = std::stod(value());
    else if (a == "-h" || a == "--help") { out << compareHelp(); return kExitOk; }
    else if (a.size() > 1 && a[0] == '-') throw CliError(kExitUsage, a, "unknown option for compare (see compare --help)");
    else inputs.push_back(a);
  }
  if (inputs.empty()) throw CliError(kExitUsage, "compare", "no input files (" + compareHelp().substr(7, 60) + "...)");
  if (format != "table" && format != "csv" && format != "json")
    throw CliError(kExitUsage, "--format", "expected table, csv or json, got '" + format + "'");
  const std::vector<std::string> knownExtractors = extractorNames();
  for (const auto& e : extractors)
    if (std::find(knownExtractors.begin(), knownExtractors.end(), e) == knownExtractors.end())
      throw CliError(kExitUsage, "--extractors", "unknown extractor '" + e + "' (tree, tree-ls, dag, exact)");
  // Every model is validated before any work (a bad table: exit 2).
  std::vector<std::unique_ptr<CostModel>> judges;
  for (const auto& c : costs) {
    try {
      auto m = makeCostModel(c);
      if (!m) throw CliError(kExitUsage, "--costs", "unknown cost model '" + c + "' (a built-in name or a JSON file)");
      judges.push_back(std::move(m));
    } catch (const CostTableError& e) {
      throw CliError(kExitBadInput, "", e.what());
    }
  }
  if (rulesFiles.empty()) {
    std::string def = defaultRulesPath();
    if (!def.empty()) rulesFiles.push_back(def);
  }
  LoadedRules rules = loadRules(rulesFiles, checkRules);
  if (!outDir.empty()) std::filesystem::create_directories(outDir);

  nlohmann::json jout = nlohmann::json::array();
  std::ostringstream csv;
  csv << "input,extraction_cost,extractor,functions";
  for (auto& j : judges) csv << ",cost_" << j->name();
  csv << ",wasm_instrs,extract_seconds,fallbacks,dag_cost,emit_seconds,kept_input,kept_tree,kept_tree_ls,kept_dag,kept_exact\n";

  for (const std::string& in : inputs) {
    LoadedModule base = loadModule(in, features);
    struct Dispose {
      std::vector<BinaryenModuleRef> ms;
      ~Dispose() { for (auto m : ms) BinaryenModuleDispose(m); }
    } dispose;
    dispose.ms.push_back(base.module);
    std::vector<Combo> combos;
    for (const auto& c : costs)
      for (const auto& e : extractors) {
        Combo k;
        k.cost = c;
        k.extractor = e;
        k.cm = makeCostModel(c);
        k.module = loadModule(in, features).module;
        dispose.ms.push_back(k.module);
        combos.push_back(std::move(k));
      }
    std::vector<std::string> names;
    std::unordered_set<std::string> imports;
    for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(base.module); i < n; ++i) {
      BinaryenFunctionRef f = BinaryenGetFunctionByIndex(base.module, i);
      const char* im = BinaryenFunctionImportGetModule(f);
      if (im && *im) {
        imports.insert(BinaryenFunctionGetName(f));
        continue;
      }
      names.push_back(BinaryenFunctionGetName(f));
    }
    const std::unordered_set<std::string> exposedGlobals = exposedStackGlobals(base.module);
    // Per combination ("input" or COST/EXTRACTOR), per function.
    std::map<std::string, std::map<std::string, FuncRow>> frows;
    size_t handled = 0;
    for (const std::string& name : names) {
      // Bridge and saturation once, as optimize does them (module/optimize.h).
      BinaryenFunctionRef f = BinaryenGetFunction(base.module, name.c_str());
      std::string why;
      BridgeOptions bo;
      bo.importedFunctions = &imports;
      bo.exposedGlobals = &exposedGlobals;
      std::unique_ptr<ExplainRecorder> noRecorder;
      RunReport rep;
      auto fg = saturateFunction(base.module, f, rules.rewrites(), limits, bo, noRecorder, nullptr, rep, why);
      if (!fg) continue;
      const EGraph& g = *fg->egraph;
      ++handled;
      ExtractOptions xo;
      xo.roots = rootsOf(*fg);
      xo.exactSeconds = exactSeconds;
      for (Combo& k : combos) {
        auto t0 = std::chrono::steady_clock::now();
        Extraction ext = extract(g, *k.cm, k.extractor, xo);
        auto t1 = std::chrono::steady_clock::now();
        double dt = std::chrono::duration<double>(t1 - t0).count();
        k.seconds += dt;
        if (k.extractor == "exact" && ext.extractor != "exact") k.fallbacks++;
        double dc = xo.roots.empty() ? 0 : ext.dagCost;  // no skeleton operand: nothing to extract
        k.dagCost += dc;
        // What optimize writes for this function (module/optimize.h): the
        // cheapest emitted candidate, if cheaper than the original.
        BinaryenFunctionRef kf = BinaryenGetFunction(k.module, name.c_str());
        std::string whyNot;
        std::optional<EmittedBody> best = emitBestBody(k.module, kf, *fg, ext, *k.cm, false, whyNot);
        std::string kept = "input";
        // Kept only if cheaper as a whole function, as optimize decides (cost/fncost.h).
        BinaryenType kp = BinaryenFunctionGetParams(kf), kr = BinaryenFunctionGetResults(kf);
        if (best && functionCost(FunctionShape{kp, kr, best->vars, best->body}, *k.cm) <
                        functionCost(FunctionShape{kp, kr, varTypesOf(kf), BinaryenFunctionGetBody(kf), true}, *k.cm)) {
          replaceFunctionBody(k.module, kf, best->body, best->vars);
          kept = best->selection;
          k.replaced.insert(name);
        }
        k.kept[kept]++;
        k.emitSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
        if (perFunction) {
          FuncRow& r = frows[k.cost + "/" + k.extractor][name];
          r.seconds = dt;
          r.dagCost = dc;
          r.kept = kept;
        }
      }
    }
    // Validate; put back what does not validate (a bug if it happens).
    for (Combo& k : combos) {
      ValidationResult v = validateModuleCaptured(k.module);
      if (!v.ok) {
        for (const std::string& bad : v.badFunctions) {
          BinaryenFunctionRef of = BinaryenGetFunction(base.module, bad.c_str());
          if (!of) continue;
          BinaryenFunctionRef kf = BinaryenGetFunction(k.module, bad.c_str());
          BinaryenType p = BinaryenFunctionGetParams(kf), r = BinaryenFunctionGetResults(kf);
          std::vector<BinaryenType> vars = varTypesOf(of);
          BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(of), k.module);
          BinaryenRemoveFunction(k.module, bad.c_str());
          BinaryenAddFunction(k.module, bad.c_str(), p, r, vars.data(), BinaryenIndex(vars.size()), body);
          k.bad.push_back(bad);
          k.replaced.erase(bad);
        }
        err << "eqsat-wasm: " << in << ": " << k.cost << "/" << k.extractor << ": " << k.bad.size()
            << " function(s) did not validate; kept the original\n";
      }
    }
    // Measure every module (the input and each combination) under every model.
    // Whole functions (cost/fncost.h): a function not replaced is the input's, as read.
    auto measure = [&](BinaryenModuleRef m, const std::string& combo, const std::set<std::string>* replaced) {
      std::map<std::string, double> tot;
      size_t instrs = 0;
      for (const std::string& name : names) {
        BinaryenFunctionRef mf = BinaryenGetFunction(m, name.c_str());
        BinaryenExpressionRef body = BinaryenFunctionGetBody(mf);
        FunctionShape shape{BinaryenFunctionGetParams(mf), BinaryenFunctionGetResults(mf), varTypesOf(mf), body,
                            !(replaced && replaced->count(name))};
        size_t ni = countInstructions(body);
        instrs += ni;
        FuncRow* fr = perFunction ? &frows[combo][name] : nullptr;
        if (fr) fr->instrs = ni;
        for (auto& j : judges) {
          double c = functionCost(shape, *j);
          tot[j->name()] += c;
          if (fr) fr->cost[j->name()] = c;
        }
      }
      return std::pair{tot, instrs};
    };
    auto emitRow = [&](const Combo* k, BinaryenModuleRef m, const std::string& combo) {
      auto [tot, instrs] = measure(m, combo, k ? &k->replaced : nullptr);
      std::string ecost = k ? k->cost : "input", extr = k ? k->extractor : "-";
      double secs = k ? k->seconds : 0;
      size_t fallbacks = k ? k->fallbacks : 0;
      nlohmann::json row{{"input", in}, {"extraction_cost", ecost}, {"extractor", extr},
                         {"functions", names.size()}, {"handled", handled}, {"wasm_instrs", instrs},
                         {"extract_seconds", secs}, {"fallbacks", fallbacks}};
      nlohmann::json cj;
      for (auto& j : judges) cj[j->name()] = tot[j->name()];
      row["cost"] = cj;
      if (k) {
        row["dag_cost"] = k->dagCost;
        row["emit_seconds"] = k->emitSeconds;
        nlohmann::json kj = nlohmann::json::object();
        for (auto& [sel, n] : k->kept) kj[sel] = n;
        row["kept"] = kj;
      }
      if (perFunction) {
        nlohmann::json fj = nlohmann::json::array();
        for (const std::string& name : names) {
          const FuncRow& r = frows[combo][name];
          nlohmann::json one{{"function", name}, {"wasm_instrs", r.instrs}, {"extract_seconds", r.seconds}};
          nlohmann::json c2;
          for (auto& [k2, v2] : r.cost) c2[k2] = v2;
          one["cost"] = c2;
          if (r.dagCost >= 0) {
            one["dag_cost"] = r.dagCost;
            one["kept"] = r.kept;
          }
          fj.push_back(one);
        }
        row["per_function"] = fj;
      }
      jout.push_back(row);
      csv << in << "," << ecost << "," << extr << "," << names.size();
      for (auto& j : judges) csv << "," << fmt(tot[j->name()]);
      csv << "," << instrs << "," << std::fixed << std::setprecision(4) << secs << std::defaultfloat << ","
          << fallbacks << ",";
      if (k) {
        auto kept = [&](const char* sel) {
          auto it = k->kept.find(sel);
          return it == k->kept.end() ? size_t(0) : it->second;
        };
        csv << fmt(k->dagCost) << "," << std::fixed << std::setprecision(4) << k->emitSeconds << std::defaultfloat
            << "," << kept("input") << "," << kept("tree") << "," << kept("tree-ls") << "," << kept("dag") << ","
            << kept("exact");
      } else {
        csv << ",,,,,,";
      }
      csv << "\n";
    };
    emitRow(nullptr, base.module, "input");
    for (Combo& k : combos) {
      emitRow(&k, k.module, k.cost + "/" + k.extractor);
      if (!outDir.empty()) {
        std::string stem = std::filesystem::path(in).filename().string();
        if (auto d = stem.rfind(".wasm"); d != std::string::npos && d + 5 == stem.size()) stem.resize(d);
        std::string cs = std::filesystem::path(k.cost).filename().string();
        // What optimize writes: the input with the replaced bodies spliced in (module/faithful.h).
        BinaryenModuleSetFeatures(k.module, base.outputFeatures);
        wasm::FaithfulOutput fo = wasm::writeFaithful(base.image, k.module, k.replaced, writeBinary);
        if (fo.structuralDifference)
          throw CliError(kExitInternal, in, "internal error: the output differs from the input in more than the "
                                            "rewritten bodies: " + *fo.structuralDifference);
        writeFileAtomically(outDir + "/" + stem + "." + cs + "." + k.extractor + ".wasm", fo.bytes.data(),
                            fo.bytes.size());
      }
    }
    if (!outDir.empty()) {
      std::string stem = std::filesystem::path(in).filename().string();
      if (auto d = stem.rfind(".wasm"); d != std::string::npos && d + 5 == stem.size()) stem.resize(d);
      writeFileAtomically(outDir + "/" + stem + ".input.wasm", base.image.bytes.data(), base.image.bytes.size());
    }
  }

  if (format == "json") {
    out << jout.dump(1) << "\n";
  } else if (format == "csv") {
    out << csv.str();
  } else {
    // A terminal table: one block per input, rows = extraction (cost model / extractor), columns = judged by.
    std::string lastIn;
    for (auto& row : jout) {
      std::string in = row["input"];
      if (in != lastIn) {
        out << "\n" << in << " (" << row["functions"].get<size_t>() << " functions)\n";
        out << std::left << std::setw(28) << "extraction";
        for (auto& j : judges) out << std::right << std::setw(16) << j->name();
        out << std::setw(12) << "wasm-instrs" << std::setw(12) << "seconds" << std::setw(10) << "fallback"
            << std::setw(12) << "dag-cost" << "  kept (whose selection)\n";
        lastIn = in;
      }
      std::string label = row["extraction_cost"].get<std::string>() == "input"
                              ? std::string("(input)")
                              : row["extraction_cost"].get<std::string>() + " / " + row["extractor"].get<std::string>();
      out << std::left << std::setw(28) << label;
      for (auto& j : judges) out << std::right << std::setw(16) << fmt(row["cost"][j->name()].get<double>());
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.3f", row["extract_seconds"].get<double>());
      out << std::setw(12) << row["wasm_instrs"].get<size_t>() << std::setw(12) << secs << std::setw(10)
          << row["fallbacks"].get<size_t>();
      if (row.contains("dag_cost")) {
        out << std::setw(12) << fmt(row["dag_cost"].get<double>()) << " ";
        for (auto& [sel, n] : row["kept"].items()) out << " " << sel << " " << n.get<size_t>();
      }
      out << "\n";
    }
  }
  return kExitOk;
}

} // namespace eqsat::cli
