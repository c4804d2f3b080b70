// `eqsat-wasm compare IN... [--costs a,b] [--extractors x,y] [--format table|csv|json]`:
// saturates each function once, extracts with every cost model x extractor
// combination, and reports the cost of each result under every model (a
// matrix), the wasm instruction count and the extraction time.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace eqsat::cli {

// args: everything after `compare`. Returns the exit code; throws CliError on usage or input errors.
int runCompare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string compareHelp();

} // namespace eqsat::cli
