// Filter syntax tree -> SQL fragment for one target. Every user-supplied piece (values,
// attribute paths, patterns) is appended to the bound values; the SQL text is built only
// from the constants in this file.
#include "core/filter/filter.h"
#include "core/filter/filter_parser.h"
#include "core/model/ids.h"
#include "core/util/time_text.h"

#include <array>
#include <cctype>
#include <charconv>
#include <functional>
#include <regex>

namespace casebook {
namespace {

using filter::Field;
using filter::Node;
using filter::Token;
using filter::TokenKind;
using Value = ScopedQuery::Value;

struct CompileFailure {
    FilterError error;
};

struct Named {
    std::string_view name;
    int low, high;
};

// OTLP severity numbers: each level name covers four.
constexpr std::array<Named, 8> kLevels{{{"trace", 1, 4},
                                        {"debug", 5, 8},
                                        {"info", 9, 12},
                                        {"warn", 13, 16},
                                        {"warning", 13, 16},
                                        {"error", 17, 20},
                                        {"fatal", 21, 24},
                                        {"critical", 21, 24}}};
constexpr std::array<Named, 3> kStatuses{{{"unset", 0, 0}, {"ok", 1, 1}, {"error", 2, 2}}};
constexpr std::array<Named, 5> kKinds{{{"internal", 1, 1},
                                       {"server", 2, 2},
                                       {"client", 3, 3},
                                       {"producer", 4, 4},
                                       {"consumer", 5, 5}}};

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

template <std::size_t N>
const Named* findNamed(const std::array<Named, N>& table, std::string_view text) {
    const auto lower = lowerAscii(text);
    for (const auto& n : table)
        if (n.name == lower)
            return &n;
    return nullptr;
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return v;
}

std::optional<double> parseDecimal(std::string_view text) {
    // from_chars also reads "inf" and "nan", which are words here, not numbers.
    const std::size_t digit = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    if (digit >= text.size() || !std::isdigit(static_cast<unsigned char>(text[digit])))
        return std::nullopt;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return v;
}

std::string sqlOperator(std::string_view op) {
    return op == "==" ? "=" : std::string(op);
}

// The JSON path of a flat attribute key: OTLP keys contain dots ("http.route"), so the
// key is always one quoted label, never split.
std::string jsonPath(std::string_view key) {
    std::string path = "$.\"";
    for (char c : key) {
        if (c == '"' || c == '\\')
            path += '\\';
        path += c;
    }
    return path + '"';
}

class Compiler {
public:
    Compiler(std::string_view text, FilterTarget target) : text_(text), target_(target) {}

    std::vector<Value> takeValues() { return std::move(values_); }

    std::string node(const Node& n) {
        switch (n.kind) {
        case Node::Kind::And:
        case Node::Kind::Or: {
            const bool isAnd = n.kind == Node::Kind::And;
            std::string out;
            for (const auto& child : n.children) {
                if (!out.empty())
                    out += isAnd ? " AND " : " OR ";
                const bool wrap =
                    child.kind == Node::Kind::Or || (!isAnd && child.kind == Node::Kind::And);
                out += wrap ? "(" + node(child) + ")" : node(child);
            }
            return out;
        }
        case Node::Kind::Not:
            return "NOT (" + node(n.children.front()) + ")";
        case Node::Kind::Compare:
            return comparison(n);
        }
        return {};
    }

private:
    std::string_view text_;
    FilterTarget target_;
    std::vector<Value> values_;

    [[noreturn]] void fail(const Token& at, std::string message) const {
        throw CompileFailure{{at.position, at.length, std::move(message)}};
    }

    std::string shown(const Token& t) const {
        return "'" + std::string(text_.substr(t.position, t.length)) + "'";
    }

    std::string bind(Value v) {
        values_.push_back(std::move(v));
        return "?";
    }

    static bool isSpanField(Field f) {
        return f == Field::Service || f == Field::Operation || f == Field::Status ||
               f == Field::Kind || f == Field::SpanId || f == Field::ErrorCode ||
               f == Field::Attribute;
    }

    std::string comparison(const Node& n) {
        if (!filter::fieldAppliesTo(n.field, target_))
            fail(n.fieldToken, "field '" + n.fieldToken.text + "' does not apply to " +
                                   std::string(filter::targetName(target_)));
        const std::string& op = n.op.text;
        const bool negated = op == "!=" || op == "!~";
        const std::string positive = op == "!=" ? "==" : op == "!~" ? "~" : op;
        if (target_ == FilterTarget::Traces && isSpanField(n.field)) {
            const std::string exists =
                "EXISTS (SELECT 1 FROM spans s WHERE s.trace_id = t.trace_id AND s.tenant_id = "
                "t.tenant_id AND " +
                predicate(n, positive, FilterTarget::Spans) + ")";
            return negated ? "NOT " + exists : exists;
        }
        const std::string p = predicate(n, positive, target_);
        return negated ? "NOT (" + p + ")" : p;
    }

