#include "core/import/archive_bundle.h"

#include <archive.h>
#include <archive_entry.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace casebook {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t chunkSize = 64 * 1024;
constexpr std::size_t maxNameBytes = 4096;     // PATH_MAX
constexpr std::size_t maxComponentBytes = 255; // NAME_MAX

// archive_errno() after "Unrecognized archive format". libarchive does not export its
// ARCHIVE_ERRNO_FILE_FORMAT; archive_platform.h defines it as EFTYPE where that exists,
// else EILSEQ.
#ifdef EFTYPE
constexpr int unrecognisedFormat = EFTYPE;
#else
constexpr int unrecognisedFormat = EILSEQ;
#endif

bool endsWithNoCase(std::string_view text, std::string_view suffix) {
    if (text.size() < suffix.size())
        return false;
    return std::equal(suffix.begin(), suffix.end(), text.end() - suffix.size(), [](char a, char b) {
        const auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        };
        return lower(a) == lower(b);
    });
}

constexpr std::string_view compressionSuffixes[] = {".gz", ".bz2", ".xz", ".zst", ".zstd"};
constexpr std::string_view archiveSuffixes[] = {".tgz", ".tbz2", ".tbz", ".txz", ".tzst", ".tar",
                                                ".zip", ".gz",   ".bz2", ".xz",  ".zst",  ".zstd"};

// What the one file in a compressed file is called once extracted: its name without the
// compression suffix, as gunzip does, so that traces.jsonl.gz imports as traces.jsonl
// (and hashes like the folder that holds traces.jsonl).
std::string compressedFileEntryName(const fs::path& file) {
    std::string name = file.filename().string();
    for (const auto suffix : compressionSuffixes) {
        if (endsWithNoCase(name, suffix)) {
            name.resize(name.size() - suffix.size());
            break;
        }
    }
    // A leading dot would make it a hidden file, which bundles do not import.
    name.erase(0, name.find_first_not_of('.'));
    return name.empty() ? "data" : name;
}

std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0)
            low = 0xA0; // overlong
        if (c == 0xED)
            high = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0)
            low = 0x90; // overlong
        if (c == 0xF4)
            high = 0x8F; // beyond U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return length;
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto length = utf8SequenceLength(text, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

// An entry name as it can be shown in a message: bytes that are not UTF-8 and control
// characters become \xNN, so a hostile name cannot garble a report or a terminal.
std::string displayName(std::string_view name) {
    std::string shown;
    for (std::size_t i = 0; i < name.size();) {
        const auto length = utf8SequenceLength(name, i);
        const auto c = static_cast<unsigned char>(name[i]);
        if (length == 0 || c < 0x20 || c == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", c);
            shown += escaped;
            ++i;
        } else {
            shown.append(name.substr(i, length));
            i += length;
        }
    }
    return shown;
}

// Why `name` cannot be extracted, or empty when it can; `clean` receives it normalised
// ("./a//b" -> "a/b"), which is how duplicates are found.
std::string checkName(std::string_view name, std::string& clean) {
    clean.clear();
    if (name.empty())
        return "has an empty name";
    if (!isValidUtf8(name))
        return "has a name that is not valid UTF-8";
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }))
        return "has a control character in its name";
    // Refused here rather than by the file system so that the claimed paths (and their
    // implied folders) stay small: at most maxEntries paths of at most PATH_MAX bytes.
    if (name.size() > maxNameBytes)
        return "has a name longer than " + std::to_string(maxNameBytes) + " bytes";
    if (name.front() == '/')
        return "has an absolute path";
    std::size_t start = 0;
    while (start <= name.size()) {
        const auto end = std::min(name.find('/', start), name.size());
        const auto part = name.substr(start, end - start);
        if (part == "..")
            return "has a \"..\" component, which would leave the bundle";
        if (part.size() > maxComponentBytes)
            return "has a path component longer than " + std::to_string(maxComponentBytes) +
                   " bytes";
        if (!part.empty() && part != ".") {
            if (!clean.empty())
                clean += '/';
            clean.append(part);
        }
        start = end + 1;
    }
    return {};
}

