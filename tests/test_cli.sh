#!/usr/bin/env bash
# test_cli.sh - the skylane command end to end: --help everywhere, exit codes, error lines that
# name file, feature and field, the embedded default database, SKYLANE_DB, a refused import
# leaving the database as it was, and export -> import -> export being exact.
#
# usage: bash tests/test_cli.sh SKYLANE_BINARY TESTS_SOURCE_DIR TMPDIR
set -u

SKY=${1:?usage: test_cli.sh SKYLANE_BINARY TESTS_SOURCE_DIR TMPDIR}
SRC=${2:?tests source dir}
TMPROOT=${3:?scratch dir}
mkdir -p "$TMPROOT"
T=$(mktemp -d "$TMPROOT/cli.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
# the default database is what these tests are about: never let the caller's environment choose
unset SKYLANE_DB
: "$SRC"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*" >&2
}
HAVE_PY=0
command -v python3 >/dev/null 2>&1 && HAVE_PY=1

# run CMD...: stdout in $T/out, stderr in $T/err, exit status in $rc
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}
show() { sed 's/^/    /' "$T/err" >&2; }

# expect_rc WANT DESC CMD...
expect_rc() {
    local want=$1 desc=$2
    shift 2
    run "$@"
    if [ "$rc" -eq "$want" ]; then ok; else
        bad "$desc: exit $rc, expected $want"
        show
    fi
}

# --- help ---------------------------------------------------------------------------------
check_help() {
    local desc=$1 pattern=$2
    shift 2
    run "$@"
    if [ "$rc" -eq 0 ] && grep -q "$pattern" "$T/out"; then ok; else
        bad "$desc: exit $rc, or stdout lacks '$pattern'"
        show
    fi
}
check_help "skylane --help" '^usage: skylane' "$SKY" --help
check_help "skylane import --help" '^usage: skylane import' "$SKY" import --help
check_help "skylane info --help" '^usage: skylane info' "$SKY" info --help
check_help "skylane export --help" '^usage: skylane export' "$SKY" export --help
check_help "skylane where --help" '^usage: skylane where' "$SKY" where --help
check_help "skylane profile --help" '^usage: skylane profile' "$SKY" profile --help
check_help "skylane help import" '^usage: skylane import' "$SKY" help import

expect_rc 2 "unknown command" "$SKY" frobnicate
if grep -q "frobnicate" "$T/err"; then ok; else bad "unknown command: stderr does not name it"; fi

# --- the embedded default database --------------------------------------------------------
run "$SKY" info
if [ "$rc" -eq 0 ] &&
    awk '$1 == "vertiports" && $2 == "42" { v = 1 } $1 == "zones" && $2 == "16" { z = 1 }
         END { exit !(v && z) }' "$T/out"; then ok; else
    bad "info without --db: exit $rc, or not 42 vertiports and 16 zones"
    cat "$T/out" >&2
    show
fi

run "$SKY" info --json
if [ "$rc" -ne 0 ]; then
    bad "info --json: exit $rc"
    show
elif [ "$HAVE_PY" = 1 ]; then
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1, d["schema_version"]
assert d["layers"]["vertiports"]["count"] == 42, d["layers"]["vertiports"]
assert d["layers"]["zones"]["count"] == 16, d["layers"]["zones"]
assert len(d["extent"]) == 4
' "$T/out"; then ok; else bad "info --json: wrong content: $(cat "$T/out")"; fi
else
    if grep -q '"schema_version":1' "$T/out" && grep -q '"vertiports":{"count":42}' "$T/out" &&
        grep -q '"zones":{"count":16}' "$T/out"; then ok; else
        bad "info --json: wrong content: $(cat "$T/out")"
    fi
fi

