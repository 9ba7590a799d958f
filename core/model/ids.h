#pragma once
// Strong identifier types. Trace and span ids are raw bytes (stored as BLOBs); the
// row ids of the workspace tables are distinct enum types so they cannot be mixed up.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace casebook {

template <std::size_t N> struct ByteId {
    std::array<std::uint8_t, N> bytes{};

    static constexpr std::size_t size = N;

    // All-zero ids are invalid per OTLP and W3C trace context.
    bool isValid() const {
        for (auto b : bytes)
            if (b != 0)
                return true;
        return false;
    }
    std::string hex() const;
    // Accepts exactly 2*N hex digits, either case. Anything else is nullopt.
    static std::optional<ByteId> fromHex(std::string_view text);
    friend bool operator==(const ByteId&, const ByteId&) = default;
    friend auto operator<=>(const ByteId&, const ByteId&) = default;
};

using TraceId = ByteId<16>;
using SpanId = ByteId<8>;

// Pads a 64-bit (16 hex digit) trace id to 128 bits with leading zeros, the way
// Jaeger and Zipkin do, so that the same trace from two formats joins. Also accepts
// full 32-digit ids.
std::optional<TraceId> traceIdFromHexLenient(std::string_view text);

enum class BundleId : std::int64_t {};
enum class TenantId : std::int64_t {};

inline std::int64_t raw(BundleId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(TenantId id) {
    return static_cast<std::int64_t>(id);
}

} // namespace casebook
