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
    // The importer most sure of the given head, or nullptr when none claims it.
    Importer* detect(std::string_view head) const;
    const std::vector<std::unique_ptr<Importer>>& all() const { return importers_; }

private:
    std::vector<std::unique_ptr<Importer>> importers_;
};

} // namespace casebook
