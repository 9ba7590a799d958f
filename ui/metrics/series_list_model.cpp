#include "ui/metrics/series_list_model.h"

#include "core/analysis/metric_samples.h"
#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

SeriesListModel::SeriesListModel(JobRunner* jobs, QObject* parent)
    : PagedTableModel(jobs, PageSize, parent) {}

void SeriesListModel::setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                               const QString& search) {
    path_ = workspacePath;
    scope_ = scope;
    search_ = search.trimmed();
    restart(!path_.isEmpty() && scope_.has_value());
    fetchMore({});
}

int SeriesListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SeriesListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SeriesInfo& s = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return toQString(s.displayName());
        case Unit:
            return toQString(s.unit);
        case Kind: {
            QString views;
            for (const auto v : defaultViews(s))
                views += QString(views.isEmpty() ? QString() : QStringLiteral(", ")) +
                         toQString(seriesViewName(v));
            return QString(toQString(metricKindName(s.kind)) + QStringLiteral(" (") + views + u')');
        }
        case Service:
            return toQString(s.service);
        case Tenant:
            return toQString(s.tenant);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Name)
            return s.description.empty()
                       ? toQString(s.displayName())
                       : QString(toQString(s.displayName()) % u'\n' % toQString(s.description));
        return {};
    case SeriesIdRole:
        return QVariant::fromValue<qint64>(raw(s.id));
    default:
        return {};
    }
}

QVariant SeriesListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Series");
    case Unit:
        return tr("Unit");
    case Kind:
        return tr("Kind");
    case Service:
        return tr("Service");
    case Tenant:
        return tr("Tenant");
    default:
        return {};
    }
}

std::function<std::vector<SeriesInfo>()> SeriesListModel::pageReader(std::int64_t offset,
                                                                     int limit) const {
    SeriesFilter filter;
    if (!search_.isEmpty())
        filter.contains = search_.toStdString();
    filter.limit = limit;
    filter.offset = offset;
    return [path = path_, scope = *scope_, filter] {
        auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::ReadOnly);
        return listSeries(*ws, scope, filter);
    };
}

QString SeriesListModel::failureText(const QString& error) const {
    return tr("Could not list the metric series: %1").arg(error);
}

} // namespace casebook::ui
