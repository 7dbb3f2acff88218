#include "cli_table.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

#include "netns_fixture.h"

namespace sockscope::testing {

namespace {

std::string endpoint_text(const nlohmann::json& endpoint) {
  return endpoint.at("addr").get<std::string>() + ":" + std::to_string(endpoint.at("port").get<int>());
}

}  // namespace

std::vector<SocketRow> parse_cli_json(const std::string& output) {
  std::vector<SocketRow> rows;
  try {
    nlohmann::json document = nlohmann::json::parse(output);
    for (const auto& socket : document.at("sockets")) {
      SocketRow row;
      row.proto = socket.at("proto").get<std::string>();
      row.state = socket.at("state").get<std::string>();
      row.local = endpoint_text(socket.at("local"));
      row.peer = endpoint_text(socket.at("remote"));
      row.recv_q = socket.at("recv_q").get<uint64_t>();
      row.send_q = socket.at("send_q").get<uint64_t>();
      for (const auto& process : socket.at("processes")) {
        row.owners.emplace(process.at("pid").get<int>(), process.at("fd").get<int>());
      }
      rows.push_back(std::move(row));
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("sockscope JSON does not follow the contract: ") + e.what() + "\n" + output);
  }
  return rows;
}

std::vector<SocketRow> cli_rows(const std::string& extra) {
  // stderr stays out of the JSON; it reaches the test log instead.
  std::string command = std::string(SOCKSCOPE_CLI_PATH) + " sockets --json --direct " + extra;
  int status = 0;
  std::string output = run_command(command, &status);
  if (status != 0) throw std::runtime_error(command + " failed (status " + std::to_string(status) + "): " + output);
  return parse_cli_json(output);
}

}  // namespace sockscope::testing