# --- import needs --db --------------------------------------------------------------------
cat >"$T/good.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "CLI-VP-1", "kind": "hub"},
 "geometry": {"type": "Point", "coordinates": [114.10, 22.54]}},
{"type": "Feature", "properties": {"id": "CLI-VP-2", "kind": "delivery_pad"},
 "geometry": {"type": "Point", "coordinates": [114.12, 22.545]}},
{"type": "Feature", "properties": {"id": "CLI-Z-1", "restriction": "PROHIBITED", "lower_m": 0,
 "upper_m": 120, "vertical_reference": "AGL"}, "geometry": {"type": "Polygon", "coordinates":
 [[[114.10, 22.55], [114.11, 22.55], [114.11, 22.56], [114.10, 22.56], [114.10, 22.55]]]}}
]}
EOF
expect_rc 2 "import without --db" "$SKY" import "$T/good.geojson"
if grep -q -- "--db" "$T/err"; then ok; else
    bad "import without --db: no message about --db"
    show
fi

DB="$T/cli.sqlite"
expect_rc 0 "import a good file" "$SKY" import --quiet --db "$DB" "$T/good.geojson"

# --- a refused import: exit 2, one line naming file, feature, id and field; nothing written --
cat >"$T/bad.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "CLI-Z-2", "restriction": "CONDITIONAL", "lower_m": 0,
 "upper_m": 120, "vertical_reference": "AGL"}, "geometry": {"type": "Polygon", "coordinates":
 [[[114.14, 22.55], [114.15, 22.55], [114.15, 22.56], [114.14, 22.56], [114.14, 22.55]]]}},
{"type": "Feature", "properties": {"id": "CLI-Z-3", "restriction": "FORBIDDEN", "lower_m": 0,
 "upper_m": 120, "vertical_reference": "AGL"}, "geometry": {"type": "Polygon", "coordinates":
 [[[114.16, 22.55], [114.17, 22.55], [114.17, 22.56], [114.16, 22.56], [114.16, 22.55]]]}}
]}
EOF
run "$SKY" export --db "$DB"
cp "$T/out" "$T/before.geojson"
if [ "$rc" -eq 0 ]; then ok; else
    bad "export --db before the bad import: exit $rc"
    show
fi
expect_rc 2 "import a bad file" "$SKY" import --db "$DB" "$T/bad.geojson"
if grep "bad.geojson" "$T/err" | grep "feature 1" | grep "CLI-Z-3" | grep -q "restriction"; then
    ok
else
    bad "import a bad file: no stderr line naming file, feature 1, CLI-Z-3 and restriction"
    show
fi
run "$SKY" export --db "$DB"
if [ "$rc" -eq 0 ] && cmp -s "$T/before.geojson" "$T/out"; then ok; else
    bad "the database changed after a refused import (exit $rc)"
    diff "$T/before.geojson" "$T/out" | head -5 >&2
fi
# "left exactly as it was" for a --db that did not exist: still no file
expect_rc 2 "import a bad file into a new db" "$SKY" import --db "$T/new.sqlite" "$T/bad.geojson"
if [ ! -e "$T/new.sqlite" ]; then ok; else
    bad "a refused import into a new --db left $T/new.sqlite behind"
fi

# --- export --layer zones -o FILE ---------------------------------------------------------
run "$SKY" export --layer zones -o "$T/zones.geojson"
if [ "$rc" -ne 0 ] || [ ! -s "$T/zones.geojson" ]; then
    bad "export --layer zones -o: exit $rc or empty file"
    show
elif [ "$HAVE_PY" = 1 ]; then
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["type"] == "FeatureCollection"
assert "crs" not in d
f = d["features"]
assert len(f) >= 16, len(f)
assert all(x["type"] == "Feature" and x["properties"].get("restriction") for x in f)
assert len({x["properties"]["id"] for x in f}) == 16
' "$T/zones.geojson"; then ok; else bad "export --layer zones: not 16 zones all with restriction"; fi
else
    nf=$(grep -o '"type":"Feature"' "$T/zones.geojson" | wc -l)
    nr=$(grep -o '"restriction":' "$T/zones.geojson" | wc -l)
    if grep -q '"FeatureCollection"' "$T/zones.geojson" && [ "$nf" -ge 16 ] && [ "$nf" -eq "$nr" ]
    then ok; else bad "export --layer zones: $nf features, $nr restrictions"; fi
fi

# --- export -> import -> export is exact --------------------------------------------------
run "$SKY" export -o "$T/all1.geojson"
if [ "$rc" -eq 0 ]; then ok; else
    bad "export -o: exit $rc"
    show
