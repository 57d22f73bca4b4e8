/*
 * test_engine_validate.c - route validation on hand-made cases (tests/data/validate_rules
 * .geojson: a 0.01 deg PROHIBITED square, a 200 m hill with an AGL and an AMSL zone on it, a
 * zone active 08:00-10:00, a REQ_AUTHORISATION zone, two pads) and on the seven Luohu sample
 * routes. Expected values come from PROJ's geodesics and the closed forms of the rules,
 * computed here, never from the code under test.
 */
#include <geodesic.h>
#include <json-c/json.h>

#include "sky_test.h"

static sky_engine *eng;
static sky_planner *pl;
static char dbpath[512];

static int setup(void **state)
{
    (void)state;
    return sky_test_setup("validate", "validate_rules.geojson", dbpath, sizeof dbpath, &eng,
                          &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(dbpath, &eng, &pl);
    return 0;
}

static struct geod_geodesic *wgs84(void)
{
    static struct geod_geodesic g;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    return &g;
}

static double geodist(double lon1, double lat1, double lon2, double lat2)
{
    double s, a1, a2;
    geod_inverse(wgs84(), lat1, lon1, lat2, lon2, &s, &a1, &a2);
    return s;
}

/* The longitude d_m metres east (d > 0) or west of (lon, lat). */
static double east_of(double lon, double lat, double d_m)
{
    double lat2, lon2, azi;
    geod_direct(wgs84(), lat, lon, d_m >= 0 ? 90.0 : 270.0, fabs(d_m), &lat2, &lon2, &azi);
    return lon2;
}

static sky_validation *run(const sky_lonlat *pts, size_t n, double agl, const char *depart,
                           double clearance, const sky_flight_rules *rules)
{
    sky_validate_opts o;
    sky_validation *v = NULL;
    sky_error err;
    sky_validate_opts_init(&o);
    o.has_altitude = 1;
    o.altitude_m = agl;
    o.clearance_m = clearance;
    if (rules)
        o.rules = *rules;
    o.has_depart = 1;
    assert_sky_ok(sky_parse_time(depart ? depart : "2026-06-15T12:00:00+08:00", &o.depart_unix,
                                 &err),
                  &err);
    assert_sky_ok(sky_validate_route(pl, pts, NULL, n, SKY_HEIGHT_AGL, &o, &v, &err), &err);
    assert_int_equal(v->nchecks, 1);
    return v;
}

/* How many findings with code (and zone id, when given). */
static size_t count(const sky_validation *v, sky_finding_code code, const char *zone)
{
    size_t n = 0;
    for (size_t i = 0; i < v->nchecks; i++)
        for (size_t k = 0; k < v->checks[i].nfindings; k++) {
            const sky_finding *f = &v->checks[i].findings[k];
            if (f->code == code && (zone == NULL || (f->zone_id && !strcmp(f->zone_id, zone))))
                n++;
        }
    return n;
}

static const sky_finding *first(const sky_validation *v, sky_finding_code code,
                                const char *zone)
{
    for (size_t i = 0; i < v->nchecks; i++)
        for (size_t k = 0; k < v->checks[i].nfindings; k++) {
            const sky_finding *f = &v->checks[i].findings[k];
            if (f->code == code && (zone == NULL || (f->zone_id && !strcmp(f->zone_id, zone))))
                return f;
        }
    fail_msg("no %s finding%s%s", sky_finding_code_name(code), zone ? " for " : "",
             zone ? zone : "");
    return NULL;
}

/* --- the 1 cm cases ------------------------------------------------------------------------ */

/* A leg along the square's west edge, 1 cm inside: an incursion over the whole edge. */
static void test_one_cm_inside(void **state)
{
    double lon = east_of(121.0, 31.005, 0.01);
    sky_lonlat pts[2] = {{lon, 30.995}, {lon, 31.015}};
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 2, 50, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 1);
    f = first(v, SKY_FIND_ZONE_INCURSION, "V-Z-SQ");
    assert_int_equal(f->segment, 0);
    assert_int_equal(f->severity, SKY_SEV_ERROR);
    assert_int_equal(f->restriction, SKY_RESTR_PROHIBITED);
    assert_string_equal(f->zone_name, "square");
    assert_string_equal(f->reason, "test square");
    assert_near(f->entry[1], 31.000, 1e-7);
    assert_near(f->exit[1], 31.010, 1e-7);
    assert_near(f->length_inside_m, geodist(lon, 31.0, lon, 31.01), 0.005);
    assert_near(f->band_amsl_m[0], 0, 1e-9);
    assert_near(f->band_amsl_m[1], 1000, 1e-9);
    assert_true(f->has_window);
    assert_true(v->nerrors >= 1);
    sky_validation_free(v);
}

/* The same leg 1 cm outside: clean of zones. */
static void test_one_cm_outside(void **state)
{
    double lon = east_of(121.0, 31.005, -0.01);
    sky_lonlat pts[2] = {{lon, 30.995}, {lon, 31.015}};
    sky_validation *v;
    (void)state;
    v = run(pts, 2, 50, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 0);
    assert_int_equal(count(v, SKY_FIND_CLEARANCE, NULL), 0);
    sky_validation_free(v);
}

