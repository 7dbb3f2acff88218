#include "cmd_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <optional>
#include <span>
#include <thread>

#include "daemon_query.h"
#include "detect/detector.h"
#include "findings_source.h"
#include "output.h"
#include "render/findings_json.h"
#include "render/status_summary.h"
#include "snapshot_source.h"
#include "status_source.h"
#include "usage_error.h"

namespace sockscope::cli {

namespace {

struct CheckPolicy {
  std::vector<std::string> kinds;  // empty: every kind
  Severity min_severity = Severity::Warning;
};

struct CheckVerdict {
  int exit_code = kCheckOk;
  std::string text;  // the status line with perfdata, then one line per finding counted
};

constexpr size_t kNamedOnStatusLine = 3;

// The status line must stay one line, and '|' starts the perfdata.
std::string plugin_text(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '|') c = '/';
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string finding_text(const Finding& f) {
  return plugin_text(fmt::format("{} {}: {}", f.kind, f.subject, f.summary));
}

bool selected(const Finding& f, const CheckPolicy& policy) {
  return policy.kinds.empty() || std::find(policy.kinds.begin(), policy.kinds.end(), f.kind) != policy.kinds.end();
}

// 'label'=value[UOM];warn;crit;min;max
std::string perfdata(std::span<const Finding> chosen, const StatusSummary& summary) {
  std::array<uint64_t, 3> by_severity{};
  for (const Finding& f : chosen) ++by_severity[static_cast<size_t>(f.severity)];
  std::string out = fmt::format("'findings_critical'={};;;0 'findings_warning'={};;;0 'findings_info'={};;;0",
                                by_severity[2], by_severity[1], by_severity[0]);
  constexpr std::array kStates = {
      std::pair{"established", TcpState::Established}, std::pair{"syn_sent", TcpState::SynSent},
      std::pair{"syn_recv", TcpState::SynRecv},        std::pair{"fin_wait1", TcpState::FinWait1},
      std::pair{"fin_wait2", TcpState::FinWait2},      std::pair{"time_wait", TcpState::TimeWait},
      std::pair{"close_wait", TcpState::CloseWait},    std::pair{"last_ack", TcpState::LastAck},
      std::pair{"closing", TcpState::Closing},         std::pair{"listen", TcpState::Listen},
  };
  for (const auto& [label, state] : kStates)
    fmt::format_to(std::back_inserter(out), " '{}'={};;;0", label, summary.tcp[state]);
  fmt::format_to(std::back_inserter(out), " 'accept_queue'={};;;0", summary.listen.accept_queue);
  const TcpMemory& mem = summary.tcp_mem;
  if (mem.in_use_pages) {
    const int64_t used = *mem.in_use_pages * mem.page_size;
    if (mem.limits) {
      // The kernel's own thresholds: pressure mode, and the hard limit.
      const int64_t pressure = mem.limits->def * mem.page_size;
      const int64_t max = mem.limits->max * mem.page_size;
      fmt::format_to(std::back_inserter(out), " 'tcp_memory'={}B;{};{};0;{}", used, pressure, max, max);
    } else {
      fmt::format_to(std::back_inserter(out), " 'tcp_memory'={}B;;;0", used);
    }
  }
  return out;
}

CheckVerdict judge_findings(std::span<const Finding> findings, const StatusSummary& summary, const CheckPolicy& policy,
                            const std::string& caveat) {
  std::vector<Finding> chosen;
  for (const Finding& f : findings) {
    if (selected(f, policy)) chosen.push_back(f);
  }
  std::sort(chosen.begin(), chosen.end(), worse_first);
  std::vector<const Finding*> counted;
  for (const Finding& f : chosen) {
    if (f.severity >= policy.min_severity) counted.push_back(&f);
  }

  CheckVerdict verdict;
  std::string status;
  if (counted.empty()) {
    status = "OK - no findings";
    if (!chosen.empty()) {
      status += fmt::format(" at {} or above ({} below)", severity_name(policy.min_severity), chosen.size());
    }
  } else {
    const bool critical = counted.front()->severity == Severity::Critical;
    verdict.exit_code = critical ? kCheckCritical : kCheckWarning;
    status = fmt::format("{} - {} finding{}: ", critical ? "CRITICAL" : "WARNING", counted.size(),
                         counted.size() == 1 ? "" : "s");
    for (size_t i = 0; i < counted.size() && i < kNamedOnStatusLine; ++i) {
      if (i > 0) status += "; ";
      status += finding_text(*counted[i]);
    }
    if (counted.size() > kNamedOnStatusLine)
      status += fmt::format("; and {} more", counted.size() - kNamedOnStatusLine);
  }
  verdict.text = fmt::format("SOCKSCOPE {} | {}\n", status, perfdata(chosen, summary));
  for (const Finding* f : counted) {
    fmt::format_to(std::back_inserter(verdict.text), "[{}] {}\n", severity_name(f->severity), finding_text(*f));
  }
  if (!caveat.empty()) fmt::format_to(std::back_inserter(verdict.text), "{}\n", plugin_text(caveat));
  return verdict;
}

CheckPolicy policy_of(const CheckArgs& args) {
  CheckPolicy policy;
  for (const std::string& kind : args.kinds) {
    if (find_detector(kind) == nullptr) {
      std::string known;
      for (const DetectorInfo& d : detectors()) known += (known.empty() ? "" : ", ") + std::string(d.kind);
      throw UsageError("--kind: unknown finding kind '" + kind + "' (expected one of: " + known + ")");
    }
    policy.kinds.push_back(kind);
  }
  // CLI11 has already limited the word to the three severities.
  policy.min_severity = parse_severity(args.min_severity).value_or(Severity::Warning);
  return policy;
}

struct CheckInput {
  std::vector<Finding> findings;
  StatusSummary summary;
  std::string caveat;  // direct mode's limits, for the last line
};

// Why the daemon's latest good poll is too old to judge by, or nothing when
// it is recent. Its polls may be failing (the kernel refusing the dump, a
// sandbox gone wrong) while it still answers with what it saw last: fine
// for `status`, not for a check that would then report OK from an old
// picture. Old means more than three polls' worth, of the interval or the
// recent poll duration (a large table polled slower than the interval is
// not stale), and at least kStaleFloor.
constexpr std::chrono::seconds kStaleFloor{2};

std::optional<std::string> stale_daemon_data(const StatusData& status, std::chrono::system_clock::time_point now) {
  auto found = status.from_daemon.find("daemon");
  if (found == status.from_daemon.end() || !found->is_object()) return std::nullopt;
  const auto& daemon = *found;
  const double interval_s = daemon.value("interval_s", 0.0);
  const double poll_s = daemon.value("recent_poll_ms_avg", 0.0) / 1000;
  const double limit_s = std::max(3 * std::max(interval_s, poll_s), static_cast<double>(kStaleFloor.count()));
  // The daemon's own steady-clock age when it gives one; a step of either
  // wall clock would skew the difference of the two.
  double age_s = std::chrono::duration<double>(now - status.summary.taken_at).count();
  if (auto own = daemon.find("last_good_poll_age_s"); own != daemon.end() && own->is_number()) {
    age_s = own->get<double>();
  }
  if (age_s <= limit_s) return std::nullopt;
  return fmt::format("the daemon's data is stale: its last good poll was {:.1f} s ago (it polls every {:g} s; {} "
                     "polls failed since it started)",
                     age_s, interval_s, daemon.value("polls_failed", uint64_t{0}));
}

// A daemon at its first poll (just started, perhaps by this very connection
// under socket activation) is given this long to finish it.
constexpr std::chrono::seconds kFirstPollWait{3};
constexpr std::chrono::milliseconds kFirstPollRetry{200};

// The daemon's answer to `findings`, asked again while the daemon says it
// has not polled yet. `not_ready` keeps its last word when it never did.
Result<std::string> findings_line(const GlobalOptions& global, std::optional<std::string>& not_ready) {
  ipc::Request request;
  request.method = ipc::Method::Findings;
  const auto deadline = std::chrono::steady_clock::now() + kFirstPollWait;
  for (;;) {
    auto line = ask_daemon_line(global, request);
    if (!line) return line;
    auto response = ipc::parse_response(*line);
    const bool waiting = response && response->error && response->error->code == ipc::error_code::kNotReady;
    if (!waiting) {
      not_ready.reset();
      return line;
    }
    not_ready = response->error->message;
    if (std::chrono::steady_clock::now() >= deadline) return line;
    std::this_thread::sleep_for(kFirstPollRetry);
  }
}

// The daemon's findings and figures, both or neither; `stale` says why
// they cannot be used: too old, or there are none yet.
std::optional<CheckInput> from_daemon(const GlobalOptions& global, std::string& why_not,
                                      std::optional<std::string>& stale) {
  std::optional<std::string> not_ready;
  auto line = findings_line(global, not_ready);
  if (line && not_ready) {
    // A direct poll would hide that the daemon cannot read the kernel.
    stale = fmt::format("the daemon has had no good poll since it started: {}", *not_ready);
    return std::nullopt;
  }
  auto result = line ? result_of(*line, ipc::Method::Findings) : Result<nlohmann::json>(line.error());
  auto findings = result ? findings_from_json(*result) : Result<std::vector<Finding>>(result.error());
  if (!findings) {
    why_not = no_daemon(global, findings.error());
    return std::nullopt;
  }
  auto status = status_from_daemon(global);
  if (!status) {
    why_not = no_daemon(global, status.error());
    return std::nullopt;
  }
  stale = stale_daemon_data(*status, std::chrono::system_clock::now());
  return CheckInput{std::move(*findings), std::move(status->summary), {}};
}

int unknown(std::string_view message) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "SOCKSCOPE UNKNOWN - {}\n", plugin_text(message));
  write_stdout(out);
  return kCheckUnknown;
}

