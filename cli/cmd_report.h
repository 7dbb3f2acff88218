// `sockscope` with no command: the triage report.
#pragma once

#include "global_options.h"

namespace sockscope::cli {

int run_report(const GlobalOptions& global);

}  // namespace sockscope::cli
