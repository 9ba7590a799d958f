#pragma once
// Turns the lines of a text exposition into MetricPoints, streaming: it holds the open
// metric family and the one histogram / summary / counter point being assembled, never
// the file. One class for both dialects; where they differ:
//
// - Prometheus text 0.0.4 is read as Prometheus reads it: lenient about comments and
//   blanks, and a histogram without a +Inf bucket takes it from _count.
// - OpenMetrics 1.0 is checked as its conformance suite expects (metadata before samples,
//   no repeated or clashing names, samples of one metric together, timestamps not going
//   back, counter-like values neither NaN nor negative, histogram rules, "# EOF").
//
// A bad line is rejected with its line number and adds nothing; the lines around it
// still land. A rule broken by a whole histogram (no +Inf bucket) rejects its point,
// located at its first line. A family whose name clashes with an earlier one is
// rejected once, at the line that shows it, and its samples are skipped.

#include "core/import/importer.h"
#include "plugins/prometheus/exposition_syntax.h"
#include "plugins/prometheus/metric_point_text.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace casebook {

class ExpositionAssembler {
public:
    // defaultTimeNs: the time of samples that carry none (the importers use the file's
    // modification time: a scrape saved to a file was taken about then).
    ExpositionAssembler(ExpositionDialect dialect, const ImportContext& context, RecordSink& sink,
                        std::int64_t defaultTimeNs);

    // One line without its line break; lineNumber is 1-based.
    void line(std::string_view text, std::uint64_t lineNumber);
    // Lands the point still being assembled. Call once, at the end of the input.
    void finish();

    bool sawEof() const { return eof_; }
    std::uint64_t points() const { return points_; }

private:
    enum class Role {
        Value,
        Total,
        Created,
        Bucket,
        Count,
        Sum,
        GCount,
        GSum,
        Quantile,
        Info,
        State
    };

    struct Family {
        bool open = false;
        std::string name;
        MetricType type = MetricType::Unknown;
        bool typeSeen = false, helpSeen = false, unitSeen = false;
        std::string help, unit;
        bool hasSamples = false;
        bool namesChecked = false; // OpenMetrics: checked against earlier families' names
        bool rejected = false;
        std::uint64_t firstLine = 0;
        // OpenMetrics: the samples of one metric (label set) must be together.
        std::unordered_set<std::uint64_t> seenGroups;
        bool haveGroup = false;
        std::uint64_t group = 0;
        std::optional<std::int64_t> groupTime;
    };

    // A histogram, gauge histogram, summary or (OpenMetrics) counter point whose samples
    // come on several lines.
    struct Pending {
        struct Bucket {
            double le;
            double cumulative;
        };
        bool active = false;
        std::uint64_t group = 0;
        std::optional<std::int64_t> timeNs;
        std::uint64_t firstLine = 0;
        std::string labelsJson, service, tenant;
        std::vector<Bucket> buckets;
        std::vector<std::pair<double, double>> quantiles;
        std::optional<double> total, sum, count;
        std::uint64_t sumLine = 0, countLine = 0;
        std::optional<std::int64_t> createdNs;
    };

    // The name and labels of the last sample line that had labels, owned, so that the
    // next line of the same series (the same bytes up to its '}') reuses them, its labels
    // object and its group instead of parsing and building them again. One series, so
    // memory stays bounded by the longest line.
    struct Series {
        std::string text;    // the line up to seriesEnd
        std::string escaped; // unescaped label values that are not views into text
        std::string_view name;
        std::vector<ExpositionLabel> labels; // views into text and escaped
        bool inIdentity = false;             // identity_ holds this series' labels object
        bool haveGroup = false;
        Role groupRole = Role::Value;
        std::uint64_t group = 0;
    };

    std::optional<std::string> parseSample(std::string_view text);
    void rememberSeries(std::string_view text);
    std::uint64_t currentGroup(Role role);
    void comment(std::string_view text, std::uint64_t lineNumber);
    void sample(std::string_view text, std::uint64_t lineNumber);
    void openFamily(std::string_view name, std::uint64_t lineNumber);
    void recallFamily(std::string_view sampleName);
    void closeFamily();
    bool checkNames(std::uint64_t lineNumber);
    std::optional<Role> roleOf(std::string_view sampleName) const;
    std::optional<std::string> checkSample(Role role, std::uint64_t lineNumber);
    std::optional<std::string> checkGroup(Role role);
    std::string_view groupSkipLabel(Role role) const;
    std::uint64_t groupOf(Role role) const;
    void addToPending(Role role, std::uint64_t lineNumber);
    void flushPending();
    void flushHistogram();
    void emitNow(MetricKind kind);
    void emit(MetricPoint& point);
    void reject(std::uint64_t lineNumber, std::string_view reason);
    void rejectSample(Role role, std::uint64_t lineNumber, std::string_view reason);
    std::string describeMetric() const;

    ExpositionDialect dialect_;
    RecordSink& sink_;
    std::int64_t defaultTimeNs_;
    LabelIdentity identity_;
    Family family_;
    Pending pending_;
    ExpositionSample sample_;
    std::string scratch_;
    Series series_;
    bool seriesCurrent_ = false; // sample_'s name and labels are series_'s
    std::uint64_t missRun_ = 0;  // sample lines since one repeated series_
    std::string buckets_;
    std::string location_;
    std::string emitName_;
    std::string nameBuffer_;
    std::unordered_set<std::uint64_t> usedNames_; // OpenMetrics: names of closed families
    // Prometheus text: type and help of closed families, for their samples that come
    // back later (as the Go parser finds them). Bounded by the number of families.
    std::unordered_map<std::string, std::pair<MetricType, std::string>> declared_;
    bool eof_ = false;
    bool afterEofReported_ = false;
    std::uint64_t points_ = 0;
    // The metric (group and time) of the last rejected histogram / summary / counter
    // sample: rules about which samples a point has are not applied to a point that lost
    // one of its lines (they would only repeat the rejection).
    bool haveRejectedKey_ = false;
    std::uint64_t rejectedGroup_ = 0;
    std::optional<std::int64_t> rejectedTime_;
    // Values of the sample being handled, found by checkSample().
    double le_ = 0, quantile_ = 0;
    std::int64_t createdNs_ = 0;
};

} // namespace casebook
