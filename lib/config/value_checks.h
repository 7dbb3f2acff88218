// Typed readers for one TOML value: each checks type and bounds and returns
// the value, or an Error whose message is "expected ..., got ...". The
// caller adds where (file and line, or the --set text) and which key.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "util/result.h"

namespace sockscope::config {

struct NumberRange {
  double min;
  double max;
  bool min_exclusive = false;  // "> min" rather than ">= min"
};

struct IntegerRange {
  int64_t min;
  int64_t max = std::numeric_limits<int64_t>::max();  // the max means "no upper bound"
};

// A finite float or an integer (interval_s = 1 is a number too).
Result<double> read_number(const toml::node& node, NumberRange range);
Result<int64_t> read_integer(const toml::node& node, IntegerRange range);
Result<bool> read_bool(const toml::node& node);
// A non-empty string without NUL bytes.
Result<std::string> read_name(const toml::node& node);
// An absolute path shorter than `max_bytes` (a socket path must fit sun_path).
Result<std::string> read_absolute_path(const toml::node& node, size_t max_bytes);
// "ADDR:PORT": a dotted IPv4 address or a bracketed IPv6 address, and a
// port from 1 to 65535 ("127.0.0.1:9977", "[::1]:9977"). No host names.
Result<std::string> read_listen_address(const toml::node& node);
// One of `choices`, exactly.
Result<std::string> read_choice(const toml::node& node, std::span<const std::string_view> choices);

// The value as an error message shows it: strings double-quoted and cut when
// long, tables and arrays by kind.
std::string describe_value(const toml::node& node);

}  // namespace sockscope::config
