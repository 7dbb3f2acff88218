// An Explanation as terminal text: the title, then one headed section per
// part that applies, paragraphs wrapped at kExplanationWidth columns.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "explain/explanation.h"
#include "render/text_wrap.h"  // append_wrapped, which explanations use

namespace sockscope {

inline constexpr size_t kExplanationWidth = 78;

void render_explanation_text(fmt::memory_buffer& out, const Explanation& explanation);
std::string explanation_text(const Explanation& explanation);


}  // namespace sockscope
