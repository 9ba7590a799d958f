#pragma once

namespace casebook {
class ImporterRegistry;

// Registers every importer plugin this build links.
void registerBuiltinImporters(ImporterRegistry& registry);
} // namespace casebook
