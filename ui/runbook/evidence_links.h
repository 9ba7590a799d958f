#pragma once
// Evidence in the GUI: where it opens in the other panes (an EvidenceFocus for the
// InvestigationContext), and how a step's result reads inline, as HTML whose links
// ("casebook-evidence:ID") open the evidence.

#include "core/casefile/case_queries.h"
#include "ui/context/investigation_context.h"

#include <QString>
#include <QUrl>

#include <optional>
#include <vector>

namespace casebook::ui {

EvidenceFocus focusOf(const Evidence& evidence);

QUrl evidenceLink(EvidenceId id);
std::optional<EvidenceId> evidenceFromLink(const QUrl& url);

// A step's check (query, pass condition, values, summary), its evidence with a short
// preview of each and an "Open" link, and the notes on the step.
QString stepResultHtml(const std::optional<CaseCheckRow>& check, const CaseStepRow* step,
                       const std::vector<CaseEvidenceRow>& evidence,
                       const std::vector<CaseNoteRow>& notes);

} // namespace casebook::ui
