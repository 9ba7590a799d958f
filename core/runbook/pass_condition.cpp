#include "core/runbook/pass_condition.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

namespace casebook {

struct PassCondition::Node {
    enum class Kind { Compare, And, Or } kind = Kind::Compare;
    std::string name;
    std::string op;
    double number = 0;
    std::shared_ptr<const Node> left, right;
};

namespace {

using Node = PassCondition::Node;

struct ConditionParser {
    std::string_view text;
    std::size_t pos = 0;
    int depth = 0;
    std::optional<ConditionError> error;

    void skipSpace() {
        while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos])))
            ++pos;
    }
    bool fail(std::size_t at, std::string message) {
        if (!error)
            error = ConditionError{at, std::move(message)};
        return false;
    }
    std::string word() {
        skipSpace();
        const std::size_t start = pos;
        while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) ||
                                     text[pos] == '_' || text[pos] == '.'))
            ++pos;
        return std::string(text.substr(start, pos - start));
    }
    bool keyword(std::string_view kw) {
        skipSpace();
        const std::size_t save = pos;
        std::string w = word();
        std::transform(w.begin(), w.end(), w.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (w == kw)
            return true;
        pos = save;
        return false;
    }

    std::shared_ptr<const Node> parseOr() {
        auto left = parseAnd();
        while (left && keyword("or")) {
            auto right = parseAnd();
            if (!right)
                return nullptr;
            left = std::make_shared<Node>(Node{Node::Kind::Or, {}, {}, 0, left, right});
        }
        return left;
    }
    std::shared_ptr<const Node> parseAnd() {
        auto left = parseUnit();
        while (left && keyword("and")) {
            auto right = parseUnit();
            if (!right)
                return nullptr;
            left = std::make_shared<Node>(Node{Node::Kind::And, {}, {}, 0, left, right});
        }
        return left;
    }
    std::shared_ptr<const Node> parseUnit() {
        skipSpace();
        if (pos < text.size() && text[pos] == '(') {
            if (++depth > 32) {
                fail(pos, "the condition nests too deeply");
                return nullptr;
            }
            ++pos;
            auto inner = parseOr();
            skipSpace();
            if (!inner)
                return nullptr;
            if (pos >= text.size() || text[pos] != ')') {
                fail(pos, "missing ')'");
                return nullptr;
            }
            ++pos;
            --depth;
            return inner;
        }
        return parseComparison();
    }
    std::shared_ptr<const Node> parseComparison() {
        skipSpace();
        const std::size_t nameAt = pos;
        const std::string name = word();
        if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) {
            fail(nameAt, pos >= text.size() && name.empty()
                             ? "expected a comparison such as 'count >= 1'"
                             : "expected a value name such as count, not '" +
                                   std::string(text.substr(
                                       nameAt, std::max<std::size_t>(1, pos - nameAt))) +
                                   "'");
            return nullptr;
        }
        skipSpace();
        const std::size_t opAt = pos;
        std::string op;
        for (std::string_view candidate : {"==", "!=", "<=", ">=", "<", ">", "="}) {
            if (text.substr(pos, candidate.size()) == candidate) {
                op = candidate == "=" ? "==" : std::string(candidate);
                pos += candidate.size();
                break;
            }
        }
        if (op.empty()) {
            fail(opAt, "expected an operator (== != < <= > >=) after '" + name + "'");
            return nullptr;
        }
        skipSpace();
        const std::size_t numberAt = pos;
        std::size_t end = pos;
        while (end < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
                text[end] == '-' || text[end] == '+' || text[end] == 'e' || text[end] == 'E'))
            ++end;
        double number = 0;
        const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + end, number);
        if (ec != std::errc() || ptr == text.data() + pos) {
            fail(numberAt, "expected a number after '" + op + "'");
            return nullptr;
        }
        pos = static_cast<std::size_t>(ptr - text.data());
        if (pos < text.size() && text[pos] == '%') {
            number /= 100;
            ++pos;
        }
        return std::make_shared<Node>(
            Node{Node::Kind::Compare, name, op, number, nullptr, nullptr});
    }
};

bool evaluateNode(const Node& node, const std::map<std::string, double>& values) {
    switch (node.kind) {
    case Node::Kind::And:
        return evaluateNode(*node.left, values) && evaluateNode(*node.right, values);
    case Node::Kind::Or:
        return evaluateNode(*node.left, values) || evaluateNode(*node.right, values);
    case Node::Kind::Compare:
        break;
    }
    const auto it = values.find(node.name);
    if (it == values.end() || it->second != it->second) // missing or NaN
        return false;
    const double v = it->second;
    if (node.op == "==")
        return v == node.number;
    if (node.op == "!=")
        return v != node.number;
    if (node.op == "<")
        return v < node.number;
    if (node.op == "<=")
        return v <= node.number;
    if (node.op == ">")
        return v > node.number;
    return v >= node.number;
}

void collectNames(const Node& node, std::set<std::string>& out) {
    if (node.kind == Node::Kind::Compare) {
        out.insert(node.name);
        return;
    }
    collectNames(*node.left, out);
    collectNames(*node.right, out);
}

} // namespace

std::variant<PassCondition, ConditionError> PassCondition::parse(std::string_view text) {
    ConditionParser parser;
    parser.text = text;
    auto root = parser.parseOr();
    parser.skipSpace();
    if (root && parser.pos < text.size())
        parser.fail(parser.pos, "expected 'and', 'or' or the end of the condition before '" +
                                    std::string(text.substr(parser.pos, 1)) + "'");
    if (parser.error)
        return *parser.error;
    PassCondition condition;
    condition.text_ = std::string(text);
    condition.root_ = std::move(root);
    return condition;
}

bool PassCondition::evaluate(const std::map<std::string, double>& values) const {
    return root_ && evaluateNode(*root_, values);
}

std::vector<std::string> PassCondition::names() const {
    std::set<std::string> names;
    if (root_)
        collectNames(*root_, names);
    return {names.begin(), names.end()};
}

} // namespace casebook
