#include "core/query/scoped_query.h"

namespace casebook {

ScopedQuery& ScopedQuery::where(std::string_view condition) {
    sql_ += hasWhere_ ? " AND (" : " WHERE (";
    sql_ += condition;
    sql_ += ')';
    hasWhere_ = true;
    return *this;
}

ScopedQuery& ScopedQuery::where(std::string_view condition, Value value) {
    where(condition);
    values_.push_back(std::move(value));
    return *this;
}

ScopedQuery& ScopedQuery::where(std::string_view condition, std::vector<Value> values) {
    if (condition.empty())
        return *this;
    where(condition);
    for (auto& v : values)
        values_.push_back(std::move(v));
    return *this;
}

ScopedQuery& ScopedQuery::bindValue(Value value) {
    values_.push_back(std::move(value));
    return *this;
}

ScopedQuery& ScopedQuery::applyScope(const Scope& scope, std::string_view alias,
                                     std::string_view timeColumn, bool rowsKnown) {
    const std::string prefix = alias.empty() ? std::string() : std::string(alias) + ".";
    if (!scope.isAllTenants())
        where((rowsKnown ? "+" : "") + prefix + "tenant_id = ?", raw(*scope.tenant()));
    if (!timeColumn.empty()) {
        if (scope.window().fromNs)
            where(prefix + std::string(timeColumn) + " >= ?", *scope.window().fromNs);
        if (scope.window().toNs)
            where(prefix + std::string(timeColumn) + " < ?", *scope.window().toNs);
    }
    return *this;
}

ScopedQuery& ScopedQuery::append(std::string_view tail) {
    sql_ += ' ';
    sql_ += tail;
    return *this;
}

Statement ScopedQuery::prepare(Database& db) const {
    Statement st = db.prepare(sql_);
    int index = 1;
    for (const auto& v : values_) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::vector<std::uint8_t>>)
                    st.bindBlob(index, x);
                else
                    st.bind(index, x);
            },
            v);
        ++index;
    }
    return st;
}

} // namespace casebook
