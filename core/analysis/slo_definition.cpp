#include "core/analysis/slo_definition.h"

#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace casebook {
namespace {

using nlohmann::json;

constexpr std::int64_t kDay = 86'400'000'000'000LL;

std::string typeOf(const json& v) {
    return v.is_string()    ? "a string"
           : v.is_number()  ? "a number"
           : v.is_object()  ? "an object"
           : v.is_array()   ? "an array"
           : v.is_boolean() ? "a boolean"
                            : "null";
}

// Throws the message the parse returns.
struct Invalid {
    std::string message;
};

std::string requireText(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end())
        throw Invalid{where + key + ": missing"};
    if (!it->is_string() || it->get<std::string>().empty())
        throw Invalid{where + key + ": must be a non-empty string, not " +
                      (it->is_string() ? std::string("empty") : typeOf(*it))};
    return it->get<std::string>();
}

std::string optionalText(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end() || it->is_null())
        return {};
    if (!it->is_string())
        throw Invalid{where + key + ": must be a string, not " + typeOf(*it)};
    return it->get<std::string>();
}

double requireNumber(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end())
        throw Invalid{where + key + ": missing"};
    if (!it->is_number())
        throw Invalid{where + key + ": must be a number, not " + typeOf(*it)};
    const double v = it->get<double>();
    if (!std::isfinite(v))
        throw Invalid{where + key + ": must be finite"};
    return v;
}

SeriesSelector selector(const json& o, const std::string& where) {
    if (!o.is_object())
        throw Invalid{where + ": must be an object with \"metric\", not " + typeOf(o)};
    SeriesSelector s;
    s.metric = requireText(o, "metric", where + ".");
    if (const auto it = o.find("labels"); it != o.end() && !it->is_null()) {
        if (!it->is_object())
            throw Invalid{where + ".labels: must be an object, not " + typeOf(*it)};
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string())
                throw Invalid{where + ".labels." + k + ": must be a string, not " + typeOf(v)};
            s.labels.emplace(k, v.get<std::string>());
        }
    }
    return s;
}

double objectiveOf(const json& v) {
    double objective = 0;
    if (v.is_number()) {
        objective = v.get<double>();
    } else if (v.is_string()) {
        // "99.5%" as people write it.
        const std::string text = v.get<std::string>();
        char* end = nullptr;
        const double percent = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || std::string_view(end) != "%")
            throw Invalid{"objective: \"" + text + "\" is neither a number nor a percentage"};
        objective = percent / 100.0;
    } else {
        throw Invalid{"objective: must be a number or a percentage, not " + typeOf(v)};
    }
    if (!(objective > 0 && objective < 1))
        throw Invalid{"objective: must be between 0 and 1 (exclusive), not " +
                      (v.is_string() ? v.get<std::string>() : v.dump())};
    return objective;
}

json selectorJson(const SeriesSelector& s) {
    json o = {{"metric", s.metric}};
    if (!s.labels.empty())
        o["labels"] = s.labels;
    return o;
}

} // namespace

std::string_view sliTypeName(SliType type) {
    switch (type) {
    case SliType::Ratio:
        return "ratio";
    case SliType::Latency:
        return "latency";
    case SliType::Threshold:
        return "threshold";
    }
    return "ratio";
}

SloParse parseSloDefinition(const json& o) {
    SloParse out;
    try {
        if (!o.is_object())
            throw Invalid{"an SLO must be an object, not " + typeOf(o)};
        SloDefinition slo;
        slo.name = requireText(o, "name", "");
        slo.description = optionalText(o, "description", "");
        slo.service = optionalText(o, "service", "");
        if (const auto it = o.find("tenants"); it != o.end() && !it->is_null()) {
            if (!it->is_array())
                throw Invalid{"tenants: must be an array of tenant names, not " + typeOf(*it)};
            for (const auto& t : *it) {
                if (!t.is_string() || t.get<std::string>().empty())
                    throw Invalid{"tenants: every entry must be a non-empty string"};
                slo.tenants.push_back(t.get<std::string>());
            }
        }
        const auto objective = o.find("objective");
        if (objective == o.end())
            throw Invalid{"objective: missing"};
        slo.objective = objectiveOf(*objective);
        if (const auto it = o.find("period"); it != o.end() && !it->is_null()) {
            if (!it->is_string())
                throw Invalid{"period: must be a duration such as \"30d\", not " + typeOf(*it)};
            const auto period = parseDuration(it->get<std::string>());
            if (!period || *period < 3'600'000'000'000LL || *period > 400 * kDay)
                throw Invalid{"period: \"" + it->get<std::string>() +
                              "\" is not a duration between 1h and 400d"};
            slo.periodNs = *period;
        }
        const auto sli = o.find("sli");
        if (sli == o.end())
            throw Invalid{"sli: missing"};
        if (!sli->is_object())
            throw Invalid{"sli: must be an object, not " + typeOf(*sli)};
        const std::string type = requireText(*sli, "type", "sli.");
        if (type == "ratio") {
            slo.type = SliType::Ratio;
            if (!sli->contains("good"))
                throw Invalid{"sli.good: missing"};
            if (!sli->contains("total"))
                throw Invalid{"sli.total: missing"};
            slo.good = selector(sli->at("good"), "sli.good");
            slo.total = selector(sli->at("total"), "sli.total");
        } else if (type == "latency") {
            slo.type = SliType::Latency;
            slo.series = selector(*sli, "sli");
            slo.threshold = requireNumber(*sli, "threshold", "sli.");
            if (slo.threshold <= 0)
                throw Invalid{"sli.threshold: must be above 0"};
        } else if (type == "threshold") {
            slo.type = SliType::Threshold;
            slo.series = selector(*sli, "sli");
            const bool hasMax = sli->contains("max"), hasMin = sli->contains("min");
            if (hasMax == hasMin)
                throw Invalid{"sli: a threshold SLI needs exactly one of \"max\" and \"min\""};
            slo.atMost = hasMax;
            slo.threshold = requireNumber(*sli, hasMax ? "max" : "min", "sli.");
        } else {
            throw Invalid{"sli.type: \"" + type + "\" is not ratio, latency or threshold"};
        }
        out.slo = std::move(slo);
    } catch (const Invalid& e) {
        out.error = e.message;
    }
    return out;
}

SloParse parseSloDefinitionText(std::string_view text) {
    const auto j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return {std::nullopt, "not valid JSON"};
    return parseSloDefinition(j);
}

std::string sloDefinitionJson(const SloDefinition& slo) {
    json o = json::object();
    o["name"] = slo.name;
    if (!slo.description.empty())
        o["description"] = slo.description;
    if (!slo.service.empty())
        o["service"] = slo.service;
    if (!slo.tenants.empty())
        o["tenants"] = slo.tenants;
    o["objective"] = slo.objective;
    o["period"] = std::to_string(slo.periodNs / 1'000'000'000LL) + "s";
    json sli = {{"type", std::string(sliTypeName(slo.type))}};
    switch (slo.type) {
    case SliType::Ratio:
        sli["good"] = selectorJson(slo.good);
        sli["total"] = selectorJson(slo.total);
        break;
    case SliType::Latency:
        sli.update(selectorJson(slo.series));
        sli["threshold"] = slo.threshold;
        break;
    case SliType::Threshold:
        sli.update(selectorJson(slo.series));
        sli[slo.atMost ? "max" : "min"] = slo.threshold;
        break;
    }
    o["sli"] = sli;
    return o.dump();
}

std::string formatObjective(double objective) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g%%", objective * 100.0);
    return buf;
}

} // namespace casebook
