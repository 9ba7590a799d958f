#include "core/runbook/check_registry.h"

namespace casebook {

// Defined next to their implementations (check_*.cpp).
CheckKind filterCheckKind();
CheckKind sqlCheckKind();
CheckKind errorRatioCheckKind();
CheckKind changesCheckKind();
CheckKind logCountCheckKind();
CheckKind shareCheckKind();
CheckKind duplicatesCheckKind();
CheckKind metricChangeCheckKind();
CheckKind sloStatusCheckKind();
CheckKind logTemplateCountCheckKind();
CheckKind lineageImpactCheckKind();

void registerBuiltinChecks(CheckRegistry& registry) {
    registry.add(filterCheckKind());
    registry.add(sqlCheckKind());
    registry.add(errorRatioCheckKind());
    registry.add(changesCheckKind());
    registry.add(logCountCheckKind());
    registry.add(shareCheckKind());
    registry.add(duplicatesCheckKind());
    registry.add(metricChangeCheckKind());
    registry.add(sloStatusCheckKind());
    registry.add(logTemplateCountCheckKind());
    registry.add(lineageImpactCheckKind());
}

} // namespace casebook
