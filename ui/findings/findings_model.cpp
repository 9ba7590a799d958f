#include "ui/findings/findings_model.h"

#include "core/util/time_text.h"
#include "ui/metrics/change_marker_style.h"
#include "ui/util/text.h"

#include <QColor>
#include <QPainter>
#include <QPixmap>

namespace casebook::ui {
namespace {

QString percent(double confidence) {
    return QString::number(static_cast<int>(std::lround(confidence * 100))) + u'%';
}

std::vector<FindingsModel::Evidence> evidenceOf(const Finding& f) {
    using E = FindingsModel::Evidence;
    std::vector<E> out;
    for (std::size_t i = 0; i < f.anomalies.size(); ++i) {
        const Anomaly& a = f.anomalies[i];
        out.push_back({EvidenceKind::Anomaly, i,
                       QObject::tr("anomaly: %1 %2")
                           .arg(toQString(a.series.displayName()), toQString(a.words())),
                       formatTimestamp(a.onsetNs).left(16),
                       QObject::tr("%1 (%2), %3 from %4%5")
                           .arg(toQString(a.series.displayName()), toQString(a.series.service),
                                toQString(a.words()), toQString(formatRfc3339(a.onsetNs)),
                                a.harmful ? QString() : QObject::tr("; the harmless way"))});
    }
    for (std::size_t i = 0; i < f.sloAlerts.size(); ++i) {
        const auto& s = f.sloAlerts[i];
        out.push_back({EvidenceKind::SloAlert,
                       i,
                       QObject::tr("SLO %1: %2")
                           .arg(toQString(s.name), toQString(describeRule(s.alert.rule))),
                       formatTimestamp(s.alert.firedNs).left(16),
                       {}});
    }
    for (std::size_t i = 0; i < f.changes.size(); ++i) {
        const auto& c = f.changes[i];
        QString reasons;
        for (const auto& r : c.reasons)
            reasons += QString(QStringLiteral("\n• ") + toQString(r));
        out.push_back({EvidenceKind::Change, i,
                       QObject::tr("change: %1 (%2, %3 %4)")
                           .arg(toQString(c.change.title), changeKindLabel(c.change.kind),
                                toQString(formatLead(c.leadNs)),
                                c.leadNs >= 0 ? QObject::tr("before") : QObject::tr("after")),
                       percent(c.confidence),
                       QObject::tr("%1 at %2%3")
                           .arg(toQString(c.change.title),
                                toQString(formatRfc3339(c.change.timeNs)), reasons)});
    }
    for (std::size_t i = 0; i < f.logTemplates.size(); ++i) {
        const auto& t = f.logTemplates[i];
        out.push_back(
            {EvidenceKind::LogTemplate, i,
             QObject::tr("log: \"%1\" %2 → %3%4")
                 .arg(toQString(t.logTemplate.text), formatCount(t.before), formatCount(t.after),
                      t.exceptionType.empty()
                          ? QString()
                          : QStringLiteral(" (") + toQString(t.exceptionType) + u')'),
             percent(t.confidence),
             QObject::tr("%1, %2 in %3 h before the onset, %4 in %5 h after\ne.g. %6")
                 .arg(toQString(t.logTemplate.service), formatCount(t.before),
                      QString::number(t.beforeHours, 'f', 0), formatCount(t.after),
                      QString::number(t.afterHours, 'f', 0), toQString(t.logTemplate.example))});
    }
    for (std::size_t i = 0; i < f.attributes.size(); ++i) {
        const auto& a = f.attributes[i];
        out.push_back(
            {EvidenceKind::TraceAttribute, i,
             QObject::tr("traces: %1 (%2 of %3 failing, %4 of %5 healthy)")
                 .arg(toQString(a.feature()), formatCount(a.failingWith), formatCount(a.failing),
                      formatCount(a.healthyWith), formatCount(a.healthy)),
             percent(a.confidence), QObject::tr("Filter: %1").arg(toQString(a.filter))});
    }
    for (std::size_t i = 0; i < f.slowOperations.size(); ++i) {
        const auto& o = f.slowOperations[i];
        out.push_back({EvidenceKind::SlowOperation,
                       i,
                       QObject::tr("slower: %1 %2, p95 %3 ms → %4 ms")
                           .arg(toQString(o.service), toQString(o.operation),
                                QString::number(o.p95BeforeMs, 'f', 1),
                                QString::number(o.p95AfterMs, 'f', 1)),
                       percent(o.confidence),
                       {}});
    }
    return out;
}

QPixmap gradeDot(FindingGrade grade) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(findingGradeColor(grade));
    p.drawEllipse(QRectF(1, 1, 10, 10));
    return pixmap;
}

} // namespace

