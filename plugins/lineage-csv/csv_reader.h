#pragma once
// RFC 4180 CSV read record by record: quoted fields may hold commas, doubled quotes and
// line breaks. Records are numbered by the line they start on.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace casebook {

class CsvReader {
public:
    explicit CsvReader(std::istream& in) : in_(in) {}

    // The next record's fields; false at the end of the input. `line` is the line the
    // record starts on; `error` is set (and the record still returned) when a quoted
    // field is not closed before the end of the input.
    bool next(std::vector<std::string>& fields, std::uint64_t& line, std::string& error);
    std::uint64_t bytesRead() const { return bytes_; }

    // Quoted fields longer than this stop the reader (a missing closing quote would
    // otherwise swallow the file).
    static constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 20;

private:
    std::istream& in_;
    std::uint64_t line_ = 1;
    std::uint64_t bytes_ = 0;
};

} // namespace casebook
