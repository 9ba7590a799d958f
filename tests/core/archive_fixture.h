#pragma once
// Builds archives for tests with libarchive's write API, so every archive a test reads,
// hostile ones included, is made in the test from a few lines of data.

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "otlp_lines.h"

namespace casebook::test {

inline std::string changeLine(const std::string& title) {
    return R"({"time":"2026-11-19T20:00:00Z","kind":"deploy","service":"web","title":")" + title +
           "\"}\n";
}

struct ArchiveEntry {
    std::string name;
    std::string data;
    unsigned type = AE_IFREG; // AE_IFDIR, AE_IFLNK, AE_IFCHR, AE_IFBLK, AE_IFIFO, ...
    std::string symlink;      // target of a symbolic link
    std::string hardlink;     // target of a hard link
    std::uint64_t zeros = 0;  // appended to data, written in chunks
};

inline ArchiveEntry fileEntry(std::string name, std::string data) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.data = std::move(data);
    return e;
}
inline ArchiveEntry folderEntry(std::string name) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.type = AE_IFDIR;
    return e;
}
// A device, FIFO or socket: no data.
inline ArchiveEntry specialEntry(std::string name, unsigned type) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.type = type;
    return e;
}
inline ArchiveEntry symlinkEntry(std::string name, std::string target) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.type = AE_IFLNK;
    e.symlink = std::move(target);
    return e;
}
inline ArchiveEntry hardlinkEntry(std::string name, std::string target) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.hardlink = std::move(target);
    return e;
}
inline ArchiveEntry zerosEntry(std::string name, std::uint64_t zeros) {
    ArchiveEntry e;
    e.name = std::move(name);
    e.zeros = zeros;
    return e;
}

enum class ArchiveFormat { Zip, Tar, TarGz, TarZst, TarXz, TarBz2 };

// Writes `entries` as an archive; returns libarchive's complaint, or empty on success.
inline std::string writeArchive(const std::filesystem::path& file, ArchiveFormat format,
                                const std::vector<ArchiveEntry>& entries) {
    std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), &archive_write_free);
    int status = format == ArchiveFormat::Zip ? archive_write_set_format_zip(a.get())
                                              : archive_write_set_format_pax_restricted(a.get());
    switch (format) {
    case ArchiveFormat::TarGz:
        status = status ? status : archive_write_add_filter_gzip(a.get());
        break;
    case ArchiveFormat::TarZst:
        status = status ? status : archive_write_add_filter_zstd(a.get());
        break;
    case ArchiveFormat::TarXz:
        status = status ? status : archive_write_add_filter_xz(a.get());
        break;
    case ArchiveFormat::TarBz2:
        status = status ? status : archive_write_add_filter_bzip2(a.get());
        break;
    default:
        break;
    }
    if (status != ARCHIVE_OK || archive_write_open_filename(a.get(), file.c_str()) != ARCHIVE_OK)
        return archive_error_string(a.get());
    const std::string zeros(64 * 1024, '\0');
    for (const auto& e : entries) {
        std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                       &archive_entry_free);
        archive_entry_set_pathname(entry.get(), e.name.c_str());
        archive_entry_set_filetype(entry.get(), e.type);
        archive_entry_set_perm(entry.get(), e.type == AE_IFDIR ? 0755 : 0644);
        archive_entry_set_mtime(entry.get(), 1795165200, 0);
        if (!e.symlink.empty())
            archive_entry_set_symlink(entry.get(), e.symlink.c_str());
        if (!e.hardlink.empty())
            archive_entry_set_hardlink(entry.get(), e.hardlink.c_str());
        const bool hasData = e.type == AE_IFREG && e.hardlink.empty();
        archive_entry_set_size(entry.get(),
                               hasData ? static_cast<la_int64_t>(e.data.size() + e.zeros) : 0);
        if (archive_write_header(a.get(), entry.get()) < ARCHIVE_WARN)
            return "header of " + e.name + ": " + archive_error_string(a.get());
        if (!hasData)
            continue;
        if (!e.data.empty() && archive_write_data(a.get(), e.data.data(), e.data.size()) !=
                                   static_cast<la_ssize_t>(e.data.size()))
            return "data of " + e.name + ": " + archive_error_string(a.get());
        for (std::uint64_t left = e.zeros; left > 0;) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, zeros.size()));
            if (archive_write_data(a.get(), zeros.data(), n) != static_cast<la_ssize_t>(n))
                return "zeros of " + e.name + ": " + archive_error_string(a.get());
            left -= n;
        }
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return archive_error_string(a.get());
    return {};
}

// Writes `data` as one gzip-compressed file (what `gzip file` makes).
inline std::string writeGzipFile(const std::filesystem::path& file, const std::string& data) {
    std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), &archive_write_free);
    if (archive_write_set_format_raw(a.get()) != ARCHIVE_OK ||
        archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
        archive_write_open_filename(a.get(), file.c_str()) != ARCHIVE_OK)
        return archive_error_string(a.get());
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   &archive_entry_free);
    archive_entry_set_pathname(entry.get(), "data");
    archive_entry_set_filetype(entry.get(), AE_IFREG);
    archive_entry_set_size(entry.get(), static_cast<la_int64_t>(data.size()));
    if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK ||
        archive_write_data(a.get(), data.data(), data.size()) !=
            static_cast<la_ssize_t>(data.size()) ||
        archive_write_close(a.get()) != ARCHIVE_OK)
        return archive_error_string(a.get());
    return {};
}

} // namespace casebook::test
