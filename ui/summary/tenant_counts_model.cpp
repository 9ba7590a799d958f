#include "ui/summary/tenant_counts_model.h"

#include "ui/util/text.h"

#include <QFont>

namespace casebook::ui {
namespace {

std::int64_t countOf(const SignalCounts& counts, int column) {
    switch (column) {
    case TenantCountsModel::Traces:
        return counts.traces;
    case TenantCountsModel::Spans:
        return counts.spans;
    case TenantCountsModel::Logs:
        return counts.logs;
    case TenantCountsModel::MetricSeries:
        return counts.metricSeries;
    case TenantCountsModel::MetricPoints:
        return counts.metricPoints;
    case TenantCountsModel::Changes:
        return counts.changes;
    default:
        return 0;
    }
}

QVariant alignment(bool text) {
    return static_cast<int>(text ? Qt::AlignLeft | Qt::AlignVCenter
                                 : Qt::AlignRight | Qt::AlignVCenter);
}

} // namespace

void TenantCountsModel::setStats(WorkspaceStats stats) {
    beginResetModel();
    stats_ = std::move(stats);
    endResetModel();
}

void TenantCountsModel::clear() {
    setStats({});
}

int TenantCountsModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || stats_.tenants.empty())
        return 0;
    return static_cast<int>(stats_.tenants.size()) + 1;
}

int TenantCountsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenantCountsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const bool isTotal = index.row() == totalRow();
    const SignalCounts& counts =
        isTotal ? stats_.totals : stats_.tenants[static_cast<std::size_t>(index.row())].counts;
    const int column = index.column();

    switch (role) {
    case Qt::DisplayRole:
        if (column == Tenant)
            return isTotal
                       ? tr("Total")
                       : toQString(stats_.tenants[static_cast<std::size_t>(index.row())].tenant);
        return formatCount(countOf(counts, column));
    case ValueRole:
        if (column == Tenant)
            return isTotal ? QVariant()
                           : QVariant(toQString(
                                 stats_.tenants[static_cast<std::size_t>(index.row())].tenant));
        return QVariant::fromValue<qint64>(countOf(counts, column));
    case Qt::TextAlignmentRole:
        return alignment(column == Tenant);
    case Qt::FontRole:
        if (isTotal) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant TenantCountsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section == Tenant);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Tenant:
        return tr("Tenant");
    case Traces:
        return tr("Traces");
    case Spans:
        return tr("Spans");
    case Logs:
        return tr("Logs");
    case MetricSeries:
        return tr("Metric series");
    case MetricPoints:
        return tr("Metric points");
    case Changes:
        return tr("Changes");
    default:
        return {};
    }
}

} // namespace casebook::ui
