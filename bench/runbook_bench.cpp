// casebook-bench-runbook: every check of every bundled runbook on the benchmark workspace
// (the lead-flow incident at scale 100: about 1M spans, 1M log records, 1M metric points,
// as casebook-bench-import makes it), in the detecting tenant and across all tenants,
// against the 200 ms a check may take; then the case those runs leave behind exported as
// Markdown, HTML, JSON and PDF, against the 3 s an export may take.
#include "bench/bench_util.h"
#include "core/analysis/metric_catalog.h"
#include "core/casefile/case_file.h"
#include "core/casefile/chart_evidence.h"
#include "core/export/export_writers.h"
#include "core/generate/scenario_generator.h"
#include "core/import/bundle_import.h"
#include "core/import/importer_registry.h"
#include "core/runbook/bundled_runbooks.h"
#include "core/runbook/check_indexes.h"
#include "core/runbook/runbook_engine.h"
#include "core/store/workspace.h"
#include "core/util/time_text.h"
#include "plugins/builtin_importers.h"
#include "ui/export/pdf_export.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace casebook;
using casebook::bench::msSince;
using casebook::bench::secondsSince;

namespace {

constexpr double kCheckBudgetMs = 200;
constexpr double kExportBudgetMs = 3000;

fs::path prepareWorkspace(const fs::path& dir, Scenario scenario, int scale) {
    const std::string name = std::string(scenarioName(scenario)) + "-x" + std::to_string(scale);
    const fs::path workspace = dir / (name + "-runbook.casebook");
    if (fs::exists(workspace)) {
        std::printf("workspace: %s (reused)\n", workspace.c_str());
        return workspace;
    }
    const fs::path bundle = dir / name;
    auto t0 = std::chrono::steady_clock::now();
    GenerateOptions options;
    options.scenario = scenario;
    options.scale = scale;
    if (!fs::exists(bundle / "manifest.json"))
        generateBundle(options, bundle);
    ImporterRegistry registry;
    registerBuiltinImporters(registry);
    auto ws = Workspace::open(workspace);
    const auto report = importBundle(*ws, bundle, registry);
    if (report.status != ImportStatus::Imported)
        throw std::runtime_error("import failed: " + report.error);
    std::printf("workspace: %s: %s spans, %s logs, %s metric points, made in %.1f s\n",
                workspace.c_str(), bench::grouped(double(report.spans)).c_str(),
                bench::grouped(double(report.logs)).c_str(),
                bench::grouped(double(report.metricPoints)).c_str(), secondsSince(t0));
    return workspace;
}

struct Timing {
    double median = 0, worst = 0;
};

template <typename F> Timing measure(int runs, F f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        ms.push_back(msSince(t0));
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.back()};
}

// Runs to the end, approving every gate, as the case a real investigation would leave.
void runThrough(Workspace& ws, const Scope& scope, const Runbook& runbook) {
    const RunbookEngine engine;
    const CaseRunId run = engine.startRun(ws, scope, runbook, "bench");
    for (int round = 0; round < 20; ++round) {
        const HeadlessRun h = engine.runHeadless(ws, scope, run, runbook);
        if (!h.waitingAtGate)
            return;
        engine.decideGate(ws, scope, run, runbook, *h.waitingAtGate,
                          {"Bench Runner", "benchmark walk-through", true});
    }
}

} // namespace