    // `op` is never != or !~ here: those are negations of the == / ~ predicate.
    std::string predicate(const Node& n, const std::string& op, FilterTarget row) {
        const char* a = row == FilterTarget::Spans    ? "s."
                        : row == FilterTarget::Traces ? "t."
                                                      : "l.";
        const std::string alias = a;
        switch (n.field) {
        case Field::Service:
            return alias + "service_id IN (SELECT id FROM services WHERE " +
                   text(n, op, "name", false) + ")";
        case Field::Tenant:
            return alias + "tenant_id IN (SELECT id FROM tenants WHERE " +
                   text(n, op, "name", false) + ")";
        case Field::Operation:
            return text(n, op, "s.name", false);
        case Field::Body:
            return text(n, op, "l.body", false);
        case Field::ErrorCode:
            return text(n, op, alias + "error_code", true);
        case Field::Duration:
            return ordered(n, op,
                           row == FilterTarget::Traces ? "t.duration_ns" : "s.end_ns - s.start_ns",
                           duration(n));
        case Field::Start:
            return ordered(n, op, row == FilterTarget::Logs ? "l.time_ns" : alias + "start_ns",
                           time(n));
        case Field::Spans:
            return ordered(n, op, "t.span_count", count(n));
        case Field::Errors:
            return ordered(n, op, "t.error_count", count(n));
        case Field::Services:
            return ordered(n, op, "t.service_count", count(n));
        case Field::Status:
            return named(n, op, "s.status_code", kStatuses, "status is ok, error or unset");
        case Field::Kind:
            return named(n, op, "s.kind", kKinds,
                         "kind is server, client, producer, consumer or internal");
        case Field::Level:
            return level(n, op);
        case Field::TraceId:
        case Field::SpanId:
            return id(n, op, alias, row == FilterTarget::Logs);
        case Field::Attribute:
            return attribute(n, op, alias);
        }
        return {};
    }

    void requireOrdered(const Node& n, const std::string& op) const {
        if (op == "~")
            fail(n.op, "operator '" + n.op.text + "' does not apply to field '" +
                           n.fieldToken.text + "'");
    }

    void requireEquality(const Node& n, const std::string& op) const {
        if (op != "==")
            fail(n.op, "operator '" + n.op.text + "' does not apply to field '" +
                           n.fieldToken.text + "' (use == or !=)");
    }

    std::string_view plainValue(const Node& n) const {
        if (n.value.kind == TokenKind::Regex)
            fail(n.value, "a regular expression needs '~' or '!~'");
        return n.value.text;
    }

    static std::string nullSafe(std::string p, bool nullable) {
        return nullable ? "coalesce(" + p + ", 0)" : p;
    }

    std::string text(const Node& n, const std::string& op, const std::string& column,
                     bool nullable) {
        if (op == "~")
            return match(
                n, [&] { return column; }, nullable);
        if (op != "==")
            fail(n.op, "operator '" + n.op.text + "' does not apply to field '" +
                           n.fieldToken.text + "' (use == != ~ !~)");
        return nullSafe(column + " = " + bind(std::string(plainValue(n))), nullable);
    }

