#pragma once

#include "core/import/importer.h"

#include <memory>
#include <string_view>
#include <vector>

namespace casebook {

// The importers known to a program. Core knows none by itself: the application
// registers the plugins it links (see plugins/builtin_importers.h).
class ImporterRegistry {
public:
    void add(std::unique_ptr<Importer> importer);
    Importer* byFormat(std::string_view format) const;

    struct Recognition {
        Importer* importer = nullptr; // the one importer most sure of the content
        std::vector<Importer*> tied;  // when several are equally sure: none is chosen
    };
    // Asks every importer to sniff `head`. A file two importers claim with the same
    // confidence is ambiguous and gets no importer: it is reported, never guessed.
    Recognition recognise(std::string_view head) const;
    // The importer recognise() picks, or nullptr (unknown or ambiguous).
    Importer* detect(std::string_view head) const { return recognise(head).importer; }
    const std::vector<std::unique_ptr<Importer>>& all() const { return importers_; }

private:
    std::vector<std::unique_ptr<Importer>> importers_;
};

} // namespace casebook
