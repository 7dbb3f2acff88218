// Helpers shared by the ipc tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <variant>

#include "ipc/protocol.h"

namespace sockscope::ipc::test {

// The request a good line parses to; fails the test (and returns a default) otherwise.
inline Request parsed(std::string_view line) {
  auto result = parse_request(line);
  if (auto* error = std::get_if<ProtocolError>(&result)) {
    ADD_FAILURE() << "refused: " << error->code << ": " << error->message << "\n  line: " << line;
    return Request{};
  }
  return std::get<Request>(std::move(result));
}

// The error a bad line gives; fails the test (and returns an empty error) otherwise.
inline ProtocolError refused(std::string_view line) {
  auto result = parse_request(line);
  if (auto* error = std::get_if<ProtocolError>(&result)) return *error;
  ADD_FAILURE() << "accepted: " << line;
  return ProtocolError{};
}

}  // namespace sockscope::ipc::test
