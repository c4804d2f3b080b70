// Parsed rulesets stored as bytes, for the rulesets bundled with eqsat-wasm:
// the build parses them once (rules/embed/write_rules_blob.cpp) and compiles
// the bytes into the command, so that a run does not parse JSON and
// s-expressions again (docs/performance.md, Start-up).
//
// A blob holds, for each top-level ruleset file, the ParsedRuleset the
// loader made of it and the files it read (the top file and its includes),
// each with its size and a hash of its contents. It is used for a file only
// when the file and every include read now have those contents: an edited
// ruleset is parsed as always. Paths in the rules and examples are stored
// relative to the top file's directory and put back relative to the
// directory of the file being loaded, so that locations in messages are
// those the parser would give.
#pragma once

#include "rules/ast.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eqsat::rules::detail {

// The blob of the given top-level ruleset files (each parsed with
// parseRulesetFile). Throws RuleError as the parser does.
std::string writeRulesetBlob(const std::vector<std::string>& topFiles);

// What of a stored ruleset is read: all of it, or its rules without the
// examples (which only the rule checks use, from the parser).
enum class RulesetParts { All, RulesOnly };

// The ParsedRuleset of `path` from `blob`, when the blob holds a ruleset of
// the same file name whose files have today's contents; nullopt otherwise
// (also for a blob this build cannot read). With RulesOnly, its examples
// are left empty.
std::optional<ParsedRuleset> readRulesetBlob(std::string_view blob, const std::string& path,
                                             RulesetParts parts = RulesetParts::All);

} // namespace eqsat::rules::detail
