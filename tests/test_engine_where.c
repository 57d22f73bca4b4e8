/*
 * test_engine_where.c - `where` on the Luohu reference set gives what the data's README
 * leads one to expect: the zones at each vertiport (the README's table), the Wutong summit,
 * Luohu Port with and without permits, and the Dongmen crowd zone at 09:00 and at 12:00.
 */
#include <json-c/json.h>

#include "sky_test.h"

static sky_engine *eng;
static sky_planner *pl;
static char dbpath[512];

static int setup(void **state)
{
    (void)state;
    return sky_test_setup("where", NULL, dbpath, sizeof dbpath, &eng, &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(dbpath, &eng, &pl);
    return 0;
}

static sky_where_result *where(double lon, double lat, const char *when,
                               const sky_flight_rules *rules)
{
    sky_where_opts o;
    sky_where_result *r = NULL;
    sky_error err;
    sky_lonlat p = {lon, lat};
    sky_where_opts_init(&o);
    if (rules)
        o.rules = *rules;
    assert_sky_ok(sky_parse_time(when, &o.at_unix, &err), &err);
    assert_sky_ok(sky_where(pl, p, &o, &r, &err), &err);
    return r;
}

/* "Vertiports that sit inside zones" in data/luohu/README.md; every other pad is in none. */
static const struct {
    const char *vp, *zones;
} pad_zones[] = {
    {"LH-VP-001", "LH-Z-002,LH-Z-004"}, {"LH-VP-002", "LH-Z-014"}, {"LH-VP-003", "LH-Z-015"},
    {"LH-VP-004", "LH-Z-003,LH-Z-005"}, {"LH-VP-005", "LH-Z-006"}, {"LH-VP-007", "LH-Z-008"},
    {"LH-VP-008", "LH-Z-009"},          {"LH-VP-011", "LH-Z-015"}, {"LH-VP-012", "LH-Z-013"},
    {"LH-VP-014", "LH-Z-011"},          {"LH-VP-015", "LH-Z-012"},
    {"LH-VP-022", "LH-Z-002,LH-Z-004"}, {"LH-VP-029", "LH-Z-008"}, {"LH-VP-038", "LH-Z-004"},
};

static void test_zones_at_every_pad(void **state)
{
    char path[512];
    json_object *fc, *feats;
    size_t checked = 0;
    (void)state;
    snprintf(path, sizeof path, "%s/vertiports.geojson", SKY_LUOHU_DIR);
    fc = json_object_from_file(path);
    assert_non_null(fc);
    feats = json_object_object_get(fc, "features");
    for (size_t i = 0; i < json_object_array_length(feats); i++) {
        json_object *f = json_object_array_get_idx(feats, i);
        const char *id = json_object_get_string(
            json_object_object_get(json_object_object_get(f, "properties"), "id"));
        json_object *c = json_object_object_get(json_object_object_get(f, "geometry"),
                                                "coordinates");
        const char *expect = "";
        char got[256] = "";
        sky_where_result *r;
        for (size_t k = 0; k < sizeof pad_zones / sizeof pad_zones[0]; k++)
            if (strcmp(pad_zones[k].vp, id) == 0)
                expect = pad_zones[k].zones;
        r = where(json_object_get_double(json_object_array_get_idx(c, 0)),
                  json_object_get_double(json_object_array_get_idx(c, 1)),
                  "2026-01-10T12:00:00+08:00", NULL);
        for (size_t k = 0; k < r->nzones; k++) {
            if (k)
                strcat(got, ",");
            strcat(got, r->zones[k].zone_id);
        }
        if (strcmp(got, expect) != 0)
            fail_msg("%s: zones \"%s\", README says \"%s\"", id, got, expect);
        /* the pad's own ground elevation wins there */
        assert_near(r->ground_m,
                    json_object_get_double(json_object_object_get(
                        json_object_object_get(f, "properties"), "ground_elevation_m")),
                    1e-9);
        sky_where_free(r);
        checked++;
    }
    assert_int_equal(checked, 42);
    json_object_put(fc);
}

static void test_wutong_summit(void **state)
{
    sky_where_result *r;
    sky_where_opts o;
    sky_error err;
    sky_lonlat summit = {114.214639, 22.582278};
    (void)state;
    /* inside the >= 900 m contour, the highest: ground is 900 by the rule */
    r = where(summit.lon, summit.lat, "2026-06-15T12:00:00+08:00", NULL);
    assert_near(r->ground_m, 900.0, 1e-9);
    assert_int_equal(r->nzones, 2);
    assert_string_equal(r->zones[0].zone_id, "LH-Z-015");
    assert_string_equal(r->zones[1].zone_id, "LH-Z-016");
    /* Z-016 is PROHIBITED below 1050 m AMSL; Z-015 is 0-300 m AGL = 900-1200 m here */
    assert_near(r->zones[1].upper_amsl_m, 1050.0, 1e-9);
    assert_near(r->zones[0].lower_amsl_m, 900.0, 1e-9);
    assert_near(r->zones[0].upper_amsl_m, 1200.0, 1e-9);
    assert_int_equal(r->zones[0].verdict, SKY_VERDICT_BLOCKS);
    assert_int_equal(r->zones[1].verdict, SKY_VERDICT_BLOCKS);
    sky_where_free(r);
    /* at 1060 m AMSL the summit protection is below the aircraft; the scenic zone is not */
    sky_where_opts_init(&o);
    o.has_alt = 1;
    o.alt_m = 1060.0;
    o.alt_amsl = 1;
    o.rules.accept_conditional = 1;
    assert_sky_ok(sky_where(pl, summit, &o, &r, &err), &err);
    assert_int_equal(r->zones[1].verdict, SKY_VERDICT_OUTSIDE_BAND);
    assert_int_equal(r->zones[0].verdict, SKY_VERDICT_ACCEPTED);
    assert_false(r->blocked);
    sky_where_free(r);
}

static void test_luohu_port(void **state)
{
    static const char *const permits[] = {"LH-Z-002", "LH-Z-004"};
    sky_flight_rules rules;
    sky_where_result *r;
    (void)state;
    r = where(114.11333, 22.53222, "2026-06-15T12:00:00+08:00", NULL);
    assert_true(r->blocked);
    assert_near(r->ground_m, 5.0, 1e-9); /* the hub's ground_elevation_m */
    assert_near(r->lo_amsl_m, 35.0, 1e-9);
    sky_where_free(r);
    sky_flight_rules_init(&rules);
    rules.permits = permits;
    rules.npermits = 1;
    r = where(114.11333, 22.53222, "2026-06-15T12:00:00+08:00", &rules);
    assert_true(r->blocked); /* one permit of two */
    sky_where_free(r);
    rules.npermits = 2;
    r = where(114.11333, 22.53222, "2026-06-15T12:00:00+08:00", &rules);
    assert_false(r->blocked);
    assert_int_equal(r->zones[0].verdict, SKY_VERDICT_PERMIT);
    assert_int_equal(r->zones[1].verdict, SKY_VERDICT_PERMIT);
    sky_where_free(r);
}

static void test_dongmen_crowd_zone(void **state)
{
    sky_where_result *r;
    (void)state;
    /* Dongmen Pedestrian Street; the crowd zone is on daily 10:00/23:00 +08:00 */
    r = where(114.11556, 22.54778, "2026-11-29T09:00:00+08:00", NULL);
    assert_int_equal(r->nzones, 1);
    assert_string_equal(r->zones[0].zone_id, "LH-Z-010");
    assert_false(r->zones[0].active);
    assert_int_equal(r->zones[0].verdict, SKY_VERDICT_INACTIVE);
    assert_false(r->blocked);
    sky_where_free(r);
    r = where(114.11556, 22.54778, "2026-11-29T12:00:00+08:00", NULL);
    assert_true(r->zones[0].active);
    assert_true(r->blocked);
    sky_where_free(r);
    r = where(114.11556, 22.54778, "2026-11-29T10:00:00+08:00", NULL);
    assert_true(r->blocked); /* the instant it opens */
    sky_where_free(r);
    r = where(114.11556, 22.54778, "2026-11-29T23:00:00+08:00", NULL);
    assert_false(r->blocked); /* the instant it closes */
    sky_where_free(r);
}

static void test_where_json(void **state)
{
    sky_where_result *r;
    char *json = NULL;
    size_t len = 0;
    sky_error err;
    json_object *o;
    (void)state;
    r = where(114.11556, 22.54778, "2026-11-29T12:00:00+08:00", NULL);
    assert_sky_ok(sky_where_to_json(r, &json, &len, &err), &err);
    o = json_tokener_parse(json);
    assert_non_null(o);
    assert_true(json_object_get_boolean(json_object_object_get(o, "blocked")));
    assert_string_equal(json_object_get_string(json_object_object_get(o, "at")),
                        "2026-11-29T04:00:00Z");
    assert_int_equal(json_object_array_length(json_object_object_get(o, "zones")), 1);
    json_object_put(o);
    sky_free(json);
    sky_where_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zones_at_every_pad),
        cmocka_unit_test(test_wutong_summit),
        cmocka_unit_test(test_luohu_port),
        cmocka_unit_test(test_dongmen_crowd_zone),
        cmocka_unit_test(test_where_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
