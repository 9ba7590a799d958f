#pragma once
// Helpers of the lineage tests: run one importer over a file into a recording sink, or
// import files as a bundle into a fresh workspace and count what landed.

#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/store/workspace.h"
#include "plugins/builtin_importers.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace casebook::test {

inline Importer& builtinImporter(std::string_view format) {
    static ImporterRegistry registry = [] {
        ImporterRegistry r;
        registerBuiltinImporters(r);
        return r;
    }();
    Importer* importer = registry.byFormat(format);
    if (!importer)
        qFatal("no importer for %s", std::string(format).c_str());
    return *importer;
}

inline FileOutcome runImporter(std::string_view format, const std::filesystem::path& file,
                               RecordingSink& sink, const std::string& mapping = {}) {
    ImportContext context;
    context.displayPath = file.filename().string();
    context.mapping = mapping;
    return builtinImporter(format).importFile(file, context, sink);
}

inline std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void writeFile(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
}

// A bundle folder holding copies of `files` (and a manifest when given), imported into a
// fresh workspace.
struct ImportedBundle {
    QTemporaryDir dir;
    std::unique_ptr<Workspace> ws;
    ImportReport report;

    std::int64_t count(const std::string& sql) { return ws->db().scalarInt(sql); }
};

inline std::unique_ptr<ImportedBundle> importFiles(const std::vector<std::filesystem::path>& files,
                                                   const std::string& manifest = {}) {
    auto b = std::make_unique<ImportedBundle>();
    const std::filesystem::path root = b->dir.path().toStdString();
    const auto bundle = root / "bundle";
    std::filesystem::create_directories(bundle);
    for (const auto& f : files)
        std::filesystem::copy_file(f, bundle / f.filename());
    if (!manifest.empty())
        writeFile(bundle / "manifest.json", manifest);
    b->ws = Workspace::open(root / "case.casebook");
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    b->report = importBundle(*b->ws, bundle, registry);
    return b;
}

} // namespace casebook::test
