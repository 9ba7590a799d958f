#include "ui/logs/log_table_model.h"

#include "core/filter/filter.h"
#include "core/store/workspace.h"
#include "ui/util/text.h"

#include <QColor>

#include <stdexcept>

namespace casebook::ui {
QString severityClassName(int n) {
    if (n <= 0)
        return QStringLiteral("UNSET");
    if (n <= 4)
        return QStringLiteral("TRACE");
    if (n <= 8)
        return QStringLiteral("DEBUG");
    if (n <= 12)
        return QStringLiteral("INFO");
    if (n <= 16)
        return QStringLiteral("WARN");
    if (n <= 20)
        return QStringLiteral("ERROR");
    return QStringLiteral("FATAL");
}

LogQuery toLogQuery(const LogRequest& request) {
    LogQuery query;
    if (!request.search.trimmed().isEmpty())
        query.search = request.search.toStdString();
    query.minSeverity = request.minSeverity;
    if (!request.service.isEmpty())
        query.service = request.service.toStdString();
    query.traceId = request.trace;
    // The span is one more condition of the filter language, so that "the logs of this
    // span" and a typed filter combine the same way everywhere.
    std::string filter = request.filter.trimmed().toStdString();
    if (request.span) {
        const std::string span = "span_id == " + request.span->hex();
        filter = filter.empty() ? span : "(" + filter + ") and " + span;
    }
    if (!filter.empty()) {
        FilterResult compiled = compileFilter(filter, FilterTarget::Logs);
        if (!compiled.ok())
            throw std::invalid_argument(compiled.error->message + " at column " +
                                        std::to_string(compiled.error->position + 1));
        query.filter = std::move(compiled.filter);
    }
    return query;
}

LogTableModel::LogTableModel(JobRunner* jobs, QObject* parent)
    : PagedTableModel(jobs, PageSize, parent) {}

void LogTableModel::setRequest(const LogRequest& request) {
    request_ = request;
    error_.clear();
    bool active = !request_.workspacePath.isEmpty() && request_.scope;
    try {
        if (active)
            toLogQuery(request_);
    } catch (const std::invalid_argument& e) {
        error_ = QString::fromUtf8(e.what());
        active = false;
    }
    restart(active);
    fetchMore({});
}

int LogTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogRow& r = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return formatTimestamp(r.timeNs);
        case Level:
            return r.severityText.empty() ? severityClassName(r.severityNumber)
                                          : toQString(r.severityText);
        case Service:
            return toQString(r.service);
        case Tenant:
            return toQString(r.tenant);
        case Body: {
            // One line in the table; the whole body is in the tooltip.
            QString body = toQString(r.body);
            body.replace(u'\n', u' ');
            return body;
        }
        case Trace:
            return r.traceId ? toQString(r.traceId->hex()) : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Body)
            return toQString(r.body);
        if (index.column() == Trace && r.traceId)
            return tr("Open trace %1").arg(toQString(r.traceId->hex()));
        return {};
    case ValueRole:
        if (index.column() == Time)
            return QVariant::fromValue<qint64>(r.timeNs);
        if (index.column() == Level)
            return r.severityNumber;
        return data(index, Qt::DisplayRole);
    case SeverityRole:
        return r.severityNumber;
    case Qt::ForegroundRole:
        if (index.column() == Level) {
            if (r.severityNumber >= 17)
                return QColor(0xc6, 0x28, 0x28);
            if (r.severityNumber >= 13)
                return QColor(0xb2, 0x6a, 0x00);
            if (r.severityNumber > 0 && r.severityNumber <= 8)
                return QColor(0x75, 0x75, 0x75);
        }
        if (index.column() == Trace)
            return QColor(0x1e, 0x63, 0xb4);
        return {};
    default:
        return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time (UTC)");
    case Level:
        return tr("Level");
    case Service:
        return tr("Service");
    case Tenant:
        return tr("Tenant");
    case Body:
        return tr("Message");
    case Trace:
        return tr("Trace");
    default:
        return {};
    }
}

std::function<std::vector<LogRow>()> LogTableModel::pageReader(std::int64_t offset,
                                                               int limit) const {
    return [request = request_, offset, limit] {
        LogQuery query = toLogQuery(request);
        query.limit = limit;
        query.offset = offset;
        auto ws = Workspace::open(toFsPath(request.workspacePath), Workspace::OpenMode::ReadOnly);
        return listLogs(*ws, *request.scope, query);
    };
}

QString LogTableModel::failureText(const QString& error) const {
    return tr("Could not read the logs: %1").arg(error);
}

} // namespace casebook::ui
