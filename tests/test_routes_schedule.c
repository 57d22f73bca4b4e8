/*
 * test_routes_schedule.c - the schedule grammar of data/luohu/README.md, activity at instants
 * and over intervals, next_change, ISO 8601 instants and the civil calendar (routes/schedule.c).
 *
 * Expected instants are written by hand from UTC midnights checked with GNU date
 * (`date -u -d 2025-06-11T00:00:00Z +%s`) plus a local time and an offset in closed form; no
 * expectation comes from the code under test. The random part cross-checks active_during and
 * next_change against active_at sampled at every minute boundary (schedule windows and offsets
 * are whole minutes, so activity can only change there).
 */
#include "sky_test.h"

#include "routes/schedule.h"

#define DAY 86400LL
#define HOUR 3600LL

/* UTC midnights of civil dates (date -u -d DATE +%s); the weekday in the comment. */
#define D_2025_01_01 1735689600LL /* Wed */
#define D_2025_05_01 1746057600LL /* Thu */
#define D_2025_06_09 1749427200LL /* Mon */
#define D_2025_06_10 1749513600LL /* Tue */
#define D_2025_06_11 1749600000LL /* Wed */
#define D_2025_06_12 1749686400LL /* Thu */
#define D_2025_06_13 1749772800LL /* Fri */
#define D_2025_06_14 1749859200LL /* Sat */
#define D_2025_06_15 1749945600LL /* Sun */
#define D_2025_06_16 1750032000LL /* Mon */
#define D_2025_06_24 1750723200LL /* Tue */
#define D_2025_06_25 1750809600LL /* Wed */
#define D_2025_11_30 1764460800LL /* Sun */
#define D_2025_12_01 1764547200LL /* Mon */
#define D_2025_12_05 1764892800LL /* Fri */
#define D_2025_12_06 1764979200LL /* Sat */
#define D_2025_12_08 1765152000LL /* Mon */
#define D_2026_01_01 1767225600LL /* Thu */
#define D_2026_02_28 1772236800LL /* Sat */
#define D_2026_03_01 1772323200LL /* Sun */
#define D_2026_04_01 1775001600LL /* Wed */
#define D_2027_01_01 1798761600LL /* Fri */

/* Local time hh:mm:ss on the civil date whose UTC midnight is day, at offset off_min. */
static int64_t lt(int64_t day, int hh, int mm, int ss, int off_min)
{
    return day + hh * HOUR + mm * 60LL + ss - off_min * 60LL;
}

#define CST 480 /* +08:00, China Standard Time */

static const char *const readme_examples[] = {
    "daily 10:00/23:00 +08:00",
    "2025-06-11/2025-06-24 daily 06:00/23:00 +08:00",
    "2025-12-01/2026-02-28 Sat,Sun 08:00/20:00 +08:00",
    "Mon,Tue,Wed,Thu,Fri 07:00/09:30,17:00/19:30 +08:00; Sat,Sun 22:00/02:00 +08:00",
};

static void parse_ok(const char *text, sky_schedule *s)
{
    sky_error err;
    sky_ref ref = {"zones.geojson", 3, "Z-1", "schedule"};
    sky_error_init(&err);
    assert_sky_ok(sky_schedule_parse(text, s, &ref, &err), &err);
}

/* Check activity at each (instant, expected) pair, naming the instant on failure. */
typedef struct probe {
    int64_t t;
    int active;
} probe;

static void check_probes(const char *text, const probe *p, size_t n)
{
    sky_schedule s;
    parse_ok(text, &s);
    for (size_t i = 0; i < n; i++) {
        char buf[40];
        int got = sky_schedule_active_at(&s, p[i].t);
        if (got != p[i].active)
            fail_msg("\"%s\" at %lld (%s, probe %zu): active %d, expected %d", text,
                     (long long)p[i].t, sky_time_format(p[i].t, CST, buf, sizeof buf), i, got,
                     p[i].active);
        /* a one-instant interval is the instant */
        assert_int_equal(sky_schedule_active_during(&s, p[i].t, p[i].t), p[i].active);
    }
    sky_schedule_clear(&s);
}

#define CHECK_PROBES(text, ...)                                                                 \
    do {                                                                                       \
        const probe pr_[] = {__VA_ARGS__};                                                     \
        check_probes(text, pr_, sizeof pr_ / sizeof pr_[0]);                                   \
    } while (0)

/* ------------------------------------------------------------------------------------------ */
/* Calendar */

static int test_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dim[m - 1];
}

