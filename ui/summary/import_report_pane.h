#pragma once
// The import report of the workspace: every imported file with its accepted and
// rejected records and whether it broke off, and the rejected records themselves (file,
// location, reason), paged in as the investigator scrolls.

#include "ui/jobs/job_runner.h"

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace casebook::ui {

class ImportFilesModel;
class InvestigationContext;
class RejectedRecordsModel;

class ImportReportPane : public QWidget {
    Q_OBJECT
public:
    ImportReportPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    ImportFilesModel* filesModel() const { return files_; }
    RejectedRecordsModel* rejectedModel() const { return rejected_; }
    QTableView* filesTable() const { return filesTable_; }
    QTableView* rejectedTable() const { return rejectedTable_; }
    bool isLoading() const;

    // The split between files and rejected records, for the window to persist. Until
    // one is restored or the user moves it, the files get the height of their rows.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray& state);

signals:
    void loaded();
    void failed(const QString& message);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void reload();
    void updateHeadings();
    void fitFilesSection();

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slot_;
    ImportFilesModel* files_;
    RejectedRecordsModel* rejected_;
    QLabel* filesHeading_;
    QLabel* rejectedHeading_;
    QTableView* filesTable_;
    QTableView* rejectedTable_;
    QSplitter* splitter_;
    bool splitFixed_ = false;
};

} // namespace casebook::ui