int main(int argc, char** argv) {
    int scale = 100;
    int runs = 5;
    fs::path dir = fs::temp_directory_path() / "casebook-bench";
    std::string tenant = "acme";
    Scenario scenario = Scenario::LeadFlow;
    int charts = 20;    // chart evidence pinned before the export
    bool checks = true; // time every check (--export-only skips it)
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--scale" && i + 1 < argc)
            scale = std::atoi(argv[++i]);
        else if (a == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (a == "--charts" && i + 1 < argc)
            charts = std::max(0, std::atoi(argv[++i]));
        else if (a == "--export-only")
            checks = false;
        else if (a == "--scenario" && i + 1 < argc) {
            const auto s = scenarioFromName(argv[++i]);
            if (!s) {
                std::cerr << "--scenario takes lead-flow or retail-personalization\n";
                return 2;
            }
            scenario = *s;
            tenant = scenario == Scenario::LeadFlow ? "acme" : "northwind";
        } else {
            std::cerr << "usage: casebook-bench-runbook [--scenario S] [--scale N] [--runs N] "
                         "[--dir DIR] [--charts N] [--export-only]\n";
            return 2;
        }
    }
    fs::create_directories(dir);
    std::printf("Casebook runbook benchmark: %s at scale %d, %d runs of every check\n",
                std::string(scenarioName(scenario)).c_str(), scale, runs);
    const fs::path path = prepareWorkspace(dir, scenario, scale);
    std::unique_ptr<Workspace> ws = Workspace::open(path, Workspace::OpenMode::OpenExisting);
    {
        const auto t0 = std::chrono::steady_clock::now();
        ensureCheckIndexes(ws->db());
        std::printf("check indexes: %.2f s (built when a workspace's first run starts; "
                    "nothing when they exist)\n",
                    secondsSince(t0));
    }
    const Scope inTenant = ws->tenantScope(tenant);
    const Scope allTenants = ws->allTenantsScope("casebook-bench-runbook");
    const CheckRegistry& registry = builtinCheckRegistry();

    int over = 0;
    double worstCheck = 0;
    std::printf("\n%-38s %-44s %-12s %9s %9s %9s\n", "runbook", "step", "kind", "tenant", "all",
                "worst");
    for (const auto& bundled : bundledRunbooks()) {
        if (!checks)
            break;
        const auto parsed = openRunbook(bundled.name, registry);
        if (!parsed.ok()) {
            std::fprintf(stderr, "%s does not load\n", std::string(bundled.name).c_str());
            return 1;
        }
        for (const auto& step : parsed.runbook->steps) {
            if (step.kind != StepKind::Check)
                continue;
            const CheckKind* kind = registry.find(step.check->kind);
            const CheckParameters parameters(step.check->parameters, step.check->limit);
            const Timing tenantTime = measure(runs, [&] { kind->run(*ws, inTenant, parameters); });
            const Timing allTime = measure(runs, [&] { kind->run(*ws, allTenants, parameters); });
            const double worst = std::max(tenantTime.worst, allTime.worst);
            worstCheck = std::max(worstCheck, std::max(tenantTime.median, allTime.median));
            const bool slow = std::max(tenantTime.median, allTime.median) > kCheckBudgetMs;
            over += slow;
            std::printf("%-38s %-44.44s %-12s %7.1f ms %6.1f ms %6.1f ms%s\n",
                        std::string(bundled.name).c_str(), step.title.c_str(),
                        step.check->kind.c_str(), tenantTime.median, allTime.median, worst,
                        slow ? "  OVER 200 ms" : "");
        }
    }
    std::printf("\nslowest check (median): %.1f ms; %d over %.0f ms\n", worstCheck, over,
                kCheckBudgetMs);

    // The case an investigation leaves: every runbook walked in the tenant and across
    // tenants, the four marks, a note; recorded in a copy, so every run starts from the
    // same case (the case only grows).
    ws.reset();
    const fs::path copy = dir / (path.stem().string() + "-case.casebook");
    {
        auto original = Workspace::open(path, Workspace::OpenMode::OpenExisting);
        original->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(copy.string() + suffix);
    fs::copy_file(path, copy);
    ws = Workspace::open(copy, Workspace::OpenMode::OpenExisting);
    const Scope caseTenant = ws->tenantScope(tenant);
    const Scope caseAll = ws->allTenantsScope("casebook-bench-runbook");
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& bundled : bundledRunbooks()) {
        const auto parsed = openRunbook(bundled.name, registry);
        runThrough(*ws, caseTenant, *parsed.runbook);
        runThrough(*ws, caseAll, *parsed.runbook);
    }
    CaseFile file(*ws, caseTenant);
    file.setMark(MarkKind::ImpactStart, parseRfc3339("2026-11-19T20:00Z"), "bench");
    file.setMark(MarkKind::Detection, parseRfc3339("2026-11-20T21:00Z"), "bench");
    file.setMark(MarkKind::Mitigation, parseRfc3339("2026-11-20T23:30Z"), "bench");
    file.addNote({"benchmark note", "bench", std::nullopt, std::nullopt, std::nullopt});
    std::printf("case: %d runs recorded in %.1f s\n", int(2 * bundledRunbooks().size()),
                secondsSince(t0));
    // Charts pinned as an investigator pins them from the Metrics pane: the tenant's
    // series over the incident's two days with a dashed line a week earlier.
    t0 = std::chrono::steady_clock::now();
    const auto series = listSeries(*ws, caseTenant, SeriesFilter{});
    const std::int64_t from = *parseRfc3339("2026-11-19T12:00Z");
    const std::int64_t to = *parseRfc3339("2026-11-21T12:00Z");
    const std::int64_t week = 7LL * 24 * 3600 * 1000000000LL;
    int pinned = 0;
    for (std::size_t i = 0; pinned < charts && !series.empty(); ++i, ++pinned)
        file.addEvidence(
            {seriesChartEvidence(*ws, caseTenant, series[i % series.size()], from, to, week),
             "pinned by the benchmark", "bench", std::nullopt, std::nullopt, std::nullopt});
    std::printf("charts: %d pinned (of %zu series) in %.1f s\n", pinned, series.size(),
                secondsSince(t0));

    const fs::path out = dir / "runbook-bench-export";
    fs::create_directories(out);
    double worstExport = 0;
    for (const auto& [name, format] : {std::pair{"md", ExportFormat::Markdown},
                                       {"html", ExportFormat::Html},
                                       {"json", ExportFormat::Json},
                                       {"pdf", ExportFormat::Pdf}}) {
        std::size_t entries = 0;
        const Timing t = measure(std::max(1, runs / 2), [&, name = name, format = format] {
            Redactor redactor({defaultRedactedAttributes(), {}});
            const RedactedReport report =
                redactReport(buildIncidentReport(*ws, caseTenant), redactor);
            entries = report.report().timeline.size();
            const fs::path target = out / (std::string("incident.") + name);
            if (format == ExportFormat::Pdf)
                writePdfExport(report, target);
            else
                writeTextExport(report, format, target);
        });
        worstExport = std::max(worstExport, t.median);
        std::printf("export %-4s: %zu timeline entries, median %.0f ms, worst %.0f ms (%s)\n", name,
                    entries, t.median, t.worst,
                    t.median > kExportBudgetMs ? "OVER 3 s" : "within 3 s");
    }
    std::printf("slowest export (median): %.0f ms\n", worstExport);
    ws.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
        fs::remove(copy.string() + suffix);
    return over == 0 && worstExport <= kExportBudgetMs ? 0 : 1;
}
