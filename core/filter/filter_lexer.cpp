#include "core/filter/filter_lexer.h"

#include <cctype>

namespace casebook::filter {
namespace {

bool isWordByte(char c) {
    const auto u = static_cast<unsigned char>(c);
    // Bytes >= 0x80 are UTF-8, so `µs` and non-English values are bare words too.
    return std::isalnum(u) || u >= 0x80 || c == '_' || c == '-' || c == '.' || c == '/' ||
           c == ':' || c == '+';
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    LexResult run() {
        LexResult out;
        while (true) {
            skipSpace();
            if (pos_ >= text_.size())
                break;
            const bool afterMatch =
                !out.tokens.empty() && out.tokens.back().kind == TokenKind::Compare &&
                (out.tokens.back().text == "~" || out.tokens.back().text == "!~");
            if (auto error = next(out.tokens, afterMatch)) {
                out.error = std::move(error);
                return out;
            }
        }
        out.tokens.push_back({TokenKind::End, {}, text_.size(), 0, false});
        return out;
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;

    char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
    }

    void skipSpace() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
            ++pos_;
    }

    std::optional<FilterError> next(std::vector<Token>& tokens, bool afterMatch) {
        const std::size_t start = pos_;
        const char c = peek();
        auto emit = [&](TokenKind kind, std::size_t length,
                        std::string text = {}) -> std::optional<FilterError> {
            pos_ = start + length;
            tokens.push_back({kind, std::move(text), start, length, false});
            return std::nullopt;
        };
        if (c == '(')
            return emit(TokenKind::LParen, 1);
        if (c == ')')
            return emit(TokenKind::RParen, 1);
        if (c == '&' && peek(1) == '&')
            return emit(TokenKind::And, 2);
        if (c == '|' && peek(1) == '|')
            return emit(TokenKind::Or, 2);
        if (c == '=')
            return emit(TokenKind::Compare, peek(1) == '=' ? 2 : 1, "==");
        if (c == '!') {
            if (peek(1) == '=')
                return emit(TokenKind::Compare, 2, "!=");
            if (peek(1) == '~')
                return emit(TokenKind::Compare, 2, "!~");
            return emit(TokenKind::Not, 1);
        }
        if (c == '<' || c == '>') {
            const bool orEqual = peek(1) == '=';
            return emit(TokenKind::Compare, orEqual ? 2 : 1,
                        std::string(1, c) + (orEqual ? "=" : ""));
        }
        if (c == '~')
            return emit(TokenKind::Compare, 1, "~");
        if (c == '"') {
            std::string value;
            if (auto error = readString(value))
                return error;
            tokens.push_back({TokenKind::String, std::move(value), start, pos_ - start, false});
            return std::nullopt;
        }
        if (c == '/' && afterMatch)
            return readRegex(tokens);
        if (isWordByte(c)) {
            while (pos_ < text_.size() && isWordByte(text_[pos_]))
                ++pos_;
            const std::string_view word = text_.substr(start, pos_ - start);
            if (word == "attr." && peek() == '"') {
                std::string key;
                if (auto error = readString(key))
                    return error;
                tokens.push_back(
                    {TokenKind::AttrQuoted, std::move(key), start, pos_ - start, false});
                return std::nullopt;
            }
            TokenKind kind = TokenKind::Word;
            if (equalsIgnoringCase(word, "and"))
                kind = TokenKind::And;
            else if (equalsIgnoringCase(word, "or"))
                kind = TokenKind::Or;
            else if (equalsIgnoringCase(word, "not"))
                kind = TokenKind::Not;
            tokens.push_back({kind, std::string(word), start, word.size(), false});
            return std::nullopt;
        }
        return FilterError{start, 1, std::string("unexpected character '") + c + "'"};
    }

    // pos_ is on the opening quote; leaves it after the closing one.
    std::optional<FilterError> readString(std::string& value) {
        const std::size_t start = pos_++;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return std::nullopt;
            }
            if (c == '\\') {
                const char e = peek(1);
                switch (e) {
                case '"':
                case '\\':
                case '/':
                case '\'':
                    value += e;
                    break;
                case 'n':
                    value += '\n';
                    break;
                case 't':
                    value += '\t';
                    break;
                case '\0':
                    return FilterError{start, text_.size() - start, "unterminated string"};
                default:
                    return FilterError{pos_, 2,
                                       std::string("unknown escape '\\") + e + "' in string"};
                }
                pos_ += 2;
                continue;
            }
            value += c;
            ++pos_;
        }
        return FilterError{start, text_.size() - start, "unterminated string"};
    }

    std::optional<FilterError> readRegex(std::vector<Token>& tokens) {
        const std::size_t start = pos_++;
        std::string pattern;
        while (pos_ < text_.size() && text_[pos_] != '/') {
            // Only \/ is the language's; every other escape belongs to the regex.
            if (text_[pos_] == '\\' && peek(1) == '/') {
                pattern += '/';
                pos_ += 2;
                continue;
            }
            if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
                pattern += text_.substr(pos_, 2);
                pos_ += 2;
                continue;
            }
            pattern += text_[pos_++];
        }
        if (pos_ >= text_.size())
            return FilterError{start, text_.size() - start, "unterminated regular expression"};
        ++pos_;
        bool insensitive = false;
        if (peek() == 'i' && !isWordByte(peek(1))) {
            insensitive = true;
            ++pos_;
        }
        tokens.push_back({TokenKind::Regex, std::move(pattern), start, pos_ - start, insensitive});
        return std::nullopt;
    }
};

} // namespace

LexResult lexFilter(std::string_view text) {
    return Lexer(text).run();
}

} // namespace casebook::filter
