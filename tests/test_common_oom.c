/*
 * test_common_oom.c - out of memory at every allocation of a call: import, engine open,
 * export, where, plan, validate. For N = 0, 1, ... the Nth allocation fails (once) until the
 * call succeeds; each failing run must return an error with a message (SKY_E_NOMEM, or an
 * upstream code where the failed allocation was a buffer GEOS or SQLite needed), never crash
 * and, under ASan in CI, never leak.
 */
#include "sky_test.h"
#include "common/common.h"

static char db[512];
static sky_engine *eng;
static sky_planner *pl;
static const char *dataset(void)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/plan3d.geojson", SKY_TEST_DATA);
    return path;
}

/* Run call(arg) with the Nth allocation failing, N = 0.. until it succeeds; count runs. */
typedef sky_status (*scenario)(void *arg, sky_error *err);

static size_t sweep(const char *name, scenario call, void *arg, size_t *nomem)
{
    size_t runs = 0;
    *nomem = 0;
    for (long n = 0; n < 200000; n++) {
        sky_error err;
        sky_status rc;
        sky_error_init(&err);
        sky_test_fail_after(n);
        rc = call(arg, &err);
        {
            int failed_injected = sky_test_fail_pending() < 0;
            sky_test_fail_after(-1);
            runs++;
            if (rc == SKY_OK) {
                if (!failed_injected)
                    return runs; /* no allocation left to fail: done */
                continue;        /* the failed allocation was survivable (e.g. a cache) */
            }
            if (err.message[0] == '\0')
                fail_msg("%s: allocation %ld failed: status %d without a message", name, n,
                         (int)rc);
            if (!failed_injected)
                fail_msg("%s: failed without an injected failure: %s", name, err.message);
            if (rc == SKY_E_NOMEM)
                (*nomem)++;
        }
    }
    fail_msg("%s: did not finish", name);
    return runs;
}

static sky_status do_import(void *arg, sky_error *err)
{
    const char *paths[1] = {dataset()};
    char path[512];
    sky_store *st = NULL;
    sky_status rc;
    (void)arg;
    snprintf(path, sizeof path, "%s/oom-import-%ld.sqlite", SKY_TEST_TMP, (long)getpid());
    unlink(path);
    rc = sky_store_open(path, SKY_STORE_CREATE, &st, err);
    if (rc == SKY_OK)
        rc = sky_store_import(st, paths, 1, NULL, NULL, err);
    sky_store_close(st);
    unlink(path);
    return rc;
}

static sky_status do_export(void *arg, sky_error *err)
{
    sky_store *st = NULL;
    sky_export_opts o;
    char *json = NULL;
    size_t len;
    sky_status rc;
    (void)arg;
    sky_export_opts_init(&o);
    o.has_bbox = 1;
    o.bbox[0] = 119.99;
    o.bbox[1] = 30.0;
    o.bbox[2] = 120.01;
    o.bbox[3] = 30.03;
    rc = sky_store_open(db, SKY_STORE_READONLY, &st, err);
    if (rc == SKY_OK)
        rc = sky_store_export_with(st, &o, &json, &len, err);
    sky_free(json);
    sky_store_close(st);
    return rc;
}

static sky_status do_engine(void *arg, sky_error *err)
{
    sky_engine *e = NULL;
    sky_status rc = sky_engine_open(db, &e, err);
    (void)arg;
    sky_engine_free(e);
    return rc;
}

static sky_status do_where(void *arg, sky_error *err)
{
    sky_where_result *r = NULL;
    sky_lonlat p = {120.0003, 30.015};
    sky_status rc;
    char *json = NULL;
    (void)arg;
    rc = sky_where(pl, p, NULL, &r, err);
    if (rc == SKY_OK)
        rc = sky_where_to_json(r, &json, NULL, err);
    sky_free(json);
    sky_where_free(r);
    return rc;
}

static sky_status do_plan(void *arg, sky_error *err)
{
    sky_planner *p = NULL;
    sky_plan_request req;
    sky_route *r = NULL;
    char *json = NULL;
    sky_status rc;
    (void)arg;
    /* a fresh planner each time: its caches are built under the failing allocator too */
    rc = sky_planner_new(eng, &p, err);
    sky_plan_request_init(&req);
    req.from = (sky_lonlat){119.99, 30.015};
    req.to = (sky_lonlat){120.01, 30.015};
    req.clearance_m = 10;
    req.depart_unix = 1780000000;
    if (rc == SKY_OK)
        rc = sky_plan(p, &req, &r, err);
    if (rc == SKY_OK)
        rc = sky_route_to_geojson(r, &json, NULL, err);
    sky_free(json);
    sky_route_free(r);
    sky_planner_free(p);
    return rc;
}

static sky_status do_validate(void *arg, sky_error *err)
{
    static const char route[] =
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"v\",\"altitude_m\":60},\"geometry\":"
        "{\"type\":\"LineString\",\"coordinates\":[[119.99,30.015],[120.0,30.015],"
        "[119.995,30.015],[120.01,30.015],[120.01,30.015]]}}"; /* back along itself: the
                                                               * self-overlap index runs */
    sky_validation *v = NULL;
    char *json = NULL;
    sky_status rc;
    (void)arg;
    rc = sky_validate_geojson(pl, route, sizeof route - 1, "v.geojson", NULL, &v, err);
    if (rc == SKY_OK)
        rc = sky_validation_to_json(v, &json, NULL, err);
    sky_free(json);
    sky_validation_free(v);
    return rc;
}

static void test_oom_everywhere(void **state)
{
    static const struct {
        const char *name;
        scenario call;
    } cases[] = {{"import", do_import},
                 {"engine open", do_engine},
                 {"export", do_export},
                 {"where", do_where},
                 {"plan", do_plan},
                 {"validate", do_validate}};
    const char *paths[1] = {dataset()};
    (void)state;
    assert_int_equal(sky_test_make_db(db, sizeof db, "oom", paths, 1), 0);
    assert_int_equal(sky_test_open(db, &eng, &pl), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t nomem, runs = sweep(cases[i].name, cases[i].call, NULL, &nomem);
        print_message("%s: %zu runs, %zu SKY_E_NOMEM\n", cases[i].name, runs, nomem);
        assert_true(runs >= 2); /* at least one allocation failed and was reported */
        assert_true(nomem > 0);
    }
    sky_planner_free(pl);
    sky_engine_free(eng);
    unlink(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oom_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
