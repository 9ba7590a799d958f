#include "core/filter/filter_parser.h"

namespace casebook::filter {
namespace {

// Thrown inside the parser only, to unwind to parseFilter() on the first error.
struct ParseFailure {
    FilterError error;
};

class Parser {
public:
    Parser(std::string_view text, std::vector<Token> tokens)
        : text_(text), tokens_(std::move(tokens)) {}

    Node parseAll() {
        Node root = parseOr();
        const Token& t = peek();
        if (t.kind == TokenKind::RParen)
            fail(t, "unbalanced parenthesis: no '(' for this ')'");
        if (t.kind != TokenKind::End)
            fail(t, "expected 'and', 'or' or the end of the filter before " + shown(t));
        return root;
    }

private:
    std::string_view text_;
    std::vector<Token> tokens_;
    std::size_t next_ = 0;
    int depth_ = 0;

    const Token& peek() const { return tokens_[next_]; }
    const Token& take() { return tokens_[next_++]; }

    [[noreturn]] void fail(const Token& at, std::string message) const {
        throw ParseFailure{{at.position, at.length, std::move(message)}};
    }

    // The token as the user wrote it, for messages.
    std::string shown(const Token& t) const {
        if (t.kind == TokenKind::End)
            return "the end";
        std::string_view raw = text_.substr(t.position, t.length);
        if (raw.size() > 40)
            return "'" + std::string(raw.substr(0, 37)) + "...'";
        return "'" + std::string(raw) + "'";
    }

    void enter(const Token& at) {
        if (++depth_ > kMaxFilterDepth)
            fail(at, "filter nests too deeply (more than " + std::to_string(kMaxFilterDepth) +
                         " levels)");
    }

    Node combine(Node::Kind kind, std::vector<Node> parts) {
        if (parts.size() == 1)
            return std::move(parts.front());
        Node n;
        n.kind = kind;
        n.children = std::move(parts);
        return n;
    }

    Node parseOr() {
        std::vector<Node> parts;
        parts.push_back(parseAnd(std::nullopt));
        while (peek().kind == TokenKind::Or) {
            const Token& op = take();
            parts.push_back(parseAnd(op));
        }
        return combine(Node::Kind::Or, std::move(parts));
    }

    Node parseAnd(const std::optional<Token>& after) {
        std::vector<Node> parts;
        parts.push_back(parseUnary(after));
        while (peek().kind == TokenKind::And) {
            const Token& op = take();
            parts.push_back(parseUnary(op));
        }
        return combine(Node::Kind::And, std::move(parts));
    }

    Node parseUnary(const std::optional<Token>& after) {
        const Token& t = peek();
        if (t.kind == TokenKind::Not) {
            take();
            enter(t);
            Node n;
            n.kind = Node::Kind::Not;
            n.children.push_back(parseUnary(t));
            --depth_;
            return n;
        }
        if (t.kind == TokenKind::LParen) {
            const Token& open = take();
            enter(open);
            Node inner = parseOr();
            const Token& close = peek();
            if (close.kind == TokenKind::End)
                fail(close, "unbalanced parenthesis: missing ')'");
            if (close.kind != TokenKind::RParen)
                fail(close, "expected 'and', 'or' or ')' before " + shown(close));
            take();
            --depth_;
            return inner;
        }
        return parseComparison(after);
    }

    Node parseComparison(const std::optional<Token>& after) {
        const Token& t = peek();
        if (t.kind == TokenKind::End) {
            if (after)
                fail(t, "expected a comparison after " + shown(*after));
            fail(t, "expected a comparison");
        }
        if (t.kind == TokenKind::RParen)
            fail(t, depth_ == 0 ? "unbalanced parenthesis: no '(' for this ')'"
                                : "expected a comparison before ')'");
        Node n;
        n.kind = Node::Kind::Compare;
        n.fieldToken = take();
        if (t.kind == TokenKind::AttrQuoted) {
            n.field = Field::Attribute;
            n.attributeKey = t.text;
            if (n.attributeKey.empty())
                fail(t, "attribute key is empty");
        } else if (t.kind == TokenKind::Word) {
            resolveField(n);
        } else {
            fail(t, "expected a field name before " + shown(t));
        }
        const Token& op = peek();
        if (op.kind != TokenKind::Compare)
            fail(op, "expected an operator (== != < <= > >= ~ !~) after " + shown(n.fieldToken));
        n.op = take();
        const Token& value = peek();
        if (value.kind != TokenKind::Word && value.kind != TokenKind::String &&
            value.kind != TokenKind::Regex)
            fail(value, "expected a value after '" + n.op.text + "'");
        n.value = take();
        return n;
    }

    void resolveField(Node& n) {
        const std::string& name = n.fieldToken.text;
        if (name.rfind("attr.", 0) == 0) {
            n.field = Field::Attribute;
            n.attributeKey = name.substr(5);
            if (n.attributeKey.empty())
                fail(n.fieldToken, "expected an attribute key after 'attr.'");
            return;
        }
        if (auto f = fieldByName(name)) {
            n.field = *f;
            return;
        }
        const auto suggestion = suggestField(name);
        fail(n.fieldToken, "unknown field '" + name + "'" +
                               (suggestion.empty() ? "" : " (did you mean '" + suggestion + "'?)"));
    }
};

} // namespace

ParseResult parseFilter(std::string_view text) {
    ParseResult out;
    if (text.size() > kMaxFilterLength) {
        out.error =
            FilterError{kMaxFilterLength, text.size() - kMaxFilterLength,
                        "filter is longer than " + std::to_string(kMaxFilterLength) + " bytes"};
        return out;
    }
    auto lexed = lexFilter(text);
    if (lexed.error) {
        out.error = std::move(lexed.error);
        return out;
    }
    if (lexed.tokens.size() == 1)
        return out;
    try {
        out.root = Parser(text, std::move(lexed.tokens)).parseAll();
    } catch (const ParseFailure& f) {
        out.error = f.error;
    }
    return out;
}

} // namespace casebook::filter
