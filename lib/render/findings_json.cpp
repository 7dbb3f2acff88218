#include "render/findings_json.h"

#include <cmath>

namespace sockscope {

nlohmann::ordered_json finding_to_json(const Finding& f) {
  nlohmann::ordered_json out;
  out["id"] = f.id;
  out["kind"] = f.kind;
  out["severity"] = severity_name(f.severity);
  out["subject"] = f.subject;
  out["summary"] = f.summary;
  out["evidence"] = f.evidence;
  out["advice"] = f.advice;
  if (f.since) {
    out["since"] = std::chrono::duration<double>(f.since->time_since_epoch()).count();
  } else {
    out["since"] = nullptr;
  }
  out["sockets"] = f.sockets;
  return out;
}

nlohmann::ordered_json findings_to_json(const std::vector<Finding>& findings) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Finding& f : findings) list.push_back(finding_to_json(f));
  return nlohmann::ordered_json{{"findings", std::move(list)}};
}

namespace {

Result<std::string> text_member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return Error{std::string("finding: \"") + key + "\" is not a string"};
  return it->get<std::string>();
}

Result<Finding> finding_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return Error{"finding: not an object"};
  Finding f;
  for (auto [key, field] : {std::pair{"id", &f.id}, {"kind", &f.kind}, {"subject", &f.subject},
                            {"summary", &f.summary}, {"advice", &f.advice}}) {
    auto text = text_member(j, key);
    if (!text) return text.error();
    *field = std::move(*text);
  }
  auto severity_text = text_member(j, "severity");
  if (!severity_text) return severity_text.error();
  auto severity = parse_severity(*severity_text);
  if (!severity) return Error{"finding: unknown severity \"" + *severity_text + "\""};
  f.severity = *severity;
  if (auto it = j.find("evidence"); it != j.end() && it->is_object()) f.evidence = *it;
  if (auto it = j.find("since"); it != j.end() && it->is_number()) {
    double seconds = it->get<double>();
    if (!std::isfinite(seconds)) return Error{"finding: \"since\" is not a time"};
    f.since = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::duration<double>(seconds)));
  }
  if (auto it = j.find("sockets"); it != j.end() && it->is_array()) {
    for (const auto& cookie : *it) {
      if (!cookie.is_number_unsigned()) return Error{"finding: \"sockets\" holds a non-cookie"};
      f.sockets.push_back(cookie.get<uint64_t>());
    }
  }
  return f;
}

}  // namespace

Result<std::vector<Finding>> findings_from_json(const nlohmann::json& listing) {
  auto list = listing.find("findings");
  if (!listing.is_object() || list == listing.end() || !list->is_array()) return Error{"no \"findings\" list"};
  std::vector<Finding> findings;
  for (const auto& j : *list) {
    auto f = finding_from_json(j);
    if (!f) return f.error();
    findings.push_back(std::move(*f));
  }
  return findings;
}

}  // namespace sockscope