fi
expect_rc 0 "import the export into a new db" \
    "$SKY" import --quiet --db "$T/round.sqlite" "$T/all1.geojson"
run "$SKY" export --db "$T/round.sqlite" -o "$T/all2.geojson"
if [ "$rc" -eq 0 ] && cmp -s "$T/all1.geojson" "$T/all2.geojson"; then ok; else
    bad "export -> import -> export differs (exit $rc)"
    cmp "$T/all1.geojson" "$T/all2.geojson" >&2
fi

# --- SKYLANE_DB and a missing --db ---------------------------------------------------------
SKYLANE_DB="$DB" run "$SKY" info
if [ "$rc" -eq 0 ] && grep -q "$DB" "$T/out" &&
    awk '$1 == "vertiports" && $2 == "2" { v = 1 } $1 == "zones" && $2 == "1" { z = 1 }
         END { exit !(v && z) }' "$T/out"; then ok; else
    bad "SKYLANE_DB=$DB skylane info: exit $rc, or not that database"
    cat "$T/out" >&2
fi

expect_rc 2 "info --db on a missing file" "$SKY" info --db "$T/no-such.sqlite"
if grep -q "no-such.sqlite" "$T/err"; then ok; else
    bad "info --db on a missing file: stderr does not name it"
    show
fi
if [ ! -e "$T/no-such.sqlite" ]; then ok; else bad "info --db created the missing file"; fi

# --- where: the answer, its exit code, JSON, bad points ----------------------------------------
# Dongmen's crowd zone (LH-Z-010) is on daily 10:00/23:00 +08:00: free at 09:00, blocked at noon
expect_rc 0 "where Dongmen 09:00" "$SKY" where --at 2026-11-29T09:00+08:00 114.11556,22.54778
if grep -q "LH-Z-010" "$T/out" && grep -q "nothing blocks here" "$T/out"; then ok; else
    bad "where Dongmen 09:00: output lacks LH-Z-010 / nothing blocks"
    cat "$T/out" >&2
fi
expect_rc 1 "where Dongmen 12:00 blocks" "$SKY" where --at 2026-11-29T12:00+08:00 \
    114.11556,22.54778
expect_rc 0 "where Dongmen 12:00 accepted" "$SKY" where --at 2026-11-29T12:00+08:00 \
    --accept LH-Z-010 114.11556,22.54778
run "$SKY" where --json --at 2026-11-29T12:00+08:00 114.11556,22.54778
if [ "$HAVE_PY" -eq 1 ]; then
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["blocked"] is True; assert [z["id"] for z in d["zones"]] == ["LH-Z-010"]; assert d["at"] == "2026-11-29T04:00:00Z"' "$T/out"; then ok; else
        bad "where --json: unexpected JSON"
        cat "$T/out" >&2
    fi
fi
expect_rc 2 "where outside the extent" "$SKY" where 0,0
if grep -q "outside the airspace" "$T/err"; then ok; else bad "where 0,0: message"; show; fi
expect_rc 2 "where with a bad point" "$SKY" where 114.1
expect_rc 2 "where with a time without offset" "$SKY" where --at 2026-11-29T12:00 114.11556,22.54778

# --- profiles -------------------------------------------------------------------------------
run "$SKY" profile list
if [ "$rc" -eq 0 ] && grep -q "delivery-multicopter" "$T/out" && grep -q "sightseeing-evtol" "$T/out"; then ok; else
    bad "profile list: exit $rc or built-in profiles missing"
    cat "$T/out" >&2
fi
expect_rc 2 "profile add without --db" "$SKY" profile add quad --speed 10 --climb 2 --descent 2 --range 5000
expect_rc 0 "profile add" "$SKY" profile add quad --db "$T/round.sqlite" --speed 10 --climb 2 --descent 2 --range 5000
run "$SKY" profile list --json --db "$T/round.sqlite"
if [ "$rc" -eq 0 ] && grep -q '"name":"quad","speed_mps":10' "$T/out"; then ok; else
    bad "profile list --json after add"
    cat "$T/out" >&2
