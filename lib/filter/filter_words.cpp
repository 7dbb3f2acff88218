#include "filter/filter_words.h"

#include <array>
#include <cctype>
#include <optional>
#include <vector>

namespace sockscope {

namespace {

constexpr std::string_view kKnownWords = "state, sport, dport, src, dst, process, tcp, udp, 4, 6";

struct ValueWord {
  std::string_view name;
  std::string_view value_kind;  // for "needs a value" errors
};
constexpr std::array<ValueWord, 6> kValueWords = {{
    {"state", "NAME"},
    {"sport", "PORT"},
    {"dport", "PORT"},
    {"src", "ADDR[/PREFIX]"},
    {"dst", "ADDR[/PREFIX]"},
    {"process", "NAME|PID"},
}};

// Whitespace separates words; quotes keep a value with spaces in one word
// (a command name such as "Web Content").
Result<std::vector<std::string>> split_words(std::string_view line) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[pos]))) {
      ++pos;
      continue;
    }
    std::string word;
    while (pos < line.size() && !std::isspace(static_cast<unsigned char>(line[pos]))) {
      char c = line[pos];
      if (c == '"' || c == '\'') {
        size_t close = line.find(c, pos + 1);
        if (close == std::string_view::npos) {
          return make_error("unterminated quote in '" + std::string(line.substr(pos)) + "'");
        }
        word.append(line.substr(pos + 1, close - pos - 1));
        pos = close + 1;
      } else {
        word.push_back(c);
        ++pos;
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// "--sport", "-sport" and "sport" are the same word.
std::string_view without_dashes(std::string_view word) {
  size_t dashes = 0;
  while (dashes < 2 && dashes < word.size() && word[dashes] == '-') ++dashes;
  return word.substr(dashes);
}

const ValueWord* find_value_word(std::string_view name) {
  for (const auto& word : kValueWords) {
    if (word.name == name) return &word;
  }
  return nullptr;
}

// Sets the switch `name` names; false when it names none.
bool apply_switch(std::string_view name, FilterArgs& args) {
  if (name == "t" || name == "tcp") {
    args.tcp = true;
  } else if (name == "u" || name == "udp") {
    args.udp = true;
  } else if (name == "4" || name == "ipv4") {
    args.ipv4 = true;
  } else if (name == "6" || name == "ipv6") {
    args.ipv6 = true;
  } else {
    return false;
  }
  return true;
}

bool is_switch(std::string_view name) {
  FilterArgs scratch;
  return apply_switch(name, scratch);
}

// A later value of a single-valued word replaces the earlier one, so words
// typed after a prefilled filter line take effect.
void set_value(const ValueWord& word, std::string value, FilterArgs& args) {
  if (word.name == "state") {
    args.states.push_back(std::move(value));
  } else if (word.name == "sport") {
    args.sport = std::move(value);
  } else if (word.name == "dport") {
    args.dport = std::move(value);
  } else if (word.name == "src") {
    args.src = std::move(value);
  } else if (word.name == "dst") {
    args.dst = std::move(value);
  } else {
    args.process = std::move(value);
  }
}

Error needs_value(const ValueWord& word, std::string_view typed) {
  return make_error("'" + std::string(typed) + "' needs a value (" + std::string(word.value_kind) + ")");
}

// A dashed word that is itself a filter word cannot be a value: "--sport --state x".
bool looks_like_option(std::string_view word) {
  if (word.empty() || word.front() != '-') return false;
  std::string name = lower(without_dashes(word));
  name = name.substr(0, name.find('='));
  return find_value_word(name) != nullptr || is_switch(name);
}

}  // namespace

Result<FilterArgs> parse_filter_words(std::string_view line) {
  auto words = split_words(line);
  if (!words) return words.error();
  FilterArgs args;
  const std::vector<std::string>& list = *words;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string& typed = list[i];
    std::string_view bare = without_dashes(typed);
    std::optional<std::string> inline_value;
    size_t equals = bare.find('=');
    std::string name = lower(bare.substr(0, equals));
    if (equals != std::string_view::npos) inline_value = std::string(bare.substr(equals + 1));

    if (const ValueWord* word = find_value_word(name)) {
      std::string_view shown = equals == std::string_view::npos ? std::string_view(typed)
                                                                : std::string_view(typed).substr(0, typed.find('='));
      if (inline_value) {
        if (inline_value->empty()) return needs_value(*word, shown);
        set_value(*word, std::move(*inline_value), args);
      } else {
        if (i + 1 == list.size() || looks_like_option(list[i + 1])) return needs_value(*word, shown);
        set_value(*word, list[++i], args);
      }
      continue;
    }
    if (is_switch(name)) {
      if (inline_value) return make_error("'" + typed.substr(0, typed.find('=')) + "' takes no value");
      apply_switch(name, args);
      continue;
    }
    return make_error("unknown filter word '" + typed + "' (expected " + std::string(kKnownWords) + ")");
  }
  return args;
}

Result<ParsedFilterWords> parse_filter_line(std::string_view line) {
  auto args = parse_filter_words(line);
  if (!args) return args.error();
  auto filter = parse_filter(*args);
  if (!filter) return filter.error();
  return ParsedFilterWords{std::move(*args), std::move(*filter)};
}

}  // namespace sockscope
