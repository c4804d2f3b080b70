#include "module/probe.h"

#include "ir/binaryen_ops.h"
#include "module/errors.h"
#include "module/features.h"
#include "module/output_capture.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <poll.h>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace eqsat::cli {
namespace {

struct Nesting {
  size_t depth = 0;
  std::string function;  // the first function that nests this deep
};

// The deepest nesting of an expression in any function body, walked without
// recursion over the expression kinds forEachChild knows (the others count
// as one level, their children unvisited).
Nesting deepestNesting(BinaryenModuleRef m) {
  Nesting deepest;
  std::vector<std::pair<BinaryenExpressionRef, size_t>> stack;
  for (BinaryenIndex i = 0, n = BinaryenGetNumFunctions(m); i < n; ++i) {
    BinaryenFunctionRef f = BinaryenGetFunctionByIndex(m, i);
    BinaryenExpressionRef body = BinaryenFunctionGetBody(f);
    if (!body) continue;  // an import
    stack.assign(1, {body, 1});
    while (!stack.empty()) {
      auto [e, d] = stack.back();
      stack.pop_back();
      if (d > deepest.depth) {
        deepest.depth = d;
        deepest.function = BinaryenFunctionGetName(f);
      }
      forEachChild(e, [&, d = d](BinaryenExpressionRef c) { stack.emplace_back(c, d + 1); });
    }
  }
  return deepest;
}

// The probe's work in the forked child: "OK", "FEATURES <missing bits>" or
// "INVALID" (the validator's messages are in capFd).
std::string probeInChild(const std::vector<char>& bytes, BinaryenFeatures features, int capFd) {
  {
    std::vector<char> copy(bytes);
    BinaryenModuleRef m = BinaryenModuleRead(copy.data(), copy.size());
    BinaryenModuleSetFeatures(m, features);
    std::string answer;
    if (BinaryenModuleValidate(m)) {
      Nesting n = deepestNesting(m);
      answer = "OK " + std::to_string(n.depth) + " " + n.function + "\n";
    } else {
      // Would it validate with every feature? Then find which features it needs.
      std::cerr.flush();
      std::cout.flush();
      off_t mark = lseek(capFd, 0, SEEK_CUR);
      BinaryenFeatures all = BinaryenFeatureAll();
      BinaryenModuleSetFeatures(m, all);
      if (BinaryenModuleValidate(m)) {
        // Drop every feature the module does not need, until nothing changes
        // (features depend on each other: gc needs reference-types, ...).
        BinaryenFeatures need = all;
        for (bool changed = true; changed;) {
          changed = false;
          for (auto it = allFeatureInfos().rbegin(); it != allFeatureInfos().rend(); ++it) {
            BinaryenFeatures b = it->bit();
            if (!(need & b) || (features & b)) continue;
            BinaryenModuleSetFeatures(m, need & ~b);
            if (BinaryenModuleValidate(m)) {
              need &= ~b;
              changed = true;
            }
          }
        }
        BinaryenFeatures missing = need & ~features;
        answer = "FEATURES " + std::to_string(missing) + "\n";
      } else {
        answer = "INVALID\n";
      }
      std::cerr.flush();
      std::cout.flush();
      // Keep only the first validation's messages.
      if (mark >= 0 && ftruncate(capFd, mark) != 0) {}
    }
    return answer;
  }
}

// probeInChild, with nothing allowed to unwind out of the child into the
// caller's code (it would go on as a second eqsat-wasm, printing its own
// error line).
std::string answerInChild(const std::vector<char>& bytes, BinaryenFeatures features, int capFd) {
  try {
    return probeInChild(bytes, features, capFd);
  } catch (const std::bad_alloc&) {
    return "NOMEM\n";
  } catch (const std::exception& e) {
    return "EXCEPTION " + oneLine(e.what()) + "\n";
  } catch (...) {
    return "EXCEPTION unknown\n";
  }
}

struct FreshProbe {
  std::string executable;  // "" = always fork
  size_t aboveBytes = kFreshProbeAboveBytes;
};
FreshProbe& freshProbe() {
  static FreshProbe fresh;
  return fresh;
}

// This process's resident bytes that a forked child would count as its own
// (resident minus the file-backed pages shared with the binaries).
size_t residentPrivateBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0, shared = 0;
  const bool read = std::fscanf(f, "%lu %lu %lu", &size, &resident, &shared) == 3;
  std::fclose(f);
  if (!read || resident < shared) return 0;
  return size_t(resident - shared) * size_t(sysconf(_SC_PAGESIZE));
}

