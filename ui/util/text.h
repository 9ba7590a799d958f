#pragma once
// Conversions between the engine's std::string / std::filesystem::path world and Qt's,
// and the number formats every pane shares, so a count reads the same everywhere.

#include <QString>

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace casebook::ui {

QString toQString(std::string_view utf8);
std::filesystem::path toFsPath(const QString& path);
QString fromFsPath(const std::filesystem::path& path);

// "12,345": grouped digits even in the C locale, where Qt leaves them out by default.
QString formatCount(std::int64_t value);
// "1 tenant", "12,345 tenants": English plurals without a translation catalogue.
QString countOf(std::int64_t value, const QString& singular, const QString& plural);
// "2026-11-20 09:00:12.345": a time in UTC to the millisecond, for table cells whose
// header says UTC (a full RFC 3339 stamp does not fit a column).
QString formatTimestamp(std::int64_t ns);
// "12.3 MB" (SI units, like the progress of an import).
QString formatBytes(std::uint64_t bytes);

} // namespace casebook::ui
