#include "filter/filter_words.h"

#include <gtest/gtest.h>

#include "filter/state_selector.h"

namespace sockscope {
namespace {

FilterArgs words_of(std::string_view line) {
  auto parsed = parse_filter_words(line);
  EXPECT_TRUE(parsed.ok()) << line << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : FilterArgs{};
}

std::string error_of(std::string_view line) {
  auto parsed = parse_filter_line(line);
  EXPECT_FALSE(parsed.ok()) << line;
  return parsed.ok() ? std::string() : parsed.error().message;
}

TEST(FilterWords, EmptyLineIsNoFilter) {
  for (std::string_view line : {"", "   ", "\t "}) {
    FilterArgs args = words_of(line);
    EXPECT_TRUE(args.states.empty());
    EXPECT_FALSE(args.tcp || args.udp || args.ipv4 || args.ipv6);
    EXPECT_FALSE(args.sport || args.dport || args.src || args.dst || args.process);
  }
  auto parsed = parse_filter_line("");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->filter.states, kAllStates);
  EXPECT_TRUE(parsed->filter.tcp && parsed->filter.udp && parsed->filter.ipv4 && parsed->filter.ipv6);
}

TEST(FilterWords, EveryValueWordWithDashes) {
  FilterArgs args =
      words_of("--state close-wait --sport 8080 --dport 443 --src 10.0.0.0/8 --dst ::1 --process nginx");
  EXPECT_EQ(args.states, std::vector<std::string>{"close-wait"});
  EXPECT_EQ(args.sport, "8080");
  EXPECT_EQ(args.dport, "443");
  EXPECT_EQ(args.src, "10.0.0.0/8");
  EXPECT_EQ(args.dst, "::1");
  EXPECT_EQ(args.process, "nginx");
}

TEST(FilterWords, DashesAreOptional) {
  FilterArgs bare = words_of("state listen sport 80 dport 5000 src 10.1.2.3 dst fe80::/10 process 812");
  FilterArgs single = words_of("-state listen -sport 80 -dport 5000 -src 10.1.2.3 -dst fe80::/10 -process 812");
  for (const FilterArgs* args : {&bare, &single}) {
    EXPECT_EQ(args->states, std::vector<std::string>{"listen"});
    EXPECT_EQ(args->sport, "80");
    EXPECT_EQ(args->dport, "5000");
    EXPECT_EQ(args->src, "10.1.2.3");
    EXPECT_EQ(args->dst, "fe80::/10");
    EXPECT_EQ(args->process, "812");
  }
}

TEST(FilterWords, NameEqualsValue) {
  FilterArgs args = words_of("sport=8080 --dport=443 state=time-wait -process=java src=10.0.0.1");
  EXPECT_EQ(args.sport, "8080");
  EXPECT_EQ(args.dport, "443");
  EXPECT_EQ(args.states, std::vector<std::string>{"time-wait"});
  EXPECT_EQ(args.process, "java");
  EXPECT_EQ(args.src, "10.0.0.1");
  EXPECT_FALSE(args.dst);
}

TEST(FilterWords, Switches) {
  struct Case {
    std::string_view line;
    bool tcp, udp, ipv4, ipv6;
  };
  for (const Case& c : {Case{"-t", true, false, false, false}, Case{"t", true, false, false, false},
                        Case{"--tcp", true, false, false, false}, Case{"tcp", true, false, false, false},
                        Case{"-u", false, true, false, false}, Case{"udp", false, true, false, false},
                        Case{"--udp", false, true, false, false}, Case{"u", false, true, false, false},
                        Case{"-4", false, false, true, false}, Case{"4", false, false, true, false},
                        Case{"ipv4", false, false, true, false}, Case{"--ipv4", false, false, true, false},
                        Case{"-6", false, false, false, true}, Case{"6", false, false, false, true},
                        Case{"ipv6", false, false, false, true}, Case{"--ipv6", false, false, false, true},
                        Case{"-t -u -4 -6", true, true, true, true}, Case{"TCP", true, false, false, false}}) {
    FilterArgs args = words_of(c.line);
    EXPECT_EQ(args.tcp, c.tcp) << c.line;
    EXPECT_EQ(args.udp, c.udp) << c.line;
    EXPECT_EQ(args.ipv4, c.ipv4) << c.line;
    EXPECT_EQ(args.ipv6, c.ipv6) << c.line;
  }
}

TEST(FilterWords, RepeatedStateAccumulates) {
  FilterArgs args = words_of("state listen --state close-wait state=time-wait");
  EXPECT_EQ(args.states, (std::vector<std::string>{"listen", "close-wait", "time-wait"}));
  auto parsed = parse_filter_line("state listen state close-wait");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->filter.states, state_bit(TcpState::Listen) | state_bit(TcpState::CloseWait));
}

