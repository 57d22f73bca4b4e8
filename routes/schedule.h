/*
 * schedule.h - when a zone or corridor is active: the `schedule` grammar of data/luohu/README.md
 * parsed into clauses, instant and interval activity tests, and the ISO 8601 instants and
 * proleptic Gregorian calendar arithmetic they rest on. All times are unix seconds (UTC); a
 * clause carries its own UTC offset, so nothing here reads the host's time zone.
 */
#ifndef SKY_SCHEDULE_H
#define SKY_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

#include "common/common.h"

/* A zone's or corridor's time of activity: the union of its clauses, optionally clipped to
 * an absolute validity interval [valid_from, valid_to) in UTC (ED-269/318 start/end). */
typedef struct sky_window {
    int16_t start_min, end_min; /* minutes 0..1440; end <= start crosses midnight */
} sky_window;

#define SKY_SCHEDULE_MAX_WINDOWS 8

typedef struct sky_clause {
    int has_range;
    int32_t date_from, date_to; /* local civil dates as days since 1970-01-01, inclusive */
    uint8_t days;               /* bit 0 = Monday ... bit 6 = Sunday */
    int16_t offset_min;         /* UTC offset of the clause's local time, e.g. +480 */
    size_t nwin;
    sky_window win[SKY_SCHEDULE_MAX_WINDOWS];
    int has_from, has_to;       /* an instant range (ED-269/318 start/end date-times) */
    int64_t from_s, to_s;       /* unix seconds UTC, [from_s, to_s) */
} sky_clause;

typedef struct sky_schedule {
    int always; /* no clauses: active at every instant (within valid_from/to) */
    int has_valid_from, has_valid_to;
    int64_t valid_from, valid_to; /* unix seconds UTC; valid_to exclusive */
    size_t nclauses;
    sky_clause *clauses; /* owner: the schedule (sky_schedule_clear) */
} sky_schedule;

/* An always-active schedule with no validity bounds and nothing to free. */
void sky_schedule_init_always(sky_schedule *s);
/* Free the clauses and leave s always active (safe on an init'ed or failed-parse schedule). */
void sky_schedule_clear(sky_schedule *s);

/*
 * Parse the grammar of data/luohu/README.md into *out (overwritten, not freed first). NULL, ""
 * or all-whitespace text gives an always-active schedule. Extra whitespace is accepted between
 * any two tokens; everything else outside the grammar is refused. On a syntax error return
 * SKY_E_BAD_VALUE with a message that quotes the offending part and says what was expected,
 * using ref (field "schedule" etc.) as given; on SKY_E_NOMEM or SKY_E_BAD_VALUE *out is left
 * always active with nothing to free. Owns: out->clauses is new; sky_schedule_clear().
 */
sky_status sky_schedule_parse(const char *text, sky_schedule *out, const sky_ref *ref,
                              sky_error *err);

/* Active at instant t (unix seconds UTC). */
int sky_schedule_active_at(const sky_schedule *s, int64_t t);

/* Active at any instant of the closed interval [t0, t1] (t0 <= t1; 0 otherwise). Windows are
 * half-open [start, end): a window that ends exactly at t0 does not count; one that starts
 * exactly at t1 does. Constant time in the length of the interval. */
int sky_schedule_active_during(const sky_schedule *s, int64_t t0, int64_t t1);

/* The next instant > t at which the activity differs from that at t: when s is inactive at t,
 * the first instant it is active; when active, the first instant it stops. INT64_MAX if there
 * is no change within 400 days of t. */
int64_t sky_schedule_next_change(const sky_schedule *s, int64_t t);

/* Whether a and b are both active at some instant of [t0, t1); if so *from and *to (either
 * may be NULL) get the first such stretch, [from, to), clipped to t1. It walks next_change,
 * so a schedule inactive for more than its 400-day horizon counts as inactive to t1: keep
 * t1 - t0 within 400 days (corridor checks use one week). */
int sky_schedule_overlap(const sky_schedule *a, const sky_schedule *b, int64_t t0, int64_t t1,
                         int64_t *from, int64_t *to);

/*
 * ISO 8601 / RFC 3339 instants: "2026-06-15T09:00:00+08:00", "2026-06-15T01:00Z",
 * "2026-06-15 09:00+08:00"; 'T' or a space between date and time; seconds optional, with an
 * optional fraction ('.' or ',') truncated to whole seconds; "Z" or an offset +-HH:MM (at most
 * 18:00) is required. Year 0000-9999, real day of month (leap years), hour 00-23, minute 00-59,
 * second 00-60 (a leap second reads as the next minute's :00). Surrounding whitespace is
 * ignored. SKY_E_BAD_VALUE (quoting the text) otherwise; *unix_s is 0 on failure.
 */
sky_status sky_time_parse(const char *text, int64_t *unix_s, const sky_ref *ref, sky_error *err);

/* Format t as "2026-06-15T01:00:00Z" (offset_min 0) or "2026-06-15T09:00:00+08:00" into buf
 * (cap >= 32 holds every instant of years 0000-9999; snprintf truncation otherwise); returns
 * buf. Years outside 0000-9999 print in ISO expanded form with a sign ("+12345-..."). */
char *sky_time_format(int64_t t, int offset_min, char *buf, size_t cap);

/* Civil-date helpers (proleptic Gregorian): days since 1970-01-01 <-> y/m/d, and weekday.
 * Exact for every date whose day number fits int32 (about +-5.8 million years). */
int32_t sky_days_from_civil(int y, int m, int d);
void sky_civil_from_days(int32_t z, int *y, int *m, int *d);
int sky_weekday(int32_t days); /* 0 = Monday ... 6 = Sunday */

#endif
