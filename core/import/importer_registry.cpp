#include "core/import/importer_registry.h"

namespace casebook {

void ImporterRegistry::add(std::unique_ptr<Importer> importer) {
    importers_.push_back(std::move(importer));
}

Importer* ImporterRegistry::byFormat(std::string_view format) const {
    for (const auto& importer : importers_)
        if (importer->format() == format)
            return importer.get();
    return nullptr;
}

ImporterRegistry::Recognition ImporterRegistry::recognise(std::string_view head) const {
    Recognition result;
    int bestScore = 0;
    for (const auto& importer : importers_) {
        const int score = importer->sniff(head);
        if (score <= 0)
            continue;
        if (score > bestScore) {
            bestScore = score;
            result.tied.assign(1, importer.get());
        } else if (score == bestScore) {
            result.tied.push_back(importer.get());
        }
    }
    if (result.tied.size() == 1) {
        result.importer = result.tied.front();
        result.tied.clear();
    }
    return result;
}

} // namespace casebook
