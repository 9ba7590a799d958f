#include "ui/timeline/timeline_model.h"

#include "ui/util/text.h"

#include <QColor>
#include <QDateTime>
#include <QTimeZone>

namespace casebook::ui {
namespace {

QString localTime(std::int64_t ns) {
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ns / 1000000, QTimeZone::systemTimeZone());
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t"));
}

QColor kindColor(TimelineKind kind) {
    switch (kind) {
    case TimelineKind::Change:
        return QColor(0x82, 0x50, 0xdf);
    case TimelineKind::Finding:
        return QColor(0xd1, 0x24, 0x2f);
    case TimelineKind::SloAlert:
        return QColor(0xe1, 0x6f, 0x24);
    case TimelineKind::Evidence:
        return QColor(0x09, 0x69, 0xda);
    case TimelineKind::Note:
        return QColor(0x57, 0x60, 0x6a);
    case TimelineKind::Check:
        return QColor(0x1f, 0x88, 0x3d);
    case TimelineKind::Decision:
        return QColor(0xbf, 0x87, 0x00);
    case TimelineKind::Conclusion:
        return QColor(0xcf, 0x22, 0x2e);
    case TimelineKind::Mark:
        return QColor(0xbc, 0x4c, 0x00);
    }
    return {};
}

} // namespace

QString timelineKindLabel(TimelineKind kind) {
    switch (kind) {
    case TimelineKind::Change:
        return TimelineModel::tr("Change");
    case TimelineKind::Finding:
        return TimelineModel::tr("Finding");
    case TimelineKind::SloAlert:
        return TimelineModel::tr("SLO alert");
    case TimelineKind::Evidence:
        return TimelineModel::tr("Evidence");
    case TimelineKind::Note:
        return TimelineModel::tr("Note");
    case TimelineKind::Check:
        return TimelineModel::tr("Check");
    case TimelineKind::Decision:
        return TimelineModel::tr("Decision");
    case TimelineKind::Conclusion:
        return TimelineModel::tr("Conclusion");
    case TimelineKind::Mark:
        return TimelineModel::tr("Mark");
    }
    return {};
}

TimelineModel::TimelineModel(QObject* parent)
    : QAbstractTableModel(parent), kinds_(std::begin(kTimelineKinds), std::end(kTimelineKinds)) {}

void TimelineModel::setEntries(std::vector<TimelineEntry> entries) {
    beginResetModel();
    all_ = std::move(entries);
    filter();
    endResetModel();
}

void TimelineModel::setKinds(std::set<TimelineKind> kinds) {
    beginResetModel();
    kinds_ = std::move(kinds);
    filter();
    endResetModel();
}

void TimelineModel::filter() {
    shown_.clear();
    for (std::size_t i = 0; i < all_.size(); ++i)
        if (kinds_.count(all_[i].kind))
            shown_.push_back(i);
}

const TimelineEntry* TimelineModel::entryAt(int row) const {
    if (row < 0 || row >= rowCount())
        return nullptr;
    return &all_[shown_[static_cast<std::size_t>(row)]];
}

int TimelineModel::countOf(TimelineKind kind) const {
    int n = 0;
    for (const auto& e : all_)
        n += e.kind == kind;
    return n;
}

int TimelineModel::rowOfKey(const QString& key) const {
    for (int row = 0; row < rowCount(); ++row)
        if (toQString(entryAt(row)->key) == key)
            return row;
    return -1;
}

int TimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(shown_.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TimelineEntry& e = *entryAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case TimeUtc:
            return formatTimestamp(e.timeNs).left(19);
        case TimeLocal:
            return localTime(e.timeNs);
        case Kind: {
            QString kind = timelineKindLabel(e.kind);
            if (!e.outcome.empty())
                kind += u" · " % toQString(e.outcome);
            else if (!e.subkind.empty())
                kind += u" · " % toQString(e.subkind);
            return kind;
        }
        case Title:
            return toQString(e.title);
        case Detail:
            return toQString(e.detail).replace(u'\n', u' ');
        case Tenant:
            return e.tenant.empty() ? tr("all tenants") : toQString(e.tenant);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Title && e.title != e.defaultTitle)
            return tr("Edited; originally: %1").arg(toQString(e.defaultTitle));
        if (index.column() == Detail)
            return toQString(e.detail);
        if (index.column() == TimeUtc && e.recordedAtNs && *e.recordedAtNs != e.timeNs)
            return tr("Recorded %1 UTC").arg(formatTimestamp(*e.recordedAtNs));
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Kind)
            return kindColor(e.kind);
        return {};
    case KeyRole:
        return toQString(e.key);
    case KindRole:
        return static_cast<int>(e.kind);
    case TimeNsRole:
        return static_cast<qlonglong>(e.timeNs);
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeUtc:
        return tr("Time (UTC)");
    case TimeLocal:
        return tr("Local time");
    case Kind:
        return tr("Kind");
    case Title:
        return tr("Title");
    case Detail:
        return tr("Detail");
    case Tenant:
        return tr("Tenant");
    }
    return {};
}

Qt::ItemFlags TimelineModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Title)
        f |= Qt::ItemIsEditable;
    return f;
}

bool TimelineModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        index.column() != Title)
        return false;
    const QString title = value.toString().trimmed();
    TimelineEntry& e = all_[shown_[static_cast<std::size_t>(index.row())]];
    if (title.isEmpty() || title == toQString(e.title))
        return false;
    e.title = title.toStdString();
    emit dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole});
    emit titleEdited(toQString(e.key), title);
    return true;
}

} // namespace casebook::ui
