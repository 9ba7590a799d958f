#include "ui/context/investigation_context.h"

#include "core/analysis/metric_rollups.h"
#include "core/casefile/case_integrity.h"
#include "core/store/workspace.h"
#include "ui/util/text.h"

namespace casebook::ui {

InvestigationContext::InvestigationContext(JobRunner* jobs, QObject* parent)
    : QObject(parent), jobs_(jobs), openSlot_(jobs->newSlot()), scopeSlot_(jobs->newSlot()) {}

QString InvestigationContext::currentTenant() const {
    return scope_ && !scope_->isAllTenants() ? toQString(scope_->tenantName()) : QString();
}

std::optional<Scope> InvestigationContext::windowedScope() const {
    if (!scope_)
        return std::nullopt;
    return scope_->withWindow(window_);
}

void InvestigationContext::setTimeWindow(const TimeWindow& window) {
    if (window.fromNs == window_.fromNs && window.toNs == window_.toNs)
        return;
    window_ = window;
    emit timeWindowChanged();
}

void InvestigationContext::selectTrace(const TraceId& trace) {
    selectSpan(trace, std::nullopt);
}

void InvestigationContext::selectSpan(const TraceId& trace, const std::optional<SpanId>& span) {
    if (trace_ == trace && span_ == span)
        return;
    trace_ = trace;
    span_ = span;
    emit selectionChanged();
}

void InvestigationContext::setCrosshairTime(std::optional<std::int64_t> ns) {
    if (ns == crosshair_)
        return;
    crosshair_ = ns;
    emit crosshairChanged();
}

void InvestigationContext::selectChange(const ChangeRow& change) {
    change_ = change;
    emit changeSelected();
}

void InvestigationContext::forgetSelection() {
    window_ = {};
    trace_.reset();
    span_.reset();
    crosshair_.reset();
    change_.reset();
}

bool InvestigationContext::isBusy() const {
    return jobs_->isRunning(openSlot_) || jobs_->isRunning(scopeSlot_);
}

void InvestigationContext::openWorkspace(const QString& path, const QString& preferredTenant) {
    load(path, preferredTenant, false);
}

void InvestigationContext::reload() {
    if (hasWorkspace())
        load(path_, currentTenant(), isAllTenants());
}

void InvestigationContext::closeWorkspace() {
    jobs_->cancel(openSlot_);
    jobs_->cancel(scopeSlot_);
    path_.clear();
    recordWarning_.clear();
    tenants_.clear();
    tenantScopes_.clear();
    scope_.reset();
    forgetSelection();
    emit workspaceChanged();
    emit scopeChanged();
}

void InvestigationContext::load(const QString& path, const QString& preferredTenant,
                                bool keepAllTenants) {
    jobs_->run(
        openSlot_, this,
        [path](const JobControl& control) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            // A workspace from before the current rollup tiles lists the series that need
            // them (schema version 7): built once here, so charts and findings read tiles.
            buildPendingRollups(*ws, control.stopToken());
            Snapshot snapshot;
            snapshot.path = path;
            for (const auto& name : ws->tenantNames()) {
                const QString tenant = toQString(name);
                snapshot.tenants.append(tenant);
                snapshot.tenantScopes.emplace(tenant, ws->tenantScope(name));
            }
            // The record is verified whenever the workspace opens.
            snapshot.recordWarning = toQString(verifyWorkspaceRecord(ws->db()).warning());
            return snapshot;
        },
        [this, preferredTenant, keepAllTenants](JobResult<Snapshot> result) {
            if (!result.ok()) {
                emit failed(tr("Could not open the workspace: %1").arg(result.error));
                return;
            }
            apply(std::move(*result.value), preferredTenant, keepAllTenants);
        });
}

void InvestigationContext::apply(Snapshot snapshot, const QString& preferredTenant,
                                 bool keepAllTenants) {
    const bool sameWorkspace = snapshot.path == path_;
    const bool keepAll = sameWorkspace && keepAllTenants && isAllTenants();
    if (!sameWorkspace) {
        jobs_->cancel(scopeSlot_); // an all-tenants switch meant for the old workspace
        forgetSelection();
    }
    const bool newWarning = !snapshot.recordWarning.isEmpty() &&
                            (!sameWorkspace || snapshot.recordWarning != recordWarning_);
    recordWarning_ = snapshot.recordWarning;
    path_ = std::move(snapshot.path);
    tenants_ = std::move(snapshot.tenants);
    tenantScopes_ = std::move(snapshot.tenantScopes);

    if (!keepAll) {
        const auto preferred = tenantScopes_.find(preferredTenant);
        if (preferred != tenantScopes_.end())
            scope_ = preferred->second;
        else if (!tenantScopes_.empty())
            scope_ = tenantScopes_.begin()->second;
        else
            scope_.reset();
    }
    emit workspaceChanged();
    emit scopeChanged();
    if (newWarning)
        emit recordBroken(recordWarning_);
}

void InvestigationContext::focusEvidence(const EvidenceFocus& focus) {
    if (!hasWorkspace())
        return;
    if (focus.window.fromNs || focus.window.toNs)
        setTimeWindow(focus.window);
    if (focus.trace)
        selectSpan(*focus.trace, focus.span);
    emit evidenceFocusRequested(focus);
}

void InvestigationContext::chooseTenant(const QString& name) {
    const auto it = tenantScopes_.find(name);
    if (it == tenantScopes_.end())
        return;
    jobs_->cancel(scopeSlot_);
    if (scope_ && !scope_->isAllTenants() && currentTenant() == name)
        return;
    scope_ = it->second;
    forgetSelection(); // another tenant's trace must not stay on screen
    emit scopeChanged();
}

void InvestigationContext::chooseAllTenants(const QString& reason) {
    if (!hasWorkspace())
        return;
    const QString path = path_;
    jobs_->run(
        scopeSlot_, this,
        [path, reason](const JobControl&) {
            auto ws = Workspace::open(toFsPath(path), Workspace::OpenMode::OpenExisting);
            return ws->allTenantsScope(reason.toStdString());
        },
        [this, path](JobResult<Scope> result) {
            if (!result.ok()) {
                emit failed(tr("Could not record why all tenants are shown, so the view "
                               "stays in tenant scope: %1")
                                .arg(result.error));
                emit scopeChanged(); // lets a selector fall back to the tenant in scope
                return;
            }
            if (path != path_)
                return;
            scope_ = std::move(*result.value);
            emit scopeChanged();
        });
}

} // namespace casebook::ui
