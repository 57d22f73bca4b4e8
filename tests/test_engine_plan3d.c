/*
 * test_engine_plan3d.c - the planner in 3D and in time, and tours: zones above the band or
 * below the ground's band do not block while those meeting it do (AGL and AMSL limits);
 * routes over the Wutong terrain keep 30..120 m AGL at every profile point, judged by the
 * public terrain rule; legs timed by max(length / speed, climb / rate) by hand; no feasible
 * altitude named; a 6-stop optimised tour equal to brute force over the legs' durations; a
 * tour beyond the range refused.
 */
#include <geodesic.h>

#include "sky_test.h"

static char db3d[512], dbl[512];
static sky_engine *eng3d, *engl;
static sky_planner *pl3d, *pll;

static int setup(void **state)
{
    char path[512], buf[SKY_TEST_NLUOHU][512];
    const char *paths[SKY_TEST_NLUOHU];
    const char *one[1] = {path};
    (void)state;
    snprintf(path, sizeof path, "%s/plan3d.geojson", SKY_TEST_DATA);
    if (sky_test_make_db(db3d, sizeof db3d, "plan3d", one, 1) != 0 ||
        sky_test_open(db3d, &eng3d, &pl3d) != 0)
        return -1;
    sky_test_luohu_paths(buf, paths);
    if (sky_test_make_db(dbl, sizeof dbl, "plan3d-luohu", paths, SKY_TEST_NLUOHU) != 0 ||
        sky_test_open(dbl, &engl, &pll) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sky_planner_free(pl3d);
    sky_engine_free(eng3d);
    sky_planner_free(pll);
    sky_engine_free(engl);
    unlink(db3d);
    unlink(dbl);
    return 0;
}

static double geodesic(sky_lonlat a, sky_lonlat b)
{
    struct geod_geodesic g;
    double s, a1, a2;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s, &a1, &a2);
    return s;
}

static double straight(sky_lonlat a, sky_lonlat b)
{
    return geodesic(a, b);
}

static sky_status plan_pts(sky_planner *p, sky_lonlat a, sky_lonlat b, double clearance,
                           sky_route **r, sky_error *err)
{
    sky_plan_request req;
    sky_plan_request_init(&req);
    req.from = a;
    req.to = b;
    req.clearance_m = clearance;
    req.depart_unix = 1780000000;
    return sky_plan(p, &req, r, err);
}

static void test_bands_over_terrain(void **state)
{
    sky_route *r = NULL;
    sky_error err;
    (void)state;
    /* A-HIGH is 200..300 m AGL, above the 30..120 m band: straight through */
    {
        sky_lonlat a = {120.195, 29.96}, b = {120.206, 29.96};
        assert_sky_ok(plan_pts(pl3d, a, b, 0, &r, &err), &err);
        assert_near(sky_route_length(r), straight(a, b), 1e-3);
        sky_route_free(r);
    }
    /* A-LOW is 0..50 m AGL, it meets the band: round it */
    {
        sky_lonlat a = {120.245, 29.96}, b = {120.256, 29.96};
        assert_sky_ok(plan_pts(pl3d, a, b, 0, &r, &err), &err);
        assert_true(sky_route_length(r) > straight(a, b) + 100);
        sky_route_free(r);
    }
    /* S-AMSL is 0..150 m AMSL: above ground of 200 m (inside the 200 m contour) it lies
     * below the band and does not block; north of that contour it does */
    {
        sky_lonlat a = {119.99, 30.0}, b = {120.01, 30.0};
        assert_sky_ok(plan_pts(pl3d, a, b, 0, &r, &err), &err);
        assert_near(sky_route_length(r), straight(a, b), 1e-3);
        sky_route_free(r);
    }
    {
        sky_lonlat a = {119.99, 30.015}, b = {120.01, 30.015};
        assert_sky_ok(plan_pts(pl3d, a, b, 0, &r, &err), &err);
        assert_true(sky_route_length(r) > straight(a, b) + 50);
        sky_route_free(r);
    }
    /* S-TOP is 400..2000 m AMSL over a hill whose top is 200 m: the band reaches 320 m at
     * most, the zone does not block */
    {
        sky_lonlat a = {120.055, 30.0}, b = {120.065, 30.0};
        assert_sky_ok(plan_pts(pl3d, a, b, 0, &r, &err), &err);
        assert_near(sky_route_length(r), straight(a, b), 1e-3);
        sky_route_free(r);
    }
    /* a destination where S-AMSL blocks over the terrain: no feasible altitude there */
    {
        sky_lonlat a = {119.99, 30.025}, b = {120.0, 30.025};
        assert_int_equal(plan_pts(pl3d, a, b, 0, &r, &err), SKY_E_NO_ALTITUDE);
        assert_string_equal(err.feature_id, "S-AMSL");
        assert_non_null(strstr(err.message, "no feasible altitude"));
    }
}

/* Across Wutong: every profile point at 30..120 m AGL by the public terrain rule, and every
 * leg timed by max(length / speed, climb or descent / rate). */
