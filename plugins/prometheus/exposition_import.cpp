#include "plugins/prometheus/exposition_import.h"

#include "plugins/prometheus/exposition_assembler.h"
#include "plugins/prometheus/text_line_reader.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace casebook {
namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class ExpositionLines : public LineConsumer {
public:
    ExpositionLines(ExpositionDialect dialect, ExpositionAssembler& assembler, RecordSink& sink)
        : dialect_(dialect), assembler_(assembler), sink_(sink) {}

    void line(std::string_view text, std::uint64_t number, bool terminated) override {
        // OpenMetrics ends with "# EOF" (a line break after it is optional). Any other last
        // line without a line break is where the file was cut: it may be a sample cut
        // short ("12" of "1234"), so it is not imported.
        if (dialect_ == ExpositionDialect::OpenMetrics && !terminated && !assembler_.sawEof() &&
            text != "# EOF") {
            cutLine_ = number;
            return;
        }
        assembler_.line(text, number);
    }
    void overlong(std::uint64_t number, std::size_t maxLine) override {
        const std::string location = "line " + std::to_string(number);
        sink_.reject(
            {location, "line longer than " + std::to_string(maxLine >> 20) + " MiB, skipped"});
    }
    std::uint64_t cutLine() const { return cutLine_; }

private:
    ExpositionDialect dialect_;
    ExpositionAssembler& assembler_;
    RecordSink& sink_;
    std::uint64_t cutLine_ = 0;
};

bool isBlank(std::string_view line) {
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace

std::int64_t fileModificationNs(const std::filesystem::path& file) {
    std::error_code error;
    const auto time = std::filesystem::last_write_time(file, error);
    if (error)
        return 0;
    const auto system = std::chrono::file_clock::to_sys(time);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(system.time_since_epoch()).count();
}

FileOutcome importExposition(ExpositionDialect dialect, const std::filesystem::path& file,
                             const ImportContext& context, RecordSink& sink) {
    FileOutcome outcome;
    try {
        File handle(std::fopen(file.c_str(), "rb"));
        if (!handle) {
            outcome.error = "cannot read " + file.filename().string() + ": " + std::strerror(errno);
            return outcome;
        }
        ExpositionAssembler assembler(dialect, context, sink, fileModificationNs(file));
        ExpositionLines lines(dialect, assembler, sink);
        const LineReadResult read = readLines(handle.get(), context, lines);
        assembler.finish();
        if (read.cancelled) {
            outcome.partial = true;
            outcome.error = "cancelled";
        } else if (!read.readError.empty()) {
            outcome.partial = true;
            outcome.error = "cannot read " + file.filename().string() + " after line " +
                            std::to_string(read.lines) + ": " + read.readError;
        } else if (dialect == ExpositionDialect::OpenMetrics && !assembler.sawEof()) {
            outcome.partial = true;
            if (lines.cutLine() != 0)
                outcome.error = "line " + std::to_string(lines.cutLine()) +
                                ": the file breaks off inside this line (no \"# EOF\"); the "
                                "line is not imported";
            else
                outcome.error = "line " + std::to_string(read.lines + 1) +
                                ": missing \"# EOF\" at the end (the file may have been cut)";
        }
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here (bad_alloc); bad data is handled as values.
        outcome.partial = true;
        outcome.error = std::string("import failed: ") + e.what();
    }
    return outcome;
}

ExpositionShape classifyExposition(std::string_view head) {
    if (startsWith(head, "\xEF\xBB\xBF"))
        head.remove_prefix(3);
    std::size_t descriptors = 0, samples = 0;
    bool openMetrics = false;
    std::string family;
    MetricType familyType = MetricType::Unknown;
    bool typed = false;
    ExpositionSample sample;
    ExpositionComment comment;
    std::string scratch;
    std::size_t pos = 0;
    while (pos < head.size()) {
        const std::size_t newline = head.find('\n', pos);
        const bool complete = newline != std::string_view::npos;
        std::string_view line = head.substr(pos, complete ? newline - pos : std::string_view::npos);
        pos = complete ? newline + 1 : head.size();
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (isBlank(line))
            continue;
        const std::size_t first = line.find_first_not_of(" \t");
        if (line[first] == '#') {
            if (line == "# EOF" || startsWith(line, "# UNIT ")) {
                openMetrics = true;
                ++descriptors;
                continue;
            }
            if (parseCommentLine(line, ExpositionDialect::Prometheus, comment)) {
                if (!complete)
                    break;
                return ExpositionShape::None;
            }
            if (comment.kind == CommentKind::Help || comment.kind == CommentKind::Type) {
                ++descriptors;
                if (family != comment.name) {
                    family.assign(comment.name);
                    typed = false;
                }
            }
            if (comment.kind == CommentKind::Type) {
                auto type = parseMetricType(comment.text, ExpositionDialect::OpenMetrics);
                if (type == MetricType::Info || type == MetricType::StateSet ||
                    type == MetricType::GaugeHistogram)
                    openMetrics = true;
                if (!type)
                    type = parseMetricType(comment.text, ExpositionDialect::Prometheus);
                typed = type.has_value();
                familyType = type.value_or(MetricType::Unknown);
            }
            continue;
        }
        if (!parseSampleLine(line, ExpositionDialect::Prometheus, sample, scratch)) {
            ++samples;
        } else if (!parseSampleLine(line, ExpositionDialect::OpenMetrics, sample, scratch)) {
            ++samples; // an exemplar, or a timestamp in seconds
            openMetrics = true;
        } else {
            if (!complete)
                break; // the head ends inside this line
            return ExpositionShape::None;
        }
        if (typed && sample.name.size() > family.size() && startsWith(sample.name, family)) {
            const std::string_view suffix = sample.name.substr(family.size());
            if ((familyType == MetricType::Counter &&
                 (suffix == "_total" || suffix == "_created")) ||
                ((familyType == MetricType::Histogram || familyType == MetricType::Summary) &&
                 suffix == "_created"))
                openMetrics = true;
        }
    }
    if (samples == 0 && descriptors == 0)
        return ExpositionShape::None;
    return openMetrics ? ExpositionShape::OpenMetrics : ExpositionShape::PrometheusText;
}

} // namespace casebook
