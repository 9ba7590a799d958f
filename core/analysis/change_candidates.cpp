#include "core/analysis/change_candidates.h"

#include "core/analysis/text_words.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace casebook {
namespace {

constexpr double kHourNs = 3.6e12;
constexpr double kDecayHours = 12;

double kindWeight(const std::string& kind) {
    if (kind == "deploy" || kind == "sdk_release" || kind == "config_change")
        return 1.0;
    if (kind == "feature_flag" || kind == "schema_change")
        return 0.9;
    if (kind == "vendor_incident")
        return 0.8;
    if (kind == "maintenance")
        return 0.6;
    return 0.5; // annotations and other words
}

bool hasLetter(const std::string& word) {
    return std::any_of(word.begin(), word.end(),
                       [](unsigned char c) { return std::isalpha(c) != 0; });
}

// Words of a title worth matching against evidence: four characters or more, with a
// letter (versions match on their own), as wordsOf splits them.
std::vector<std::string> distinctiveWords(const std::string& title) {
    std::vector<std::string> out;
    for (const std::string& word : wordsOf(title))
        if (word.size() >= 4 && hasLetter(word))
            out.push_back(word);
    return out;
}

// A word match counts when the word is at least this rare.
constexpr double kMinRarity = 0.3;

} // namespace

std::set<std::string> wordsOf(const std::string& text) {
    std::set<std::string> out;
    std::string word;
    auto flush = [&] {
        while (!word.empty() && (word.back() == '.' || word.back() == '-'))
            word.pop_back();
        std::size_t start = 0;
        while (start < word.size() && (word[start] == '.' || word[start] == '-'))
            ++start;
        if (start < word.size())
            out.insert(toLower(word.substr(start)));
        word.clear();
    };
    for (char c : text) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')
            word.push_back(c);
        else
            flush();
    }
    flush();
    return out;
}

WordRarity::WordRarity(const std::vector<std::string>& documents) {
    for (const std::string& d : documents) {
        ++documents_;
        for (const std::string& w : wordsOf(d))
            ++documentsWith_[w];
    }
}

double WordRarity::weight(const std::string& word) const {
    if (documents_ == 0)
        return 1;
    const auto it = documentsWith_.find(word);
    const double n = static_cast<double>(documents_);
    const double with = it == documentsWith_.end() ? 0.0 : static_cast<double>(it->second);
    // log((N + 1) / (df + 1)), scaled so that a word of at most one document weighs 1.
    const double top = std::log((n + 1) / 2);
    if (top <= 0)
        return 1;
    return std::clamp(std::log((n + 1) / (with + 1)) / top, 0.0, 1.0);
}

std::string formatLead(std::int64_t ns) {
    const std::int64_t minutes = std::llabs(ns) / 60'000'000'000LL;
    std::string s;
    if (minutes >= 24 * 60)
        s = std::to_string(minutes / (24 * 60)) + " d " + std::to_string(minutes / 60 % 24) + " h";
    else if (minutes >= 60)
        s = std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
    else
        s = std::to_string(minutes) + " min";
    return s;
}

std::vector<ChangeCandidate> rankChanges(const std::vector<ChangeRow>& changes,
                                         const ChangeEvidence& evidence) {
    std::vector<ChangeCandidate> out;
    const std::set<std::string> evidenceWords = wordsOf(evidence.evidenceText);
    for (const ChangeRow& c : changes) {
        if (c.kind == "incident")
            continue; // the record of the detection, not a cause
        const std::int64_t end = c.endNs.value_or(c.timeNs);
        const bool during = c.endNs && c.timeNs <= evidence.onsetNs && evidence.onsetNs <= end;
        const std::int64_t lead = evidence.onsetNs - c.timeNs;
        if (lead < -evidence.toleranceNs || lead > evidence.lookbackNs)
            continue;
        ChangeCandidate k;
        k.change = c;
        k.leadNs = lead;
        const double hours = during ? 0.0 : std::max(0.0, static_cast<double>(lead) / kHourNs);
        const double timeScore = std::exp(-hours / kDecayHours);
        double related = 0;
        if (!c.service.empty() && evidence.anomalyServices.count(c.service)) {
            related += 1.0;
            k.reasons.push_back("same service as the anomaly (" + c.service + ")");
        } else if (!c.service.empty() && evidence.isUpstream) {
            for (const auto& s : evidence.anomalyServices)
                if (evidence.isUpstream(s, c.service)) {
                    related += 0.8;
                    k.reasons.push_back(c.service + " is upstream of " + s + " in lineage");
                    break;
                }
        }
        if (!c.service.empty() && evidence.failingServices.count(c.service)) {
            related += 1.0;
            k.reasons.push_back("the failing traces fail in " + c.service);
        }
        if (!c.version.empty() && evidence.sharedValues.count(c.version)) {
            related += 1.0;
            k.reasons.push_back("version " + c.version + " is what the failing traces share");
        }
        // The rarest word of the title that the evidence has too.
        std::string matched;
        double matchedWeight = 0;
        for (const auto& word : distinctiveWords(c.title)) {
            if (!evidenceWords.count(word))
                continue;
            const double w = evidence.rarity ? evidence.rarity->weight(word) : 1.0;
            if (w > matchedWeight || (w == matchedWeight && word.size() > matched.size())) {
                matched = word;
                matchedWeight = w;
            }
        }
        if (matchedWeight >= kMinRarity) {
            related += matchedWeight;
            k.reasons.push_back("\"" + matched + "\" is in the new errors or the failing traces");
        }
        // A change of a service nothing ties to the anomaly explains it less than one whose
        // service is unknown (an annotation).
        const double relation = (c.service.empty() || related > 0 ? 1.0 : 0.5) + related;
        double score = timeScore * kindWeight(c.kind) * relation;
        if (!evidence.tenant.empty() && !c.tenant.empty() && c.tenant != evidence.tenant) {
            score *= 0.5;
            k.reasons.push_back("recorded for tenant " + c.tenant);
        }
        k.score = score;
        k.confidence = 1 - std::exp(-score);
        out.push_back(std::move(k));
    }
    std::stable_sort(
        out.begin(), out.end(),
        [](const ChangeCandidate& a, const ChangeCandidate& b) { return a.score > b.score; });
    return out;
}

} // namespace casebook