static void test_days_from_civil_constants(void **state)
{
    int y, m, d;
    (void)state;
    assert_int_equal(sky_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sky_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(sky_days_from_civil(2000, 2, 29), 11016);
    assert_int_equal(sky_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(sky_days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(sky_days_from_civil(2025, 6, 11), 20250);
    assert_int_equal(sky_days_from_civil(2026, 11, 29), 20786);
    assert_int_equal(sky_days_from_civil(1600, 1, 1), -135140);
    assert_int_equal(sky_days_from_civil(0, 1, 1), -719528); /* 62167219200 s before 1970 */
    sky_civil_from_days(20786, &y, &m, &d);
    assert_int_equal(y, 2026);
    assert_int_equal(m, 11);
    assert_int_equal(d, 29);
    sky_civil_from_days(-1, &y, &m, &d);
    assert_int_equal(y, 1969);
    assert_int_equal(m, 12);
    assert_int_equal(d, 31);
    sky_civil_from_days(11016, &y, &m, &d);
    assert_int_equal(y, 2000);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(sky_weekday(0), 3);       /* 1970-01-01 Thursday */
    assert_int_equal(sky_weekday(-1), 2);      /* 1969-12-31 Wednesday */
    assert_int_equal(sky_weekday(20250), 2);   /* 2025-06-11 Wednesday */
    assert_int_equal(sky_weekday(20248), 0);   /* 2025-06-09 Monday */
    assert_int_equal(sky_weekday(20786), 6);   /* 2026-11-29 Sunday */
    assert_int_equal(sky_weekday(-135140), 5); /* 1600-01-01 Saturday */
}

/* Walk the calendar a day at a time with the test's own month lengths, both ways from
 * 1970-01-01 over two 400-year cycles, and compare every date in both directions. */
static void test_civil_walk(void **state)
{
    (void)state;
    for (int dir = -1; dir <= 1; dir += 2) {
        int y = 1970, m = 1, d = 1, wd = 3;
        for (int32_t z = 0; z != dir * 292195; z += dir) {
            int gy, gm, gd;
            if (sky_days_from_civil(y, m, d) != z)
                fail_msg("days_from_civil(%d-%02d-%02d) = %d, expected %d", y, m, d,
                         sky_days_from_civil(y, m, d), z);
            sky_civil_from_days(z, &gy, &gm, &gd);
            if (gy != y || gm != m || gd != d)
                fail_msg("civil_from_days(%d) = %d-%02d-%02d, expected %d-%02d-%02d", z, gy, gm,
                         gd, y, m, d);
            if (sky_weekday(z) != wd)
                fail_msg("weekday(%d) = %d, expected %d", z, sky_weekday(z), wd);
            if (dir > 0) {
                wd = (wd + 1) % 7;
                if (++d > test_days_in_month(y, m)) {
                    d = 1;
                    if (++m > 12) {
                        m = 1;
                        y++;
                    }
                }
            } else {
                wd = (wd + 6) % 7;
                if (--d < 1) {
                    if (--m < 1) {
                        m = 12;
                        y--;
                    }
                    d = test_days_in_month(y, m);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* ISO 8601 instants */

static void time_ok(const char *text, int64_t expected)
{
    sky_error err;
    int64_t t = 12345;
    sky_error_init(&err);
    assert_sky_ok(sky_time_parse(text, &t, NULL, &err), &err);
    if (t != expected)
        fail_msg("\"%s\" -> %lld, expected %lld", text, (long long)t, (long long)expected);
}

static void time_bad(const char *text, const char *needle)
{
    sky_error err;
    sky_ref ref = {NULL, -1, NULL, "--depart"};
    int64_t t = 12345;
    sky_error_init(&err);
    if (sky_time_parse(text, &t, &ref, &err) != SKY_E_BAD_VALUE)
        fail_msg("\"%s\" was accepted as %lld", text ? text : "(null)", (long long)t);
    assert_int_equal(t, 0);
    assert_string_equal(err.field, "--depart");
    if (strstr(err.message, needle) == NULL)
        fail_msg("\"%s\": message \"%s\" does not mention \"%s\"", text ? text : "(null)",
                 err.message, needle);
}

static void test_time_parse_valid(void **state)
{
    (void)state;
    /* 2026-06-15T01:00:00Z = 1781485200 (date -u -d 2026-06-15T09:00:00+08:00 +%s) */
    time_ok("2026-06-15T09:00:00+08:00", 1781485200);
    time_ok("2026-06-15T01:00Z", 1781485200);
    time_ok("2026-06-15T09:00+08:00", 1781485200);
    time_ok("2026-06-15 09:00:00+08:00", 1781485200);
    time_ok("2026-06-15T01:00:00.999Z", 1781485200);
    time_ok("2026-06-15T01:00:00,5Z", 1781485200);
    time_ok("2026-06-14T19:30:00-05:30", 1781485200);
    time_ok("2026-06-15T06:45+05:45", 1781485200);
    time_ok("  2026-06-15T01:00:00Z\n", 1781485200);
    time_ok("2026-06-15t01:00:00z", 1781485200); /* RFC 3339 allows lower case */
    time_ok("2000-02-29T12:34:56Z", 951827696);
    time_ok("2024-02-29T00:00:00Z", 19782 * DAY);
    time_ok("1970-01-01T00:00:00Z", 0);
    time_ok("1970-01-01T08:00:00+08:00", 0);
    time_ok("1969-12-31T23:59:59Z", -1);
    time_ok("2016-12-31T23:59:60Z", 1483228800); /* a leap second reads as the next :00 */
    time_ok("0000-01-01T00:00:00Z", -62167219200LL);
    time_ok("9999-12-31T23:59:59Z", 253402300799LL);
}

static void test_time_parse_invalid(void **state)
{
    (void)state;
    time_bad("2026-06-15T09:00:00", "offset");
    time_bad("2026-06-15T09:00", "offset");
    time_bad("2026-13-01T00:00:00Z", "month 13");
    time_bad("2026-00-10T00:00:00Z", "month 00");
    time_bad("2025-02-29T00:00:00Z", "2025-02 has 28 days");
    time_bad("1900-02-29T00:00:00Z", "1900-02 has 28 days");
    time_bad("2026-04-31T00:00:00Z", "2026-04 has 30 days");
    time_bad("2026-06-00T00:00:00Z", "has 30 days");
    time_bad("2026-06-15T25:00:00Z", "hour 25");
    time_bad("2026-06-15T24:00:00Z", "hour 24");
    time_bad("2026-06-15T09:60Z", "minute 60");
    time_bad("2026-06-15T09:00:61Z", "second 61");
    time_bad("2026-06-15T09:00+08", "+HH:MM");
    time_bad("2026-06-15T09:00+0800", "+HH:MM");
    time_bad("2026-06-15T09:00+19:00", "18:00");
    time_bad("2026-06-15T09:00+08:60", "18:00");
    time_bad("2026-06-15T09:00 +08:00", "offset");
    time_bad("2026-06-15T09:00:00.Z", "digits");
    time_bad("2026-06-15T9:00Z", "HH:MM");
    time_bad("2026-6-15T09:00Z", "YYYY-MM-DD");
    time_bad("2026-06-15", "time");
    time_bad("2026-06-15X09:00Z", "time");
    time_bad("2026-06-15T09:00Zjunk", "unexpected text");
    time_bad("2026-06-15T09:00:00+08:00:00", "unexpected text");
    time_bad("now", "2026-06-15T09:00:00+08:00");
    time_bad("", "empty");
    time_bad("   ", "empty");
    time_bad(NULL, "missing");
    /* the message quotes the text */
    time_bad("2026-13-01T00:00:00Z", "\"2026-13-01T00:00:00Z\"");
}

static void test_time_format(void **state)
{
    char buf[40];
    (void)state;
    assert_string_equal(sky_time_format(D_2025_06_11, 0, buf, sizeof buf),
                        "2025-06-11T00:00:00Z");
    assert_string_equal(sky_time_format(D_2025_06_11, 480, buf, sizeof buf),
                        "2025-06-11T08:00:00+08:00");
    assert_string_equal(sky_time_format(D_2025_06_11, -330, buf, sizeof buf),
                        "2025-06-10T18:30:00-05:30");
    assert_string_equal(sky_time_format(D_2025_06_11 + 345 * 60, 345, buf, sizeof buf),
                        "2025-06-11T11:30:00+05:45");
    assert_string_equal(sky_time_format(1781485200, CST, buf, sizeof buf),
                        "2026-06-15T09:00:00+08:00");
    assert_string_equal(sky_time_format(-1, 0, buf, sizeof buf), "1969-12-31T23:59:59Z");
    assert_string_equal(sky_time_format(951827696, 0, buf, sizeof buf), "2000-02-29T12:34:56Z");
    assert_string_equal(sky_time_format(-62167219200LL, 0, buf, sizeof buf),
                        "0000-01-01T00:00:00Z");
    assert_string_equal(sky_time_format(-62167219201LL, 0, buf, sizeof buf),
                        "-0001-12-31T23:59:59Z");
    assert_string_equal(sky_time_format(253402300800LL, 0, buf, sizeof buf),
                        "+10000-01-01T00:00:00Z");
    /* extremes do not overflow and stay terminated; truncation is safe */
    sky_time_format(INT64_MAX, 840, buf, sizeof buf);
    assert_true(strlen(buf) < sizeof buf);
    sky_time_format(INT64_MIN, -720, buf, sizeof buf);
    assert_true(strlen(buf) < sizeof buf);
    sky_time_format(D_2025_06_11, 0, buf, 8);
    assert_string_equal(buf, "2025-06");
}

static void test_time_round_trip(void **state)
{
    static const int64_t ts[] = {0, -1, 1, 951827696, 1749600000, 1781485200, 1767225599,
                                 -62167219200LL + DAY, 253402300799LL - 14 * HOUR, -86400 * 366};
    static const int offs[] = {0, 480, -330, 345, -720, 840};
    (void)state;
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
        for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
            char buf[40];
            sky_error err;
            int64_t back = 0;
            sky_error_init(&err);
            sky_time_format(ts[i], offs[k], buf, sizeof buf);
            assert_sky_ok(sky_time_parse(buf, &back, NULL, &err), &err);
            if (back != ts[i])
                fail_msg("%lld -> \"%s\" -> %lld", (long long)ts[i], buf, (long long)back);
        }
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing */

static void test_parse_structure(void **state)
{
    sky_schedule s;
    (void)state;
    parse_ok(readme_examples[3], &s);
    assert_int_equal(s.always, 0);
    assert_int_equal(s.nclauses, 2);
    assert_int_equal(s.clauses[0].has_range, 0);
    assert_int_equal(s.clauses[0].days, 0x1F);
    assert_int_equal(s.clauses[0].offset_min, 480);
    assert_int_equal(s.clauses[0].nwin, 2);
    assert_int_equal(s.clauses[0].win[0].start_min, 7 * 60);
    assert_int_equal(s.clauses[0].win[0].end_min, 9 * 60 + 30);
    assert_int_equal(s.clauses[0].win[1].start_min, 17 * 60);
    assert_int_equal(s.clauses[0].win[1].end_min, 19 * 60 + 30);
    assert_int_equal(s.clauses[1].days, 0x60);
    assert_int_equal(s.clauses[1].nwin, 1);
    assert_int_equal(s.clauses[1].win[0].start_min, 22 * 60);
    assert_int_equal(s.clauses[1].win[0].end_min, 2 * 60);
    sky_schedule_clear(&s);
    assert_int_equal(s.always, 1);
    assert_null(s.clauses);

    parse_ok(readme_examples[1], &s);
    assert_int_equal(s.nclauses, 1);
    assert_int_equal(s.clauses[0].has_range, 1);
    assert_int_equal(s.clauses[0].date_from, 20250); /* 2025-06-11 */
    assert_int_equal(s.clauses[0].date_to, 20263);   /* 2025-06-24 */
    assert_int_equal(s.clauses[0].days, 0x7F);
    sky_schedule_clear(&s);

    parse_ok("Mon 00:00/24:00 -05:30", &s);
    assert_int_equal(s.clauses[0].days, 0x01);
    assert_int_equal(s.clauses[0].win[0].start_min, 0);
    assert_int_equal(s.clauses[0].win[0].end_min, 1440);
    assert_int_equal(s.clauses[0].offset_min, -330);
    sky_schedule_clear(&s);

    /* whitespace is free between tokens */
    parse_ok("  Mon , Tue\t07:00 / 09:30 ,17:00/19:30   +08:00 ;Sat 10:00/11:00 +08:00 ;\n"
             " Sun 10:00/11:00 -00:00  ",
             &s);
    assert_int_equal(s.nclauses, 3);
    assert_int_equal(s.clauses[0].days, 0x03);
    assert_int_equal(s.clauses[0].nwin, 2);
    assert_int_equal(s.clauses[0].win[1].end_min, 19 * 60 + 30);
    assert_int_equal(s.clauses[2].days, 0x40);
    assert_int_equal(s.clauses[2].offset_min, 0);
    sky_schedule_clear(&s);

    /* eight windows are allowed */
    parse_ok("daily 01:00/02:00,03:00/04:00,05:00/06:00,07:00/08:00,09:00/10:00,"
             "11:00/12:00,13:00/14:00,15:00/16:00 +00:00",
             &s);
    assert_int_equal(s.clauses[0].nwin, 8);
    sky_schedule_clear(&s);
}

static void test_parse_empty_is_always(void **state)
{
    sky_schedule s;
    (void)state;
    parse_ok(NULL, &s);
    assert_int_equal(s.always, 1);
    assert_int_equal(s.nclauses, 0);
    assert_true(sky_schedule_active_at(&s, INT64_MIN));
    assert_true(sky_schedule_active_at(&s, INT64_MAX));
    assert_true(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    assert_true(sky_schedule_next_change(&s, 0) == INT64_MAX);
    sky_schedule_clear(&s);
    parse_ok("", &s);
    assert_int_equal(s.always, 1);
    sky_schedule_clear(&s);
    parse_ok(" \t ", &s);
    assert_int_equal(s.always, 1);
    sky_schedule_clear(&s);
    sky_schedule_init_always(&s);
    assert_true(sky_schedule_active_at(&s, 0));
    sky_schedule_clear(&s);
}

/* text must be refused with SKY_E_BAD_VALUE, the ref passed through, and a message holding
 * each needle (the offending text and what was expected). */
static void bad_schedule(const char *text, const char *needle1, const char *needle2)
{
    sky_schedule s;
    sky_error err;
    sky_ref ref = {"zones.geojson", 7, "LH-Z-010", "schedule"};
    sky_status rc;
    sky_error_init(&err);
    rc = sky_schedule_parse(text, &s, &ref, &err);
    if (rc != SKY_E_BAD_VALUE)
        fail_msg("\"%s\" -> %d (%s), expected SKY_E_BAD_VALUE", text, (int)rc,
                 sky_status_str(rc));
    assert_int_equal(err.code, SKY_E_BAD_VALUE);
    assert_string_equal(err.field, "schedule");
    assert_string_equal(err.feature_id, "LH-Z-010");
    assert_string_equal(err.source, "zones.geojson");
    assert_int_equal(err.feature_index, 7);
    if (strstr(err.message, needle1) == NULL || (needle2 && strstr(err.message, needle2) == NULL))
        fail_msg("\"%s\": message \"%s\" lacks \"%s\" or \"%s\"", text, err.message, needle1,
                 needle2 ? needle2 : "");
    /* a failed parse leaves nothing to free and an always-active schedule */
    assert_int_equal(s.nclauses, 0);
    assert_null(s.clauses);
    sky_schedule_clear(&s);
}

static void test_parse_errors(void **state)
{
    (void)state;
    /* the cases the brief names */
    bad_schedule("Mon,Fry 10:00/12:00 +08:00", "\"Fry\"", "Mon Tue Wed");
    bad_schedule("daily 25:00/26:00 +08:00", "\"25:00\"", "25:00/26:00");
    bad_schedule("daily 10:00/23:00", "UTC offset", "daily 10:00/23:00");
    bad_schedule("daily 10:00/23:00 +08:00;", "empty clause 2", "daily 10:00/23:00 +08:00;");
    bad_schedule("daily 10:00/23:00 +08:00;; Sat 10:00/11:00 +08:00", "empty clause 2", NULL);
    bad_schedule("; daily 10:00/23:00 +08:00", "empty clause 1", NULL);
    bad_schedule("daily 01:00/02:00,03:00/04:00,05:00/06:00,07:00/08:00,09:00/10:00,"
                 "11:00/12:00,13:00/14:00,15:00/16:00,17:00/18:00 +00:00",
                 "\"17:00/18:00\"", "at most 8");
    /* days */
    bad_schedule("Mon-Fri 10:00/12:00 +08:00", "\"Mon-Fri\"", "ranges");
    bad_schedule("mon 10:00/12:00 +08:00", "\"mon\"", "\"Mon\"");
    bad_schedule("Mon,Mon 10:00/12:00 +08:00", "\"Mon\" is listed twice", NULL);
    bad_schedule("daily,Mon 10:00/12:00 +08:00", "\"daily\" cannot be combined", NULL);
    bad_schedule("Mon,daily 10:00/12:00 +08:00", "\"daily\" cannot be combined", NULL);
    bad_schedule("Mon, 10:00/12:00 +08:00", "after \",\"", "\"10:00/12:00\"");
    bad_schedule("10:00/12:00 +08:00", "missing days", "\"10:00/12:00\"");
    bad_schedule("Weekdays 10:00/12:00 +08:00", "\"Weekdays\"", NULL);
    bad_schedule("2025-06-11/2025-06-24 +08:00", "expected days", "\"+08:00\"");
    bad_schedule("2025-06-11/2025-06-24", "clause ends after the date range", "days");
    /* windows */
    bad_schedule("daily 24:00/23:00 +08:00", "\"24:00\"", "only as an end");
    bad_schedule("daily 10:00/24:30 +08:00", "\"24:30\"", NULL);
    bad_schedule("daily 10:60/12:00 +08:00", "\"10:60\"", "minutes");
    bad_schedule("daily 9:00/12:00 +08:00", "\"9:00\"", "HH:MM");
    bad_schedule("daily 10:00-12:00 +08:00", "\"10:00-12:00\"", "HH:MM");
    bad_schedule("daily 10:00 +08:00", "no end", "\"10:00\"");
    bad_schedule("daily +08:00", "expected a window", "\"+08:00\"");
    bad_schedule("daily", "clause ends after the days", "windows");
    bad_schedule("daily 10:00/12:00 13:00/14:00 +08:00", "\",\" between windows",
                 "\"13:00/14:00\"");
    bad_schedule("daily 10:00/12:00, +08:00", "expected a window", "\"+08:00\"");
    /* offsets */
    bad_schedule("daily 10:00/12:00 Z", "UTC offset", "\"Z\"");
    bad_schedule("daily 10:00/12:00 UTC+8", "UTC offset", "\"UTC+8\"");
    bad_schedule("daily 10:00/12:00 +8:00", "\"+8:00\"", "+HH:MM");
    bad_schedule("daily 10:00/12:00 +0800", "\"+0800\"", "+HH:MM");
    bad_schedule("daily 10:00/12:00 +19:00", "\"+19:00\"", "18:00");
    bad_schedule("daily 10:00/12:00 +08:00 extra", "\"extra\"", "\";\"");
    bad_schedule("daily 10:00/12:00 +08:00 Sat 10:00/11:00 +08:00", "\"Sat\"", "\";\"");
    bad_schedule("daily 10:00/12:00 +08:00,", "\",\"", NULL);
    /* date ranges */
    bad_schedule("2025-02-29/2025-03-01 daily 10:00/12:00 +08:00", "\"2025-02-29\"",
                 "28 days");
    bad_schedule("2025-13-01/2025-12-31 daily 10:00/12:00 +08:00", "\"2025-13-01\"", "month");
    bad_schedule("2025-06-24/2025-06-11 daily 10:00/12:00 +08:00",
                 "\"2025-06-24/2025-06-11\"", "ends before it starts");
    bad_schedule("2025-06-11 daily 10:00/12:00 +08:00", "\"2025-06-11\"", "no end");
    bad_schedule("2025-6-11/2025-06-24 daily 10:00/12:00 +08:00", "\"2025-6-11\"",
                 "YYYY-MM-DD");
    bad_schedule("2025-06-11/2025-06-24daily 10:00/12:00 +08:00", "\"2025-06-24daily\"",
                 "YYYY-MM-DD");
    /* a later clause is named */
    bad_schedule("daily 10:00/12:00 +08:00; Sat 10:00/1l:00 +08:00", "\"1l:00\"",
                 "clause 2");
}

/* ------------------------------------------------------------------------------------------ */
/* Activity at instants: the README examples and hand cases */

static void test_readme_daily(void **state)
{
    (void)state;
    /* daily 10:00/23:00 +08:00: opens 02:00Z, closes 15:00Z */
    CHECK_PROBES(readme_examples[0], {1749607200, 1}, /* 2025-06-11T02:00:00Z, opens */
                 {1749607199, 0},                      /* one second before */
                 {1749653999, 1},                      /* one second before the close */
                 {1749654000, 0},                      /* 2025-06-11T15:00:00Z, closes */
                 {lt(D_2025_06_11, 12, 0, 0, CST), 1}, {lt(D_2025_06_11, 23, 30, 0, CST), 0},
                 {lt(D_2025_06_12, 0, 0, 0, CST), 0}, {lt(D_2025_06_14, 10, 0, 0, CST), 1},
                 {lt(D_2025_06_15, 22, 59, 59, CST), 1}, {lt(D_2025_01_01, 9, 59, 59, CST), 0});
}

static void test_readme_date_range(void **state)
{
    (void)state;
    /* 2025-06-11/2025-06-24 daily 06:00/23:00 +08:00 */
    CHECK_PROBES(readme_examples[1],
                 {1749592800, 1}, /* 2025-06-11T06:00+08:00 = 06-10T22:00Z, first opening */
                 {1749592799, 0}, {lt(D_2025_06_10, 12, 0, 0, CST), 0}, /* the day before */
                 {lt(D_2025_06_11, 22, 59, 59, CST), 1}, {lt(D_2025_06_11, 23, 0, 0, CST), 0},
                 {lt(D_2025_06_24, 6, 0, 0, CST), 1}, /* the last day is included */
                 {1750777199, 1},                      /* 2025-06-24T22:59:59+08:00 */
                 {lt(D_2025_06_24, 23, 0, 0, CST), 0},
                 {1750802400, 0}, /* 2025-06-25T06:00+08:00: the day after is excluded */
                 {lt(D_2025_06_25, 12, 0, 0, CST), 0});
}

static void test_readme_weekends(void **state)
{
    (void)state;
    /* 2025-12-01/2026-02-28 Sat,Sun 08:00/20:00 +08:00; 2025-12-01 is a Monday */
    CHECK_PROBES(readme_examples[2], {lt(D_2025_11_30, 12, 0, 0, CST), 0}, /* Sun, before */
                 {lt(D_2025_12_01, 12, 0, 0, CST), 0},                      /* Mon */
                 {lt(D_2025_12_05, 12, 0, 0, CST), 0},                      /* Fri */
                 {1764979200, 1}, /* Sat 2025-12-06T08:00+08:00, the first opening */
                 {1764979199, 0}, {1765022399, 1},
                 {1765022400, 0}, /* Sat 20:00+08:00 */
                 {lt(D_2025_12_06 + DAY, 12, 0, 0, CST), 1}, /* Sun 12-07 */
                 {lt(D_2025_12_08, 12, 0, 0, CST), 0},        /* Mon */
                 {1772251200, 1}, /* Sat 2026-02-28T12:00+08:00, the last day */
                 {1772337600, 0}, /* Sun 2026-03-01T12:00+08:00, after the range */
                 {lt(D_2026_01_01 + 2 * DAY, 8, 0, 0, CST), 1}); /* Sat 2026-01-03 */
}

static void test_readme_two_clauses(void **state)
{
    (void)state;
    /* Mon..Fri 07:00/09:30,17:00/19:30 +08:00; Sat,Sun 22:00/02:00 +08:00 */
    CHECK_PROBES(
        readme_examples[3], {1749596400, 1}, /* Wed 2025-06-11T07:00+08:00 opens */
        {1749596399, 0}, {lt(D_2025_06_11, 9, 29, 59, CST), 1},
        {lt(D_2025_06_11, 9, 30, 0, CST), 0}, {lt(D_2025_06_11, 12, 0, 0, CST), 0},
        {lt(D_2025_06_11, 16, 59, 59, CST), 0}, {lt(D_2025_06_11, 17, 0, 0, CST), 1},
        {lt(D_2025_06_11, 19, 29, 59, CST), 1}, {lt(D_2025_06_11, 19, 30, 0, CST), 0},
        {lt(D_2025_06_11, 23, 0, 0, CST), 0},  /* weekday nights are not in the clause */
        {lt(D_2025_06_13, 23, 0, 0, CST), 0},  /* Friday night either */
        {lt(D_2025_06_14, 1, 0, 0, CST), 0},   /* Sat 01:00: Friday starts no window */
        {lt(D_2025_06_14, 7, 0, 0, CST), 0},   /* Saturday morning: not a weekday */
        {1749909600, 1},                       /* Sat 2025-06-14T22:00+08:00 */
        {1749909599, 0}, {lt(D_2025_06_14, 23, 0, 0, CST), 1},
        {lt(D_2025_06_15, 1, 59, 59, CST), 1}, /* Sunday, on Saturday's window */
        {lt(D_2025_06_15, 2, 0, 0, CST), 0}, {lt(D_2025_06_15, 12, 0, 0, CST), 0},
        {lt(D_2025_06_15, 23, 0, 0, CST), 1},  /* Sunday is a start day too */
        {lt(D_2025_06_16, 1, 59, 59, CST), 1}, /* Monday, on Sunday's window */
        {lt(D_2025_06_16, 2, 0, 0, CST), 0}, {lt(D_2025_06_16, 7, 0, 0, CST), 1});
}

static void test_crossing_midnight(void **state)
{
    (void)state;
    /* Saturday only: Sunday is not a start day */
    CHECK_PROBES("Sat 22:00/02:00 +08:00", {lt(D_2025_06_14, 22, 0, 0, CST), 1},
                 {lt(D_2025_06_14, 21, 59, 59, CST), 0}, {lt(D_2025_06_14, 23, 0, 0, CST), 1},
                 {lt(D_2025_06_15, 0, 0, 0, CST), 1}, {lt(D_2025_06_15, 1, 59, 59, CST), 1},
                 {lt(D_2025_06_15, 2, 0, 0, CST), 0}, {lt(D_2025_06_15, 23, 0, 0, CST), 0},
                 {lt(D_2025_06_16, 1, 0, 0, CST), 0}, {lt(D_2025_06_13, 23, 0, 0, CST), 0},
                 {lt(D_2025_06_14, 1, 0, 0, CST), 0}); /* Friday is not a start day */
    /* a crossing window starting on the range's last day runs past it; one starting the day
     * before the range does not count */
    CHECK_PROBES("2025-06-11/2025-06-13 daily 22:00/02:00 +00:00", {D_2025_06_11 + HOUR, 0},
                 {D_2025_06_11 + 22 * HOUR, 1}, {D_2025_06_10 + 22 * HOUR, 0},
                 {D_2025_06_12 + HOUR, 1}, {D_2025_06_13 + 23 * HOUR, 1},
                 {D_2025_06_14 + 2 * HOUR - 1, 1}, {D_2025_06_14 + 2 * HOUR, 0},
                 {D_2025_06_14 + 22 * HOUR, 0});
    /* end == start: 24 hours from the start */
    CHECK_PROBES("Wed 10:00/10:00 +00:00", {D_2025_06_11 + 10 * HOUR, 1},
                 {D_2025_06_11 + 10 * HOUR - 1, 0}, {D_2025_06_12 + 9 * HOUR, 1},
                 {D_2025_06_12 + 10 * HOUR - 1, 1}, {D_2025_06_12 + 10 * HOUR, 0});
    /* 00:00/24:00 and 00:00/00:00 are the same whole day */
    CHECK_PROBES("Mon 00:00/24:00 +00:00", {D_2025_06_09, 1}, {D_2025_06_09 - 1, 0},
                 {D_2025_06_10 - 1, 1}, {D_2025_06_10, 0});
    CHECK_PROBES("Mon 00:00/00:00 +00:00", {D_2025_06_09, 1}, {D_2025_06_09 - 1, 0},
                 {D_2025_06_10 - 1, 1}, {D_2025_06_10, 0});
    CHECK_PROBES("daily 00:00/24:00 +08:00", {D_2025_06_09, 1}, {D_2025_06_09 - 1, 1},
                 {D_2025_06_12 + 12345, 1});
    /* touching windows leave no gap */
    CHECK_PROBES("daily 10:00/12:00,12:00/14:00 +00:00", {D_2025_06_11 + 12 * HOUR - 1, 1},
                 {D_2025_06_11 + 12 * HOUR, 1}, {D_2025_06_11 + 14 * HOUR, 0});
}

static void test_offsets(void **state)
{
    (void)state;
    /* daily 09:00/17:00 -05:30: local 09:00 = 14:30Z, 17:00 = 22:30Z */
    CHECK_PROBES("daily 09:00/17:00 -05:30", {1749652200, 1}, /* 2025-06-11T09:00-05:30 */
                 {1749652199, 0}, {D_2025_06_11 + 22 * HOUR + 30 * 60 - 1, 1},
                 {D_2025_06_11 + 22 * HOUR + 30 * 60, 0}, {D_2025_06_11 + 12 * HOUR, 0});
    /* the local day, not the UTC day, chooses the weekday: Monday 20:00 at -05:30 is Tuesday
     * 01:30Z, and Sunday 20:00 local (Monday 01:30Z) is not covered */
    CHECK_PROBES("Mon 20:00/23:00 -05:30", {1749519000, 1}, /* 2025-06-09T20:00-05:30 */
                 {D_2025_06_10 + HOUR + 30 * 60, 1}, {D_2025_06_09 + HOUR + 30 * 60, 0},
                 {D_2025_06_10 + 4 * HOUR + 30 * 60, 0});
    /* +08:00 the other way: Monday 01:00 local is Sunday 17:00Z */
    CHECK_PROBES("Mon 01:00/03:00 +08:00", {D_2025_06_15 + 17 * HOUR, 1},
                 {D_2025_06_16 + HOUR, 0}, {D_2025_06_15 + 19 * HOUR, 0});
    /* +05:45 (Nepal) */
    CHECK_PROBES("daily 06:00/06:15 +05:45", {D_2025_06_11 + 15 * 60, 1},
                 {D_2025_06_11 + 15 * 60 - 1, 0}, {D_2025_06_11 + 30 * 60 - 1, 1},
                 {D_2025_06_11 + 30 * 60, 0});
    /* clauses with different offsets are each read in their own time */
    CHECK_PROBES("Wed 10:00/11:00 +08:00; Wed 10:00/11:00 -05:00",
                 {lt(D_2025_06_11, 10, 30, 0, CST), 1}, {lt(D_2025_06_11, 10, 30, 0, -300), 1},
                 {lt(D_2025_06_11, 10, 30, 0, 0), 0});
}

static void test_validity_bounds(void **state)
{
    sky_schedule s;
    int64_t vf = lt(D_2025_06_11, 12, 0, 0, CST), vt = lt(D_2025_06_13, 12, 0, 0, CST);
    (void)state;
    sky_schedule_init_always(&s);
    s.has_valid_from = s.has_valid_to = 1;
    s.valid_from = vf;
    s.valid_to = vt;
    assert_false(sky_schedule_active_at(&s, vf - 1));
    assert_true(sky_schedule_active_at(&s, vf));
    assert_true(sky_schedule_active_at(&s, vt - 1));
    assert_false(sky_schedule_active_at(&s, vt));
    assert_true(sky_schedule_active_during(&s, vf - 100, vf));
    assert_false(sky_schedule_active_during(&s, vf - 100, vf - 1));
    assert_false(sky_schedule_active_during(&s, vt, vt + 100));
    assert_true(sky_schedule_active_during(&s, vt - 1, vt + 100));
    assert_true(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    assert_true(sky_schedule_next_change(&s, vf - 1000) == vf);
    assert_true(sky_schedule_next_change(&s, vf) == vt);
    assert_true(sky_schedule_next_change(&s, vt) == INT64_MAX);
    sky_schedule_clear(&s);

    /* clipped clauses: the window is open at valid_from (12:00 local) */
    parse_ok(readme_examples[0], &s);
    s.has_valid_from = s.has_valid_to = 1;
    s.valid_from = vf;
    s.valid_to = vt;
    assert_false(sky_schedule_active_at(&s, vf - 1));
    assert_true(sky_schedule_active_at(&s, vf));
    assert_false(sky_schedule_active_at(&s, lt(D_2025_06_10, 12, 0, 0, CST)));
    assert_true(sky_schedule_active_at(&s, lt(D_2025_06_12, 12, 0, 0, CST)));
    assert_false(sky_schedule_active_at(&s, vt));
    assert_true(sky_schedule_next_change(&s, vf - 3600) == vf);
    assert_true(sky_schedule_next_change(&s, vf) == lt(D_2025_06_11, 23, 0, 0, CST));
    assert_true(sky_schedule_next_change(&s, lt(D_2025_06_13, 11, 0, 0, CST)) == vt);
    assert_true(sky_schedule_next_change(&s, vt) == INT64_MAX);
    assert_false(sky_schedule_active_during(&s, D_2025_01_01, vf - 1));
    assert_true(sky_schedule_active_during(&s, D_2025_01_01, vf));
    sky_schedule_clear(&s);
}

/* ------------------------------------------------------------------------------------------ */
/* Activity over intervals */

static void test_during_edges(void **state)
{
    sky_schedule s;
    const int64_t open = 1749607200, close = 1749654000; /* 2025-06-11 02:00Z .. 15:00Z */
    (void)state;
    parse_ok(readme_examples[0], &s);
    assert_true(sky_schedule_active_during(&s, open - HOUR, open));  /* t1 = start counts */
    assert_false(sky_schedule_active_during(&s, open - HOUR, open - 1));
    assert_false(sky_schedule_active_during(&s, close, close + HOUR)); /* t0 = end does not */
    assert_true(sky_schedule_active_during(&s, close - 1, close + HOUR));
    assert_false(sky_schedule_active_during(&s, close, open + DAY - 1)); /* the night */
    assert_true(sky_schedule_active_during(&s, close, open + DAY));
    assert_true(sky_schedule_active_during(&s, open + 60, close - 60));
    assert_true(sky_schedule_active_during(&s, D_2025_06_11, D_2025_06_11 + 30 * DAY));
    assert_false(sky_schedule_active_during(&s, open + 10, open)); /* empty interval */
    sky_schedule_clear(&s);

    parse_ok(readme_examples[2], &s);
    /* a long interval ending exactly at the first opening */
    assert_true(sky_schedule_active_during(&s, D_2025_05_01, 1764979200));
    assert_false(sky_schedule_active_during(&s, D_2025_05_01, 1764979199));
    /* long intervals after the range, and over all of it */
    assert_false(sky_schedule_active_during(&s, 1772337600, D_2027_01_01));
    assert_false(sky_schedule_active_during(&s, lt(D_2026_02_28, 20, 0, 0, CST), D_2027_01_01));
    assert_true(sky_schedule_active_during(&s, D_2025_01_01, D_2027_01_01));
    /* 30 days in the range, and 30 days of weekdays only: one Mon..Fri stretch inside */
    assert_true(sky_schedule_active_during(&s, D_2025_12_08, D_2025_12_08 + 30 * DAY));
    assert_false(sky_schedule_active_during(&s, lt(D_2025_12_08, 0, 0, 0, CST),
                                            lt(D_2025_12_08 + 4 * DAY, 23, 59, 59, CST)));
    assert_true(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    sky_schedule_clear(&s);

    /* a range with no start day in it is never active, over any span */
    parse_ok("2025-06-09/2025-06-13 Sat,Sun 10:00/12:00 +00:00", &s);
    assert_false(sky_schedule_active_during(&s, D_2025_01_01, D_2027_01_01));
    assert_false(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    assert_true(sky_schedule_next_change(&s, D_2025_06_09) == INT64_MAX);
    sky_schedule_clear(&s);

    /* one start day deep inside a long interval */
    parse_ok("2025-06-14/2025-06-14 Sat 10:00/10:30 +00:00", &s);
    assert_true(sky_schedule_active_during(&s, D_2025_01_01, D_2026_01_01));
    assert_true(sky_schedule_active_during(&s, D_2025_01_01, D_2025_06_14 + 10 * HOUR));
    assert_false(sky_schedule_active_during(&s, D_2025_01_01, D_2025_06_14 + 10 * HOUR - 1));
    assert_false(
        sky_schedule_active_during(&s, D_2025_06_14 + 10 * HOUR + 30 * 60, D_2026_01_01));
    assert_true(sky_schedule_active_during(&s, D_2025_06_14 + 10 * HOUR + 30 * 60 - 1,
                                           D_2026_01_01));
    assert_true(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    sky_schedule_clear(&s);

    /* six whole days between the ends, Sunday to Friday, hold no Saturday */
    parse_ok("Sat 10:00/11:00 +00:00", &s);
    assert_false(sky_schedule_active_during(&s, D_2025_06_14 + 12 * HOUR,
                                            D_2025_06_14 + 7 * DAY + 9 * HOUR));
    assert_true(sky_schedule_active_during(&s, D_2025_06_14 + 12 * HOUR,
                                           D_2025_06_14 + 7 * DAY + 10 * HOUR));
    assert_true(sky_schedule_active_during(&s, D_2025_06_14 + 11 * HOUR - 1,
                                           D_2025_06_14 + 7 * DAY + 9 * HOUR));
    sky_schedule_clear(&s);

    /* a crossing window that started before a long interval and is still open at t0 */
    parse_ok("2025-06-14/2025-06-14 Sat 22:00/02:00 +00:00", &s);
    assert_true(sky_schedule_active_during(&s, D_2025_06_15 + HOUR, D_2026_01_01));
    assert_false(sky_schedule_active_during(&s, D_2025_06_15 + 2 * HOUR, D_2026_01_01));
    sky_schedule_clear(&s);
}

/* splitmix64: a fixed-seed generator of our own, so the test is the same everywhere. */
static uint64_t rng_next(uint64_t *st)
{
    uint64_t z = (*st += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int64_t rng_range(uint64_t *st, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng_next(st) % (uint64_t)(hi - lo + 1));
}

static int64_t ceil_to(int64_t t, int64_t step)
{
    int64_t r = t % step;
    if (r < 0)
        r += step;
    return r ? t + (step - r) : t;
}

/* Active at any instant of [t0, t1]? Windows begin on minute boundaries (whole-minute times
 * and offsets), so any window meeting the interval contains t0 or a minute boundary in
 * (t0, t1]; validity bounds are also tried. */
static int brute_during(const sky_schedule *s, int64_t t0, int64_t t1)
{
    if (sky_schedule_active_at(s, t0))
        return 1;
    for (int64_t t = ceil_to(t0 + 1, 60); t <= t1; t += 60)
        if (sky_schedule_active_at(s, t))
            return 1;
    if (s->has_valid_from && s->valid_from >= t0 && s->valid_from <= t1 &&
        sky_schedule_active_at(s, s->valid_from))
        return 1;
    return 0;
}

/* No change of activity in (t, c), checked at every minute boundary and at c - 1. */
static void check_no_change_before(const sky_schedule *s, int64_t t, int64_t c, int cur)
{
    for (int64_t u = ceil_to(t + 1, 60); u < c; u += 60)
        if (sky_schedule_active_at(s, u) != cur)
            fail_msg("next_change(%lld) = %lld, but activity changes at %lld", (long long)t,
                     (long long)c, (long long)u);
    if (c - 1 > t)
        assert_int_equal(sky_schedule_active_at(s, c - 1), cur);
}

static const char *const random_schedules[] = {
    "daily 10:00/23:00 +08:00",
    "2025-06-11/2025-06-24 daily 06:00/23:00 +08:00",
    "2025-12-01/2026-02-28 Sat,Sun 08:00/20:00 +08:00",
    "Mon,Tue,Wed,Thu,Fri 07:00/09:30,17:00/19:30 +08:00; Sat,Sun 22:00/02:00 +08:00",
    "Sat 22:00/02:00 +08:00",
    "2025-06-11/2025-06-13 daily 22:00/02:00 +00:00",
    "Tue,Fri 23:30/00:30,03:00/03:00 -05:30",
    "2025-07-04/2025-07-04 Fri 00:00/24:00 -04:00; Wed 12:00/12:00 +05:45",
    "2025-06-09/2025-06-13 Sat,Sun 10:00/12:00 +00:00",
    "Mon 23:00/23:30 +00:00; Tue 01:00/02:00 +14:00; Sun 20:00/21:00 -12:00",
};

static void test_random_intervals(void **state)
{
    uint64_t st = 20250611;
    (void)state;
    for (size_t k = 0; k < sizeof random_schedules / sizeof random_schedules[0]; k++) {
        sky_schedule s;
        parse_ok(random_schedules[k], &s);
        if (k == 0) { /* one schedule with validity bounds off the minute grid */
            s.has_valid_from = s.has_valid_to = 1;
            s.valid_from = D_2025_06_11 + 7 * HOUR + 17;
            s.valid_to = D_2026_01_01 + 3 * HOUR + 59;
        }
        for (int i = 0; i < 300; i++) {
            int64_t t0 = rng_range(&st, D_2025_05_01, D_2026_04_01), len, t1;
            int kind = (int)(rng_next(&st) % 4), want, got;
            if (kind == 0)
                len = rng_range(&st, 0, 3 * HOUR);
            else if (kind == 1)
                len = rng_range(&st, 0, 3 * DAY);
            else if (kind == 2)
                len = rng_range(&st, 0, 30 * DAY);
            else
                len = 30 * DAY + rng_range(&st, -2, 2);
            if (rng_next(&st) % 3 == 0) { /* land on the half-hour grid every window uses */
                t0 -= ((t0 % 1800) + 1800) % 1800;
                len -= len % 1800;
            }
            t1 = t0 + len;
            want = brute_during(&s, t0, t1);
            got = sky_schedule_active_during(&s, t0, t1);
            if (want != got)
                fail_msg("\"%s\": active_during(%lld, %lld) = %d, sampling says %d",
                         random_schedules[k], (long long)t0, (long long)t1, got, want);
        }
        for (int i = 0; i < 200; i++) {
            int64_t t = rng_range(&st, D_2025_05_01, D_2026_04_01), c;
            int cur;
            if (i % 2 == 0)
                t -= ((t % 1800) + 1800) % 1800;
            cur = sky_schedule_active_at(&s, t);
            c = sky_schedule_next_change(&s, t);
            if (c == INT64_MAX) {
                /* no change in 400 days: inactive throughout, or active throughout */
                if (!cur)
                    assert_false(sky_schedule_active_during(&s, t, t + 400 * DAY));
                else
                    check_no_change_before(&s, t, t + 400 * DAY, cur);
                continue;
            }
            assert_true(c > t && c <= t + 400 * DAY);
            assert_int_equal(sky_schedule_active_at(&s, c), !cur);
            if (c - t <= 10 * DAY)
                check_no_change_before(&s, t, c, cur);
            else if (!cur)
                assert_false(sky_schedule_active_during(&s, t, c - 1));
            else
                fail_msg("\"%s\": active for %lld s from %lld?", random_schedules[k],
                         (long long)(c - t), (long long)t);
        }
        sky_schedule_clear(&s);
    }
}

static void test_next_change(void **state)
{
    sky_schedule s;
    (void)state;
    parse_ok(readme_examples[0], &s);
    assert_true(sky_schedule_next_change(&s, D_2025_06_11) == 1749607200);
    assert_true(sky_schedule_next_change(&s, 1749607199) == 1749607200);
    assert_true(sky_schedule_next_change(&s, 1749607200) == 1749654000);
    assert_true(sky_schedule_next_change(&s, 1749654000) == 1749607200 + DAY);
    sky_schedule_clear(&s);

    parse_ok(readme_examples[3], &s);
    assert_true(sky_schedule_next_change(&s, lt(D_2025_06_14, 12, 0, 0, CST)) == 1749909600);
    assert_true(sky_schedule_next_change(&s, 1749909600) == lt(D_2025_06_15, 2, 0, 0, CST));
    assert_true(sky_schedule_next_change(&s, lt(D_2025_06_15, 2, 0, 0, CST)) ==
                lt(D_2025_06_15, 22, 0, 0, CST));
    assert_true(sky_schedule_next_change(&s, lt(D_2025_06_15, 22, 0, 0, CST)) ==
                lt(D_2025_06_16, 2, 0, 0, CST));
    assert_true(sky_schedule_next_change(&s, lt(D_2025_06_16, 2, 0, 0, CST)) ==
                1750028400); /* Mon 2025-06-16T07:00+08:00 */
    sky_schedule_clear(&s);

    /* clauses far apart in offset: Tuesday 01:00 at +14:00 (Monday 11:00Z) comes before
     * Monday 23:00Z although its local day is a day later */
    parse_ok("Mon 23:00/23:30 +00:00; Tue 01:00/02:00 +14:00", &s);
    assert_true(sky_schedule_next_change(&s, D_2025_06_09) == D_2025_06_09 + 11 * HOUR);
    assert_true(sky_schedule_next_change(&s, D_2025_06_09 + 11 * HOUR) ==
                D_2025_06_09 + 12 * HOUR);
    assert_true(sky_schedule_next_change(&s, D_2025_06_09 + 12 * HOUR) ==
                D_2025_06_09 + 23 * HOUR);
    sky_schedule_clear(&s);

    /* touching windows are one stretch */
    parse_ok("daily 10:00/12:00,12:00/14:00 +00:00", &s);
    assert_true(sky_schedule_next_change(&s, D_2025_06_11 + 10 * HOUR) ==
                D_2025_06_11 + 14 * HOUR);
    sky_schedule_clear(&s);

    /* a range in the past never changes again; one in the future opens months ahead */
    parse_ok(readme_examples[2], &s);
    assert_true(sky_schedule_next_change(&s, D_2026_03_01) == INT64_MAX);
    assert_true(sky_schedule_next_change(&s, D_2025_05_01) == 1764979200);
    assert_true(sky_schedule_next_change(&s, D_2025_05_01 - 400 * DAY) == INT64_MAX);
    sky_schedule_clear(&s);

    /* always active around the clock is no change */
    parse_ok("daily 00:00/00:00 +08:00", &s);
    assert_true(sky_schedule_next_change(&s, D_2025_06_11) == INT64_MAX);
    sky_schedule_clear(&s);
    /* extreme instants are answered, not overflowed */
    parse_ok(readme_examples[3], &s);
    assert_true(sky_schedule_next_change(&s, INT64_MAX) == INT64_MAX);
    assert_true(sky_schedule_next_change(&s, INT64_MIN) == INT64_MAX);
    (void)sky_schedule_active_at(&s, INT64_MAX);
    (void)sky_schedule_active_at(&s, INT64_MIN);
    assert_true(sky_schedule_active_during(&s, INT64_MIN, INT64_MAX));
    sky_schedule_clear(&s);
}

/* Both active: hand cases in closed form, then every pair of the random schedules against
 * sampling at t0 and every minute boundary (the only instants where activity can change). */
static void overlap_is(const char *a, const char *b, int64_t t0, int64_t t1, int want,
                       int64_t from, int64_t to)
{
    sky_schedule sa, sb;
    int64_t f = -1, e = -1;
    parse_ok(a, &sa);
    parse_ok(b, &sb);
    assert_int_equal(sky_schedule_overlap(&sa, &sb, t0, t1, &f, &e), want);
    if (want) {
        assert_true(f == from);
        assert_true(e == to);
    }
    /* symmetric */
    assert_int_equal(sky_schedule_overlap(&sb, &sa, t0, t1, NULL, NULL), want);
    sky_schedule_clear(&sa);
    sky_schedule_clear(&sb);
}

static void test_overlap(void **state)
{
    const int64_t w = 7 * DAY;
    (void)state;
    /* 08:00-12:00 and 11:00-14:00 local: 11:00-12:00 +08:00 = 03:00-04:00Z */
    overlap_is("daily 08:00/12:00 +08:00", "daily 11:00/14:00 +08:00", D_2025_06_11,
               D_2025_06_11 + w, 1, D_2025_06_11 + 3 * HOUR, D_2025_06_11 + 4 * HOUR);
    /* touching half-open windows never overlap */
    overlap_is("daily 08:00/12:00 +08:00", "daily 12:00/14:00 +08:00", D_2025_06_11,
               D_2025_06_11 + w, 0, 0, 0);
    /* weekdays against weekends */
    overlap_is("Mon,Tue,Wed,Thu,Fri 07:00/09:30 +08:00", "Sat,Sun 06:00/10:00 +08:00",
               D_2025_06_11, D_2025_06_11 + w, 0, 0, 0);
    /* offsets: 10:00-11:00Z against 18:30-19:30 +08:00 = 10:30-11:30Z */
    overlap_is("daily 10:00/11:00 +00:00", "daily 18:30/19:30 +08:00", D_2025_06_11,
               D_2025_06_11 + w, 1, D_2025_06_11 + 10 * HOUR + 1800, D_2025_06_11 + 11 * HOUR);
    /* always and always: the whole interval */
    overlap_is("", "", D_2025_06_11, D_2025_06_11 + w, 1, D_2025_06_11, D_2025_06_11 + w);
    /* clipped at t1, and nothing when t1 comes first */
    overlap_is("daily 08:00/12:00 +08:00", "", D_2025_06_11 - HOUR, D_2025_06_11 + 1800, 1,
               D_2025_06_11, D_2025_06_11 + 1800);
    overlap_is("daily 08:00/12:00 +08:00", "", D_2025_06_11 - HOUR, D_2025_06_11, 0, 0, 0);
    /* a date range that opens two days into the interval: 2025-06-11 06:00 +08:00 is
     * 2025-06-10 22:00Z; until 23:00 local = 15:00Z */
    overlap_is("2025-06-11/2025-06-24 daily 06:00/23:00 +08:00", "", D_2025_06_09,
               D_2025_06_09 + w, 1, D_2025_06_10 + 22 * HOUR, D_2025_06_11 + 15 * HOUR);
    /* a range wholly in the past */
    overlap_is("2025-06-11/2025-06-24 daily 06:00/23:00 +08:00", "", D_2026_01_01,
               D_2026_01_01 + w, 0, 0, 0);
    /* a window across midnight meets the next morning's: Sat 22:00-Sun 02:00 against Sun
     * 01:00-03:00, all +08:00: Sun 01:00-02:00 local = Sat 17:00-18:00Z */
    overlap_is("Sat 22:00/02:00 +08:00", "Sun 01:00/03:00 +08:00", D_2025_06_09,
               D_2025_06_09 + w, 1, D_2025_06_14 + 17 * HOUR, D_2025_06_14 + 18 * HOUR);
}

static void test_overlap_random(void **state)
{
    const size_t n = sizeof random_schedules / sizeof random_schedules[0];
    uint64_t st = 20251129;
    (void)state;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            sky_schedule a, b;
            parse_ok(random_schedules[i], &a);
            parse_ok(random_schedules[j], &b);
            for (int r = 0; r < 6; r++) {
                int64_t t0 = rng_range(&st, D_2025_05_01, D_2026_04_01);
                int64_t t1, wf = -1, we = -1, f, e, t;
                int got;
                if (r % 2 == 0) /* include the range-bound schedules' own dates */
                    t0 = rng_range(&st, D_2025_06_09, D_2025_06_16);
                t1 = t0 + rng_range(&st, 1, 10 * DAY);
                for (t = t0; t < t1; t = t == t0 ? ceil_to(t0 + 1, 60) : t + 60)
                    if (sky_schedule_active_at(&a, t) && sky_schedule_active_at(&b, t)) {
                        wf = t;
                        break;
                    }
                if (wf >= 0) {
                    for (t = ceil_to(wf + 1, 60); t < t1; t += 60)
                        if (!sky_schedule_active_at(&a, t) || !sky_schedule_active_at(&b, t))
                            break;
                    we = t < t1 ? t : t1;
                }
                got = sky_schedule_overlap(&a, &b, t0, t1, &f, &e);
                if (got != (wf >= 0) || (got && (f != wf || e != we)))
                    fail_msg("\"%s\" x \"%s\" over [%lld, %lld): got %d [%lld, %lld), "
                             "sampling says [%lld, %lld)",
                             random_schedules[i], random_schedules[j], (long long)t0,
                             (long long)t1, got, (long long)(got ? f : -1),
                             (long long)(got ? e : -1), (long long)wf, (long long)we);
            }
            sky_schedule_clear(&a);
            sky_schedule_clear(&b);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_from_civil_constants),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_civil_walk),
        cmocka_unit_test(test_time_parse_valid),
        cmocka_unit_test(test_time_parse_invalid),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_time_round_trip),
        cmocka_unit_test(test_parse_structure),
        cmocka_unit_test(test_parse_empty_is_always),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_readme_daily),
        cmocka_unit_test(test_readme_date_range),
        cmocka_unit_test(test_readme_weekends),
        cmocka_unit_test(test_readme_two_clauses),
        cmocka_unit_test(test_crossing_midnight),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_validity_bounds),
        cmocka_unit_test(test_during_edges),
        cmocka_unit_test(test_random_intervals),
        cmocka_unit_test(test_next_change),
        cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_overlap_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