std::string humanBytes(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    if (unit == 0)
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

std::string libarchiveError(archive* a) {
    const char* text = archive_error_string(a);
    return text && *text ? text : "unknown libarchive error";
}

// The archive file as libarchive reads it: through callbacks, so that the bytes read can
// be counted for progress (libarchive's own position jumps about in a zip).
class Source {
public:
    // O_NONBLOCK and S_ISREG: should the file have been swapped for a FIFO since the
    // caller looked, opening it neither hangs nor reads from it.
    explicit Source(const fs::path& file)
        : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {
        struct stat st;
        if (fd_ < 0 || ::fstat(fd_, &st) != 0)
            error_ = errno;
        else if (!S_ISREG(st.st_mode))
            error_ = EINVAL;
        else
            size_ = static_cast<std::uint64_t>(st.st_size);
    }
    ~Source() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;

    int error() const { return error_; }
    std::uint64_t size() const { return size_; }
    std::uint64_t bytesRead() const { return std::min(read_, size_); }

    void attach(archive* a) {
        archive_read_set_callback_data(a, this);
        archive_read_set_read_callback(a, &Source::readCallback);
        archive_read_set_seek_callback(a, &Source::seekCallback);
    }

private:
    static la_ssize_t readCallback(archive* a, void* self, const void** buffer) {
        auto& s = *static_cast<Source*>(self);
        ssize_t n;
        do {
            n = ::read(s.fd_, s.buffer_.data(), s.buffer_.size());
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
            const int error = errno;
            archive_set_error(a, error, "cannot read the archive: %s", std::strerror(error));
            return -1;
        }
        s.read_ += static_cast<std::uint64_t>(n);
        *buffer = s.buffer_.data();
        return n;
    }
    static la_int64_t seekCallback(archive*, void* self, la_int64_t offset, int whence) {
        const auto position = ::lseek(static_cast<Source*>(self)->fd_, offset, whence);
        return position < 0 ? ARCHIVE_FATAL : position;
    }

    int fd_;
    int error_ = 0;
    std::uint64_t size_ = 0;
    std::uint64_t read_ = 0;
    std::vector<char> buffer_ = std::vector<char>(chunkSize);
};

enum class ReadAs { Archive, CompressedFile };

// One attempt at reading the file with libarchive.
class Reader {
public:
    explicit Reader(const fs::path& file) : source_(file), archive_(archive_read_new()) {}
    ~Reader() { archive_read_free(archive_); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    archive* get() const { return archive_; }
    Source& source() { return source_; }

    // ARCHIVE_OK when libarchive recognised the content; else `error` says why not.
    int open(ReadAs as, std::string& error) {
        if (source_.error()) {
            error = std::string("cannot read the archive: ") + std::strerror(source_.error());
            return ARCHIVE_FATAL;
        }
        // Only decoders built into libarchive: each of these answers ARCHIVE_WARN when it
        // would run an external program instead, which an importer must never do.
        struct Filter {
            const char* name;
            int (*support)(archive*);
        };
        for (const Filter f : {Filter{"gzip", &archive_read_support_filter_gzip},
                               Filter{"bzip2", &archive_read_support_filter_bzip2},
                               Filter{"xz", &archive_read_support_filter_xz},
                               Filter{"zstd", &archive_read_support_filter_zstd}}) {
            if (f.support(archive_) != ARCHIVE_OK) {
                error = std::string("this libarchive has no built-in ") + f.name + " decoder";
                return ARCHIVE_FATAL;
            }
        }
        // Only the formats bundles come in: fewer parsers, less to attack.
        if (as == ReadAs::Archive) {
            archive_read_support_format_tar(archive_);
            // Reads a zip by its central directory, or entry by entry when it has none.
            archive_read_support_format_zip(archive_);
        } else {
            archive_read_support_format_raw(archive_);
        }
        source_.attach(archive_);
        const int status = archive_read_open1(archive_);
        if (status != ARCHIVE_OK)
            error = libarchiveError(archive_);
        return status;
    }

private:
    Source source_;
    archive* archive_;
};

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }
    int close() { return ::close(std::exchange(fd_, -1)); }

private:
    int fd_;
};

