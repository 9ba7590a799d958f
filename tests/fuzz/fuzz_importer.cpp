// libFuzzer target for one importer (CASEBOOK_FUZZ_FORMAT names its format). The input
// is handed to the importer as a file through memfd (no disk), every record is run
// through a sink that touches all its fields, and the importer must neither crash nor
// leave an error without a location.
#include "core/import/importer_registry.h"
#include "core/import/plugin_api.h"
#include "plugins/builtin_importers.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace {

using namespace casebook;

// Reads every text field so that a dangling view is caught by AddressSanitizer.
class TouchingSink : public RecordSink {
public:
    std::size_t bytes = 0;
    void addSpan(const SpanRecord& s) override {
        touch(s.service, s.name, s.tenant, s.attributesJson, s.resourceJson, s.statusMessage,
              s.scopeName);
        for (const auto& e : s.events)
            touch(e.name, e.attributesJson);
        for (const auto& l : s.links)
            touch(l.traceState, l.attributesJson);
    }
    void addLog(const LogRecord& l) override {
        touch(l.body, l.service, l.tenant, l.attributesJson, l.resourceJson);
    }
    void addMetricPoint(const MetricPoint& p) override {
        touch(p.name, p.unit, p.service, p.tenant, p.labelsJson, p.bucketsJson, p.resourceJson);
    }
    void addChange(const ChangeRecord& c) override {
        touch(c.kind, c.title, c.service, c.tenant, c.attributesJson);
    }
    void addSlo(const SloRecord& s) override {
        touch(s.name, s.tenant, s.sliMetric, s.definitionJson);
    }
    void addLineageNode(const LineageNodeRecord& n) override {
        touch(n.key.ns, n.key.name, n.tenant, n.kind, n.owner, n.description, n.columnsJson,
              n.service);
    }
    void addLineageEdge(const LineageEdgeRecord& e) override {
        touch(e.from.ns, e.from.name, e.to.ns, e.to.name, e.tenant, e.label);
    }
    void addLineageRun(const LineageRunRecord& r) override {
        touch(r.job.ns, r.job.name, r.tenant, r.runId, r.eventType, r.errorMessage, r.parentRunId,
              r.parentJob, r.facetsJson);
    }
    void addLineageColumnEdge(const LineageColumnEdgeRecord& c) override {
        touch(c.from.ns, c.from.name, c.fromColumn, c.to.ns, c.to.name, c.toColumn, c.tenant,
              c.transformation, c.description);
    }
    void addLineageFacet(const LineageFacetRecord& f) override {
        touch(f.node.ns, f.node.name, f.tenant, f.name, f.json, f.runId);
    }
    void reject(const Rejection& r) override {
        if (r.location.empty() || r.reason.empty())
            std::abort(); // every rejection must say where and why
        touch(r.location, r.reason);
    }

private:
    template <typename... T> void touch(const T&... views) { ((bytes += checksum(views)), ...); }
    static std::size_t checksum(std::string_view v) {
        std::size_t sum = 0;
        for (char c : v)
            sum += static_cast<unsigned char>(c);
        return sum;
    }
};

#ifdef CASEBOOK_FUZZ_PLUGIN
// A runtime plugin compiled into the target: its first importer, made the way the
// plugin loader makes it.
Importer* importer() {
    static Importer* chosen = casebook_plugin_info()->createImporter(0);
    return chosen;
}
#else
Importer* importer() {
    static ImporterRegistry registry = [] {
        ImporterRegistry r;
        registerBuiltinImporters(r);
        return r;
    }();
    static Importer* chosen = registry.byFormat(CASEBOOK_FUZZ_FORMAT);
    if (!chosen) {
        std::fprintf(stderr, "no importer for format %s\n", CASEBOOK_FUZZ_FORMAT);
        std::abort();
    }
    return chosen;
}
#endif

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memfd_create("casebook-fuzz", 0);
    if (fd < 0)
        return 0;
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = write(fd, data + written, size - written);
        if (n <= 0)
            break;
        written += static_cast<std::size_t>(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    Importer* chosen = importer();
    chosen->sniff(
        std::string_view(reinterpret_cast<const char*>(data), size < 65536 ? size : 65536));
    TouchingSink sink;
    ImportContext context;
    context.displayPath = "fuzz-input";
    const FileOutcome outcome = chosen->importFile(path, context, sink);
    if (outcome.partial && outcome.error.empty())
        std::abort(); // a partial file must say where it broke off
    close(fd);
    return 0;
}
