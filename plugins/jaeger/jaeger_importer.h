#pragma once

#include "core/import/importer.h"

namespace casebook {

// Jaeger query/UI JSON: {"data":[trace...]} as /api/traces answers and the UI saves (also
// with total/limit/offset/errors), a bare array of traces, or one trace object. Streamed
// trace by trace and span by span; memory is bounded by the largest trace, not the file.
class JaegerJsonImporter : public Importer {
public:
    std::string_view format() const override { return "jaeger-json"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
