#pragma once
// A thin RAII layer over the SQLite C API: a connection, prepared statements and
// transactions. Errors are thrown as StoreError with SQLite's message.

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace casebook {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding is 1-based like SQLite. Text and blobs are copied unless `transient` is
    // false, in which case the caller keeps them alive until step()/reset().
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text, bool transient = true);
    Statement& bindBlob(int index, std::span<const std::uint8_t> bytes, bool transient = true);
    Statement& bindNull(int index);
    template <typename T> Statement& bindOptional(int index, const std::optional<T>& v) {
        return v ? bind(index, *v) : bindNull(index);
    }

    // True while a row is available.
    bool step();
    // Runs to completion (for statements without rows).
    void run();
    void reset();

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const;
    std::span<const std::uint8_t> blob(int column) const;
    bool isNull(int column) const;
    int columnCount() const;
    std::string columnName(int column) const;
    int columnType(int column) const;
    bool readOnly() const;

    sqlite3_stmt* handle() const { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
    sqlite3* db_ = nullptr;
};

class Database {
public:
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };
    Database(const std::string& path, Mode mode);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }
    std::int64_t scalarInt(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    std::int64_t changes() const;
    bool inTransaction() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Rolls back unless commit() was called: an exception or an early return leaves the
// database as it was.
class Transaction {
public:
    explicit Transaction(Database& db, bool immediate = true);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();
    void rollback();

private:
    Database& db_;
    bool open_ = true;
};

} // namespace casebook
