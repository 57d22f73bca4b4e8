/*
 * test_routes_domain.c - the domain rules of DOMAIN.md on hand-made cases: ground between
 * contours, at a top, outside the lowest contour, at a vertiport, in a massif without higher
 * contours; heights AGL -> AMSL -> ellipsoidal; closed band edges; permits, acceptance and
 * schedules in a verdict; the extent rule; leg durations. Expected values come from PROJ's
 * geodesics and the closed forms of the rules, computed here, never from the code under test.
 */
#include <geodesic.h>

#include "sky_test.h"

static sky_engine *eng;
static sky_planner *pl;
static char dbpath[512];

static int setup(void **state)
{
    (void)state;
    return sky_test_setup("domain", "domain_rules.geojson", dbpath, sizeof dbpath, &eng,
                          &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(dbpath, &eng, &pl);
    return 0;
}

static double geodist(double lon1, double lat1, double lon2, double lat2)
{
    struct geod_geodesic g;
    double s, a1, a2;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s, &a1, &a2);
    return s;
}

static double ground(double lon, double lat)
{
    sky_error err;
    double g = NAN;
    sky_lonlat p = {lon, lat};
    assert_sky_ok(sky_ground_elevation(pl, p, &g, &err), &err);
    return g;
}

/* Between the 100 m and 200 m contours: 100 + 100 * d100 / (d100 + d200), with the distances
 * to the nearest edges (the east edges, along the parallel). */
static void test_ground_between_contours(void **state)
{
    double d100 = geodist(120.012, 30.0, 120.02, 30.0);
    double d200 = geodist(120.012, 30.0, 120.01, 30.0);
    (void)state;
    assert_near(ground(120.012, 30.0), 100.0 + 100.0 * d100 / (d100 + d200), 0.05);
    /* on a contour line the rule gives the line's level from either side */
    assert_near(ground(120.01, 30.0), 200.0, 0.01);
    assert_near(ground(120.02, 30.0), 100.0, 0.01);
}

static void test_ground_at_top(void **state)
{
    (void)state;
    assert_near(ground(120.0, 30.0), 300.0, 1e-9);      /* inside the highest contour */
    assert_near(ground(120.003, 30.001), 300.0, 1e-9);
}

static void test_ground_outside_lowest(void **state)
{
    /* the flank slope 0.05 of the layer, from the nearest 100 m polygon 0.01 deg east */
    double d1 = geodist(120.03, 30.0, 120.02, 30.0);
    (void)state;
    assert_near(ground(120.03, 30.0), 100.0 - 0.05 * d1, 0.05);
    /* far away the ground stops at 0 */
    assert_near(ground(120.305, 30.305), 0.0, 1e-9);
}

static void test_ground_massif_without_higher_contours(void **state)
{
    /* massif B has only a 100 m contour: level 200 elsewhere does not pull it up */
    (void)state;
    assert_near(ground(120.11, 29.99), 100.0, 1e-9);
}

static void test_ground_at_vertiport(void **state)
{
    double d100 = geodist(120.0, 29.9851, 120.0, 29.98), d200 = geodist(120.0, 29.9851, 120.0,
                                                                         29.99);
    (void)state;
    assert_near(ground(120.0, 29.985), 77.0, 1e-9); /* the pad's own elevation wins */
    /* 11 m north of the pad the contour rule applies again */
    assert_near(ground(120.0, 29.9851), 100.0 + 100.0 * d100 / (d100 + d200), 0.05);
}

static void test_geoid_and_heights(void **state)
{
    sky_error err;
    double n = NAN, g;
    sky_lonlat origin = {0, 0};
    (void)state;
    /* EGM96 at 0 N 0 E is +17.16 m (published value of the model) */
    assert_sky_ok(sky_geoid_height(pl, origin, &n, &err), &err);
    assert_near(n, 17.16, 0.05);
    /* AGL -> AMSL -> ellipsoidal and back at the top of the test massif */
    {
        sky_lonlat top = {120.0, 30.0};
        double agl = 45.0, amsl, ell, n30;
        assert_sky_ok(sky_geoid_height(pl, top, &n30, &err), &err);
        g = ground(120.0, 30.0);
        amsl = agl + g;
        ell = amsl + n30;
        assert_near(amsl, 345.0, 1e-9);
        assert_near(ell - n30 - g, agl, 1e-9);
        /* EGM96 near Hangzhou is about +10 m: a sanity bound, not a derivation */
        assert_true(n30 > 0 && n30 < 20);
    }
}

