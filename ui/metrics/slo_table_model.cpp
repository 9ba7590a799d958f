#include "ui/metrics/slo_table_model.h"

#include "core/store/workspace.h"
#include "ui/util/text.h"

#include <QColor>

namespace casebook::ui {

std::vector<SloRow> evaluateSloRows(const QString& workspacePath, const Scope& scope) {
    auto ws = Workspace::open(toFsPath(workspacePath), Workspace::OpenMode::ReadOnly);
    std::vector<SloRow> rows;
    for (const auto& slo : listSlos(*ws, scope)) {
        const SloEvaluation e = evaluateSlo(*ws, scope, slo);
        SloRow r;
        r.id = slo.id;
        r.name = slo.definition ? toQString(slo.definition->name) : QObject::tr("(invalid)");
        r.tenant = toQString(slo.tenant);
        r.objective =
            slo.definition ? toQString(formatObjective(slo.definition->objective)) : QString();
        r.statusKind = e.status;
        r.status = toQString(sloStatusName(e.status));
        r.statusWords = toQString(e.statusWords);
        r.hasData = e.total > 0;
        r.sli = e.total > 0 ? e.good / e.total : 0;
        r.budget = e.budgetRemaining;
        r.fromBundle = slo.fromBundle;
        rows.push_back(std::move(r));
    }
    return rows;
}

QColor sloStatusColor(SloStatus status) {
    switch (status) {
    case SloStatus::Healthy:
        return {0x2e, 0x7d, 0x32};
    case SloStatus::Degraded:
        return {0xef, 0x8f, 0x00};
    case SloStatus::Broken:
        return {0xc6, 0x28, 0x28};
    case SloStatus::NoData:
        break;
    }
    return {0x9e, 0x9e, 0x9e};
}

void SloTableModel::setRows(std::vector<SloRow> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

const SloRow* SloTableModel::rowAt(int row) const {
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &rows_[static_cast<std::size_t>(row)];
}

int SloTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SloTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SloTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SloRow& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return r.name;
        case Tenant:
            return r.tenant;
        case Objective:
            return r.objective;
        case Sli:
            return r.hasData ? QString(QString::number(r.sli * 100, 'f', 2) + u'%')
                             : QStringLiteral("–");
        case Budget:
            return r.hasData ? QString(QString::number(r.budget * 100, 'f', 0) + u'%')
                             : QStringLiteral("–");
        case Status:
            return r.status;
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (index.column() == Status || (index.column() == Budget && r.budget <= 0 && r.hasData))
            return sloStatusColor(index.column() == Status ? r.statusKind : SloStatus::Broken);
        return {};
    case Qt::ToolTipRole:
        return r.statusWords;
    case Qt::TextAlignmentRole:
        return static_cast<int>(
            (index.column() == Sli || index.column() == Budget ? Qt::AlignRight : Qt::AlignLeft) |
            Qt::AlignVCenter);
    case SloIdRole:
        return QVariant::fromValue<qint64>(raw(r.id));
    default:
        return {};
    }
}

QVariant SloTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("SLO");
    case Tenant:
        return tr("Tenant");
    case Objective:
        return tr("Objective");
    case Sli:
        return tr("SLI");
    case Budget:
        return tr("Budget left");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace casebook::ui
