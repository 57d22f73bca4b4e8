/*
 * test_routes_roundtrip.c - import -> export -> import gives the same data, for every layer:
 * the Luohu reference set plus hand-made features (a two-volume zone with a hole given
 * clockwise, circles, an unbounded mixed-reference band, a line with heights, a profile).
 * Expected values come from the input files themselves, read independently with json-c.
 */
#include <json-c/json.h>

#include <geodesic.h>

#include "sky_test.h"

static const char *const luohu_files[] = {"vertiports", "zones", "terrain", "routes_sample",
                                          "corridors"};
#define NLUOHU (sizeof luohu_files / sizeof luohu_files[0])

static sky_store *import_all(const char *db, sky_error *err)
{
    const char *paths[NLUOHU + 1];
    char buf[NLUOHU + 1][512];
    sky_store *st = NULL;
    for (size_t i = 0; i < NLUOHU; i++) {
        snprintf(buf[i], sizeof buf[i], "%s/%s.geojson", SKY_LUOHU_DIR, luohu_files[i]);
        paths[i] = buf[i];
    }
    snprintf(buf[NLUOHU], sizeof buf[NLUOHU], "%s/roundtrip_extra.geojson", SKY_TEST_DATA);
    paths[NLUOHU] = buf[NLUOHU];
    assert_sky_ok(sky_store_open(db, SKY_STORE_CREATE, &st, err), err);
    assert_sky_ok(sky_store_import(st, paths, NLUOHU + 1, NULL, NULL, err), err);
    return st;
}

static char *export_all(sky_store *st, size_t *len)
{
    sky_error err;
    char *json = NULL;
    assert_sky_ok(sky_store_export(st, SKY_LAYERS_ALL, &json, len, &err), &err);
    return json;
}

/* The exported feature with properties.id (or name) == id, and volume == vol (-1: any). */
static json_object *find(json_object *fc, const char *id, int vol)
{
    json_object *feats = json_object_object_get(fc, "features");
    for (size_t i = 0; i < json_object_array_length(feats); i++) {
        json_object *f = json_object_array_get_idx(feats, i);
        json_object *p = json_object_object_get(f, "properties");
        json_object *fid = json_object_object_get(p, "id");
        json_object *v = json_object_object_get(p, "volume");
        if (fid == NULL)
            fid = json_object_object_get(p, "name");
        if (fid && strcmp(json_object_get_string(fid), id) == 0 &&
            (vol < 0 || (v && json_object_get_int(v) == vol)))
            return f;
    }
    return NULL;
}

static double num_at(json_object *arr, size_t i)
{
    return json_object_get_double(json_object_array_get_idx(arr, i));
}

static void test_counts(void **state)
{
    char db[512];
    sky_error err;
    sky_info info;
    sky_store *st;
    (void)state;
    st = import_all(sky_test_path(db, sizeof db, "rt-counts", "sqlite"), &err);
    assert_sky_ok(sky_store_info(st, &info, &err), &err);
    /* Luohu README: 42 vertiports, 16 zones, 9 terrain, 7 routes, 4 corridors; plus extras */
    assert_int_equal(info.count[SKY_LAYER_VERTIPORTS], 43);
    assert_int_equal(info.count[SKY_LAYER_ZONES], 18);
    assert_int_equal(info.zone_volumes, 19);
    assert_int_equal(info.count[SKY_LAYER_TERRAIN], 10);
    assert_int_equal(info.count[SKY_LAYER_ROUTES], 8);
    assert_int_equal(info.count[SKY_LAYER_CORRIDORS], 5);
    assert_int_equal(info.count[SKY_LAYER_PROFILES], 3); /* 2 built in + test-quad */
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_PROHIBITED], 4);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_REQ_AUTHORISATION], 6);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_CONDITIONAL], 8);
    assert_int_equal(info.schema_version, 1);
    assert_true(info.has_extent);
    /* the hand-made features reach east to 114.41 and south to 22.40; Luohu north 22.6x */
    assert_true(info.extent[0] < 114.1 && info.extent[0] > 113.9);
    assert_near(info.extent[1], 22.40, 1e-9);
    assert_near(info.extent[2], 114.41, 1e-9);
    sky_store_close(st);
    unlink(db);
}

