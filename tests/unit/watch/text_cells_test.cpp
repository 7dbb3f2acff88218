#include "watch/text_cells.h"

#include <gtest/gtest.h>

#include "watch/line_builder.h"
#include "watch/socket_columns.h"
#include "watch/watch_figures.h"

namespace sockscope::watch_text {
namespace {

TEST(WatchText, PrintableReplacesControlsAndBadBytes) {
  EXPECT_EQ(printable("plain text"), "plain text");
  EXPECT_EQ(printable("tab\there\nnl\x7f"), "tab?here?nl?");
  EXPECT_EQ(printable("caf\xc3\xa9 \xe2\x96\x81"), "café ▁");
  EXPECT_EQ(printable("\xc2\x9b"), "?");          // C1 control (CSI)
  EXPECT_EQ(printable("bad \xff\xfe end"), "bad ?? end");
  EXPECT_EQ(printable("\xc0\xaf"), "??");         // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "???");    // a surrogate
  EXPECT_EQ(printable("cut \xe2\x96"), "cut ??");  // truncated sequence
}

TEST(WatchText, ColumnsOfNarrowText) {
  EXPECT_EQ(columns(""), 0u);
  EXPECT_EQ(columns("abc"), 3u);
  EXPECT_EQ(columns("▁▅█"), 3u);
  EXPECT_EQ(columns("café"), 4u);
}

TEST(WatchText, CutPadAndTail) {
  EXPECT_EQ(cut("▁▅█abc", 4), "▁▅█a");
  EXPECT_EQ(cut("ab", 5), "ab");
  EXPECT_EQ(left("ab", 4), "ab  ");
  EXPECT_EQ(right("ab", 4), "  ab");
  EXPECT_EQ(left("abcdef", 4), "abcd");
  EXPECT_EQ(right("é", 3), "  é");
  EXPECT_EQ(tail("abcdef", 2), "ef");
  EXPECT_EQ(tail("é▁x", 2), "▁x");
  EXPECT_EQ(tail("ab", 5), "ab");
}

TEST(WatchText, CutMiddleKeepsBothEnds) {
  EXPECT_EQ(cut_middle("short", 10), "short");
  EXPECT_EQ(cut_middle("abcdefghij", 7), "abc~hij");
  EXPECT_EQ(cut_middle("abcdefghij", 6), "abc~ij");
  EXPECT_EQ(cut_middle("abcdefghij", 2), "ab");
  EXPECT_EQ(cut_middle("abcdefghij", 0), "");
  EXPECT_EQ(cut_middle("ééééééé", 5), "éé~éé");
}

TEST(WatchText, WithoutLastAndEncoding) {
  EXPECT_EQ(without_last("abc"), "ab");
  EXPECT_EQ(without_last("a€"), "a");
  EXPECT_EQ(without_last(""), "");
  EXPECT_EQ(encode_printable(U'a'), "a");
  EXPECT_EQ(encode_printable(U'é'), "é");
  EXPECT_EQ(encode_printable(U'€'), "€");
  EXPECT_EQ(encode_printable(U'\U0001F600'), "\xf0\x9f\x98\x80");
  EXPECT_EQ(encode_printable(U'\n'), "");
  EXPECT_EQ(encode_printable(U'\x7f'), "");
  EXPECT_EQ(encode_printable(U'\x9b'), "");
  EXPECT_EQ(encode_printable(static_cast<char32_t>(0xD800)), "");
  EXPECT_EQ(encode_printable(static_cast<char32_t>(0x110000)), "");
}

TEST(WatchText, LineBuilderCutsAtTheWidthAndMergesStyles) {
  LineBuilder line(10);
  line.add("abc", Style::Dim).add("def", Style::Dim).add("ghijkl", Style::Info);
  EXPECT_EQ(line.used(), 10u);
  EXPECT_EQ(line.room(), 0u);
  line.add("more");
  line.fill(Style::Selected);
  ScreenLine built = line.take();
  ASSERT_EQ(built.spans.size(), 2u);
  EXPECT_EQ(built.spans[0].text, "abcdef");
  EXPECT_EQ(built.spans[0].style, Style::Dim);
  EXPECT_EQ(built.spans[1].text, "ghij");
  EXPECT_EQ(built.spans[1].style, Style::Info);

  LineBuilder padded(6);
  padded.add("a\x01").pad_to(4, Style::Title).fill(Style::Title);
  ScreenLine p = padded.take();
  ASSERT_EQ(p.spans.size(), 2u);
  EXPECT_EQ(p.spans[0].text, "a?");
  EXPECT_EQ(p.spans[1].text, "    ");
}

TEST(WatchText, TableColumnsShareTheWidth) {
  TableColumns at80 = table_columns(80);
  EXPECT_EQ(at80.endpoint, 14u);
  EXPECT_EQ(at80.process, 12u);
  EXPECT_EQ(at80.width(), 80u);
  TableColumns at81 = table_columns(81);
  EXPECT_EQ(at81.endpoint, 14u);
  EXPECT_EQ(at81.process, 13u);  // the odd column goes to Process
  EXPECT_EQ(at81.width(), 81u);
  TableColumns at40 = table_columns(40);
  EXPECT_EQ(at40.endpoint, 0u);
  EXPECT_EQ(at40.process, 12u);
  EXPECT_EQ(table_columns(200).endpoint, 74u);
}

TEST(WatchText, CompactBytes) {
  EXPECT_EQ(compact_bytes(0), "0B");
  EXPECT_EQ(compact_bytes(512), "512B");
  EXPECT_EQ(compact_bytes(1024), "1.0K");
  EXPECT_EQ(compact_bytes(9728), "9.5K");
  EXPECT_EQ(compact_bytes(962560), "940K");
  EXPECT_EQ(compact_bytes(int64_t{393216} * 4096), "1.5G");
  EXPECT_EQ(compact_bytes(int64_t{5} << 40), "5.0T");
  EXPECT_EQ(compact_bytes(-2048), "-2.0K");
}

TEST(WatchText, FigureTexts) {
  EXPECT_EQ(change_text(0), "");
  EXPECT_EQ(change_text(3), "+3");
  EXPECT_EQ(change_text(-12), "-12");
  EXPECT_EQ(duration_ms(std::chrono::microseconds(3140)), "3.1 ms");
  EXPECT_EQ(severity_tag(Severity::Critical), "CRIT");
  EXPECT_EQ(severity_tag(Severity::Warning), "WARN");
  EXPECT_EQ(severity_tag(Severity::Info), "INFO");
  EXPECT_EQ(severity_style(Severity::Critical), Style::Critical);
  EXPECT_EQ(severity_style(Severity::Warning), Style::Warning);
  EXPECT_EQ(severity_style(Severity::Info), Style::Info);
  std::vector<Finding> findings(3);
  findings[0].severity = Severity::Critical;
  findings[1].severity = Severity::Critical;
  findings[2].severity = Severity::Info;
  EXPECT_EQ(findings_count(findings), "3 (2 critical, 1 info)");
  EXPECT_EQ(findings_count({}), "none");
}

}  // namespace
}  // namespace sockscope::watch_text

