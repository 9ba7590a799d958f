#include "ui/summary/import_files_model.h"

#include "ui/util/text.h"

#include <QColor>

namespace casebook::ui {
namespace {

enum class FileState { Ok, Partial, Error };

FileState stateOf(const FileReport& f) {
    if (f.partial)
        return FileState::Partial;
    if (!f.error.empty())
        return FileState::Error;
    return FileState::Ok;
}

bool isNumeric(int column) {
    return column == ImportFilesModel::Size || column == ImportFilesModel::Accepted ||
           column == ImportFilesModel::Rejected;
}

QVariant alignment(int column) {
    return static_cast<int>(isNumeric(column) ? Qt::AlignRight | Qt::AlignVCenter
                                              : Qt::AlignLeft | Qt::AlignVCenter);
}

} // namespace

void ImportFilesModel::setHistory(std::vector<BundleRecord> bundles) {
    beginResetModel();
    bundles_ = std::move(bundles);
    rows_.clear();
    for (const auto& bundle : bundles_)
        for (const auto& file : bundle.files)
            rows_.push_back({&bundle, &file});
    endResetModel();
}

void ImportFilesModel::clear() {
    setHistory({});
}

std::int64_t ImportFilesModel::rejectedTotal() const {
    std::int64_t total = 0;
    for (const auto& bundle : bundles_)
        total += bundle.rejected;
    return total;
}

int ImportFilesModel::partialFiles() const {
    int partial = 0;
    for (const auto& row : rows_)
        partial += row.file->partial ? 1 : 0;
    return partial;
}

int ImportFilesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ImportFilesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportFilesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const FileReport& f = *row.file;
    const FileState state = stateOf(f);
    const int column = index.column();

    auto statusText = [&]() -> QString {
        switch (state) {
        case FileState::Partial:
            return f.error.empty() ? tr("Partial") : tr("Partial: %1").arg(toQString(f.error));
        case FileState::Error:
            return toQString(f.error);
        case FileState::Ok:
            return tr("OK");
        }
        return {};
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Bundle:
            return toQString(row.bundle->name);
        case File:
            return toQString(f.path);
        case Kind:
            return f.kind.empty() ? QStringLiteral("—") : toQString(f.kind);
        case Format:
            return f.format.empty() ? QStringLiteral("—") : toQString(f.format);
        case Size:
            return formatBytes(f.bytes);
        case Accepted:
            return formatCount(static_cast<std::int64_t>(f.accepted));
        case Rejected:
            return formatCount(static_cast<std::int64_t>(f.rejected));
        case Status:
            return statusText();
        case Note:
            return toQString(f.note);
        default:
            return {};
        }
    case ValueRole:
        switch (column) {
        case Bundle:
            return toQString(row.bundle->name);
        case File:
            return toQString(f.path);
        case Kind:
            return toQString(f.kind);
        case Format:
            return toQString(f.format);
        case Size:
            return QVariant::fromValue<qint64>(static_cast<qint64>(f.bytes));
        case Accepted:
            return QVariant::fromValue<qint64>(static_cast<qint64>(f.accepted));
        case Rejected:
            return QVariant::fromValue<qint64>(static_cast<qint64>(f.rejected));
        case Status:
            return toQString(f.error);
        case Note:
            return toQString(f.note);
        default:
            return {};
        }
    case StateRole:
        switch (state) {
        case FileState::Partial:
            return QStringLiteral("partial");
        case FileState::Error:
            return QStringLiteral("error");
        case FileState::Ok:
            return QStringLiteral("ok");
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Status || column == File)
            return QString(toQString(f.path) % u'\n' % statusText());
        if (column == Note && !f.note.empty())
            return toQString(f.note);
        return {};
    case Qt::TextAlignmentRole:
        return alignment(column);
    case Qt::ForegroundRole:
        if (column == Status && state == FileState::Error)
            return QColor(0xb3, 0x26, 0x1e);
        if (column == Status && state == FileState::Partial)
            return QColor(0xa1, 0x50, 0x00);
        if (column == Rejected && f.rejected > 0)
            return QColor(0xa1, 0x50, 0x00);
        if (column == Status)
            return QColor(0x2e, 0x7d, 0x32);
        return {};
    default:
        return {};
    }
}

QVariant ImportFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Bundle:
        return tr("Bundle");
    case File:
        return tr("File");
    case Kind:
        return tr("Kind");
    case Format:
        return tr("Format");
    case Size:
        return tr("Size");
    case Accepted:
        return tr("Accepted");
    case Rejected:
        return tr("Rejected");
    case Status:
        return tr("Status");
    case Note:
        return tr("How it was read");
    default:
        return {};
    }
}

} // namespace casebook::ui