    // `expression` is a callback because it may bind values itself, and those must be
    // bound in the order their `?` appear: after the pattern, before the needle.
    std::string match(const Node& n, const std::function<std::string()>& expression,
                      bool nullable) {
        if (n.value.kind == TokenKind::Regex) {
            try {
                std::regex check(n.value.text, n.value.caseInsensitive
                                                   ? std::regex::ECMAScript | std::regex::icase
                                                   : std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
                fail(n.value, std::string("bad regular expression: ") + e.what());
            }
            const std::string pattern = bind(n.value.text);
            const std::string subject = expression();
            return nullSafe("regexp(" + pattern + ", " + subject +
                                (n.value.caseInsensitive ? ", 'i')" : ")"),
                            nullable);
        }
        const std::string subject = expression();
        return nullSafe("instr(lower(" + subject + "), " + bind(lowerAscii(n.value.text)) + ") > 0",
                        nullable);
    }

    std::string ordered(const Node& n, const std::string& op, const std::string& column,
                        std::int64_t value) {
        requireOrdered(n, op);
        return column + " " + sqlOperator(op) + " " + bind(value);
    }

    std::int64_t duration(const Node& n) const {
        requireOrderedValue(n);
        if (auto ns = parseDuration(plainValue(n)))
            return *ns;
        fail(n.value, "expected a duration with a unit (250ms, 1.5s, 2h), not " + shown(n.value));
    }

    std::int64_t time(const Node& n) const {
        requireOrderedValue(n);
        if (auto ns = parseRfc3339(plainValue(n)))
            return *ns;
        fail(n.value, "expected a time like 2026-11-20T09:00Z, not " + shown(n.value));
    }

    std::int64_t count(const Node& n) const {
        requireOrderedValue(n);
        if (auto v = parseInteger(plainValue(n)))
            return *v;
        fail(n.value, "expected a whole number, not " + shown(n.value));
    }

    // `duration ~ 5s` must name the operator, not complain about the value.
    void requireOrderedValue(const Node& n) const {
        requireOrdered(n, n.op.text == "!~" ? "~" : n.op.text);
    }

    template <std::size_t N>
    std::string named(const Node& n, const std::string& op, const std::string& column,
                      const std::array<Named, N>& table, const char* expected) {
        requireEquality(n, op);
        const Named* v = findNamed(table, plainValue(n));
        if (!v)
            fail(n.value, std::string(expected) + ", not " + shown(n.value));
        return column + " = " + bind(std::int64_t{v->low});
    }

    std::string level(const Node& n, const std::string& op) {
        requireOrdered(n, op);
        const std::string column = "l.severity_number";
        const std::string_view v = plainValue(n);
        if (auto number = parseInteger(v))
            return column + " " + sqlOperator(op) + " " + bind(*number);
        const Named* l = findNamed(kLevels, v);
        if (!l)
            fail(n.value, "level is trace, debug, info, warn, error, fatal or a severity number, "
                          "not " +
                              shown(n.value));
        if (op == "==") {
            const std::string low = bind(std::int64_t{l->low});
            return column + " BETWEEN " + low + " AND " + bind(std::int64_t{l->high});
        }
        // Above a level means above its whole range; below it, below its first number.
        const bool upper = op == ">" || op == "<=";
        return column + " " + op + " " + bind(std::int64_t{upper ? l->high : l->low});
    }

    std::string id(const Node& n, const std::string& op, const std::string& alias, bool nullable) {
        requireEquality(n, op);
        const std::string_view v = plainValue(n);
        std::vector<std::uint8_t> bytes;
        if (n.field == Field::TraceId) {
            const auto parsed = traceIdFromHexLenient(v);
            if (!parsed)
                fail(n.value, "trace_id needs 16 or 32 hex digits, not " + shown(n.value));
            bytes.assign(parsed->bytes.begin(), parsed->bytes.end());
        } else {
            const auto parsed = SpanId::fromHex(v);
            if (!parsed)
                fail(n.value, "span_id needs 16 hex digits, not " + shown(n.value));
            bytes.assign(parsed->bytes.begin(), parsed->bytes.end());
        }
        const std::string column = alias + (n.field == Field::TraceId ? "trace_id" : "span_id");
        return nullSafe(column + " = " + bind(std::move(bytes)), nullable);
    }

    std::string attribute(const Node& n, const std::string& op, const std::string& alias) {
        // Resource attributes (service.version, deployment.environment) are not copied
        // into each row, so a key missing on the row is looked up on its resource.
        auto expression = [&] {
            const std::string path = jsonPath(n.attributeKey);
            std::string e = "coalesce(json_extract(" + alias + "attributes, " + bind(path) + "), ";
            return e + "(SELECT json_extract(r.attributes, " + bind(path) +
                   ") FROM resources r WHERE r.id = " + alias + "resource_id))";
        };
        if (op == "~")
            return match(n, expression, true);
        const std::string subject = expression();
        return "coalesce(" + subject + " " + sqlOperator(op) + " " + bind(attributeValue(n)) +
               ", 0)";
    }

    Value attributeValue(const Node& n) const {
        const std::string_view v = plainValue(n);
        if (n.value.kind == TokenKind::String)
            return std::string(v);
        if (auto i = parseInteger(v))
            return *i;
        if (auto d = parseDecimal(v))
            return *d;
        // json_extract gives JSON true/false as 1/0.
        if (v == "true" || v == "false")
            return std::int64_t{v == "true" ? 1 : 0};
        return std::string(v);
    }
};

std::size_t displayColumn(std::string_view text, std::size_t bytes) {
    std::size_t column = 0;
    for (std::size_t i = 0; i < std::min(bytes, text.size()); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    return column;
}

} // namespace

FilterResult compileFilter(std::string_view text, FilterTarget target) {
    FilterResult out;
    out.filter.target = target;
    auto parsed = filter::parseFilter(text);
    if (parsed.error) {
        out.error = std::move(parsed.error);
    } else if (parsed.root) {
        try {
            Compiler compiler(text, target);
            out.filter.sql = compiler.node(*parsed.root);
            out.filter.values = compiler.takeValues();
        } catch (const CompileFailure& f) {
            out.error = f.error;
        }
    }
    if (out.error)
        out.filter = CompiledFilter{target, "0", {}};
    return out;
}

std::string filterErrorCaret(std::string_view text, const FilterError& error,
                             std::string_view indent) {
    std::string line(indent);
    for (char c : text)
        line += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    line += '\n';
    line += indent;
    line.append(displayColumn(text, error.position), ' ');
    line += '^';
    return line;
}

} // namespace casebook