bool writeAll(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const auto n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

struct Refusal {
    std::string reason;
};
struct Cancel {};

// Extracts the entries of an opened reader into `root`, refusing by throwing Refusal so
// that every exit leaves the caller's temporary folder to be removed.
class Extractor {
public:
    Extractor(Reader& reader, ReadAs as, const fs::path& archiveFile, const fs::path& root,
              const ArchiveLimits& limits, const std::stop_token& stop,
              const std::function<void(const ExtractionProgress&)>& onProgress)
        : reader_(reader), as_(as), archiveFile_(archiveFile), root_(root), limits_(limits),
          stop_(stop), onProgress_(onProgress) {
        const double ratioBytes = limits.maxRatio * static_cast<double>(reader.source().size());
        ratioLimit_ = ratioBytes >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(ratioBytes);
        ratioLimit_ = std::max(ratioLimit_, limits.ratioAllowance);
        progress_.archiveBytes = reader.source().size();
    }

    void run(ArchiveExtraction& result) {
        archive* a = reader_.get();
        std::string previous;
        for (;;) {
            checkStop();
            archive_entry* entry = nullptr;
            const int status = archive_read_next_header(a, &entry);
            if (status == ARCHIVE_EOF)
                break;
            if (status != ARCHIVE_OK && status != ARCHIVE_WARN)
                throw Refusal{(previous.empty() ? std::string("first entry: ")
                                                : "entry after \"" + previous + "\": ") +
                              libarchiveError(a)};
            const std::string raw = as_ == ReadAs::CompressedFile
                                        ? compressedFileEntryName(archiveFile_)
                                        : entryName(entry);
            previous = displayName(raw);
            progress_.currentEntry = previous;
            ++progress_.entries;
            if (progress_.entries > limits_.maxEntries)
                refuse(previous, "takes the archive over " + std::to_string(limits_.maxEntries) +
                                     " entries (the limit)");
            std::string clean;
            if (auto problem = checkName(raw, clean); !problem.empty())
                refuse(previous, problem);
            if (auto problem = checkType(entry); !problem.empty())
                refuse(previous, problem);
            const bool isDirectory = archive_entry_filetype(entry) == AE_IFDIR;
            if (clean.empty()) {
                if (isDirectory)
                    continue; // "./": the root itself
                refuse(previous, "has an empty name");
            }
            claim(previous, clean, isDirectory);
            // Folders implied by paths ("a/b/c.json") are made on disk too, so they count.
            if (claimed_.size() > limits_.maxEntries)
                refuse(previous, "takes the archive over " + std::to_string(limits_.maxEntries) +
                                     " entries (the limit; folders implied by paths count)");
            if (isDirectory)
                makeDirectory(previous, root_ / clean);
            else
                extractFile(previous, clean);
            report();
        }
        result.entries = progress_.entries;
        result.bytes = written_;
        result.bundleRoot = root_;
        // An archive of a folder (what "Compress" in a file manager makes) holds one
        // top-level folder: that folder is the bundle, so its manifest.json is found and
        // it is recognised as the same bundle as the folder itself. Hidden entries and
        // macOS resource forks (__MACOSX) do not count.
        std::vector<std::string> topLevel;
        for (const auto& [path, kind] : claimed_)
            if (path.find('/') == std::string::npos && path.front() != '.' && path != "__MACOSX")
                topLevel.push_back(path);
        if (topLevel.size() == 1 && claimed_.at(topLevel.front()) != Kind::File)
            result.bundleRoot = root_ / topLevel.front();
    }

private:
    enum class Kind { File, Directory, ImpliedDirectory };

    [[noreturn]] void refuse(const std::string& shownName, const std::string& why) {
        throw Refusal{"entry \"" + shownName + "\" " + why};
    }

    void checkStop() const {
        if (stop_.stop_requested())
            throw Cancel{};
    }

    void report() {
        progress_.archiveBytesRead = reader_.source().bytesRead();
        if (onProgress_)
            onProgress_(progress_);
    }

    static std::string entryName(archive_entry* entry) {
        // UTF-8 when libarchive knows the name's charset (zip's UTF-8 flag, pax headers);
        // else the bytes as stored, which must then be UTF-8 themselves.
        if (const char* utf8 = archive_entry_pathname_utf8(entry))
            return utf8;
        if (const char* bytes = archive_entry_pathname(entry))
            return bytes;
        return {};
    }

    static std::string linkTarget(const char* target) {
        return target ? " to \"" + displayName(target) + "\"" : std::string();
    }

    static std::string checkType(archive_entry* entry) {
        const char* why = "; links are refused because they can point outside the bundle";
        if (archive_entry_hardlink(entry) || archive_entry_hardlink_w(entry))
            return "is a hard link" + linkTarget(archive_entry_hardlink(entry)) + why;
        const auto type = archive_entry_filetype(entry);
        if (type == AE_IFLNK || archive_entry_symlink(entry) || archive_entry_symlink_w(entry))
            return "is a symbolic link" + linkTarget(archive_entry_symlink(entry)) + why;
        switch (type) {
        case AE_IFREG:
        case AE_IFDIR:
            return {};
        case AE_IFCHR:
            return "is a character device; only files and folders are extracted";
        case AE_IFBLK:
            return "is a block device; only files and folders are extracted";
        case AE_IFIFO:
            return "is a FIFO (named pipe); only files and folders are extracted";
        case AE_IFSOCK:
            return "is a socket; only files and folders are extracted";
        default:
            return "is of an unknown type; only files and folders are extracted";
        }
    }

    // Records the entry's path, refusing a second entry of the same name and a path
    // that runs through a file.
    void claim(const std::string& shownName, const std::string& clean, bool isDirectory) {
        for (auto slash = clean.find('/'); slash != std::string::npos;
             slash = clean.find('/', slash + 1)) {
            const auto parent = clean.substr(0, slash);
            const auto [it, inserted] = claimed_.emplace(parent, Kind::ImpliedDirectory);
            if (!inserted && it->second == Kind::File)
                refuse(shownName, "lies below \"" + parent + "\", which is a file");
        }
        const auto [it, inserted] =
            claimed_.emplace(clean, isDirectory ? Kind::Directory : Kind::File);
        if (inserted)
            return;
        if (isDirectory && it->second == Kind::ImpliedDirectory) {
            it->second = Kind::Directory;
            return;
        }
        if (it->second == Kind::ImpliedDirectory)
            refuse(shownName, "is a file, but earlier entries lie below it as a folder");
        refuse(shownName, "appears twice in the archive" +
                              (shownName == clean ? std::string() : " (as \"" + clean + "\")"));
    }

    void makeDirectory(const std::string& shownName, const fs::path& path) {
        std::error_code ec;
        fs::create_directories(path, ec);
        if (ec)
            refuse(shownName, "cannot be created: " + ec.message());
    }

    void extractFile(const std::string& shownName, const std::string& clean) {
        const auto target = root_ / clean;
        makeDirectory(shownName, target.parent_path());
        // O_EXCL | O_NOFOLLOW: never write through anything already there, although the
        // folder is private and nothing but files and folders is ever made in it.
        FileDescriptor out(
            ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (out.get() < 0)
            refuse(shownName, std::string("cannot be written: ") + std::strerror(errno));
        archive* a = reader_.get();
        for (;;) {
            checkStop();
            const la_ssize_t n = archive_read_data(a, buffer_.data(), buffer_.size());
            if (n == 0)
                break;
            if (n < 0)
                refuse(shownName, "cannot be read: " + libarchiveError(a));
            const auto size = static_cast<std::uint64_t>(n);
            // Checked before writing, on the bytes that really come out: headers can lie.
            if (written_ + size > limits_.maxTotalBytes)
                refuse(shownName, "takes the archive over " + humanBytes(limits_.maxTotalBytes) +
                                      " uncompressed (the limit)");
            if (written_ + size > ratioLimit_)
                refuse(shownName, "takes the archive over " + formatRatio() +
                                      " times its own size (" +
                                      humanBytes(reader_.source().size()) +
                                      ") uncompressed (the limit; a compression bomb?)");
            if (!writeAll(out.get(), buffer_.data(), static_cast<std::size_t>(n)))
                refuse(shownName, std::string("cannot be written: ") + std::strerror(errno));
            written_ += size;
            report();
        }
        if (out.close() != 0)
            refuse(shownName, std::string("cannot be written: ") + std::strerror(errno));
    }

    std::string formatRatio() const {
        char text[32];
        std::snprintf(text, sizeof text, "%g", limits_.maxRatio);
        return text;
    }

    Reader& reader_;
    ReadAs as_;
    const fs::path& archiveFile_;
    fs::path root_;
    const ArchiveLimits& limits_;
    const std::stop_token& stop_;
    const std::function<void(const ExtractionProgress&)>& onProgress_;
    std::uint64_t ratioLimit_ = 0;
    std::uint64_t written_ = 0;
    ExtractionProgress progress_;
    std::map<std::string, Kind> claimed_;
    std::vector<char> buffer_ = std::vector<char>(chunkSize);
};

} // namespace

std::string archiveBundleName(const fs::path& file) {
    std::string name = file.filename().string();
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (const auto suffix : archiveSuffixes) {
            if (name.size() > suffix.size() && endsWithNoCase(name, suffix)) {
                name.resize(name.size() - suffix.size());
                stripped = true;
                break;
            }
        }
    }
    return name;
}

