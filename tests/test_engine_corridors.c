/*
 * test_engine_corridors.c - corridor-set checks: the Luohu corridors (LH-C-003 crosses the
 * trunk LH-C-001 inside its band; LH-C-004 crosses it 35 m below its floor) and two
 * hand-made parallel corridors whose edge-to-edge gap is known in closed form.
 */
#include <geodesic.h>

#include "sky_test.h"

static sky_engine *eng;
static sky_planner *pl;
static char dbpath[512];

static int setup(void **state)
{
    (void)state;
    return sky_test_setup("corridors", NULL, dbpath, sizeof dbpath, &eng, &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(dbpath, &eng, &pl);
    return 0;
}

static sky_validation *check(const char *text, double lateral, double vertical)
{
    sky_validate_opts o;
    sky_validation *v = NULL;
    sky_error err;
    sky_validate_opts_init(&o);
    o.lateral_m = lateral;
    o.vertical_m = vertical;
    o.has_depart = 1;
    assert_sky_ok(sky_parse_time("2026-06-15T12:00:00+08:00", &o.depart_unix, &err), &err);
    assert_sky_ok(sky_check_corridors(pl, text, text ? strlen(text) : 0, "t", &o, &v, &err),
                  &err);
    assert_int_equal(v->nchecks, 1);
    return v;
}

static const sky_finding *pair(const sky_validation *v, const char *a, const char *b)
{
    const sky_check *c = &v->checks[0];
    for (size_t k = 0; k < c->nfindings; k++) {
        const sky_finding *f = &c->findings[k];
        if (f->code == SKY_FIND_SEPARATION &&
            ((!strcmp(f->subject_id, a) && !strcmp(f->other_id, b)) ||
             (!strcmp(f->subject_id, b) && !strcmp(f->other_id, a))))
            return f;
    }
    return NULL;
}

static size_t count(const sky_validation *v, sky_finding_code code, const char *subject)
{
    size_t n = 0;
    for (size_t k = 0; k < v->checks[0].nfindings; k++)
        n += v->checks[0].findings[k].code == code &&
             (subject == NULL || !strcmp(v->checks[0].findings[k].subject_id, subject));
    return n;
}

static void test_luohu_crossings(void **state)
{
    sky_validation *v = check(NULL, 50, 30);
    const sky_finding *f;
    (void)state;
    f = pair(v, "LH-C-001", "LH-C-003");
    assert_non_null(f);
    assert_int_equal(f->severity, SKY_SEV_ERROR);
    assert_non_null(strstr(f->message, "cross"));
    /* the crossing lies on both centrelines: LH-C-003 runs 114.127049 -> 114.127549 */
    assert_true(f->entry[0] > 114.127049 && f->entry[0] < 114.127549);
    assert_near(f->band_amsl_m[1] - f->band_amsl_m[0], 30, 1e-6); /* both 80-110 AGL */
    assert_near(f->min_clearance_m, -50, 1e-6); /* crossing: 0 - 60/2 - 40/2 */
    /* 35 m below: separated at the 30 m minimum */
    assert_null(pair(v, "LH-C-001", "LH-C-004"));
    /* entry/exit not at a vertiport: LH-C-003 has none at either end */
    assert_int_equal(count(v, SKY_FIND_ENDPOINT, "LH-C-003"), 2);
    assert_int_equal(count(v, SKY_FIND_ENDPOINT, "LH-C-001"), 0);
    /* LH-C-004's floor, 25 m AGL, is under the 30 m minimum */
    assert_int_equal(count(v, SKY_FIND_TERRAIN_CLEARANCE, "LH-C-004"), 1);
    /* the trunk corridor crosses the REQ_AUTHORISATION areas of its twin route R-006 */
    assert_true(count(v, SKY_FIND_ZONE_INCURSION, "LH-C-001") >= 3);
    assert_true(v->nerrors > 0);
    sky_validation_free(v);
    /* a 40 m vertical minimum makes the 35 m gap a conflict */
    v = check(NULL, 50, 40);
    assert_non_null(pair(v, "LH-C-001", "LH-C-004"));
    sky_validation_free(v);
}

/* Two parallel east-west corridors 0.001 deg of latitude apart, each 20 m wide, same band. */
static void test_parallel_merge(void **state)
{
    static const char text[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"P-1\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"two-way\"},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.080,22.580],"
        "[114.085,22.580]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"P-2\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"one-way\"},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.080,22.581],"
        "[114.085,22.581]]}}]}";
    struct geod_geodesic g;
    double d, a1, a2, gap;
    sky_validation *v;
    const sky_finding *f;
    (void)state;
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    geod_inverse(&g, 22.580, 114.0825, 22.581, 114.0825, &d, &a1, &a2);
    gap = d - 20;
    v = check(text, 50, 30);
    assert_null(pair(v, "P-1", "P-2")); /* about 91 m apart edge to edge */
    sky_validation_free(v);
    v = check(text, gap + 0.05, 30);
    f = pair(v, "P-1", "P-2");
    assert_non_null(f);
    assert_non_null(strstr(f->message, "merge"));
    assert_near(f->min_clearance_m, gap, 0.02);
    sky_validation_free(v);
    v = check(text, gap - 0.05, 30);
    assert_null(pair(v, "P-1", "P-2"));
    sky_validation_free(v);
}

/* A corridor is open while its schedule is active: it meets a scheduled zone, and another
 * corridor, only when both are active together (within the week from the check's start). */
static const sky_finding *zone_finding(const sky_validation *v, const char *corr,
                                       const char *zone)
{
    for (size_t k = 0; k < v->checks[0].nfindings; k++) {
        const sky_finding *f = &v->checks[0].findings[k];
        if (f->code == SKY_FIND_ZONE_INCURSION && !strcmp(f->subject_id, corr) &&
            f->has_zone && !strcmp(f->zone_id, zone))
            return f;
    }
    return NULL;
}

static int64_t at(const char *iso)
{
    sky_error err;
    int64_t t = 0;
    assert_sky_ok(sky_parse_time(iso, &t, &err), &err);
    return t;
}

static void test_schedules(void **state)
{
    /* two corridors crossing at one level (a plus sign), and one west-east across the
     * Dongmen crowd zone LH-Z-010 (active daily 10:00-23:00 +08:00) */
    static const char fmt[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"S-1\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"two-way\"%s},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.080,22.580],"
        "[114.085,22.580]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"S-2\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"two-way\"%s},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.0825,22.578],"
        "[114.0825,22.582]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"S-3\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"one-way\"%s},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.111,22.5478],"
        "[114.120,22.5478]]}}]}";
    static const struct {
        const char *s1, *s2, *s3;
        int cross, zone;                 /* findings expected */
        const char *from, *to;           /* the crossing's window */
        const char *zfrom, *zto;         /* the zone's window */
    } cases[] = {
        /* no schedules: both from the start (12:00 +08:00); the zone until 23:00 */
        {"", "", "", 1, 1, "2026-06-15T12:00:00+08:00", "2026-06-22T12:00:00+08:00",
         "2026-06-15T12:00:00+08:00", "2026-06-15T23:00:00+08:00"},
        /* touching windows (half-open) and a corridor open only while the zone is not */
        {",\"schedule\":\"daily 08:00/12:00 +08:00\"", ",\"schedule\":\"daily 12:00/14:00 "
         "+08:00\"", ",\"schedule\":\"daily 06:00/09:00 +08:00\"", 0, 0, NULL, NULL, NULL,
         NULL},
        /* overlapping: 11:00-12:00 the next morning; the zone 22:00-23:00 tonight */
        {",\"schedule\":\"daily 08:00/12:00 +08:00\"", ",\"schedule\":\"daily 11:00/14:00 "
         "+08:00\"", ",\"schedule\":\"daily 22:00/02:00 +08:00\"", 1, 1,
         "2026-06-16T11:00:00+08:00", "2026-06-16T12:00:00+08:00",
         "2026-06-15T22:00:00+08:00", "2026-06-15T23:00:00+08:00"},
        /* weekdays against weekends (2026-06-15 is a Monday) */
        {",\"schedule\":\"Mon,Tue,Wed,Thu,Fri 07:00/19:00 +08:00\"",
         ",\"schedule\":\"Sat,Sun 07:00/19:00 +08:00\"", "", 0, 1, NULL, NULL,
         "2026-06-15T12:00:00+08:00", "2026-06-15T23:00:00+08:00"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[4096];
        sky_validation *v;
        const sky_finding *f;
        snprintf(text, sizeof text, fmt, cases[i].s1, cases[i].s2, cases[i].s3);
        v = check(text, 50, 30);
        f = pair(v, "S-1", "S-2");
        if (!cases[i].cross) {
            assert_null(f);
        } else {
            assert_non_null(f);
            assert_non_null(strstr(f->message, "cross"));
            assert_true(f->has_window);
            assert_true(f->window[0] == at(cases[i].from));
            assert_true(f->window[1] == at(cases[i].to));
        }
        f = zone_finding(v, "S-3", "LH-Z-010");
        if (!cases[i].zone) {
            assert_null(f);
        } else {
            assert_non_null(f);
            assert_true(f->has_window);
            assert_true(f->window[0] == at(cases[i].zfrom));
            assert_true(f->window[1] == at(cases[i].zto));
        }
        sky_validation_free(v);
    }
}

static void test_bad_corridors(void **state)
{
    sky_validate_opts o;
    sky_validation *v = NULL;
    sky_error err;
    static const char nan_text[] =
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"B\",\"width_m\":20,\"lower_m\":60,"
        "\"upper_m\":90,\"vertical_reference\":\"AGL\",\"direction\":\"two-way\"},"
        "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[114.08,22.58],[NaN,22.58]]}}";
    (void)state;
    sky_validate_opts_init(&o);
    assert_int_not_equal(sky_check_corridors(pl, nan_text, strlen(nan_text), "t", &o, &v, &err),
                         SKY_OK);
    assert_null(v);
    assert_int_equal(sky_check_corridors(pl, "{", 1, "t", &o, &v, &err), SKY_E_BAD_JSON);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_luohu_crossings),
        cmocka_unit_test(test_parallel_merge),
        cmocka_unit_test(test_schedules),
        cmocka_unit_test(test_bad_corridors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
