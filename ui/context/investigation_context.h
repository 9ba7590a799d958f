#pragma once
// What the investigator is looking at: the open workspace and the scope every pane
// queries with. Panes read it and react to its signals; none of them opens scopes of its
// own. The GUI thread holds no SQLite connection: opening, reloading and the audited
// switch to all tenants run as jobs that open the workspace themselves.

#include "core/analysis/analysis_ids.h"
#include "core/model/ids.h"
#include "core/query/change_queries.h"
#include "core/store/scope.h"
#include "ui/jobs/job_runner.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>
#include <vector>

namespace casebook::ui {

// Where evidence opened from the case is shown: the time window it covers, the span or
// trace it names, and the query that finds its log lines or traces in their panes.
struct EvidenceFocus {
    TimeWindow window; // empty: the window stays
    std::optional<TraceId> trace;
    std::optional<SpanId> span;
    bool showLogs = false;
    QString logSearch;
    QString logFilter;
    bool showTraces = false;
    QString traceFilter;
    // A chart or a finding: the series to chart (or the SLO) in the Metrics pane.
    std::vector<SeriesId> series;
    std::optional<SloId> slo;
    // A lineage impact: the node ("namespace/name") to focus in the Lineage pane.
    QString lineageNode;
};

class InvestigationContext : public QObject {
    Q_OBJECT
public:
    explicit InvestigationContext(JobRunner* jobs, QObject* parent = nullptr);

    bool hasWorkspace() const { return !path_.isEmpty(); }
    QString workspacePath() const { return path_; }
    // Tenants of the workspace, sorted by name.
    QStringList tenantNames() const { return tenants_; }

    // The scope every query of every pane uses; empty while no workspace is open or the
    // workspace holds no tenant yet.
    const std::optional<Scope>& scope() const { return scope_; }
    bool isAllTenants() const { return scope_ && scope_->isAllTenants(); }
    // The scope narrowed to the time window chosen on a chart or the log histogram:
    // what the trace list and the log pane query with.
    std::optional<Scope> windowedScope() const;
    const TimeWindow& timeWindow() const { return window_; }
    // A window set here narrows every pane; an empty one shows everything again.
    void setTimeWindow(const TimeWindow& window);

    // The trace, and the span in it, the investigator is looking at.
    const std::optional<TraceId>& selectedTrace() const { return trace_; }
    const std::optional<SpanId>& selectedSpan() const { return span_; }
    void selectTrace(const TraceId& trace);
    void selectSpan(const TraceId& trace, const std::optional<SpanId>& span);

    // The time under the pointer on any chart, shown by every time axis (charts, the log
    // histogram, the trace list); empty while the pointer is on none.
    const std::optional<std::int64_t>& crosshairTime() const { return crosshair_; }
    void setCrosshairTime(std::optional<std::int64_t> ns);

    // The change event chosen on a chart or in the findings.
    const std::optional<ChangeRow>& selectedChange() const { return change_; }
    void selectChange(const ChangeRow& change);

    // The tenant in scope, or an empty string for none or all tenants.
    QString currentTenant() const;
    // An open, reload or scope switch has not finished yet.
    bool isBusy() const;

    // Opens the workspace file (it must exist). The first tenant is in scope unless
    // `preferredTenant` names another one. Emits workspaceChanged and scopeChanged.
    void openWorkspace(const QString& path, const QString& preferredTenant = {});
    // Re-reads the tenants after the workspace's contents changed (an import), keeping
    // the scope, including an audited all-tenants scope.
    void reload();
    void closeWorkspace();

    void chooseTenant(const QString& name);
    // Leaves tenant scope. The engine writes the reason to the workspace's audit table
    // before any pane sees another tenant's data.
    void chooseAllTenants(const QString& reason);

    // Shows evidence of the case in the panes: sets the window, selects the span or trace,
    // and asks the Logs and Traces panes to show the evidence's query.
    void focusEvidence(const EvidenceFocus& focus);
    // Something wrote to the case (a check, a pin, a note, a mark): panes that show it reload.
    void notifyCaseChanged() { emit caseChanged(); }
    // Why the workspace's record did not verify when it was opened; empty when it did.
    QString recordWarning() const { return recordWarning_; }

signals:
    // Another workspace is open (or none), or the open one's contents changed.
    void workspaceChanged();
    void scopeChanged();
    void timeWindowChanged();
    // A trace (and maybe a span of it) was chosen in any pane.
    void selectionChanged();
    void crosshairChanged();
    void changeSelected();
    void failed(const QString& message);
    void evidenceFocusRequested(const casebook::ui::EvidenceFocus& focus);
    void caseChanged();
    // The audit trail or the case of the opened workspace did not verify.
    void recordBroken(const QString& warning);

private:
    struct Snapshot {
        QString path;
        QStringList tenants;
        std::map<QString, Scope> tenantScopes;
        QString recordWarning;
    };
    void load(const QString& path, const QString& preferredTenant, bool keepAllTenants);
    void apply(Snapshot snapshot, const QString& preferredTenant, bool keepAllTenants);
    // Silently: the scopeChanged/workspaceChanged that follows makes every pane reload.
    void forgetSelection();

    JobRunner* jobs_;
    JobSlot openSlot_;
    JobSlot scopeSlot_;
    QString path_;
    QStringList tenants_;
    std::map<QString, Scope> tenantScopes_;
    std::optional<Scope> scope_;
    TimeWindow window_;
    std::optional<TraceId> trace_;
    std::optional<SpanId> span_;
    std::optional<std::int64_t> crosshair_;
    std::optional<ChangeRow> change_;
    QString recordWarning_;
};

} // namespace casebook::ui