fi
expect_rc 2 "profile add a duplicate" "$SKY" profile add quad --db "$T/round.sqlite" --speed 10 --climb 2 --descent 2 --range 5000
expect_rc 2 "profile add a negative speed" "$SKY" profile add quad2 --db "$T/round.sqlite" --speed -1 --climb 2 --descent 2 --range 5000

# --- foreign formats: ED-269, ED-318, SpatiaLite from ogr2ogr, ogrinfo on ours --------------
FMT="$SRC/data/formats"
expect_rc 0 "import ED-269 (detected)" "$SKY" import --db "$T/ed.sqlite" "$FMT/ed269/interuss_test_eurocae_ed269.json"
if grep -q 'Gantrisch Nature Park#2' "$T/err" && grep -q 'imported into .*: 6 zones' "$T/out"; then ok; else
    bad "ED-269: 6 zones and a warning for the repeated identifier"; show; cat "$T/out" >&2
fi
expect_rc 0 "import ED-318 with --format" "$SKY" import --db "$T/ed.sqlite" --format ed318 --strict "$FMT/ed318/Example_Collection.json"
expect_rc 2 "--format unknown" "$SKY" import --db "$T/ed.sqlite" --format kml "$FMT/ed318/Example_Collection.json"
expect_rc 2 "ED-318 InvalidExample under --strict" "$SKY" import --db "$T/inv.sqlite" --strict "$FMT/ed318/InvalidExample_GeoZone_2_Layers.json"
if grep -q 'error: .*metadata.validFrom' "$T/err" && grep -q 'error: .*properties.type: "REQ_AUTHORISATION"' "$T/err" &&
    grep -q 'error: .*properties.name\[0\].lang' "$T/err" && [ ! -e "$T/inv.sqlite" ]; then ok; else
    bad "InvalidExample --strict: each deviation named, nothing written"; show
fi
expect_rc 0 "ED-318 InvalidExample tolerant" "$SKY" import --db "$T/inv.sqlite" "$FMT/ed318/InvalidExample_GeoZone_2_Layers.json"
if [ "$(grep -c 'warning: ' "$T/err")" -eq 3 ]; then ok; else bad "InvalidExample: 3 warnings expected"; show; fi
cat >"$T/lang.json" <<'JSON'
{"type":"Feature","properties":{"identifier":"L1","country":"BEL","type":"CONDITIONAL","variant":"COMMON",
 "name":[{"text":"Zone un","lang":"fr-BE"},{"text":"Zone een","lang":"nl-BE"}],
 "zoneAuthority":[{"name":[{"text":"A","lang":"en"}]}]},
 "geometry":{"type":"Point","coordinates":[4.3,50.8],"extent":{"subType":"Circle","radius":500},
 "layer":{"upper":120,"upperReference":"AGL","lower":0,"lowerReference":"AGL","uom":"m"}}}
JSON
expect_rc 0 "import --lang nl" "$SKY" import --db "$T/lang.sqlite" --lang nl "$T/lang.json"
run "$SKY" export --db "$T/lang.sqlite" --layer zones
if grep -q '"name":"Zone een"' "$T/out"; then ok; else bad "--lang nl: name not chosen"; fi
cat >"$T/badft.json" <<'JSON'
{"title":"t","features":[{"identifier":"B1","restriction":"PROHIBITED","geometry":[{"uomDimensions":"FT",
 "lowerLimit":"zero","lowerVerticalReference":"AGL","horizontalProjection":{"type":"Circle","center":[7,46],"radius":10}}]}]}
JSON
expect_rc 2 "ED-269 non-numeric string" "$SKY" import --db "$T/badft.sqlite" "$T/badft.json"
if grep -q 'feature 0 (B1): geometry\[0\].lowerLimit: must be a number' "$T/err"; then ok; else bad "non-numeric: message"; show; fi
expect_rc 0 "export --format ed318" "$SKY" export --db "$T/ed.sqlite" --format ed318 -o "$T/ed318.json"
expect_rc 0 "ED-318 export imports back under --strict" "$SKY" import --db "$T/ed2.sqlite" --strict "$T/ed318.json"
if grep -q ': 8 zones' "$T/out"; then ok; else bad "ED-318 round trip: 8 zones expected"; cat "$T/out" >&2; fi
expect_rc 2 "export --format kml" "$SKY" export --format kml
# --- output and input failures ----------------------------------------------------------
if [ -w /dev/full ]; then
    run sh -c '"$0" info --json >/dev/full' "$SKY"
    if [ "$rc" = 3 ] && grep -q "writing the standard output failed" "$T/err"; then ok; else bad "stdout on /dev/full: exit $rc"; show; fi
