// Asking sockscoped for a command's data, and the words used when it cannot
// answer. Commands try this first unless --direct, then poll directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "global_options.h"
#include "ipc/protocol.h"
#include "util/result.h"

namespace sockscope::cli {

// The daemon's raw response line. An Error (its message is the reason) when
// nobody answers at the socket path.
Result<std::string> ask_daemon_line(const GlobalOptions& global, const ipc::Request& request);

// The result of a response line for `method`; an Error when the line is
// malformed, answers another method, or is the daemon's error message.
Result<nlohmann::json> result_of(std::string_view line, ipc::Method method);

// ask_daemon_line, then result_of.
Result<nlohmann::json> ask_daemon(const GlobalOptions& global, const ipc::Request& request);

// The result's JSON text cut out of the line without parsing it, when the
// line is a plain answer to `method` (the daemon writes "result" last): big
// listings pass through untouched. nullopt for anything else (errors too).
std::optional<std::string_view> raw_result(std::string_view line, ipc::Method method);

// "no daemon at PATH (REASON); polling directly" on stderr, once per run.
void notice_fallback(const GlobalOptions& global, const Error& why);

// "no daemon at PATH: REASON", for commands that cannot do without it.
std::string no_daemon(const GlobalOptions& global, const Error& why);

}  // namespace sockscope::cli
