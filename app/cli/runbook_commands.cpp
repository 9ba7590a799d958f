// casebook-cli runbook list|check|run|decide: the runbooks without the GUI. A run records
// its checks, evidence and path in the workspace's case exactly as the Runbook pane does.
#include "app/cli/cli_scope.h"
#include "app/cli/commands.h"
#include "app/cli/text_table.h"
#include "core/analysis/findings.h"
#include "core/casefile/case_queries.h"
#include "core/runbook/bundled_runbooks.h"
#include "core/runbook/finding_symptoms.h"
#include "core/runbook/runbook_engine.h"
#include "core/runbook/runbook_suggestions.h"
#include "core/util/time_text.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace casebook::cli {
namespace {

constexpr const char* kUsage =
    "casebook-cli runbook list [WORKSPACE [--tenant T]] [--symptoms TAG,TAG...] [--json]\n"
    "       casebook-cli runbook check [WORKSPACE] RUNBOOK [--json]\n"
    "       casebook-cli runbook run WORKSPACE RUNBOOK [--tenant T] [--from T] [--to T] "
    "[--author NAME] [--json]\n"
    "       casebook-cli runbook run WORKSPACE --run ID [--tenant T] [--json]\n"
    "       casebook-cli runbook decide WORKSPACE --run ID --step STEP --approve|--reject "
    "--person NAME --reason TEXT [--tenant T]";

nlohmann::json symptomsJson(const Runbook& r) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : r.symptoms)
        list.push_back({{"tag", s.tag}, {"text", s.text}});
    return list;
}

std::vector<std::string> tagsOf(const std::string& rest) {
    std::vector<std::string> seen;
    for (std::size_t start = 0; start <= rest.size();) {
        const auto comma = rest.find(',', start);
        std::string tag =
            rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (!tag.empty())
            seen.push_back(tag);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return seen;
}

// The symptoms the findings of a workspace show (in the --tenant scope, else across
// tenants): what `runbook list WORKSPACE` suggests from.
std::vector<std::string> symptomsOfWorkspace(const Args& args) {
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "runbook list");
    mapForScan(*ws);
    FindingsOptions options;
    options.parallel = mappedThreads(2);
    return symptomsOfFindings(findWhatChanged(*ws, scope, options).findings);
}

// With --symptoms, or a workspace: the runbooks whose symptom tags were seen (given, or
// read off the workspace's findings), best match first.
int suggest(const Args& args, std::ostream& out) {
    const std::vector<std::string> seen =
        args.value("symptoms") ? tagsOf(*args.value("symptoms")) : symptomsOfWorkspace(args);
    const auto suggestions = suggestRunbooks(seen, builtinCheckRegistry());
    if (args.flag("json")) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& s : suggestions)
            list.push_back({{"name", s.name},
                            {"title", s.title},
                            {"matched", s.matched},
                            {"symptoms", s.symptoms}});
        out << (args.value("symptoms") ? list
                                       : nlohmann::json{{"symptoms", seen}, {"runbooks", list}})
                   .dump(2)
            << '\n';
        return 0;
    }
    if (!args.value("symptoms")) {
        std::string tags;
        for (const auto& t : seen)
            tags += (tags.empty() ? "" : ", ") + t;
        out << "symptoms in the findings: " << (tags.empty() ? "none" : tags) << "\n\n";
    }
    TextTable table({"runbook", "title", "matched symptoms"});
    for (const auto& s : suggestions) {
        std::string matched;
        for (const auto& m : s.matched)
            matched += (matched.empty() ? "" : ", ") + m;
        table.add({s.name, s.title,
                   matched + " (" + std::to_string(s.matched.size()) + " of " +
                       std::to_string(s.symptoms) + ")"});
    }
    table.print(out);
    return 0;
}

int listRunbooks(const Args& args, std::ostream& out) {
    if (args.value("symptoms") || args.positionals().size() == 2)
        return suggest(args, out);
    const auto& registry = builtinCheckRegistry();
    nlohmann::json list = nlohmann::json::array();
    TextTable table({"runbook", "title", "steps", "symptoms"});
    for (const auto& bundled : bundledRunbooks()) {
        const auto parsed = loadRunbook(bundled.text, registry, std::string(bundled.name));
        if (!parsed.ok()) {
            table.add({std::string(bundled.name),
                       "(malformed: " + formatRunbookError(parsed.errors.front()) + ")", "", ""});
            list.push_back({{"name", bundled.name}, {"error", parsed.errors.front().message}});
            continue;
        }
        const Runbook& r = *parsed.runbook;
        std::string tags;
        for (const auto& s : r.symptoms)
            if (!s.tag.empty())
                tags += (tags.empty() ? "" : ", ") + s.tag;
        table.add({r.name, r.title, std::to_string(r.steps.size()), tags});
        list.push_back({{"name", r.name},
                        {"title", r.title},
                        {"origin", "bundled:" + r.name},
                        {"steps", r.steps.size()},
                        {"symptoms", symptomsJson(r)}});
    }
    if (args.flag("json"))
        out << list.dump(2) << '\n';
    else
        table.print(out);
    return 0;
}

