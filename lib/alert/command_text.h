// A hook's argv as one line for logs and `hooks test`, quoted the way a
// POSIX shell would read it back: /usr/bin/notify --to 'ops team'.
#pragma once

#include <string>
#include <vector>

namespace sockscope::alert {

std::string command_text(const std::vector<std::string>& argv);

}  // namespace sockscope::alert
