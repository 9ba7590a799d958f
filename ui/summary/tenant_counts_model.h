#pragma once
// Signal counts per tenant in the current scope, plus a total row.

#include "core/query/stats_query.h"

#include <QAbstractTableModel>

namespace casebook::ui {

class TenantCountsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Tenant, Traces, Spans, Logs, MetricSeries, MetricPoints, Changes, ColumnCount };
    // The unformatted number (qint64) of a count cell, for sorting and tests.
    static constexpr int ValueRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    void setStats(WorkspaceStats stats);
    void clear();
    const WorkspaceStats& stats() const { return stats_; }
    // The row of the totals, or -1 when there is no tenant.
    int totalRow() const {
        return stats_.tenants.empty() ? -1 : static_cast<int>(stats_.tenants.size());
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    WorkspaceStats stats_;
};

} // namespace casebook::ui
