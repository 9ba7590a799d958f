#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace casebook {

// A fast 128-bit content fingerprint (two independent 64-bit multiply-mix lanes) used
// to recognise a bundle imported before. Not cryptographic: it guards against
// accidental re-imports, not against an adversary.
class ContentHasher {
public:
    void update(std::string_view bytes);
    // Throws std::runtime_error when unreadable. `onChunk`, when given, is called with the
    // size of each chunk read; returning false stops early, and then so does this (false).
    bool updateFile(const std::filesystem::path& file,
                    const std::function<bool(std::uint64_t)>& onChunk = {});
    std::string hex() const;

private:
    void mixWord(std::uint64_t word);
    std::uint64_t a_ = 0x9E3779B97F4A7C15ull, b_ = 0xC2B2AE3D27D4EB4Full;
    std::uint64_t length_ = 0;
    std::string tail_;
};

} // namespace casebook
