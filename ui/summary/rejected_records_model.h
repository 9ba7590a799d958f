#pragma once
// Records the importers rejected, with where they were and why. A workspace may hold
// millions, so the model pages them in (canFetchMore/fetchMore), a page per job.

#include "core/query/import_history.h"
#include "ui/util/paged_table_model.h"

#include <vector>

namespace casebook::ui {

class RejectedRecordsModel : public PagedTableModel<RejectedRow> {
    Q_OBJECT
public:
    enum Column { Bundle, File, Location, Reason, ColumnCount };
    static constexpr int PageSize = 200;

    explicit RejectedRecordsModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over for another workspace (or none, for an empty path). Rows arrive
    // through fetchMore().
    void setWorkspace(const QString& path);
    QString workspacePath() const { return path_; }

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

protected:
    std::function<std::vector<RejectedRow>()> pageReader(std::int64_t offset,
                                                         int limit) const override;
    QString failureText(const QString& error) const override;

private:
    QString path_;
};

} // namespace casebook::ui
