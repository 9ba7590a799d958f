#include "plugins/chrome/chrome_record_spill.h"

#include <algorithm>
#include <cerrno>

namespace casebook {

ChromeRecordSpill::ChromeRecordSpill(std::size_t memoryBytes) : memoryBytes_(memoryBytes) {}

ChromeRecordSpill::~ChromeRecordSpill() = default;

void ChromeRecordSpill::reserve(std::size_t capacity) {
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (used_ > 0) // memcpy from the null of an empty buffer is undefined, even of 0 bytes
        std::memcpy(bigger.get(), buffer_.get(), used_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
}

// The buffer is full: its records go to the file, or, the first time, the buffer grows
// to its size in memory.
void ChromeRecordSpill::makeRoom(std::size_t bytes) {
    if (used_ + bytes > memoryBytes_)
        flush();
    if (capacity_ - used_ >= bytes)
        return;
    std::size_t grown = std::max(std::size_t{4096}, 2 * capacity_);
    if (!fileUnavailable_)
        grown = std::min(grown, memoryBytes_);
    reserve(std::max(used_ + bytes, grown));
}

void ChromeRecordSpill::flush() {
    if (used_ == 0 || !error_.empty())
        return;
    if (!file_ && !fileUnavailable_) {
        // tmpfile() removes the file at once: nothing is left behind, even after a crash.
        file_.reset(std::tmpfile());
        // Without a temporary directory the records stay in memory: a large trace then
        // costs memory, but it imports.
        fileUnavailable_ = !file_;
    }
    if (!file_)
        return;
    if (std::fwrite(buffer_.get(), 1, used_, file_.get()) != used_) {
        error_ = std::string("cannot write a temporary file: ") + std::strerror(errno);
        return;
    }
    used_ = 0;
}

bool ChromeRecordSpill::startReading() {
    reading_ = true;
    position_ = 0;
    if (!file_)
        return true; // every record is in the buffer
    flush();
    if (!error_.empty())
        return false;
    if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0) {
        error_ = std::string("cannot read a temporary file: ") + std::strerror(errno);
        return false;
    }
    used_ = 0;
    return true;
}

// Makes the buffer hold at least `needed` bytes from position_ on, reading more of the file.
bool ChromeRecordSpill::fill(std::size_t needed) {
    if (used_ - position_ >= needed)
        return true;
    if (!file_)
        return false;
    std::memmove(buffer_.get(), buffer_.get() + position_, used_ - position_);
    used_ -= position_;
    position_ = 0;
    if (capacity_ < needed)
        reserve(needed);
    const std::size_t got = std::fread(buffer_.get() + used_, 1, capacity_ - used_, file_.get());
    used_ += got;
    if (got == 0 && std::ferror(file_.get()))
        error_ = std::string("cannot read a temporary file: ") + std::strerror(errno);
    return used_ >= needed;
}

// next() where the record is not whole in the buffer: the first call, or the buffer
// needs more of the file.
bool ChromeRecordSpill::nextFromFile(std::string_view& record) {
    if (!reading_ && !startReading())
        return false;
    if (!error_.empty() || !fill(kLengthBytes))
        return false;
    std::uint32_t length = 0;
    std::memcpy(&length, buffer_.get() + position_, kLengthBytes);
    if (!fill(kLengthBytes + length))
        return false;
    record = {buffer_.get() + position_ + kLengthBytes, length};
    position_ += kLengthBytes + length;
    return true;
}

} // namespace casebook
