#include "core/filter/filter_functions.h"

#include <regex>
#include <sqlite3.h>
#include <string>

namespace casebook {
namespace {

void deleteRegex(void* p) {
    delete static_cast<std::regex*>(p);
}

void regexpFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return sqlite3_result_null(ctx);
    // The pattern is the same for every row of a statement: compile it once and keep it
    // as SQLite auxiliary data of argument 0.
    auto* re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
    if (!re) {
        const auto* pattern = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
        const bool insensitive =
            argc > 2 && sqlite3_value_text(argv[2]) &&
            std::string(reinterpret_cast<const char*>(sqlite3_value_text(argv[2]))) == "i";
        try {
            re = new std::regex(pattern ? pattern : "",
                                insensitive ? std::regex::ECMAScript | std::regex::icase
                                            : std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            return sqlite3_result_error(ctx, e.what(), -1);
        }
        sqlite3_set_auxdata(ctx, 0, re, &deleteRegex);
        // SQLite may drop the aux data at once; ask again for the pointer it kept.
        re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 0));
        if (!re)
            return sqlite3_result_error(ctx, "regexp: out of memory", -1);
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
    const int bytes = sqlite3_value_bytes(argv[1]);
    try {
        sqlite3_result_int(ctx, std::regex_search(text, text + bytes, *re) ? 1 : 0);
    } catch (const std::regex_error& e) {
        // Backtracking limits (error_complexity / error_stack) on hostile patterns.
        sqlite3_result_error(ctx, e.what(), -1);
    }
}

} // namespace

void registerFilterFunctions(sqlite3* db) {
    constexpr int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    sqlite3_create_function_v2(db, "regexp", 2, flags, nullptr, &regexpFunction, nullptr, nullptr,
                               nullptr);
    sqlite3_create_function_v2(db, "regexp", 3, flags, nullptr, &regexpFunction, nullptr, nullptr,
                               nullptr);
}

} // namespace casebook
