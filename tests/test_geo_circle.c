/*
 * test_geo_circle.c - a circle becomes a polygon that contains it: every point of every edge
 * (edges are straight in lon/lat) is at least r from the centre by PROJ's geodesic inverse,
 * an independent check of the construction (which walks geod_direct), and the polygon is not
 * much larger than the circle.
 */
#include <geodesic.h>

#include "sky_test.h"
#include "geo/geo.h"

static double geodist(sky_lonlat a, sky_lonlat b)
{
    struct geod_geodesic g;
    double s, az1, az2;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s, &az1, &az2);
    return s;
}

static void check_circle(sky_lonlat c, double r)
{
    sky_arena a;
    sky_mpoly m;
    sky_error err;
    const sky_ring *ring;
    double min_d = INFINITY, max_d = 0, area2 = 0;

    sky_arena_init(&a);
    assert_sky_ok(sky_geo_circle_polygon(&a, c, r, &m, &err), &err);
    assert_int_equal(m.npolys, 1);
    assert_int_equal(m.polys[0].nrings, 1);
    ring = &m.polys[0].rings[0];
    assert_true(ring->n >= 33);
    /* closed */
    assert_true(ring->pts[0].lon == ring->pts[ring->n - 1].lon);
    assert_true(ring->pts[0].lat == ring->pts[ring->n - 1].lat);
    for (size_t i = 0; i + 1 < ring->n; i++) {
        sky_lonlat p = ring->pts[i], q = ring->pts[i + 1];
        /* shoelace in degrees: only its sign is used (orientation) */
        area2 += (p.lon - c.lon) * (q.lat - c.lat) - (q.lon - c.lon) * (p.lat - c.lat);
        for (int k = 0; k <= 200; k++) {
            double t = k / 200.0;
            sky_lonlat s = {p.lon + t * (q.lon - p.lon), p.lat + t * (q.lat - p.lat)};
            double d = geodist(c, s);
            min_d = fmin(min_d, d);
            max_d = fmax(max_d, d);
        }
    }
    if (!(min_d >= r))
        fail_msg("circle r=%g at (%g, %g): an edge comes to %.6f m of the centre", r, c.lon,
                 c.lat, min_d);
    /* 64 segments: the vertices sit at r / cos(pi/64) (+0.12 %) plus a small guard */
    assert_true(max_d <= r * 1.0013 + 1e-5 * r + 0.02);
    assert_true(area2 > 0); /* counter-clockwise */
    sky_arena_clear(&a);
}

static void test_circles_contain_the_circle(void **state)
{
    static const double radii[] = {1.0, 10.0, 150.0, 500.0, 2500.0, 10000.0};
    static const sky_lonlat centres[] = {
        {114.1133, 22.5322}, {0.0, 0.0}, {-3.7, 40.4}, {18.0, 69.6}, {151.2, -33.9}};
    (void)state;
    for (size_t i = 0; i < sizeof centres / sizeof centres[0]; i++)
        for (size_t j = 0; j < sizeof radii / sizeof radii[0]; j++)
            check_circle(centres[i], radii[j]);
}

static void test_bad_radius(void **state)
{
    sky_arena a;
    sky_mpoly m;
    sky_error err;
    sky_lonlat c = {114.1, 22.5};
    (void)state;
    sky_arena_init(&a);
    assert_int_equal(sky_geo_circle_polygon(&a, c, 0.0, &m, &err), SKY_E_BAD_VALUE);
    assert_int_equal(sky_geo_circle_polygon(&a, c, -5.0, &m, &err), SKY_E_BAD_VALUE);
    assert_int_equal(sky_geo_circle_polygon(&a, c, NAN, &m, &err), SKY_E_BAD_VALUE);
    sky_arena_clear(&a);
}

static void test_distance_closed_form(void **state)
{
    /* one degree of longitude on the equator: a * pi / 180 exactly on the ellipsoid */
    sky_lonlat a = {0, 0}, b = {1, 0};
    (void)state;
    assert_near(sky_geo_distance_m(a, b), 6378137.0 * 3.14159265358979323846 / 180.0, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_circles_contain_the_circle),
        cmocka_unit_test(test_bad_radius),
        cmocka_unit_test(test_distance_closed_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
