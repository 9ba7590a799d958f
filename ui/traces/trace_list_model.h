#pragma once
// The traces of the workspace in scope, one row a trace, paged in from the trace summary
// table (canFetchMore/fetchMore, a page per job) so that a million traces cost a page.
// Sorting asks the engine for another order and starts over; it never sorts rows here.

#include "core/filter/filter.h"
#include "core/query/trace_queries.h"
#include "core/store/scope.h"
#include "ui/util/paged_table_model.h"

#include <optional>
#include <vector>

namespace casebook::ui {

class TraceListModel : public PagedTableModel<TraceSummary> {
    Q_OBJECT
public:
    enum Column { Root, Start, Duration, Spans, Errors, Services, Tenant, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1, TraceIdRole };
    static constexpr int PageSize = 200;

    explicit TraceListModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over with another workspace, scope (with its time window) or filter; the
    // first page is asked for at once. An empty path or no scope shows nothing; a filter
    // that does not parse shows nothing and is reported by filterError().
    void setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                  const QString& filter);
    QString filterError() const { return filterError_; }
    // The charts' crosshair: traces running at that time are tinted.
    void setCrosshair(std::optional<std::int64_t> ns);
    const TraceSummary* traceAt(int row) const { return rowAt(row); }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    // Start, Duration and the counts sort in the engine; Root and Tenant keep the order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // The column the rows are sorted by, and how.
    int sortColumn() const;
    Qt::SortOrder sortOrder() const {
        return descending_ ? Qt::DescendingOrder : Qt::AscendingOrder;
    }

protected:
    std::function<std::vector<TraceSummary>()> pageReader(std::int64_t offset,
                                                          int limit) const override;
    QString failureText(const QString& error) const override;

private:
    void start();

    QString path_;
    std::optional<Scope> scope_;
    std::optional<CompiledFilter> filter_;
    QString filterError_;
    TraceSort sort_ = TraceSort::Start;
    bool descending_ = true;
    std::optional<std::int64_t> crosshair_;
};

} // namespace casebook::ui