static sky_where_result *where_at(double lon, double lat, const char *when, int has_alt,
                                  double alt, int amsl, const sky_flight_rules *rules)
{
    sky_where_opts o;
    sky_where_result *r = NULL;
    sky_error err;
    sky_lonlat p = {lon, lat};
    sky_where_opts_init(&o);
    if (rules)
        o.rules = *rules;
    assert_sky_ok(sky_parse_time(when, &o.at_unix, &err), &err);
    o.has_alt = has_alt;
    o.alt_m = alt;
    o.alt_amsl = amsl;
    assert_sky_ok(sky_where(pl, p, &o, &r, &err), &err);
    return r;
}

static const sky_where_zone *zone(const sky_where_result *r, const char *id)
{
    for (size_t i = 0; i < r->nzones; i++)
        if (strcmp(r->zones[i].zone_id, id) == 0)
            return &r->zones[i];
    fail_msg("zone %s not reported", id);
    return NULL;
}

static void test_verdicts(void **state)
{
    sky_where_result *r;
    sky_flight_rules rules;
    const char *const permits[] = {"T-Z-REQ", "T-Z-PRO"};
    const char *const accepts[] = {"T-Z-CON"};
    double n;
    sky_error err;
    sky_lonlat q = {120.305, 30.305};
    (void)state;
    assert_sky_ok(sky_geoid_height(pl, q, &n, &err), &err);

    /* 23:00 local: the crowd window 22:00/02:00 is on; the flight band is 30..120 AMSL here
     * (ground 0) */
    r = where_at(120.305, 30.305, "2026-11-28T23:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(r->nzones, 6);
    assert_near(r->ground_m, 0.0, 1e-9);
    assert_near(r->lo_amsl_m, 30.0, 1e-9);
    assert_near(r->hi_amsl_m, 120.0, 1e-9);
    assert_int_equal(zone(r, "T-Z-PRO")->verdict, SKY_VERDICT_BLOCKS);
    assert_int_equal(zone(r, "T-Z-REQ")->verdict, SKY_VERDICT_BLOCKS);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_BLOCKS);
    assert_true(zone(r, "T-Z-CON")->active);
    assert_int_equal(zone(r, "T-Z-NOR")->verdict, SKY_VERDICT_NO_RESTRICTION);
    assert_int_equal(zone(r, "T-Z-HIGH")->verdict, SKY_VERDICT_OUTSIDE_BAND);
    /* an upper limit on the ellipsoid: 20 m WGS84 is 20 - N m AMSL */
    assert_near(zone(r, "T-Z-ELL")->upper_amsl_m, 20.0 - n, 1e-9);
    assert_true(r->blocked);
    sky_where_free(r);

    /* a permit lifts REQ_AUTHORISATION but not PROHIBITED; acceptance lifts CONDITIONAL */
    sky_flight_rules_init(&rules);
    rules.permits = permits;
    rules.npermits = 2;
    rules.accepts = accepts;
    rules.naccepts = 1;
    r = where_at(120.305, 30.305, "2026-11-28T23:00:00+08:00", 0, 0, 0, &rules);
    assert_int_equal(zone(r, "T-Z-REQ")->verdict, SKY_VERDICT_PERMIT);
    assert_int_equal(zone(r, "T-Z-PRO")->verdict, SKY_VERDICT_BLOCKS);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_ACCEPTED);
    sky_where_free(r);
    sky_flight_rules_init(&rules);
    rules.accept_conditional = 1;
    r = where_at(120.305, 30.305, "2026-11-28T23:00:00+08:00", 0, 0, 0, &rules);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_ACCEPTED);
    sky_where_free(r);

    /* noon: the crowd zone is off; 02:00 closes it (half-open), 01:59:59 is still on */
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_INACTIVE);
    assert_false(zone(r, "T-Z-CON")->active);
    sky_where_free(r);
    r = where_at(120.305, 30.305, "2026-11-29T02:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_INACTIVE);
    sky_where_free(r);
    r = where_at(120.305, 30.305, "2026-11-29T01:59:59+08:00", 0, 0, 0, NULL);
    assert_int_equal(zone(r, "T-Z-CON")->verdict, SKY_VERDICT_BLOCKS);
    sky_where_free(r);
}

