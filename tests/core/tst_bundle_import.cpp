// Bundle semantics: atomic import, idempotent re-import, manifest handling, unknown
// formats, cancel and failure leave the workspace as it was.
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/query/import_history.h"
#include "core/query/stats_query.h"
#include "core/store/workspace.h"
#include "otlp_lines.h"
#include "plugins/builtin_importers.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <fstream>

using namespace casebook;
using casebook::test::spanLine;
namespace fs = std::filesystem;

namespace {

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::int64_t count(Workspace& ws, const char* table) {
    return ws.db().scalarInt(std::string("SELECT count(*) FROM ") + table);
}

// Produces a few spans, then fails: stands for a crash in the middle of an import.
class ExplodingImporter : public Importer {
public:
    std::string_view format() const override { return "exploding"; }
    std::string_view description() const override { return "test importer that fails mid-file"; }
    int sniff(std::string_view head) const override {
        return head.rfind("EXPLODE", 0) == 0 ? 100 : 0;
    }
    FileOutcome importFile(const fs::path&, const ImportContext&, RecordSink& sink) override {
        SpanRecord s;
        s.traceId.bytes[15] = 9;
        for (int i = 0; i < 5; ++i) {
            s.spanId.bytes[7] = static_cast<std::uint8_t>(i + 1);
            s.name = "doomed";
            sink.addSpan(s);
        }
        throw std::runtime_error("disk on fire");
    }
};

// Produces many spans so that a stop request lands in the middle of the file.
class EndlessImporter : public Importer {
public:
    std::string_view format() const override { return "endless"; }
    std::string_view description() const override { return "test importer with many records"; }
    int sniff(std::string_view head) const override {
        return head.rfind("ENDLESS", 0) == 0 ? 100 : 0;
    }
    FileOutcome importFile(const fs::path&, const ImportContext& context,
                           RecordSink& sink) override {
        SpanRecord s;
        s.name = "many";
        for (std::uint32_t i = 0; i < 200000; ++i) {
            s.traceId.bytes[15] = 1;
            std::memcpy(s.spanId.bytes.data(), &i, sizeof i);
            s.spanId.bytes[7] = 1;
            sink.addSpan(s);
            if (i % 1000 == 0 && context.onBytes)
                context.onBytes(i);
        }
        return {};
    }
};

// Claims the same content as EndlessImporter with the same confidence.
class RivalImporter : public EndlessImporter {
public:
    std::string_view format() const override { return "rival"; }
};

} // namespace

class TestBundleImport : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    ImporterRegistry registry;
    fs::path root() const { return fs::path(dir.path().toStdString()); }

