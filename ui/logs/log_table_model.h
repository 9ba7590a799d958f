#pragma once
// Log records of the scope and time window, oldest first, paged in from the workspace
// (canFetchMore/fetchMore, a page per job): a pane over five million lines holds a few
// pages, never the table.

#include "core/query/log_queries.h"
#include "core/store/scope.h"
#include "ui/util/paged_table_model.h"

#include <optional>
#include <vector>

namespace casebook::ui {

// What the Logs pane asks for; the filter is the filter language's text, compiled in the
// job so a bad one is reported and never runs.
struct LogRequest {
    QString workspacePath;
    std::optional<Scope> scope; // with the time window
    QString search;             // full-text words
    QString filter;
    std::optional<int> minSeverity;
    QString service;
    std::optional<TraceId> trace;
    std::optional<SpanId> span;
};

// Turns the request into an engine query; throws std::invalid_argument with the
// filter's message (and position) when the filter does not parse.
LogQuery toLogQuery(const LogRequest& request);

class LogTableModel : public PagedTableModel<LogRow> {
    Q_OBJECT
public:
    enum Column { Time, Level, Service, Tenant, Body, Trace, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1, SeverityRole };
    static constexpr int PageSize = 500;

    explicit LogTableModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over with the first page of another request. A filter that does not parse
    // is reported by queryError() and never runs.
    void setRequest(const LogRequest& request);
    const LogRequest& request() const { return request_; }
    QString queryError() const { return error_; }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    std::function<std::vector<LogRow>()> pageReader(std::int64_t offset, int limit) const override;
    QString failureText(const QString& error) const override;

private:
    LogRequest request_;
    QString error_;
};

// "ERROR", "WARN", ... from an OTLP severity number (the class, not the exact text).
QString severityClassName(int severityNumber);

} // namespace casebook::ui
