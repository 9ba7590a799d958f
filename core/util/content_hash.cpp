#include "core/util/content_hash.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

namespace casebook {
namespace {
std::uint64_t mix(std::uint64_t x) {
    // splitmix64 finaliser: good avalanche, cheap.
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return x;
}
} // namespace

void ContentHasher::mixWord(std::uint64_t word) {
    a_ = (a_ ^ mix(word)) * 0x100000001B3ull + 0x632BE59BD9B4E019ull;
    b_ = ((b_ + word) ^ (b_ >> 29)) * 0xFF51AFD7ED558CCDull;
}

void ContentHasher::update(std::string_view bytes) {
    length_ += bytes.size();
    if (!tail_.empty()) {
        const std::size_t need = 8 - tail_.size();
        const std::size_t take = std::min(need, bytes.size());
        tail_.append(bytes.substr(0, take));
        bytes.remove_prefix(take);
        if (tail_.size() < 8)
            return;
        std::uint64_t w;
        std::memcpy(&w, tail_.data(), 8);
        mixWord(w);
        tail_.clear();
    }
    while (bytes.size() >= 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data(), 8);
        mixWord(w);
        bytes.remove_prefix(8);
    }
    tail_.assign(bytes);
}

bool ContentHasher::updateFile(const std::filesystem::path& file,
                               const std::function<bool(std::uint64_t)>& onChunk) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!f)
        throw std::runtime_error("cannot read " + file.string());
    std::vector<char> buffer(1 << 20);
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0) {
        update(std::string_view(buffer.data(), n));
        if (onChunk && !onChunk(n))
            return false;
    }
    if (std::ferror(f.get()))
        throw std::runtime_error("error reading " + file.string());
    return true;
}

std::string ContentHasher::hex() const {
    std::uint64_t a = a_, b = b_;
    std::uint64_t last = length_;
    if (!tail_.empty()) {
        std::uint64_t w = 0;
        std::memcpy(&w, tail_.data(), tail_.size());
        last ^= mix(w + 1);
    }
    a = mix(a ^ last);
    b = mix(b + a + last);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
}

} // namespace casebook