constexpr int kAnswerFd = 3;

// The probe in a process started anew: the bytes in a temp file on its fd 0,
// fds 1 and 2 on capFd, the answer pipe on fd 3. -1 if it could not start.
pid_t spawnFreshProbe(const std::vector<char>& bytes, BinaryenFeatures features, int capFd, int answerFd) {
  int dataFd = anonymousTempFd();
  if (dataFd < 0) return -1;
  if (!writeAllFd(dataFd, bytes.data(), bytes.size()) || lseek(dataFd, 0, SEEK_SET) != 0) {
    close(dataFd);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, dataFd, 0);
  posix_spawn_file_actions_adddup2(&actions, capFd, 1);
  posix_spawn_file_actions_adddup2(&actions, capFd, 2);
  posix_spawn_file_actions_adddup2(&actions, answerFd, kAnswerFd);
  const std::string program = freshProbe().executable, featureBits = std::to_string(features);
  std::string argument = kProbeChildArgument;
  char* argv[] = {const_cast<char*>(program.c_str()), argument.data(), const_cast<char*>(featureBits.c_str()), nullptr};
  pid_t pid = -1;
  if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(dataFd);
  return pid;
}

} // namespace

void setProbeExecutable(const std::string& path, size_t freshAboveBytes) {
  freshProbe() = FreshProbe{path, freshAboveBytes};
}

int runProbeChild(const std::string& featureBits) {
  std::vector<char> bytes;
  {
    const std::string data = readAllFd(0);
    bytes.assign(data.begin(), data.end());
  }
  const auto features = static_cast<BinaryenFeatures>(std::strtoul(featureBits.c_str(), nullptr, 10));
  const std::string answer = answerInChild(bytes, features, 1);
  writeAllFd(kAnswerFd, answer.data(), answer.size());
  std::fflush(stdout);
  std::fflush(stderr);
  // As the forked probe: no exit handlers (a leak checker's report at exit
  // would turn the answer into a failure).
  _exit(0);
}

std::string describeParseFailure(const std::string& captured) {
  static const std::regex parseRe(R"(\[parse exception: ([\s\S]*?) \(at (\d+):(\d+)\)\])");
  std::smatch m;
  if (std::regex_search(captured, m, parseRe))
    return "malformed module at byte offset " + m[3].str() + ": " + oneLine(m[1].str());
  static const std::regex parseNoPos(R"(\[parse exception: ([\s\S]*?)\])");
  if (std::regex_search(captured, m, parseNoPos)) return "malformed module: " + oneLine(m[1].str());
  size_t f = captured.find("Fatal: ");
  if (f != std::string::npos) {
    size_t nl = captured.find('\n', f);
    return "malformed module: " + oneLine(captured.substr(f + 7, nl == std::string::npos ? nl : nl - f - 7));
  }
  std::string firstLine = oneLine(captured.substr(0, captured.find('\n')));
  return "malformed module" + (firstLine.empty() ? std::string() : ": " + firstLine);
}

std::string firstValidationError(const std::string& captured) {
  static const std::regex valRe(R"(\[wasm-validator error in ([^\]]*)\] ([^\n]*))");
  std::smatch m;
  if (!std::regex_search(captured, m, valRe)) {
    std::string firstLine = oneLine(captured.substr(0, captured.find('\n')));
    return firstLine.empty() ? "validation failed" : firstLine;
  }
  std::string where = m[1].str(), msg = m[2].str();
  for (const char* pre : {"unexpected false: ", "unexpected true: "})
    if (msg.rfind(pre, 0) == 0) msg = msg.substr(std::strlen(pre));
  while (!msg.empty() && (msg.back() == ' ' || msg.back() == '\r')) msg.pop_back();
  if (msg.size() >= 4 && msg.compare(msg.size() - 4, 4, ", on") == 0) msg.resize(msg.size() - 4);
  return "in " + where + ": " + oneLine(msg);
}

