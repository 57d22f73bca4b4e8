#!/usr/bin/env bash
# tools/dev.sh - set up, build and run skylane on a Debian 12 machine.
#
#   tools/dev.sh demo       install what is missing, build, run the main job on the embedded
#                           Luohu default (summarise it, export it, plan a delivery route)
#   tools/dev.sh test       install what is missing, build, run the whole test suite
#   tools/dev.sh sanitize   the same suite built with AddressSanitizer + UBSan (build-asan/)
#   tools/dev.sh tsan       the multi-threaded planner suite under ThreadSanitizer (build-tsan/)
#   tools/dev.sh bench      build and run the benchmark programs (figures, not pass/fail)
#   tools/dev.sh deps       only install what is missing
#
# Environment: BUILD_DIR (default build), SKY_WERROR=1 (warnings are errors), JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake pkg-config libgeos-dev libproj-dev proj-data libsqlite3-dev
      libspatialite-dev libjson-c-dev libcmocka-dev python3 gdal-bin)
JOBS=${JOBS:-$(nproc)}
BUILD_DIR=${BUILD_DIR:-build}

deps() {
    local missing=() p
    for p in "${PKGS[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "tools/dev.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake args...]
    local dir=$1
    shift
    cmake -S . -B "$dir" -DSKY_WERROR="${SKY_WERROR:-OFF}" "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

cmd=${1:-}
case "$cmd" in
deps)
    deps ;;
demo)
    deps
    build "$BUILD_DIR"
    echo
    "$BUILD_DIR/bin/skylane" info
    "$BUILD_DIR/bin/skylane" export -o "$BUILD_DIR/luohu.geojson"
    echo "wrote $BUILD_DIR/luohu.geojson (open it in QGIS or geojson.io)"
    echo
    # a delivery at noon: round the Dongmen crowd zone and the eVTOL area
    "$BUILD_DIR/bin/skylane" plan --from LH-VP-021 --to LH-VP-019 \
        --depart 2026-06-15T12:00+08:00 -o "$BUILD_DIR/route.geojson"
    echo "wrote $BUILD_DIR/route.geojson" ;;
test)
    deps
    build "$BUILD_DIR"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" ;;
sanitize)
    deps
    build build-asan -DCMAKE_BUILD_TYPE=Debug -DSKY_SANITIZE="address;undefined" \
        -DSKY_BUILD_BENCH=OFF
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j "$JOBS" ;;
tsan)
    # the threads suite (eight planners on one engine) under ThreadSanitizer
    deps
    build build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSKY_SANITIZE=thread \
        -DSKY_BUILD_BENCH=OFF
    TSAN_OPTIONS=halt_on_error=1 ctest --test-dir build-tsan --output-on-failure \
        -R 'test_engine_plan' ;;
bench)
    deps
    build "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
    "$BUILD_DIR/bin/bench_store"
    # bench_validate runs on the shared r5000 map; generating it needs python3-shapely (a
    # bench-only dependency, installed here and nowhere else)
    if [ ! -s "$BUILD_DIR/maps/r5000.json" ]; then
        PKGS=(python3-shapely python3-numpy)
        deps
        /usr/bin/python3 "${SKY_BENCH_MAPS:-../shared/bench}/gen_scenarios.py" \
            --out "$BUILD_DIR/maps"
    fi
    "$BUILD_DIR/bin/bench_nav" "$BUILD_DIR"/maps/hand_*.json "$BUILD_DIR/maps/r50.json" \
        "$BUILD_DIR/maps/r500.json" "$BUILD_DIR/maps/r5000.json"
    (cd "$BUILD_DIR" && bin/bench_plan)
    "$BUILD_DIR/bin/bench_validate" "$BUILD_DIR/maps/r5000.json" \
        "$BUILD_DIR/share/skylane/luohu.sqlite" "$BUILD_DIR" ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    [ "$cmd" = "-h" ] || [ "$cmd" = "--help" ] || exit 2 ;;
esac
