/*
 * test_engine_crosscheck.c - the planner and the validator judge by the same rules: a route
 * the planner returns, validated with the same options (clearance, departure, profile,
 * permits) and its own 3D profile, has no error-severity finding. Random Luohu pad pairs,
 * random clearances, random times of day and random permits.
 */
#include "sky_test.h"

static uint64_t rng = 0x853c49e6748fea9bull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_planned_routes_validate_clean(void **state)
{
    static const char *const permit_pool[] = {"LH-Z-002", "LH-Z-004", "LH-Z-014", "LH-Z-006"};
    char db[512], buf[SKY_TEST_NLUOHU][512];
    const char *paths[SKY_TEST_NLUOHU];
    sky_engine *eng = NULL;
    sky_planner *pl = NULL;
    size_t npads, planned = 0;
    (void)state;
    sky_test_luohu_paths(buf, paths);
    assert_int_equal(sky_test_make_db(db, sizeof db, "cross", paths, SKY_TEST_NLUOHU), 0);
    assert_int_equal(sky_test_open(db, &eng, &pl), 0);
    npads = sky_engine_count(eng, SKY_LAYER_VERTIPORTS);
    for (int k = 0; k < 60; k++) {
        char from[16], to[16];
        const char *permits[4];
        sky_plan_request req;
        sky_validate_opts vo;
        sky_route *r = NULL;
        sky_validation *v = NULL;
        sky_error err;
        char *json = NULL;
        size_t len;
        sky_status rc;
        uint64_t x = next();
        snprintf(from, sizeof from, "LH-VP-%03d", (int)(x % npads) + 1);
        snprintf(to, sizeof to, "LH-VP-%03d", (int)((x >> 16) % npads) + 1);
        sky_plan_request_init(&req);
        req.from_id = from;
        req.to_id = to;
        req.clearance_m = (double)((x >> 32) % 61);
        req.depart_unix = 1781452800 - 8 * 3600 + (int64_t)((x >> 8) % 86400);
        req.profile = "sightseeing-evtol";
        req.rules.npermits = (size_t)((x >> 48) % 5);
        for (size_t i = 0; i < req.rules.npermits; i++)
            permits[i] = permit_pool[i];
        req.rules.permits = permits;
        req.rules.accept_conditional = (x >> 60) & 1;
        rc = sky_plan(pl, &req, &r, &err);
        if (rc >= 200 && rc < 300)
            continue; /* a pad inside or near a blocking zone: a refusal, not a route */
        assert_sky_ok(rc, &err);
        assert_sky_ok(sky_route_to_geojson(r, &json, &len, &err), &err);
        sky_validate_opts_init(&vo);
        vo.rules = req.rules;
        vo.clearance_m = req.clearance_m;
        vo.has_depart = 1;
        vo.depart_unix = req.depart_unix;
        vo.profile = req.profile;
        /* no altitude override: the route's own heights (GeoJSON Z, ellipsoidal) are judged
         * against the terrain and the band along every segment */
        assert_sky_ok(sky_validate_geojson(pl, json, len, "planned.geojson", &vo, &v, &err),
                      &err);
        if (v->nerrors != 0) {
            char *out = NULL;
            sky_validation_to_json(v, &out, NULL, &err);
            fail_msg("case %d %s -> %s clearance %g: %zu errors: %s", k, from, to,
                     req.clearance_m, v->nerrors, out ? out : "");
        }
        sky_validation_free(v);
        sky_free(json);
        sky_route_free(r);
        planned++;
    }
    print_message("%zu planned routes validated clean\n", planned);
    assert_true(planned >= 15);
    sky_planner_free(pl);
    sky_engine_free(eng);
    unlink(db);
}

/* Across the Dongmen crowd zone as it closes at 23:00 (+08:00), departing every 5 s around
 * it: planner and validator time the flight the same way (take-off, legs, landing), so the
 * route never gets an incursion the planner thought it had avoided. */
static void test_timing_agrees_at_closing(void **state)
{
    char db[512], buf[SKY_TEST_NLUOHU][512];
    const char *paths[SKY_TEST_NLUOHU];
    sky_engine *eng = NULL;
    sky_planner *pl = NULL;
    int64_t base;
    sky_error err;
    (void)state;
    sky_test_luohu_paths(buf, paths);
    assert_int_equal(sky_test_make_db(db, sizeof db, "cross-t", paths, SKY_TEST_NLUOHU), 0);
    assert_int_equal(sky_test_open(db, &eng, &pl), 0);
    assert_sky_ok(sky_parse_time("2026-06-15T22:58:30+08:00", &base, &err), &err);
    for (int k = 0; k < 24; k++) {
        sky_plan_request req;
        sky_validate_opts vo;
        sky_route *r = NULL;
        sky_validation *v = NULL;
        char *json = NULL;
        size_t len;
        sky_plan_request_init(&req);
        req.from = (sky_lonlat){114.108, 22.5478};
        req.to = (sky_lonlat){114.124, 22.5478};
        req.clearance_m = 0;
        req.depart_unix = base + 5 * k;
        assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
        assert_sky_ok(sky_route_to_geojson(r, &json, &len, &err), &err);
        sky_validate_opts_init(&vo);
        vo.has_depart = 1;
        vo.depart_unix = req.depart_unix;
        assert_sky_ok(sky_validate_geojson(pl, json, len, "t.geojson", &vo, &v, &err), &err);
        if (v->nerrors != 0)
            fail_msg("departing %+d s after 22:58:30: %zu errors", 5 * k, v->nerrors);
        sky_validation_free(v);
        sky_free(json);
        sky_route_free(r);
    }
    sky_planner_free(pl);
    sky_engine_free(eng);
    unlink(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planned_routes_validate_clean),
        cmocka_unit_test(test_timing_agrees_at_closing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
