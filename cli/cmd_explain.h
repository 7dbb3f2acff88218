// `sockscope explain`: what one socket's state means, how it got there, what
// happens next and when, and what to do; or, with --state alone, a state in general.
#pragma once

#include <CLI/CLI.hpp>

#include "explain/explain_target.h"
#include "global_options.h"

namespace sockscope::cli {

struct ExplainArgs {
  TargetArgs target;
};

CLI::App* add_explain_command(CLI::App& app, ExplainArgs& args);

// Throws UsageError on a bad or ambiguous selection. Exit 1 when no socket
// matches, or when several do (they are listed so the user can narrow).
int run_explain(const ExplainArgs& args, const GlobalOptions& global);

}  // namespace sockscope::cli
