# Writes a C++ source holding every resources/runbooks/*.md as a string, so that the
# engine (and casebook-cli, which has no Qt resources) carries the bundled runbooks.
# Called at build time: cmake -DRUNBOOK_DIR=... -DOUTPUT=... -P EmbedRunbooks.cmake
file(GLOB runbooks "${RUNBOOK_DIR}/*.md")
list(SORT runbooks)
set(entries "")
foreach(path IN LISTS runbooks)
  get_filename_component(name "${path}" NAME_WE)
  string(REPLACE "-" "_" symbol "${name}")
  file(READ "${path}" hex HEX)
  # Bytes as a braced list: safe for any content, unlike a raw string literal.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND entries "const char k_${symbol}[] = {${bytes}};\n")
  string(APPEND entries_list "    {\"${name}\", {k_${symbol}, sizeof k_${symbol}}},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from resources/runbooks by cmake/EmbedRunbooks.cmake; do not edit.
#include \"core/runbook/bundled_runbooks.h\"

namespace casebook {
namespace {
${entries}
const BundledRunbook kRunbooks[] = {
${entries_list}};
} // namespace

std::span<const BundledRunbook> bundledRunbooks() {
    return kRunbooks;
}

} // namespace casebook
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
