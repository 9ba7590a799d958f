#include "plugins/lineage-csv/csv_reader.h"

namespace casebook {

bool CsvReader::next(std::vector<std::string>& fields, std::uint64_t& line, std::string& error) {
    fields.clear();
    error.clear();
    line = line_;
    int c = in_.get();
    if (c == std::char_traits<char>::eof())
        return false;
    std::string field;
    bool quoted = false; // inside quotes
    bool wasQuoted = false;
    while (true) {
        if (c == std::char_traits<char>::eof()) {
            if (quoted)
                error = "a quoted field is not closed before the end of the file";
            fields.push_back(std::move(field));
            return true;
        }
        ++bytes_;
        const char ch = static_cast<char>(c);
        if (quoted) {
            if (ch == '"') {
                if (in_.peek() == '"') {
                    in_.get();
                    ++bytes_;
                    field.push_back('"');
                } else {
                    quoted = false;
                }
            } else {
                if (ch == '\n')
                    ++line_;
                field.push_back(ch);
                if (field.size() > kMaxFieldBytes) {
                    error = "a quoted field runs longer than 1 MiB; its closing quote is missing";
                    fields.push_back(std::move(field));
                    return true;
                }
            }
        } else if (ch == '"' && field.empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (ch == ',') {
            fields.push_back(std::move(field));
            field.clear();
            wasQuoted = false;
        } else if (ch == '\n') {
            ++line_;
            if (!field.empty() && field.back() == '\r' && !wasQuoted)
                field.pop_back();
            fields.push_back(std::move(field));
            return true;
        } else if (ch == '\r' && wasQuoted) {
            // CR of a CRLF after a closing quote.
        } else {
            field.push_back(ch);
        }
        c = in_.get();
    }
}

} // namespace casebook
