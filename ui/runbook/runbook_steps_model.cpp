#include "ui/runbook/runbook_steps_model.h"

#include "ui/util/text.h"

#include <QColor>
#include <QFont>

namespace casebook::ui {

QString outcomeLabel(const QString& outcome, bool current) {
    if (current)
        return RunbookStepsModel::tr("▶ next");
    if (outcome == QStringLiteral("pass") || outcome == QStringLiteral("approved") ||
        outcome == QStringLiteral("done"))
        return u"✓ " % outcome;
    if (outcome == QStringLiteral("fail") || outcome == QStringLiteral("rejected"))
        return u"✗ " % outcome;
    if (outcome == QStringLiteral("error"))
        return u"⚠ " % outcome;
    if (outcome == QStringLiteral("confirmed") || outcome == QStringLiteral("ruled-out") ||
        outcome == QStringLiteral("inconclusive"))
        return u"◆ " % outcome;
    return outcome;
}

RunbookStepsModel::RunbookStepsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunbookStepsModel::setView(const RunView& view) {
    beginResetModel();
    rows_.clear();
    for (const auto& step : view.runbook.steps) {
        Row row;
        row.id = toQString(step.id);
        row.title = toQString(step.title);
        row.kind = toQString(stepKindName(step.kind));
        if (step.kind == StepKind::Check)
            row.kind += u" · " % toQString(step.check->kind);
        if (const auto it = view.latest.find(step.id); it != view.latest.end()) {
            row.outcome = toQString(it->second.step.outcome);
            row.visited = true;
        }
        row.current = view.run && view.state.currentStep == step.id;
        rows_.push_back(std::move(row));
    }
    endResetModel();
}

void RunbookStepsModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int RunbookStepsModel::rowOf(const std::string& stepId) const {
    const QString id = toQString(stepId);
    for (std::size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id)
            return static_cast<int>(i);
    return -1;
}

int RunbookStepsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int RunbookStepsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunbookStepsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case State:
            return outcomeLabel(row.outcome, row.current);
        case Step:
            return row.title;
        case Kind:
            return row.kind;
        }
        return {};
    case Qt::ToolTipRole:
        return (row.visited ? tr("%1 step; recorded: %2").arg(row.kind, row.outcome)
                            : tr("%1 step; not reached in this run").arg(row.kind));
    case Qt::ForegroundRole:
        if (index.column() != State)
            return row.visited || row.current ? QVariant() : QVariant(QColor(0x8c, 0x95, 0x9f));
        if (row.current)
            return QColor(0x09, 0x69, 0xda);
        if (row.outcome == QStringLiteral("fail") || row.outcome == QStringLiteral("rejected") ||
            row.outcome == QStringLiteral("error"))
            return QColor(0xcf, 0x22, 0x2e);
        if (!row.outcome.isEmpty())
            return QColor(0x1a, 0x7f, 0x37);
        return {};
    case Qt::FontRole:
        if (row.current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case StepIdRole:
        return row.id;
    case OutcomeRole:
        return row.outcome;
    case CurrentRole:
        return row.current;
    }
    return {};
}

QVariant RunbookStepsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case State:
        return tr("State");
    case Step:
        return tr("Step");
    case Kind:
        return tr("Kind");
    }
    return {};
}

} // namespace casebook::ui
