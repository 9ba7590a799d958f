#include "ui/summary/rejected_records_model.h"

#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

RejectedRecordsModel::RejectedRecordsModel(JobRunner* jobs, QObject* parent)
    : PagedTableModel(jobs, PageSize, parent) {}

void RejectedRecordsModel::setWorkspace(const QString& path) {
    path_ = path; // a page of the previous workspace must not land here: restart drops it
    restart(!path.isEmpty());
}

int RejectedRecordsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RejectedRecordsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RejectedRow& row = rows_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Bundle:
            return toQString(row.bundle);
        case File:
            return toQString(row.path);
        case Location:
            return toQString(row.location);
        case Reason:
            return toQString(row.reason);
        default:
            return {};
        }
    }
    return {};
}

QVariant RejectedRecordsModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return static_cast<int>(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Bundle:
        return tr("Bundle");
    case File:
        return tr("File");
    case Location:
        return tr("Location");
    case Reason:
        return tr("Reason");
    default:
        return {};
    }
}

std::function<std::vector<RejectedRow>()> RejectedRecordsModel::pageReader(std::int64_t offset,
                                                                           int limit) const {
    return [path = path_, offset, limit] {
        auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
        return rejectedRecords(*ws, limit, offset);
    };
}

QString RejectedRecordsModel::failureText(const QString& error) const {
    return tr("Could not read the rejected records: %1").arg(error);
}

} // namespace casebook::ui
