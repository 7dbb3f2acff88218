#include "metrics/exposition.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

#include "render/json_string.h"

namespace sockscope::metrics {

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  // A label value must be UTF-8: one invalid byte makes Prometheus reject
  // the whole scrape.
  for (char c : valid_utf8(value)) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

void Exposition::family(std::string_view name, MetricType type, std::string_view help) {
  name_ = name;
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help), name,
                 type == MetricType::Counter ? "counter" : "gauge");
}

void Exposition::begin_sample(std::initializer_list<Label> labels) {
  out_ += name_;
  if (labels.size() == 0) {
    out_ += ' ';
    return;
  }
  char separator = '{';
  for (const Label& label : labels) {
    out_ += separator;
    out_ += label.name;
    out_ += "=\"";
    out_ += escape_label_value(label.value);
    out_ += '"';
    separator = ',';
  }
  out_ += "} ";
}

void Exposition::sample(std::initializer_list<Label> labels, double value) {
  begin_sample(labels);
  out_ += format_value(value);
  out_ += '\n';
}

void Exposition::sample(std::initializer_list<Label> labels, int64_t value) {
  begin_sample(labels);
  fmt::format_to(std::back_inserter(out_), "{}\n", value);
}

void Exposition::sample(std::initializer_list<Label> labels, uint64_t value) {
  begin_sample(labels);
  fmt::format_to(std::back_inserter(out_), "{}\n", value);
}

}  // namespace sockscope::metrics
