// An importer built as a runtime plugin (a shared library loaded from the user's plugin
// folder), as a third party would write one: it uses only Casebook's plugin headers.
//
// Format "csv-metrics": a header line `timestamp,series,<label>...,value`, then one sample
// per line. timestamp is RFC 3339 UTC (2026-11-20T09:00:00Z, optional fraction) or epoch
// milliseconds; series is the metric name; the label columns become labels; value is a
// number. Every sample is a gauge point. A label named like a tenant key gives the tenant,
// "service" or "job" the service.

#include "core/import/plugin_api.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace casebook;

std::vector<std::string_view> splitCsv(std::string_view line) {
    std::vector<std::string_view> cells;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == ',') {
            cells.push_back(line.substr(start, i - start));
            start = i + 1;
        }
    }
    return cells;
}

std::optional<long long> number(std::string_view text) {
    long long v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size())
        return std::nullopt;
    return v;
}

long long daysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// RFC 3339 in UTC ("...Z"), or integer epoch milliseconds.
std::optional<std::int64_t> timestampNs(std::string_view t) {
    if (auto ms = number(t)) {
        if (*ms < 0 || *ms > 9'000'000'000'000) // beyond the year 2255 overflows int64 ns
            return std::nullopt;
        return *ms * 1'000'000;
    }
    if (t.size() < 20 || t.back() != 'Z' || t[4] != '-' || t[7] != '-' || t[10] != 'T' ||
        t[13] != ':' || t[16] != ':')
        return std::nullopt;
    const auto y = number(t.substr(0, 4)), mo = number(t.substr(5, 2)), d = number(t.substr(8, 2)),
               h = number(t.substr(11, 2)), mi = number(t.substr(14, 2)),
               s = number(t.substr(17, 2));
    if (!y || !mo || !d || !h || !mi || !s || *mo < 1 || *mo > 12 || *d < 1 || *d > 31 || *h > 23 ||
        *mi > 59 || *s > 60)
        return std::nullopt;
    std::int64_t fraction = 0;
    std::string_view rest = t.substr(19, t.size() - 20);
    if (!rest.empty()) {
        if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10)
            return std::nullopt;
        const auto digits = number(rest.substr(1));
        if (!digits)
            return std::nullopt;
        fraction = *digits;
        for (std::size_t i = rest.size() - 1; i < 9; ++i)
            fraction *= 10;
    }
    const long long days = daysFromCivil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
    const long long seconds = days * 86400 + *h * 3600 + *mi * 60 + *s;
    // Nanoseconds since 1970 fit in 64 bits from 1677 to 2262 only (found by fuzzing).
    if (seconds < -9'223'372'035LL || seconds > 9'223'372'035LL)
        return std::nullopt;
    return seconds * 1'000'000'000LL + fraction;
}

void appendJsonString(std::string& out, std::string_view text) {
    out += '"';
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
        } else {
            out += c;
        }
    }
    out += '"';
}

class CsvMetricsImporter : public Importer {
public:
    std::string_view format() const override { return "csv-metrics"; }
    std::string_view description() const override {
        return "CSV metric samples: timestamp,series,<labels>...,value (runtime plugin)";
    }
    int sniff(std::string_view head) const override {
        const auto line = head.substr(0, head.find('\n'));
        const auto trimmed = line.substr(0, line.find_last_not_of("\r") + 1);
        return trimmed.rfind("timestamp,series", 0) == 0 && trimmed.size() >= 6 &&
                       trimmed.substr(trimmed.size() - 6) == ",value"
                   ? 90
                   : 0;
    }

    FileOutcome importFile(const std::filesystem::path& file, const ImportContext& context,
                           RecordSink& sink) override {
        FileOutcome outcome;
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            outcome.partial = true;
            outcome.error = "cannot read the file";
            return outcome;
        }
        std::string line;
        std::vector<std::string> header;
        std::size_t lineNo = 0;
        std::string labels, location, reason;
        while (std::getline(in, line)) {
            ++lineNo;
            if (context.stop.stop_requested())
                break;
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            if (line.empty())
                continue;
            const auto cells = splitCsv(line);
            if (header.empty()) {
                for (auto c : cells)
                    header.emplace_back(c);
                if (header.size() < 3 || header.front() != "timestamp" || header[1] != "series" ||
                    header.back() != "value") {
                    outcome.partial = true;
                    outcome.error = "line 1: header must be timestamp,series,<labels>...,value";
                    return outcome;
                }
                continue;
            }
            location = "line " + std::to_string(lineNo);
            if (cells.size() != header.size()) {
                reason = std::to_string(cells.size()) + " columns, the header has " +
                         std::to_string(header.size());
                sink.reject({location, reason});
                continue;
            }
            const auto time = timestampNs(cells.front());
            if (!time) {
                reason = "timestamp \"" + std::string(cells.front()) +
                         "\" is neither RFC 3339 UTC nor epoch ms";
                sink.reject({location, reason});
                continue;
            }
            double value = 0;
            const auto text = cells.back();
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || p != text.data() + text.size() || text.empty()) {
                reason = "value \"" + std::string(text) + "\" is not a number";
                sink.reject({location, reason});
                continue;
            }
            if (cells[1].empty()) {
                sink.reject({location, "series is empty"});
                continue;
            }
            MetricPoint point;
            point.name = cells[1];
            point.kind = MetricKind::Gauge;
            point.timeNs = *time;
            point.value = value;
            labels = "{";
            for (std::size_t c = 2; c + 1 < cells.size(); ++c) {
                const std::string& key = header[c];
                for (const auto& tenantKey : context.tenantKeys)
                    if (key == tenantKey)
                        point.tenant = cells[c];
                if (key == "service" || key == "job")
                    point.service = cells[c];
                if (labels.size() > 1)
                    labels += ',';
                appendJsonString(labels, key);
                labels += ':';
                appendJsonString(labels, cells[c]);
            }
            labels += '}';
            point.labelsJson = labels;
            sink.addMetricPoint(point);
        }
        return outcome;
    }
};

Importer* create(std::size_t index) {
    return index == 0 ? new CsvMetricsImporter() : nullptr;
}

const CasebookPluginInfo kInfo{CASEBOOK_PLUGIN_ABI_VERSION, "csv-metrics", "1.0", 1, &create};

} // namespace

extern "C" __attribute__((visibility("default"))) const CasebookPluginInfo* casebook_plugin_info() {
    return &kInfo;
}