/* Both waypoints outside; the leg between them crosses the square. */
static void test_breach_between_safe_waypoints(void **state)
{
    sky_lonlat pts[3] = {{120.990, 31.005}, {120.995, 31.005}, {121.015, 31.005}};
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 3, 50, NULL, 0, NULL);
    f = first(v, SKY_FIND_ZONE_INCURSION, "V-Z-SQ");
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 1);
    assert_int_equal(f->segment, 1);
    assert_near(f->entry[0], 121.000, 1e-7);
    assert_near(f->exit[0], 121.010, 1e-7);
    assert_near(f->length_inside_m, geodist(121.0, 31.005, 121.01, 31.005), 0.005);
    /* the time inside: entry after 0.005 deg + 0.005 deg of flight at 20 m/s */
    {
        /* the vertical take-off to 50 m AGL at 5 m/s first, then 20 m/s */
        double t_entry = 50.0 / 5.0 + geodist(120.990, 31.005, 121.0, 31.005) / 20.0;
        int64_t dep;
        sky_error err;
        assert_sky_ok(sky_parse_time("2026-06-15T12:00:00+08:00", &dep, &err), &err);
        assert_true(llabs(f->window[0] - (dep + (int64_t)t_entry)) <= 1);
    }
    sky_validation_free(v);
}

/* --- the margin ---------------------------------------------------------------------------- */

static void test_clearance(void **state)
{
    double lon = east_of(121.010, 31.005, 20.0);
    /* the nearest approach of the two chords: at the leg's northern edge point */
    double expect = geodist(121.010, 31.010, lon, 31.010);
    sky_lonlat pts[2] = {{lon, 30.995}, {lon, 31.015}};
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 2, 50, NULL, 30, NULL);
    f = first(v, SKY_FIND_CLEARANCE, "V-Z-SQ");
    assert_int_equal(f->segment, 0);
    assert_near(f->min_clearance_m, expect, 0.002);
    assert_near(f->entry[1], 31.010, 2e-5);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 0);
    sky_validation_free(v);
    /* a margin 1 cm under the distance is kept; no margin, no CLEARANCE */
    v = run(pts, 2, 50, NULL, expect - 0.01, NULL);
    assert_int_equal(count(v, SKY_FIND_CLEARANCE, NULL), 0);
    sky_validation_free(v);
    v = run(pts, 2, 50, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_CLEARANCE, NULL), 0);
    sky_validation_free(v);
    v = run(pts, 2, 50, NULL, expect + 0.01, NULL);
    assert_int_equal(count(v, SKY_FIND_CLEARANCE, NULL), 1);
    sky_validation_free(v);
}

/* --- bands over terrain ------------------------------------------------------------------ */

/* On the hill (ground 200 inside its one contour): V-Z-AGL is 200..300 AMSL there, V-Z-AMSL
 * 0..250. At 40 m AGL (240) both block; at 60 (260) only the AGL zone; at 110 (310) none. */
static void test_agl_vs_amsl_bands(void **state)
{
    sky_lonlat pts[2] = {{121.031, 31.005}, {121.039, 31.005}};
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 2, 40, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-AGL"), 1);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-AMSL"), 1);
    f = first(v, SKY_FIND_ZONE_INCURSION, "V-Z-AGL");
    assert_near(f->band_amsl_m[0], 200, 1e-6);
    assert_near(f->band_amsl_m[1], 300, 1e-6);
    assert_near(f->entry[2], 240, 1e-6);
    assert_near(f->length_inside_m, geodist(121.032, 31.005, 121.034, 31.005), 0.005);
    sky_validation_free(v);
    v = run(pts, 2, 60, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-AGL"), 1);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-AMSL"), 0);
    sky_validation_free(v);
    v = run(pts, 2, 110, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 0);
    sky_validation_free(v);
    /* a band's limit is inside it: 100 m AGL is the top of V-Z-AGL */
    v = run(pts, 2, 100, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-AGL"), 1);
    sky_validation_free(v);
}

static sky_validation *run_amsl(double lon0, double lon1, double lat, double amsl)
{
    sky_lonlat pts[2] = {{lon0, lat}, {lon1, lat}};
    double h[2] = {amsl, amsl};
    sky_validate_opts o;
    sky_validation *v = NULL;
    sky_error err;
    sky_validate_opts_init(&o);
    o.has_depart = 1;
    assert_sky_ok(sky_validate_route(pl, pts, h, 2, SKY_HEIGHT_AMSL, &o, &v, &err), &err);
    return v;
}

/* 310 m AMSL across the hill (ground 200, flank 0.05 outside): 110 m AGL on it; outside the
 * ground is 200 - 0.05 d, so the aircraft is over the 120 m ceiling beyond d = 200 m. */
static void test_ceiling(void **state)
{
    double w0 = east_of(121.030, 31.001, -1000), e1 = east_of(121.040, 31.001, 1000);
    double w200 = east_of(121.030, 31.001, -200), e200 = east_of(121.040, 31.001, 200);
    sky_validation *v = run_amsl(w0, e1, 31.001, 310);
    const sky_check *c = &v->checks[0];
    size_t n = 0;
    (void)state;
    for (size_t k = 0; k < c->nfindings; k++) {
        const sky_finding *f = &c->findings[k];
        if (f->code != SKY_FIND_CEILING)
            continue;
        assert_int_equal(f->segment, 0);
        assert_near(f->length_inside_m, 800, 0.5);
        if (n == 0) {
            assert_near(f->entry[0], w0, 1e-7);
            assert_near(f->exit[0], w200, 1e-5);
        } else {
            assert_near(f->entry[0], e200, 1e-5);
            assert_near(f->exit[0], e1, 1e-7);
        }
        n++;
    }
    assert_int_equal(n, 2);
    assert_int_equal(count(v, SKY_FIND_TERRAIN_CLEARANCE, NULL), 0);
    sky_validation_free(v);
}

