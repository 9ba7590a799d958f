// libFuzzer target for the runbook reader: any bytes in, never a crash; every error
// names a line inside the text; a runbook that loads has steps whose links all resolve.
#include "core/runbook/check_registry.h"
#include "core/runbook/runbook_parser.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace casebook;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const RunbookParse parsed = loadRunbook(text, builtinCheckRegistry(), "fuzz");
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    for (const auto& e : parsed.errors)
        if (e.line < 0 || e.line > lines || e.message.empty())
            std::abort();
    if (parsed.ok()) {
        if (!parsed.runbook || parsed.runbook->steps.empty())
            std::abort();
        for (const auto& step : parsed.runbook->steps)
            for (const auto* link : {&step.onPass, &step.onFail, &step.next})
                if (*link && !parsed.runbook->findStep((*link)->target))
                    std::abort();
    }
    return 0;
}
