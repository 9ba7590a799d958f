#pragma once
// The metric series of the scope for the Metrics pane's browser: name with labels, unit,
// kind and how it is charted, service, tenant. Paged in from the workspace
// (canFetchMore/fetchMore) and searched in the engine, so thousands of series cost a page.

#include "core/analysis/metric_catalog.h"
#include "core/store/scope.h"
#include "ui/util/paged_table_model.h"

#include <optional>

namespace casebook::ui {

class SeriesListModel : public PagedTableModel<SeriesInfo> {
    Q_OBJECT
public:
    enum Column { Name, Unit, Kind, Service, Tenant, ColumnCount };
    enum Role { SeriesIdRole = Qt::UserRole + 1 };
    static constexpr int PageSize = 200;

    explicit SeriesListModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over; the first page is asked for at once. `search` looks in names, services
    // and labels.
    void setQuery(const QString& workspacePath, const std::optional<Scope>& scope,
                  const QString& search);
    const SeriesInfo* seriesAt(int row) const { return rowAt(row); }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    std::function<std::vector<SeriesInfo>()> pageReader(std::int64_t offset,
                                                        int limit) const override;
    QString failureText(const QString& error) const override;

private:
    QString path_;
    std::optional<Scope> scope_;
    QString search_;
};

} // namespace casebook::ui
