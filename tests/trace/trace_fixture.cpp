#include "trace_fixture.h"

#include "core/util/time_text.h"

#include <deque>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace casebook::test {
namespace {

SpanId idNumber(std::uint32_t n) {
    SpanId id;
    for (int b = 0; b < 4; ++b)
        id.bytes[7 - b] = static_cast<std::uint8_t>(n >> (8 * b));
    id.bytes[0] = 0xAB; // never all zero
    return id;
}

std::int64_t timeOf(const std::string& token) {
    if (token.find_first_not_of("-0123456789") == std::string::npos)
        return std::stoll(token);
    if (const auto d = parseDuration(token))
        return *d;
    throw std::invalid_argument("fixture: bad time " + token);
}

} // namespace

TraceModel traceFromText(const std::string& text) {
    std::deque<std::string> storage; // SpanInput holds views
    std::vector<SpanInput> spans;
    std::vector<std::pair<std::size_t, SpanId>> open; // (indent, id) of the current ancestors
    std::map<std::string, SpanId> labels;
    std::uint32_t nextId = 1;
    const auto labelId = [&](const std::string& label) {
        const auto it = labels.find(label);
        return it != labels.end() ? it->second
                                  : labels.emplace(label, idNumber(nextId++)).first->second;
    };
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto indent = line.find_first_not_of(' ');
        if (indent == std::string::npos)
            continue;
        std::istringstream in(line);
        std::string name, service, start, end, extra;
        in >> name >> service >> start >> end;
        SpanInput s;
        s.name = storage.emplace_back(name);
        s.service = storage.emplace_back(service);
        s.startNs = timeOf(start);
        s.endNs = timeOf(end);
        std::optional<std::string> parentLabel, idLabel;
        while (in >> extra) {
            if (extra == "error")
                s.status = 2;
            else if (extra.starts_with("msg="))
                s.statusMessage = storage.emplace_back(extra.substr(4));
            else if (extra.starts_with("id="))
                idLabel = extra.substr(3);
            else if (extra.starts_with("parent="))
                parentLabel = extra.substr(7);
            else
                throw std::invalid_argument("fixture: bad token " + extra);
        }
        s.spanId = idLabel ? labelId(*idLabel) : idNumber(nextId++);
        while (!open.empty() && open.back().first >= indent)
            open.pop_back();
        if (parentLabel)
            s.parentSpanId = labelId(*parentLabel);
        else if (!open.empty())
            s.parentSpanId = open.back().second;
        open.emplace_back(indent, s.spanId);
        s.rowId = static_cast<std::int64_t>(spans.size() + 1);
        spans.push_back(s);
    }
    return TraceModel::fromSpans(spans);
}

std::string dumpRows(const TraceModel& m, const WaterfallRows& rows) {
    std::string out;
    for (const auto& row : rows.rows) {
        out.append(2 * row.depth, ' ');
        const std::string what =
            std::string(m.service(row.span)) + "." + std::string(m.name(row.span));
        if (row.kind == RowKind::Span) {
            out += std::string(m.name(row.span)) + " " + std::string(m.service(row.span));
            if (row.flags & kRowHasChildren)
                out += (row.flags & kRowCollapsed) ? " closed" : " open";
            if (row.flags & kRowError)
                out += " error";
            if (row.flags & kRowMatch)
                out += " match";
        } else {
            const auto& f = rows.folds[row.fold];
            out += row.kind == RowKind::SimilarFold ? "fold " + std::to_string(f.count) + " " + what
                                                    : "short " + std::to_string(f.count);
            out += " p50=" + std::to_string(f.p50Ns) + " errors=" + std::to_string(f.errors);
        }
        if (row.flags & kRowHiddenMatch)
            out += " hidden-match";
        out += '\n';
    }
    return out;
}

} // namespace casebook::test