static void test_closed_band_edges(void **state)
{
    sky_where_result *r;
    (void)state;
    /* the 500..600 m AMSL zone: both limits are inside the band */
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 1, 500.0, 1, NULL);
    assert_int_equal(zone(r, "T-Z-HIGH")->verdict, SKY_VERDICT_BLOCKS);
    sky_where_free(r);
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 1, 600.0, 1, NULL);
    assert_int_equal(zone(r, "T-Z-HIGH")->verdict, SKY_VERDICT_BLOCKS);
    sky_where_free(r);
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 1, 600.001, 1, NULL);
    assert_int_equal(zone(r, "T-Z-HIGH")->verdict, SKY_VERDICT_OUTSIDE_BAND);
    sky_where_free(r);
    /* 0..120 m AGL over ground 0: 120 m AGL is in, 120.001 is out */
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 1, 120.0, 0, NULL);
    assert_int_equal(zone(r, "T-Z-PRO")->verdict, SKY_VERDICT_BLOCKS);
    sky_where_free(r);
    r = where_at(120.305, 30.305, "2026-11-29T12:00:00+08:00", 1, 120.001, 0, NULL);
    assert_int_equal(zone(r, "T-Z-PRO")->verdict, SKY_VERDICT_OUTSIDE_BAND);
    sky_where_free(r);
}

static void test_boundary_is_not_inside(void **state)
{
    /* 2 mm of longitude at 30.305 N, from the ellipsoid's parallel radius */
    const double a = 6378137.0, f = 1.0 / 298.257223563, e2 = f * (2 - f);
    const double phi = 30.305 * 3.14159265358979323846 / 180.0;
    const double nrad = a / sqrt(1 - e2 * sin(phi) * sin(phi));
    const double mm2 = 0.002 / (nrad * cos(phi)) * 180.0 / 3.14159265358979323846;
    sky_where_result *r;
    (void)state;
    /* a vertex of the zones: touching the boundary is not inside */
    r = where_at(120.30, 30.30, "2026-11-29T12:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(r->nzones, 0);
    assert_false(r->blocked);
    sky_where_free(r);
    /* 2 mm west of the west edge is outside, 2 mm east of it inside (edges are straight in
     * the local frame; they leave the lon/lat chord by 0.06 mm here, well under 1 mm) */
    r = where_at(120.30 - mm2, 30.305, "2026-11-29T12:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(r->nzones, 0);
    sky_where_free(r);
    r = where_at(120.30 + mm2, 30.305, "2026-11-29T12:00:00+08:00", 0, 0, 0, NULL);
    assert_int_equal(r->nzones, 6);
    sky_where_free(r);
}

static void test_extent_rule(void **state)
{
    struct geod_geodesic g;
    double lat, lon_in, lon_out, az, ext[4];
    sky_where_result *r = NULL;
    sky_where_opts o;
    sky_error err;
    (void)state;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    /* the data's north-east corner is (120.31, 30.31); the extent reaches 50 km beyond */
    geod_direct(&g, 30.31, 120.31, 90.0, 49900.0, &lat, &lon_in, &az);
    geod_direct(&g, 30.31, 120.31, 90.0, 50100.0, &lat, &lon_out, &az);
    assert_true(sky_engine_extent(eng, ext));
    assert_true(ext[2] > lon_in && ext[2] < lon_out);
    sky_where_opts_init(&o);
    {
        sky_lonlat in = {lon_in, 30.0}, out = {lon_out, 30.0};
        assert_sky_ok(sky_where(pl, in, &o, &r, &err), &err);
        sky_where_free(r);
        assert_int_equal(sky_where(pl, out, &o, &r, &err), SKY_E_OUT_OF_EXTENT);
        assert_null(r);
    }
}

static void test_leg_durations(void **state)
{
    sky_profile_info p;
    sky_error err;
    (void)state;
    assert_sky_ok(sky_engine_find_profile(eng, "delivery-multicopter", &p, &err), &err);
    assert_near(p.speed_mps, 20.0, 0);
    /* 1000 m level: 50 s; 100 m with a 100 m climb at 5 m/s: the climb decides, 20 s;
     * 100 m with a 100 m descent at 4 m/s: 25 s */
    assert_near(sky_leg_duration(&p, 1000.0, 0.0), 50.0, 1e-12);
    assert_near(sky_leg_duration(&p, 100.0, 100.0), 20.0, 1e-12);
    assert_near(sky_leg_duration(&p, 100.0, -100.0), 25.0, 1e-12);
    assert_near(sky_leg_duration(&p, 1000.0, 100.0), 50.0, 1e-12);
    assert_int_equal(sky_engine_find_profile(eng, "no-such", &p, &err), SKY_E_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ground_between_contours),
        cmocka_unit_test(test_ground_at_top),
        cmocka_unit_test(test_ground_outside_lowest),
        cmocka_unit_test(test_ground_massif_without_higher_contours),
        cmocka_unit_test(test_ground_at_vertiport),
        cmocka_unit_test(test_geoid_and_heights),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_closed_band_edges),
        cmocka_unit_test(test_boundary_is_not_inside),
        cmocka_unit_test(test_extent_rule),
        cmocka_unit_test(test_leg_durations),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
