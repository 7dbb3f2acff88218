#include "settings.h"

#include <string_view>

#include <toml++/toml.h>

#include "config/config_keys.h"
#include "metrics_address.h"

namespace sockscope::daemon {

namespace {

// apply_override names the assignment as "--set K=V: "; for --interval, name
// the flag the user actually typed.
Error renamed(const Error& error, const std::string& assignment, const std::string& flag) {
  std::string message = error.message;
  const std::string prefix = "--set " + assignment + ": ";
  if (message.starts_with(prefix)) message = flag + ": " + message.substr(prefix.size());
  return Error{message, error.err};
}

}  // namespace

Result<DaemonConfig> resolve_config(const CommandLine& command_line) {
  auto config = load_config(command_line.config_path, !command_line.config_given);
  if (!config) return config.error();  // names the file (and line); print with describe()
  for (const std::string& assignment : command_line.sets) {
    if (auto applied = apply_override(*config, assignment); !applied) return applied.error();
  }
  if (command_line.interval) {
    const std::string assignment = "daemon.interval_s=" + *command_line.interval;
    if (auto applied = apply_override(*config, assignment); !applied) {
      return renamed(applied.error(), assignment, "--interval " + *command_line.interval);
    }
  }
  if (command_line.socket_path) config->socket_path = *command_line.socket_path;
  if (command_line.metrics_listen) config->metrics.listen = *command_line.metrics_listen;
  if (command_line.metrics_textfile) {
    // Checked like the file's metrics.textfile: a relative path would
    // depend on where the daemon was started (/ under systemd).
    const config::ConfigKey* key = config::find_config_key("metrics.textfile");
    const toml::value<std::string> path(*command_line.metrics_textfile);
    if (auto applied = key->apply(path, *config); !applied) {
      return Error{"--metrics-textfile: " + applied.error().message, 0};
    }
  }
  // A malformed address is a configuration error; one that cannot be bound
  // is found when the server starts.
  if (config->metrics.listen) {
    if (auto address = parse_listen_address(*config->metrics.listen); !address) {
      const std::string source = command_line.metrics_listen ? "--metrics-listen: " : "metrics.listen: ";
      return Error{source + address.error().message, 0};
    }
  }
  return config;
}

}  // namespace sockscope::daemon
