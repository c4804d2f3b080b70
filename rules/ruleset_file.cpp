// Ruleset files: the JSON structure of a file (docs/rules.md: "name",
// "description", "include", "rules", "examples"), its includes (relative to
// the including file, cycles refused), and each rule object up to the
// compiler (rules/compiler.h), with `iN` rules expanded to i32 and i64 and
// bidirectional rules to both directions.
#include "rules/ast.h"
#include "rules/compiler.h"
#include "rules/json_positions.h"
#include "rules/loader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace eqsat::rules::detail {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The file read first, or one it includes (directly or not).
enum class FileRole { Top, Included };

// The contents of a file; nullopt when it cannot be opened.
std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// The canonical form of a path, to recognise a file included twice.
std::string canonicalOf(const std::string& path) {
  std::error_code ec;
  fs::path cp = fs::weakly_canonical(fs::path(path), ec);
  return ec ? fs::path(path).lexically_normal().string() : cp.string();
}

// Loads a ruleset file and, depth first, the files it includes; every rule
// name is unique across them.
struct Loader {
  std::vector<std::string> stack;  // canonical paths being loaded
  std::set<std::string> done;
  std::map<std::string, std::string> nameWhere;  // rule name -> location
  ParsedRuleset out;

  // "examples": [{"in": EXPR, "out": EXPR}, ...] of a file or of one rule (its name in `rule`).
  void loadExamples(const json& examples, size_t examplesAt, const std::string& rule, const std::string& file,
                    const JsonScan& scan) {
    auto at = [&](size_t off) { return scan.locate(file, off); };
    const std::string tag = rule.empty() ? std::string("\"examples\"") : "rule '" + rule + "': \"examples\"";
    if (!examples.is_array()) throw RuleError(at(examplesAt) + ": " + tag + " must be an array of {\"in\": ..., \"out\": ...}");
    auto elements = scan.elements(examplesAt);
    for (size_t i = 0; i < examples.size(); ++i) {
      size_t pos = i < elements.size() ? elements[i] : examplesAt;
      const json& e = examples[i];
      if (!e.is_object() || !e.contains("in") || !e.contains("out") || !e["in"].is_string() ||
          !e["out"].is_string() || e.size() != 2)
        throw RuleError(at(pos) + ": " + tag + ": an example is {\"in\": \"EXPR\", \"out\": \"EXPR\"}");
      out.examples.push_back(Example{e["in"].get<std::string>(), e["out"].get<std::string>(), rule, at(pos), file});
    }
  }

