// Flags every command accepts.
#pragma once

namespace sockscope::cli {

struct GlobalOptions {
  bool json = false;
  // Poll in this process. The only mode for now; once a daemon exists, the
  // default becomes "ask the daemon, poll directly if none answers".
  bool direct = false;
};

}  // namespace sockscope::cli
