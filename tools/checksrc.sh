#!/usr/bin/env bash
# tools/checksrc.sh - the calls the style guide bans from the project's C sources: functions
# with hidden global state or no bounds (strtok, strcpy, sprintf, atoi, rand, localtime,
# gmtime, setlocale) and GEOS's non-reentrant API. Prints each use; exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
status=0
hits=$(grep -nE '\b(strtok|strcpy|sprintf|atoi|rand|localtime|gmtime|setlocale)[[:space:]]*\(' \
    --include='*.c' --include='*.h' -r common geo routes engine cli include bench tests |
    grep -vE '\b(snprintf|vsnprintf)\b')
if [ -n "$hits" ]; then
    echo "banned calls:"
    echo "$hits"
    status=1
fi
# GEOS: every geometry call goes through a context (the _r API); geo/ defines
# GEOS_USE_ONLY_R_API, and nothing outside geo/ and the tests includes geos_c.h
geos=$(grep -ln 'geos_c.h' -r common routes engine cli include bench)
if [ -n "$geos" ]; then
    echo "geos_c.h outside geo/:"
    echo "$geos"
    status=1
fi
sqlite=$(grep -ln 'include <sqlite3.h>\|include <spatialite.h>' -r common geo engine cli include bench routes |
    grep -v '^routes/store.c$')
if [ -n "$sqlite" ]; then
    echo "sqlite3.h / spatialite.h outside routes/store.c:"
    echo "$sqlite"
    status=1
fi
[ "$status" -eq 0 ] && echo "1 passed, 0 failed"
[ "$status" -eq 0 ] || echo "0 passed, 1 failed"
exit "$status"
