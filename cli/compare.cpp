// eqsat-wasm compare: cost models x extractors on the same saturated e-graphs.
#include "cli/compare.h"

#include "module/errors.h"
#include "module/features.h"
#include "module/module_io.h"
#include "module/output_file.h"
#include "cli/rules_glue.h"
#include "bridge/bridge.h"
#include "egraph/explain.h"
#include "egraph/runner.h"
#include "cost/cost.h"
#include "module/optimize.h"
#include "module/readonly_data.h"
#include "module/candidates.h"
#include "emit/emit.h"
#include "extract/extract.h"
#include "cost/fncost.h"
#include "cost/ircost.h"
#include "module/validate.h"
#include "passes/pipeline.h"

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
#include <unordered_set>

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

std::string formatAmount(double v) {
  char b[64];
  if (std::fabs(v - std::round(v)) < 1e-9) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

} // namespace

std::string compareHelp() {
  return "usage: eqsat-wasm compare IN... [--costs a,b,c] [--extractors x,y] [--format table|csv|json]\n"
         "         [--per-function] [-o DIR] [--rules FILE] [--iter-limit N] [--node-limit N] [--time-limit S]\n"
         "         [--exact-time S] [--no-check-rules] [--all-features]\n"
         "Saturates each function once, extracts with every cost model x extractor, emits each as\n"
         "`eqsat-wasm IN --cost C --extractor E --rounds 1` would (one round: every combination shares the\n"
         "function's one e-graph; exact: within --exact-time, default 10 s as there),\n"
         "and reports the cost of each result under every model, the wasm instruction count, the extraction\n"
         "time and the DAG cost of the extraction. -o DIR writes each result as DIR/<input>.<cost>.<extractor>.wasm.\n";
}

namespace {

// What `compare` was asked for.
struct CompareArgs {
  std::vector<std::string> inputs, costs = costModelNames(), extractors = extractorNames(), rulesFiles;
  std::string format = "table", outDir;
  bool perFunction = false;
  bool help = false;
  RuleCheck ruleCheck = RuleCheck::RandomInputs;
  RunnerLimits limits;
  double exactSeconds = ExtractOptions{}.exactSeconds;  // as optimize
  FeatureSelection features;
};

// The command line of `compare`, checked (inputs, format, extractor names).
CompareArgs parseCompareArgs(const std::vector<std::string>& args) {
  CompareArgs c;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw CliError(kExitUsage, a, "missing argument");
      return args[++i];
    };
    if (a == "--costs") c.costs = splitList(a, value());
    else if (a == "--extractors") c.extractors = splitList(a, value());
    else if (a == "--format") c.format = value();
    else if (a == "--per-function") c.perFunction = true;
    else if (a == "-o") c.outDir = value();
    else if (a == "--rules") c.rulesFiles.push_back(value());
    else if (a == "--no-check-rules") c.ruleCheck = RuleCheck::None;
    else if (a == "--all-features") c.features.base = FeatureSelection::Base::All;
    else if (a == "--iter-limit") c.limits.iterations = unsigned(std::stoul(value()));
    else if (a == "--node-limit") c.limits.nodes = size_t(std::stoull(value()));
    else if (a == "--time-limit") c.limits.seconds = std::stod(value());
    else if (a == "--exact-time") c.exactSeconds = std::stod(value());
    else if (a == "-h" || a == "--help") { c.help = true; return c; }
    else if (a.size() > 1 && a[0] == '-') throw CliError(kExitUsage, a, "unknown option for compare (see compare --help)");
    else c.inputs.push_back(a);
  }
  if (c.inputs.empty()) throw CliError(kExitUsage, "compare", "no input files (" + compareHelp().substr(7, 60) + "...)");
  if (c.format != "table" && c.format != "csv" && c.format != "json")
    throw CliError(kExitUsage, "--format", "expected table, csv or json, got '" + c.format + "'");
  const std::vector<std::string> knownExtractors = extractorNames();
  for (const auto& e : c.extractors)
    if (std::find(knownExtractors.begin(), knownExtractors.end(), e) == knownExtractors.end())
      throw CliError(kExitUsage, "--extractors", "unknown extractor '" + e + "' (tree, tree-ls, dag, exact)");
  return c;
}

