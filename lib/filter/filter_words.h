// The filter of `sockscope sockets` typed as one line of words, as watch's
// `/` prompt takes it: "--state close-wait --sport 8080 -t". The leading
// dashes may be left out ("state close-wait sport 8080 tcp"), and NAME=VALUE
// works too ("sport=8080"). Pure.
#pragma once

#include <string>
#include <string_view>

#include "filter/socket_filter.h"
#include "util/result.h"

namespace sockscope {

// Words: state (repeatable) NAME, sport/dport PORT, src/dst ADDR[/PREFIX],
// process NAME|PID, and the switches t/tcp, u/udp, 4/ipv4, 6/ipv6. An empty
// line is no filter. An Error names the bad or unknown word, or the option
// missing its value; values are not judged here (parse_filter does that).
Result<FilterArgs> parse_filter_words(std::string_view line);

// parse_filter_words, then parse_filter: the words and the filter they make.
struct ParsedFilterWords {
  FilterArgs args;
  SocketFilter filter;
};
Result<ParsedFilterWords> parse_filter_line(std::string_view line);

}  // namespace sockscope
