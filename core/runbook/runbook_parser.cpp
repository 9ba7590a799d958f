#include "core/runbook/runbook_parser.h"
#include "core/util/plain_text.h"

#include "core/runbook/runbook_validation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

namespace casebook {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        if (end == text.size())
            break;
        start = end + 1;
    }
    if (!lines.empty() && lines.back().empty())
        lines.pop_back();
    return lines;
}

// Up to three spaces of indentation, then ``` or ~~~ (three or more).
struct Fence {
    char marker = 0;
    std::size_t length = 0;
    std::string info; // first word of the info string, lower case
};

std::optional<Fence> openingFence(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ')
        ++i;
    if (i >= line.size() || (line[i] != '`' && line[i] != '~'))
        return std::nullopt;
    const char marker = line[i];
    std::size_t n = 0;
    while (i + n < line.size() && line[i + n] == marker)
        ++n;
    if (n < 3)
        return std::nullopt;
    const std::string_view info = trim(line.substr(i + n));
    if (marker == '`' && info.find('`') != std::string_view::npos)
        return std::nullopt;
    Fence f{marker, n, {}};
    const auto space = info.find_first_of(" \t{");
    f.info = asciiLower(info.substr(0, space));
    return f;
}

bool closesFence(std::string_view line, const Fence& fence) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ')
        ++i;
    std::size_t n = 0;
    while (i + n < line.size() && line[i + n] == fence.marker)
        ++n;
    return n >= fence.length && trim(line.substr(i + n)).empty();
}

// "## Title ##" -> level 2, "Title".
std::optional<std::pair<int, std::string>> heading(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ')
        ++i;
    int level = 0;
    while (i < line.size() && line[i] == '#' && level < 7) {
        ++level;
        ++i;
    }
    if (level == 0 || level > 6)
        return std::nullopt;
    if (i < line.size() && line[i] != ' ' && line[i] != '\t')
        return std::nullopt;
    std::string_view text = trim(line.substr(i));
    // A closing run of #s preceded by a space is not part of the heading.
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '#')
        --end;
    if (end < text.size() && (end == 0 || text[end - 1] == ' '))
        text = trim(text.substr(0, end));
    return std::make_pair(level, std::string(text));
}

constexpr std::string_view kActionBlocks[] = {"check", "gate", "conclusion", "manual"};

bool isActionBlock(std::string_view info) {
    return std::find(std::begin(kActionBlocks), std::end(kActionBlocks), info) !=
           std::end(kActionBlocks);
}

// "On Pass" / "on-pass" / "on_pass" -> "on pass".
std::string normalizeKey(std::string_view key) {
    std::string out;
    bool gap = false;
    for (unsigned char c : trim(key)) {
        if (c == ' ' || c == '\t' || c == '-' || c == '_') {
            gap = true;
            continue;
        }
        if (gap && !out.empty())
            out.push_back(' ');
        gap = false;
        out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
}

bool validKey(std::string_view key) {
    return !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
        return std::isalnum(c) || c == ' ' || c == '.';
    });
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

} // namespace

std::string suggestionFor(std::string_view word, const std::vector<std::string>& known) {
    std::string best;
    std::size_t bestDistance = 3;
    for (const auto& k : known) {
        const std::size_t d = editDistance(word, k);
        if (d < bestDistance) {
            bestDistance = d;
            best = k;
        }
    }
    return best.empty() ? std::string() : " (did you mean '" + best + "'?)";
}

namespace {

struct RawBlock {
    std::string info;
    int line = 0;
    std::vector<std::pair<std::string_view, int>> lines; // content with line numbers
};

class Parser {
public:
    Parser(std::string_view text, std::string name) {
        result_.runbook.emplace();
        book().name = std::move(name);
        book().text = std::string(text);
        lines_ = splitLines(text);
    }

    RunbookParse run() {
        scan();
        if (book().title.empty())
            error(0, "a runbook starts with its title as a '# ' heading; this file has none");
        else if (book().steps.empty())
            error(titleLine_, "the runbook has no steps: each step is a '## ' heading");
        resolveLinks();
        findUnreachable();
        if (!result_.errors.empty())
            result_.runbook.reset();
        std::stable_sort(result_.errors.begin(), result_.errors.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; });
        return std::move(result_);
    }

private:
    enum class Section { Preamble, Summary, Symptoms, Step };

