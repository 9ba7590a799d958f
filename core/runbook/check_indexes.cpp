#include "core/runbook/check_indexes.h"

#include "core/store/sqlite.h"

namespace casebook {

void ensureCheckIndexes(Database& db) {
    db.exec(R"sql(
CREATE INDEX IF NOT EXISTS spans_by_service_operation
  ON spans(service_id, name, end_ns - start_ns, status_code, tenant_id, correlation_id,
           start_ns);
CREATE INDEX IF NOT EXISTS spans_failed
  ON spans(service_id, tenant_id, start_ns) WHERE status_code = 2;
CREATE INDEX IF NOT EXISTS spans_by_error_code
  ON spans(error_code, tenant_id) WHERE error_code IS NOT NULL;
CREATE INDEX IF NOT EXISTS logs_by_error_code
  ON logs(error_code, tenant_id) WHERE error_code IS NOT NULL;
)sql");
}

void dropCheckIndexes(Database& db) {
    db.exec("DROP INDEX IF EXISTS spans_by_service_operation; DROP INDEX IF EXISTS spans_failed; "
            "DROP INDEX IF EXISTS spans_by_error_code; DROP INDEX IF EXISTS logs_by_error_code;");
}

} // namespace casebook