int check(const CheckArgs& args, const GlobalOptions& global) {
  if (global.json) throw UsageError("check prints a monitoring-plugin status line; --json does not apply");
  const CheckPolicy policy = policy_of(args);
  const DetectorsConfig thresholds = detectors_config(global);  // a bad file is a usage error

  std::optional<CheckInput> input;
  std::string why_not_daemon;
  std::optional<std::string> stale;
  if (!detectors_direct(global)) input = from_daemon(global, why_not_daemon, stale);
  // The daemon answers but cannot read the kernel: a monitoring system must
  // see that, not a direct poll's answer, which would hide it.
  if (stale) return unknown(*stale);
  if (!input) {
    auto snapshot = get_snapshot(global, findings_poll_options());
    if (!snapshot) {
      std::string message = "cannot read the kernel: " + snapshot.error().describe();
      if (!why_not_daemon.empty()) message += "; " + why_not_daemon;
      return unknown(message);
    }
    FindingsData data = findings_of_snapshot(*snapshot, thresholds);
    std::string caveat = "direct mode: one poll, so no ages and no rates";
    if (!why_not_daemon.empty()) caveat += " (" + why_not_daemon + ")";
    input = CheckInput{std::move(data.findings), summarize_status(*snapshot), std::move(caveat)};
  }

  CheckVerdict verdict = judge_findings(input->findings, input->summary, policy, input->caveat);
  fmt::memory_buffer out;
  out.append(verdict.text);
  if (write_stdout(out) != kExitOk) return kCheckUnknown;
  return verdict.exit_code;
}

}  // namespace

CLI::App* add_check_command(CLI::App& app, CheckArgs& args) {
  CLI::App* command = app.add_subcommand(
      "check", "Monitoring-plugin check: one status line with perfdata; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN");
  command->add_option("--kind", args.kinds, "Only findings of this kind count (repeatable)")
      ->type_name("KIND")
      ->allow_extra_args(false);
  command
      ->add_option("--min-severity", args.min_severity,
                   "The least severity that makes the check WARNING (default warning)")
      ->check(CLI::IsMember({"info", "warning", "critical"}))
      ->type_name("SEVERITY");
  return command;
}

int check_usage_error(std::string_view message) { return unknown("usage: " + std::string(message)); }

int run_check(const CheckArgs& args, const GlobalOptions& global) {
  try {
    return check(args, global);
  } catch (const UsageError& e) {
    return check_usage_error(e.what());
  }
}

}  // namespace sockscope::cli
