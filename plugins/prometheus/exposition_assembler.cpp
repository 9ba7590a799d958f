#include "plugins/prometheus/exposition_assembler.h"

#include <cmath>
#include <cstring>
#include <functional>
#include <span>

namespace casebook {
namespace {

constexpr double kMaxCount = 18446744073709551615.0; // uint64 max, as a double
constexpr std::size_t kMaxDeclared = 100'000;

bool isCount(double value) {
    return std::isfinite(value) && value >= 0 && value < kMaxCount && value == std::floor(value);
}

std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

// Names of closed families are kept as 64-bit hashes: a set of strings costs more than
// the rest of the import for a file of many small families, and a false clash needs a
// collision among a few thousand names (odds about 1 in 10^12).
std::uint64_t nameKey(std::string_view name) {
    return mix(std::hash<std::string_view>{}(name));
}

// The suffixed names an OpenMetrics family of a type owns besides its own name.
std::span<const std::string_view> openMetricsSuffixes(MetricType type) {
    static constexpr std::string_view counter[] = {"_total", "_created"};
    static constexpr std::string_view summary[] = {"_count", "_sum", "_created"};
    static constexpr std::string_view histogram[] = {"_count", "_sum", "_bucket", "_created"};
    static constexpr std::string_view gaugeHistogram[] = {"_gcount", "_gsum", "_bucket"};
    static constexpr std::string_view info[] = {"_info"};
    switch (type) {
    case MetricType::Counter:
        return counter;
    case MetricType::Summary:
        return summary;
    case MetricType::Histogram:
        return histogram;
    case MetricType::GaugeHistogram:
        return gaugeHistogram;
    case MetricType::Info:
        return info;
    default:
        return {};
    }
}

// A number for reasons, written as the exposition writes it.
std::string numberText(double value) {
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value < 0 ? "-Inf" : "+Inf";
    std::string out;
    appendJsonNumber(out, value);
    return out;
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

} // namespace

ExpositionAssembler::ExpositionAssembler(ExpositionDialect dialect, const ImportContext& context,
                                         RecordSink& sink, std::int64_t defaultTimeNs)
    : dialect_(dialect), sink_(sink), defaultTimeNs_(defaultTimeNs), identity_(context.tenantKeys) {
    buckets_.reserve(256);
}

void ExpositionAssembler::reject(std::uint64_t lineNumber, std::string_view reason) {
    location_.assign("line ");
    location_.append(std::to_string(lineNumber));
    sink_.reject({location_, reason});
}

void ExpositionAssembler::rejectSample(Role role, std::uint64_t lineNumber,
                                       std::string_view reason) {
    if (role != Role::Value && role != Role::Info && role != Role::State) {
        haveRejectedKey_ = true;
        rejectedGroup_ = groupOf(role);
        rejectedTime_ = sample_.timeNs;
    }
    reject(lineNumber, reason);
}

void ExpositionAssembler::line(std::string_view text, std::uint64_t lineNumber) {
    if (eof_) {
        // Whatever follows "# EOF" is not part of the exposition: reported once.
        if (!afterEofReported_)
            reject(lineNumber, "text after # EOF (ignored)");
        afterEofReported_ = true;
        return;
    }
    if (dialect_ == ExpositionDialect::OpenMetrics) {
        if (text.empty()) {
            reject(lineNumber, "blank line (OpenMetrics has none)");
            return;
        }
        if (text[0] == '#')
            comment(text, lineNumber);
        else
            sample(text, lineNumber);
        return;
    }
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return;
    if (text[first] == '#')
        comment(text, lineNumber);
    else
        sample(text, lineNumber);
}

void ExpositionAssembler::finish() {
    closeFamily();
}

// ---- families -------------------------------------------------------------------------

void ExpositionAssembler::openFamily(std::string_view name, std::uint64_t lineNumber) {
    family_.open = true;
    family_.name.assign(name);
    family_.type = MetricType::Unknown;
    family_.typeSeen = family_.helpSeen = family_.unitSeen = false;
    family_.help.clear();
    family_.unit.clear();
    family_.hasSamples = false;
    family_.namesChecked = false;
    family_.rejected = false;
    family_.firstLine = lineNumber;
    family_.seenGroups.clear();
    family_.haveGroup = false;
    family_.group = 0;
    family_.groupTime.reset();
}

void ExpositionAssembler::closeFamily() {
    flushPending();
    if (!family_.open)
        return;
    if (dialect_ == ExpositionDialect::OpenMetrics) {
        if (!family_.namesChecked)
            checkNames(family_.firstLine);
        usedNames_.insert(nameKey(family_.name));
        for (std::string_view suffix : openMetricsSuffixes(family_.type)) {
            nameBuffer_.assign(family_.name).append(suffix);
            usedNames_.insert(nameKey(nameBuffer_));
        }
    }
    if (dialect_ == ExpositionDialect::Prometheus && (family_.typeSeen || family_.helpSeen) &&
        declared_.size() < kMaxDeclared)
        declared_[family_.name] = {family_.type, family_.help};
    family_.open = false;
    if (family_.seenGroups.size() > 1024)
        family_.seenGroups = {}; // a large family's table is not kept for the next
}

// Prometheus text: a sample of a family declared earlier, after other families, still
// has that family's type and help.
void ExpositionAssembler::recallFamily(std::string_view sampleName) {
    if (declared_.empty())
        return;
    std::string name(sampleName);
    auto found = declared_.find(name);
    if (found == declared_.end()) {
        for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
            if (sampleName.size() <= suffix.size() ||
                sampleName.substr(sampleName.size() - suffix.size()) != suffix)
                continue;
            name.assign(sampleName.substr(0, sampleName.size() - suffix.size()));
            found = declared_.find(name);
            const bool composite =
                found != declared_.end() &&
                (found->second.first == MetricType::Histogram ||
                 (found->second.first == MetricType::Summary && suffix != "_bucket"));
            if (composite)
                break;
            found = declared_.end();
        }
    }
    if (found == declared_.end())
        return;
    family_.name = found->first;
    family_.type = found->second.first;
    family_.typeSeen = true;
    family_.help = found->second.second;
    family_.helpSeen = !family_.help.empty();
}

// OpenMetrics: a family may not reuse a name of an earlier family ("a_created" as a gauge,
// then a counter "a"), nor come back after another family. Checked once its type is
// final: at its first sample, or at its end when it has none.
bool ExpositionAssembler::checkNames(std::uint64_t lineNumber) {
    family_.namesChecked = true;
    std::string_view clash;
    if (usedNames_.count(nameKey(family_.name))) {
        clash = family_.name;
    } else {
        for (std::string_view suffix : openMetricsSuffixes(family_.type)) {
            nameBuffer_.assign(family_.name).append(suffix);
            if (usedNames_.count(nameKey(nameBuffer_))) {
                clash = nameBuffer_;
                break;
            }
        }
    }
    if (clash.empty())
        return true;
    family_.rejected = true;
    reject(lineNumber, "metric family '" + family_.name + "' (" +
                           std::string(metricTypeName(family_.type)) + ") reuses the name '" +
                           std::string(clash) + "' of an earlier family; its samples are skipped");
    return false;
}

void ExpositionAssembler::comment(std::string_view text, std::uint64_t lineNumber) {
    ExpositionComment parsed;
    if (auto error = parseCommentLine(text, dialect_, parsed)) {
        reject(lineNumber, *error);
        return;
    }
    if (parsed.kind == CommentKind::Comment)
        return;
    if (parsed.kind == CommentKind::Eof) {
        closeFamily();
        eof_ = true;
        return;
    }
    const bool om = dialect_ == ExpositionDialect::OpenMetrics;
    const std::string_view keyword = parsed.kind == CommentKind::Help   ? "HELP"
                                     : parsed.kind == CommentKind::Type ? "TYPE"
                                                                        : "UNIT";
    if (!family_.open || parsed.name != family_.name) {
        closeFamily();
        openFamily(parsed.name, lineNumber);
    } else if (family_.hasSamples && (om || parsed.kind == CommentKind::Type)) {
        reject(lineNumber,
               "# " + std::string(keyword) + " for '" + family_.name + "' after its samples");
        return;
    }
    switch (parsed.kind) {
    case CommentKind::Help:
        if (family_.helpSeen) {
            reject(lineNumber, "second # HELP for '" + family_.name + "'");
            return;
        }
        family_.helpSeen = true;
        family_.help = unescapeHelp(parsed.text, dialect_);
        return;
    case CommentKind::Type: {
        if (family_.typeSeen) {
            reject(lineNumber, "second # TYPE for '" + family_.name + "'");
            return;
        }
        const auto type = parseMetricType(parsed.text, dialect_);
        if (!type) {
            reject(lineNumber, "unknown metric type '" + std::string(parsed.text) + "'");
            return;
        }
        if (!family_.unit.empty() && (*type == MetricType::Info || *type == MetricType::StateSet)) {
            reject(lineNumber, "a metric of type " + std::string(metricTypeName(*type)) +
                                   " has no unit, but '" + family_.name + "' has one");
            return;
        }
        family_.typeSeen = true;
        family_.type = *type;
        return;
    }
    case CommentKind::Unit: {
        if (family_.unitSeen) {
            reject(lineNumber, "second # UNIT for '" + family_.name + "'");
            return;
        }
        const std::string_view unit = parsed.text;
        if (!unit.empty() && !isMetricName("_" + std::string(unit))) {
            reject(lineNumber, "invalid unit '" + std::string(unit) + "'");
            return;
        }
        const std::string suffix = "_" + std::string(unit);
        if (!unit.empty() && (family_.name.size() <= suffix.size() ||
                              family_.name.compare(family_.name.size() - suffix.size(),
                                                   suffix.size(), suffix) != 0)) {
            reject(lineNumber, "metric name '" + family_.name + "' does not end with its unit '" +
                                   suffix + "'");
            return;
        }
        if (!unit.empty() &&
            (family_.type == MetricType::Info || family_.type == MetricType::StateSet)) {
            reject(lineNumber, "a metric of type " + std::string(metricTypeName(family_.type)) +
                                   " has no unit");
            return;
        }
        family_.unitSeen = true;
        family_.unit.assign(unit);
        return;
    }
    case CommentKind::Comment:
    case CommentKind::Eof:
        return;
    }
}

// Which sample of its family a name is, or none when it starts another family.
std::optional<ExpositionAssembler::Role>
ExpositionAssembler::roleOf(std::string_view sampleName) const {
    if (!startsWith(sampleName, family_.name))
        return std::nullopt;
    const std::string_view suffix = sampleName.substr(family_.name.size());
    if (dialect_ == ExpositionDialect::Prometheus) {
        switch (family_.type) {
        case MetricType::Counter:
            return suffix.empty() ? std::optional(Role::Total) : std::nullopt;
        case MetricType::Summary:
            if (suffix.empty())
                return Role::Quantile;
            if (suffix == "_count")
                return Role::Count;
            if (suffix == "_sum")
                return Role::Sum;
            return std::nullopt;
        case MetricType::Histogram:
            if (suffix == "_bucket")
                return Role::Bucket;
            if (suffix == "_count")
                return Role::Count;
            if (suffix == "_sum")
                return Role::Sum;
            return std::nullopt;
        default:
            return suffix.empty() ? std::optional(Role::Value) : std::nullopt;
        }
    }
    switch (family_.type) {
    case MetricType::Counter:
        if (suffix == "_total")
            return Role::Total;
        if (suffix == "_created")
            return Role::Created;
        return std::nullopt;
    case MetricType::Summary:
        if (suffix.empty())
            return Role::Quantile;
        if (suffix == "_count")
            return Role::Count;
        if (suffix == "_sum")
            return Role::Sum;
        if (suffix == "_created")
            return Role::Created;
        return std::nullopt;
    case MetricType::Histogram:
        if (suffix == "_bucket")
            return Role::Bucket;
        if (suffix == "_count")
            return Role::Count;
        if (suffix == "_sum")
            return Role::Sum;
        if (suffix == "_created")
            return Role::Created;
        return std::nullopt;
    case MetricType::GaugeHistogram:
        if (suffix == "_bucket")
            return Role::Bucket;
        if (suffix == "_gcount")
            return Role::GCount;
        if (suffix == "_gsum")
            return Role::GSum;
        return std::nullopt;
    case MetricType::Info:
        return suffix == "_info" ? std::optional(Role::Info) : std::nullopt;
    case MetricType::StateSet:
        return suffix.empty() ? std::optional(Role::State) : std::nullopt;
    case MetricType::Gauge:
    case MetricType::Unknown:
        return suffix.empty() ? std::optional(Role::Value) : std::nullopt;
    }
    return std::nullopt;
}

// ---- samples --------------------------------------------------------------------------

std::optional<std::string> ExpositionAssembler::parseSample(std::string_view text) {
    const std::string& key = series_.text;
    if (!key.empty() && text.size() >= key.size() &&
        std::memcmp(text.data(), key.data(), key.size()) == 0) {
        // The same bytes up to '}' parse to the same name and labels: only the rest is new.
        sample_.name = series_.name;
        sample_.labels = series_.labels;
        sample_.seriesEnd = key.size();
        scratch_.clear();
        if (scratch_.capacity() < text.size())
            scratch_.reserve(text.size());
        seriesCurrent_ = true;
        missRun_ = 0;
        return parseSampleRest(text, key.size(), dialect_, sample_, scratch_);
    }
    seriesCurrent_ = false;
    auto error = parseSampleLine(text, dialect_, sample_, scratch_);
    // A scrape has each series once, and copying every one would cost it a tenth of its
    // time: after a run of lines that repeated nothing, only every 16th is remembered,
    // which finds a file of repeated series again within 16 lines.
    ++missRun_;
    if (!error && sample_.seriesEnd != 0 && (missRun_ <= 16 || missRun_ % 16 == 0))
        rememberSeries(text);
    return error;
}

void ExpositionAssembler::rememberSeries(std::string_view text) {
    Series& s = series_;
    s.text.assign(text.substr(0, sample_.seriesEnd));
    s.escaped.assign(scratch_);
    // Views into the line or into scratch_ become views into the owned copies.
    auto own = [&](std::string_view view) -> std::string_view {
        if (view.empty())
            return {};
        if (view.data() >= text.data() && view.data() < text.data() + s.text.size())
            return {s.text.data() + (view.data() - text.data()), view.size()};
        return {s.escaped.data() + (view.data() - scratch_.data()), view.size()};
    };
    s.name = own(sample_.name);
    s.labels.resize(sample_.labels.size());
    for (std::size_t i = 0; i < s.labels.size(); ++i)
        s.labels[i] = {own(sample_.labels[i].name), own(sample_.labels[i].value)};
    s.inIdentity = false;
    s.haveGroup = false;
    sample_.name = s.name;
    sample_.labels = s.labels;
    seriesCurrent_ = true;
}

// groupOf() for the current sample, reused while the series stays the same.
std::uint64_t ExpositionAssembler::currentGroup(Role role) {
    if (!seriesCurrent_)
        return groupOf(role);
    if (!series_.haveGroup || series_.groupRole != role) {
        series_.group = groupOf(role);
        series_.groupRole = role;
        series_.haveGroup = true;
    }
    return series_.group;
}

void ExpositionAssembler::sample(std::string_view text, std::uint64_t lineNumber) {
    if (auto error = parseSample(text)) {
        reject(lineNumber, *error);
        return;
    }
    auto role = family_.open ? roleOf(sample_.name) : std::nullopt;
    if (!role) {
        closeFamily();
        openFamily(sample_.name, lineNumber);
        if (dialect_ == ExpositionDialect::Prometheus) {
            recallFamily(sample_.name);
            role = roleOf(sample_.name);
            if (!role)
                openFamily(sample_.name, lineNumber); // declared as a type it cannot be
        }
        role = roleOf(sample_.name);
    }
    if (dialect_ == ExpositionDialect::OpenMetrics && !family_.namesChecked)
        checkNames(lineNumber);
    if (family_.rejected)
        return;
    family_.hasSamples = true;
    if (auto error = checkSample(*role, lineNumber)) {
        rejectSample(*role, lineNumber, *error);
        return;
    }
    if (dialect_ == ExpositionDialect::OpenMetrics) {
        if (auto error = checkGroup(*role)) {
            rejectSample(*role, lineNumber, *error);
            return;
        }
    }
    switch (*role) {
    case Role::Value:
    case Role::Info:
    case Role::State:
        emitNow(MetricKind::Gauge);
        return;
    case Role::Total:
        if (dialect_ == ExpositionDialect::Prometheus) {
            emitNow(MetricKind::Sum);
            return;
        }
        break;
    default:
        break;
    }
    addToPending(*role, lineNumber);
}

std::string_view ExpositionAssembler::groupSkipLabel(Role role) const {
    switch (role) {
    case Role::Bucket:
        return "le";
    case Role::Quantile:
        return "quantile";
    case Role::State:
        return family_.name;
    default:
        return {};
    }
}

// The metric (label set) a sample belongs to, without le / quantile / the state label,
// independent of label order.
std::uint64_t ExpositionAssembler::groupOf(Role role) const {
    if (role == Role::Info)
        return 0; // as the conformance suite's reference parser: one group per info family
    const std::string_view skip = groupSkipLabel(role);
    std::uint64_t sum = 0x9e3779b97f4a7c15ULL;
    for (const auto& label : sample_.labels) {
        if (!skip.empty() && label.name == skip)
            continue;
        const std::hash<std::string_view> hash;
        sum += mix(hash(label.name) ^ mix(hash(label.value) + 1));
    }
    return mix(sum);
}

std::string ExpositionAssembler::describeMetric() const {
    std::string text(sample_.name);
    if (!sample_.labels.empty()) {
        text.push_back('{');
        for (std::size_t i = 0; i < sample_.labels.size() && i < 4; ++i) {
            if (i)
                text.push_back(',');
            text.append(sample_.labels[i].name).append("=\"");
            text.append(sample_.labels[i].value.substr(0, 40)).push_back('"');
        }
        if (sample_.labels.size() > 4)
            text.append(",...");
        text.push_back('}');
    }
    return text;
}

// The rules for one sample of its role; also finds le, quantile and created time.
std::optional<std::string> ExpositionAssembler::checkSample(Role role, std::uint64_t) {
    const bool om = dialect_ == ExpositionDialect::OpenMetrics;
    const double value = sample_.value;
    auto label = [&](std::string_view name) -> const ExpositionLabel* {
        for (const auto& l : sample_.labels)
            if (l.name == name)
                return &l;
        return nullptr;
    };
    if (sample_.hasExemplar &&
        !(role == Role::Bucket || (role == Role::Total && family_.type == MetricType::Counter)))
        return std::string("exemplars are allowed only on histogram buckets and counter totals");
    switch (role) {
    case Role::Value:
        return std::nullopt;
    case Role::Total:
        if (om && std::isnan(value))
            return std::string("counter value is NaN");
        if (om && value < 0)
            return "counter value " + numberText(value) + " is negative";
        return std::nullopt;
    case Role::Created: {
        if (decimalSecondsToNs(sample_.valueText, createdNs_) != TimeParse::Ok)
            return "invalid _created time " + std::string(sample_.valueText.substr(0, 40));
        return std::nullopt;
    }
    case Role::Bucket: {
        const auto* le = label("le");
        if (!le)
            return std::string("bucket without an le label");
        const auto bound = parseSampleValue(le->value);
        if (!bound || std::isnan(*bound))
            return "invalid bucket bound le=\"" + std::string(le->value.substr(0, 40)) + "\"";
        if (om && std::isinf(*bound) && le->value != "+Inf" && le->value != "-Inf")
            return "bucket bound le=\"" + std::string(le->value) +
                   "\" is not written as +Inf / -Inf";
        if (!isCount(value))
            return "bucket count " + numberText(value) + " is not a non-negative integer";
        le_ = *bound;
        return std::nullopt;
    }
    case Role::Count:
    case Role::GCount:
        if (!isCount(value))
            return "count " + numberText(value) + " is not a non-negative integer";
        return std::nullopt;
    case Role::Sum:
        if (om && std::isnan(value))
            return std::string("_sum is NaN");
        if (om && value < 0)
            return "_sum " + numberText(value) + " is negative";
        return std::nullopt;
    case Role::GSum:
        if (std::isnan(value))
            return std::string("_gsum is NaN");
        return std::nullopt;
    case Role::Quantile: {
        const auto* q = label("quantile");
        if (!q)
            return "summary sample without a quantile label: " + describeMetric();
        const auto parsed = parseSampleValue(q->value);
        if (!parsed || !(*parsed >= 0 && *parsed <= 1))
            return "invalid quantile=\"" + std::string(q->value.substr(0, 40)) +
                   "\" (a number from 0 to 1)";
        if (om && value < 0)
            return "quantile value " + numberText(value) + " is negative";
        quantile_ = *parsed;
        return std::nullopt;
    }
    case Role::Info:
        if (value != 1)
            return "info value " + numberText(value) + " is not 1";
        return std::nullopt;
    case Role::State:
        if (!label(family_.name))
            return "stateset sample without its '" + family_.name + "' label";
        if (value != 0 && value != 1)
            return "stateset value " + numberText(value) + " is neither 0 nor 1";
        return std::nullopt;
    }
    return std::nullopt;
}

// OpenMetrics: the samples of one metric come together, all with a timestamp or none,
// and their timestamps do not go back.
std::optional<std::string> ExpositionAssembler::checkGroup(Role role) {
    const std::uint64_t group = currentGroup(role);
    const auto& time = sample_.timeNs;
    if (!family_.haveGroup || group != family_.group) {
        if (!family_.seenGroups.insert(group).second)
            return "samples of " + describeMetric() +
                   " come back after another metric of the family (they must be together)";
        family_.haveGroup = true;
        family_.group = group;
        family_.groupTime = time;
        return std::nullopt;
    }
    if (time.has_value() != family_.groupTime.has_value())
        return "samples of one metric with and without timestamps: " + describeMetric();
    if (time && *time < *family_.groupTime && family_.type != MetricType::Info)
        return "timestamp goes back within " + describeMetric();
    family_.groupTime = time;
    return std::nullopt;
}

// ---- points ---------------------------------------------------------------------------

void ExpositionAssembler::emit(MetricPoint& point) {
    point.description = family_.help;
    point.unit = family_.unit;
    point.resourceJson = "{}";
    sink_.addMetricPoint(point);
    ++points_;
}

void ExpositionAssembler::emitNow(MetricKind kind) {
    MetricPoint point;
    if (seriesCurrent_) {
        // Built once per series, and left in identity_ (not copied: a scrape has most
        // series once) until something else needs identity_.
        if (!series_.inIdentity) {
            identity_.begin();
            for (const auto& label : series_.labels)
                identity_.add(label.name, label.value);
            identity_.end();
            series_.inIdentity = true;
        }
        point.labelsJson = identity_.json();
        point.service = identity_.service(); // views into the series' own text
        point.tenant = identity_.tenant();
    } else {
        series_.inIdentity = false;
        identity_.begin();
        for (const auto& label : sample_.labels)
            identity_.add(label.name, label.value);
        point.labelsJson = identity_.end();
        point.service = identity_.service();
        point.tenant = identity_.tenant();
    }
    point.name = sample_.name;
    point.kind = kind;
    if (kind == MetricKind::Sum) {
        point.monotonic = true;
        point.temporality = 2;
    }
    point.timeNs = sample_.timeNs.value_or(defaultTimeNs_);
    point.value = sample_.value;
    emit(point);
}

void ExpositionAssembler::addToPending(Role role, std::uint64_t lineNumber) {
    const std::uint64_t group =
        dialect_ == ExpositionDialect::OpenMetrics ? family_.group : groupOf(role);
    Pending& p = pending_;
    if (!p.active || p.group != group || p.timeNs != sample_.timeNs) {
        flushPending();
        p.active = true;
        p.group = group;
        p.timeNs = sample_.timeNs;
        p.firstLine = lineNumber;
        const std::string_view skip = groupSkipLabel(role);
        series_.inIdentity = false;
        identity_.begin();
        for (const auto& label : sample_.labels)
            if (skip.empty() || label.name != skip)
                identity_.add(label.name, label.value);
        p.labelsJson = identity_.end();
        p.service.assign(identity_.service());
        p.tenant.assign(identity_.tenant());
        p.buckets.clear();
        p.quantiles.clear();
        p.total.reset();
        p.sum.reset();
        p.count.reset();
        p.createdNs.reset();
    }
    const double value = sample_.value;
    switch (role) {
    case Role::Total:
        p.total = value;
        return;
    case Role::Created:
        p.createdNs = createdNs_;
        return;
    case Role::Bucket:
        if (!p.buckets.empty()) {
            const auto& last = p.buckets.back();
            if (le_ <= last.le) {
                rejectSample(role, lineNumber,
                             "bucket le=" + numberText(le_) + " after le=" + numberText(last.le) +
                                 " (bounds must increase)");
                return;
            }
            if (value < last.cumulative) {
                rejectSample(role, lineNumber,
                             "bucket le=" + numberText(le_) + " counts " + numberText(value) +
                                 ", fewer than le=" + numberText(last.le) +
                                 " (buckets are cumulative)");
                return;
            }
        }
        p.buckets.push_back({le_, value});
        return;
    case Role::Count:
    case Role::GCount:
        p.count = value;
        p.countLine = lineNumber;
        return;
    case Role::Sum:
    case Role::GSum:
        p.sum = value;
        p.sumLine = lineNumber;
        return;
    case Role::Quantile:
        p.quantiles.emplace_back(quantile_, value);
        return;
    case Role::Value:
    case Role::Info:
    case Role::State:
        return;
    }
}

void ExpositionAssembler::flushPending() {
    if (!pending_.active)
        return;
    pending_.active = false;
    const Pending& p = pending_;
    MetricPoint point;
    switch (family_.type) {
    case MetricType::Counter:
        if (!p.total)
            return; // only _created: nothing to plot
        emitName_ = family_.name + "_total";
        point.name = emitName_;
        point.kind = MetricKind::Sum;
        point.monotonic = true;
        point.temporality = 2;
        point.value = p.total;
        break;
    case MetricType::Summary: {
        if (p.quantiles.empty() && !p.sum && !p.count)
            return;
        point.name = family_.name;
        point.kind = MetricKind::Summary;
        point.value = p.sum;
        if (p.count)
            point.count = static_cast<std::uint64_t>(*p.count);
        buckets_.assign("{\"quantiles\":[");
        for (std::size_t i = 0; i < p.quantiles.size(); ++i) {
            if (i)
                buckets_.push_back(',');
            buckets_.append("{\"quantile\":");
            appendJsonNumber(buckets_, p.quantiles[i].first);
            buckets_.append(",\"value\":");
            appendJsonNumber(buckets_, p.quantiles[i].second);
            buckets_.push_back('}');
        }
        buckets_.append("]}");
        point.bucketsJson = buckets_;
        break;
    }
    case MetricType::Histogram:
    case MetricType::GaugeHistogram:
        flushHistogram();
        return;
    default:
        return;
    }
    point.labelsJson = p.labelsJson;
    point.service = p.service;
    point.tenant = p.tenant;
    point.timeNs = p.timeNs.value_or(defaultTimeNs_);
    point.startNs = p.createdNs.value_or(0);
    emit(point);
}

void ExpositionAssembler::flushHistogram() {
    Pending& p = pending_;
    const bool om = dialect_ == ExpositionDialect::OpenMetrics;
    const bool gauge = family_.type == MetricType::GaugeHistogram;
    const std::string_view countName = gauge ? "_gcount" : "_count";
    const std::string_view sumName = gauge ? "_gsum" : "_sum";
    const std::string what = (gauge ? "gauge histogram '" : "histogram '") + family_.name + "'";

    const bool hasInf =
        !p.buckets.empty() && std::isinf(p.buckets.back().le) && p.buckets.back().le > 0;
    double total = 0;
    bool impliedInf = false;
    if (hasInf) {
        total = p.buckets.back().cumulative;
    } else if (!om && p.count && (p.buckets.empty() || *p.count >= p.buckets.back().cumulative)) {
        total = *p.count; // Prometheus text: the +Inf bucket is implied by _count
        impliedInf = true;
    } else {
        reject(p.firstLine, what + " has no +Inf bucket" +
                                (om ? std::string() : std::string(" (nor a _count to imply it)")) +
                                "; its point is skipped");
        return;
    }
    bool countRejected = false;
    if (p.count && *p.count != total) {
        reject(p.countLine, std::string(countName) + " " + numberText(*p.count) +
                                " differs from the +Inf bucket " + numberText(total));
        countRejected = true;
    }
    const bool damaged = haveRejectedKey_ && rejectedGroup_ == p.group && rejectedTime_ == p.timeNs;
    if (om) {
        bool negativeBuckets = false;
        for (const auto& bucket : p.buckets)
            negativeBuckets = negativeBuckets || bucket.le < 0;
        if (p.sum && !p.count && !damaged) {
            reject(p.sumLine, std::string(sumName) + " without " + std::string(countName));
            p.sum.reset();
        } else if (p.count && !p.sum && !countRejected && !damaged) {
            reject(p.countLine, std::string(countName) + " without " + std::string(sumName));
        } else if (p.sum && !gauge && negativeBuckets) {
            reject(p.sumLine, "_sum on a histogram with negative buckets (OpenMetrics allows "
                              "none: the sum would not be a counter)");
            p.sum.reset();
        } else if (p.sum && gauge && !negativeBuckets && *p.sum < 0) {
            reject(p.sumLine, "negative _gsum on a gauge histogram without negative buckets");
            p.sum.reset();
        }
    }

    // Bounds without +Inf; counts per bucket (not cumulative), the last one for +Inf.
    buckets_.assign("{\"bounds\":[");
    const std::size_t finite = impliedInf ? p.buckets.size() : p.buckets.size() - 1;
    for (std::size_t i = 0; i < finite; ++i) {
        if (i)
            buckets_.push_back(',');
        appendJsonNumber(buckets_, p.buckets[i].le);
    }
    buckets_.append("],\"counts\":[");
    double previous = 0;
    for (std::size_t i = 0; i < finite; ++i) {
        appendJsonUnsigned(buckets_,
                           static_cast<std::uint64_t>(p.buckets[i].cumulative - previous));
        buckets_.push_back(',');
        previous = p.buckets[i].cumulative;
    }
    appendJsonUnsigned(buckets_, static_cast<std::uint64_t>(total - previous));
    buckets_.append("]}");

    MetricPoint point;
    point.name = family_.name;
    point.kind = MetricKind::Histogram;
    point.temporality = gauge ? 0 : 2;
    point.count = static_cast<std::uint64_t>(total);
    point.value = p.sum;
    point.bucketsJson = buckets_;
    point.labelsJson = p.labelsJson;
    point.service = p.service;
    point.tenant = p.tenant;
    point.timeNs = p.timeNs.value_or(defaultTimeNs_);
    point.startNs = p.createdNs.value_or(0);
    emit(point);
}

} // namespace casebook