int checkRunbook(const Args& args, std::ostream& out) {
    const std::string name = args.positionals().back();
    const auto parsed = openRunbook(name, builtinCheckRegistry());
    if (args.flag("json")) {
        auto problems = [](const std::vector<RunbookError>& list) {
            nlohmann::json j = nlohmann::json::array();
            for (const auto& e : list)
                j.push_back({{"line", e.line}, {"message", e.message}});
            return j;
        };
        nlohmann::json j = {{"runbook", name},
                            {"ok", parsed.ok()},
                            {"errors", problems(parsed.errors)},
                            {"warnings", problems(parsed.warnings)}};
        if (parsed.runbook)
            j["steps"] = parsed.runbook->steps.size();
        out << j.dump(2) << '\n';
        return parsed.ok() ? 0 : 1;
    }
    for (const auto& e : parsed.errors)
        std::cerr << name << ":" << e.line << ": error: " << e.message << '\n';
    for (const auto& w : parsed.warnings)
        std::cerr << name << ":" << w.line << ": warning: " << w.message << '\n';
    if (!parsed.ok()) {
        std::cerr << "casebook-cli runbook check: " << parsed.errors.size()
                  << (parsed.errors.size() == 1 ? " error" : " errors") << " in " << name << '\n';
        return 1;
    }
    const Runbook& r = *parsed.runbook;
    int checks = 0, gates = 0, conclusions = 0;
    for (const auto& s : r.steps) {
        checks += s.kind == StepKind::Check;
        gates += s.kind == StepKind::Gate;
        conclusions += s.kind == StepKind::Conclusion;
    }
    out << r.title << ": ok, " << r.steps.size() << " steps (" << checks << " checks, " << gates
        << " gates, " << conclusions << " conclusions)\n";
    return 0;
}

nlohmann::json stepJson(const StepExecution& s) {
    nlohmann::json j = {{"step", s.stepId},
                        {"title", s.stepTitle},
                        {"kind", stepKindName(s.kind)},
                        {"outcome", s.outcome},
                        {"summary", s.summary},
                        {"next", s.next ? nlohmann::json(*s.next) : nlohmann::json()},
                        {"duration_ms", static_cast<double>(s.durationNs) / 1e6}};
    if (s.check) {
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [k, v] : s.check->values)
            values[k] = v == v ? nlohmann::json(v) : nlohmann::json();
        j["values"] = values;
        j["query"] = s.check->query;
    }
    if (s.checkRecord)
        j["check_id"] = raw(*s.checkRecord);
    nlohmann::json evidence = nlohmann::json::array();
    for (const auto& id : s.evidence)
        evidence.push_back(raw(id));
    j["evidence_ids"] = evidence;
    return j;
}

// The runbook a recorded run ran: its own text, so a continued run follows the same steps.
Runbook recordedRunbook(Workspace& ws, const Scope& scope, CaseRunId id) {
    const auto run = findCaseRun(ws, scope, id);
    if (!run)
        throw std::runtime_error("no runbook run " + std::to_string(raw(id)) + " in this scope");
    auto parsed = loadRunbook(run->text, builtinCheckRegistry(), run->name);
    if (!parsed.ok())
        throw std::runtime_error("the runbook recorded with run " + std::to_string(raw(id)) +
                                 " no longer loads: " + formatRunbookError(parsed.errors.front()));
    parsed.runbook->origin = run->source;
    return std::move(*parsed.runbook);
}

void printRun(const Runbook& runbook, const Scope& scope, CaseRunId id, const HeadlessRun& run,
              std::ostream& out) {
    out << "runbook: " << runbook.title << " (" << runbook.origin << ")\n";
    out << "scope: " << (scope.isAllTenants() ? "all tenants" : "tenant " + scope.tenantName())
        << ", run " << raw(id) << '\n';
    TextTable table({"step", "outcome", "result", "evidence"});
    for (const auto& s : run.steps)
        table.add({s.stepTitle, s.outcome, s.summary,
                   s.evidence.empty() ? "" : std::to_string(s.evidence.size())});
    table.print(out);
    std::string path;
    for (const auto& p : run.state.path)
        path += (path.empty() ? "" : " -> ") + p.stepId;
    out << "path: " << path << '\n';
    if (run.waitingAtGate) {
        const auto* gate = runbook.findStep(*run.waitingAtGate);
        out << "waiting at gate '" << gate->title << "': " << gate->gate->action
            << "\n  decide with: casebook-cli runbook decide WORKSPACE --run " << raw(id)
            << " --step " << gate->id << " --approve|--reject --person NAME --reason TEXT\n";
    } else if (run.errorAtStep) {
        out << "stopped: the check of step '" << *run.errorAtStep << "' could not run\n";
    } else if (run.stepLimitReached) {
        out << "stopped after too many steps (the runbook loops)\n";
    } else if (run.state.diagnosis) {
        out << "conclusion (" << *run.state.verdict << "): " << *run.state.diagnosis << '\n';
    } else {
        out << "the runbook ended without a conclusion\n";
    }
}

