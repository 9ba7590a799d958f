#include "ui/traces/trace_list_model.h"

#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "ui/util/text.h"

#include <QColor>

namespace casebook::ui {
namespace {

bool isNumeric(int column) {
    return column == TraceListModel::Duration || column == TraceListModel::Spans ||
           column == TraceListModel::Errors || column == TraceListModel::Services;
}

} // namespace

TraceListModel::TraceListModel(JobRunner* jobs, QObject* parent)
    : PagedTableModel(jobs, PageSize, parent) {}

void TraceListModel::setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                              const QString& filter) {
    path_ = workspacePath;
    scope_ = scope;
    filter_.reset();
    filterError_.clear();
    if (!filter.trimmed().isEmpty()) {
        const std::string text = filter.toStdString();
        FilterResult compiled = compileFilter(text, FilterTarget::Traces);
        if (compiled.ok())
            filter_ = std::move(compiled.filter);
        else
            filterError_ = toQString(compiled.error->message) % u'\n' %
                           toQString(filterErrorCaret(text, *compiled.error, ""));
    }
    start();
}

void TraceListModel::setCrosshair(std::optional<std::int64_t> ns) {
    if (ns == crosshair_)
        return;
    crosshair_ = ns;
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::BackgroundRole});
}

void TraceListModel::start() {
    restart(!path_.isEmpty() && scope_ && filterError_.isEmpty());
    fetchMore({});
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
            return formatTimestamp(t.startNs);
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
    case Qt::BackgroundRole:
        if (crosshair_ && t.startNs <= *crosshair_ && *crosshair_ <= t.startNs + t.durationNs) {
            QColor tint(0x42, 0x85, 0xd4);
            tint.setAlpha(50);
            return tint;
        }
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
    case Errors:
        sort = TraceSort::Errors;
        break;
    case Services:
        sort = TraceSort::Services;
        break;
    default:
        return; // the view puts its indicator back on the sorted column (TracesPane)
    }
    const bool descending = order == Qt::DescendingOrder;
    if (sort == sort_ && descending == descending_)
        return;
    sort_ = sort;
    descending_ = descending;
    start();
}

int TraceListModel::sortColumn() const {
    switch (sort_) {
    case TraceSort::Duration:
        return Duration;
    case TraceSort::Spans:
        return Spans;
    case TraceSort::Errors:
        return Errors;
    case TraceSort::Services:
        return Services;
    case TraceSort::Start:
        break;
    }
    return Start;
}

std::function<std::vector<TraceSummary>()> TraceListModel::pageReader(std::int64_t offset,
                                                                      int limit) const {
    TraceQuery query;
    query.sort = sort_;
    query.descending = descending_;
    query.limit = limit;
    query.offset = offset;
    query.filter = filter_;
    return [path = path_, scope = *scope_, query] {
        auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
        return listTraces(*ws, scope, query);
    };
}

QString TraceListModel::failureText(const QString& error) const {
    return tr("Could not list the traces: %1").arg(error);
}

} // namespace casebook::ui