fi
mkdir -p "$T/adir"
expect_rc 2 "plan --batch on a directory" "$SKY" plan --batch "$T/adir"
if grep -q "adir: cannot read: Is a directory" "$T/err"; then ok; else bad "batch directory: message"; show; fi
printf '{"id":"a","from":"LH-VP-021","to":"LH-VP-025"}\0x\n' >"$T/nul.jsonl"
expect_rc 2 "plan --batch with a NUL byte" "$SKY" plan --batch "$T/nul.jsonl"
printf '{"id":"\377","from":"LH-VP-021","to":"LH-VP-025"}\n' >"$T/utf.jsonl"
expect_rc 0 "plan --batch with invalid UTF-8" "$SKY" plan --batch "$T/utf.jsonl"
if grep -q '"status":"SKY_E_BAD_JSON"' "$T/out" && grep -q 'invalid utf-8' "$T/out"; then ok; else bad "batch invalid UTF-8: $(cat "$T/out")"; fi
expect_rc 2 "plan -o ''" "$SKY" plan --from LH-VP-021 --to LH-VP-025 -o ''
expect_rc 2 "import --max-size -1" "$SKY" import --db "$T/ms.sqlite" --max-size -1 "$SRC/data/export_filter.geojson"
expect_rc 2 "where with an empty latitude" "$SKY" where 114.11,
expect_rc 2 "where --alt 1e308" "$SKY" where 114.1,22.55 --alt 1e308
printf '{"type":"LineString","coordinates":[[114.1,22.55],[114.11,22.55]]}' >"$T/v.geojson"
expect_rc 2 "validate --clearance 1e308" "$SKY" validate --altitude 60 --clearance 1e308 "$T/v.geojson"
printf '{"type":"Feature","properties":{"id":"\377"},"geometry":{"type":"LineString","coordinates":[[114.1,22.55],[114.11,22.55]]}}' >"$T/vu.geojson"
expect_rc 2 "validate invalid UTF-8" "$SKY" validate --altitude 60 "$T/vu.geojson"
if grep -q "invalid utf-8" "$T/err"; then ok; else bad "validate invalid UTF-8: message"; show; fi

