/*
 * test_engine_load.c - sky_engine_open loads every layer of a store into memory: counts and
 * zone vertices against an independent count of the input file with json-c.
 */
#include <json-c/json.h>

#include "sky_test.h"

/* Vertices of every Polygon / MultiPolygon ring in a GeoJSON file. */
static size_t count_vertices(const char *path)
{
    json_object *fc = json_object_from_file(path), *feats;
    size_t n = 0;
    assert_non_null(fc);
    feats = json_object_object_get(fc, "features");
    for (size_t i = 0; i < json_object_array_length(feats); i++) {
        json_object *g = json_object_object_get(json_object_array_get_idx(feats, i), "geometry");
        const char *t = json_object_get_string(json_object_object_get(g, "type"));
        json_object *c = json_object_object_get(g, "coordinates");
        int multi = strcmp(t, "MultiPolygon") == 0;
        size_t np = multi ? json_object_array_length(c) : 1;
        for (size_t p = 0; p < np; p++) {
            json_object *poly = multi ? json_object_array_get_idx(c, p) : c;
            for (size_t r = 0; r < json_object_array_length(poly); r++)
                n += json_object_array_length(json_object_array_get_idx(poly, r));
        }
    }
    json_object_put(fc);
    return n;
}

static void test_engine_loads_luohu(void **state)
{
    char db[512], buf[SKY_TEST_NLUOHU][512];
    const char *paths[SKY_TEST_NLUOHU];
    sky_engine *eng = NULL;
    sky_error err;
    (void)state;
    sky_test_luohu_paths(buf, paths);
    assert_int_equal(sky_test_make_db(db, sizeof db, "engine", paths, SKY_TEST_NLUOHU), 0);

    assert_sky_ok(sky_engine_open(db, &eng, &err), &err);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_VERTIPORTS), 42);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_ZONES), 16);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_TERRAIN), 9);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_ROUTES), 7);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_CORRIDORS), 4);
    assert_int_equal(sky_engine_count(eng, SKY_LAYER_PROFILES), 2);
    assert_int_equal(sky_engine_zone_vertices(eng), count_vertices(buf[1]));
    sky_engine_free(eng);
    unlink(db);
}

static void test_engine_open_errors(void **state)
{
    sky_engine *eng = (sky_engine *)&eng;
    sky_error err;
    (void)state;
    assert_int_equal(sky_engine_open("/nonexistent/dir/x.sqlite", &eng, &err), SKY_E_IO);
    assert_null(eng);
    assert_int_equal(sky_engine_open(NULL, &eng, &err), SKY_E_INVALID_ARG);
    assert_int_equal(sky_engine_open("x", NULL, &err), SKY_E_INVALID_ARG);
    sky_engine_free(NULL);
    assert_int_equal(sky_engine_count(NULL, SKY_LAYER_ZONES), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine_loads_luohu),
        cmocka_unit_test(test_engine_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
