// Numbers as people read them.
#pragma once

#include <cstdint>
#include <string>

namespace sockscope {

// 512 -> "512 B", 49152 -> "48.0 KiB", 6291456 -> "6.0 MiB".
std::string human_bytes(int64_t bytes);

}  // namespace sockscope
