// Addresses written straight into an output buffer, without a string per call.
#pragma once

#include <fmt/format.h>

#include "model/endpoint.h"

namespace sockscope {

// "10.0.0.1", "::1", "::ffff:10.0.0.1".
void append_address(fmt::memory_buffer& out, Family family, const Endpoint& endpoint);

// As a table shows it: "10.0.0.1:80", "[::1]:443", and port 0 as "*" ("0.0.0.0:*").
void append_endpoint(fmt::memory_buffer& out, Family family, const Endpoint& endpoint);

}  // namespace sockscope
