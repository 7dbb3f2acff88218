#include "global_options.h"

#include "config/config.h"
#include "usage_error.h"

namespace sockscope::cli {

DetectorsConfig detectors_config(const GlobalOptions& global) {
  if (global.config_path.empty()) return DetectorsConfig{};
  auto config = load_config(global.config_path, /*missing_ok=*/false);
  if (!config) throw UsageError("--config: " + config.error().describe());
  return config->detectors;
}

DaemonConfig daemon_config(const GlobalOptions& global) {
  if (global.config_path.empty()) return DaemonConfig{};
  auto config = load_config(global.config_path, /*missing_ok=*/false);
  if (!config) throw UsageError("--config: " + config.error().describe());
  return std::move(*config);
}

}  // namespace sockscope::cli