QColor findingGradeColor(FindingGrade grade) {
    switch (grade) {
    case FindingGrade::Error:
        return {0xd3, 0x2f, 0x2f};
    case FindingGrade::Warning:
        return {0xf0, 0x9a, 0x1c};
    case FindingGrade::Info:
        break;
    }
    return {0x42, 0x85, 0xd4};
}

void FindingsModel::setFindings(std::vector<Finding> findings) {
    beginResetModel();
    all_ = std::move(findings);
    evidenceOfAll_.clear();
    for (const Finding& f : all_)
        evidenceOfAll_.push_back(evidenceOf(f));
    applyFilter();
    endResetModel();
}

void FindingsModel::setShowInfo(bool show) {
    if (show == showInfo_)
        return;
    beginResetModel();
    showInfo_ = show;
    applyFilter();
    endResetModel();
}

void FindingsModel::applyFilter() {
    shown_.clear();
    for (std::size_t i = 0; i < all_.size(); ++i)
        if (showInfo_ || all_[i].grade != FindingGrade::Info)
            shown_.push_back(i);
}

void FindingsModel::clear() {
    beginResetModel();
    all_.clear();
    evidenceOfAll_.clear();
    shown_.clear();
    endResetModel();
}

QModelIndex FindingsModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex FindingsModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, quintptr(0));
}

int FindingsModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid())
        return static_cast<int>(shown_.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return static_cast<int>(evidenceOfAll_[shown_[static_cast<std::size_t>(parent.row())]].size());
}

int FindingsModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

const Finding* FindingsModel::findingAt(const QModelIndex& index) const {
    if (!index.isValid())
        return nullptr;
    const auto row = index.internalId() == 0 ? static_cast<std::size_t>(index.row())
                                             : static_cast<std::size_t>(index.internalId() - 1);
    return row < shown_.size() ? &all_[shown_[row]] : nullptr;
}

const FindingsModel::Evidence* FindingsModel::evidenceAt(const QModelIndex& index) const {
    if (!index.isValid() || index.internalId() == 0)
        return nullptr;
    const auto& list = evidenceOfAll_[shown_[static_cast<std::size_t>(index.internalId() - 1)]];
    return static_cast<std::size_t>(index.row()) < list.size()
               ? &list[static_cast<std::size_t>(index.row())]
               : nullptr;
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Finding* f = findingAt(index);
    if (!f)
        return {};
    if (const Evidence* e = evidenceAt(index)) {
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == Text)
                return e->text;
            if (index.column() == When)
                return e->when;
            return {};
        case Qt::ToolTipRole:
            return e->tooltip.isEmpty() ? e->text : e->tooltip;
        case Qt::TextAlignmentRole:
            return static_cast<int>((index.column() == When ? Qt::AlignRight : Qt::AlignLeft) |
                                    Qt::AlignVCenter);
        case EvidenceKindRole:
            return static_cast<int>(e->kind);
        case GradeRole:
            return static_cast<int>(f->grade);
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Text:
            return QString(toQString(findingGradeName(f->grade)) + QStringLiteral(": ") +
                           toQString(f->title));
        case Tenant:
            return toQString(f->tenant);
        case When:
            return formatTimestamp(f->onsetNs).left(16);
        default:
            return {};
        }
    case Qt::DecorationRole:
        if (index.column() == Text)
            return gradeDot(f->grade);
        return {};
    case Qt::ToolTipRole:
        return toQString(f->summary);
    case GradeRole:
        return static_cast<int>(f->grade);
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Text:
        return tr("Finding");
    case Tenant:
        return tr("Tenant");
    case When:
        return tr("Onset (UTC) / confidence");
    default:
        return {};
    }
}

} // namespace casebook::ui
