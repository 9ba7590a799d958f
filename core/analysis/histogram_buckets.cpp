#include "core/analysis/histogram_buckets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace casebook {
namespace {

// The explicit shape is the common one and parsed often (every point of a chart), so it
// is read directly; anything else goes through nlohmann.
class NumberListReader {
public:
    explicit NumberListReader(std::string_view text) : text_(text) {}

    bool expect(std::string_view literal) {
        skipSpace();
        if (text_.substr(pos_, literal.size()) != literal)
            return false;
        pos_ += literal.size();
        return true;
    }
    bool numbers(std::vector<double>& out) {
        if (!expect("["))
            return false;
        skipSpace();
        if (expect("]"))
            return true;
        for (;;) {
            skipSpace();
            double v = 0;
            const char* begin = text_.data() + pos_;
            const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), v);
            if (ec != std::errc())
                return false;
            pos_ += static_cast<std::size_t>(end - begin);
            out.push_back(v);
            if (expect("]"))
                return true;
            if (!expect(","))
                return false;
        }
    }
    bool atEnd() {
        skipSpace();
        return pos_ == text_.size();
    }

private:
    void skipSpace() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                       text_[pos_] == '\t' || text_[pos_] == '\r'))
            ++pos_;
    }
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<BucketDistribution> fastExplicit(std::string_view json) {
    NumberListReader r(json);
    BucketDistribution d;
    if (!r.expect("{") || !r.expect("\"bounds\"") || !r.expect(":") || !r.numbers(d.bounds) ||
        !r.expect(",") || !r.expect("\"counts\"") || !r.expect(":") || !r.numbers(d.counts) ||
        !r.expect("}") || !r.atEnd())
        return std::nullopt;
    return d;
}

bool validExplicit(const BucketDistribution& d) {
    if (d.counts.size() != d.bounds.size() + 1)
        return false;
    for (std::size_t i = 0; i < d.bounds.size(); ++i)
        if (!std::isfinite(d.bounds[i]) || (i > 0 && d.bounds[i] <= d.bounds[i - 1]))
            return false;
    return std::all_of(d.counts.begin(), d.counts.end(),
                       [](double c) { return std::isfinite(c) && c >= 0; });
}

double number(const nlohmann::json& v, double fallback) {
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        const auto s = v.get<std::string>();
        double out = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (ec == std::errc() && end == s.data() + s.size())
            return out;
    }
    return fallback;
}

// Exponential buckets: index i covers (base^i, base^(i+1)] with base = 2^(2^-scale).
std::optional<BucketDistribution> fromExponential(const nlohmann::json& j) {
    const int scale = static_cast<int>(number(j.value("scale", nlohmann::json(0)), 0));
    if (scale < -10 || scale > 20)
        return std::nullopt;
    const double base = std::pow(2.0, std::pow(2.0, -scale));
    BucketDistribution d;
    // Negative observations first (largest magnitude first), then zero, then positive.
    auto side = [&](const char* key) -> std::pair<long long, std::vector<double>> {
        std::pair<long long, std::vector<double>> out{0, {}};
        const auto it = j.find(key);
        if (it == j.end() || !it->is_object())
            return out;
        out.first = static_cast<long long>(number(it->value("offset", nlohmann::json(0)), 0));
        const auto counts = it->find("bucketCounts");
        if (counts != it->end() && counts->is_array())
            for (const auto& c : *counts)
                out.second.push_back(std::max(0.0, number(c, 0)));
        return out;
    };
    const auto negative = side("negative");
    const auto positive = side("positive");
    if (negative.second.size() + positive.second.size() > 100000)
        return std::nullopt;
    for (std::size_t k = negative.second.size(); k-- > 0;) {
        // Bucket offset+k covers [-base^(i+1), -base^i); its upper bound is -base^i.
        d.bounds.push_back(
            -std::pow(base, static_cast<double>(negative.first) + static_cast<double>(k)));
        d.counts.push_back(negative.second[k]);
    }
    d.bounds.push_back(0);
    d.counts.push_back(std::max(0.0, number(j.value("zeroCount", nlohmann::json(0)), 0)));
    if (!positive.second.empty()) {
        // An empty bucket up to the first positive bucket's lower edge keeps the
        // interpolation inside that bucket exact.
        d.bounds.push_back(std::pow(base, static_cast<double>(positive.first)));
        d.counts.push_back(0);
    }
    for (std::size_t k = 0; k < positive.second.size(); ++k) {
        d.bounds.push_back(
            std::pow(base, static_cast<double>(positive.first) + static_cast<double>(k) + 1));
        d.counts.push_back(positive.second[k]);
    }
    d.counts.push_back(0); // +Inf
    // Bounds must increase; an enormous scale can make neighbours equal in double.
    for (std::size_t i = 1; i < d.bounds.size(); ++i)
        if (!(d.bounds[i] > d.bounds[i - 1]) || !std::isfinite(d.bounds[i]))
            return std::nullopt;
    return d;
}

} // namespace

