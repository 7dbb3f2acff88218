// sockscope: the command line. Parses flags, runs one command, sets the exit
// status: 0 done, 1 the kernel, the output or a needed daemon failed, 2 the
// command line was wrong.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "cmd_check.h"
#include "cmd_explain.h"
#include "cmd_findings.h"
#include "cmd_hooks.h"
#include "cmd_history.h"
#include "cmd_report.h"
#include "cmd_sockets.h"
#include "cmd_status.h"
#include "cmd_watch.h"
#include "global_options.h"
#include "output.h"
#include "usage_error.h"
#include "version.h"

namespace sockscope::cli {

namespace {

// On the program and on each command, so help lists them everywhere and they
// work on either side of the command name.
void add_output_flags(CLI::App& app, GlobalOptions& global) {
  app.add_flag("--json", global.json, "Print JSON instead of text");
  app.add_flag("--direct", global.direct, "Poll the kernel in this process instead of asking the daemon");
  app.add_option("--socket", global.socket_path,
                 "The daemon's socket (default: $SOCKSCOPE_SOCKET, else /run/sockscope/sockscoped.sock)")
      ->type_name("PATH");
  app.add_option("--config", global.config_path,
                 "Detector thresholds from this sockscoped.toml for findings, explain and the report, "
                 "which then poll directly")
      ->type_name("FILE");
}

GlobalOptions default_options() {
  GlobalOptions global;
  if (const char* path = std::getenv(kSocketPathEnv); path != nullptr && *path != '\0') global.socket_path = path;
  return global;
}

// CLI11 leaves what it could not place in remaining(); name the first of it.
[[noreturn]] void reject_leftovers(const std::vector<std::string>& leftovers, bool have_command) {
  const std::string& first = leftovers.front();
  if (!first.empty() && first[0] == '-') throw UsageError("unknown option '" + first + "'");
  if (!have_command) {
    throw UsageError("unknown command '" + first + "' (expected one of: sockets, status, history, findings, explain, watch, hooks, check)");
  }
  throw UsageError("unexpected argument '" + first + "'");
}

int run(int argc, char** argv) {
  CLI::App app{"Linux connection diagnostics. With no command: the triage report.", "sockscope"};
  // Subcommands hand unknown flags up (--version after a command works too);
  // what nobody takes ends up in remaining().
  app.fallthrough();
  app.allow_extras();
  app.require_subcommand(0, 1);
  GlobalOptions global = default_options();
  add_output_flags(app, global);
  app.set_version_flag("--version", fmt::format("sockscope {}", kVersion));
  SocketsArgs sockets_args;
  CLI::App* sockets = add_sockets_command(app, sockets_args);
  CLI::App* status = add_status_command(app);
  HistoryArgs history_args;
  CLI::App* history = add_history_command(app, history_args);
  ExplainArgs explain_args;
  CLI::App* explain = add_explain_command(app, explain_args);
  CLI::App* findings = add_findings_command(app);
  WatchArgs watch_args;
  CLI::App* watch = add_watch_command(app, watch_args);
  HooksArgs hooks_args;
  CLI::App* hooks = add_hooks_command(app, hooks_args);
  CLI::App* hooks_test = hooks->get_subcommand("test");
  CheckArgs check_args;
  CLI::App* check = add_check_command(app, check_args);
  const auto commands = {sockets, status, history, findings, explain, watch, hooks, hooks_test, check};
  for (CLI::App* command : commands) add_output_flags(*command, global);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (check->parsed()) return check_usage_error(e.what());  // plugins say UNKNOWN (3)
    throw UsageError(e.what());
  }
  if (check->parsed()) {
    try {
      if (!check->remaining().empty()) reject_leftovers(check->remaining(), true);
      if (!app.remaining().empty()) reject_leftovers(app.remaining(), true);
    } catch (const UsageError& e) {
      return check_usage_error(e.what());
    }
    return run_check(check_args, global);
  }
  bool have_command = false;
  for (CLI::App* command : commands) {
    if (!command->remaining().empty()) reject_leftovers(command->remaining(), true);
    have_command = have_command || command->parsed();
  }
  if (!app.remaining().empty()) reject_leftovers(app.remaining(), have_command);

  if (sockets->parsed()) return run_sockets(sockets_args, global);
  if (status->parsed()) return run_status(global);
  if (history->parsed()) return run_history(history_args, global);
  if (explain->parsed()) return run_explain(explain_args, global);
  if (findings->parsed()) return run_findings(global);
  if (watch->parsed()) return run_watch(watch_args, global);
  if (hooks->parsed()) return run_hooks_test(hooks_args, global);
  return run_report(global);
}

}  // namespace

}  // namespace sockscope::cli

int main(int argc, char** argv) {
  using namespace sockscope::cli;
  try {
    return run(argc, argv);
  } catch (const UsageError& e) {
    print_error(e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    // Caught rather than left to std::terminate, so the stack unwinds and
    // destructors run: watch's terminal is restored before this is printed.
    print_error(std::string("unexpected error: ") + e.what());
    return kExitFailure;
  }
}