/* Every Luohu feature comes back with the same properties and geometry, to the bit. */
static void test_luohu_features_exact(void **state)
{
    char db[512], path[512];
    sky_error err;
    sky_store *st;
    size_t len;
    char *json;
    json_object *out;
    (void)state;
    st = import_all(sky_test_path(db, sizeof db, "rt-exact", "sqlite"), &err);
    json = export_all(st, &len);
    out = json_tokener_parse(json);
    assert_non_null(out);
    assert_string_equal(json_object_get_string(json_object_object_get(out, "type")),
                        "FeatureCollection");
    assert_null(json_object_object_get(out, "crs"));
    assert_int_equal(json_object_array_length(json_object_object_get(out, "features")),
                     43 + 19 + 10 + 8 + 5 + 1);
    for (size_t k = 0; k < NLUOHU; k++) {
        json_object *in, *feats;
        snprintf(path, sizeof path, "%s/%s.geojson", SKY_LUOHU_DIR, luohu_files[k]);
        in = json_object_from_file(path);
        assert_non_null(in);
        feats = json_object_object_get(in, "features");
        for (size_t i = 0; i < json_object_array_length(feats); i++) {
            json_object *f = json_object_array_get_idx(feats, i);
            json_object *p = json_object_object_get(f, "properties");
            const char *id = json_object_get_string(json_object_object_get(p, "id"));
            json_object *g = find(out, id, -1);
            if (g == NULL)
                fail_msg("%s: %s missing from the export", luohu_files[k], id);
            if (!json_object_equal(json_object_object_get(f, "properties"),
                                   json_object_object_get(g, "properties")))
                fail_msg("%s: properties of %s differ", luohu_files[k], id);
            if (!json_object_equal(json_object_object_get(f, "geometry"),
                                   json_object_object_get(g, "geometry")))
                fail_msg("%s: geometry of %s differs", luohu_files[k], id);
        }
        json_object_put(in);
    }
    json_object_put(out);
    sky_free(json);
    sky_store_close(st);
    unlink(db);
}

static void test_hand_made_features(void **state)
{
    char db[512];
    sky_error err;
    sky_store *st;
    size_t len;
    char *json;
    json_object *out, *f, *p, *rings, *ext, *hole, *c;
    struct geod_geodesic gd;
    (void)state;
    geod_init(&gd, 6378137.0, 1.0 / 298.257223563);
    st = import_all(sky_test_path(db, sizeof db, "rt-hand", "sqlite"), &err);
    json = export_all(st, &len);
    out = json_tokener_parse(json);

    /* volume 0: the clockwise exterior comes back reversed (counter-clockwise), the
     * counter-clockwise hole reversed (clockwise); the id moved into the properties */
    f = find(out, "T-MV-1", 0);
    assert_non_null(f);
    rings = json_object_object_get(json_object_object_get(f, "geometry"), "coordinates");
    ext = json_object_array_get_idx(rings, 0);
    hole = json_object_array_get_idx(rings, 1);
    {
        static const double ext_ccw[5][2] = {
            {114.30, 22.40}, {114.32, 22.40}, {114.32, 22.42}, {114.30, 22.42}, {114.30, 22.40}};
        static const double hole_cw[5][2] = {{114.305, 22.405}, {114.305, 22.415},
                                             {114.315, 22.415}, {114.315, 22.405},
                                             {114.305, 22.405}};
        for (size_t i = 0; i < 5; i++) {
            assert_true(num_at(json_object_array_get_idx(ext, i), 0) == ext_ccw[i][0]);
            assert_true(num_at(json_object_array_get_idx(ext, i), 1) == ext_ccw[i][1]);
            assert_true(num_at(json_object_array_get_idx(hole, i), 0) == hole_cw[i][0]);
            assert_true(num_at(json_object_array_get_idx(hole, i), 1) == hole_cw[i][1]);
        }
    }
    p = json_object_object_get(f, "properties");
    assert_string_equal(json_object_get_string(json_object_object_get(p, "id")), "T-MV-1");
    assert_string_equal(json_object_get_string(json_object_object_get(p, "note")),
                        "exterior given clockwise");

    /* volume 1: a circle with an unbounded, mixed-reference band */
    f = find(out, "T-MV-1", 1);
    assert_non_null(f);
    p = json_object_object_get(f, "properties");
    assert_true(json_object_object_get_ex(p, "upper_m", &c) && c == NULL);
    assert_string_equal(json_object_get_string(json_object_object_get(p, "lower_ref")), "AGL");
    assert_string_equal(json_object_get_string(json_object_object_get(p, "upper_ref")), "AMSL");
    assert_true(json_object_get_double(json_object_object_get(p, "radius_m")) == 250.0);

    /* the single circle: a polygon containing it, with center and radius_m */
    f = find(out, "T-C-1", -1);
    p = json_object_object_get(f, "properties");
    c = json_object_object_get(p, "center");
    assert_true(num_at(c, 0) == 114.35 && num_at(c, 1) == 22.45);
    assert_true(json_object_get_double(json_object_object_get(p, "radius_m")) == 100.0);
    assert_string_equal(json_object_get_string(json_object_object_get(
                            json_object_object_get(f, "geometry"), "type")),
                        "Polygon");
    ext = json_object_array_get_idx(
        json_object_object_get(json_object_object_get(f, "geometry"), "coordinates"), 0);
    for (size_t i = 0; i < json_object_array_length(ext); i++) {
        json_object *q = json_object_array_get_idx(ext, i);
        double s, a1, a2;
        geod_inverse(&gd, 22.45, 114.35, num_at(q, 1), num_at(q, 0), &s, &a1, &a2);
        assert_true(s >= 100.0 && s < 100.5);
    }

    /* a line with heights keeps them exactly */
    f = find(out, "T-R-1", -1);
    c = json_object_object_get(json_object_object_get(f, "geometry"), "coordinates");
    assert_true(num_at(json_object_array_get_idx(c, 0), 2) == 12.5);
    assert_true(num_at(json_object_array_get_idx(c, 1), 2) == 99.25);
    assert_true(num_at(json_object_array_get_idx(c, 2), 2) == 40.0);

    /* a user profile is a Feature with a null geometry; built-in ones are not exported */
    f = find(out, "test-quad", -1);
    assert_non_null(f);
    assert_true(json_object_object_get_ex(f, "geometry", &c) && c == NULL);
    assert_null(find(out, "delivery-multicopter", -1));

    json_object_put(out);
    sky_free(json);
    sky_store_close(st);
    unlink(db);
}

