// sockscoped: the daemon. Parses flags and the config, then runs the event
// loop in the foreground (systemd or a terminal supervises it).
// Exit status: 0 stopped by a signal, 1 a runtime failure (socket, netlink),
// 2 a bad command line or configuration.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <malloc.h>
#include <string>
#include <vector>

#include "alert/exec_capabilities.h"
#include "daemon.h"
#include "log.h"
#include "settings.h"
#include "version.h"

namespace sockscope::daemon {

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// The one place the daemon prints without its logger: before there is a config.
void print_usage_error(std::string_view message) { fmt::print(stderr, "sockscoped: {}\n", message); }

int run(int argc, char** argv) {
  CLI::App app{"sockscoped: polls the kernel's sockets and serves them over a Unix socket.", "sockscoped"};
  CommandLine command_line;
  std::string socket_path;
  std::string interval;
  std::string metrics_listen;
  std::string metrics_textfile;
  app.set_version_flag("--version", fmt::format("sockscoped {}", kVersion));
  app.add_option("--socket", socket_path, "Unix socket to listen on (default /run/sockscope/sockscoped.sock)")
      ->type_name("PATH");
  app.add_option("--interval", interval, "Seconds between polls; fractions allowed")->type_name("SECONDS");
  app.add_option("--metrics-listen", metrics_listen,
                 "Serve Prometheus metrics over HTTP at ADDR:PORT (127.0.0.1:9977, [::1]:9977); off by default")
      ->type_name("ADDR:PORT");
  app.add_option("--metrics-textfile", metrics_textfile,
                 "After each poll write the metrics to PATH (for node_exporter's textfile collector)")
      ->type_name("PATH");
  app.add_option("--config", command_line.config_path, "Configuration file")->capture_default_str()->type_name("FILE");
  app.add_option("--set", command_line.sets, "Override one configuration key: SECTION.KEY=VALUE (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_usage_error(e.what());
    return kExitUsage;
  }
  command_line.config_given = app.count("--config") > 0;
  if (app.count("--socket") > 0) command_line.socket_path = socket_path;
  if (app.count("--interval") > 0) command_line.interval = interval;
  if (app.count("--metrics-listen") > 0) command_line.metrics_listen = metrics_listen;
  if (app.count("--metrics-textfile") > 0) command_line.metrics_textfile = metrics_textfile;

  auto config = resolve_config(command_line);
  if (!config) {
    print_usage_error(config.error().describe());
    return kExitUsage;
  }

  Logger log;
  // The capabilities the daemon was started with (the unit's ambient ones)
  // are for its own use: hooks must start with none. Done before any thread
  // or hook exists, since capabilities are per thread.
  if (auto cleared = alert::clear_ambient_and_inheritable_capabilities(); !cleared) {
    log.warning("hooks may inherit the daemon's capabilities: {}", cleared.error().describe());
  }
  auto daemon = Daemon::open(std::move(command_line), std::move(*config), log);
  if (!daemon) {
    log.error("{}", daemon.error().describe());
    return kExitFailure;
  }
  return (*daemon)->run();
}

}  // namespace

}  // namespace sockscope::daemon

int main(int argc, char** argv) {
  // A fixed threshold: buffers of a megabyte or more (a snapshot's records, a
  // large answer) are mapped and unmapped on their own, so memory freed after
  // a large answer goes back to the system. glibc's default threshold grows
  // after such frees and then keeps tens of megabytes of free heap resident.
  ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
  return sockscope::daemon::run(argc, argv);
}