ArchiveExtraction extractArchive(const fs::path& file, const ArchiveLimits& limits,
                                 std::stop_token stop,
                                 const std::function<void(const ExtractionProgress&)>& onProgress) {
    ArchiveExtraction result;
    const auto refused = [&](std::string why) {
        result = {};
        result.status = ArchiveExtraction::Status::Refused;
        result.error = std::move(why);
        return std::move(result);
    };
    try {
        auto reader = std::make_unique<Reader>(file);
        ReadAs as = ReadAs::Archive;
        std::string error;
        if (reader->open(ReadAs::Archive, error) != ARCHIVE_OK) {
            // Not a zip or tar (a broken one is refused with libarchive's reason) ...
            if (archive_errno(reader->get()) != unrecognisedFormat)
                return refused(error);
            // ... but perhaps one compressed file: the raw format takes any content, so
            // it only counts when a decompression filter recognised its own magic.
            reader = std::make_unique<Reader>(file);
            if (reader->open(ReadAs::CompressedFile, error) != ARCHIVE_OK)
                return refused(error);
            if (archive_filter_count(reader->get()) <= 1)
                return result; // NotAnArchive
            as = ReadAs::CompressedFile;
        }

        TemporaryDirectory folder(limits.extractionParent, "casebook-");
        Extractor extractor(*reader, as, file, folder.path(), limits, stop, onProgress);
        extractor.run(result);
        result.folder.emplace(std::move(folder));
        result.status = ArchiveExtraction::Status::Extracted;
        return result;
    } catch (const Refusal& r) {
        return refused(r.reason);
    } catch (const Cancel&) {
        result = {};
        result.status = ArchiveExtraction::Status::Cancelled;
        return result;
    } catch (const std::exception& e) {
        return refused(e.what());
    }
}

} // namespace casebook