static void test_wutong_profile(void **state)
{
    static const char *const accepts[] = {"LH-Z-015"};
    sky_plan_request req;
    sky_route *r = NULL;
    sky_error err;
    size_t n;
    const sky_waypoint *w;
    double climbs = 0;
    (void)state;
    sky_plan_request_init(&req);
    req.from = (sky_lonlat){114.185, 22.565};
    req.to = (sky_lonlat){114.232, 22.592};
    req.profile = "sightseeing-evtol"; /* 30 m/s, climb 4, descent 3 */
    req.rules.accepts = accepts;
    req.rules.naccepts = 1;
    req.depart_unix = 1780000000;
    assert_sky_ok(sky_plan(pll, &req, &r, &err), &err);
    w = sky_route_waypoints(r, &n);
    assert_true(n > 10); /* the terrain adds profile points */
    for (size_t i = 0; i < n; i++) {
        double g;
        assert_sky_ok(sky_ground_elevation(pll, w[i].pos, &g, &err), &err);
        assert_near(w[i].alt_amsl_m - g, w[i].alt_agl_m, 1e-6);
        if (w[i].alt_agl_m < 30 || w[i].alt_agl_m > 120)
            fail_msg("waypoint %zu at %.2f m AGL", i, w[i].alt_agl_m);
        if (i > 0) {
            double h = geodesic(w[i - 1].pos, w[i].pos);
            double dh = w[i].alt_amsl_m - w[i - 1].alt_amsl_m;
            double want = fmax(h / 30.0, dh >= 0 ? dh / 4.0 : -dh / 3.0);
            /* legs are timed on the local frame's length: within 1e-5 of the geodesic */
            assert_near(w[i].eta_s - w[i - 1].eta_s, want, 1e-5 * want + 1e-9);
            climbs += dh > 0 ? dh : 0;
        }
    }
    assert_true(climbs > 200); /* it went over real terrain */
    /* take-off from the ground to the cruise altitude at 4 m/s */
    {
        double g0;
        assert_sky_ok(sky_ground_elevation(pll, w[0].pos, &g0, &err), &err);
        assert_near(w[0].eta_s, (w[0].alt_amsl_m - g0) / 4.0, 1e-9);
    }
    sky_route_free(r);
}

/* Six stops, a loop: the optimised order's total over the legs' durations equals the best
 * of all 120 orders by brute force. */
static void test_tour_order_brute_force(void **state)
{
    static const char *const stops[6] = {"LH-VP-003", "LH-VP-013", "LH-VP-014",
                                         "LH-VP-016", "LH-VP-017", "LH-VP-020"};
    double cost[6][6], best = INFINITY, got = 0;
    sky_tour_request t;
    sky_route *r = NULL;
    sky_error err;
    size_t ns;
    const char *const *order;
    int perm[5] = {1, 2, 3, 4, 5};
    (void)state;
    sky_tour_request_init(&t);
    t.leg.profile = "sightseeing-evtol";
    t.leg.clearance_m = 15;
    t.leg.rules.accept_conditional = 1;
    t.leg.depart_unix = 1781470800; /* 2026-06-15T05:00+08:00 */
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            sky_plan_request req = t.leg;
            sky_route *leg = NULL;
            cost[i][j] = 0;
            if (i == j)
                continue;
            req.from_id = stops[i];
            req.to_id = stops[j];
            assert_sky_ok(sky_plan(pll, &req, &leg, &err), &err);
            cost[i][j] = sky_route_duration(leg);
            sky_route_free(leg);
        }
    /* every permutation of stops 1..5 (Heap's algorithm, iterative) */
    {
        int c[5] = {0}, k = 0;
        for (;;) {
            double tot = cost[0][perm[0]] + cost[perm[4]][0];
            for (int i = 0; i < 4; i++)
                tot += cost[perm[i]][perm[i + 1]];
            best = fmin(best, tot);
            while (k < 5 && c[k] >= k) {
                c[k] = 0;
                k++;
            }
            if (k == 5)
                break;
            {
                int a = k % 2 ? c[k] : 0, tmp = perm[a];
                perm[a] = perm[k];
                perm[k] = tmp;
            }
            c[k]++;
            k = 0;
        }
    }
    t.stops = stops;
    t.nstops = 6;
    t.loop = 1;
    t.optimize_order = 1;
    assert_sky_ok(sky_plan_tour(pll, &t, &r, &err), &err);
    order = sky_route_stops(r, &ns);
    assert_int_equal(ns, 7);
    assert_string_equal(order[0], "LH-VP-003");
    assert_string_equal(order[6], "LH-VP-003");
    for (size_t i = 0; i + 1 < ns; i++) {
        int a = -1, b = -1;
        for (int k = 0; k < 6; k++) {
            if (strcmp(order[i], stops[k]) == 0)
                a = k;
            if (strcmp(order[i + 1], stops[k]) == 0)
                b = k;
        }
        assert_true(a >= 0 && b >= 0);
        got += cost[a][b];
    }
    assert_near(got, best, 1e-9);
    /* times accumulate: the tour lasts at least the sum of its legs */
    assert_true(sky_route_duration(r) >= best - 1e-6);
    sky_route_free(r);
    /* a tour beyond the range (the delivery multicopter's 10 km) is refused */
    t.leg.profile = NULL;
    t.optimize_order = 0;
    assert_int_equal(sky_plan_tour(pll, &t, &r, &err), SKY_E_BEYOND_RANGE);
    assert_null(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands_over_terrain),
        cmocka_unit_test(test_wutong_profile),
        cmocka_unit_test(test_tour_order_brute_force),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
