#pragma once
// A table model whose rows are paged in from the workspace, a page per job, as a view
// scrolls (canFetchMore/fetchMore): a pane over millions of records holds a few pages.
// Subclasses say how a page is read and how a row is shown.

#include "ui/jobs/job_runner.h"

#include <QAbstractTableModel>

#include <cstdint>
#include <functional>
#include <vector>

namespace casebook::ui {

// The signals, in a class of their own because a class template cannot be a Q_OBJECT.
class PagedModelSignals : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

signals:
    void pageLoaded(int rows);
    void failed(const QString& message);
};

template <typename Row> class PagedTableModel : public PagedModelSignals {
public:
    PagedTableModel(JobRunner* jobs, int pageSize, QObject* parent)
        : PagedModelSignals(parent), jobs_(jobs), slot_(jobs->newSlot()), pageSize_(pageSize) {}

    bool isFetching() const { return fetching_; }
    const Row* rowAt(int row) const {
        if (row < 0 || row >= rowCount())
            return nullptr;
        return &rows_[static_cast<std::size_t>(row)];
    }
    int rowCount(const QModelIndex& parent = {}) const override {
        return parent.isValid() ? 0 : static_cast<int>(rows_.size());
    }
    bool canFetchMore(const QModelIndex& parent) const override {
        return !parent.isValid() && !exhausted_ && !fetching_;
    }
    // Asks a job for the next page; the rows are appended when it arrives. A call while
    // a page is on its way does nothing.
    void fetchMore(const QModelIndex& parent) override {
        if (!canFetchMore(parent))
            return;
        fetching_ = true;
        jobs_->run(
            slot_, this,
            [read = pageReader(static_cast<std::int64_t>(rows_.size()), pageSize_)](
                const JobControl&) { return read(); },
            [this](JobResult<std::vector<Row>> result) { addPage(std::move(result)); });
    }

protected:
    // Drops the rows and any page on its way (it must not land in the new rows); with
    // `active` false there is nothing to fetch. The first page comes with fetchMore().
    void restart(bool active) {
        beginResetModel();
        jobs_->cancel(slot_);
        rows_.clear();
        exhausted_ = !active;
        fetching_ = false;
        endResetModel();
    }
    // What reads rows [offset, offset + limit) on a worker thread: it must capture by
    // value everything it needs and open its own Workspace.
    virtual std::function<std::vector<Row>()> pageReader(std::int64_t offset, int limit) const = 0;
    virtual QString failureText(const QString& error) const = 0;

    std::vector<Row> rows_;

private:
    void addPage(JobResult<std::vector<Row>> result) {
        if (!result.ok()) {
            fetching_ = false;
            exhausted_ = true;
            emit failed(failureText(result.error));
            return;
        }
        auto& page = *result.value;
        if (page.size() < static_cast<std::size_t>(pageSize_))
            exhausted_ = true;
        // Still "fetching" while the rows go in, so that a view or tester asking for
        // more from rowsAboutToBeInserted does not request this page again; done before
        // rowsInserted, so that asking from there gets the next one.
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
    }

    JobRunner* jobs_;
    JobSlot slot_;
    int pageSize_;
    bool exhausted_ = true;
    bool fetching_ = false;
};

} // namespace casebook::ui
