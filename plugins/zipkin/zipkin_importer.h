#pragma once

#include "core/import/importer.h"

namespace casebook {

// Zipkin v2 JSON: an array of spans (POST /api/v2/spans, GET /api/v2/trace/{id}), an
// array of such arrays (GET /api/v2/traces), or one span object. Streamed span by span;
// memory is bounded by the largest span (or trace, in the nested form), not the file.
class ZipkinJsonImporter : public Importer {
public:
    std::string_view format() const override { return "zipkin-json"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
