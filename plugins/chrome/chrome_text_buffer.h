#pragma once
// A growable buffer of text for the hot import path: it grows without filling the new
// bytes first (std::string::resize does) and keeps its capacity when cleared, so that
// building a small piece of text costs a bounds check and a copy.

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace casebook {

class ChromeTextBuffer {
public:
    // Room for n more bytes, which the caller must write: the text grows by n.
    char* extend(std::size_t n) {
        if (capacity_ - size_ < n)
            grow(n);
        char* at = data_.get() + size_;
        size_ += n;
        return at;
    }
    void push(char c) { *extend(1) = c; }
    void append(std::string_view text) {
        if (!text.empty()) // a null view may not go to memcpy, even for 0 bytes
            std::memcpy(extend(text.size()), text.data(), text.size());
    }
    void clear() { size_ = 0; }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {data_.get(), size_}; }

private:
    void grow(std::size_t n) {
        std::size_t capacity = capacity_ < 256 ? 256 : 2 * capacity_;
        while (capacity - size_ < n)
            capacity *= 2;
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ > 0)
            std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

} // namespace casebook
