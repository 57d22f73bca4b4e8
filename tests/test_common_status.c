/* test_common_status.c - every status code has its own text; errors format as one line. */
#include "sky_test.h"

static const sky_status all_codes[] = {
    SKY_OK, SKY_E_INVALID_ARG, SKY_E_BAD_JSON, SKY_E_BAD_GEOMETRY, SKY_E_BAD_VALUE, SKY_E_IO,
    SKY_E_TOO_LARGE, SKY_E_DUPLICATE_ID, SKY_E_NOT_SPATIALITE, SKY_E_READONLY, SKY_E_NOT_FOUND,
    SKY_E_SCHEMA, SKY_E_OUT_OF_EXTENT, SKY_E_NO_ROUTE, SKY_E_START_BLOCKED,
    SKY_E_DEADLINE, SKY_E_GOAL_BLOCKED, SKY_E_BEYOND_RANGE, SKY_E_NO_ALTITUDE, SKY_E_NOMEM, SKY_E_STORE, SKY_E_PROJ, SKY_E_GEOS, SKY_E_INTERNAL};

static void test_every_code_has_distinct_text(void **state)
{
    size_t n = sizeof all_codes / sizeof all_codes[0];
    (void)state;
    for (size_t i = 0; i < n; i++) {
        const char *t = sky_status_str(all_codes[i]);
        assert_non_null(t);
        assert_string_not_equal(t, "unknown status");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(t, sky_status_str(all_codes[j]));
    }
    assert_string_equal(sky_status_str((sky_status)12345), "unknown status");
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(sky_status_name(all_codes[i]), "SKY_E_UNKNOWN");
    assert_string_equal(sky_status_name(SKY_E_NO_ROUTE), "SKY_E_NO_ROUTE");
}

static void test_error_format(void **state)
{
    sky_error e;
    char buf[512];
    (void)state;
    sky_error_init(&e);
    assert_int_equal(e.feature_index, -1);
    e.code = SKY_E_BAD_VALUE;
    snprintf(e.source, sizeof e.source, "zones.geojson");
    e.feature_index = 3;
    snprintf(e.feature_id, sizeof e.feature_id, "Z-9");
    snprintf(e.field, sizeof e.field, "lower_m");
    snprintf(e.message, sizeof e.message, "is not a finite number");
    assert_string_equal(sky_error_format(&e, buf, sizeof buf),
                        "zones.geojson: feature 3 (Z-9): lower_m: is not a finite number");
    /* truncation never overruns */
    sky_error_format(&e, buf, 10);
    assert_int_equal(strlen(buf), 9);
}

static void test_version(void **state)
{
    (void)state;
    assert_int_equal(sky_version_number(), SKY_VERSION_NUMBER);
    assert_string_equal(sky_version_string(), SKY_VERSION_STRING);
}

static void test_layer_names(void **state)
{
    static const char *const names[] = {"vertiports", "zones", "terrain",
                                        "routes", "corridors", "profiles"};
    (void)state;
    for (int i = 0; i < SKY_LAYER_COUNT; i++) {
        sky_layer l;
        assert_string_equal(sky_layer_name((sky_layer)i), names[i]);
        assert_int_equal(sky_layer_parse(names[i], &l), SKY_OK);
        assert_int_equal(l, i);
    }
    {
        sky_layer l;
        assert_int_equal(sky_layer_parse("zone", &l), SKY_E_INVALID_ARG);
    }
    assert_null(sky_layer_name(SKY_LAYER_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_distinct_text),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_layer_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
