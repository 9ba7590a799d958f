#pragma once

#include "core/import/importer.h"

namespace casebook {

// Hand-made lineage maps: a CSV of edges with a header naming at least `source` and
// `target` (docs/formats/lineage-csv.md).
class LineageCsvImporter : public Importer {
public:
    std::string_view format() const override { return "lineage-csv"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
