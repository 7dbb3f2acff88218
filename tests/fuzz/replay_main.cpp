// Replays a fuzz corpus through LLVMFuzzerTestOneInput without libFuzzer, so
// every ctest run (any compiler, any sanitizer) re-checks the committed inputs.
// usage: fuzz_replay DIR_OR_FILE...
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

namespace {
bool replay_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return false;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  size_t files = 0;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg = argv[i];
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      for (const auto& entry : fs::directory_iterator(arg)) {
        if (!entry.is_regular_file()) continue;
        if (!replay_file(entry.path())) return 1;
        ++files;
      }
    } else {
      if (!replay_file(arg)) return 1;
      ++files;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "no corpus files given\n");
    return 1;
  }
  std::printf("replayed %zu inputs\n", files);
  return 0;
}
