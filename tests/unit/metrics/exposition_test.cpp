// The exposition writer: HELP/TYPE lines, label escaping, value formatting.
#include "metrics/exposition.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace sockscope::metrics {
namespace {

TEST(Exposition, WritesHelpTypeAndSamples) {
  Exposition out;
  out.family("sockscope_things", MetricType::Gauge, "Things.");
  out.sample({{"kind", "a"}}, uint64_t{3});
  out.sample({{"kind", "b"}, {"port", "80"}}, int64_t{-1});
  out.family("sockscope_events_total", MetricType::Counter, "Events.");
  out.sample(uint64_t{7});
  EXPECT_EQ(out.text(),
            "# HELP sockscope_things Things.\n"
            "# TYPE sockscope_things gauge\n"
            "sockscope_things{kind=\"a\"} 3\n"
            "sockscope_things{kind=\"b\",port=\"80\"} -1\n"
            "# HELP sockscope_events_total Events.\n"
            "# TYPE sockscope_events_total counter\n"
            "sockscope_events_total 7\n");
}

TEST(Exposition, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(escape_label_value("plain (comm) 1"), "plain (comm) 1");
  EXPECT_EQ(escape_help("line\\one\ntwo \"quoted\""), "line\\\\one\\ntwo \"quoted\"");

  Exposition out;
  out.family("sockscope_x", MetricType::Gauge, "X.");
  out.sample({{"comm", "we\"ird\\"}}, 1.5);
  EXPECT_EQ(out.text().substr(out.text().find("sockscope_x{")), "sockscope_x{comm=\"we\\\"ird\\\\\"} 1.5\n");
}

TEST(Exposition, ALabelValueIsAlwaysValidUtf8) {
  // The kernel keeps 15 bytes of a process name, here "aサーバー処理" cut
  // inside 処: the two bytes left of it become U+FFFD each.
  const std::string cut = "a\xe3\x82\xb5\xe3\x83\xbc\xe3\x83\x90\xe3\x83\xbc\xe5\x87";
  ASSERT_EQ(cut.size(), 15u);
  EXPECT_EQ(escape_label_value(cut), "aサーバー\ufffd\ufffd");
  EXPECT_EQ(escape_label_value("whole サーバー"), "whole サーバー") << "valid UTF-8 passes untouched";
  EXPECT_EQ(escape_label_value("\xff\"x\xc0\xaf"), "\ufffd\\\"x\ufffd\ufffd") << "stray, escaped and overlong";

  Exposition out;
  out.family("sockscope_x", MetricType::Gauge, "X.");
  out.sample({{"comm", cut}}, uint64_t{2});
  EXPECT_EQ(out.text().substr(out.text().find("sockscope_x{")), "sockscope_x{comm=\"aサーバー\ufffd\ufffd\"} 2\n");
}

TEST(Exposition, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(3.0), "3");
  EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(std::stod(format_value(1.0 / 3.0)), 1.0 / 3.0);
}

}  // namespace
}  // namespace sockscope::metrics
