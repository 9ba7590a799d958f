#pragma once
// Span trees from short text and waterfall rows as text, so tests read like the
// waterfall they check. One span a line:
//
//   name service start end [error] [msg=text] [id=label] [parent=label]
//
// Indentation makes the parent; parent=label overrides it (an unknown label makes an
// orphan), id=label gives a span a chosen id (twice: a duplicate id). Times are ns, or a
// duration with a unit (10ms).

#include "core/trace/trace_model.h"
#include "core/trace/waterfall_rows.h"

#include <string>

namespace casebook::test {

TraceModel traceFromText(const std::string& text);

// One row a line, indented two spaces per depth:
//   span:  "name service" then any of " open", " closed", " error", " match", " hidden-match"
//   folds: "fold <count> service.name p50=<ns> errors=<n>" / "short <count> p50=<ns> errors=<n>"
std::string dumpRows(const TraceModel& model, const WaterfallRows& rows);

} // namespace casebook::test
