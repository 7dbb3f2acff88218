// The [[hooks]] array of tables: each table one HookConfig. Kept apart from
// the key table (config_keys.h) because a hook is a record of several keys,
// and there can be any number of them.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"
#include "config/config_problem.h"

namespace sockscope::config {

// The keys a [[hooks]] table takes, in the order the docs list them.
std::span<const std::string_view> hook_key_names();

// Reads the value of the top-level "hooks" key into `hooks` (replacing what
// was there) when it is all good; otherwise leaves `hooks` alone and appends
// every problem, each at the line of the offending key or table.
void read_hooks(const toml::node& node, std::vector<HookConfig>& hooks, std::vector<ConfigProblem>& problems);

}  // namespace sockscope::config
