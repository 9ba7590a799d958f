#pragma once
// The steps of a runbook with what the shown run recorded for each: its outcome, whether
// it is the step the run waits at, and whether the run passed through it. One row a step,
// in the file's order; filled in one go from a RunView.

#include "ui/runbook/runbook_run_view.h"

#include <QAbstractTableModel>

namespace casebook::ui {

class RunbookStepsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { State, Step, Kind, ColumnCount };
    enum Role { StepIdRole = Qt::UserRole + 1, OutcomeRole, CurrentRole };

    explicit RunbookStepsModel(QObject* parent = nullptr);

    void setView(const RunView& view);
    void clear();
    // The row of a step, or -1.
    int rowOf(const std::string& stepId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString id, title, kind, outcome;
        bool current = false;
        bool visited = false;
    };
    std::vector<Row> rows_;
};

// "✓ pass", "✗ fail", "▶ next" ...: how a recorded outcome reads in the State column.
QString outcomeLabel(const QString& outcome, bool current);

} // namespace casebook::ui
