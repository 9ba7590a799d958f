#pragma once

#include "core/import/importer.h"

namespace casebook {

// dbt's manifest.json, schema v2 to v12 (docs/formats/dbt.md).
class DbtManifestImporter : public Importer {
public:
    std::string_view format() const override { return "dbt-manifest"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

// dbt's run_results.json: the state of each node's last run.
class DbtRunResultsImporter : public Importer {
public:
    std::string_view format() const override { return "dbt-run-results"; }
    std::string_view description() const override;
    int sniff(std::string_view head) const override;
    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override;
};

// The dbt_schema_version URL near the start of a dbt artifact, or empty.
std::string_view dbtSchemaVersion(std::string_view head);

} // namespace casebook
