#include "ss_table.h"

#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "netns_fixture.h"

namespace sockscope::testing {

namespace {

// ss spells states its own way; map them to the kernel names sockscope prints.
// UDP's CLOSE shows as UNCONN.
std::string kernel_state(const std::string& ss_state) {
  static const std::map<std::string, std::string> names = {
      {"ESTAB", "ESTABLISHED"},  {"SYN-SENT", "SYN_SENT"},     {"SYN-RECV", "SYN_RECV"},
      {"FIN-WAIT-1", "FIN_WAIT1"}, {"FIN-WAIT-2", "FIN_WAIT2"}, {"TIME-WAIT", "TIME_WAIT"},
      {"UNCONN", "CLOSE"},       {"CLOSE-WAIT", "CLOSE_WAIT"}, {"LAST-ACK", "LAST_ACK"},
      {"LISTEN", "LISTEN"},      {"CLOSING", "CLOSING"},
  };
  auto it = names.find(ss_state);
  if (it == names.end()) throw std::runtime_error("unknown ss state: " + ss_state);
  return it->second;
}

// "127.0.0.1:80" -> "127.0.0.1:80"; "[::1]:80" -> "::1:80"; "0.0.0.0:*" ->
// "0.0.0.0:0". ss writes a dual-stack socket's wildcard address as "*".
std::string normalize_endpoint(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("ss endpoint without a port: " + text);
  std::string addr = text.substr(0, colon);
  std::string port = text.substr(colon + 1);
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
  if (port == "*") port = "0";
  if (addr == "*") addr = "::";
  return addr + ":" + port;
}

// users:(("name",pid=12,fd=3),("name",pid=12,fd=7))
std::set<std::pair<int, int>> parse_owners(const std::string& text) {
  static const std::regex owner(R"(pid=(\d+),fd=(\d+))");
  std::set<std::pair<int, int>> owners;
  for (std::sregex_iterator it(text.begin(), text.end(), owner), end; it != end; ++it) {
    owners.emplace(std::stoi((*it)[1]), std::stoi((*it)[2]));
  }
  return owners;
}

}  // namespace

std::vector<SocketRow> parse_ss(const std::string& proto, const std::string& output) {
  std::vector<SocketRow> rows;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string state, local, peer;
    SocketRow row;
    row.proto = proto;
    if (!(fields >> state >> row.recv_q >> row.send_q >> local >> peer)) {
      throw std::runtime_error("cannot parse ss line: " + line);
    }
    row.state = kernel_state(state);
    row.local = normalize_endpoint(local);
    row.peer = normalize_endpoint(peer);
    std::string rest;
    std::getline(fields, rest);
    row.owners = parse_owners(rest);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<SocketRow> ss_rows(const std::string& proto, const std::string& extra, bool owners) {
  std::string command =
      std::string("ss -") + (proto == "tcp" ? "t" : "u") + (owners ? "anpH " : "anH ") + extra + " 2>&1";
  int status = 0;
  std::string output = run_command(command, &status);
  if (status != 0) throw std::runtime_error(command + " failed (status " + std::to_string(status) + "): " + output);
  return parse_ss(proto, output);
}

}  // namespace sockscope::testing
