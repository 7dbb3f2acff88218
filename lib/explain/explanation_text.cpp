#include "explain/explanation_text.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

namespace sockscope {

namespace {

struct Section {
  std::string_view heading;
  const std::vector<std::string>* paragraphs;
};

constexpr std::string_view kIndent = "  ";
constexpr std::string_view kItemMark = "- ";

void append(fmt::memory_buffer& out, std::string_view text) { out.append(text.data(), text.data() + text.size()); }

bool is_item(std::string_view paragraph) { return paragraph.starts_with(kItemMark); }

void append_paragraph(fmt::memory_buffer& out, std::string_view paragraph) {
  if (is_item(paragraph)) {
    append_wrapped(out, paragraph.substr(kItemMark.size()), "  - ", "    ");
  } else {
    append_wrapped(out, paragraph, kIndent, kIndent);
  }
}

// Paragraphs are set apart by a blank line; list items follow one another.
void append_section(fmt::memory_buffer& out, std::string_view heading, const std::vector<std::string>& paragraphs) {
  if (paragraphs.empty()) return;
  out.push_back('\n');
  append(out, heading);
  out.push_back('\n');
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    if (i > 0 && !is_item(paragraphs[i])) out.push_back('\n');
    append_paragraph(out, paragraphs[i]);
  }
}

std::vector<std::string> finding_items(const std::vector<Finding>& findings) {
  std::vector<std::string> items;
  for (const Finding& f : findings) {
    std::string item = fmt::format("- {} ({}, {}): {}", severity_name(f.severity), f.kind, f.subject, f.summary);
    if (!item.ends_with('.')) item.push_back('.');
    if (!f.advice.empty()) item += " " + f.advice;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace


void render_explanation_text(fmt::memory_buffer& out, const Explanation& e) {
  append(out, e.title);
  out.push_back('\n');
  append(out, std::string(std::min(e.title.size(), kExplanationWidth), '='));
  out.push_back('\n');
  const std::vector<std::string> findings = finding_items(e.findings);
  const Section sections[] = {
      {"What it means", &e.meaning},   {"How it got here", &e.how_it_got_here},
      {"Timer", &e.timer},             {"What happens next", &e.next},
      {"Queues", &e.queues},           {"Memory", &e.memory},
      {"Shutdown", &e.shutdown},       {"Owner", &e.owner},
      {"Time in this state", &e.age},  {"Findings about this socket", &findings},
      {"What to do", &e.advice},
  };
  for (const Section& section : sections) append_section(out, section.heading, *section.paragraphs);
}

std::string explanation_text(const Explanation& explanation) {
  fmt::memory_buffer out;
  render_explanation_text(out, explanation);
  return fmt::to_string(out);
}

}  // namespace sockscope
