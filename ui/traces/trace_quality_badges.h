#pragma once
// The data-quality findings of a trace as a row of badges ("3 orphan spans", "clock
// skew: 5 children outside their parent"), each counted, explained in its tooltip and
// never hidden. Clicking a badge steps through the spans it counts.

#include "core/trace/trace_model.h"
#include "core/trace/trace_quality.h"

#include <QWidget>

#include <vector>

class QHBoxLayout;
class QLabel;
class QToolButton;

namespace casebook::ui {

// One finding: its badge text, tooltip and the spans it is about.
struct QualityFinding {
    QString text;
    QString tooltip;
    std::vector<SpanIndex> spans;
};
std::vector<QualityFinding> qualityFindings(const TraceQuality& quality);

class TraceQualityBadges : public QWidget {
    Q_OBJECT
public:
    explicit TraceQualityBadges(QWidget* parent = nullptr);

    void setQuality(const TraceQuality& quality);
    void clear();
    QList<QToolButton*> badges() const { return badges_; }

signals:
    void spanRequested(SpanIndex span);

private:
    QHBoxLayout* layout_;
    QLabel* clean_;
    QList<QToolButton*> badges_;
};

} // namespace casebook::ui
