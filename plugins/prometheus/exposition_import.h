#pragma once
// What the Prometheus text and OpenMetrics importers share: reading a file through the
// assembler, and telling the two formats apart by content.

#include "core/import/importer.h"
#include "plugins/prometheus/exposition_syntax.h"

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace casebook {

// Reads a whole exposition file. Samples without a timestamp get the file's
// modification time. OpenMetrics: a file without "# EOF" is partial (it was cut); an
// unterminated last line that is not "# EOF" is where it broke off and is not imported.
FileOutcome importExposition(ExpositionDialect dialect, const std::filesystem::path& file,
                             const ImportContext& context, RecordSink& sink);

// The modification time of a file in ns since the epoch, 0 when it cannot be read.
std::int64_t fileModificationNs(const std::filesystem::path& file);

enum class ExpositionShape { None, PrometheusText, OpenMetrics };

// Looks at the complete lines of a head: every one must be blank, a comment or a sample
// line, and there must be a sample or a # HELP / # TYPE. OpenMetrics shows itself by
// "# EOF", "# UNIT", an exemplar, a timestamp with a fraction, a type Prometheus text
// lacks (info, stateset, gaugehistogram), or a family whose samples carry suffixes that
// Prometheus text does not give them (counter "a" with "a_total", "a_created").
ExpositionShape classifyExposition(std::string_view head);

} // namespace casebook
