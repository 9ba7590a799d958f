#pragma once

#include "core/import/importer.h"

namespace casebook {

// A Casebook SLO file: {"slos": [{name, sli, objective, period, tenants, ...}, ...]}
// (docs/slo-format.md). Each valid SLO lands; an invalid one is rejected with its byte
// offset, its index and why.
class SloFileImporter : public Importer {
public:
    std::string_view format() const override { return "casebook-slos"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

// Byte offsets of the elements of the top-level "slos" array in a document known to be
// valid JSON, in order (for rejection locations).
std::vector<std::size_t> sloElementOffsets(std::string_view document);

} // namespace casebook
