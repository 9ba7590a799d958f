#pragma once
// What the trace dock holds: a header line about the selected trace with its
// data-quality badges, a toolbar (search, critical path, folding), the waterfall and
// the details of the selected span. It follows the InvestigationContext: a selected
// trace is loaded in a job (model, critical path, quality), a span selected in the
// waterfall is selected in the context, and a span selected elsewhere is revealed here.

#include "core/model/ids.h"
#include "core/trace/trace_model.h"
#include "ui/jobs/job_runner.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace casebook::ui {

class InvestigationContext;
class SpanDetailsPane;
class TraceQualityBadges;
class WaterfallView;
struct TraceData;

class TraceViewPane : public QWidget {
    Q_OBJECT
public:
    TraceViewPane(InvestigationContext* context, JobRunner* jobs, QWidget* parent = nullptr);

    bool isLoading() const;
    // The loaded trace, or null.
    std::shared_ptr<const TraceData> trace() const { return data_; }

    WaterfallView* view() const { return view_; }
    SpanDetailsPane* details() const { return details_; }
    TraceQualityBadges* qualityBadges() const { return badges_; }
    QLabel* headerLabel() const { return header_; }
    QLabel* emptyLabel() const { return empty_; }
    QLineEdit* searchEdit() const { return search_; }
    QCheckBox* onlyMatchesToggle() const { return onlyMatches_; }
    QLabel* matchLabel() const { return matchCount_; }
    QCheckBox* criticalPathToggle() const { return showPath_; }
    QLabel* criticalPathLabel() const { return pathSummary_; }
    QCheckBox* foldSimilarToggle() const { return foldSimilar_; }
    QCheckBox* foldShortToggle() const { return foldShort_; }
    QSpinBox* foldShortMs() const { return shortMs_; }

    // Runs the typed search now (typing runs it after a short pause).
    void applySearch();

signals:
    void loaded();
    void failed(const QString& message);
    void showLogsRequested(const casebook::TraceId& trace,
                           const std::optional<casebook::SpanId>& span);
    void pinRequested(const casebook::TraceId& trace, const std::optional<casebook::SpanId>& span);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QWidget* buildToolbar();
    QWidget* buildPathBar();
    void followSelection();
    void load(const TraceId& trace);
    void showLoaded(std::shared_ptr<const TraceData> data);
    void revealContextSpan();
    void onSpanSelected(SpanIndex span);
    void updateHeader();
    void updateMatchLabel();
    void updateFolds();

    InvestigationContext* context_;
    JobRunner* jobs_;
    JobSlot slot_;
    JobSlot filterSlot_;
    std::optional<TraceId> trace_; // loaded or loading
    std::shared_ptr<const TraceData> data_;
    QStackedWidget* stack_;
    QLabel* empty_;
    QLabel* header_;
    TraceQualityBadges* badges_;
    QLineEdit* search_;
    QTimer* typingPause_;
    QCheckBox* onlyMatches_;
    QToolButton* previousMatch_;
    QToolButton* nextMatch_;
    QLabel* matchCount_;
    QCheckBox* showPath_;
    QToolButton* previousSegment_;
    QToolButton* nextSegment_;
    QLabel* pathSummary_;
    QCheckBox* foldSimilar_;
    QCheckBox* foldShort_;
    QSpinBox* shortMs_;
    WaterfallView* view_;
    SpanDetailsPane* details_;
    QSplitter* splitter_;
};

// "critical path: 1.2 s — crm-sync 800 ms, cdp 300 ms…" (at most three services).
QString criticalPathSummary(const TraceData& data);
// "web-forms: form.submit · 2.53 s · 19 spans · 6 services · 4 errors"
QString traceHeadline(const TraceData& data);

} // namespace casebook::ui