double BucketDistribution::total() const {
    double sum = 0;
    for (double c : counts)
        sum += c;
    return sum;
}

void BucketDistribution::add(const BucketDistribution& other) {
    if (other.empty())
        return;
    if (empty()) {
        *this = other;
        return;
    }
    if (other.bounds == bounds) {
        for (std::size_t i = 0; i < counts.size(); ++i)
            counts[i] += other.counts[i];
        return;
    }
    for (std::size_t i = 0; i < other.counts.size(); ++i) {
        const double upper = i < other.bounds.size() ? other.bounds[i] : INFINITY;
        const auto at = std::lower_bound(bounds.begin(), bounds.end(), upper) - bounds.begin();
        counts[static_cast<std::size_t>(at)] += other.counts[i];
    }
}

bool BucketDistribution::subtract(const BucketDistribution& previous) {
    if (previous.bounds != bounds)
        return false;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (counts[i] < previous.counts[i])
            return false;
    for (std::size_t i = 0; i < counts.size(); ++i)
        counts[i] -= previous.counts[i];
    return true;
}

std::optional<double> BucketDistribution::quantile(double q) const {
    const double n = total();
    if (n <= 0 || counts.empty() || !(q >= 0 && q <= 1))
        return std::nullopt;
    const double rank = q * n;
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] <= 0 || seen + counts[i] < rank) {
            seen += counts[i];
            continue;
        }
        if (i == bounds.size()) // +Inf bucket
            return bounds.empty() ? std::nullopt : std::optional<double>(bounds.back());
        const double upper = bounds[i];
        const double lower = i > 0 ? bounds[i - 1] : std::min(0.0, upper);
        return lower + (upper - lower) * ((rank - seen) / counts[i]);
    }
    return bounds.empty() ? std::nullopt : std::optional<double>(bounds.back());
}

double BucketDistribution::countAtOrBelow(double threshold) const {
    double seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i == bounds.size())
            return seen; // the +Inf bucket lies above every finite threshold
        const double upper = bounds[i];
        if (threshold >= upper) {
            seen += counts[i];
            continue;
        }
        const double lower = i > 0 ? bounds[i - 1] : std::min(0.0, upper);
        if (threshold > lower)
            seen += counts[i] * (threshold - lower) / (upper - lower);
        return seen;
    }
    return seen;
}

std::optional<double> SummaryQuantiles::nearest(double q) const {
    std::optional<double> best;
    double distance = 0.05;
    for (const auto& [quantile, value] : quantiles) {
        const double d = std::abs(quantile - q);
        if (d <= distance && std::isfinite(value)) {
            distance = d;
            best = value;
        }
    }
    return best;
}

std::optional<BucketDistribution> parseBucketDistribution(std::string_view json) {
    if (auto fast = fastExplicit(json))
        return validExplicit(*fast) ? fast : std::nullopt;
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return std::nullopt;
    if (j.contains("bounds") && j.contains("counts")) {
        BucketDistribution d;
        if (!j["bounds"].is_array() || !j["counts"].is_array())
            return std::nullopt;
        for (const auto& b : j["bounds"])
            d.bounds.push_back(number(b, NAN));
        for (const auto& c : j["counts"])
            d.counts.push_back(number(c, NAN));
        return validExplicit(d) ? std::optional<BucketDistribution>(std::move(d)) : std::nullopt;
    }
    if (j.contains("scale") || j.contains("positive") || j.contains("zeroCount"))
        return fromExponential(j);
    return std::nullopt;
}

std::optional<SummaryQuantiles> parseSummaryQuantiles(std::string_view json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("quantiles") ||
        !j["quantiles"].is_array())
        return std::nullopt;
    SummaryQuantiles s;
    for (const auto& e : j["quantiles"]) {
        if (!e.is_object())
            continue;
        const double q = number(e.value("quantile", nlohmann::json()), NAN);
        const double v = number(e.value("value", nlohmann::json()), NAN);
        if (std::isfinite(q) && std::isfinite(v))
            s.quantiles.emplace_back(q, v);
    }
    std::sort(s.quantiles.begin(), s.quantiles.end());
    return s;
}

std::string bucketDistributionJson(const BucketDistribution& d) {
    std::string out = "{\"bounds\":[";
    char buf[32];
    auto append = [&](double v) {
        const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, ec == std::errc() ? end : buf);
    };
    for (std::size_t i = 0; i < d.bounds.size(); ++i) {
        if (i)
            out.push_back(',');
        append(d.bounds[i]);
    }
    out += "],\"counts\":[";
    for (std::size_t i = 0; i < d.counts.size(); ++i) {
        if (i)
            out.push_back(',');
        append(d.counts[i]);
    }
    out += "]}";
    return out;
}

} // namespace casebook
