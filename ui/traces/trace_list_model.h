#pragma once
// The traces of the workspace in scope, one row a trace, paged in from the trace summary
// table (canFetchMore/fetchMore, a page per job) so that a million traces cost a page.
// Sorting asks the engine for another order and starts over; it never sorts rows here.

#include "core/query/trace_queries.h"
#include "core/store/scope.h"
#include "ui/jobs/job_runner.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace casebook::ui {

class TraceListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Root, Start, Duration, Spans, Errors, Services, Tenant, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1, TraceIdRole };
    static constexpr int PageSize = 200;

    explicit TraceListModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over with another workspace, scope (with its time window) or filter; the
    // first page is asked for at once. An empty path or no scope shows nothing.
    void setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                  const QString& filter);
    bool isFetching() const { return fetching_; }
    // The filter's syntax error of the last query, empty when it was fine.
    QString filterError() const { return filterError_; }
    const TraceSummary* traceAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Start, Duration and Spans sort in the engine; the other columns keep the order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void pageLoaded(int rows);
    void failed(const QString& message);

private:
    void restart();

    JobRunner* jobs_;
    JobSlot slot_;
    QString path_;
    std::optional<Scope> scope_;
    QString filter_;
    QString filterError_;
    TraceSort sort_ = TraceSort::Start;
    bool descending_ = true;
    std::vector<TraceSummary> rows_;
    bool exhausted_ = true;
    bool fetching_ = false;
};

} // namespace casebook::ui