namespace sockscope::watch_text {
namespace {

TEST(WatchText, FindingLineNamesTheSubjectOnce) {
  Finding finding;
  finding.kind = "close_wait_buildup";
  finding.severity = Severity::Critical;
  finding.subject = "pid 812 (java)";
  finding.summary = "pid 812 (java) holds 40 CLOSE_WAIT sockets";
  EXPECT_EQ(finding_line(finding, "  "), "CRIT  close_wait_buildup  pid 812 (java) holds 40 CLOSE_WAIT sockets");
  // A summary that does not open with the subject gets it in front.
  finding.summary = "40 sockets in CLOSE_WAIT";
  EXPECT_EQ(finding_line(finding, " "), "CRIT close_wait_buildup pid 812 (java): 40 sockets in CLOSE_WAIT");
  // "SUBJECT: ..." too.
  finding.kind = "shared_listener";
  finding.severity = Severity::Info;
  finding.subject = "0.0.0.0:80";
  finding.summary = "0.0.0.0:80: one listening socket shared by 2 processes";
  EXPECT_EQ(finding_line(finding, " "), "INFO shared_listener 0.0.0.0:80: one listening socket shared by 2 processes");
  finding.kind = "close_wait_buildup";
  finding.severity = Severity::Critical;
  // Only the whole subject counts: "port 80" is not the start of "port 8080 ...".
  finding.subject = "port 80";
  finding.summary = "port 8080 overflows";
  EXPECT_EQ(finding_line(finding, " "), "CRIT close_wait_buildup port 80: port 8080 overflows");
}

}  // namespace
}  // namespace sockscope::watch_text
