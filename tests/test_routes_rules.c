/*
 * test_routes_rules.c - domain rules below the public API: the ground sampled along a segment
 * (every 10 m and at every contour crossing), the endpoint rule with a margin, geodesic
 * lengths and areas against the figures published with the Luohu data, unit conversion.
 */
#include <geodesic.h>
#include <json-c/json.h>

#include "sky_test.h"
#include "routes/domain.h"

static sky_domain dom;
static sky_dq q;
static char dbpath[512];

static int setup(void **state)
{
    char path[512];
    const char *paths[1] = {path};
    sky_st *st = NULL;
    sky_geo *g = NULL;
    sky_error err;
    (void)state;
    snprintf(path, sizeof path, "%s/domain_rules.geojson", SKY_TEST_DATA);
    if (sky_test_make_db(dbpath, sizeof dbpath, "rules", paths, 1) != 0)
        return -1;
    sky_rt_airspace_init(&dom.as);
    if (sky_geo_new(&g, &err) != SKY_OK || sky_st_open(dbpath, SKY_STORE_READONLY, &st, &err) ||
        sky_st_load(st, g, SKY_LAYERS_ALL, &dom.as, &err) != SKY_OK ||
        sky_dom_build(&dom, &err) != SKY_OK || sky_dq_init(&q, &dom, &err) != SKY_OK) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    sky_st_close(st);
    sky_geo_free(g);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sky_dq_clear(&q);
    sky_dom_clear(&dom);
    unlink(dbpath);
    return 0;
}

static sky_xy xy(double lon, double lat)
{
    sky_lonlat ll = {lon, lat};
    sky_xy p;
    sky_error err;
    assert_sky_ok(sky_geo_to_xy(q.g, &ll, &p, 1, &err), &err);
    return p;
}

/* Due west along 30 N from outside the massif to its top: the samples include the three
 * contour crossings (where the ground equals each level) and are never more than 10 m apart. */
static void test_ground_profile(void **state)
{
    sky_xy a = xy(120.03, 30.0), b = xy(120.0, 30.0);
    double len = hypot(b.x - a.x, b.y - a.y), *t = NULL, *gr = NULL;
    static const double cross_lon[3] = {120.02, 120.01, 120.004};
    static const double level[3] = {100, 200, 300};
    size_t n = 0;
    sky_error err;
    (void)state;
    assert_sky_ok(sky_dq_ground_profile(&q, a, b, 10.0, &t, &gr, &n, &err), &err);
    assert_true(n >= (size_t)(len / 10.0));
    assert_near(t[0], 0.0, 0);
    assert_near(t[n - 1], 1.0, 0);
    for (size_t i = 1; i < n; i++)
        assert_true((t[i] - t[i - 1]) * len <= 10.0 + 1e-9 && t[i] > t[i - 1]);
    for (int k = 0; k < 3; k++) {
        sky_xy c = xy(cross_lon[k], 30.0);
        double tc = hypot(c.x - a.x, c.y - a.y) / len;
        int found = 0;
        for (size_t i = 0; i < n; i++)
            if (fabs(t[i] - tc) * len < 0.01) { /* the crossing, to 1 cm */
                assert_near(gr[i], level[k], 0.01);
                found = 1;
            }
        if (!found)
            fail_msg("no sample at the %g m contour crossing", level[k]);
    }
    assert_near(gr[n - 1], 300.0, 1e-9);
    sky_free(t);
    sky_free(gr);
}

static void test_endpoint_rule(void **state)
{
    sky_rules r;
    size_t vol;
    double dist, lon_10m;
    sky_error err;
    int64_t t;
    const char *const permits[] = {"T-Z-REQ"};
    struct geod_geodesic gd;
    double lat2, az;
    (void)state;
    sky_rules_default(&r);
    assert_sky_ok(sky_time_parse("2026-11-29T12:00:00+08:00", &t, NULL, &err), &err);
    /* inside: refused, naming a blocking zone (PROHIBITED or REQ_AUTHORISATION) */
    assert_sky_ok(sky_dq_endpoint_check(&q, xy(120.305, 30.305), 0, 0, 30, 120, t, t, &r, 30,
                                        &vol, &dist, &err), &err);
    assert_true(vol != SKY_NO_VOLUME);
    assert_near(dist, 0, 0);
    /* 10 m west of the zones' west edge: inside a 30 m margin, outside a 5 m one */
    geod_init(&gd, 6378137.0, 1.0 / 298.257223563);
    geod_direct(&gd, 30.305, 120.30, 270.0, 10.0, &lat2, &lon_10m, &az);
    assert_sky_ok(sky_dq_endpoint_check(&q, xy(lon_10m, 30.305), 0, 0, 30, 120, t, t, &r, 30,
                                        &vol, &dist, &err), &err);
    assert_true(vol != SKY_NO_VOLUME);
    assert_near(dist, 10.0, 0.005);
    assert_sky_ok(sky_dq_endpoint_check(&q, xy(lon_10m, 30.305), 0, 0, 30, 120, t, t, &r, 5,
                                        &vol, &dist, &err), &err);
    assert_true(vol == SKY_NO_VOLUME);
    /* a permit for the REQ_AUTHORISATION zone leaves the PROHIBITED one */
    r.permits = permits;
    r.npermits = 1;
    assert_sky_ok(sky_dq_endpoint_check(&q, xy(120.305, 30.305), 0, 0, 30, 120, t, t, &r, 0,
                                        &vol, &dist, &err), &err);
    assert_true(vol != SKY_NO_VOLUME);
    assert_string_equal(dom.as.zones[dom.vols[vol].zone].id, "T-Z-PRO");
    /* far away nothing is near */
    assert_sky_ok(sky_dq_endpoint_check(&q, xy(120.2, 30.2), 0, 0, 30, 120, t, t, &r, 30, &vol,
                                        &dist, &err), &err);
    assert_true(vol == SKY_NO_VOLUME);
}

