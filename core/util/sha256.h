#pragma once
// SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto (Debian's libssl-dev): the audit
// trail's hash chain and the stable hashes that replace personal data in exports.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace casebook {

using Sha256Digest = std::array<std::uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);
// 64 lowercase hex digits.
std::string sha256Hex(std::string_view bytes);

Sha256Digest hmacSha256(std::string_view key, std::string_view message);

std::string toHex(const std::uint8_t* bytes, std::size_t size);

} // namespace casebook
