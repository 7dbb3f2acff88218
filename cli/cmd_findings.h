// `sockscope findings`: what is wrong, worst first.
#pragma once

#include <CLI/CLI.hpp>

#include "global_options.h"

namespace sockscope::cli {

CLI::App* add_findings_command(CLI::App& app);
int run_findings(const GlobalOptions& global);

}  // namespace sockscope::cli