TEST(FilterWords, LaterValueReplacesEarlier) {
  FilterArgs args = words_of("sport 80 sport 8080");
  EXPECT_EQ(args.sport, "8080");
}

TEST(FilterWords, QuotesKeepSpacesInOneValue) {
  FilterArgs args = words_of("process \"Web Content\" sport '80'");
  EXPECT_EQ(args.process, "Web Content");
  EXPECT_EQ(args.sport, "80");
  EXPECT_EQ(error_of("process \"Web Content"), "unterminated quote in '\"Web Content'");
}

TEST(FilterWords, ParsedFilterLineMakesTheFilter) {
  auto parsed = parse_filter_line("--state close-wait --sport 8080 -t src 10.0.0.0/8 process 812");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const SocketFilter& f = parsed->filter;
  EXPECT_EQ(f.states, state_bit(TcpState::CloseWait));
  EXPECT_TRUE(f.tcp);
  EXPECT_FALSE(f.udp);
  EXPECT_TRUE(f.ipv4 && f.ipv6);
  EXPECT_EQ(f.sport, 8080);
  EXPECT_FALSE(f.dport);
  ASSERT_TRUE(f.src);
  EXPECT_EQ(f.src->bits, 8);
  ASSERT_TRUE(f.process);
  EXPECT_EQ(f.process->pid, 812);
  EXPECT_EQ(parsed->args.sport, "8080");
  EXPECT_EQ(parsed->args.states, std::vector<std::string>{"close-wait"});
}

TEST(FilterWords, UnknownWordIsNamed) {
  EXPECT_EQ(error_of("state listen bogus"),
            "unknown filter word 'bogus' (expected state, sport, dport, src, dst, process, tcp, udp, 4, 6)");
  EXPECT_EQ(error_of("--port 80").substr(0, 28), "unknown filter word '--port'");
  EXPECT_EQ(error_of("--").substr(0, 24), "unknown filter word '--'");
  EXPECT_EQ(error_of("=80").substr(0, 25), "unknown filter word '=80'");
}

TEST(FilterWords, MissingValueNamesTheOption) {
  EXPECT_EQ(error_of("sport"), "'sport' needs a value (PORT)");
  EXPECT_EQ(error_of("-t --dport"), "'--dport' needs a value (PORT)");
  EXPECT_EQ(error_of("state"), "'state' needs a value (NAME)");
  EXPECT_EQ(error_of("src="), "'src' needs a value (ADDR[/PREFIX])");
  EXPECT_EQ(error_of("--process= -t"), "'--process' needs a value (NAME|PID)");
  // The next word is itself an option, not a value.
  EXPECT_EQ(error_of("--dst --sport 80"), "'--dst' needs a value (ADDR[/PREFIX])");
  EXPECT_EQ(error_of("sport -t"), "'sport' needs a value (PORT)");
}

TEST(FilterWords, SwitchTakesNoValue) { EXPECT_EQ(error_of("--tcp=yes"), "'--tcp' takes no value"); }

TEST(FilterWords, BadValueIsNamedByTheFilter) {
  // parse_filter_words leaves values alone; parse_filter_line judges them.
  ASSERT_TRUE(parse_filter_words("sport http").ok());
  EXPECT_EQ(error_of("sport http"), "bad port 'http' (expected a number 0-65535)");
  EXPECT_EQ(error_of("dport 70000"), "port '70000' out of range (expected 0-65535)");
  EXPECT_NE(error_of("state nonsense").find("unknown state 'nonsense'"), std::string::npos);
  EXPECT_NE(error_of("src 10.0.0.300").find("'10.0.0.300'"), std::string::npos);
}

}  // namespace
}  // namespace sockscope