    Runbook& book() { return *result_.runbook; }
    void error(int line, std::string message) {
        result_.errors.push_back({line, std::move(message)});
    }
    void warning(int line, std::string message) {
        result_.warnings.push_back({line, std::move(message)});
    }

    void scan() {
        std::optional<Fence> openFence; // a description fence (```sql examples ...)
        int openFenceLine = 0;
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const std::string_view line = lines_[i];
            const int number = static_cast<int>(i + 1);
            if (openFence) {
                if (closesFence(line, *openFence))
                    openFence.reset();
                appendBody(line);
                continue;
            }
            if (auto fence = openingFence(line)) {
                if (isActionBlock(fence->info)) {
                    i = readActionBlock(i, *fence);
                    continue;
                }
                openFence = fence;
                openFenceLine = number;
                appendBody(line);
                continue;
            }
            if (auto h = heading(line)) {
                startSection(h->first, h->second, number);
                if (h->first > 2)
                    appendBody(line);
                continue;
            }
            if (section_ == Section::Symptoms)
                readSymptomLine(line, number);
            else
                appendBody(line);
        }
        if (openFence)
            error(openFenceLine, "the fenced block that starts here is never closed");
    }

    void startSection(int level, const std::string& text, int line) {
        if (level == 1) {
            if (!book().title.empty()) {
                error(line, "a runbook has one title ('# ' heading); the title is on line " +
                                std::to_string(titleLine_) + " (use '## ' for a step)");
                return;
            }
            if (!book().steps.empty() || section_ == Section::Symptoms) {
                error(line, "the title ('# ' heading) must come before the symptoms and steps");
                return;
            }
            if (text.empty()) {
                error(line, "the title is empty");
                return;
            }
            book().title = text;
            titleLine_ = line;
            section_ = Section::Summary;
            return;
        }
        if (level > 2)
            return; // a sub-heading belongs to the step's description
        if (book().title.empty() && firstHeadingLine_ == 0) {
            firstHeadingLine_ = line;
            error(line, "a runbook starts with its title as a '# ' heading before any '## ' "
                        "heading");
        }
        if (asciiLower(text) == "symptoms") {
            if (symptomsLine_) {
                error(line,
                      "the symptoms are already listed on line " + std::to_string(symptomsLine_));
            }
            symptomsLine_ = line;
            section_ = Section::Symptoms;
            return;
        }
        if (text.empty()) {
            error(line, "a step heading needs a title");
            return;
        }
        RunbookStep step;
        step.title = text;
        step.id = stepSlug(text);
        step.line = line;
        if (step.id.empty()) {
            error(line, "the step title '" + text + "' has no letters or digits for its id");
            return;
        }
        if (const auto* other = book().findStep(step.id)) {
            error(line, "two steps have the id '" + step.id + "' (the other is on line " +
                            std::to_string(other->line) + "); rename one");
            return;
        }
        book().steps.push_back(std::move(step));
        section_ = Section::Step;
    }

    void appendBody(std::string_view line) {
        std::string* target = nullptr;
        if (section_ == Section::Summary)
            target = &book().summary;
        else if (section_ == Section::Step && !book().steps.empty())
            target = &book().steps.back().body;
        if (!target)
            return;
        if (target->empty() && trim(line).empty())
            return;
        target->append(line);
        target->push_back('\n');
    }

    void readSymptomLine(std::string_view line, int number) {
        const std::string_view t = trim(line);
        if (t.empty())
            return;
        const bool bullet =
            t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ';
        if (!bullet) {
            // An indented line continues the previous symptom; other text introduces them.
            if (!book().symptoms.empty() && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
                book().symptoms.back().text += ' ';
                book().symptoms.back().text += t;
            }
            return;
        }
        std::string_view rest = trim(t.substr(2));
        Symptom s;
        s.line = number;
        if (!rest.empty() && rest[0] == '`') {
            const auto close = rest.find('`', 1);
            if (close == std::string_view::npos) {
                error(number, "the symptom's tag is missing its closing '`'");
                return;
            }
            s.tag = std::string(rest.substr(1, close - 1));
            const bool good =
                !s.tag.empty() && std::all_of(s.tag.begin(), s.tag.end(), [](unsigned char c) {
                    return std::islower(c) || std::isdigit(c) || c == '-';
                });
            if (!good) {
                error(number,
                      "a symptom tag is lower-case letters, digits and '-', not '" + s.tag + "'");
                return;
            }
            rest = trim(rest.substr(close + 1));
        }
        s.text = std::string(rest);
        if (s.tag.empty() && s.text.empty())
            return;
        book().symptoms.push_back(std::move(s));
    }

    // Returns the index of the closing fence line.
    std::size_t readActionBlock(std::size_t open, const Fence& fence) {
        RawBlock block;
        block.info = fence.info;
        block.line = static_cast<int>(open + 1);
        std::size_t i = open + 1;
        bool closed = false;
        for (; i < lines_.size(); ++i) {
            if (closesFence(lines_[i], fence)) {
                closed = true;
                break;
            }
            block.lines.emplace_back(lines_[i], static_cast<int>(i + 1));
        }
        if (!closed) {
            error(block.line, "the ```" + block.info + " block that starts here is never closed");
            return lines_.size();
        }
        attachBlock(block);
        return i;
    }

    std::vector<BlockEntry> readEntries(const RawBlock& block) {
        std::vector<BlockEntry> entries;
        std::map<std::string, int> seen;
        for (const auto& [line, number] : block.lines) {
            const std::string_view t = trim(line);
            if (t.empty() || t[0] == '#')
                continue;
            const bool indented = line[0] == ' ' || line[0] == '\t';
            if (indented && !entries.empty()) {
                // A continuation: SQL or a long filter over several lines.
                auto& value = entries.back().value;
                if (!value.empty())
                    value += '\n';
                value += t;
                continue;
            }
            const auto colon = t.find(':');
            if (colon == std::string_view::npos) {
                error(number, "expected 'key: value' in the ```" + block.info + " block, not '" +
                                  std::string(t) + "'");
                continue;
            }
            const std::string key = normalizeKey(t.substr(0, colon));
            if (!validKey(key)) {
                error(number, "'" + std::string(trim(t.substr(0, colon))) +
                                  "' is not a key (letters, digits, spaces, '-', '_', '.')");
                continue;
            }
            if (auto it = seen.find(key); it != seen.end()) {
                error(number, "'" + key + "' is given twice (first on line " +
                                  std::to_string(it->second) + ")");
                continue;
            }
            seen.emplace(key, number);
            entries.push_back({key, std::string(trim(t.substr(colon + 1))), number});
        }
        for (const auto& e : entries)
            if (e.value.empty())
                error(e.line, "'" + e.key + "' has no value");
        return entries;
    }

    void attachBlock(const RawBlock& block) {
        if (section_ != Section::Step || book().steps.empty()) {
            error(block.line, "a ```" + block.info +
                                  " block belongs inside a step (after a "
                                  "'## ' heading)");
            return;
        }
        RunbookStep& step = book().steps.back();
        if (step.blockLine) {
            error(block.line, "the step '" + step.title + "' already has its action block (line " +
                                  std::to_string(step.blockLine) + "); a step holds one");
            return;
        }
        step.blockLine = block.line;
        const auto entries = readEntries(block);
        if (block.info == "check")
            readCheck(step, block, entries);
        else if (block.info == "gate")
            readGate(step, block, entries);
        else if (block.info == "conclusion")
            readConclusion(step, block, entries);
        else
            readManual(step, block, entries);
    }

    void setLink(std::optional<StepLink>& link, const BlockEntry& e) {
        std::string_view v = trim(e.value);
        // [Some step](#some-step) -> #some-step
        if (!v.empty() && v.front() == '[') {
            const auto open = v.find("](");
            if (open != std::string_view::npos && v.back() == ')')
                v = v.substr(open + 2, v.size() - open - 3);
        }
        if (!v.empty() && v.front() == '#')
            v.remove_prefix(1);
        link = StepLink{std::string(trim(v)), e.line};
    }

    void unknownKey(const RawBlock& block, const BlockEntry& e,
                    const std::vector<std::string>& known) {
        std::string list;
        for (const auto& k : known)
            list += (list.empty() ? "" : ", ") + k;
        error(e.line, "unknown key '" + e.key + "' in a ```" + block.info + " block" +
                          suggestionFor(e.key, known) + "; known: " + list);
    }

    void readCheck(RunbookStep& step, const RawBlock& block, const std::vector<BlockEntry>& es) {
        step.kind = StepKind::Check;
        CheckSpec spec;
        bool hasKind = false;
        for (const auto& e : es) {
            if (e.value.empty())
                continue;
            if (e.key == "kind") {
                spec.kind = e.value;
                spec.kindLine = e.line;
                hasKind = true;
            } else if (e.key == "pass") {
                auto parsed = PassCondition::parse(e.value);
                if (auto* err = std::get_if<ConditionError>(&parsed))
                    error(e.line, "pass condition: " + err->message + " (column " +
                                      std::to_string(e.value.size() ? err->position + 1 : 1) +
                                      " of '" + e.value + "')");
                else
                    spec.pass = std::get<PassCondition>(std::move(parsed));
                spec.passLine = e.line;
            } else if (e.key == "evidence") {
                readEvidenceList(spec, e);
            } else if (e.key == "impact") {
                const std::string v = asciiLower(e.value);
                if (v == "lost")
                    spec.impact = ImpactKind::Lost;
                else if (v == "delayed")
                    spec.impact = ImpactKind::Delayed;
                else
                    error(e.line, "impact is 'lost' or 'delayed' (records this check counts), "
                                  "not '" +
                                      e.value + "'");
            } else if (e.key == "limit") {
                int limit = 0;
                const auto [p, ec] =
                    std::from_chars(e.value.data(), e.value.data() + e.value.size(), limit);
                if (ec != std::errc() || p != e.value.data() + e.value.size() || limit < 1 ||
                    limit > 200)
                    error(e.line, "limit is a whole number of evidence rows from 1 to 200, not '" +
                                      e.value + "'");
                else
                    spec.limit = limit;
            } else if (e.key == "on pass") {
                setLink(step.onPass, e);
            } else if (e.key == "on fail") {
                setLink(step.onFail, e);
            } else if (e.key == "next") {
                setLink(step.next, e);
            } else if (e.key == "on approve" || e.key == "on reject" || e.key == "verdict" ||
                       e.key == "diagnosis" || e.key == "action") {
                error(e.line, "'" + e.key + "' does not belong in a ```check block");
            } else {
                spec.parameters.push_back(e); // the kind's own; checked against the registry
            }
        }
        if (!hasKind)
            error(block.line, "the ```check block has no 'kind' (e.g. kind: log_count)");
        if ((step.onPass || step.onFail) && step.next)
            error(step.next->line, "use 'on pass' / 'on fail' or 'next', not both");
        if ((step.onPass || step.onFail) && !spec.pass && hasKind)
            error((step.onPass ? step.onPass : step.onFail)->line,
                  "'on pass' / 'on fail' need a 'pass' condition to decide between them");
        step.check = std::move(spec);
    }

    void readEvidenceList(CheckSpec& spec, const BlockEntry& e) {
        std::string_view rest = e.value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const std::string item = asciiLower(trim(rest.substr(0, comma)));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            if (item.empty())
                continue;
            if (item == "none")
                spec.noEvidence = true;
            else
                spec.evidence.push_back(item);
        }
        if (spec.noEvidence && !spec.evidence.empty())
            error(e.line, "'evidence: none' cannot list evidence as well");
    }

    void readGate(RunbookStep& step, const RawBlock& block, const std::vector<BlockEntry>& es) {
        step.kind = StepKind::Gate;
        GateSpec spec;
        for (const auto& e : es) {
            if (e.key == "action")
                spec.action = e.value;
            else if (e.key == "approvers")
                spec.approvers = e.value;
            else if (e.key == "on approve")
                setLink(step.onPass, e);
            else if (e.key == "on reject")
                setLink(step.onFail, e);
            else if (e.key == "next")
                setLink(step.next, e);
            else
                unknownKey(block, e, {"action", "approvers", "on approve", "on reject", "next"});
        }
        if (spec.action.empty())
            error(block.line, "the ```gate block needs an 'action': what is approved or rejected");
        if ((step.onPass || step.onFail) && step.next)
            error(step.next->line, "use 'on approve' / 'on reject' or 'next', not both");
        step.gate = std::move(spec);
    }

    void readConclusion(RunbookStep& step, const RawBlock& block,
                        const std::vector<BlockEntry>& es) {
        step.kind = StepKind::Conclusion;
        ConclusionSpec spec;
        bool hasVerdict = false;
        for (const auto& e : es) {
            if (e.key == "diagnosis") {
                spec.diagnosis = e.value;
            } else if (e.key == "verdict") {
                const std::string v = asciiLower(e.value);
                hasVerdict = true;
                if (v == "confirmed")
                    spec.verdict = Verdict::Confirmed;
                else if (v == "ruled-out" || v == "ruled out")
                    spec.verdict = Verdict::RuledOut;
                else if (v == "inconclusive")
                    spec.verdict = Verdict::Inconclusive;
                else
                    error(e.line,
                          "verdict is confirmed, ruled-out or inconclusive, not '" + e.value + "'");
            } else if (e.key == "next" || e.key.rfind("on ", 0) == 0) {
                error(e.line, "a conclusion ends the run; it has no '" + e.key + "'");
            } else {
                unknownKey(block, e, {"diagnosis", "verdict"});
            }
        }
        if (spec.diagnosis.empty())
            error(block.line, "the ```conclusion block needs a 'diagnosis'");
        if (!hasVerdict)
            error(block.line,
                  "the ```conclusion block needs a 'verdict' (confirmed, ruled-out, inconclusive)");
        step.conclusion = std::move(spec);
    }

    void readManual(RunbookStep& step, const RawBlock& block, const std::vector<BlockEntry>& es) {
        step.kind = StepKind::Manual;
        for (const auto& e : es) {
            if (e.key == "next")
                setLink(step.next, e);
            else
                unknownKey(block, e, {"next"});
        }
    }

    void resolveLink(std::optional<StepLink>& link) {
        if (!link)
            return;
        if (book().findStep(link->target))
            return;
        const std::string bySlug = stepSlug(link->target);
        if (book().findStep(bySlug)) {
            link->target = bySlug;
            return;
        }
        std::vector<std::string> ids;
        for (const auto& s : book().steps)
            ids.push_back(s.id);
        error(link->line, "no step '" + link->target + "'" + suggestionFor(bySlug, ids));
    }

    void resolveLinks() {
        for (auto& step : book().steps) {
            resolveLink(step.onPass);
            resolveLink(step.onFail);
            resolveLink(step.next);
            if (step.kind == StepKind::Conclusion && (step.onPass || step.onFail || step.next))
                error(step.blockLine, "a conclusion ends the run; it has no next step");
        }
    }

    void findUnreachable() {
        if (!result_.errors.empty() || book().steps.empty())
            return;
        std::set<std::string> reached;
        std::vector<const RunbookStep*> pending{&book().steps.front()};
        while (!pending.empty()) {
            const RunbookStep* step = pending.back();
            pending.pop_back();
            if (!reached.insert(step->id).second)
                continue;
            auto follow = [&](const std::optional<StepLink>& link) {
                if (link)
                    pending.push_back(book().findStep(link->target));
            };
            if (step->kind == StepKind::Conclusion)
                continue;
            follow(step->onPass);
            follow(step->onFail);
            follow(step->next);
            const bool fallsThrough = step->next ? false
                                      : (step->kind == StepKind::Check && step->check->pass) ||
                                              step->kind == StepKind::Gate
                                          ? !(step->onPass && step->onFail)
                                          : true;
            if (fallsThrough)
                if (const auto* after = book().stepAfter(step->id))
                    pending.push_back(after);
        }
        for (const auto& step : book().steps)
            if (!reached.count(step.id))
                warning(step.line,
                        "no path from the first step reaches the step '" + step.title + "'");
    }

    RunbookParse result_;
    std::vector<std::string_view> lines_;
    Section section_ = Section::Preamble;
    int titleLine_ = 0;
    int symptomsLine_ = 0;
    int firstHeadingLine_ = 0;
};

} // namespace

RunbookParse parseRunbook(std::string_view markdown, std::string name) {
    return Parser(markdown, std::move(name)).run();
}

RunbookParse loadRunbook(std::string_view markdown, const CheckRegistry& registry,
                         std::string name) {
    RunbookParse parsed = parseRunbook(markdown, std::move(name));
    if (!parsed.ok())
        return parsed;
    auto problems = validateRunbook(*parsed.runbook, registry);
    if (!problems.empty()) {
        parsed.errors = std::move(problems);
        parsed.runbook.reset();
    }
    return parsed;
}

} // namespace casebook
