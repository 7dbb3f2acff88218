#include "cmd_hooks.h"

#include <fmt/format.h>
#include <signal.h>
#include <string.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>

#include "alert/command_text.h"
#include "alert/hook_event.h"
#include "alert/hook_match.h"
#include "alert/hook_process.h"
#include "alert/hook_wait.h"
#include "config/config.h"
#include "detect/detector.h"
#include "output.h"
#include "usage_error.h"
#include "util/signal_reader.h"

namespace sockscope::cli {

namespace {

constexpr std::string_view kTestKind = "test";
// A program that stops on a signal exits 128 plus its number, as a shell reports it.
constexpr int kExitSignalBase = 128;

std::string known_kinds() {
  std::string list;
  for (const DetectorInfo& d : detectors()) {
    if (!list.empty()) list += ", ";
    list += d.kind;
  }
  return list;
}

Finding test_finding(std::string_view kind) {
  Finding f;
  f.kind = std::string(kind);
  f.id = std::string(kind) + ":sockscope-hooks-test";
  f.severity = alert::kTestSeverity;
  f.subject = "sockscope hooks test";
  f.summary = "TEST: a test event from `sockscope hooks test`; nothing is wrong";
  f.advice = "This event only checks that the hook runs; there is nothing to do.";
  f.evidence = {{"test", true}};
  f.since = std::chrono::system_clock::now();
  return f;
}

std::string first_line(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  for (char& c : line) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // no terminal control from a hook's output
  }
  return line;
}

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

std::chrono::nanoseconds timeout_of(const HookConfig& hook) {
  return std::chrono::nanoseconds(static_cast<int64_t>(std::llround(hook.timeout_s * 1e9)));
}

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

enum class RunResult { Succeeded, Failed, Interrupted };

// One line: what the hook did and the first line of its stderr. A signal
// on `signals` stops the hook (its group gets SIGKILL) and names the signal.
RunResult run_one(size_t number, const HookConfig& hook, const alert::HookEvent& event, SignalReader& signals,
                  std::optional<int>& interrupted_by, fmt::memory_buffer& out) {
  const std::string command = alert::command_text(hook.command);
  auto process = alert::HookProcess::spawn(hook.command, alert::hook_environment(event, alert::inherited_environment()),
                                           alert::event_json(event), /*capture_stderr=*/true);
  if (!process) {
    fmt::format_to(std::back_inserter(out), "hook {}: {}: could not start: {}\n", number, command,
                   process.error().err != 0 ? std::strerror(process.error().err) : process.error().message);
    return RunResult::Failed;
  }
  alert::HookOutcome outcome = alert::wait_for_hook(*process, timeout_of(hook), signals.fd());
  std::string result;
  if (outcome.interrupted) {
    interrupted_by = signals.next();
    result = fmt::format("interrupted by {}, {}", signal_name(interrupted_by.value_or(SIGINT)),
                         alert::describe(outcome.status));
  } else if (outcome.timed_out) {
    result = fmt::format("timed out after {} s ({})", hook.timeout_s, alert::describe(outcome.status));
  } else {
    result = alert::describe(outcome.status);
  }
  fmt::format_to(std::back_inserter(out), "hook {}: {}: {} in {:.2f} s", number, command, result,
                 seconds(outcome.duration));
  std::string said = first_line(outcome.captured_stderr);
  if (!said.empty()) fmt::format_to(std::back_inserter(out), "; stderr: {}", said);
  out.push_back('\n');
  if (outcome.interrupted) return RunResult::Interrupted;
  return !outcome.timed_out && outcome.status.success() ? RunResult::Succeeded : RunResult::Failed;
}

std::string why_not_run(const HookConfig& hook, const std::string& kind) {
  if (!kind.empty() && !hook.kinds.empty() &&
      std::find(hook.kinds.begin(), hook.kinds.end(), kind) == hook.kinds.end()) {
    return "kinds do not include " + kind;
  }
  return "min_severity " + std::string(severity_name(hook.min_severity)) + " is above a test's warning";
}

}  // namespace

CLI::App* add_hooks_command(CLI::App& app, HooksArgs& args) {
  CLI::App* hooks = app.add_subcommand("hooks", "The daemon's hook commands (config [[hooks]])");
  hooks->require_subcommand(1, 1);
  CLI::App* test = hooks->add_subcommand(
      "test", "Send a test event (marked test, summary starting TEST:) through the configured hooks and report "
              "what each did; KIND: only the hooks that take that finding kind");
  test->add_option("KIND", args.kind, "A finding kind, e.g. close_wait_buildup");
  return hooks;
}

int run_hooks_test(const HooksArgs& args, const GlobalOptions& global) {
  if (global.json) throw UsageError("hooks test: --json is not supported; it prints one line per hook");
  if (!args.kind.empty() && find_detector(args.kind) == nullptr) {
    throw UsageError("hooks test: unknown kind '" + args.kind + "' (expected one of: " + known_kinds() + ")");
  }
  const std::string path = global.config_path.empty() ? std::string(kDefaultConfigPath) : global.config_path;
  auto config = load_config(path, /*missing_ok=*/false);
  if (!config) {
    if (config.error().err == ENOENT) {
      fmt::print("No hooks are configured: {} does not exist.\n", path);
    } else {
      print_error(config.error().describe());
    }
    return kExitFailure;
  }
  if (config->hooks.empty()) {
    fmt::print("No hooks are configured in {}.\n", path);
    return kExitFailure;
  }

  std::optional<std::string_view> kind;
  if (!args.kind.empty()) kind = args.kind;
  const std::vector<size_t> chosen = alert::hooks_for_test(config->hooks, kind);
  const alert::HookEvent event{alert::HookEventType::Test, test_finding(kind.value_or(kTestKind)), alert::host_name(),
                               std::chrono::system_clock::now()};
  // The hooks run in process groups of their own, out of the terminal's
  // reach: a Ctrl-C (or a SIGTERM, a hang-up) must end the running hook
  // here, not leave it behind this program.
  auto signals = SignalReader::create({SIGINT, SIGTERM, SIGHUP});
  if (!signals) {
    print_error(signals.error().describe());
    return kExitFailure;
  }
  StdoutStream stream;
  fmt::memory_buffer out;
  bool all_good = !chosen.empty();
  for (size_t i = 0; i < config->hooks.size(); ++i) {
    const HookConfig& hook = config->hooks[i];
    if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) {
      fmt::format_to(std::back_inserter(out), "hook {}: {}: not run ({})\n", i + 1, alert::command_text(hook.command),
                     why_not_run(hook, args.kind));
    } else {
      std::optional<int> interrupted_by;
      const RunResult result = run_one(i + 1, hook, event, *signals, interrupted_by, out);
      if (result == RunResult::Interrupted) {
        stream.finish(out);
        return kExitSignalBase + interrupted_by.value_or(SIGINT);
      }
      all_good = result == RunResult::Succeeded && all_good;
    }
    stream.write(out);  // each line as soon as its hook is done
  }
  if (chosen.empty()) {
    fmt::format_to(std::back_inserter(out), "No hook takes this test event.\n");
  }
  int written = stream.finish(out);
  return written != kExitOk ? written : (all_good ? kExitOk : kExitFailure);
}

}  // namespace sockscope::cli
