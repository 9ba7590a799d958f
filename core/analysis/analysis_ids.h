#pragma once
// Row ids of the analysis tables, as distinct types so that a series id is never passed
// where an SLO or change id is meant.

#include <cstdint>

namespace casebook {

enum class SeriesId : std::int64_t {};
enum class SloId : std::int64_t {};
enum class ChangeId : std::int64_t {};

inline std::int64_t raw(SeriesId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(SloId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(ChangeId id) {
    return static_cast<std::int64_t>(id);
}

} // namespace casebook
