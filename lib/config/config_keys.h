// The table of every configuration key: its dotted path and how a TOML value
// becomes a DaemonConfig field. Adding a key is one entry in config_keys.cpp;
// the file parser, --set and the section checks all read this table.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "config/config.h"
#include "util/result.h"

namespace sockscope::config {

struct ConfigKey {
  std::string_view path;  // "daemon.interval_s"
  bool takes_string;      // --set may give a bare word for it
  // Checks the value and sets the field; on Error the config is untouched and
  // the message says what was expected.
  std::function<Result<void>(const toml::node&, DaemonConfig&)> apply;
};

std::span<const ConfigKey> config_keys();

// nullptr when no key has this path.
const ConfigKey* find_config_key(std::string_view path);

// True when `path` names a table some key lives in ("daemon", and later
// "detectors.tcp" and the like).
bool is_config_section(std::string_view path);

// The keys directly inside `section`, comma-separated, for "unknown key" errors.
std::string keys_in_section(std::string_view section);

// The sections directly inside `section` ("" for the top level),
// comma-separated, for "unknown section" errors.
std::string sections_in(std::string_view section);

}  // namespace sockscope::config