static void test_export_import_export_identical(void **state)
{
    char db1[512], db2[512];
    sky_error err;
    sky_store *st1, *st2 = NULL;
    sky_info i1, i2;
    size_t len1, len2;
    char *json1, *json2;
    sky_source src;
    (void)state;
    st1 = import_all(sky_test_path(db1, sizeof db1, "rt-a", "sqlite"), &err);
    json1 = export_all(st1, &len1);
    assert_sky_ok(sky_store_open(sky_test_path(db2, sizeof db2, "rt-b", "sqlite"),
                                 SKY_STORE_CREATE, &st2, &err), &err);
    src.name = "export.geojson";
    src.data = json1;
    src.len = len1;
    assert_sky_ok(sky_store_import_sources(st2, &src, 1, NULL, NULL, &err), &err);
    json2 = export_all(st2, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(json1, json2, len1);
    assert_sky_ok(sky_store_info(st1, &i1, &err), &err);
    assert_sky_ok(sky_store_info(st2, &i2, &err), &err);
    assert_memory_equal(i1.count, i2.count, sizeof i1.count);
    assert_memory_equal(i1.extent, i2.extent, sizeof i1.extent);
    assert_int_equal(i1.zone_volumes, i2.zone_volumes);
    sky_free(json1);
    sky_free(json2);
    sky_store_close(st1);
    sky_store_close(st2);
    unlink(db1);
    unlink(db2);
}

static void test_export_one_layer(void **state)
{
    char db[512];
    sky_error err;
    sky_store *st;
    char *json = NULL;
    size_t len;
    json_object *out, *feats;
    (void)state;
    st = import_all(sky_test_path(db, sizeof db, "rt-layer", "sqlite"), &err);
    assert_sky_ok(sky_store_export(st, SKY_LAYER_BIT(SKY_LAYER_ZONES), &json, &len, &err), &err);
    out = json_tokener_parse(json);
    feats = json_object_object_get(out, "features");
    assert_int_equal(json_object_array_length(feats), 19);
    for (size_t i = 0; i < 19; i++)
        assert_non_null(json_object_object_get(
            json_object_object_get(json_object_array_get_idx(feats, i), "properties"),
            "restriction"));
    json_object_put(out);
    sky_free(json);
    assert_int_equal(sky_store_export(st, 0, &json, &len, &err), SKY_E_INVALID_ARG);
    assert_null(json);
    sky_store_close(st);
    unlink(db);
}

/*
 * Export filters on tests/data/export_filter.geojson, built around the box 114.01,22.51,
 * 114.02,22.52. By hand: 1 degree of longitude at 22.515 N is 102.83 km, so the east edge lies
 * 514 m west of the circles' centre (114.025): the 550 m circle reaches into the box, the
 * 450 m one (circumscribed polygon 452 m) does not; F-VP-EDGE lies on the edge (the box is
 * closed); F-R-CROSS crosses the box with no vertex inside; F-Z-2V has one volume far away and
 * one over the box's corner, and is kept whole; the terrain polygon holds the whole box.
 */
static char *export_with(sky_store *st, const sky_export_opts *o, sky_status want,
                         sky_error *err)
{
    char *json = NULL;
    size_t len = 0;
    sky_status rc = sky_store_export_with(st, o, &json, &len, err);
    assert_int_equal(rc, want);
    if (rc != SKY_OK)
        assert_null(json);
    return json;
}

static void expect_ids(const char *json, const char *const *want, size_t n)
{
    json_object *out = json_tokener_parse(json), *feats;
    assert_non_null(out);
    feats = json_object_object_get(out, "features");
    if (json_object_array_length(feats) != n)
        fail_msg("%zu features, expected %zu: %s", json_object_array_length(feats), n, json);
    for (size_t i = 0; i < n; i++)
        if (find(out, want[i], -1) == NULL)
            fail_msg("%s missing from %s", want[i], json);
    json_object_put(out);
}

static void set_box(sky_export_opts *o)
{
    static const double box[4] = {114.01, 22.51, 114.02, 22.52};
    o->has_bbox = 1;
    memcpy(o->bbox, box, sizeof box);
}

static void test_export_filter(void **state)
{
    static const char *const in_box[] = {"F-VP-IN", "F-VP-EDGE", "F-C-IN",  "F-Z-2V",
                                         "F-Z-2V",  "F-T-IN",    "F-R-CROSS", "F-CR-IN"};
    static const char *const by_id[] = {"F-Z-2V", "F-Z-2V", "filter-quad"};
    const char *ids[2] = {"F-Z-2V", "filter-quad"};
    const char *paths[1];
    char db[512], path[512];
    sky_store *st = NULL;
    sky_export_opts o;
    sky_error err;
    char *json;
    (void)state;
    snprintf(path, sizeof path, "%s/export_filter.geojson", SKY_TEST_DATA);
    paths[0] = path;
    assert_sky_ok(sky_store_open(sky_test_path(db, sizeof db, "rt-filter", "sqlite"),
                                 SKY_STORE_CREATE, &st, &err), &err);
    assert_sky_ok(sky_store_import(st, paths, 1, NULL, NULL, &err), &err);

    sky_export_opts_init(&o);
    set_box(&o);
    json = export_with(st, &o, SKY_OK, &err);
    expect_ids(json, in_box, sizeof in_box / sizeof in_box[0]);
    sky_free(json);

    /* ids alone, and with the box (F-Z-OUT is outside it) */
    sky_export_opts_init(&o);
    o.ids = ids;
    o.nids = 2;
    json = export_with(st, &o, SKY_OK, &err);
    expect_ids(json, by_id, 3);
    sky_free(json);
    ids[1] = "F-Z-OUT";
    set_box(&o);
    json = export_with(st, &o, SKY_OK, &err);
    expect_ids(json, by_id, 2);
    sky_free(json);

    /* ED-318: the zones in the box */
    o.ids = NULL;
    o.nids = 0;
    o.format = SKY_FORMAT_ED318;
    json = export_with(st, &o, SKY_OK, &err);
    assert_non_null(strstr(json, "\"F-Z-2V\""));
    assert_non_null(strstr(json, "\"F-C-IN\""));
    assert_null(strstr(json, "F-Z-OUT"));
    assert_null(strstr(json, "F-C-OUT"));
    sky_free(json);
    /* ED-318 by id: one zone, whatever the box */
    sky_export_opts_init(&o);
    o.format = SKY_FORMAT_ED318;
    ids[1] = "F-C-OUT";
    o.ids = ids + 1;
    o.nids = 1;
    json = export_with(st, &o, SKY_OK, &err);
    assert_non_null(strstr(json, "\"F-C-OUT\""));
    assert_null(strstr(json, "F-Z-2V"));
    assert_null(strstr(json, "F-C-IN"));
    sky_free(json);

    /* an unknown id, an empty box, a box out of range, a layer without the id */
    sky_export_opts_init(&o);
    ids[1] = "F-NONE";
    o.ids = ids;
    o.nids = 2;
    export_with(st, &o, SKY_E_NOT_FOUND, &err);
    assert_non_null(strstr(err.message, "F-NONE"));
    ids[1] = "F-Z-OUT";
    o.layer_mask = SKY_LAYER_BIT(SKY_LAYER_VERTIPORTS);
    export_with(st, &o, SKY_E_NOT_FOUND, &err);
    sky_export_opts_init(&o);
    o.has_bbox = 1;
    o.bbox[0] = o.bbox[2] = 114.01;
    o.bbox[1] = 22.51;
    o.bbox[3] = 22.52;
    export_with(st, &o, SKY_E_INVALID_ARG, &err);
    o.bbox[0] = 179;
    o.bbox[2] = 181;
    export_with(st, &o, SKY_E_INVALID_ARG, &err);
    sky_store_close(st);
    unlink(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_luohu_features_exact),
        cmocka_unit_test(test_hand_made_features),
        cmocka_unit_test(test_export_import_export_identical),
        cmocka_unit_test(test_export_one_layer),
        cmocka_unit_test(test_export_filter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
