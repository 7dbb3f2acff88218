// How many terminal columns one code point takes: what ncurses counts when
// it places text, so the layout must count the same.
#pragma once

#include <cstddef>

namespace sockscope::watch_text {

// 0 for combining marks and other zero-width characters (U+0301, U+200B,
// variation selectors), 2 for East Asian Wide and Fullwidth ones (CJK
// ideographs, kana, Hangul syllables, fullwidth forms, most emoji), 1 for
// the rest: the widths the C library's wcwidth() gives in a UTF-8 locale
// (Unicode 14), from a table here, so the answer does not depend on this
// process's locale. Control characters are never passed here (printable()
// has made them '?'); an unassigned code point counts as 1.
size_t char_columns(char32_t code_point);

}  // namespace sockscope::watch_text
