#include "ui/util/text.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QTimeZone>

namespace casebook::ui {

QString toQString(std::string_view utf8) {
    return QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
}

std::filesystem::path toFsPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

QString fromFsPath(const std::filesystem::path& path) {
    return QFile::decodeName(QByteArray::fromStdString(path.string()));
}

namespace {
QLocale groupingLocale() {
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}
} // namespace

QString formatCount(std::int64_t value) {
    return groupingLocale().toString(static_cast<qlonglong>(value));
}

QString countOf(std::int64_t value, const QString& singular, const QString& plural) {
    return formatCount(value) % u' ' % (value == 1 ? singular : plural);
}

QString formatTimestamp(std::int64_t ns) {
    // Floor division, so that times before 1970 still show the right millisecond.
    const std::int64_t ms = ns / 1000000 - (ns % 1000000 < 0 ? 1 : 0);
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString formatBytes(std::uint64_t bytes) {
    return groupingLocale().formattedDataSize(static_cast<qint64>(bytes), 1,
                                              QLocale::DataSizeSIFormat);
}

} // namespace casebook::ui
