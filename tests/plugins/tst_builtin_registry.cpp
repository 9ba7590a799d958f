// With every built-in importer registered together, each corpus file is recognised by
// the importer of its format and by no other (no ambiguity, no wrong guess). Files that
// are not telemetry (the OpenLineage JSON Schema, a README) are claimed by none.
#include "core/import/importer_registry.h"
#include "plugins/builtin_importers.h"
#include "test_support.h"

#include <QtTest>
#include <fstream>

using namespace casebook;
namespace fs = std::filesystem;

namespace {

std::string head(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string text(64 * 1024, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

// The format a corpus file is in, from its folder (and, for Prometheus, its name);
// empty where Casebook has no importer for it yet.
std::string expectedFormat(const fs::path& file) {
    const std::string folder = file.parent_path().filename().string();
    const std::string name = file.filename().string();
    if (folder == "otlp")
        return name == "ottl-playground_profiles.json" ? "" : "otlp-json";
    if (folder == "jaeger")
        return "jaeger-json";
    if (folder == "zipkin")
        return "zipkin-json";
    if (folder == "chrome")
        return "chrome-trace";
    if (folder == "prometheus") {
        if (name.ends_with(".om.txt"))
            return "openmetrics-text";
        if (name.ends_with(".json"))
            return "prometheus-query-json";
        return "prometheus-text";
    }
    if (folder == "dbt")
        return name.find("run_results") != std::string::npos ? "dbt-run-results" : "dbt-manifest";
    // Everything under openlineage/ is events (templates too: they are recognised, and their
    // events rejected with the reason) except the JSON Schema of the spec and a README.
    if (file.string().find("/openlineage/") != std::string::npos)
        return name == "ol-spec_OpenLineage.schema.json" || name == "README.md"
                   ? ""
                   : "openlineage-json";
    return "";
}

} // namespace

class TestBuiltinRegistry : public QObject {
    Q_OBJECT
private slots:
    void everyCorpusFileFindsItsImporter() {
        ImporterRegistry registry;
        registerBuiltinImporters(registry);
        int checked = 0;
        for (const char* folder :
             {"otlp", "jaeger", "zipkin", "chrome", "prometheus", "openlineage", "dbt"}) {
            for (const auto& entry : fs::recursive_directory_iterator(test::corpusDir() / folder)) {
                if (!entry.is_regular_file() ||
                    entry.path().string().find("openmetrics-parsers") != std::string::npos)
                    continue;
                const auto recognition = registry.recognise(head(entry.path()));
                const std::string expected = expectedFormat(entry.path());
                QVERIFY2(recognition.tied.empty(), entry.path().c_str());
                const std::string found =
                    recognition.importer ? std::string(recognition.importer->format()) : "";
                QVERIFY2(found == expected, (entry.path().string() + ": found \"" + found +
                                             "\", expected \"" + expected + "\"")
                                                .c_str());
                ++checked;
            }
        }
        QVERIFY(checked > 100);
    }
};

QTEST_GUILESS_MAIN(TestBuiltinRegistry)
#include "tst_builtin_registry.moc"
