# Shared INTERFACE targets: every Casebook target links casebook_options and
# casebook_warnings instead of repeating flags.
add_library(casebook_options INTERFACE)
target_compile_features(casebook_options INTERFACE cxx_std_20)
target_include_directories(casebook_options INTERFACE ${PROJECT_SOURCE_DIR})
if(CASEBOOK_SANITIZE)
  target_compile_options(casebook_options INTERFACE -fsanitize=address,undefined
                                                   -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(casebook_options INTERFACE -fsanitize=address,undefined)
endif()

if(CASEBOOK_FUZZ)
  # Coverage instrumentation for libFuzzer plus ASan/UBSan on every library; the fuzz
  # executables add -fsanitize=fuzzer themselves (tests/fuzz).
  # Undefined behaviour aborts like a crash, so that libFuzzer keeps the input and the run
  # fails instead of printing a report nobody reads.
  target_compile_options(casebook_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined
                                                   -fno-sanitize-recover=undefined
                                                   -fno-omit-frame-pointer)
  target_link_options(casebook_options INTERFACE -fsanitize=address,undefined)
endif()

add_library(casebook_warnings INTERFACE)
target_compile_options(casebook_warnings INTERFACE -Wall -Wextra -Wpedantic)
# GCC 12 at -O3 reports -Wrestrict inside std::string's operator+ for "literal" + string
# (GCC bug 105329, fixed in GCC 13): a false positive in the library, not in our code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(casebook_warnings INTERFACE -Wno-restrict)
endif()