int runRunbookCommand(const Args& args, std::ostream& out) {
    const bool continuing = args.value("run").has_value();
    args.requirePositionals(continuing ? 2 : 3, 3, kUsage);
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "runbook run");
    const RunbookEngine engine;
    Runbook runbook;
    CaseRunId id{};
    if (continuing) {
        id = CaseRunId{args.integer("run", 0, 1, std::numeric_limits<long long>::max())};
        runbook = recordedRunbook(*ws, scope, id);
    } else {
        auto parsed = openRunbook(args.positionals()[2], engine.registry());
        if (!parsed.ok()) {
            for (const auto& e : parsed.errors)
                std::cerr << args.positionals()[2] << ":" << e.line << ": error: " << e.message
                          << '\n';
            throw std::runtime_error("the runbook is malformed; nothing was run");
        }
        runbook = std::move(*parsed.runbook);
        id = engine.startRun(*ws, scope, runbook, args.value("author").value_or(defaultAuthor()));
    }
    const HeadlessRun run = engine.runHeadless(*ws, scope, id, runbook);
    if (args.flag("json")) {
        nlohmann::json steps = nlohmann::json::array();
        for (const auto& s : run.steps)
            steps.push_back(stepJson(s));
        nlohmann::json path = nlohmann::json::array();
        for (const auto& p : run.state.path)
            path.push_back({{"step", p.stepId}, {"outcome", p.outcome}});
        nlohmann::json j = {
            {"runbook", runbook.name},
            {"title", runbook.title},
            {"origin", runbook.origin},
            {"scope", scope.isAllTenants() ? "all tenants" : scope.tenantName()},
            {"run_id", raw(id)},
            {"steps", steps},
            {"path", path},
            {"waiting_at_gate", run.waitingAtGate ? nlohmann::json(*run.waitingAtGate) : nullptr},
            {"error_at_step", run.errorAtStep ? nlohmann::json(*run.errorAtStep) : nullptr},
            {"ended", run.state.ended()}};
        if (run.state.diagnosis)
            j["conclusion"] = {{"step", run.state.path.back().stepId},
                               {"verdict", *run.state.verdict},
                               {"diagnosis", *run.state.diagnosis}};
        else
            j["conclusion"] = nullptr;
        out << j.dump(2) << '\n';
    } else {
        printRun(runbook, scope, id, run, out);
    }
    return run.errorAtStep ? 1 : 0;
}

int decideGateCommand(const Args& args, std::ostream& out) {
    args.requirePositionals(2, 2, kUsage);
    if (args.flag("approve") == args.flag("reject"))
        throw UsageError("say --approve or --reject");
    const auto step = args.value("step");
    const auto person = args.value("person");
    const auto reason = args.value("reason");
    if (!args.value("run") || !step || !person || !reason)
        throw UsageError("a decision needs --run ID --step STEP --person NAME --reason TEXT");
    auto ws = openExistingWorkspace(args.positionals()[1]);
    const Scope scope = scopeFromArgs(*ws, args, "runbook decide");
    const CaseRunId id{args.integer("run", 0, 1, std::numeric_limits<long long>::max())};
    const Runbook runbook = recordedRunbook(*ws, scope, id);
    const RunbookEngine engine;
    const RunbookRunState state = engine.state(*ws, scope, id, runbook);
    if (state.currentStep != *step)
        throw std::runtime_error("run " + std::to_string(raw(id)) + " is not waiting at '" + *step +
                                 "'" +
                                 (state.currentStep ? " but at '" + *state.currentStep + "'"
                                                    : std::string(" (it has ended)")));
    const auto ex =
        engine.decideGate(*ws, scope, id, runbook, *step, {*person, *reason, args.flag("approve")});
    out << ex.stepTitle << ": " << ex.summary << '\n';
    if (ex.next)
        out << "next: " << *ex.next << " (continue with: casebook-cli runbook run WORKSPACE --run "
            << raw(id) << ")\n";
    return 0;
}

} // namespace

int runRunbook(const std::vector<std::string>& argv, std::ostream& out) {
    Args args(argv, readOptions({"approve", "reject"}, {"from", "to", "author", "run", "step",
                                                        "person", "reason", "symptoms"}));
    if (args.positionals().empty())
        throw UsageError(kUsage);
    const std::string& sub = args.positionals()[0];
    if (sub == "list") {
        args.requirePositionals(1, 2, kUsage);
        return listRunbooks(args, out);
    }
    if (sub == "check") {
        args.requirePositionals(2, 3, kUsage);
        return checkRunbook(args, out);
    }
    if (sub == "run")
        return runRunbookCommand(args, out);
    if (sub == "decide")
        return decideGateCommand(args, out);
    throw UsageError("runbook takes list, check, run or decide\n" + std::string(kUsage));
}

} // namespace casebook::cli