private slots:
    void initTestCase() {
        registerBuiltinImporters(registry);
        registry.add(std::make_unique<ExplodingImporter>());
        registry.add(std::make_unique<EndlessImporter>());
    }

    void importsFolderAndReportsPerFile() {
        const auto bundle = root() / "b1";
        writeFile(bundle / "a-traces.json",
                  spanLine("web", "acme", 1, 3) + spanLine("api", "globex", 2, 2));
        writeFile(
            bundle / "nested/changes.log",
            R"({"time":"2026-11-19T20:00:00Z","kind":"deploy","service":"web","title":"web 1.2"})"
            "\n");
        writeFile(bundle / "notes.txt", "the on-call engineer's notes, not telemetry\n");
        writeFile(bundle / ".hidden.json", spanLine("hidden", "acme", 3, 1));
        auto ws = Workspace::open(root() / "b1.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 5u);
        QCOMPARE(report.changes, 1u);
        QCOMPARE(report.files.size(), std::size_t(3)); // the hidden file is skipped
        // Files are reported in path order, each with what the content said it was.
        QCOMPARE(QString::fromStdString(report.files[0].path), QStringLiteral("a-traces.json"));
        QCOMPARE(QString::fromStdString(report.files[0].format), QStringLiteral("otlp-json"));
        QCOMPARE(QString::fromStdString(report.files[0].kind), QStringLiteral("traces"));
        QCOMPARE(report.files[0].accepted, 5u);
        QCOMPARE(QString::fromStdString(report.files[1].path),
                 QStringLiteral("nested/changes.log"));
        QCOMPARE(QString::fromStdString(report.files[1].format), QStringLiteral("changes-jsonl"));
        QCOMPARE(QString::fromStdString(report.files[2].path), QStringLiteral("notes.txt"));
        QVERIFY(QString::fromStdString(report.files[2].error)
                    .contains(QStringLiteral("unknown format")));
        QCOMPARE(count(*ws, "spans"), std::int64_t(5));
        QCOMPARE(count(*ws, "traces"), std::int64_t(2));
        // Tenants come from the resource attribute; the change has none and takes the default.
        const auto stats = workspaceStats(*ws, ws->allTenantsScope("test"));
        QCOMPARE(stats.tenants.size(), std::size_t(3));
        QCOMPARE(QString::fromStdString(stats.tenants[0].tenant), QStringLiteral("acme"));
        QCOMPARE(stats.tenants[0].counts.spans, std::int64_t(3));
        QCOMPARE(QString::fromStdString(stats.tenants[1].tenant), QStringLiteral("default"));
        QCOMPARE(stats.tenants[1].counts.changes, std::int64_t(1));
        // The report is kept in the workspace.
        const auto history = importHistory(*ws);
        QCOMPARE(history.size(), std::size_t(1));
        QCOMPARE(history[0].files.size(), std::size_t(3));
        QCOMPARE(history[0].files[0].accepted, 5u);
    }

    void reimportIsDetectedAndAddsNothing() {
        const auto bundle = root() / "b2";
        writeFile(bundle / "t.json", spanLine("web", "acme", 1, 4));
        auto ws = Workspace::open(root() / "b2.casebook");
        QCOMPARE(importBundle(*ws, bundle, registry).status, ImportStatus::Imported);
        const auto again = importBundle(*ws, bundle, registry);
        QCOMPARE(again.status, ImportStatus::AlreadyImported);
        QCOMPARE(count(*ws, "spans"), std::int64_t(4));
        QCOMPARE(count(*ws, "bundles"), std::int64_t(1));
        // A copy of the same content elsewhere is the same bundle.
        fs::copy(bundle, root() / "b2-copy", fs::copy_options::recursive);
        QCOMPARE(importBundle(*ws, root() / "b2-copy", registry).status,
                 ImportStatus::AlreadyImported);
        // One changed byte makes it a different bundle.
        writeFile(bundle / "t.json", spanLine("web", "acme", 2, 4));
        QCOMPARE(importBundle(*ws, bundle, registry).status, ImportStatus::Imported);
        QCOMPARE(count(*ws, "spans"), std::int64_t(8));
    }

    void manifestSetsTenantFormatAndReportsProblems() {
        const auto bundle = root() / "b3";
        writeFile(bundle / "manifest.json", R"({
          "name": "support case 4711", "default_tenant": "initech",
          "tenant_attribute_keys": ["customer"],
          "files": [
            {"path": "events.txt", "kind": "changes", "format": "changes-jsonl"},
            {"path": "gone.json", "kind": "traces", "format": "otlp-json"},
            {"path": "../outside.json", "format": "otlp-json"},
            {"path": "odd.json", "format": "no-such-format"}
          ]})");
        // Named with a non-JSON extension: the manifest's format decides.
        writeFile(bundle / "events.txt",
                  R"({"time":"2026-11-19T20:00:00Z","kind":"config_change","title":"raise limit"})"
                  "\n");
        writeFile(bundle / "odd.json", "{}");
        // tenant.id is not a tenant key in this bundle: the spans go to the default tenant.
        writeFile(bundle / "spans.json", spanLine("web", "acme", 5, 2));
        auto ws = Workspace::open(root() / "b3.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(QString::fromStdString(report.bundleName), QStringLiteral("support case 4711"));
        QCOMPARE(report.changes, 1u);
        QCOMPARE(report.spans, 2u);
        QStringList errors;
        for (const auto& f : report.files)
            if (!f.error.empty())
                errors << QString::fromStdString(f.path + ": " + f.error);
        QCOMPARE(errors.size(), 3);
        QVERIFY(errors.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("../outside.json\" must be a relative path")));
        QVERIFY(errors.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("gone.json: named in manifest.json but missing")));
        QVERIFY(errors.join(QLatin1Char('\n'))
                    .contains(QStringLiteral("odd.json: manifest.json names unknown format")));
        QCOMPARE(ws->tenantNames(), (std::vector<std::string>{"initech"}));
    }

    void manifestMappingReadsLogKeysAndTheNoteIsKept() {
        // The keys of custom.jsonl are nobody's convention: detection finds no timestamp
        // and no message, so without the manifest's mapping the file is not recognised.
        const std::string lines =
            R"({"when":1763629200,"sev":"INFO","text":"first","app_component":"billing"})"
            "\n"
            R"({"when":1763629260,"sev":"ERROR","text":"second","app_component":"billing"})"
            "\n";
        const auto bundle = root() / "mapped";
        writeFile(bundle / "custom.jsonl", lines);
        writeFile(bundle / "typo.jsonl", lines);
        writeFile(bundle / "manifest.json", R"({"files":[
            {"path":"custom.jsonl","kind":"logs","format":"json-lines-logs",
             "mapping":{"timestamp":"when","timestamp_unit":"s","level":"sev",
                        "message":"text","service":"app_component"}},
            {"path":"typo.jsonl","format":"json-lines-logs","mapping":{"timestmap":"when"}}]})");
        auto ws = Workspace::open(root() / "mapped.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.files.size(), std::size_t(2));
        const FileReport& mapped = report.files[0];
        QCOMPARE(mapped.accepted, 2u);
        QCOMPARE(QString::fromStdString(mapped.error), QString());
        QCOMPARE(QString::fromStdString(mapped.note),
                 QStringLiteral("mapping: timestamp=when (epoch s, unit override, override), "
                                "level=sev (text, override), message=text (override), "
                                "service=app_component (override), trace_id=none, span_id=none, "
                                "logger=none"));
        // The broken mapping is not guessed at: it is named and detection reads the file
        // (which here finds no timestamp, so its records are rejected, not lost silently).
        const FileReport& typo = report.files[1];
        QVERIFY2(QString::fromStdString(typo.note).endsWith(QStringLiteral(
                     "; manifest mapping ignored: mapping.timestmap is not a known field")),
                 typo.note.c_str());
        QCOMPARE(typo.accepted + typo.rejected, 2u);
        QCOMPARE(ws->db().scalarInt("SELECT count(*) FROM logs l JOIN services s ON "
                                    "s.id = l.service_id WHERE s.name = 'billing' AND "
                                    "l.time_ns = 1763629260000000000 AND l.severity_number = 17"),
                 std::int64_t(1));
        // The note is kept in the workspace with the report, apart from the error.
        const auto history = importHistory(*ws);
        QCOMPARE(QString::fromStdString(history[0].files[0].note),
                 QString::fromStdString(mapped.note));
        QCOMPARE(QString::fromStdString(history[0].files[0].error), QString());
    }

    void brokenManifestFallsBackToDefaults() {
        const auto bundle = root() / "b4";
        writeFile(bundle / "manifest.json", "{\"name\": \"oops\",");
        writeFile(bundle / "t.json", spanLine("web", "acme", 1, 1));
        auto ws = Workspace::open(root() / "b4.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 1u);
        QVERIFY(QString::fromStdString(report.files.at(0).error)
                    .contains(QStringLiteral("not valid JSON at byte")));
    }

    void failureMidImportLeavesWorkspaceUnchanged() {
        const auto good = root() / "b5-good";
        writeFile(good / "t.json", spanLine("web", "acme", 1, 3));
        const auto bad = root() / "b5-bad";
        writeFile(bad / "a.json", spanLine("web", "acme", 7, 3));
        writeFile(bad / "b.bin", "EXPLODE");
        auto ws = Workspace::open(root() / "b5.casebook");
        QCOMPARE(importBundle(*ws, good, registry).status, ImportStatus::Imported);
        const auto report = importBundle(*ws, bad, registry);
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY(QString::fromStdString(report.error).contains(QStringLiteral("disk on fire")));
        QCOMPARE(count(*ws, "spans"), std::int64_t(3));
        QCOMPARE(count(*ws, "bundles"), std::int64_t(1));
        QCOMPARE(count(*ws, "import_files"), std::int64_t(1));
        QCOMPARE(count(*ws, "traces"), std::int64_t(1));
        auto check = ws->db().prepare("PRAGMA integrity_check");
        QVERIFY(check.step());
        QCOMPARE(QString::fromStdString(check.text(0)), QStringLiteral("ok"));
        // The failed bundle was not recorded, so it can be imported once fixed.
        writeFile(bad / "b.bin", "");
        fs::remove(bad / "b.bin");
        QCOMPARE(importBundle(*ws, bad, registry).status, ImportStatus::Imported);
        QCOMPARE(count(*ws, "spans"), std::int64_t(6));
    }

    void cancelLeavesWorkspaceUnchanged() {
        const auto bundle = root() / "b6";
        writeFile(bundle / "many.bin", "ENDLESS");
        auto ws = Workspace::open(root() / "b6.casebook");
        std::stop_source stop;
        BundleImportOptions options;
        options.stop = stop.get_token();
        int calls = 0;
        options.onProgress = [&](const ImportProgress& p) {
            if (++calls == 3 || p.records > 0)
                stop.request_stop();
        };
        const auto report = importBundle(*ws, bundle, registry, options);
        QCOMPARE(report.status, ImportStatus::Cancelled);
        QCOMPARE(count(*ws, "spans"), std::int64_t(0));
        QCOMPARE(count(*ws, "bundles"), std::int64_t(0));
        QVERIFY(calls >= 1);
    }

    void cancelWhileCheckingLeavesWorkspaceUnchanged() {
        const auto bundle = root() / "b6b";
        writeFile(bundle / "t.json", spanLine("web", "acme", 1, 3));
        auto ws = Workspace::open(root() / "b6b.casebook");
        std::stop_source stop;
        stop.request_stop();
        BundleImportOptions options;
        options.stop = stop.get_token();
        const auto report = importBundle(*ws, bundle, registry, options);
        QCOMPARE(report.status, ImportStatus::Cancelled);
        QCOMPARE(count(*ws, "bundles"), std::int64_t(0));
        QCOMPARE(count(*ws, "spans"), std::int64_t(0));
    }

    void progressIsThrottledAndReachesTheEnd() {
        const auto bundle = root() / "b7";
        std::string lines;
        for (int i = 0; i < 2000; ++i)
            lines += spanLine("web", "acme", i, 2);
        writeFile(bundle / "t.json", lines);
        auto ws = Workspace::open(root() / "b7.casebook");
        std::vector<ImportProgress> seen;
        BundleImportOptions options;
        options.onProgress = [&](const ImportProgress& p) { seen.push_back(p); };
        const auto report = importBundle(*ws, bundle, registry, options);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 4000u);
        QVERIFY(!seen.empty());
        QVERIFY(seen.size() < 1100); // at most one per 0.1% plus one per file
        // Phases come in order (checking, importing, finishing); bytes grow within a phase.
        for (std::size_t i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i].phase >= seen[i - 1].phase);
            if (seen[i].phase == seen[i - 1].phase)
                QVERIFY(seen[i].bytesDone >= seen[i - 1].bytesDone);
        }
        QCOMPARE(seen.front().phase, ImportPhase::Checking);
        QCOMPARE(seen.back().phase, ImportPhase::Finishing);
        QCOMPARE(seen.back().bytesDone, seen.back().bytesTotal);
        QCOMPARE(seen.back().filesDone, std::size_t(1));
        QCOMPARE(seen.back().records, 4000u);
    }

    void ambiguousFilesAreReportedNotGuessed() {
        ImporterRegistry rivals;
        rivals.add(std::make_unique<EndlessImporter>());
        rivals.add(std::make_unique<RivalImporter>());
        const auto bundle = root() / "b10";
        writeFile(bundle / "which.bin", "ENDLESS");
        auto ws = Workspace::open(root() / "b10.casebook");
        const auto report = importBundle(*ws, bundle, rivals);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 0u);
        QCOMPARE(QString::fromStdString(report.files.at(0).error),
                 QStringLiteral(
                     "ambiguous format: endless and rival recognise this file equally; name its "
                     "format in manifest.json"));
        // Naming the format in the manifest settles it.
        const auto named = root() / "b11";
        writeFile(named / "which.bin", "ENDLESS");
        writeFile(named / "manifest.json",
                  "{\"files\":[{\"path\":\"which.bin\",\"format\":\"rival\"}]}");
        const auto settled = importBundle(*ws, named, rivals);
        QCOMPARE(settled.status, ImportStatus::Imported);
        QCOMPARE(settled.spans, 200000u);
        QCOMPARE(QString::fromStdString(settled.files.at(0).format), QStringLiteral("rival"));
    }

    void symlinksOutOfTheBundleAreNotFollowed() {
        const auto outside = root() / "secret.json";
        writeFile(outside, spanLine("secret", "other-customer", 1, 1));
        const auto bundle = root() / "b8";
        writeFile(bundle / "t.json", spanLine("web", "acme", 1, 1));
        fs::create_symlink(outside, bundle / "link.json");
        auto ws = Workspace::open(root() / "b8.casebook");
        const auto report = importBundle(*ws, bundle, registry);
        QCOMPARE(report.status, ImportStatus::Imported);
        QCOMPARE(report.spans, 1u);
        QVERIFY(!ws->findTenant("other-customer"));
    }

    void missingBundleIsAClearError() {
        auto ws = Workspace::open(root() / "b9.casebook");
        const auto report = importBundle(*ws, root() / "does-not-exist", registry);
        QCOMPARE(report.status, ImportStatus::Failed);
        QVERIFY(QString::fromStdString(report.error).contains(QStringLiteral("no such bundle")));
    }
};

QTEST_APPLESS_MAIN(TestBundleImport)
#include "tst_bundle_import.moc"
