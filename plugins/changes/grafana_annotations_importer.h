#pragma once

#include "core/import/importer.h"

namespace casebook {

// A Grafana annotation export: a JSON array of {time, timeEnd, tags, text, ...} with
// epoch milliseconds, as GET /api/annotations returns it.
class GrafanaAnnotationsImporter : public Importer {
public:
    std::string_view format() const override { return "grafana-annotations"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
