// The bundled rulesets parsed at build time (rules/ruleset_blob.h): the
// blob gives exactly what the parser gives, follows the file it is asked
// for to another directory, and is not used for an edited file.
#include "rules/ast.h"
#include "rules/loader.h"
#include "rules/ruleset_blob.h"

#include "cli/rules_glue.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace eqsat;
using namespace eqsat::rules;
using namespace eqsat::rules::detail;

namespace {

namespace fs = std::filesystem;

const std::string kShipped = std::string(EQSAT_SOURCE_DIR) + "/rulesets/";

// Every field of a parsed ruleset, one per line, for comparing two of them.
std::string dump(const ParsedRuleset& p) {
  std::ostringstream o;
  o << p.name << "\n" << p.description << "\n";
  for (const std::string& f : p.files) o << "file " << f << "\n";
  for (const RuleAst& r : p.rules) {
    o << "rule " << r.name << "|" << r.comment << "|" << r.file << ":" << r.index << ":" << r.line << ":" << r.col
      << "|" << r.lhsText << "|" << r.rhsText << "\n";
    for (const std::string& c : r.condTexts) o << " cond " << c << "\n";
    for (const VarInfo& v : r.vars) o << " var " << v.name << " " << v.isConst << " " << v.tv << "\n";
    for (const auto* side : {&r.lhs, &r.rhs})
      for (const Term& t : *side) {
        o << " term " << int(t.kind) << " " << int(t.op) << " " << t.tv << " " << t.var << " " << t.value << " "
          << t.pos << " :";
        for (int k : t.kids) o << " " << k;
        o << "\n";
      }
    for (const Expr& e : r.exprs) {
      o << " expr " << int(e.kind) << " " << int(e.w) << " " << int(e.op) << " " << e.value << " " << e.var << " :";
      for (int k : e.kids) o << " " << k;
      o << "\n";
    }
    o << " conds";
    for (int c : r.conds) o << " " << c;
    o << "\n computed";
    for (int c : r.computed) o << " " << c;
    o << "\n tvs";
    for (const auto& t : r.tvs) o << " " << (t ? int(*t) : -1);
    o << "\n";
  }
  for (const Example& e : p.examples)
    o << "example " << e.in << "|" << e.out << "|" << e.rule << "|" << e.where << "|" << e.file << "\n";
  return o.str();
}

std::vector<std::string> shippedTops() {
  std::vector<std::string> tops;
  for (const auto& entry : fs::directory_iterator(kShipped))
    if (entry.path().extension() == ".json" && entry.path().filename() != "rules.schema.json")
      tops.push_back(entry.path().string());
  std::sort(tops.begin(), tops.end());
  return tops;
}

// A copy of the shipped rulesets in a fresh directory.
std::string copyOfShipped(const char* name) {
  fs::path dir = fs::temp_directory_path() / (std::string("eqsat-blob-") + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const std::string& f : shippedTops()) fs::copy_file(f, dir / fs::path(f).filename());
  return dir.string() + "/";
}

} // namespace

TEST_CASE("ruleset blob: each shipped ruleset reads back as the parser gives it") {
  const std::vector<std::string> tops = shippedTops();
  REQUIRE(tops.size() >= 2);
  const std::string blob = writeRulesetBlob(tops);
  for (const std::string& top : tops) {
    CAPTURE(top);
    std::optional<ParsedRuleset> fromBlob = readRulesetBlob(blob, top);
    REQUIRE(fromBlob);
    ParsedRuleset parsed = parseRulesetFile(top);
    CHECK(dump(*fromBlob) == dump(parsed));
    // The rules alone, as the loader reads them: the same but for the examples.
    std::optional<ParsedRuleset> rulesOnly = readRulesetBlob(blob, top, RulesetParts::RulesOnly);
    REQUIRE(rulesOnly);
    CHECK(rulesOnly->examples.empty());
    parsed.examples.clear();
    CHECK(dump(*rulesOnly) == dump(parsed));
  }
}

TEST_CASE("ruleset blob: the compiled-in blob holds the shipped default ruleset as it is now") {
  const std::string def = kShipped + "default.json";
  std::optional<ParsedRuleset> fromBlob = readRulesetBlob(cli::bundledRulesBlob(), def);
  REQUIRE(fromBlob);
  CHECK(dump(*fromBlob) == dump(parseRulesetFile(def)));
}

TEST_CASE("ruleset blob: paths follow the file to another directory") {
  const std::string blob = writeRulesetBlob(shippedTops());
  const std::string dir = copyOfShipped("moved");
  std::optional<ParsedRuleset> moved = readRulesetBlob(blob, dir + "default.json");
  REQUIRE(moved);
  CHECK(dump(*moved) == dump(parseRulesetFile(dir + "default.json")));
  CHECK(moved->rules.front().file.rfind(dir, 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("ruleset blob: an edited file or include is parsed, not taken from the blob") {
  const std::string blob = writeRulesetBlob(shippedTops());
  const std::string dir = copyOfShipped("edited");
  REQUIRE(readRulesetBlob(blob, dir + "default.json"));
  {
    std::ofstream(dir + "select.json", std::ios::app) << "\n";  // an include of default.json, one byte longer
  }
  CHECK_FALSE(readRulesetBlob(blob, dir + "default.json"));
  CHECK(readRulesetBlob(blob, dir + "bits.json"));  // does not read select.json
  // A file the blob does not hold, and a blob cut short or of another format.
  CHECK_FALSE(readRulesetBlob(blob, dir + "other.json"));
  CHECK_FALSE(readRulesetBlob("eqsat-rules-blob 0\n", kShipped + "default.json"));
  CHECK_FALSE(readRulesetBlob(blob.substr(0, blob.size() / 2), kShipped + "default.json"));
  // Through the loader: the edited ruleset gives what its files say.
  {
    std::ofstream(dir + "select.json") << R"json({"name": "select", "rules": [{"name": "only-rule", "comment": "c",
      "lhs": "(i32.add ?x (i32.const 0))", "rhs": "?x"}]})json";
  }
  LoadOptions fromBlob;
  fromBlob.fastCheck = false;
  fromBlob.bundled = blob;
  LoadedRuleset edited = loadRulesetFile(dir + "default.json", fromBlob);
  CHECK(std::any_of(edited.info.begin(), edited.info.end(), [](const RuleInfo& r) { return r.name == "only-rule"; }));
  CHECK(edited.info.back().file == dir + "select.json");
  fs::remove_all(dir);
}