/* 220 m AMSL: 20 m above the hill, under 30 m AGL from 200 m before it to 200 m after. */
static void test_terrain_clearance(void **state)
{
    double w0 = east_of(121.030, 31.001, -1000), e1 = east_of(121.040, 31.001, 1000);
    double w200 = east_of(121.030, 31.001, -200), e200 = east_of(121.040, 31.001, 200);
    sky_validation *v = run_amsl(w0, e1, 31.001, 220);
    const sky_finding *f;
    (void)state;
    assert_int_equal(count(v, SKY_FIND_TERRAIN_CLEARANCE, NULL), 1);
    f = first(v, SKY_FIND_TERRAIN_CLEARANCE, NULL);
    assert_int_equal(f->segment, 0);
    assert_near(f->min_clearance_m, 20, 1e-6);
    assert_near(f->entry[0], w200, 1e-5);
    assert_near(f->exit[0], e200, 1e-5);
    assert_near(f->length_inside_m, geodist(w200, 31.001, e200, 31.001), 0.5);
    assert_near(f->band_amsl_m[0], 230, 1e-6); /* the flight band over the hill */
    sky_validation_free(v);
}

/* --- time ---------------------------------------------------------------------------------- */

/* V-Z-SCHED is on 08:00-10:00 +08:00. The leg enters it 0.01 deg (about 954 m, 48 s at
 * 20 m/s) after departure and stays about 48 s. */
