#include <array>
#include <utility>

#include "ipc/protocol.h"

namespace sockscope::ipc {

namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethods = {{
    {Method::Status, "status"},
    {Method::Sockets, "sockets"},
    {Method::History, "history"},
    {Method::Subscribe, "subscribe"},
    {Method::Version, "version"},
    {Method::Findings, "findings"},
    {Method::Explain, "explain"},
}};

}  // namespace

std::string_view method_name(Method m) {
  for (const auto& [method, name] : kMethods) {
    if (method == m) return name;
  }
  return "unknown";
}

std::optional<Method> method_from_name(std::string_view name) {
  for (const auto& [method, known] : kMethods) {
    if (known == name) return method;
  }
  return std::nullopt;
}

}  // namespace sockscope::ipc
