#include "ui/summary/rejected_records_model.h"

#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

RejectedRecordsModel::RejectedRecordsModel(JobRunner* jobs, QObject* parent)
    : QAbstractTableModel(parent), jobs_(jobs), slot_(jobs->newSlot()) {}

void RejectedRecordsModel::setWorkspace(const QString& path) {
    beginResetModel();
    jobs_->cancel(slot_); // a page of the previous workspace must not land here
    path_ = path;
    rows_.clear();
    exhausted_ = path.isEmpty();
    fetching_ = false;
    endResetModel();
}

bool RejectedRecordsModel::isFetching() const {
    return fetching_;
}

int RejectedRecordsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
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

bool RejectedRecordsModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !exhausted_ && !isFetching();
}

void RejectedRecordsModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent))
        return;
    const QString path = path_;
    const auto offset = static_cast<std::int64_t>(rows_.size());
    fetching_ = true;
    jobs_->run(
        slot_, this,
        [path, offset](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return rejectedRecords(*ws, PageSize, offset);
        },
        [this](JobResult<std::vector<RejectedRow>> result) {
            if (!result.ok()) {
                fetching_ = false;
                exhausted_ = true;
                emit failed(tr("Could not read the rejected records: %1").arg(result.error));
                return;
            }
            auto& page = *result.value;
            if (page.size() < static_cast<std::size_t>(PageSize))
                exhausted_ = true;
            // Still "fetching" while the rows go in, so that a view or tester asking for
            // more from rowsAboutToBeInserted does not request this page again; done
            // before rowsInserted, so that asking from there gets the next one.
            if (page.empty()) {
                fetching_ = false;
            } else {
                const int first = static_cast<int>(rows_.size());
                beginInsertRows({}, first, first + static_cast<int>(page.size()) - 1);
                rows_.insert(rows_.end(), std::make_move_iterator(page.begin()),
                             std::make_move_iterator(page.end()));
                fetching_ = false;
                endInsertRows();
            }
            emit pageLoaded(static_cast<int>(page.size()));
        });
}

} // namespace casebook::ui
