#include "core/layout/layout_codec.h"

#include "core/util/content_hash.h"

#include <nlohmann/json.hpp>

namespace casebook {

namespace {

using json = nlohmann::json;

json optionsJson(const LayoutOptions& o) {
    return {{"rankdir", o.rankdir},       {"nodesep", o.nodesep},      {"ranksep", o.ranksep},
            {"nslimit", o.nslimit},       {"nslimit1", o.nslimit1},    {"mclimit", o.mclimit},
            {"remincross", o.remincross}, {"searchsize", o.searchsize}};
}

json parse(std::string_view text) {
    auto doc = json::parse(text, nullptr, false);
    if (!doc.is_object())
        throw LayoutError("layout JSON is not an object");
    return doc;
}

json points(const std::vector<LayoutPoint>& list) {
    json out = json::array();
    for (const auto& p : list) {
        out.push_back(p.x);
        out.push_back(p.y);
    }
    return out;
}

} // namespace

std::string requestToJson(const LayoutRequest& request) {
    json nodes = json::array();
    for (const auto& n : request.nodes)
        nodes.push_back({{"id", n.id},
                         {"label", n.label},
                         {"width", n.width},
                         {"height", n.height},
                         {"shape", n.shape},
                         {"fill", n.fill},
                         {"stroke", n.stroke},
                         {"style", n.style}});
    json edges = json::array();
    for (const auto& e : request.edges)
        edges.push_back({{"from", e.from}, {"to", e.to}, {"style", e.style}, {"color", e.color}});
    return json{{"nodes", nodes}, {"edges", edges}, {"options", optionsJson(request.options)}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

LayoutRequest requestFromJson(std::string_view text) {
    try {
        const json doc = parse(text);
        LayoutRequest r;
        for (const auto& n : doc.at("nodes"))
            r.nodes.push_back({n.at("id"), n.value("label", ""), n.value("width", 72.0),
                               n.value("height", 36.0), n.value("shape", "box"),
                               n.value("fill", ""), n.value("stroke", ""), n.value("style", "")});
        for (const auto& e : doc.at("edges"))
            r.edges.push_back(
                {e.at("from"), e.at("to"), e.value("style", ""), e.value("color", "")});
        const json& o = doc.at("options");
        r.options.rankdir = o.value("rankdir", "LR");
        r.options.nodesep = o.value("nodesep", 0.25);
        r.options.ranksep = o.value("ranksep", 0.55);
        r.options.nslimit = o.value("nslimit", 8.0);
        r.options.nslimit1 = o.value("nslimit1", 8.0);
        r.options.mclimit = o.value("mclimit", 1.0);
        r.options.remincross = o.value("remincross", true);
        r.options.searchsize = o.value("searchsize", 30);
        return r;
    } catch (const json::exception& e) {
        throw LayoutError(std::string("bad layout request: ") + e.what());
    }
}

std::string resultToJson(const LayoutResult& result) {
    json nodes = json::array();
    for (const auto& n : result.nodes)
        nodes.push_back(
            {{"id", n.id}, {"x", n.center.x}, {"y", n.center.y}, {"w", n.width}, {"h", n.height}});
    json edges = json::array();
    for (const auto& e : result.edges) {
        json edge = {{"from", e.from}, {"to", e.to}, {"points", points(e.points)}};
        if (e.arrowTip)
            edge["tip"] = {e.arrowTip->x, e.arrowTip->y};
        edges.push_back(std::move(edge));
    }
    return json{
        {"width", result.width}, {"height", result.height}, {"nodes", nodes}, {"edges", edges}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

LayoutResult resultFromJson(std::string_view text) {
    try {
        const json doc = parse(text);
        LayoutResult r;
        r.width = doc.at("width");
        r.height = doc.at("height");
        for (const auto& n : doc.at("nodes"))
            r.nodes.push_back({n.at("id"), {n.at("x"), n.at("y")}, n.at("w"), n.at("h")});
        for (const auto& e : doc.at("edges")) {
            LayoutEdge edge;
            edge.from = e.at("from");
            edge.to = e.at("to");
            const auto& list = e.at("points");
            for (std::size_t i = 0; i + 1 < list.size(); i += 2)
                edge.points.push_back({list[i], list[i + 1]});
            if (e.contains("tip"))
                edge.arrowTip = LayoutPoint{e["tip"][0], e["tip"][1]};
            r.edges.push_back(std::move(edge));
        }
        return r;
    } catch (const json::exception& e) {
        throw LayoutError(std::string("bad layout result: ") + e.what());
    }
}

std::string layoutCacheKey(const LayoutRequest& request) {
    ContentHasher hasher;
    auto add = [&](std::string_view part) {
        hasher.update(part);
        hasher.update(std::string_view("\x1f", 1));
    };
    for (const auto& n : request.nodes) {
        add(n.id);
        add(std::to_string(std::lround(n.width * 10)) + "x" +
            std::to_string(std::lround(n.height * 10)));
    }
    add("edges");
    for (const auto& e : request.edges) {
        add(e.from);
        add(e.to);
    }
    add(optionsJson(request.options).dump());
    return hasher.hex();
}

} // namespace casebook
