#include "cmd_watch.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "daemon_query.h"
#include "filter/filter_words.h"
#include "output.h"
#include "usage_error.h"
#include "watch/watch_interval.h"
#include "watch_plain_loop.h"
#include "watch_screen_loop.h"
#include "watch_source.h"

namespace sockscope::cli {

namespace {

double parse_interval(const std::string& text) {
  auto value = parse_watch_interval(text);
  if (!value) {
    throw UsageError(fmt::format("bad --interval '{}' (expected seconds, from {:g} to {:g})", text,
                                 kMinWatchIntervalS, kMaxWatchIntervalS));
  }
  return *value;
}

uint64_t parse_count(const std::string& text) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 1) {
    throw UsageError("bad --count '" + text + "' (expected a whole number, at least 1)");
  }
  return value;
}

WatchSort parse_sort(const std::string& text) {
  std::string word = text;
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
  for (WatchSort sort : {WatchSort::Age, WatchSort::RecvQ, WatchSort::SendQ, WatchSort::State}) {
    if (word == watch_sort_name(sort)) return sort;
  }
  throw UsageError("bad --sort '" + text + "' (expected one of: age, recvq, sendq, state)");
}

WatchHost this_host() {
  utsname names{};
  if (::uname(&names) != 0) return WatchHost{"?", "?"};
  return WatchHost{names.nodename, names.release};
}

}  // namespace

CLI::App* add_watch_command(CLI::App& app, WatchArgs& args) {
  CLI::App* cmd = app.add_subcommand(
      "watch", "A live screen of TCP states, memory, findings and sockets (a plain summary when piped)");
  auto text = [cmd](const std::string& name, std::optional<std::string>& into, const std::string& type,
                    const std::string& help) {
    cmd->add_option_function<std::string>(
           name, [&into](const std::string& value) { into = value; }, help)
        ->type_name(type)
        ->allow_extra_args(false);
  };
  text("--interval", args.interval, "SECONDS",
       "Seconds between polls without a daemon (default 1; from 0.05 to 3600, fractions allowed)");
  text("--count", args.count, "N", "Leave after N refreshes");
  text("--filter", args.filter, "WORDS",
       "The socket table's filter, the words of `sockets` in one argument: \"state close-wait sport 8080\"");
  text("--sort", args.sort, "KEY", "The socket table's order: age (default), recvq, sendq or state");
  cmd->add_flag("--no-color", args.no_color, "No colour (also when NO_COLOR is set and not empty)");
  return cmd;
}

WatchOptions parse_watch_args(const WatchArgs& args, const char* no_color_env) {
  WatchOptions options;
  if (args.interval) options.interval_s = parse_interval(*args.interval);
  if (args.count) options.count = parse_count(*args.count);
  if (args.sort) options.sort = parse_sort(*args.sort);
  if (args.filter) {
    auto parsed = parse_filter_line(*args.filter);
    if (!parsed) throw UsageError("--filter: " + parsed.error().message);
    options.filter_line = *args.filter;
    options.filter = std::move(parsed->args);
  }
  const bool no_color_set = no_color_env != nullptr && *no_color_env != '\0';
  options.color = !args.no_color && !no_color_set;
  return options;
}

int run_watch(const WatchArgs& args, const GlobalOptions& global) {
  const WatchOptions options = parse_watch_args(args, std::getenv("NO_COLOR"));
  if (global.json) throw UsageError("watch has no JSON output; drop --json");
  const bool screen = ::isatty(STDOUT_FILENO) == 1;

  std::unique_ptr<WatchSource> source;
  bool direct = true;
  if (!detectors_direct(global)) {
    auto daemon = daemon_watch_source(global);
    if (daemon) {
      source = std::move(*daemon);
      direct = false;
    } else if (!screen) {
      notice_fallback(global, daemon.error());  // on the screen, the header says `direct`
    }
  }
  if (!source) {
    auto own_poller = direct_watch_source(global, options.interval_s);
    if (!own_poller) {
      print_error("cannot poll the kernel: " + own_poller.error().describe());
      return kExitFailure;
    }
    source = std::move(*own_poller);
  }
  const WatchHost host = this_host();
  return screen ? run_watch_screen(*source, options, host) : run_watch_plain(*source, options, host, direct);
}

}  // namespace sockscope::cli