  void loadText(const std::string& text, const std::string& file, const std::string& canonical, FileRole role) {
    out.files.push_back(file);
    json ruleset;
    try {
      ruleset = json::parse(text);
    } catch (const json::parse_error& e) {
      std::string what = e.what();
      auto k = what.find(": ", what.find("column"));
      std::string msg = k != std::string::npos ? what.substr(k + 2) : what;
      size_t byte = e.byte ? e.byte - 1 : 0;
      if (byte > text.size()) byte = text.size();
      throw RuleError(locate(file, text, byte) + ": invalid JSON: " + msg);
    }
    JsonScan scan{text};
    size_t rootAt = scan.skipSpace(0);
    auto at = [&](size_t off) { return scan.locate(file, off); };
    if (!ruleset.is_object()) throw RuleError(at(rootAt) + ": a ruleset file must be a JSON object");
    auto members = scan.members(rootAt);
    auto memberAt = [&](const std::string& key) -> const JsonScan::Member* {
      for (auto& m : members)
        if (m.key == key) return &m;
      return nullptr;
    };
    for (auto& m : members)
      if (m.key != "name" && m.key != "description" && m.key != "include" && m.key != "rules" && m.key != "$schema" &&
          m.key != "examples")
        throw RuleError(at(m.keyPos) + ": unknown key \"" + m.key +
                        "\" (a ruleset has \"name\", \"description\", \"include\", \"rules\", \"examples\")");
    if (!ruleset.contains("name") || !ruleset["name"].is_string())
      throw RuleError(at(memberAt("name") ? memberAt("name")->valuePos : rootAt) +
                      ": the ruleset needs a \"name\" string");
    if (ruleset.contains("description") && !ruleset["description"].is_string())
      throw RuleError(at(memberAt("description")->valuePos) + ": \"description\" must be a string");
    if (role == FileRole::Top) {
      out.name = ruleset["name"].get<std::string>();
      out.description = ruleset.value("description", "");
    }
    stack.push_back(canonical);
    if (ruleset.contains("include")) {
      const auto* m = memberAt("include");
      if (!ruleset["include"].is_array()) throw RuleError(at(m->valuePos) + ": \"include\" must be an array of file names");
      auto elements = scan.elements(m->valuePos);
      for (size_t i = 0; i < ruleset["include"].size(); ++i) {
        const auto& includeName = ruleset["include"][i];
        size_t pos = i < elements.size() ? elements[i] : m->valuePos;
        if (!includeName.is_string()) throw RuleError(at(pos) + ": an include must be a file name string");
        fs::path path = fs::path(file).parent_path() / includeName.get<std::string>();
        std::string canonicalPath = canonicalOf(path.string());
        auto it = std::find(stack.begin(), stack.end(), canonicalPath);
        if (it != stack.end()) {
          std::string cycle;
          for (auto k = it; k != stack.end(); ++k) cycle += fs::path(*k).filename().string() + " -> ";
          cycle += fs::path(canonicalPath).filename().string();
          throw RuleError(at(pos) + ": include cycle: " + cycle);
        }
        if (done.count(canonicalPath)) continue;
        // Only regular files: a device (/dev/zero), FIFO or directory would be read forever or not at all.
        std::error_code ec;
        if (!fs::exists(path, ec))
          throw RuleError(at(pos) + ": included file '" + includeName.get<std::string>() + "' not found (looked for " +
                          canonicalPath + ")");
        if (!fs::is_regular_file(path, ec))
          throw RuleError(at(pos) + ": included file '" + path.string() + "' is not a regular file");
        std::optional<std::string> included = readFile(path.string());
        if (!included) throw RuleError(at(pos) + ": cannot read included file '" + path.string() + "'");
        loadText(*included, path.string(), canonicalPath, FileRole::Included);
      }
    }
    if (!ruleset.contains("rules")) {
      if (!ruleset.contains("include")) throw RuleError(at(rootAt) + ": the ruleset needs a \"rules\" array");
    } else {
      const auto* m = memberAt("rules");
      if (!ruleset["rules"].is_array()) throw RuleError(at(m->valuePos) + ": \"rules\" must be an array");
      auto elements = scan.elements(m->valuePos);
      for (size_t i = 0; i < ruleset["rules"].size(); ++i) loadRule(ruleset["rules"][i], elements[i], unsigned(i + 1), file, text, scan);
    }
    if (const auto* m = memberAt("examples")) loadExamples(ruleset["examples"], m->valuePos, "", file, scan);
    stack.pop_back();
    done.insert(canonical);
  }

