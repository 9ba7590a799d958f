#pragma once
// What the workspace holds in the current scope: totals per signal kind as cards, and
// the counts per tenant in a table. Reloads itself when the context changes.

#include "ui/jobs/job_runner.h"

#include <QList>
#include <QWidget>

class QLabel;
class QTableView;

namespace casebook::ui {

class InvestigationContext;
class TenantCountsModel;

class SummaryPane : public QWidget {
    Q_OBJECT
public:
    SummaryPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    TenantCountsModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    bool isLoading() const;

signals:
    void loaded();
    void failed(const QString& message);

private:
    void reload();
    void showStats();

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slot_;
    TenantCountsModel* model_;
    QLabel* title_;
    QLabel* subtitle_;
    QList<QLabel*> cardValues_;
    QTableView* table_;
    QLabel* noData_;
};

} // namespace casebook::ui