/* The Luohu set publishes geodesic route lengths (length_m, 0.1 m) and zone areas
 * (area_km2, 0.001 km2) computed with pyproj: PROJ's geodesics must agree. */
static void test_geodesics_against_published(void **state)
{
    char path[512];
    json_object *fc, *feats;
    sky_arena a;
    (void)state;
    sky_arena_init(&a);
    snprintf(path, sizeof path, "%s/routes_sample.geojson", SKY_LUOHU_DIR);
    fc = json_object_from_file(path);
    feats = json_object_object_get(fc, "features");
    for (size_t i = 0; i < json_object_array_length(feats); i++) {
        json_object *f = json_object_array_get_idx(feats, i);
        json_object *c = json_object_object_get(json_object_object_get(f, "geometry"),
                                                "coordinates");
        size_t n = json_object_array_length(c);
        sky_lonlat *pts = sky_arena_alloc(&a, n * sizeof *pts);
        for (size_t k = 0; k < n; k++) {
            json_object *p = json_object_array_get_idx(c, k);
            pts[k].lon = json_object_get_double(json_object_array_get_idx(p, 0));
            pts[k].lat = json_object_get_double(json_object_array_get_idx(p, 1));
        }
        assert_near(sky_geo_geodesic_length_m(pts, n),
                    json_object_get_double(json_object_object_get(
                        json_object_object_get(f, "properties"), "length_m")),
                    0.06);
    }
    json_object_put(fc);
    {
        /* Z-007 is a single polygon (a capsule): its published area */
        sky_airspace as;
        sky_geo *g = NULL;
        sky_error err;
        const char *zp[1] = {path};
        sky_store *st = NULL;
        char db2[512];
        sky_st *sst = NULL;
        snprintf(path, sizeof path, "%s/zones.geojson", SKY_LUOHU_DIR);
        assert_int_equal(sky_test_make_db(db2, sizeof db2, "areas", zp, 1), 0);
        (void)st;
        sky_rt_airspace_init(&as);
        assert_sky_ok(sky_geo_new(&g, &err), &err);
        assert_sky_ok(sky_st_open(db2, SKY_STORE_READONLY, &sst, &err), &err);
        assert_sky_ok(sky_st_load(sst, g, SKY_LAYERS_ALL, &as, &err), &err);
        fc = json_object_from_file(path);
        feats = json_object_object_get(fc, "features");
        for (size_t i = 0; i < json_object_array_length(feats); i++) {
            json_object *p = json_object_object_get(json_object_array_get_idx(feats, i),
                                                    "properties");
            const char *id = json_object_get_string(json_object_object_get(p, "id"));
            for (size_t z = 0; z < as.nzones; z++) {
                double area = 0;
                if (strcmp(as.zones[z].id, id) != 0)
                    continue;
                for (size_t k = 0; k < as.zones[z].vol[0].fp.area.npolys; k++)
                    area += sky_geo_geodesic_area_m2(&as.zones[z].vol[0].fp.area.polys[k]);
                assert_near(area / 1e6,
                            json_object_get_double(json_object_object_get(p, "area_km2")),
                            0.0006);
            }
        }
        json_object_put(fc);
        sky_st_close(sst);
        sky_geo_free(g);
        sky_rt_airspace_clear(&as);
        unlink(db2);
    }
    sky_arena_clear(&a);
}

static void test_feet(void **state)
{
    (void)state;
    assert_true(sky_feet_to_m(1.0) == 0.3048);
    assert_near(sky_feet_to_m(400.0), 121.92, 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ground_profile),
        cmocka_unit_test(test_endpoint_rule),
        cmocka_unit_test(test_geodesics_against_published),
        cmocka_unit_test(test_feet),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
