#include "ui/traces/trace_list_model.h"

#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QColor>

namespace casebook::ui {
namespace {

struct Page {
    std::vector<TraceSummary> rows;
};

bool isNumeric(int column) {
    return column == TraceListModel::Duration || column == TraceListModel::Spans ||
           column == TraceListModel::Errors || column == TraceListModel::Services;
}

} // namespace

TraceListModel::TraceListModel(JobRunner* jobs, QObject* parent)
    : QAbstractTableModel(parent), jobs_(jobs), slot_(jobs->newSlot()) {}

void TraceListModel::setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                              const QString& filter) {
    path_ = workspacePath;
    scope_ = scope;
    filter_ = filter;
    restart();
}

void TraceListModel::restart() {
    beginResetModel();
    jobs_->cancel(slot_); // a page of the previous query must not land here
    rows_.clear();
    filterError_.clear();
    exhausted_ = path_.isEmpty() || !scope_;
    fetching_ = false;
    endResetModel();
    fetchMore({});
}

const TraceSummary* TraceListModel::traceAt(int row) const {
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &rows_[static_cast<std::size_t>(row)];
}

int TraceListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int TraceListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceSummary& t = rows_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Root:
            return t.rootService.empty() && t.rootOperation.empty()
                       ? tr("(no root span)")
                       : QString(toQString(t.rootService) % u": " % toQString(t.rootOperation));
        case Start:
            return toQString(formatRfc3339(t.startNs));
        case Duration:
            return toQString(formatDuration(t.durationNs));
        case Spans:
            return formatCount(t.spans);
        case Errors:
            return t.errors ? formatCount(t.errors) : QString();
        case Services:
            return formatCount(t.services);
        case Tenant:
            return toQString(t.tenant);
        default:
            return {};
        }
    case ValueRole:
        switch (column) {
        case Root:
            return QString(toQString(t.rootService) % u": " % toQString(t.rootOperation));
        case Start:
            return QVariant::fromValue<qint64>(t.startNs);
        case Duration:
            return QVariant::fromValue<qint64>(t.durationNs);
        case Spans:
            return QVariant::fromValue<qint64>(t.spans);
        case Errors:
            return QVariant::fromValue<qint64>(t.errors);
        case Services:
            return QVariant::fromValue<qint64>(t.services);
        case Tenant:
            return toQString(t.tenant);
        default:
            return {};
        }
    case TraceIdRole:
        return toQString(t.traceId.hex());
    case Qt::ToolTipRole:
        if (column == Root)
            return QString(tr("Trace %1").arg(toQString(t.traceId.hex())));
        return {};
    case Qt::ForegroundRole:
        if (column == Errors && t.errors > 0)
            return QColor(0xc6, 0x28, 0x28);
        return {};
    case Qt::TextAlignmentRole:
        return static_cast<int>((isNumeric(column) ? Qt::AlignRight : Qt::AlignLeft) |
                                Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return static_cast<int>((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) |
                                Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Root:
        return tr("Root span");
    case Start:
        return tr("Start (UTC)");
    case Duration:
        return tr("Duration");
    case Spans:
        return tr("Spans");
    case Errors:
        return tr("Errors");
    case Services:
        return tr("Services");
    case Tenant:
        return tr("Tenant");
    default:
        return {};
    }
}

void TraceListModel::sort(int column, Qt::SortOrder order) {
    TraceSort sort;
    switch (column) {
    case Start:
        sort = TraceSort::Start;
        break;
    case Duration:
        sort = TraceSort::Duration;
        break;
    case Spans:
        sort = TraceSort::Spans;
        break;
    default:
        return;
    }
    const bool descending = order == Qt::DescendingOrder;
    if (sort == sort_ && descending == descending_)
        return;
    sort_ = sort;
    descending_ = descending;
    restart();
}

bool TraceListModel::canFetchMore(const QModelIndex& parent) const {
    return !parent.isValid() && !exhausted_ && !fetching_;
}

void TraceListModel::fetchMore(const QModelIndex& parent) {
    if (!canFetchMore(parent))
        return;
    TraceQuery query;
    query.sort = sort_;
    query.descending = descending_;
    query.limit = PageSize;
    query.offset = static_cast<std::int64_t>(rows_.size());
    const QString path = path_;
    const Scope scope = *scope_;
    fetching_ = true;
    jobs_->run(
        slot_, this,
        [path, scope, query](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
            return Page{listTraces(*ws, scope, query)};
        },
        [this](JobResult<Page> result) {
            if (!result.ok()) {
                fetching_ = false;
                exhausted_ = true;
                emit failed(tr("Could not list the traces: %1").arg(result.error));
                return;
            }
            auto& page = result.value->rows;
            if (page.size() < static_cast<std::size_t>(PageSize))
                exhausted_ = true;
            // Still "fetching" while the rows go in (see RejectedRecordsModel).
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