// Every model of --costs, each judging every result; all are read before any
// work (a bad table: exit 2).
std::vector<std::unique_ptr<CostModel>> makeJudges(const std::vector<std::string>& costs) {
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
  return judges;
}

using Judges = std::vector<std::unique_ptr<CostModel>>;

// The results of every input: one row per module (the input, then each
// combination), as JSON (also what the terminal table is printed from) and CSV.
struct CompareRows {
  nlohmann::json json = nlohmann::json::array();
  std::ostringstream csv;
};

// "foo" for "dir/foo.wasm": the start of the names -o DIR gives the modules of one input.
std::string outputStem(const std::string& in) {
  std::string stem = std::filesystem::path(in).filename().string();
  if (auto d = stem.rfind(".wasm"); d != std::string::npos && d + 5 == stem.size()) stem.resize(d);
  return stem;
}

// One input compared: read once per combination, every function saturated
// once and extracted with every combination, each module validated,
// measured under every judge and (with -o) written.
class InputComparison {
public:
  InputComparison(const std::string& in, const CompareArgs& args, const Judges& judges, const LoadedRules& rules)
      : in_(in), args_(args), judges_(judges), rules_(rules) {}
  ~InputComparison() {
    for (BinaryenModuleRef m : modules_) BinaryenModuleDispose(m);
  }
  InputComparison(const InputComparison&) = delete;
  InputComparison& operator=(const InputComparison&) = delete;

  void run(CompareRows& rows, std::ostream& err) {
    loadModules();
    collectFunctions();
    const std::unordered_set<std::string> exposedGlobals = exposedStackGlobals(base_.module);
    for (const std::string& name : names_) extractFunction(name, exposedGlobals);
    for (Combo& k : combos_) revertInvalid(k, err);
    addRow(nullptr, base_.module, "input", rows);
    for (Combo& k : combos_) {
      addRow(&k, k.module, k.cost + "/" + k.extractor, rows);
      if (!args_.outDir.empty()) writeCombo(k);
    }
    if (!args_.outDir.empty()) {
      writeFileAtomically(args_.outDir + "/" + outputStem(in_) + ".input.wasm", base_.image.bytes.data(),
                          base_.image.bytes.size());
    }
  }

private:
  void loadModules() {
    base_ = loadModule(in_, args_.features);
    // The default assumptions, as optimize makes them: readonly-data only where it is the default.
    if (OptimizeOptions{}.readonlyData) readonlyBytes_ = findReadonlyData(base_.image.bytes);
    modules_.push_back(base_.module);
    for (const auto& c : args_.costs)
      for (const auto& e : args_.extractors) {
        Combo k;
        k.cost = c;
        k.extractor = e;
        k.cm = makeCostModel(c);
        k.module = loadModule(in_, args_.features).module;
        modules_.push_back(k.module);
        combos_.push_back(std::move(k));
      }
  }

