#pragma once
// Tokens of the filter language. Bare words are kept as raw text: whether `250ms`,
// `4.2.0` or `2026-11-20T09:00Z` is a duration, a string or a time depends on the field
// it is compared with, which only the compiler knows.

#include "core/filter/filter.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook::filter {

enum class TokenKind {
    Word,       // bare word: field name, number, duration, time, enum name, unquoted string
    String,     // "double quoted", escapes resolved
    Regex,      // /pattern/ or /pattern/i, only right after ~ or !~
    AttrQuoted, // attr."key with spaces"; text is the key
    Compare,    // == != < <= > >= ~ !~ (text holds the operator)
    And,
    Or,
    Not,
    LParen,
    RParen,
    End
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text; // Word: as written; String/AttrQuoted: unescaped; Regex: the pattern
    std::size_t position = 0;
    std::size_t length = 0;
    bool caseInsensitive = false; // Regex with the `i` flag
};

// Either the whole token list (ending in End) or the first lexical error.
struct LexResult {
    std::vector<Token> tokens;
    std::optional<FilterError> error;
};

LexResult lexFilter(std::string_view text);

} // namespace casebook::filter
