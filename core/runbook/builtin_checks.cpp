#include "core/runbook/check_registry.h"

namespace casebook {

// Defined next to their implementations (check_*.cpp).
CheckKind filterCheckKind();
CheckKind sqlCheckKind();
CheckKind errorRatioCheckKind();
CheckKind changesCheckKind();
CheckKind logCountCheckKind();

void registerBuiltinChecks(CheckRegistry& registry) {
    registry.add(filterCheckKind());
    registry.add(sqlCheckKind());
    registry.add(errorRatioCheckKind());
    registry.add(changesCheckKind());
    registry.add(logCountCheckKind());
}

} // namespace casebook
