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

// A number and its unit ("4.0 MiB", "25 s") stay on one line.
bool is_unit(std::string_view word) {
  static constexpr std::string_view kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "s", "s.", "s,", "s)", "min",
                                                "min.", "min,", "h", "d"};
  return std::find(std::begin(kUnits), std::end(kUnits), word) != std::end(kUnits);
}

// Words, with each unit joined to the number before it.
std::vector<std::string_view> unbreakable_groups(std::string_view text) {
  std::vector<std::string_view> groups;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = std::min(text.find(' ', pos), text.size());
    std::string_view word = text.substr(pos, end - pos);
    if (!groups.empty() && is_unit(word) && groups.back().data() + groups.back().size() + 1 == word.data() &&
        std::isdigit(static_cast<unsigned char>(groups.back().back()))) {
      groups.back() = std::string_view(groups.back().data(), groups.back().size() + 1 + word.size());
    } else {
      groups.push_back(word);
    }
    pos = end;
  }
  return groups;
}

}  // namespace

void append_wrapped(fmt::memory_buffer& out, std::string_view text, std::string_view first_prefix,
                    std::string_view rest_prefix, size_t width) {
  std::string_view prefix = first_prefix;
  size_t column = 0;
  bool line_has_word = false;
  auto start_line = [&] {
    append(out, prefix);
    column = prefix.size();
    line_has_word = false;
    prefix = rest_prefix;
  };
  start_line();
  for (std::string_view word : unbreakable_groups(text)) {
    if (line_has_word && column + 1 + word.size() > width) {
      out.push_back('\n');
      start_line();
    }
    if (line_has_word) {
      out.push_back(' ');
      ++column;
    }
    append(out, word);
    column += word.size();
    line_has_word = true;
  }
  out.push_back('\n');
}

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
