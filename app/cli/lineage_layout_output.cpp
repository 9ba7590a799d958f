#include "app/cli/lineage_layout_output.h"

#include "core/layout/layout_cache.h"
#include "core/layout/layout_codec.h"
#include "core/lineage/lineage_store.h"
#include "core/lineage/view_layout.h"

#include <fstream>

namespace casebook::cli {

int lineageLayout(Workspace& ws, const Scope& scope, const Args& args,
                  std::optional<std::int64_t> atNs, std::ostream& out) {
    const auto graph = loadLineageGraph(ws, scope, atNs);
    const auto status = lineageStatus(ws, scope, graph, atNs);
    LineageView view;
    if (args.positionals().size() == 3) {
        const auto found = resolveLineageNode(ws, scope, args.positionals()[2]);
        if (!found.node)
            throw std::runtime_error(found.error);
        const auto focus = graph.indexOf(found.node->info.id);
        if (!focus)
            throw std::runtime_error(found.node->info.qualifiedName() + " was not known yet then");
        LineageViewOptions options;
        options.focus = *focus;
        options.hops = static_cast<int>(args.integer("depth", 2, 0, 1000));
        view = buildLineageView(graph, options, &status);
    } else {
        view = wholeLineageView(graph, {}, &status);
    }
    if (view.nodes.empty())
        throw std::runtime_error("no lineage in this scope");
    const LayoutRequest request = layoutRequestFor(view, graph, &status);

    std::string text;
    if (args.flag("json")) {
        // Coordinates only, from the workspace's layout cache when this view was laid out
        // before (by the GUI or a previous run).
        const std::string key = layoutCacheKey(request);
        auto layout = cachedLayout(ws, scope, key);
        if (!layout) {
            layout = layoutGraph(request);
            storeLayout(ws, scope, key, *layout);
        }
        text = resultToJson(*layout) + "\n";
    } else {
        const std::string format = args.value("format").value_or("svg");
        if (format != "svg" && format != "dot")
            throw UsageError("--format must be svg or dot for layout, not \"" + format + "\"");
        text = renderGraph(request, format);
    }
    if (auto file = args.value("out")) {
        std::ofstream f(*file, std::ios::binary);
        f << text;
        if (!f)
            throw std::runtime_error("cannot write " + *file);
        out << "wrote " << *file << ": " << view.nodeCount() << " nodes, " << view.groupCount()
            << " folded groups, " << view.edges.size() << " edges\n";
    } else {
        out << text;
    }
    return 0;
}

} // namespace casebook::cli
