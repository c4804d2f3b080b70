#include "module/errors.h"

#include <cstring>

namespace eqsat::cli {

std::string oneLine(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string formatErrorLine(const std::string& subject, const std::string& message) {
  std::string line = std::string(kProgramName) + ": ";
  if (!subject.empty()) line += oneLine(subject) + ": ";
  line += oneLine(message);
  return line;
}

std::string errnoText(int e) { return std::strerror(e); }

std::string CliError::line() const { return formatErrorLine(subject_, what()); }

} // namespace eqsat::cli
