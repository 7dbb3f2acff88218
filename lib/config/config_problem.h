// One thing wrong in a config file, and where: the parser collects these and
// reports the one on the earliest line.
#pragma once

#include <string>

#include <toml++/toml.h>

namespace sockscope::config {

struct ConfigProblem {
  toml::source_position at;
  std::string text;  // "daemon.interval_s: expected ..."
};

}  // namespace sockscope::config
