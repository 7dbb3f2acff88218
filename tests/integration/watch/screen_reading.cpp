#include "screen_reading.h"

#include <algorithm>
#include <sstream>

#include "netns_fixture.h"

namespace sockscope::testing {

const std::array<const char*, 11> kTcpStateNames = {"ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1",
                                                     "FIN_WAIT2",   "TIME_WAIT",  "CLOSE",    "CLOSE_WAIT",
                                                     "LAST_ACK",    "LISTEN",     "CLOSING"};

namespace {

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> result;
  std::istringstream in(line);
  for (std::string word; in >> word;) result.push_back(word);
  return result;
}

bool is_state_name(const std::string& word) {
  return std::any_of(kTcpStateNames.begin(), kTcpStateNames.end(), [&](const char* name) { return word == name; });
}

bool all_digits(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ss's labels (ss -tan) for the kernel's state names.
const std::map<std::string, std::string>& ss_labels() {
  static const std::map<std::string, std::string> labels = {
      {"ESTAB", "ESTABLISHED"},     {"SYN-SENT", "SYN_SENT"},     {"SYN-RECV", "SYN_RECV"},
      {"FIN-WAIT-1", "FIN_WAIT1"},  {"FIN-WAIT-2", "FIN_WAIT2"},  {"TIME-WAIT", "TIME_WAIT"},
      {"UNCONN", "CLOSE"},          {"CLOSE-WAIT", "CLOSE_WAIT"}, {"LAST-ACK", "LAST_ACK"},
      {"LISTEN", "LISTEN"},         {"CLOSING", "CLOSING"}};
  return labels;
}

bool is_colour_parameter(int p) {
  return (p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
}

}  // namespace

std::optional<size_t> row_starting_with(const std::vector<std::string>& screen, const std::string& prefix) {
  for (size_t i = 0; i < screen.size(); ++i) {
    if (screen[i].rfind(prefix, 0) == 0) return i;
  }
  return std::nullopt;
}

std::optional<size_t> row_containing(const std::vector<std::string>& screen, const std::string& text) {
  for (size_t i = 0; i < screen.size(); ++i) {
    if (screen[i].find(text) != std::string::npos) return i;
  }
  return std::nullopt;
}

std::optional<StateGrid> read_state_grid(const std::vector<std::string>& screen) {
  auto mem = row_starting_with(screen, "mem ");
  if (!mem || *mem < 2) return std::nullopt;
  StateGrid grid;
  grid.lines = *mem - 1;
  for (size_t row = 1; row < *mem; ++row) {
    auto tokens = words(screen[row]);
    size_t on_line = 0;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (is_state_name(tokens[i]) && all_digits(tokens[i + 1])) {
        grid.counts[tokens[i]] = std::stoull(tokens[i + 1]);
        ++on_line;
      }
    }
    grid.most_states_on_a_line = std::max(grid.most_states_on_a_line, on_line);
  }
  return grid;
}

bool has_table_header(const std::vector<std::string>& screen) {
  for (const auto& row : screen) {
    if (row.rfind("State", 0) == 0 && row.find("Recv-Q") != std::string::npos) return true;
  }
  return false;
}

std::vector<TableRow> read_table(const std::vector<std::string>& screen) {
  std::vector<TableRow> rows;
  size_t header = screen.size();
  for (size_t i = 0; i < screen.size(); ++i) {
    if (screen[i].rfind("State", 0) == 0 && screen[i].find("Recv-Q") != std::string::npos) {
      header = i;
      break;
    }
  }
  // The last row is the footer.
  for (size_t i = header + 1; i + 1 < screen.size(); ++i) {
    auto tokens = words(screen[i]);
    if (tokens.size() < 7 || !all_digits(tokens[2]) || !all_digits(tokens[3])) continue;
    TableRow row{tokens[0], tokens[1], tokens[2], tokens[3], tokens[4], tokens[5], tokens[6]};
    for (size_t t = 7; t < tokens.size(); ++t) row.process += " " + tokens[t];
    rows.push_back(row);
  }
  return rows;
}

bool shows_cut(const std::string& shown, const std::string& full) {
  if (shown.empty()) return false;
  if (full.rfind(shown, 0) == 0) return true;
  size_t mark = shown.find('~');
  if (mark == std::string::npos || shown.find('~', mark + 1) != std::string::npos) return false;
  std::string head = shown.substr(0, mark);
  std::string tail = shown.substr(mark + 1);
  return head.size() + tail.size() < full.size() && full.rfind(head, 0) == 0 &&
         full.compare(full.size() - tail.size(), tail.size(), tail) == 0;
}

std::string sockets_bar(const std::vector<std::string>& screen) {
  auto row = row_starting_with(screen, "Sockets:");
  return row ? screen[*row] : std::string();
}

std::optional<std::pair<size_t, size_t>> bar_range(const std::vector<std::string>& screen) {
  for (const auto& word : words(sockets_bar(screen))) {
    size_t dash = word.find('-');
    if (dash == std::string::npos) continue;
    std::string first = word.substr(0, dash);
    std::string last = word.substr(dash + 1);
    if (all_digits(first) && all_digits(last)) return std::make_pair(std::stoull(first), std::stoull(last));
  }
  return std::nullopt;
}

std::map<std::string, uint64_t> ss_state_counts() {
  std::map<std::string, uint64_t> counts;
  for (const char* name : kTcpStateNames) counts[name] = 0;
  std::istringstream in(run_command("ss -Htan"));
  for (std::string line; std::getline(in, line);) {
    auto tokens = words(line);
    if (tokens.empty()) continue;
    auto label = ss_labels().find(tokens[0]);
    if (label != ss_labels().end()) ++counts[label->second];
  }
  return counts;
}

bool sets_colour(const std::string& row_with_escapes) {
  size_t at = 0;
  while ((at = row_with_escapes.find("\x1b[", at)) != std::string::npos) {
    size_t end = at + 2;
    while (end < row_with_escapes.size() && !(row_with_escapes[end] >= 0x40 && row_with_escapes[end] <= 0x7e)) ++end;
    if (end >= row_with_escapes.size()) return false;
    if (row_with_escapes[end] == 'm') {
      std::string parameters = row_with_escapes.substr(at + 2, end - at - 2);
      std::replace(parameters.begin(), parameters.end(), ':', ';');
      std::istringstream in(parameters);
      for (std::string p; std::getline(in, p, ';');) {
        if (all_digits(p) && is_colour_parameter(std::stoi(p))) return true;
      }
    }
    at = end + 1;
  }
  return false;
}

std::map<std::string, uint64_t> read_tcp_line(const std::string& line) {
  std::map<std::string, uint64_t> counts;
  auto tokens = words(line);
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    std::string count = tokens[i + 1];
    if (!count.empty() && count.back() == ',') count.pop_back();
    if (is_state_name(tokens[i]) && all_digits(count)) counts[tokens[i]] = std::stoull(count);
  }
  return counts;
}

}  // namespace sockscope::testing
