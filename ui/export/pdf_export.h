#pragma once
// The incident export as PDF: the print flavour of core's HTML laid out by QTextDocument
// and written with QPdfWriter (A4, page numbers in the footer). A small library of its
// own that links Qt Gui only, so casebook-cli can write PDFs too. No Qt type appears
// here: callers without Qt include this header as it is.

#include "core/export/incident_report.h"

#include <filesystem>

namespace casebook {

// Writes `report` to `path` (whole, then renamed into place). Without a running
// QGuiApplication (casebook-cli), one is created on the offscreen platform for the
// duration of the call. Safe to call from a worker thread of the GUI. Throws
// std::runtime_error when the file cannot be written.
void writePdfExport(const RedactedReport& report, const std::filesystem::path& path);

} // namespace casebook
