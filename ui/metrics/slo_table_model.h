#pragma once
// The SLOs of the scope with their status: name, tenant, objective, SLI over the period,
// error budget left, status in words. Filled in one go from a job's evaluations (a
// workspace holds a handful of SLOs per tenant, not millions of rows).

#include "core/analysis/slo_evaluation.h"

#include <QAbstractTableModel>

#include <vector>

namespace casebook::ui {

struct SloRow {
    SloId id{0};
    QString name, tenant, objective, status, statusWords;
    SloStatus statusKind = SloStatus::NoData;
    double sli = 0, budget = 0;
    bool hasData = false;
    bool fromBundle = false;
};

// Evaluates every SLO of the scope (on a worker thread: opens its own workspace).
std::vector<SloRow> evaluateSloRows(const QString& workspacePath, const Scope& scope);

class SloTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Tenant, Objective, Sli, Budget, Status, ColumnCount };
    enum Role { SloIdRole = Qt::UserRole + 1 };

    using QAbstractTableModel::QAbstractTableModel;

    void setRows(std::vector<SloRow> rows);
    const SloRow* rowAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<SloRow> rows_;
};

// Green, amber, red, grey.
QColor sloStatusColor(SloStatus status);

} // namespace casebook::ui
