// parse_config: TOML text → DaemonConfig, checking every key against the table.
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"
#include "config/config_hooks.h"
#include "config/config_keys.h"
#include "config/config_problem.h"
#include "config/value_checks.h"

namespace sockscope {

namespace {

using Problem = config::ConfigProblem;

std::string joined(std::string_view prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  std::string path(prefix);
  path += '.';
  path += name;
  return path;
}

std::string unknown(std::string_view prefix, const std::string& path, bool is_table) {
  const std::string what = path + ": unknown " + (is_table ? "section" : "key");
  if (prefix.empty()) return what + " (sections: " + config::sections_in("") + ")";
  std::string keys = config::keys_in_section(prefix);
  if (keys.empty()) return what + " (sections in [" + std::string(prefix) + "]: " + config::sections_in(prefix) + ")";
  return what + " (keys in [" + std::string(prefix) + "]: " + keys + ")";
}

// Applies every key of `table` (whose dotted path is `prefix`) to `config`,
// recursing into known sections; everything wrong goes to `problems`.
void check_table(const toml::table& table, std::string_view prefix, DaemonConfig& config,
                 std::vector<Problem>& problems) {
  for (auto&& [name, node] : table) {
    std::string path = joined(prefix, name.str());
    if (path == "hooks") {  // an array of tables, not one section: see config_hooks.h
      config::read_hooks(node, config.hooks, problems);
    } else if (const config::ConfigKey* key = config::find_config_key(path)) {
      auto applied = key->apply(node, config);
      if (!applied) problems.push_back({node.source().begin, path + ": " + applied.error().message});
    } else if (config::is_config_section(path)) {
      if (const toml::table* section = node.as_table()) {
        check_table(*section, path, config, problems);
      } else {
        problems.push_back({node.source().begin, path + ": expected a table, got " + config::describe_value(node)});
      }
    } else {
      problems.push_back({name.source().begin, unknown(prefix, path, node.is_table() || node.is_array_of_tables())});
    }
  }
}

std::string located(std::string_view origin, toml::source_position at, std::string_view text) {
  std::string out(origin);
  out += ':';
  out += std::to_string(at.line);
  out += ": ";
  out += text;
  return out;
}

}  // namespace

Result<DaemonConfig> parse_config(std::string_view toml_text, std::string_view origin) {
  try {
    toml::table root = toml::parse(toml_text, origin);
    DaemonConfig config;  // built-in defaults; the file only changes what it names
    std::vector<Problem> problems;
    check_table(root, "", config, problems);
    if (!problems.empty()) {
      // toml::table iterates in key order, not file order: report the earliest line
      auto first = std::min_element(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
        return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
      });
      return make_error(located(origin, first->at, first->text));
    }
    return config;
  } catch (const toml::parse_error& e) {
    // toml++ starts its text with a capital ("Error while parsing ..."); after "file:line: " it reads as one sentence
    std::string what(e.description());
    if (!what.empty() && what[0] >= 'A' && what[0] <= 'Z') what[0] = static_cast<char>(what[0] - 'A' + 'a');
    return make_error(located(origin, e.source().begin, what));
  } catch (const std::exception& e) {  // allocation failure: still a Result, never an escape
    return make_error(std::string(origin) + ": " + e.what());
  }
}

}  // namespace sockscope
