#include "config/value_checks.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <sstream>

namespace sockscope::config {

namespace {

// Long strings are cut so a pasted blob cannot flood a log line.
constexpr size_t kMaxShown = 60;

std::string number_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  size_t shown = 0;
  for (char c : text) {
    if (shown++ == kMaxShown) {
      out += "...";
      break;
    }
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

Error expected(std::string_view what, const toml::node& node) {
  return make_error("expected " + std::string(what) + ", got " + describe_value(node));
}

std::string number_expectation(NumberRange range) {
  if (range.min_exclusive) return "a number > " + number_text(range.min) + " and <= " + number_text(range.max);
  return "a number from " + number_text(range.min) + " to " + number_text(range.max);
}

std::string integer_expectation(IntegerRange range) {
  if (range.max == std::numeric_limits<int64_t>::max()) return "an integer >= " + std::to_string(range.min);
  return "an integer from " + std::to_string(range.min) + " to " + std::to_string(range.max);
}

bool is_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return false;
  unsigned port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  return port >= 1 && port <= 65535;
}

bool is_address(std::string_view text, int family) {
  std::string address(text);  // inet_pton wants a C string
  unsigned char buffer[sizeof(in6_addr)];
  return address.find('\0') == std::string::npos && ::inet_pton(family, address.c_str(), buffer) == 1;
}

bool is_listen_address(std::string_view text) {
  if (text.starts_with('[')) {
    size_t close = text.find("]:");
    return close != std::string_view::npos && is_address(text.substr(1, close - 1), AF_INET6) &&
           is_port(text.substr(close + 2));
  }
  size_t colon = text.rfind(':');
  return colon != std::string_view::npos && is_address(text.substr(0, colon), AF_INET) &&
         is_port(text.substr(colon + 1));
}

}  // namespace

std::string describe_value(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return quoted(node.as_string()->get());
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    default: {
      // floats (inf and nan included), booleans, dates and times as TOML writes them
      std::ostringstream out;
      node.visit([&out](const auto& value) { out << value; });
      return out.str();
    }
  }
}

Result<double> read_number(const toml::node& node, NumberRange range) {
  double v;
  if (const auto* i = node.as_integer()) {
    v = static_cast<double>(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    v = f->get();
  } else {
    return expected(number_expectation(range), node);
  }
  // written so NaN fails every comparison and is rejected
  bool above_min = range.min_exclusive ? v > range.min : v >= range.min;
  if (!(above_min && v <= range.max)) return expected(number_expectation(range), node);
  return v;
}

Result<int64_t> read_integer(const toml::node& node, IntegerRange range) {
  const auto* i = node.as_integer();
  if (i == nullptr || i->get() < range.min || i->get() > range.max) {
    return expected(integer_expectation(range), node);
  }
  return i->get();
}

Result<bool> read_bool(const toml::node& node) {
  const auto* b = node.as_boolean();
  if (b == nullptr) return expected("true or false", node);
  return b->get();
}

Result<std::string> read_name(const toml::node& node) {
  const auto* s = node.as_string();
  if (s == nullptr || s->get().empty() || s->get().find('\0') != std::string::npos) {
    return expected("a non-empty string", node);
  }
  return s->get();
}

Result<std::string> read_absolute_path(const toml::node& node, size_t max_bytes) {
  const auto* s = node.as_string();
  const std::string what = "an absolute path shorter than " + std::to_string(max_bytes) + " bytes";
  if (s == nullptr) return expected(what, node);
  const std::string& path = s->get();
  if (path.empty() || path.front() != '/' || path.size() >= max_bytes || path.find('\0') != std::string::npos) {
    return expected(what, node);
  }
  return path;
}

Result<std::string> read_listen_address(const toml::node& node) {
  const auto* s = node.as_string();
  if (s == nullptr || !is_listen_address(s->get())) {
    return expected("ADDR:PORT with an IPv4 address or a bracketed IPv6 address and a port from 1 to 65535 "
                    "(\"127.0.0.1:9977\", \"[::1]:9977\")",
                    node);
  }
  return s->get();
}

Result<std::string> read_choice(const toml::node& node, std::span<const std::string_view> choices) {
  std::string what = "one of";
  for (size_t i = 0; i < choices.size(); ++i) {
    what += (i == 0 ? " " : ", ");
    what += choices[i];
  }
  if (const auto* s = node.as_string()) {
    for (std::string_view choice : choices) {
      if (s->get() == choice) return s->get();
    }
  }
  return expected(what, node);
}

}  // namespace sockscope::config
