#pragma once
// The interface between Casebook and importer plugins built as shared libraries.
//
// A plugin is a shared library in the user's plugin folder that exports
// `casebook_plugin_info()`. It implements casebook::Importer (core/import/importer.h)
// against the record structs of core/model/records.h, compiled with the same
// compiler family and standard library as Casebook. Casebook reads `abiVersion` first
// and refuses a plugin built against any other version, so a stale plugin fails with
// a message instead of crashing.
//
// Bump CASEBOOK_PLUGIN_ABI_VERSION whenever Importer, RecordSink, ImportContext,
// FileOutcome, the record structs, or this header change in a way that breaks a
// compiled plugin.

#include "core/import/importer.h"

#include <cstddef>

#define CASEBOOK_PLUGIN_ABI_VERSION 4

extern "C" {

struct CasebookPluginInfo {
    int abiVersion; // always first, so it can be read whatever the rest looks like
    const char* name;
    const char* version;
    std::size_t importerCount;
    // Creates importer `index` (0 <= index < importerCount) with `new`; Casebook owns it.
    casebook::Importer* (*createImporter)(std::size_t index);
};

// The one symbol a plugin exports.
const CasebookPluginInfo* casebook_plugin_info();
using CasebookPluginInfoFunction = const CasebookPluginInfo* (*)();
}
