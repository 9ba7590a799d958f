#pragma once
// Where the records of a Chrome trace wait, in file order, between reading the file and
// handing them on: a span's parent and its service are known only at the end of the file
// (children are often written before their parents, and names may come last), so the file
// is read once into compact records and these are replayed. Up to a few MiB they stay in
// memory; beyond that they go to an anonymous temporary file, so that memory stays
// bounded however large the trace.
//
// A record is a length and bytes; ChromeSpillWriter and ChromeSpillReader put and get
// the fields.

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace casebook {

class ChromeRecordSpill {
public:
    static constexpr std::size_t kDefaultMemoryBytes = std::size_t{8} << 20;

    explicit ChromeRecordSpill(std::size_t memoryBytes = kDefaultMemoryBytes);
    ~ChromeRecordSpill();
    ChromeRecordSpill(const ChromeRecordSpill&) = delete;
    ChromeRecordSpill& operator=(const ChromeRecordSpill&) = delete;

    // Writing: begin(n) returns room for a record of at most n bytes, end(p) closes it
    // where its bytes end.
    char* begin(std::size_t maxBytes) {
        if (capacity_ - used_ < kLengthBytes + maxBytes)
            makeRoom(kLengthBytes + maxBytes);
        return buffer_.get() + used_ + kLengthBytes;
    }
    void end(const char* recordEnd) {
        char* start = buffer_.get() + used_;
        const auto length = static_cast<std::uint32_t>(recordEnd - start - kLengthBytes);
        std::memcpy(start, &length, kLengthBytes);
        used_ += kLengthBytes + length;
    }

    // Reading, after the last record is written: each record in order, as a view valid
    // until the next call. False at the end (or on a read error, see error()).
    bool next(std::string_view& record) {
        // The usual case, the whole record in the buffer, without a call.
        if (reading_ && used_ - position_ >= kLengthBytes) {
            std::uint32_t length = 0;
            std::memcpy(&length, buffer_.get() + position_, kLengthBytes);
            if (used_ - position_ - kLengthBytes >= length) {
                record = {buffer_.get() + position_ + kLengthBytes, length};
                position_ += kLengthBytes + length;
                return true;
            }
        }
        return nextFromFile(record);
    }

    // Why writing or reading the temporary file failed; empty when it did not.
    const std::string& error() const { return error_; }
    bool usedFile() const { return file_ != nullptr; }

private:
    static constexpr std::size_t kLengthBytes = sizeof(std::uint32_t);
    struct FileCloser {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };

    void makeRoom(std::size_t bytes);
    void flush();
    void reserve(std::size_t capacity);
    bool nextFromFile(std::string_view& record);
    bool startReading();
    bool fill(std::size_t needed);

    std::size_t memoryBytes_;
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_ = 0, used_ = 0;
    std::unique_ptr<std::FILE, FileCloser> file_;
    bool fileUnavailable_ = false;
    bool reading_ = false;
    std::size_t position_ = 0; // of the next record in buffer_, when reading
    std::string error_;
};

// Puts the fields of a record into the room ChromeRecordSpill::begin() gave. Integers go
// as varints (7 bits a byte), so that small numbers and differences cost a byte or two.
class ChromeSpillWriter {
public:
    static constexpr std::size_t kMaxVarint = 10;

    explicit ChromeSpillWriter(char* at) : p_(at) {}
    template <typename T> void put(const T& value) {
        std::memcpy(p_, &value, sizeof(T));
        p_ += sizeof(T);
    }
    void varint(std::uint64_t value) {
        while (value >= 0x80) {
            *p_++ = static_cast<char>((value & 0x7F) | 0x80);
            value >>= 7;
        }
        *p_++ = static_cast<char>(value);
    }
    // Signed numbers zigzag-encoded: -1 is 1, 1 is 2.
    void signedVarint(std::int64_t value) {
        varint((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
    }
    // At most kMaxVarint + text.size() bytes.
    void text(std::string_view text) {
        varint(text.size());
        if (text.empty())
            return; // an absent name is a null view: no memcpy from it, even of 0 bytes
        std::memcpy(p_, text.data(), text.size());
        p_ += text.size();
    }
    const char* end() const { return p_; }

private:
    char* p_;
};

// Gets the fields of one record, in the order they were put.
class ChromeSpillReader {
public:
    explicit ChromeSpillReader(std::string_view record) : p_(record.data()) {}
    template <typename T> T get() {
        T value;
        std::memcpy(&value, p_, sizeof(T));
        p_ += sizeof(T);
        return value;
    }
    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<unsigned char>(*p_++);
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if (byte < 0x80)
                return value;
        }
    }
    std::int64_t signedVarint() {
        const std::uint64_t value = varint();
        return static_cast<std::int64_t>(value >> 1) ^ -static_cast<std::int64_t>(value & 1);
    }
    std::string_view text() {
        const auto size = static_cast<std::size_t>(varint());
        const std::string_view out(p_, size);
        p_ += size;
        return out;
    }
    const char* at() const { return p_; }
    void skip(std::size_t bytes) { p_ += bytes; }

private:
    const char* p_;
};

} // namespace casebook
