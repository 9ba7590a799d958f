#include "core/generate/scenario_generator.h"

#include "core/generate/scenario_common.h"

#include <stdexcept>
#include <system_error>

namespace casebook {

std::optional<Scenario> scenarioFromName(std::string_view name) {
    if (name == "lead-flow")
        return Scenario::LeadFlow;
    if (name == "retail-personalization")
        return Scenario::RetailPersonalization;
    return std::nullopt;
}

std::string_view scenarioName(Scenario scenario) {
    switch (scenario) {
    case Scenario::LeadFlow:
        return "lead-flow";
    case Scenario::RetailPersonalization:
        return "retail-personalization";
    }
    return "lead-flow";
}

GenerateSummary generateBundle(const GenerateOptions& options,
                               const std::filesystem::path& outDir) {
    if (options.scale < 1 || options.scale > 1000)
        throw std::invalid_argument("scale must be between 1 and 1000, not " +
                                    std::to_string(options.scale));
    std::error_code ec;
    std::filesystem::create_directories(outDir, ec);
    if (ec)
        throw std::runtime_error("cannot create bundle folder " + outDir.string() + ": " +
                                 ec.message());
    if (!std::filesystem::is_directory(outDir))
        throw std::runtime_error("cannot create bundle folder " + outDir.string() +
                                 ": a file of that name exists");
    switch (options.scenario) {
    case Scenario::LeadFlow:
        return gen::generateLeadFlow(options, outDir);
    case Scenario::RetailPersonalization:
        return gen::generateRetail(options, outDir);
    }
    throw std::invalid_argument("unknown scenario");
}

} // namespace casebook
