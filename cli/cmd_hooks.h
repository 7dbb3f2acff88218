// `sockscope hooks test [KIND]`: sends a clearly marked test event through
// the hooks configured in sockscoped.toml and says what each one did.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "global_options.h"

namespace sockscope::cli {

struct HooksArgs {
  std::string kind;  // empty: every hook
};

// The `hooks` command and its `test` subcommand; returns `hooks`.
CLI::App* add_hooks_command(CLI::App& app, HooksArgs& args);

// The hooks come from --config FILE, else /etc/sockscope/sockscoped.toml.
// Exit 0 when every hook run exited 0; 1 when one failed, timed out or
// could not start, when no hook is configured or none takes the event, or
// when the file cannot be read; a UsageError for an unknown KIND. SIGINT,
// SIGTERM or SIGHUP kills the hook running then, and the command exits 128
// plus the signal's number (130 for a Ctrl-C) without running the rest.
int run_hooks_test(const HooksArgs& args, const GlobalOptions& global);

}  // namespace sockscope::cli