  void loadRule(const json& ruleJson, size_t objAt, unsigned index, const std::string& file, const std::string& text,
                const JsonScan& scan) {
    RuleAst base;
    base.file = file;
    base.index = index;
    LineCol lc = scan.lineColOf(objAt);
    base.line = lc.line;
    base.col = lc.col;
    base.name = "?";
    auto at = [&](size_t off) { return scan.locate(file, off); };
    std::string tag = "rule #" + std::to_string(index);
    if (!ruleJson.is_object()) throw RuleError(at(objAt) + ": " + tag + ": a rule must be a JSON object");
    auto members = scan.members(objAt);
    auto memberAt = [&](const std::string& key) -> const JsonScan::Member* {
      for (auto& m : members)
        if (m.key == key) return &m;
      return nullptr;
    };
    if (ruleJson.contains("name")) {
      if (!ruleJson["name"].is_string() || ruleJson["name"].get<std::string>().empty())
        throw RuleError(at(memberAt("name")->valuePos) + ": " + tag + ": \"name\" must be a non-empty string");
      base.name = ruleJson["name"].get<std::string>();
      tag = ruleTag(base);
    } else {
      throw RuleError(at(objAt) + ": " + tag + ": missing \"name\"");
    }
    for (char ch : base.name)
      if (!isalnum(static_cast<unsigned char>(ch)) && !strchr("_-.", ch))
        throw RuleError(at(memberAt("name")->valuePos) + ": " + tag +
                        ": a rule name may contain letters, digits, '_', '-' and '.' only");
    for (auto& m : members)
      if (m.key != "name" && m.key != "comment" && m.key != "lhs" && m.key != "rhs" && m.key != "if" &&
          m.key != "bidirectional" && m.key != "examples")
        throw RuleError(at(m.keyPos) + ": " + tag + ": unknown key \"" + m.key +
                        "\" (a rule has \"name\", \"comment\", \"lhs\", \"rhs\", \"if\", \"bidirectional\", "
                        "\"examples\")");
    if (const auto* m = memberAt("examples")) loadExamples(ruleJson["examples"], m->valuePos, base.name, file, scan);
    auto needString = [&](const char* key) {
      if (!ruleJson.contains(key)) throw RuleError(at(objAt) + ": " + tag + ": missing \"" + key + "\"");
      if (!ruleJson[key].is_string()) throw RuleError(at(memberAt(key)->valuePos) + ": " + tag + ": \"" + key + "\" must be a string");
      return ruleJson[key].get<std::string>();
    };
    base.comment = needString("comment");
    if (base.comment.find('\n') != std::string::npos)
      throw RuleError(at(memberAt("comment")->valuePos) + ": " + tag + ": \"comment\" must be one line");
    RuleSource src;
    src.objAt = objAt;
    src.lhs = needString("lhs");
    src.rhs = needString("rhs");
    src.lhsAt = memberAt("lhs")->valuePos;
    src.rhsAt = memberAt("rhs")->valuePos;
    if (ruleJson.contains("if")) {
      const auto* m = memberAt("if");
      const json& c = ruleJson["if"];
      if (c.is_string()) {
        src.conds.push_back(c.get<std::string>());
        src.condAt.push_back(m->valuePos);
      } else if (c.is_array()) {
        auto elements = scan.elements(m->valuePos);
        for (size_t i = 0; i < c.size(); ++i) {
          if (!c[i].is_string())
            throw RuleError(at(elements[i]) + ": " + tag + ": a condition must be a string");
          src.conds.push_back(c[i].get<std::string>());
          src.condAt.push_back(elements[i]);
        }
      } else {
        throw RuleError(at(m->valuePos) + ": " + tag + ": \"if\" must be a string or an array of strings");
      }
    }
    bool bidirectional = false;
    if (ruleJson.contains("bidirectional")) {
      if (!ruleJson["bidirectional"].is_boolean())
        throw RuleError(at(memberAt("bidirectional")->valuePos) + ": " + tag + ": \"bidirectional\" must be true or false");
      bidirectional = ruleJson["bidirectional"].get<bool>();
    }
    auto add = [&](RuleAst r) {
      auto it = nameWhere.find(r.name);
      if (it != nameWhere.end())
        throw RuleError(at(objAt) + ": " + ruleTag(r) + ": duplicate rule name (first defined at " + it->second + ")");
      nameWhere[r.name] = at(objAt);
      out.rules.push_back(std::move(r));
    };
    bool generic = hasWidthVar(src.lhs) || hasWidthVar(src.rhs);
    for (auto& c : src.conds) generic = generic || hasWidthVar(c);
    auto addDirections = [&](const RuleSource& source, const RuleAst& rule) {
      RuleAst fwd = compileDirection(rule, source, Direction::Forward, text, scan);
      if (bidirectional) {
        RuleAst rev = compileDirection(rule, source, Direction::Reverse, text, scan);
        rev.name = rule.name + "-rev";
        add(std::move(fwd));
        add(std::move(rev));
      } else {
        add(std::move(fwd));
      }
    };
    if (!generic) {
      addDirections(src, base);
    } else {
      for (const char* type : {"i32", "i64"}) {
        RuleSource source = src;
        source.lhsRep.clear();
        source.rhsRep.clear();
        source.lhs = expandWidthVar(src.lhs, type, source.lhsRep);
        source.rhs = expandWidthVar(src.rhs, type, source.rhsRep);
        source.condRep.assign(src.conds.size(), {});
        for (size_t i = 0; i < src.conds.size(); ++i) source.conds[i] = expandWidthVar(src.conds[i], type, source.condRep[i]);
        RuleAst rule = base;
        rule.name = base.name + "." + type;
        addDirections(source, rule);
      }
    }
  }
};

} // namespace

ParsedRuleset parseRulesetText(const std::string& text, const std::string& file) {
  Loader loader;
  loader.loadText(text, file, canonicalOf(file), FileRole::Top);
  return std::move(loader.out);
}

ParsedRuleset parseRulesetFile(const std::string& path) {
  std::optional<std::string> text = readFile(path);
  if (!text) throw RuleError(path + ": cannot read file");
  return parseRulesetText(*text, path);
}

} // namespace eqsat::rules::detail