  void collectFunctions() {
    for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(base_.module); i < n; ++i) {
      BinaryenFunctionRef f = BinaryenGetFunctionByIndex(base_.module, i);
      const char* importModule = BinaryenFunctionImportGetModule(f);
      if (importModule && *importModule) {
        imports_.insert(BinaryenFunctionGetName(f));
        continue;
      }
      names_.push_back(BinaryenFunctionGetName(f));
    }
  }

  // Bridge and saturation once, as optimize does them (module/optimize.h);
  // then every combination's extraction, emitted as optimize would.
  void extractFunction(const std::string& name, const std::unordered_set<std::string>& exposedGlobals) {
    BinaryenFunctionRef f = BinaryenGetFunction(base_.module, name.c_str());
    std::string why;
    BridgeOptions bridgeOptions;
    bridgeOptions.importedFunctions = &imports_;
    bridgeOptions.exposedGlobals = &exposedGlobals;
    bridgeOptions.readonlyData = readonlyBytes_.get();  // the default assumptions, as optimize makes them
    std::unique_ptr<ExplainRecorder> noRecorder;
    RunReport report;
    auto functionGraph = saturateFunction(base_.module, f, rules_.rewrites(), args_.limits, bridgeOptions, noRecorder,
                                          nullptr, report, why);
    if (!functionGraph) return;
    const EGraph& g = *functionGraph->egraph;
    ++handled_;
    ExtractOptions extractOptions;
    extractOptions.roots = rootsOf(*functionGraph);
    extractOptions.exactSeconds = args_.exactSeconds;
    for (Combo& k : combos_) {
      auto t0 = std::chrono::steady_clock::now();
      Extraction ext = extract(g, *k.cm, k.extractor, extractOptions);
      auto t1 = std::chrono::steady_clock::now();
      double extractSeconds = std::chrono::duration<double>(t1 - t0).count();
      k.seconds += extractSeconds;
      if (k.extractor == "exact" && ext.extractor != "exact") k.fallbacks++;
      double dagCost = extractOptions.roots.empty() ? 0 : ext.dagCost;  // no skeleton operand: nothing to extract
      k.dagCost += dagCost;
      std::string kept = keepIfCheaper(k, name, *functionGraph, ext);
      k.kept[kept]++;
      k.emitSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      if (args_.perFunction) {
        FuncRow& r = functionRows_[k.cost + "/" + k.extractor][name];
        r.seconds = extractSeconds;
        r.dagCost = dagCost;
        r.kept = kept;
      }
    }
  }

  // What optimize writes for this function (module/optimize.h): the cheapest
  // emitted candidate, or its repaired fallback, if the keep decision keeps it
  // (bodyToKeep, module/candidates.h). Returns whose selection the function
  // now is ("input": the original).
  std::string keepIfCheaper(Combo& k, const std::string& name, const FunctionGraph& functionGraph,
                            const Extraction& ext) {
    BinaryenFunctionRef comboFunction = BinaryenGetFunction(k.module, name.c_str());
    std::string whyNot;
    const bool trapsNeverHappen = false;
    std::optional<EmittedBody> repaired;
    std::optional<EmittedBody> best =
        emitBestBody(k.module, comboFunction, functionGraph, ext, *k.cm, trapsNeverHappen, whyNot, &repaired);
    if (!best) return "input";
    const FunctionShape original{
        .params = BinaryenFunctionGetParams(comboFunction),
        .results = BinaryenFunctionGetResults(comboFunction),
        .vars = functionVarTypes(comboFunction),
        .body = BinaryenFunctionGetBody(comboFunction),
        .asRead = true};
    double after = 0;
    const EmittedBody* kept =
        bodyToKeep(original, functionCost(original, *k.cm), *best, repaired ? &*repaired : nullptr, *k.cm, after);
    if (!kept) return "input";
    replaceFunctionBody(k.module, comboFunction, kept->body, kept->vars);
    k.replaced.insert(name);
    return kept->selection;
  }

  // Validates; puts back what does not validate (a bug if it happens).
  void revertInvalid(Combo& k, std::ostream& err) {
    ValidationResult v = validateModuleCaptured(k.module);
    if (v.ok) return;
    for (const std::string& bad : v.badFunctions) {
      BinaryenFunctionRef originalFunction = BinaryenGetFunction(base_.module, bad.c_str());
      if (!originalFunction) continue;
      BinaryenFunctionRef comboFunction = BinaryenGetFunction(k.module, bad.c_str());
      BinaryenType p = BinaryenFunctionGetParams(comboFunction), r = BinaryenFunctionGetResults(comboFunction);
      std::vector<BinaryenType> vars = functionVarTypes(originalFunction);
      BinaryenExpressionRef body = BinaryenExpressionCopy(BinaryenFunctionGetBody(originalFunction), k.module);
      BinaryenRemoveFunction(k.module, bad.c_str());
      BinaryenAddFunction(k.module, bad.c_str(), p, r, vars.data(), BinaryenIndex(vars.size()), body);
      k.bad.push_back(bad);
      k.replaced.erase(bad);
    }
    err << "eqsat-wasm: " << in_ << ": " << k.cost << "/" << k.extractor << ": " << k.bad.size()
        << " function(s) did not validate; kept the original\n";
  }

  // One module (the input or a combination) under every judge, by whole
  // functions (cost/fncost.h): a function not replaced is the input's, as read.
  std::pair<std::map<std::string, double>, size_t> measure(BinaryenModuleRef m, const std::string& combo,
                                                           const std::set<std::string>* replaced) {
    std::map<std::string, double> totals;
    size_t instrs = 0;
    for (const std::string& name : names_) {
      BinaryenFunctionRef function = BinaryenGetFunction(m, name.c_str());
      BinaryenExpressionRef body = BinaryenFunctionGetBody(function);
      FunctionShape shape{.params = BinaryenFunctionGetParams(function),
                          .results = BinaryenFunctionGetResults(function),
                          .vars = functionVarTypes(function),
                          .body = body,
                          .asRead = !(replaced && replaced->count(name))};
      size_t functionInstrs = countInstructions(body);
      instrs += functionInstrs;
      FuncRow* functionRow = args_.perFunction ? &functionRows_[combo][name] : nullptr;
      if (functionRow) functionRow->instrs = functionInstrs;
      for (auto& j : judges_) {
        // targetCost's estimate is functionCost; for thumb2 (the one model
        // with a refinement) the refined reading, the keep decision's veto
        // (cheaperOnTarget), goes beside it, for comparing with synth-count.
        const TargetCost target = targetCost(shape, *j, /*withRetry=*/true);
        totals[j->name()] += target.estimate;
        if (!functionRow) continue;
        functionRow->cost[j->name()] = target.estimate;
        if (j->wholeFunction() == WholeFunction::Synth) functionRow->cost[j->name() + "-refined"] = target.refined();
      }
    }
    return std::pair{totals, instrs};
  }

  // The row of one module, `k` null for the input.
  void addRow(const Combo* k, BinaryenModuleRef m, const std::string& combo, CompareRows& rows) {
    auto [totals, instrs] = measure(m, combo, k ? &k->replaced : nullptr);
    std::string extractionCost = k ? k->cost : "input", extractor = k ? k->extractor : "-";
    double secs = k ? k->seconds : 0;
    size_t fallbacks = k ? k->fallbacks : 0;
    nlohmann::json row{{"input", in_}, {"extraction_cost", extractionCost}, {"extractor", extractor},
                       {"functions", names_.size()}, {"handled", handled_}, {"wasm_instrs", instrs},
                       {"extract_seconds", secs}, {"fallbacks", fallbacks}};
    nlohmann::json costs;
    for (auto& j : judges_) costs[j->name()] = totals[j->name()];
    row["cost"] = costs;
    if (k) {
      row["dag_cost"] = k->dagCost;
      row["emit_seconds"] = k->emitSeconds;
      nlohmann::json keptBy = nlohmann::json::object();
      for (auto& [sel, n] : k->kept) keptBy[sel] = n;
      row["kept"] = keptBy;
    }
    if (args_.perFunction) row["per_function"] = functionRowsJson(combo);
    rows.json.push_back(row);
    std::ostringstream& csv = rows.csv;
    csv << in_ << "," << extractionCost << "," << extractor << "," << names_.size();
    for (auto& j : judges_) csv << "," << formatAmount(totals[j->name()]);
    csv << "," << instrs << "," << std::fixed << std::setprecision(4) << secs << std::defaultfloat << ","
        << fallbacks << ",";
    if (k) {
      auto kept = [&](const char* sel) {
        auto it = k->kept.find(sel);
        return it == k->kept.end() ? size_t(0) : it->second;
      };
      csv << formatAmount(k->dagCost) << "," << std::fixed << std::setprecision(4) << k->emitSeconds
          << std::defaultfloat << "," << kept("input") << "," << kept("tree") << "," << kept("tree-ls") << ","
          << kept("dag") << "," << kept("exact");
    } else {
      csv << ",,,,,,";
    }
    csv << "\n";
  }

  // --per-function: one object per function of the module `combo`.
  nlohmann::json functionRowsJson(const std::string& combo) {
    nlohmann::json functions = nlohmann::json::array();
    for (const std::string& name : names_) {
      const FuncRow& r = functionRows_[combo][name];
      nlohmann::json one{{"function", name}, {"wasm_instrs", r.instrs}, {"extract_seconds", r.seconds}};
      nlohmann::json costs;
      for (auto& [judge, cost] : r.cost) costs[judge] = cost;
      one["cost"] = costs;
      if (r.dagCost >= 0) {
        one["dag_cost"] = r.dagCost;
        one["kept"] = r.kept;
      }
      functions.push_back(one);
    }
    return functions;
  }

  // -o DIR: what optimize writes, the input with the replaced bodies spliced in (module/faithful.h).
  void writeCombo(Combo& k) {
    std::string costName = std::filesystem::path(k.cost).filename().string();
    BinaryenModuleSetFeatures(k.module, base_.outputFeatures);
    wasm::FaithfulOutput faithful = wasm::writeFaithful(base_.image, k.module, k.replaced, writeBinary);
    if (faithful.structuralDifference)
      throw CliError(kExitInternal, in_, "internal error: the output differs from the input in more than the "
                                         "rewritten bodies: " + *faithful.structuralDifference);
    writeFileAtomically(args_.outDir + "/" + outputStem(in_) + "." + costName + "." + k.extractor + ".wasm",
                        faithful.bytes.data(), faithful.bytes.size());
  }

  const std::string& in_;
  const CompareArgs& args_;
  const Judges& judges_;
  const LoadedRules& rules_;
  LoadedModule base_;
  std::shared_ptr<const ReadonlyBytes> readonlyBytes_;  // the module's read-only data (module/readonly_data.h)
  std::vector<BinaryenModuleRef> modules_;  // disposed with the comparison
  std::vector<Combo> combos_;
  std::vector<std::string> names_;  // defined functions
  std::unordered_set<std::string> imports_;
  // Per combination ("input" or COST/EXTRACTOR), per function.
  std::map<std::string, std::map<std::string, FuncRow>> functionRows_;
  size_t handled_ = 0;
};

