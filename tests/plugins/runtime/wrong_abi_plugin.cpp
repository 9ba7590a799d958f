// A plugin built against a future plugin interface: Casebook must refuse it.
#include "core/import/plugin_api.h"

namespace {
const CasebookPluginInfo kInfo{999, "from-the-future", "9.9", 0, nullptr};
}

extern "C" __attribute__((visibility("default"))) const CasebookPluginInfo* casebook_plugin_info() {
    return &kInfo;
}
