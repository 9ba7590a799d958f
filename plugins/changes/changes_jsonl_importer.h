#pragma once

#include "core/import/importer.h"

namespace casebook {

// Casebook change events, one JSON object per line (docs/bundle-format.md).
class ChangesJsonlImporter : public Importer {
public:
    std::string_view format() const override { return "changes-jsonl"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

} // namespace casebook
