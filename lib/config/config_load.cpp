// load_config: the file on disk → DaemonConfig.
#include <cerrno>

#include "config/config.h"
#include "config/config_file.h"

namespace sockscope {

Result<DaemonConfig> load_config(const std::filesystem::path& path, bool missing_ok) {
  auto text = config::read_config_file(path);
  if (!text) {
    // Only a file that is not there falls back; a file that is there but
    // unreadable is a mistake the operator has to see.
    if (missing_ok && text.error().err == ENOENT) return DaemonConfig{};
    return text.error();
  }
  return parse_config(*text, path.string());
}

}  // namespace sockscope
