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

Importer* ImporterRegistry::detect(std::string_view head) const {
    Importer* best = nullptr;
    int bestScore = 0;
    for (const auto& importer : importers_) {
        const int score = importer->sniff(head);
        if (score > bestScore) {
            bestScore = score;
            best = importer.get();
        }
    }
    return best;
}

} // namespace casebook
