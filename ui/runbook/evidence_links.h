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

class QPalette;
class QTextDocument;

namespace casebook::ui {

EvidenceFocus focusOf(const Evidence& evidence);

QUrl evidenceLink(EvidenceId id);
std::optional<EvidenceId> evidenceFromLink(const QUrl& url);

// A step's check (query, pass condition, values, summary), its evidence with a short
// preview of each and an "Open" link, and the notes on the step. With `chartWidth`, chart
// evidence shows as a picture that wide (see addChartImages). Colours come from the
// classes of resultStyleSheet.
QString stepResultHtml(const std::optional<CaseCheckRow>& check, const CaseStepRow* step,
                       const std::vector<CaseEvidenceRow>& evidence,
                       const std::vector<CaseNoteRow>& notes, int chartWidth = 0);

// The picture of each chart evidence (the SVG the exports draw, rasterised), added to
// `document` under the name stepResultHtml refers to; a width in device-independent
// pixels, in colours that read on `palette`'s base (the light export colours on a light
// one, the dark set on a dark one).
void addChartImages(QTextDocument* document, const std::vector<CaseEvidenceRow>& evidence,
                    int width, const QPalette& palette);
// The document style sheet stepResultHtml's classes ("muted", "pass", "fail") need, in
// colours that read on `palette`'s base; set it before the HTML.
QString resultStyleSheet(const QPalette& palette);
// Grey for secondary text that reads on `palette`'s base, for labels outside a result.
QString mutedColorName(const QPalette& palette);
// The name a chart evidence's picture has in a document.
QUrl chartImageName(EvidenceId id);

} // namespace casebook::ui