// A terminal table: one block per input, rows = extraction (cost model /
// extractor), columns = judged by.
void printTable(const nlohmann::json& rows, const Judges& judges, std::ostream& out) {
  std::string lastIn;
  for (auto& row : rows) {
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
    for (auto& j : judges) out << std::right << std::setw(16) << formatAmount(row["cost"][j->name()].get<double>());
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", row["extract_seconds"].get<double>());
    out << std::setw(12) << row["wasm_instrs"].get<size_t>() << std::setw(12) << secs << std::setw(10)
        << row["fallbacks"].get<size_t>();
    if (row.contains("dag_cost")) {
      out << std::setw(12) << formatAmount(row["dag_cost"].get<double>()) << " ";
      for (auto& [sel, n] : row["kept"].items()) out << " " << sel << " " << n.get<size_t>();
    }
    out << "\n";
  }
}

} // namespace

int runCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CompareArgs c = parseCompareArgs(args);
  if (c.help) {
    out << compareHelp();
    return kExitOk;
  }
  const Judges judges = makeJudges(c.costs);
  if (c.rulesFiles.empty()) {
    std::string def = defaultRulesPath();
    if (!def.empty()) c.rulesFiles.push_back(def);
  }
  LoadedRules rules = loadRules(c.rulesFiles, c.ruleCheck);
  if (!c.outDir.empty()) std::filesystem::create_directories(c.outDir);

  CompareRows rows;
  rows.csv << "input,extraction_cost,extractor,functions";
  for (auto& j : judges) rows.csv << ",cost_" << j->name();
  rows.csv << ",wasm_instrs,extract_seconds,fallbacks,dag_cost,emit_seconds,kept_input,kept_tree,kept_tree_ls,"
              "kept_dag,kept_exact\n";
  for (const std::string& in : c.inputs) InputComparison(in, c, judges, rules).run(rows, err);

  if (c.format == "json") out << rows.json.dump(1) << "\n";
  else if (c.format == "csv") out << rows.csv.str();
  else printTable(rows.json, judges, out);
  return kExitOk;
}

} // namespace eqsat::cli
