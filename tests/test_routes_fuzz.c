/*
 * test_routes_fuzz.c - no input crashes the importer. Valid seeds are mutated with a fixed
 * pseudo-random sequence (byte flips, deletions, duplications, truncations, and tokens such
 * as NaN, 1e999, deep nesting); every mutant must give SKY_OK or an error with a message, and
 * the database must stay readable. Run under ASan/UBSan in CI, this is the replay fuzzer.
 */
#include "sky_test.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next_u64(void)
{
    /* splitmix64: deterministic across platforms */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
    return n ? (size_t)(next_u64() % n) : 0;
}

static const char *const tokens[] = {
    "NaN", "-Infinity", "1e999", "-1e999", "99999999999999999999999", "null", "true", "[",
    "]", "{", "}", ",", ":", "\"", "\\u0000", "\"type\"", "\"Feature\"", "\"Polygon\"",
    "\"MultiPolygon\"", "\"Point\"", "\"LineString\"", "\"coordinates\"", "[[[", "]]]",
    "\"volume\":1", "\"radius_m\":-1", "\"restriction\":\"X\"", "\"id\":\"dup\"",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "0", "-0",
    "1e-320", "181", "-91", "\xff\xfe", "\xe6\xb7\xb1"};

/* One mutant of seed (new, free()). */
static char *mutate(const char *seed, size_t n, size_t *out_len)
{
    size_t cap = n * 2 + 256, len = n;
    char *m = malloc(cap);
    int edits = 1 + (int)pick(4);
    memcpy(m, seed, n);
    for (int e = 0; e < edits; e++) {
        size_t at = pick(len + 1);
        switch (pick(6)) {
        case 0: /* flip a byte */
            if (len)
                m[pick(len)] = (char)(next_u64() & 0xff);
            break;
        case 1: { /* delete a span */
            size_t k = pick(16) + 1;
            if (at + k > len)
                k = len - at;
            memmove(m + at, m + at + k, len - at - k);
            len -= k;
            break;
        }
        case 2: { /* duplicate a span */
            size_t k = pick(64) + 1;
            if (at + k > len)
                k = len - at;
            if (len + k < cap) {
                memmove(m + at + k, m + at, len - at);
                len += k;
            }
            break;
        }
        case 3: /* truncate */
            len = at;
            break;
        default: { /* insert a token */
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
    *out_len = len;
    return m;
}

static void test_mutants_never_crash(void **state)
{
    static const char *const seeds[] = {SKY_TEST_DATA "/roundtrip_extra.geojson",
                                        SKY_LUOHU_DIR "/corridors.geojson",
                                        SKY_LUOHU_DIR "/routes_sample.geojson"};
    const int per_seed = 400;
    char db[512];
    sky_store *st = NULL;
    sky_error err;
    sky_info info;
    size_t ok = 0, refused = 0;
    (void)state;
    assert_sky_ok(sky_store_open(sky_test_path(db, sizeof db, "fuzz", "sqlite"),
                                 SKY_STORE_CREATE, &st, &err), &err);
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
        size_t n;
        char *seed = sky_test_slurp(seeds[s], &n);
        assert_non_null(seed);
        for (int i = 0; i < per_seed; i++) {
            sky_source src;
            sky_import_opts opts;
            sky_status rc;
            size_t len;
            char *m = mutate(seed, n, &len);
            sky_import_opts_init(&opts);
            opts.repair = i % 2;
            opts.replace = i % 3 == 0;
            src.name = "mutant.geojson";
            src.data = m;
            src.len = len;
            rc = sky_store_import_sources(st, &src, 1, &opts, NULL, &err);
            if (rc == SKY_OK) {
                ok++;
            } else {
                refused++;
                if (!(rc >= 100 && rc < 200))
                    fail_msg("seed %zu mutant %d: unexpected status %d: %s", s, i, (int)rc,
                             err.message);
                assert_true(err.message[0] != '\0');
                assert_string_equal(err.source, "mutant.geojson");
            }
            free(m);
        }
        free(seed);
    }
    /* the database is still readable and consistent */
    assert_sky_ok(sky_store_info(st, &info, &err), &err);
    {
        char *json = NULL;
        size_t len;
        assert_sky_ok(sky_store_export(st, SKY_LAYERS_ALL, &json, &len, &err), &err);
        sky_free(json);
    }
    printf("fuzz: %zu mutants imported, %zu refused\n", ok, refused);
    assert_true(refused > 0);
    sky_store_close(st);
    unlink(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutants_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
