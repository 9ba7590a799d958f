#pragma once
// The findings of a scope as a two-level tree: one row a finding (graded error, warning or
// info, with its tenant and onset), and under it the evidence it cites: the anomalies,
// SLO alerts, change events, log templates, trace attributes and slower operations, each
// with its confidence. Filled in one go from a job's report; info findings (harmless
// moves) are kept and shown on demand.

#include "core/analysis/findings.h"

#include <QAbstractItemModel>

#include <vector>

namespace casebook::ui {

enum class EvidenceKind { Anomaly, SloAlert, Change, LogTemplate, TraceAttribute, SlowOperation };

class FindingsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Text, Tenant, When, ColumnCount };
    enum Role { GradeRole = Qt::UserRole + 1, EvidenceKindRole };

    struct Evidence {
        EvidenceKind kind = EvidenceKind::Anomaly;
        std::size_t index = 0; // into the finding's list of that kind
        QString text;
        QString when; // the confidence, or the time
        QString tooltip;
    };

    using QAbstractItemModel::QAbstractItemModel;

    // Replaces the findings.
    void setFindings(std::vector<Finding> findings);
    // Lists info findings too, or hides them again, without looking for findings anew.
    void setShowInfo(bool show);
    bool showsInfo() const { return showInfo_; }
    void clear();
    // Findings listed (info ones only when shown) and all of them.
    int findingCount() const { return static_cast<int>(shown_.size()); }
    int allFindingCount() const { return static_cast<int>(all_.size()); }
    const std::vector<Finding>& allFindings() const { return all_; }
    const Finding* findingAt(const QModelIndex& index) const; // a finding row or its evidence
    const Evidence* evidenceAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void applyFilter();

    std::vector<Finding> all_;
    std::vector<std::vector<Evidence>> evidenceOfAll_;
    std::vector<std::size_t> shown_; // indexes into all_
    bool showInfo_ = false;
};

// Red, amber, blue.
QColor findingGradeColor(FindingGrade grade);

} // namespace casebook::ui
