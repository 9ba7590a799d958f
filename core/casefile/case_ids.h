#pragma once
// Strong ids for the rows of the case file, so a check id is never taken for a run id.

#include <cstdint>

namespace casebook {

enum class CaseRunId : std::int64_t {};
enum class CheckRecordId : std::int64_t {};
enum class DecisionId : std::int64_t {};
enum class EvidenceId : std::int64_t {};
enum class NoteId : std::int64_t {};
enum class MarkId : std::int64_t {};

inline std::int64_t raw(CaseRunId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(CheckRecordId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(DecisionId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(EvidenceId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(NoteId id) {
    return static_cast<std::int64_t>(id);
}
inline std::int64_t raw(MarkId id) {
    return static_cast<std::int64_t>(id);
}

} // namespace casebook
