#include "core/model/ids.h"

namespace casebook {
namespace {
int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

template <std::size_t N> std::string ByteId<N>::hex() const {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * N, '0');
    for (std::size_t i = 0; i < N; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xF];
    }
    return out;
}

template <std::size_t N> std::optional<ByteId<N>> ByteId<N>::fromHex(std::string_view text) {
    if (text.size() != 2 * N)
        return std::nullopt;
    ByteId id;
    for (std::size_t i = 0; i < N; ++i) {
        const int hi = hexValue(text[2 * i]);
        const int lo = hexValue(text[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        id.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return id;
}

template struct ByteId<16>;
template struct ByteId<8>;

std::optional<TraceId> traceIdFromHexLenient(std::string_view text) {
    if (text.size() == 32)
        return TraceId::fromHex(text);
    if (text.empty() || text.size() > 32)
        return std::nullopt;
    std::string padded(32 - text.size(), '0');
    padded.append(text);
    return TraceId::fromHex(padded);
}

} // namespace casebook