namespace {

// How the probe's process is started: anew when this process is large
// (FreshProbe), or always forked.
enum class ProbeStart { FreshIfLarge, Fork };

ProbeResult probeModuleOnce(const std::vector<char>& bytes, BinaryenFeatures features,
                            std::optional<std::chrono::steady_clock::time_point> deadline, ProbeStart start) {
  ProbeResult res;
  int capFd = anonymousTempFd();
  int pfd[2];
  if (capFd < 0 || pipe(pfd) != 0)
    throw CliError(kExitInternal, "", "cannot create a temp file or pipe: " + errnoText(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  std::cout.flush();
  std::cerr.flush();
  pid_t pid = -1;
  if (start == ProbeStart::FreshIfLarge && !freshProbe().executable.empty() &&
      residentPrivateBytes() > freshProbe().aboveBytes)
    pid = spawnFreshProbe(bytes, features, capFd, pfd[1]);
  const bool fresh = pid >= 0;
  if (pid < 0) pid = fork();
  if (pid < 0) throw CliError(kExitInternal, "", "fork failed: " + errnoText(errno));
  if (pid == 0) {
    // Child: everything Binaryen prints goes into the capture file.
    close(pfd[0]);
    dup2(capFd, 1);
    dup2(capFd, 2);
    std::string answer = answerInChild(bytes, features, capFd);
    writeAllFd(pfd[1], answer.data(), answer.size());
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(0);
  }
  close(pfd[1]);
  if (deadline) {
    // The answer comes when the child is done: wait for it until the deadline.
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      struct pollfd pf{pfd[0], POLLIN, 0};
      int pr = left.count() > 0 ? poll(&pf, 1, int(std::min<int64_t>(left.count(), 1000))) : 0;
      if (pr < 0 && errno == EINTR) continue;
      if (pr != 0) break;
      if (std::chrono::steady_clock::now() < *deadline) continue;
      kill(pid, SIGKILL);
      int st = 0;
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
      close(pfd[0]);
      close(capFd);
      res.kind = ProbeResult::Kind::Timeout;
      res.message = "the module time limit (--module-time-limit) ran out while reading the module; nothing written";
      return res;
    }
  }
  std::string answer = readAllFd(pfd[0]);
  close(pfd[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  std::string captured = readAllFd(capFd);
  close(capFd);
  // A program started anew that gives no answer did not run as the probe
  // (under valgrind, /proc/self/exe is valgrind, which refuses to run it):
  // a forked probe answers instead.
  if (fresh && answer.empty() && !WIFSIGNALED(status)) return probeModuleOnce(bytes, features, deadline, ProbeStart::Fork);

  if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !answer.empty()) {
    if (answer.rfind("OK ", 0) == 0) {
      std::string rest = answer.substr(3);
      size_t sp = rest.find(' ');
      res.nestingDepth = std::strtoull(rest.c_str(), nullptr, 10);
      if (sp != std::string::npos) res.deepestFunction = rest.substr(sp + 1, rest.size() - sp - 2);
      return res;
    }
    if (answer.rfind("NOMEM", 0) == 0) {
      res.kind = ProbeResult::Kind::Malformed;
      res.message = "malformed module: out of memory while reading it (a count far beyond what the module holds?)";
      return res;
    }
    if (answer.rfind("EXCEPTION ", 0) == 0) {
      res.kind = ProbeResult::Kind::Malformed;
      res.message = "malformed module: " + oneLine(answer.substr(10));
      return res;
    }
    if (answer.rfind("FEATURES ", 0) == 0) {
      res.missing = static_cast<BinaryenFeatures>(std::strtoul(answer.c_str() + 9, nullptr, 10));
      if (res.missing) {
        res.kind = ProbeResult::Kind::MissingFeatures;
        bool plural = (res.missing & (res.missing - 1)) != 0;
        res.message = "module uses " + featureNames(res.missing) + ", which " +
                      (plural ? "are" : "is") + " not enabled (use " + enableFlags(res.missing) +
                      ", or --all-features)";
        return res;
      }
    }
    res.kind = ProbeResult::Kind::Invalid;
    res.message = "invalid module: " + firstValidationError(captured);
    return res;
  }
  if (WIFSIGNALED(status)) {
    res.kind = ProbeResult::Kind::Crashed;
    res.message = "Binaryen crashed reading the module (signal " + std::to_string(WTERMSIG(status)) +
                  ": " + strsignal(WTERMSIG(status)) + "); it is probably malformed";
    return res;
  }
  res.kind = ProbeResult::Kind::Malformed;
  res.message = describeParseFailure(captured);
  return res;
}

} // namespace

ProbeResult probeModule(const std::vector<char>& bytes, BinaryenFeatures features,
                        std::optional<std::chrono::steady_clock::time_point> deadline) {
  return probeModuleOnce(bytes, features, deadline, ProbeStart::FreshIfLarge);
}

} // namespace eqsat::cli
