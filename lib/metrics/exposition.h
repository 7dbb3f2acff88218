// Builds text in the Prometheus exposition format (version 0.0.4, what
// promtool and every Prometheus server read): per family a "# HELP" and a
// "# TYPE" line, then its samples, label values escaped. Pure: no I/O.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sockscope::metrics {

struct Label {
  std::string_view name;
  std::string_view value;  // any bytes; escaped on output, invalid UTF-8 replaced
};

enum class MetricType { Gauge, Counter };

class Exposition {
 public:
  // Starts a family. Each name once per text; a counter's name ends in _total.
  void family(std::string_view name, MetricType type, std::string_view help);

  // A sample of the family last started.
  void sample(std::initializer_list<Label> labels, double value);
  void sample(std::initializer_list<Label> labels, int64_t value);
  void sample(std::initializer_list<Label> labels, uint64_t value);
  void sample(double value) { sample({}, value); }
  void sample(int64_t value) { sample({}, value); }
  void sample(uint64_t value) { sample({}, value); }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void begin_sample(std::initializer_list<Label> labels);

  std::string out_;
  std::string name_;
};

// A label value with backslash, double quote and newline escaped, and each
// byte that is not valid UTF-8 replaced by U+FFFD (render/json_string.h).
std::string escape_label_value(std::string_view value);
// HELP text with backslash and newline escaped.
std::string escape_help(std::string_view help);
// A sample value as Prometheus parses it: "NaN", "+Inf", "-Inf", or the
// shortest decimal that reads back as the same double.
std::string format_value(double value);

}  // namespace sockscope::metrics