static void test_schedule_part_of_day(void **state)
{
    sky_lonlat pts[2] = {{120.990, 31.035}, {121.020, 31.035}};
    /* the vertical take-off to 50 m AGL at 5 m/s first, then 20 m/s */
    double t_in = 50.0 / 5.0 + geodist(120.990, 31.035, 121.0, 31.035) / 20.0;
    double t_out = 50.0 / 5.0 + geodist(120.990, 31.035, 121.01, 31.035) / 20.0;
    sky_validation *v;
    char when[64];
    int64_t dep;
    sky_error err;
    (void)state;
    v = run(pts, 2, 50, "2026-06-15T07:00:00+08:00", 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SCHED"), 0);
    sky_validation_free(v);
    v = run(pts, 2, 50, "2026-06-15T09:00:00+08:00", 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SCHED"), 1);
    sky_validation_free(v);
    /* leaving 1 s after it opens: departing 08:00 - t_out + 1 */
    assert_sky_ok(sky_parse_time("2026-06-15T08:00:00+08:00", &dep, &err), &err);
    sky_format_time(dep - (int64_t)ceil(t_out) + 2, 480, when, sizeof when);
    v = run(pts, 2, 50, when, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SCHED"), 1);
    sky_validation_free(v);
    /* leaving 2 s before it opens */
    sky_format_time(dep - (int64_t)ceil(t_out) - 2, 480, when, sizeof when);
    v = run(pts, 2, 50, when, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SCHED"), 0);
    sky_validation_free(v);
    /* entering 2 s before it closes at 10:00 */
    assert_sky_ok(sky_parse_time("2026-06-15T10:00:00+08:00", &dep, &err), &err);
    sky_format_time(dep - (int64_t)floor(t_in) - 2, 480, when, sizeof when);
    v = run(pts, 2, 50, when, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SCHED"), 1);
    sky_validation_free(v);
}

/* --- permits, endpoints, geometry, range ------------------------------------------------------ */

static void test_permit_and_endpoint(void **state)
{
    static const char *const permits[] = {"V-Z-REQ"};
    sky_lonlat pts[2] = {{120.990, 31.065}, {121.020, 31.065}};
    sky_flight_rules rules;
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 2, 50, NULL, 0, NULL);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-REQ"), 1);
    /* it starts at V-VP-2 and ends 0.02 deg east of anything */
    assert_int_equal(count(v, SKY_FIND_ENDPOINT, NULL), 1);
    f = first(v, SKY_FIND_ENDPOINT, NULL);
    assert_int_equal(f->severity, SKY_SEV_WARNING);
    assert_int_equal(f->segment, 0);
    assert_near(f->entry[0], 121.020, 1e-9);
    assert_near(f->min_clearance_m, geodist(120.990, 31.065, 121.020, 31.065), 0.01);
    sky_validation_free(v);
    sky_flight_rules_init(&rules);
    rules.permits = permits;
    rules.npermits = 1;
    v = run(pts, 2, 50, NULL, 0, &rules);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 0);
    assert_int_equal(v->nerrors, 0);
    sky_validation_free(v);
}

static void test_geometry(void **state)
{
    /* a repeated point (leg 1), then a leg folding back over its predecessor (leg 3) */
    sky_lonlat pts[5] = {
        {120.990, 31.050}, {120.991, 31.050}, {120.991, 31.050}, {120.993, 31.050},
        {120.992, 31.050}};
    sky_validation *v;
    const sky_check *c;
    size_t ng = 0;
    (void)state;
    v = run(pts, 5, 50, NULL, 0, NULL);
    c = &v->checks[0];
    for (size_t k = 0; k < c->nfindings; k++) {
        const sky_finding *f = &c->findings[k];
        if (f->code != SKY_FIND_GEOMETRY)
            continue;
        assert_int_equal(f->severity, SKY_SEV_WARNING);
        if (ng == 0) {
            assert_int_equal(f->segment, 1);
            assert_non_null(strstr(f->message, "repeated point"));
        } else {
            assert_int_equal(f->segment, 3);
            assert_non_null(strstr(f->message, "self-overlapping"));
            assert_near(f->length_inside_m, geodist(120.992, 31.05, 120.993, 31.05), 0.001);
        }
        ng++;
    }
    assert_int_equal(ng, 2);
    assert_int_equal(v->nerrors, 0); /* warnings only */
    sky_validation_free(v);
}

static void test_range(void **state)
{
    /* 0.12 deg of longitude at 31.05 N is about 11.4 km, beyond the default 10 km */
    sky_lonlat pts[2] = {{120.990, 31.050}, {121.110, 31.050}};
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    v = run(pts, 2, 50, NULL, 0, NULL);
    f = first(v, SKY_FIND_RANGE, NULL);
    assert_int_equal(f->segment, -1);
    assert_near(f->length_inside_m, geodist(120.99, 31.05, 121.11, 31.05) - 10000, 0.01);
    assert_near(v->checks[0].length_m, geodist(120.99, 31.05, 121.11, 31.05), 0.01);
    sky_validation_free(v);
}

/* --- GeoJSON input: heights, bad inputs, output forms ------------------------------------------ */

static sky_status vjson(const char *text, int altitude, sky_validation **v, sky_error *err)
{
    sky_validate_opts o;
    sky_validate_opts_init(&o);
    o.has_depart = 1;
    o.has_altitude = altitude;
    o.altitude_m = 50;
    return sky_validate_geojson(pl, text, strlen(text), "t.geojson", &o, v, err);
}

static void test_geojson_inputs(void **state)
{
    sky_validation *v = NULL;
    sky_error err;
    char *json = NULL;
    json_object *o;
    (void)state;
    /* no heights anywhere: refused unless --altitude */
    assert_int_equal(vjson("{\"type\":\"LineString\",\"coordinates\":[[120.995,31.005],"
                           "[121.015,31.005]]}", 0, &v, &err),
                     SKY_E_BAD_VALUE);
    assert_null(v);
    assert_sky_ok(vjson("{\"type\":\"LineString\",\"coordinates\":[[120.995,31.005],"
                        "[121.015,31.005]]}", 1, &v, &err), &err);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, "V-Z-SQ"), 1);
    sky_validation_free(v);
    /* Z is ellipsoidal: 2000 m above the ellipsoid is far above the 1000 m AMSL zone */
    assert_sky_ok(vjson("{\"type\":\"Feature\",\"properties\":{\"id\":\"hi\"},\"geometry\":"
                        "{\"type\":\"LineString\",\"coordinates\":[[120.995,31.005,2000],"
                        "[121.015,31.005,2000]]}}", 0, &v, &err), &err);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 0);
    assert_string_equal(v->checks[0].id, "hi");
    sky_validation_free(v);
    /* altitude_m AMSL property */
    assert_sky_ok(vjson("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                        "\"properties\":{\"id\":\"a\",\"altitude_m\":1001,\"altitude_ref\":"
                        "\"AMSL\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                        "[[120.995,31.005],[121.015,31.005]]}},{\"type\":\"Feature\","
                        "\"properties\":{\"id\":\"b\",\"altitude_m\":999,\"altitude_ref\":"
                        "\"AMSL\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                        "[[120.995,31.005],[121.015,31.005]]}}]}", 0, &v, &err), &err);
    assert_int_equal(v->nchecks, 2);
    /* route a: 881 m AGL mid-way: CEILING, above the zone; and RANGE: the take-off to
     * 1001 m at 5 m/s (200.2 s), 1.9 km at 20 m/s (95 s) and the landing at 4 m/s (250 s)
     * take 545 s, beyond the 500 s endurance (10 km / 20 m/s) */
    assert_int_equal(v->checks[0].nerrors, 2);
    assert_int_equal(v->checks[0].findings[0].code == SKY_FIND_RANGE ||
                         v->checks[0].findings[v->checks[0].nfindings - 1].code ==
                             SKY_FIND_RANGE,
                     1);
    assert_int_equal(count(v, SKY_FIND_ZONE_INCURSION, NULL), 1);
    assert_string_equal(first(v, SKY_FIND_ZONE_INCURSION, NULL)->subject_id, "b");
    /* JSON and GeoJSON */
    assert_sky_ok(sky_validation_to_json(v, &json, NULL, &err), &err);
    o = json_tokener_parse(json);
    assert_non_null(o);
    {
        json_object *checks = json_object_object_get(o, "checks");
        json_object *fs = json_object_object_get(json_object_array_get_idx(checks, 1),
                                                 "findings"),
                    *f0 = NULL;
        for (size_t k = 0; k < json_object_array_length(fs) && f0 == NULL; k++)
            if (!strcmp(json_object_get_string(json_object_object_get(
                            json_object_array_get_idx(fs, k), "code")),
                        "ZONE_INCURSION"))
                f0 = json_object_array_get_idx(fs, k);
        assert_non_null(f0);
        assert_int_equal(json_object_array_length(checks), 2);
        assert_string_equal(json_object_get_string(json_object_object_get(f0, "code")),
                            "ZONE_INCURSION");
        assert_string_equal(json_object_get_string(json_object_object_get(f0, "zone_id")),
                            "V-Z-SQ");
        assert_int_equal(json_object_array_length(json_object_object_get(f0, "entry")), 3);
        assert_int_equal(json_object_array_length(json_object_object_get(f0, "window")), 2);
        assert_int_equal(json_object_get_int(json_object_object_get(f0, "segment")), 0);
    }
    json_object_put(o);
    sky_free(json);
    assert_sky_ok(sky_validation_to_geojson(v, &json, NULL, &err), &err);
    o = json_tokener_parse(json);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "type")),
                        "FeatureCollection");
    json_object_put(o);
    sky_free(json);
    sky_validation_free(v);
}

