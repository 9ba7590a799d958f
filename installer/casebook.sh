#!/usr/bin/env bash
# The two set-up commands of the README.
#   installer/casebook.sh run    install what is missing, build Release, open the GUI on
#                                the bundled lead-flow sample incident
#   installer/casebook.sh test   install what is missing, build, run the whole test suite
# Both are idempotent: a second run rebuilds nothing that is up to date and re-imports nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-run}"
jobs="$(nproc 2>/dev/null || echo 2)"

"$root/installer/install-deps.sh"

case "$mode" in
  run)
    cmake --preset release >/dev/null
    cmake --build --preset release -j "$jobs"
    sample="$root/build/release/sample/lead-flow"
    workspace="$root/build/release/sample/lead-flow.casebook"
    ./build/release/app/cli/casebook-cli generate --scenario lead-flow "$sample"
    ./build/release/app/cli/casebook-cli import "$workspace" "$sample"
    exec ./build/release/app/gui/casebook "$workspace"
    ;;
  test)
    # The suite writes a 250 MB bundle and its workspace to the temp folder; a full disk
    # would otherwise surface as a puzzling test failure.
    tmp_free_kb="$(df -Pk "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $4 }')"
    if [ "${tmp_free_kb:-0}" -lt 2097152 ]; then
      echo "warning: less than 2 GB free in ${TMPDIR:-/tmp}; tests that write large bundles may fail" >&2
    fi
    cmake --preset release >/dev/null
    cmake --build --preset release -j "$jobs"
    # Fuzz smoke: every importer's libFuzzer target for a short time (a separate clang
    # build; longer runs: tests/fuzz/run-fuzzers.sh build/fuzz 600). Set
    # CASEBOOK_FUZZ_SECONDS=0 to skip.
    fuzz_seconds="${CASEBOOK_FUZZ_SECONDS:-15}"
    if [ "$fuzz_seconds" != 0 ]; then
      cmake -G Ninja -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DCASEBOOK_FUZZ=ON >/dev/null
      cmake --build build/fuzz -j "$jobs"
      tests/fuzz/run-fuzzers.sh build/fuzz "$fuzz_seconds"
    fi
    QT_QPA_PLATFORM=offscreen ctest --preset release -j "$jobs"
    ;;
  *)
    echo "usage: installer/casebook.sh run|test" >&2
    exit 2
    ;;
esac
