#include "core/util/sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace casebook {

Sha256Digest sha256(std::string_view bytes) {
    Sha256Digest out{};
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, EVP_sha256(), nullptr) != 1 ||
        size != out.size())
        throw std::runtime_error("SHA-256 failed");
    return out;
}

std::string sha256Hex(std::string_view bytes) {
    const auto digest = sha256(bytes);
    return toHex(digest.data(), digest.size());
}

Sha256Digest hmacSha256(std::string_view key, std::string_view message) {
    Sha256Digest out{};
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(),
              &size) ||
        size != out.size())
        throw std::runtime_error("HMAC-SHA-256 failed");
    return out;
}

std::string toHex(const std::uint8_t* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0xF]);
    }
    return out;
}

} // namespace casebook