# --- export --bbox / --id (the expected sets are derived in test_routes_roundtrip.c) --------
expect_rc 0 "import the filter set" "$SKY" import --db "$T/filt.sqlite" "$SRC/data/export_filter.geojson"
expect_rc 0 "export --bbox" "$SKY" export --db "$T/filt.sqlite" --bbox 114.01,22.51,114.02,22.52
got=$(grep -o '"id":"F-[A-Z0-9-]*"' "$T/out" | sort | tr '\n' ' ')
want='"id":"F-C-IN" "id":"F-CR-IN" "id":"F-R-CROSS" "id":"F-T-IN" "id":"F-VP-EDGE" "id":"F-VP-IN" "id":"F-Z-2V" "id":"F-Z-2V" '
if [ "$got" = "$want" ]; then ok; else bad "export --bbox: got $got"; fi
expect_rc 0 "export --id twice" "$SKY" export --db "$T/filt.sqlite" --id F-VP-OUT --id filter-quad
got=$(grep -o '"\(id\|name\)":"[A-Za-z0-9-]*"' "$T/out" | sort | tr '\n' ' ')
if [ "$got" = '"id":"F-VP-OUT" "name":"F-VP-OUT" "name":"filter-quad" ' ]; then ok; else bad "export --id: got $got"; fi
expect_rc 2 "export --id unknown" "$SKY" export --db "$T/filt.sqlite" --id F-NONE
if grep -q "no feature has the id 'F-NONE'" "$T/err"; then ok; else bad "export --id unknown: message"; show; fi
expect_rc 2 "export --bbox west > east" "$SKY" export --db "$T/filt.sqlite" --bbox 114.02,22.51,114.01,22.52
expect_rc 2 "export --bbox with three numbers" "$SKY" export --db "$T/filt.sqlite" --bbox 114.01,22.51,114.02
if command -v ogr2ogr >/dev/null 2>&1; then
    ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:32650 "$T/ogr.sqlite" "$SRC/../data/luohu/zones.geojson"
    expect_rc 0 "import a SpatiaLite from ogr2ogr (EPSG:32650)" "$SKY" import --db "$T/fz.sqlite" "$T/ogr.sqlite"
    if grep -q ': 16 zones' "$T/out"; then ok; else bad "ogr2ogr import: 16 zones expected"; cat "$T/out" >&2; fi
    ogr2ogr -f SQLite -dsco SPATIALITE=YES -nln restricted -sql \
        "SELECT id, restriction AS RESTR, lower_m AS FLOOR, upper_m, vertical_reference FROM zones" \
        "$T/ogrmap.sqlite" "$SRC/../data/luohu/zones.geojson"
    expect_rc 2 "foreign SpatiaLite without --map" "$SKY" import --db "$T/fm.sqlite" "$T/ogrmap.sqlite"
    expect_rc 0 "foreign SpatiaLite with --map" "$SKY" import --db "$T/fm.sqlite" --map restriction=RESTR,lower_m=FLOOR "$T/ogrmap.sqlite"
    expect_rc 2 "--map without =" "$SKY" import --db "$T/fm2.sqlite" --map restriction "$T/ogrmap.sqlite"
fi
if command -v ogrinfo >/dev/null 2>&1; then
    run ogrinfo -ro -so "$T/ed.sqlite"
    if [ "$rc" -eq 0 ] && grep -q 'zone_volumes (Multi Polygon)' "$T/out" && grep -q 'vertiports (Point)' "$T/out"; then ok; else
        bad "ogrinfo does not list a skylane database's layers"; cat "$T/out" >&2; show
    fi
fi

# --- validate and corridors check (issue 7) ----------------------------------------------------
L=$SRC/../data/luohu
check_help "skylane validate --help" '^usage: skylane validate' "$SKY" validate --help
check_help "skylane corridors --help" '^usage: skylane corridors' "$SKY" corridors --help
expect_rc 1 "validate the Luohu samples (errors)" "$SKY" validate --depart 2026-06-15T12:00+08:00 "$L/routes_sample.geojson"
if grep -q "LH-R-001" "$T/out" && grep -q "ZONE_INCURSION segment 2 LH-Z-002" "$T/out"; then ok; else
    bad "validate samples: R-001's last leg into LH-Z-002 not reported"
    head -20 "$T/out" >&2
fi
expect_rc 1 "validate a stored route id" "$SKY" validate --depart 2026-06-15T12:00+08:00 LH-R-001
expect_rc 0 "validate LH-R-001 with its permits" "$SKY" validate --depart 2026-06-15T12:00+08:00 \
    --permit LH-Z-002 --permit LH-Z-004 LH-R-001
expect_rc 0 "validate LH-R-004 (warnings only)" "$SKY" validate --depart 2026-06-15T12:00+08:00 LH-R-004
run "$SKY" validate --json --depart 2026-06-15T12:00+08:00 LH-R-001
if [ "$HAVE_PY" -eq 1 ]; then
    if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["checks"][0]["findings"] if x["code"] == "ZONE_INCURSION" and x["segment"] == 2]
assert {x["zone_id"] for x in f} == {"LH-Z-002", "LH-Z-004"}, f
for x in f:
    assert x["severity"] == "error" and x["restriction"] == "REQ_AUTHORISATION"
    assert len(x["entry"]) == 3 and len(x["exit"]) == 3 and len(x["window"]) == 2
