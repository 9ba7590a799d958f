#include "ui/import/import_summary.h"

#include "ui/util/text.h"

namespace casebook::ui {
namespace {

QString count(std::uint64_t n) {
    return formatCount(static_cast<std::int64_t>(n));
}

// The import itself: what landed, what was rejected, or why nothing landed.
ImportSummary summarizeReport(const ImportReport& r, const QString& fallbackName) {
    const auto tr = [](const char* text) { return ImportSummary::tr(text); };
    const QString name = r.bundleName.empty() ? fallbackName : toQString(r.bundleName);
    ImportSummary summary;
    switch (r.status) {
    case ImportStatus::Imported: {
        int partial = 0;
        for (const auto& f : r.files)
            partial += f.partial ? 1 : 0;
        summary.text =
            tr("Imported “%1”: %2 spans, %3 logs, %4 metric points and %5 changes "
               "from %6 in %7 s.")
                .arg(name, count(r.spans), count(r.logs), count(r.metricPoints), count(r.changes),
                     countOf(static_cast<std::int64_t>(r.files.size()), tr("file"), tr("files")))
                .arg(r.seconds, 0, 'f', 1);
        if (r.lineage > 0)
            summary.text += u' ' + tr("Lineage: %1.").arg(countOf(
                                       static_cast<std::int64_t>(r.lineage), tr("record"), tr("records")));
        if (r.rejected > 0)
            summary.text += u' ' + tr("%1 rejected — see Rejected records in the Import Report.")
                                       .arg(countOf(static_cast<std::int64_t>(r.rejected),
                                                    tr("record"), tr("records")));
        if (partial > 0)
            summary.text += u' ' + tr("%1 broke off and imported in part.")
                                       .arg(countOf(partial, tr("file"), tr("files")));
        for (const auto& sample : r.rejectedSamples)
            summary.details += toQString(sample.path) % QStringLiteral(", ") %
                               toQString(sample.location) % QStringLiteral(": ") %
                               toQString(sample.reason) % u'\n';
        summary.details = summary.details.trimmed();
        summary.tone = r.rejected > 0 || partial > 0 ? ImportSummary::Tone::Warning
                                                     : ImportSummary::Tone::Success;
        break;
    }
    case ImportStatus::AlreadyImported:
        summary.text =
            tr("“%1” was imported into this workspace before; nothing was added.").arg(name);
        break;
    case ImportStatus::Cancelled:
        summary.text = tr("Import of “%1” cancelled — the workspace is unchanged.").arg(name);
        break;
    case ImportStatus::Failed:
        summary.tone = ImportSummary::Tone::Error;
        summary.text = tr("Import of “%1” failed: %2").arg(name, toQString(r.error));
        break;
    }
    return summary;
}

// "2 plugins were refused: a.so (reason); b.so (reason)."
QString refusals(const std::vector<PluginLoad>& refused) {
    const auto tr = [](const char* text) { return ImportSummary::tr(text); };
    QStringList each;
    for (const PluginLoad& load : refused)
        each << tr("%1 (%2)").arg(toQString(load.path.filename().string()),
                                  toQString(load.message));
    return tr("%1 refused: %2.")
        .arg(countOf(static_cast<std::int64_t>(refused.size()), tr("plugin was"),
                     tr("plugins were")),
             each.join(QStringLiteral("; ")));
}

} // namespace

ImportSummary summarizeImport(const ImportReport& r, const QString& fallbackName,
                              const std::vector<PluginLoad>& refusedPlugins) {
    ImportSummary summary = summarizeReport(r, fallbackName);
    if (refusedPlugins.empty())
        return summary;
    summary.text += u'\n' + refusals(refusedPlugins); // a line of its own: another matter
    if (summary.tone == ImportSummary::Tone::Success ||
        summary.tone == ImportSummary::Tone::Information)
        summary.tone = ImportSummary::Tone::Warning;
    return summary;
}

} // namespace casebook::ui
