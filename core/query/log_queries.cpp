#include "core/query/log_queries.h"

#include "core/query/scoped_query.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace casebook {
namespace {

// Turns free text into an FTS5 query of quoted terms, so that user input is never
// read as FTS syntax (AND, NEAR, column filters, unbalanced quotes).
std::string ftsQuery(std::string_view text) {
    std::string out;
    std::string word;
    auto flush = [&] {
        if (word.empty())
            return;
        if (!out.empty())
            out += ' ';
        out += '"';
        for (char c : word) {
            if (c == '"')
                out += '"';
            out += c;
        }
        out += '"';
        word.clear();
    };
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)))
            flush();
        else
            word += c;
    }
    flush();
    return out;
}

// Words that occur in few records are found from the full-text index and the records
// fetched by id (a page then sorts a few thousand rows); words that occur everywhere are
// checked row by row as the time index is walked, which stops after a page. Making SQLite
// choose between the two is not possible: `IN (SELECT rowid ... MATCH)` always collects
// every match first and then walks the whole time index, 0.5 s for one word in 10,000
// over five million lines. The index says which case this is after a bounded look.
constexpr std::int64_t kSelectiveMatches = 20000;

// The condition a search adds: rows by id when the word is rare, else a check per row.
struct SearchCondition {
    std::string sql;
    std::vector<ScopedQuery::Value> values;
    bool rowsKnown = false;
};

SearchCondition searchCondition(Database& db, const std::string& fts) {
    auto probe = db.prepare("SELECT rowid FROM logs_fts WHERE logs_fts MATCH ? LIMIT ?");
    probe.bind(1, fts).bind(2, kSelectiveMatches + 1);
    std::vector<std::int64_t> ids;
    while (probe.step() && std::int64_t(ids.size()) <= kSelectiveMatches)
        ids.push_back(probe.int64(0));
    if (std::int64_t(ids.size()) > kSelectiveMatches)
        return {"EXISTS (SELECT 1 FROM logs_fts WHERE logs_fts MATCH ? AND logs_fts.rowid = l.id)",
                {fts},
                false};
    if (ids.empty())
        return {"0", {}, true};
    SearchCondition c{"l.id IN (", {}, true};
    c.values.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        c.sql += i ? ",?" : "?";
        c.values.emplace_back(ids[i]);
    }
    c.sql += ')';
    return c;
}

} // namespace

std::optional<int> severityFromName(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "trace")
        return 1;
    if (lower == "debug")
        return 5;
    if (lower == "info")
        return 9;
    if (lower == "warn" || lower == "warning")
        return 13;
    if (lower == "error")
        return 17;
    if (lower == "fatal" || lower == "critical")
        return 21;
    return std::nullopt;
}

void applyLogConditions(Database& db, ScopedQuery& q, const Scope& scope, const LogQuery& query) {
    std::optional<SearchCondition> search;
    if (query.search) {
        const auto fts = ftsQuery(*query.search);
        if (!fts.empty())
            search = searchCondition(db, fts);
    }
    q.applyScope(scope, "l", "time_ns", search && search->rowsKnown);
    if (search)
        q.where(search->sql, std::move(search->values));
    if (query.minSeverity)
        q.where("l.severity_number >= ?", static_cast<std::int64_t>(*query.minSeverity));
    if (query.service)
        q.where("sv.name = ?", *query.service);
    if (query.traceId)
        q.where("l.trace_id = ?", std::vector<std::uint8_t>(query.traceId->bytes.begin(),
                                                            query.traceId->bytes.end()));
    if (query.filter) {
        if (query.filter->target != FilterTarget::Logs)
            throw std::invalid_argument("listLogs needs a filter compiled for logs");
        q.where(query.filter->sql, query.filter->values);
    }
}

LogRow readLogRow(Statement& st) {
    LogRow r;
    r.id = st.int64(0);
    r.timeNs = st.int64(1);
    r.severityNumber = static_cast<int>(st.int64(2));
    r.severityText = st.text(3);
    r.service = st.text(4);
    r.tenant = st.text(5);
    r.body = st.text(6);
    if (auto b = st.blob(7); b.size() == 16)
        std::copy(b.begin(), b.end(), r.traceId.emplace().bytes.begin());
    if (auto b = st.blob(8); b.size() == 8)
        std::copy(b.begin(), b.end(), r.spanId.emplace().bytes.begin());
    r.errorCode = st.text(9);
    r.attributesJson = st.text(10);
    return r;
}

std::vector<LogRow> listLogs(Workspace& ws, const Scope& scope, const LogQuery& query) {
    ScopedQuery q("SELECT " CASEBOOK_LOG_ROW_COLUMNS
                  " FROM logs l JOIN tenants tn ON tn.id = l.tenant_id "
                  "LEFT JOIN services sv ON sv.id = l.service_id");
    applyLogConditions(ws.db(), q, scope, query);
    q.append(query.newestFirst ? "ORDER BY l.time_ns DESC, l.id DESC" : "ORDER BY l.time_ns, l.id");
    q.append("LIMIT ? OFFSET ?").bindValue(query.limit).bindValue(query.offset);
    auto st = q.prepare(ws.db());
    std::vector<LogRow> out;
    while (st.step()) {
        out.push_back(readLogRow(st));
    }
    return out;
}

} // namespace casebook
