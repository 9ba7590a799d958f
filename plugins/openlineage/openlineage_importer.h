#pragma once

#include "core/import/importer.h"

namespace casebook {

// OpenLineage events (RunEvent, JobEvent, DatasetEvent) as one document, a JSON array or
// JSON lines (docs/formats/openlineage.md).
class OpenLineageImporter : public Importer {
public:
    std::string_view format() const override { return "openlineage-json"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
