#include "core/generate/bundle_files.h"

#include "core/util/json_text.h"
#include "core/util/time_text.h"

#include <algorithm>

namespace casebook::gen {

void finishFile(OutputFile& file, GenerateSummary& summary) {
    file.close();
    summary.bytes += file.bytes();
    summary.files.push_back(file.path().filename().string());
}

void writeManifest(const std::filesystem::path& dir, std::string_view name,
                   std::string_view defaultTenant, GenerateSummary& summary,
                   const std::vector<ManifestEntry>& extra) {
    struct Entry {
        std::string_view path, kind, format;
    };
    static constexpr Entry entries[] = {
        {kTracesFile, "traces", "otlp-json"},
        {kLogsFile, "logs", "otlp-json"},
        {kMetricsFile, "metrics", "otlp-json"},
        {kChangesFile, "changes", "changes-jsonl"},
        {kAnnotationsFile, "changes", "grafana-annotations"},
        {kSlosFile, "slos", "casebook-slos"},
    };
    std::string text = "{\n  \"name\": ";
    appendJsonString(text, name);
    text.append(",\n  \"default_tenant\": ");
    appendJsonString(text, defaultTenant);
    text.append(
        ",\n  \"tenant_attribute_keys\": [\"tenant.id\", \"tenant_id\"],\n  \"files\": [\n");
    for (std::size_t i = 0; i < std::size(entries); ++i) {
        text.append("    {\"path\": ");
        appendJsonString(text, entries[i].path);
        text.append(", \"kind\": ");
        appendJsonString(text, entries[i].kind);
        text.append(", \"format\": ");
        appendJsonString(text, entries[i].format);
        text.append(i + 1 < std::size(entries) || !extra.empty() ? "},\n" : "}\n");
    }
    for (std::size_t i = 0; i < extra.size(); ++i) {
        text.append("    {\"path\": ");
        appendJsonString(text, extra[i].path);
        text.append(", \"kind\": ");
        appendJsonString(text, extra[i].kind);
        text.append(", \"format\": ");
        appendJsonString(text, extra[i].format);
        if (!extra[i].mappingJson.empty())
            text.append(", \"mapping\": ").append(extra[i].mappingJson);
        text.append(i + 1 < extra.size() ? "},\n" : "}\n");
    }
    text.append("  ]\n}\n");
    OutputFile file(dir / "manifest.json");
    file.write(text);
    finishFile(file, summary);
}

namespace {

void appendChange(std::string& out, const ChangeEvent& e) {
    out.append("{\"time\":");
    appendJsonString(out, formatRfc3339(e.time));
    if (e.end) {
        out.append(",\"end\":");
        appendJsonString(out, formatRfc3339(*e.end));
    }
    out.append(",\"kind\":");
    appendJsonString(out, e.kind);
    if (!e.service.empty()) {
        out.append(",\"service\":");
        appendJsonString(out, e.service);
    }
    if (!e.tenant.empty()) {
        out.append(",\"tenant\":");
        appendJsonString(out, e.tenant);
    }
    out.append(",\"title\":");
    appendJsonString(out, e.title);
    if (!e.version.empty()) {
        out.append(",\"version\":");
        appendJsonString(out, e.version);
    }
    if (!e.attributes.empty()) {
        out.append(",\"attributes\":{");
        for (std::size_t i = 0; i < e.attributes.size(); ++i) {
            if (i > 0)
                out.push_back(',');
            appendJsonString(out, e.attributes[i].first);
            out.push_back(':');
            appendJsonString(out, e.attributes[i].second);
        }
        out.push_back('}');
    }
    out.append("}\n");
}

} // namespace

void writeChanges(const std::filesystem::path& dir, std::vector<ChangeEvent> events,
                  GenerateSummary& summary) {
    std::stable_sort(events.begin(), events.end(),
                     [](const ChangeEvent& a, const ChangeEvent& b) { return a.time < b.time; });
    OutputFile file(dir / std::string(kChangesFile));
    std::string line;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i == events.size() / 2) {
            // Hand-edited change logs contain such lines; the import report must show it.
            file.write("{\"time\":\"2026-11-31T25:70:00Z\",\"kind\":\"deploy\",\"service\":"
                       "\"ops-tools\",\"title\":\"hand-entered deploy with an impossible "
                       "time\"}\n");
            ++summary.defects;
        }
        line.clear();
        appendChange(line, events[i]);
        file.write(line);
        ++summary.changes;
    }
    finishFile(file, summary);
}

void writeAnnotations(const std::filesystem::path& dir, std::string_view dashboardUid,
                      const std::vector<Annotation>& annotations, GenerateSummary& summary) {
    std::string text = "[\n";
    for (std::size_t i = 0; i < annotations.size(); ++i) {
        const Annotation& a = annotations[i];
        text.append("  {\"id\": ");
        appendInt(text, static_cast<std::int64_t>(i + 1));
        text.append(", \"dashboardUID\": ");
        appendJsonString(text, dashboardUid);
        text.append(", \"panelId\": 0, \"time\": ");
        appendInt(text, a.time / 1'000'000);
        text.append(", \"timeEnd\": ");
        appendInt(text, a.end / 1'000'000);
        text.append(", \"tags\": [");
        for (std::size_t t = 0; t < a.tags.size(); ++t) {
            if (t > 0)
                text.append(", ");
            appendJsonString(text, a.tags[t]);
        }
        text.append("], \"text\": ");
        appendJsonString(text, a.text);
        text.append(i + 1 < annotations.size() ? "},\n" : "}\n");
    }
    text.append("]\n");
    OutputFile file(dir / std::string(kAnnotationsFile));
    file.write(text);
    finishFile(file, summary);
    summary.changes += annotations.size();
}

void writeSlos(const std::filesystem::path& dir, std::string_view json, GenerateSummary& summary) {
    OutputFile file(dir / std::string(kSlosFile));
    file.write(json);
    finishFile(file, summary);
}

} // namespace casebook::gen
