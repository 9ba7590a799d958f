#pragma once
// "What changed just before?": change events ranked for an anomaly's onset. A change
// scores by how shortly before the onset it happened (a decay of twelve hours), by its kind
// (a deploy or a config change explains more than an annotation), and by what ties it to
// the evidence: its service is the anomalous series' service or upstream of it in lineage,
// it appears in the failing traces, its version is what the failing traces have in
// common, a word of its title is in the new error messages or the failing traces'
// attributes.

#include "core/query/change_queries.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

struct ChangeEvidence {
    std::int64_t onsetNs = 0;
    std::int64_t toleranceNs = 0; // changes up to this long after the onset still count
    std::int64_t lookbackNs = 0;  // and from this long before it
    std::string tenant;           // the anomaly's tenant; other tenants' changes weigh less
    std::set<std::string> anomalyServices;
    std::set<std::string> failingServices; // services of spans in failing traces
    std::set<std::string> sharedValues;    // attribute values failing traces have in common
    std::string evidenceText; // new log templates and shared attributes, matched word by word
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
