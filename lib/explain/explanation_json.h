// An Explanation as JSON. Every key is always present, so consumers can rely
// on the shape:
//   title, proto, state (kernel name, or null for UDP in general),
//   socket (null for a state in general; else proto, family, state, local and
//     remote {addr, port}, recv_q, send_q, inode, cookie, uid,
//     timer {kind, expires_ms, count}, shutdown (number or null),
//     processes [{pid, comm, fd}]),
//   state_age_s (number or null),
//   meaning, how_it_got_here, timer, next, queues, memory, shutdown, owner,
//     age, advice: arrays of paragraphs (empty when the part does not apply),
//   findings: [{id, kind, severity, subject, summary, advice}].
#pragma once

#include <nlohmann/json.hpp>

#include "explain/explanation.h"

namespace sockscope {

nlohmann::ordered_json explanation_json(const Explanation& explanation);

}  // namespace sockscope
