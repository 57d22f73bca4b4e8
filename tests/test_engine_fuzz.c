/*
 * test_engine_fuzz.c - no input crashes the planner's batch interface or the validator:
 * valid seeds mutated with a fixed pseudo-random sequence (byte flips, deletions,
 * duplications, truncations, hostile tokens). Each mutant must give a JSON answer line (batch)
 * or a status with a message (validation). Run under ASan/UBSan in CI.
 */
#include <json-c/json.h>

#include "sky_test.h"

static uint64_t rng = 0x243F6A8885A308D3ull;
static size_t pick(size_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (size_t)(rng % n) : 0;
}

static const char *const tokens[] = {
    "NaN", "1e999", "-1e999", "null", "true", "\"\"", "[", "]", "{", "}", ",", ":", "\"",
    "\"LH-VP-001\"", "[114.1,22.5]", "[1e308,1e308]", "[-181,91]", "\"2026-13-40T99:99Z\"",
    "99999999999999999999", "-0", "0.000001", "\"accept_conditional\":\"x\"",
    "\"permit\":[1,2]", "\"via\":[[114.1,22.5],[114.2,22.6]]", "\xff"};

static char *mutate(const char *seed, size_t n, size_t *out_len)
{
    size_t cap = 2 * n + 256, len = n;
    char *m = malloc(cap + 1);
    int edits = 1 + (int)pick(3);
    memcpy(m, seed, n);
    for (int e = 0; e < edits; e++) {
        size_t at = pick(len + 1);
        switch (pick(5)) {
        case 0:
            if (len)
                m[pick(len)] = (char)(pick(256));
            break;
        case 1: {
            size_t k = pick(12) + 1;
            if (at + k > len)
                k = len - at;
            memmove(m + at, m + at + k, len - at - k);
            len -= k;
            break;
        }
        case 2:
            len = at;
            break;
        default: {
            const char *t = tokens[pick(sizeof tokens / sizeof tokens[0])];
            size_t k = strlen(t);
            if (len + k < cap) {
                memmove(m + at + k, m + at, len - at);
                memcpy(m + at, t, k);
                len += k;
            }
            break;
        }
        }
    }
    m[len] = '\0';
    *out_len = len;
    return m;
}

static sky_engine *eng;
static sky_planner *pl;
static char db[512];

static int setup(void **state)
{
    (void)state;
    return sky_test_setup("efuzz", NULL, db, sizeof db, &eng, &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(db, &eng, &pl);
    return 0;
}

static void test_batch_lines(void **state)
{
    static const char seed[] =
        "{\"id\":1,\"from\":\"LH-VP-021\",\"to\":[114.15,22.56],\"via\":[[114.12,22.55]],"
        "\"depart\":\"2026-06-15T12:00:00+08:00\",\"profile\":\"sightseeing-evtol\","
        "\"clearance\":20,\"altitude\":60,\"permit\":[\"LH-Z-002\"],\"accept\":\"LH-Z-010\","
        "\"accept_conditional\":false}";
    (void)state;
    for (int i = 0; i < 400; i++) {
        size_t len;
        char *m = mutate(seed, sizeof seed - 1, &len), *out = NULL;
        json_object *o;
        assert_sky_ok(sky_plan_json(pl, m, 1781496000, &out, NULL), NULL);
        o = json_tokener_parse(out); /* always one JSON object with a status */
        assert_non_null(o);
        assert_non_null(json_object_object_get(o, "status"));
        json_object_put(o);
        sky_free(out);
        free(m);
    }
}

static void test_validate_inputs(void **state)
{
    static const char seed[] =
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
        "{\"id\":\"r\",\"altitude_m\":80,\"altitude_ref\":\"AGL\"},\"geometry\":{\"type\":"
        "\"LineString\",\"coordinates\":[[114.105899,22.543356],[114.109,22.5415],"
        "[114.1118,22.5378,40],[114.113179,22.533312]]}}]}";
    (void)state;
    for (int i = 0; i < 400; i++) {
        size_t len;
        char *m = mutate(seed, sizeof seed - 1, &len);
        sky_validate_opts o;
        sky_validation *v = NULL;
        sky_error err;
        sky_status rc;
        sky_validate_opts_init(&o);
        o.clearance_m = (double)(i % 3) * 10;
        rc = sky_validate_geojson(pl, m, len, "mutant.geojson", &o, &v, &err);
        if (rc == SKY_OK)
            assert_non_null(v);
        else
            assert_true(err.message[0] != '\0');
        sky_validation_free(v);
        free(m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_lines),
        cmocka_unit_test(test_validate_inputs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
