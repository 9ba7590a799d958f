#pragma once
// Log templates mined from messages, after Drain (He et al., "Drain: An Online Log Parsing
// Approach with Fixed Depth Tree", ICWS 2017): messages are split into tokens, tokens that
// carry values (numbers, ids, addresses) are masked as <*>, and a message joins the most
// similar template of the same length and first token when at least half of the template's
// fixed tokens match; differing positions become <*>. key=value tokens keep their key
// (company=<*>), and double-quoted text is one token, so a name with spaces does not split
// a template in two.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace casebook {

inline constexpr std::string_view kTemplateWildcard = "<*>";

// Tokens of a message with values masked.
std::vector<std::string> templateTokens(std::string_view message);
// "rejected submission: unknown field <*>".
std::string joinTemplate(const std::vector<std::string>& tokens);
// Whether a message fits a template (its tokens masked as above): same length, every
// fixed token equal; key=<*> matches key=anything.
bool templateMatches(const std::vector<std::string>& templateTokens,
                     const std::vector<std::string>& messageTokens);

class LogTemplateMiner {
public:
    struct Template {
        std::vector<std::string> tokens;
        std::int64_t count = 0;
        std::string text() const { return joinTemplate(tokens); }
    };

    explicit LogTemplateMiner(double similarity = 0.5) : similarity_(similarity) {}

    // Learns from the message; returns the index of its template.
    std::size_t add(std::string_view message);
    // The template the message would join, without learning.
    std::optional<std::size_t> match(std::string_view message) const;
    const std::vector<Template>& templates() const { return templates_; }

private:
    std::size_t addTokens(std::vector<std::string> tokens);
    std::optional<std::size_t> best(const std::vector<std::string>& tokens,
                                    const std::vector<std::size_t>& group) const;
    static std::string groupKey(const std::vector<std::string>& tokens);

    double similarity_;
    std::vector<Template> templates_;
    std::map<std::string, std::vector<std::size_t>> groups_; // length + first token
};

} // namespace casebook
