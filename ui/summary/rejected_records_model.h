#pragma once
// Records the importers rejected, with where they were and why. A workspace may hold
// millions, so the model pages them in (canFetchMore/fetchMore), a page per job.

#include "core/query/import_history.h"
#include "ui/jobs/job_runner.h"

#include <QAbstractTableModel>

#include <vector>

namespace casebook::ui {

class RejectedRecordsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Bundle, File, Location, Reason, ColumnCount };
    static constexpr int PageSize = 200;

    explicit RejectedRecordsModel(JobRunner* jobs, QObject* parent = nullptr);

    // Starts over for another workspace (or none, for an empty path). Rows arrive
    // through fetchMore().
    void setWorkspace(const QString& path);
    QString workspacePath() const { return path_; }
    bool isFetching() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    // Asks a job for the next page; the rows are appended when it arrives. A call while
    // a page is on its way does nothing.
    void fetchMore(const QModelIndex& parent) override;

signals:
    void pageLoaded(int rows);
    void failed(const QString& message);

private:
    JobRunner* jobs_;
    JobSlot slot_;
    QString path_;
    std::vector<RejectedRow> rows_;
    bool exhausted_ = true;
    bool fetching_ = false;
};

} // namespace casebook::ui