static void test_bad_inputs(void **state)
{
    sky_validation *v = NULL;
    sky_error err;
    (void)state;
    assert_int_equal(vjson("{\"type\":\"Point\",\"coordinates\":[121,31]}", 1, &v, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_non_null(strstr(err.message, "Point where a route"));
    assert_int_equal(vjson("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature"
                           "\",\"properties\":{\"id\":\"p\"},\"geometry\":{\"type\":\"Point\","
                           "\"coordinates\":[121,31]}}]}", 1, &v, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_int_equal(vjson("{\"type\":\"Feature\",\"properties\":{\"id\":\"n\"},\"geometry\":"
                           "{\"type\":\"LineString\",\"coordinates\":[[121,31],[NaN,31]]}}", 1,
                           &v, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_string_equal(err.feature_id, "n");
    assert_string_equal(err.field, "geometry.coordinates[1]");
    assert_int_equal(vjson("{\"type\":\"LineString\",\"coordinates\":[[121,31],[181,31]]}", 1,
                           &v, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_int_equal(vjson("{\"type\":\"LineString\",\"coordinates\":[[121,31],[\"1\",31]]}", 1,
                           &v, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_int_equal(vjson("{\"type\":\"LineString\",\"coordinates\":[[121,31]", 1, &v, &err),
                     SKY_E_BAD_JSON);
    assert_int_equal(vjson("{\"type\":\"LineString\",\"coordinates\":[[121,31],[0,0]]}", 1, &v,
                           &err),
                     SKY_E_OUT_OF_EXTENT);
    assert_null(v);
}

/* --- GEOMETRY on many routes: against a brute force written here --------------------------- */

/*
 * The definition (validate.c, README's GEOMETRY row): a leg shorter than 1 mm horizontally is
 * a repeated point when its ends' altitudes agree within 1 mm, else a vertical leg, reported
 * only in mid-route (not the take-off or landing leg). Any other leg i runs back along an
 * earlier leg j < i (not zero-length) when j lies on i's line (both ends within 1 mm) and the
 * two share more than 1 mm of it, and their altitude ranges (closed) meet; i is reported
 * once, naming the first such j, with the shared stretch on i as entry..exit.
 *
 * The routes below live on a grid of 1e-5 deg (about 1 m) cells, 8 x 8 around 120.990 E,
 * 31.050 N: over 8 m the plane is the lon/lat grid to well under 1 mm, so collinearity and
 * overlap are exact in integers, and any overlap or miss is much more than 1 mm.
 */
#define GRID 8
#define CELL_DEG 1e-5
#define GRID_LON 120.990
#define GRID_LAT 31.050

static uint64_t prng_state;
static uint64_t prng(void) /* xorshift64*, fixed seed */
{
    prng_state ^= prng_state >> 12;
    prng_state ^= prng_state << 25;
    prng_state ^= prng_state >> 27;
    return prng_state * 2685821657736338717ull;
}

static int prng_below(int n)
{
    return (int)((prng() >> 33) % (uint64_t)n);
}

enum { G_REPEATED, G_VERTICAL, G_OVERLAP };

typedef struct gfind {
    int kind;
    size_t seg, along;
    double len, entry[3], exit[3];
} gfind;

/* The grid point's longitude and latitude exactly as the GeoJSON text gives them. */
static double grid_deg(double base, int g)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%.5f", base + g * CELL_DEG);
    return strtod(buf, NULL);
}

static size_t brute_geometry(const int *gx, const int *gy, const double *alt, size_t n,
                             gfind *out)
{
    size_t nf = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        long dx = gx[i + 1] - gx[i], dy = gy[i + 1] - gy[i], l2 = dx * dx + dy * dy;
        gfind *f = &out[nf];
        if (l2 == 0) {
            if (fabs(alt[i + 1] - alt[i]) < 1e-3)
                f->kind = G_REPEATED;
            else if (i > 0 && i + 2 < n)
                f->kind = G_VERTICAL;
            else
                continue;
            f->seg = i;
            f->entry[0] = grid_deg(GRID_LON, gx[i]);
            f->entry[1] = grid_deg(GRID_LAT, gy[i]);
            f->entry[2] = alt[i];
            f->exit[0] = f->entry[0];
            f->exit[1] = f->entry[1];
            f->exit[2] = alt[i + 1];
            nf++;
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            long px = gx[j] - gx[i], py = gy[j] - gy[i];
            long qx = gx[j + 1] - gx[i], qy = gy[j + 1] - gy[i];
            long s0 = px * dx + py * dy, s1 = qx * dx + qy * dy, lo, hi;
            double ilo = fmin(alt[i], alt[i + 1]), ihi = fmax(alt[i], alt[i + 1]);
            double jlo = fmin(alt[j], alt[j + 1]), jhi = fmax(alt[j], alt[j + 1]);
            double t0, t1, lon0 = grid_deg(GRID_LON, gx[i]), lat0 = grid_deg(GRID_LAT, gy[i]);
            double lon1 = grid_deg(GRID_LON, gx[i + 1]), lat1 = grid_deg(GRID_LAT, gy[i + 1]);
            if (px == qx && py == qy)
                continue; /* leg j is a point */
            if (dx * py - dy * px != 0 || dx * qy - dy * qx != 0)
                continue; /* not on leg i's line */
            lo = s0 < s1 ? s0 : s1;
            hi = s0 < s1 ? s1 : s0;
            lo = lo > 0 ? lo : 0;
            hi = hi < l2 ? hi : l2;
            if (hi <= lo)
                continue; /* at most a point in common */
            if (!(ilo <= jhi && jlo <= ihi))
                continue; /* at different heights */
            t0 = (double)lo / (double)l2;
            t1 = (double)hi / (double)l2;
            f->kind = G_OVERLAP;
            f->seg = i;
            f->along = j;
            f->entry[0] = lon0 + t0 * (lon1 - lon0);
            f->entry[1] = lat0 + t0 * (lat1 - lat0);
            f->entry[2] = alt[i] + t0 * (alt[i + 1] - alt[i]);
            f->exit[0] = lon0 + t1 * (lon1 - lon0);
            f->exit[1] = lat0 + t1 * (lat1 - lat0);
            f->exit[2] = alt[i] + t1 * (alt[i + 1] - alt[i]);
            f->len = geodist(f->entry[0], f->entry[1], f->exit[0], f->exit[1]);
            nf++;
            break;
        }
    }
    return nf;
}

/* The check's GEOMETRY findings, in order, against the expected ones. */
static void expect_geometry(const sky_check *c, const gfind *want, size_t nwant,
                            const char *what)
{
    size_t k = 0;
    for (size_t q = 0; q < c->nfindings; q++) {
        const sky_finding *f = &c->findings[q];
        const gfind *w;
        char msg[200];
        if (f->code != SKY_FIND_GEOMETRY)
            continue;
        if (k == nwant)
            fail_msg("%s: an unexpected GEOMETRY finding: segment %ld: %s", what, f->segment,
                     f->message);
        w = &want[k++];
        if (f->segment != (long)w->seg)
            fail_msg("%s: GEOMETRY finding %zu on segment %ld (%s), expected segment %zu",
                     what, k - 1, f->segment, f->message, w->seg);
        assert_int_equal(f->severity, SKY_SEV_WARNING);
        if (w->kind == G_REPEATED) {
            snprintf(msg, sizeof msg, "repeated point: points %zu and %zu coincide (a "
                     "zero-length leg)", w->seg, w->seg + 1);
            assert_string_equal(f->message, msg);
        } else if (w->kind == G_VERTICAL) {
            snprintf(msg, sizeof msg, "zero-length leg: segment %zu is vertical in mid-route",
                     w->seg);
            assert_string_equal(f->message, msg);
        } else {
            size_t si = 0, sj = 0;
            double l = 0;
            if (sscanf(f->message, "self-overlapping legs: segment %zu runs along segment %zu "
                       "for %lf m", &si, &sj, &l) != 3)
                fail_msg("%s: unexpected message \"%s\"", what, f->message);
            if (si != w->seg || sj != w->along)
                fail_msg("%s: \"%s\", expected segment %zu along segment %zu", what,
                         f->message, w->seg, w->along);
            assert_near(l, f->length_inside_m, 0.0006);
            assert_near(f->length_inside_m, w->len, 0.002);
        }
        for (int d = 0; d < 2; d++) {
            assert_near(f->entry[d], w->entry[d], 1e-8);
            assert_near(f->exit[d], w->exit[d], 1e-8);
        }
        assert_near(f->entry[2], w->entry[2], 1e-4);
        assert_near(f->exit[2], w->exit[2], 1e-4);
    }
    if (k != nwant)
        fail_msg("%s: %zu GEOMETRY findings, expected %zu", what, k, nwant);
}

/* Append to text (cap bytes) at *len; the test fails rather than truncate. */
static void append(char *text, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(text + *len, cap - *len, fmt, ap);
    va_end(ap);
    assert_true(k >= 0 && (size_t)k < cap - *len);
    *len += (size_t)k;
}

/* A point on the line of the last leg (forward or back), inside the grid; 0 when none. */
static int on_line(const int *gx, const int *gy, size_t k, int *x, int *y)
{
    int dx = gx[k] - gx[k - 1], dy = gy[k] - gy[k - 1], g, a, b, tries;
    if (dx == 0 && dy == 0)
        return 0;
    for (a = abs(dx), b = abs(dy); b != 0;) { /* the primitive step along the line */
        int r = a % b;
        a = b;
        b = r;
    }
    g = a;
    dx /= g;
    dy /= g;
    for (tries = 0; tries < 8; tries++) {
        int m = prng_below(2 * GRID + 1) - GRID;
        if (m != 0 && gx[k] + m * dx >= 0 && gx[k] + m * dx < GRID && gy[k] + m * dy >= 0 &&
            gy[k] + m * dy < GRID) {
            *x = gx[k] + m * dx;
            *y = gy[k] + m * dy;
            return 1;
        }
    }
    return 0;
}

static void test_geometry_random(void **state)
{
    enum { NROUTES = 400, MAXPTS = 60 };
    static const double levels[] = {50, 50, 50, 50, 70, 90};
    int gx[MAXPTS + 2], gy[MAXPTS + 2];
    double z[MAXPTS + 2], alt[MAXPTS + 2];
    gfind want[MAXPTS];
    size_t total = 0, kinds[3] = {0, 0, 0};
    (void)state;
    prng_state = 0x5eed5eed12345ull;
    for (int r = 0; r < NROUTES; r++) {
        size_t n = 2 + (size_t)prng_below(MAXPTS - 1), k = 0, nw, len = 0;
        size_t cap = 64 * n + 128;
        char *text = malloc(cap), what[64];
        sky_validation *v = NULL;
        sky_error err;
        assert_non_null(text);
        gx[0] = prng_below(GRID);
        gy[0] = prng_below(GRID);
        z[0] = levels[prng_below(6)];
        for (k = 1; k < n; k++) {
            int how = prng_below(100), x = prng_below(GRID), y = prng_below(GRID);
            if (how < 10) { /* the same point again (at the same or another height) */
                x = gx[k - 1];
                y = gy[k - 1];
            } else if (how < 25 && k >= 2) { /* back to the point before: a retrace */
                x = gx[k - 2];
                y = gy[k - 2];
            } else if (how < 50 && k >= 2) { /* on along the last leg's line, or back */
                on_line(gx, gy, k - 1, &x, &y);
            } else if (how < 65 && k >= 2 && k + 1 < n) { /* to an earlier leg, then along it */
                size_t e = (size_t)prng_below((int)k - 1);
                gx[k] = gx[e];
                gy[k] = gy[e];
                z[k] = prng_below(3) ? z[e] : levels[prng_below(6)];
                k++;
                x = gx[e + 1];
                y = gy[e + 1];
                z[k] = prng_below(3) ? z[e + 1] : levels[prng_below(6)];
                gx[k] = x;
                gy[k] = y;
                continue;
            }
            gx[k] = x;
            gy[k] = y;
            z[k] = prng_below(3) ? z[k - 1] : levels[prng_below(6)];
        }
        append(text, cap, &len, "{\"type\":\"Feature\",\"properties\":{\"id\":\"g%d\"},"
               "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[", r);
        for (k = 0; k < n; k++) {
            double lon = grid_deg(GRID_LON, gx[k]), lat = grid_deg(GRID_LAT, gy[k]), gn;
            append(text, cap, &len, "%s[%.5f,%.5f,%.1f]", k ? "," : "", lon, lat, z[k]);
            /* the GeoJSON Z is ellipsoidal: AMSL = Z - N */
            assert_sky_ok(sky_geoid_height(pl, (sky_lonlat){lon, lat}, &gn, &err), &err);
            alt[k] = z[k] - gn;
        }
        append(text, cap, &len, "]}}");
        nw = brute_geometry(gx, gy, alt, n, want);
        assert_sky_ok(vjson(text, 0, &v, &err), &err);
        assert_int_equal(v->nchecks, 1);
        snprintf(what, sizeof what, "route %d (%zu points)", r, n);
        expect_geometry(&v->checks[0], want, nw, what);
        for (size_t q = 0; q < nw; q++)
            kinds[want[q].kind]++;
        total += nw;
        sky_validation_free(v);
        free(text);
    }
    print_message("%zu GEOMETRY findings: %zu repeated, %zu vertical, %zu overlaps\n", total,
                  kinds[G_REPEATED], kinds[G_VERTICAL], kinds[G_OVERLAP]);
    /* the generator reaches every kind, many times */
    assert_true(kinds[G_REPEATED] > 50 && kinds[G_VERTICAL] > 20 && kinds[G_OVERLAP] > 200);
}

/* A zigzag of 20,000 points whose legs never run along each other, then a long leg back to
 * point 5000 and the leg 5000 -> 5001 flown again: exactly one finding, that one. */
static void test_geometry_long_zigzag(void **state)
{
    enum { NZ = 20000, BACK = 5000 };
    size_t n = NZ + 2, len = 0, cap = 48 * n + 64;
    char *text = malloc(cap);
    static double lon[NZ], lat[NZ];
    sky_validation *v = NULL;
    sky_error err;
    const sky_finding *f;
    char msg[200];
    (void)state;
    assert_non_null(text);
    append(text, cap, &len, "{\"type\":\"LineString\",\"coordinates\":[");
    for (size_t k = 0; k < n; k++) {
        size_t p = k < NZ ? k : BACK + (k - NZ);
        char buf[32];
        if (k < NZ) { /* 1e-5 deg (about 1 m) east each point, 2e-4 deg (22 m) up or down */
            snprintf(buf, sizeof buf, "%.5f", 120.990 + 1e-5 * (double)k);
            lon[k] = strtod(buf, NULL);
            snprintf(buf, sizeof buf, "%.4f", 31.050 + (k % 2 ? 2e-4 : 0));
            lat[k] = strtod(buf, NULL);
        }
        append(text, cap, &len, "%s[%.5f,%.4f]", k ? "," : "", lon[p], lat[p]);
    }
    append(text, cap, &len, "]}");
    assert_sky_ok(vjson(text, 1, &v, &err), &err);
    free(text);
    assert_int_equal(count(v, SKY_FIND_GEOMETRY, NULL), 1);
    f = first(v, SKY_FIND_GEOMETRY, NULL);
    assert_int_equal(f->segment, NZ);
    snprintf(msg, sizeof msg, "self-overlapping legs: segment %d runs along segment %d for ",
             NZ, BACK);
    assert_memory_equal(f->message, msg, strlen(msg));
    assert_near(f->length_inside_m, geodist(lon[BACK], lat[BACK], lon[BACK + 1], lat[BACK + 1]),
                0.002);
    assert_near(f->entry[0], lon[BACK], 1e-8);
    assert_near(f->entry[1], lat[BACK], 1e-8);
    assert_near(f->exit[0], lon[BACK + 1], 1e-8);
    assert_near(f->exit[1], lat[BACK + 1], 1e-8);
    sky_validation_free(v);
}

/* --- the Luohu sample routes ------------------------------------------------------------------ */

static int setup_luohu(void **state)
{
    (void)state;
    return sky_test_setup("vluohu", NULL, dbpath, sizeof dbpath, &eng, &pl);
}

static sky_validation *luohu(const char *profile, const sky_flight_rules *rules)
{
    char path[512];
    char *text;
    size_t len;
    sky_validate_opts o;
    sky_validation *v = NULL;
    sky_error err;
    snprintf(path, sizeof path, "%s/routes_sample.geojson", SKY_LUOHU_DIR);
    text = sky_test_slurp(path, &len);
    assert_non_null(text);
    sky_validate_opts_init(&o);
    o.profile = profile;
    if (rules)
        o.rules = *rules;
    o.has_depart = 1; /* a Monday noon in June: the Fairy Lake zone is on */
    assert_sky_ok(sky_parse_time("2026-06-15T12:00:00+08:00", &o.depart_unix, &err), &err);
    assert_sky_ok(sky_validate_geojson(pl, text, len, path, &o, &v, &err), &err);
    free(text);
    assert_int_equal(v->nchecks, 7);
    return v;
}

/* The zone ids of check c's incursions, sorted and unique, comma-separated. */
static void incursions(const sky_check *c, char *out, size_t cap)
{
    const char *ids[32];
    size_t n = 0;
    out[0] = '\0';
    for (size_t k = 0; k < c->nfindings; k++) {
        const sky_finding *f = &c->findings[k];
        int seen = 0;
        if (f->code != SKY_FIND_ZONE_INCURSION)
            continue;
        for (size_t j = 0; j < n; j++)
            seen |= !strcmp(ids[j], f->zone_id);
        if (!seen && n < 32)
            ids[n++] = f->zone_id;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(ids[j - 1], ids[j]) > 0; j--) {
            const char *t = ids[j];
            ids[j] = ids[j - 1];
            ids[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        strncat(out, i ? "," : "", cap - strlen(out) - 1);
        strncat(out, ids[i], cap - strlen(out) - 1);
    }
}

/*
 * The README's route x zone table gives the footprints each route crosses; which of them
 * block depends on the altitude. R-002 flies 1000 m AMSL: Fairy Lake (0-120 AGL) is far
 * below, and the Wutong scenic area (0-300 AGL) reaches 1000 m only where the ground is
 * 700 m, which the loop avoids; it starts and ends at VP-003 inside that area, so the
 * vertical take-off and landing cross it.
 */
static void test_luohu_samples(void **state)
{
    static const struct {
        const char *id, *zones;
    } expect[] = {
        {"LH-R-001", "LH-Z-002,LH-Z-004"}, {"LH-R-002", "LH-Z-015"},
        {"LH-R-003", "LH-Z-009,LH-Z-015"}, {"LH-R-004", ""},
        {"LH-R-005", "LH-Z-003,LH-Z-005"}, {"LH-R-006", "LH-Z-006,LH-Z-009,LH-Z-014"},
        {"LH-R-007", "LH-Z-008,LH-Z-009,LH-Z-014"},
    };
    sky_validation *v = luohu("sightseeing-evtol", NULL);
    (void)state;
    for (size_t i = 0; i < 7; i++) {
        char got[256];
        const sky_check *c = &v->checks[i];
        assert_string_equal(c->id, expect[i].id);
        incursions(c, got, sizeof got);
        if (strcmp(got, expect[i].zones) != 0)
            fail_msg("%s: incursions \"%s\", expected \"%s\"", c->id, got, expect[i].zones);
        /* no sample route enters a PROHIBITED zone */
        for (size_t k = 0; k < c->nfindings; k++)
            if (c->findings[k].code == SKY_FIND_ZONE_INCURSION)
                assert_int_not_equal(c->findings[k].restriction, SKY_RESTR_PROHIBITED);
    }
    /* the last leg (segment 2) enters the Luohu Port REQ_AUTHORISATION areas */
    {
        const sky_check *c = &v->checks[0];
        int z2 = 0, z4 = 0;
        for (size_t k = 0; k < c->nfindings; k++) {
            const sky_finding *f = &c->findings[k];
            if (f->code != SKY_FIND_ZONE_INCURSION || f->segment != 2)
                continue;
            /* flown into (length > 0), besides the landing on VP-022 inside both */
            z2 |= !strcmp(f->zone_id, "LH-Z-002") && f->length_inside_m > 0;
            z4 |= !strcmp(f->zone_id, "LH-Z-004") && f->length_inside_m > 0;
            assert_int_equal(f->restriction, SKY_RESTR_REQ_AUTHORISATION);
        }
        assert_true(z2 && z4);
    }
    /* 1000 m AMSL is above the 120 m AGL ceiling on every leg */
    {
        const sky_check *c = &v->checks[1];
        size_t legs = 0;
        long last = -1;
        for (size_t k = 0; k < c->nfindings; k++)
            if (c->findings[k].code == SKY_FIND_CEILING && c->findings[k].segment != last) {
                last = c->findings[k].segment;
                legs++;
            }
        assert_int_equal(legs, 14);
        assert_int_equal(count(v, SKY_FIND_RANGE, NULL), 0); /* 14.2 km < 30 km */
    }
    sky_validation_free(v);
    /* with the delivery profile the 14.2 km loop is out of range */
    v = luohu(NULL, NULL);
    assert_int_equal(count(v, SKY_FIND_RANGE, NULL), 1);
    assert_string_equal(first(v, SKY_FIND_RANGE, NULL)->subject_id, "LH-R-002");
    sky_validation_free(v);
}

/* With permits for the Luohu Port areas, R-001 is clean. */
static void test_luohu_r001_permits(void **state)
{
    static const char *const permits[] = {"LH-Z-002", "LH-Z-004"};
    sky_flight_rules rules;
    sky_validation *v;
    (void)state;
    sky_flight_rules_init(&rules);
    rules.permits = permits;
    rules.npermits = 2;
    v = luohu(NULL, &rules);
    assert_int_equal(v->checks[0].nerrors, 0);
    assert_int_equal(v->checks[0].nwarnings, 0);
    sky_validation_free(v);
}

int main(void)
{
    const struct CMUnitTest rules[] = {
        cmocka_unit_test(test_one_cm_inside),
        cmocka_unit_test(test_one_cm_outside),
        cmocka_unit_test(test_breach_between_safe_waypoints),
        cmocka_unit_test(test_clearance),
        cmocka_unit_test(test_agl_vs_amsl_bands),
        cmocka_unit_test(test_ceiling),
        cmocka_unit_test(test_terrain_clearance),
        cmocka_unit_test(test_schedule_part_of_day),
        cmocka_unit_test(test_permit_and_endpoint),
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_geojson_inputs),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_geometry_random),
        cmocka_unit_test(test_geometry_long_zigzag),
    };
    const struct CMUnitTest samples[] = {
        cmocka_unit_test(test_luohu_samples),
        cmocka_unit_test(test_luohu_r001_permits),
    };
    int fails = cmocka_run_group_tests_name("rules", rules, setup, teardown);
    fails += cmocka_run_group_tests_name("luohu", samples, setup_luohu, teardown);
    return fails;
}
