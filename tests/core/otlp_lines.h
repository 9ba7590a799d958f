#pragma once
// Small OTLP/JSON request lines for the bundle tests. Kept out of the test sources
// because moc misreads raw string literals that contain quotes.

#include <cstdio>
#include <string>

namespace casebook::test {

// One OTLP/JSON request line with `spans` spans of one trace .
inline std::string spanLine(const std::string& service, const std::string& tenant, int traceNo,
                            int spans) {
    std::string line =
        R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":")" +
        service + R"("}},{"key":"tenant.id","value":{"stringValue":")" + tenant +
        R"("}}]},"scopeSpans":[{"scope":{"name":"test"},"spans":[)";
    char trace[40];
    std::snprintf(trace, sizeof trace, "%032x", traceNo + 1);
    for (int i = 0; i < spans; ++i) {
        char span[20];
        std::snprintf(span, sizeof span, "%016x", traceNo * 100 + i + 1);
        if (i)
            line += ',';
        line +=
            R"({"traceId":")" + std::string(trace) + R"(","spanId":")" + span + R"(","name":"op)" +
            std::to_string(i) +
            R"(","kind":2,"startTimeUnixNano":"1795165200000000000","endTimeUnixNano":"1795165200500000000"})";
    }
    return line + "]}]}]}\n";
}

} // namespace casebook::test
