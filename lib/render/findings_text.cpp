#include "render/findings_text.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <string_view>

#include "render/socket_table.h"
#include "render/text_wrap.h"

namespace sockscope {

namespace {

std::string age_since(const Finding& f, std::chrono::system_clock::time_point now) {
  if (!f.since) return "-";
  return format_age(std::max(0.0, std::chrono::duration<double>(now - *f.since).count()));
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}


}  // namespace

void render_findings_table(fmt::memory_buffer& out, const std::vector<Finding>& findings,
                           std::chrono::system_clock::time_point now) {
  if (findings.empty()) {
    out.append(std::string_view("No findings.\n"));
    return;
  }
  size_t kind_width = 4, subject_width = 7;
  for (const Finding& f : findings) {
    kind_width = std::max(kind_width, f.kind.size());
    subject_width = std::max(subject_width, std::min<size_t>(f.subject.size(), 32));
  }
  auto out_it = std::back_inserter(out);
  fmt::format_to(out_it, "{:<9} {:<{}} {:<{}} {:>6}  {}\n", "SEVERITY", "KIND", kind_width, "SUBJECT", subject_width,
                 "FOR", "SUMMARY");
  for (const Finding& f : findings) {
    std::string subject = f.subject.size() > 32 ? f.subject.substr(0, 31) + "~" : f.subject;
    fmt::format_to(out_it, "{:<9} {:<{}} {:<{}} {:>6}  {}\n", severity_name(f.severity), f.kind, kind_width, subject,
                   subject_width, age_since(f, now), f.summary);
  }
}

void render_findings_report(fmt::memory_buffer& out, const std::vector<Finding>& findings,
                            std::chrono::system_clock::time_point now, size_t width) {
  auto out_it = std::back_inserter(out);
  for (const Finding& f : findings) {
    fmt::format_to(out_it, "{:<9} {}\n", upper(severity_name(f.severity)), f.summary);
    std::string where = f.kind + " · " + f.subject;
    if (f.since) where += " · for " + age_since(f, now);
    fmt::format_to(out_it, "          {}\n", where);
    append_wrapped(out, f.advice, "          ", "          ", width);
  }
}

}  // namespace sockscope
