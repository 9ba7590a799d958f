#pragma once
// Building JSON text by hand on the hot import path, where a DOM would cost too much.

#include <string>
#include <string_view>

namespace casebook {

// Appends `value` as a JSON string literal (with quotes), escaping per RFC 8259.
// Invalid UTF-8 bytes are replaced by U+FFFD so the stored text is always valid JSON.
void appendJsonString(std::string& out, std::string_view value);

} // namespace casebook
