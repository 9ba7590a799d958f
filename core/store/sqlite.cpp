#include "core/store/sqlite.h"

#include <sqlite3.h>

namespace casebook {
namespace {
[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : "out of memory";
    throw StoreError(message);
}
} // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
        fail(db, "cannot prepare statement");
    if (!stmt_)
        throw StoreError("empty SQL statement");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
    other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = other.stmt_;
        db_ = other.db_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text, bool transient) {
    // A default-constructed string_view has a null data pointer, which SQLite would
    // store as NULL; an empty text is still text.
    sqlite3_bind_text(stmt_, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                      transient ? SQLITE_TRANSIENT : SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindBlob(int index, std::span<const std::uint8_t> bytes, bool transient) {
    sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                      transient ? SQLITE_TRANSIENT : SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(stmt_, index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(db_, "query failed");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}
double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string_view Statement::textView(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::string_view(p, static_cast<std::size_t>(n)) : std::string_view();
}

std::string Statement::text(int column) const {
    return std::string(textView(column));
}

std::span<const std::uint8_t> Statement::blob(int column) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
    const int n = sqlite3_column_bytes(stmt_, column);
    return p ? std::span<const std::uint8_t>(p, static_cast<std::size_t>(n))
             : std::span<const std::uint8_t>();
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}
int Statement::columnCount() const {
    return sqlite3_column_count(stmt_);
}
std::string Statement::columnName(int column) const {
    const char* name = sqlite3_column_name(stmt_, column);
    return name ? name : "";
}
int Statement::columnType(int column) const {
    return sqlite3_column_type(stmt_, column);
}
bool Statement::readOnly() const {
    return sqlite3_stmt_readonly(stmt_) != 0;
}

Database::Database(const std::string& path, Mode mode) : path_(path) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string message =
            "cannot open " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError(message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, 5000);
}

Database::~Database() {
    sqlite3_close_v2(db_);
}

void Database::exec(std::string_view sql) {
    std::string copy(sql);
    char* error = nullptr;
    if (sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw StoreError(message);
    }
}

std::int64_t Database::scalarInt(std::string_view sql) {
    Statement st(db_, sql);
    return st.step() ? st.int64(0) : 0;
}

std::int64_t Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(db_);
}
std::int64_t Database::changes() const {
    return sqlite3_changes64(db_);
}
bool Database::inTransaction() const {
    return sqlite3_get_autocommit(db_) == 0;
}

Transaction::Transaction(Database& db, bool immediate) : db_(db) {
    db_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (open_) {
        try {
            db_.exec("ROLLBACK");
        } catch (...) {
            // Nothing sensible to do in a destructor; SQLite rolls back on close anyway.
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

void Transaction::rollback() {
    if (open_) {
        open_ = false;
        db_.exec("ROLLBACK");
    }
}

} // namespace casebook