' "$T/out"; then ok; else bad "validate --json: unexpected JSON"; cat "$T/out" >&2; fi
fi
run "$SKY" validate --depart 2026-06-15T12:00+08:00 -o "$T/findings.geojson" LH-R-001
if [ "$rc" -eq 1 ] && grep -q '"FeatureCollection"' "$T/findings.geojson" &&
    grep -q '"LineString"' "$T/findings.geojson"; then ok; else bad "validate -o: exit $rc or no features"; fi
printf '{"type":"Feature","properties":{"id":"P"},"geometry":{"type":"Point","coordinates":[114.1,22.55]}}' >"$T/point.geojson"
expect_rc 2 "validate a Point" "$SKY" validate --altitude 60 "$T/point.geojson"
if grep -q "Point where a route" "$T/err"; then ok; else bad "validate a Point: message"; show; fi
printf '{"type":"LineString","coordinates":[[114.1,22.55],[NaN,22.56]]}' >"$T/nan.geojson"
expect_rc 2 "validate NaN coordinates" "$SKY" validate --altitude 60 "$T/nan.geojson"
if grep -q "nan.geojson" "$T/err" && grep -q "coordinates\[1\]" "$T/err"; then ok; else bad "validate NaN: message"; show; fi
expect_rc 2 "validate an unreadable file" "$SKY" validate "$T/no-such-route.geojson"
if grep -q "no-such-route.geojson" "$T/err"; then ok; else bad "validate unreadable: message"; show; fi
expect_rc 2 "validate an unknown route id" "$SKY" validate LH-R-999
printf '{"type":"LineString","coordinates":[[114.1,22.55],[114.11,22.56]]}' >"$T/noz.geojson"
expect_rc 2 "validate a route without heights" "$SKY" validate "$T/noz.geojson"
if grep -q "altitude" "$T/err"; then ok; else bad "validate without heights: message"; show; fi
run sh -c "\"$SKY\" validate --altitude 60 - < \"$T/noz.geojson\""
if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then ok; else bad "validate - (stdin): exit $rc"; show; fi
run "$SKY" corridors check --depart 2026-06-15T12:00+08:00
if [ "$rc" -eq 1 ] && grep -q "SEPARATION LH-C-001 segment [0-9]* with LH-C-003" "$T/out" &&
    ! grep -q "with LH-C-004" "$T/out"; then ok; else
    bad "corridors check: exit $rc, or C-001/C-003 not reported, or C-001/C-004 reported"
    grep SEPARATION "$T/out" >&2
fi
expect_rc 1 "corridors check FILE" "$SKY" corridors check --depart 2026-06-15T12:00+08:00 "$L/corridors.geojson"
expect_rc 2 "corridors check an unreadable file" "$SKY" corridors check "$T/no-such.geojson"
expect_rc 2 "corridors without check" "$SKY" corridors

# --- --db on a SpatiaLite database another tool wrote (read-only) -------------------------
if command -v ogr2ogr >/dev/null 2>&1; then
    ogr2ogr -f SQLite -dsco SPATIALITE=YES "$T/foreign-db.sqlite" "$SRC/../data/luohu/zones.geojson" \
        >/dev/null 2>&1
    run "$SKY" info --db "$T/foreign-db.sqlite" --json
    if [ "$rc" -eq 0 ] && grep -q '"zones":{"count":16}' "$T/out" && grep -q '"schema_version":0' "$T/out"; then ok; else
        bad "info --db on an ogr2ogr database: exit $rc"
        cat "$T/out" "$T/err" >&2
    fi
    expect_rc 1 "where --db foreign: Dongmen at noon blocks" "$SKY" where --db "$T/foreign-db.sqlite" \
        --at 2026-11-29T12:00+08:00 114.11556,22.54778
    expect_rc 0 "plan --db foreign" "$SKY" plan --db "$T/foreign-db.sqlite" --from 114.10,22.55 \
        --to 114.13,22.55 --depart 2026-11-29T12:00+08:00
    expect_rc 2 "import into a foreign --db is refused" "$SKY" profile add q --db "$T/foreign-db.sqlite" \
        --speed 1 --climb 1 --descent 1 --range 1
fi

if [ "$fail" -eq 0 ]; then
    echo "$pass passed, 0 failed"
    exit 0
fi
echo "$pass passed, $fail failed"
exit 1
