// --stats (a table on stderr after the run) and --report FILE.json (the same
// data for every function; schema: docs/report.schema.json).
#pragma once

#include "module/optimize.h"

#include <nlohmann/json.hpp>

#include <string>

namespace eqsat::cli {

constexpr size_t kStatsTopDefault = 10;  // --stats shows the 10 largest functions; --stats=all every one

struct RunInfo {
  std::string input;
  std::string costModel, extractor;
  double seconds = 0;  // the whole optimization
};

// The table: per function (largest cost first; `top` of them, 0 = all), then
// totals and the rules that fired most.
std::string statsTable(const OptimizeSummary& s, size_t top, const RunInfo& info);

// The report (docs/report.schema.json): every function in module order.
nlohmann::json reportJson(const OptimizeSummary& s, const RunInfo& info);

} // namespace eqsat::cli
