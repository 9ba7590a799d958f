#pragma once
// "What changed just before?": change events ranked for an anomaly's onset. A change
// scores by how shortly before the onset it happened (a decay of twelve hours), by its kind
// (a deploy or a config change explains more than an annotation), and by what ties it to
// the evidence: its service is the anomalous series' service or upstream of it in lineage,
// it appears in the failing traces, its version is what the failing traces have in
// common, a word of its title is in the new error messages or the failing traces'
// attributes (weighed by how rare the word is in the workspace's own change titles and
// log templates, so that words every title has tie nothing).

#include "core/query/change_queries.h"

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

// How rare each word is in a body of documents (the change titles and log templates of a
// workspace): a word in one document weighs 1, a word in every document 0 (the inverse
// document frequency, scaled). Words are compared in lower case.
class WordRarity {
public:
    WordRarity() = default; // no documents: every word weighs 1
    explicit WordRarity(const std::vector<std::string>& documents);
    double weight(const std::string& word) const;

private:
    std::map<std::string, int> documentsWith_;
    int documents_ = 0;
};

// The words of a text as titles and evidence are matched: letters, digits, '_', '.' and
// '-' make a word (so "utm_content" and "web-forms" stay whole), lower case.
std::set<std::string> wordsOf(const std::string& text);

struct ChangeEvidence {
    std::int64_t onsetNs = 0;
    std::int64_t toleranceNs = 0; // changes up to this long after the onset still count
    std::int64_t lookbackNs = 0;  // and from this long before it
    std::string tenant;           // the anomaly's tenant; other tenants' changes weigh less
    std::set<std::string> anomalyServices;
    std::set<std::string> failingServices; // services of spans in failing traces
    std::set<std::string> sharedValues;    // attribute values failing traces have in common
    std::string evidenceText; // new log templates and shared attributes, matched word by word
    const WordRarity* rarity = nullptr; // unset: every word weighs 1
    // Lineage hook: true when `upstream` feeds `service`, directly or not. Unset until
    // lineage is in the workspace; ranking then treats "upstream" like "same service".
    std::function<bool(std::string_view service, std::string_view upstream)> isUpstream;
};

struct ChangeCandidate {
    ChangeRow change;
    std::int64_t leadNs = 0; // onset - change time (negative: shortly after the onset)
    double score = 0;
    double confidence = 0;
    std::vector<std::string> reasons; // "same service", "in the failing traces", ...
};

// The changes of `changes` near the onset, best first. Change windows (maintenance,
// incidents) count from their start and while they last; incident records themselves
// (the detection) are not causes.
std::vector<ChangeCandidate> rankChanges(const std::vector<ChangeRow>& changes,
                                         const ChangeEvidence& evidence);

// "45 min", "2 h 10 min", "1 d 3 h".
std::string formatLead(std::int64_t ns);

} // namespace casebook
