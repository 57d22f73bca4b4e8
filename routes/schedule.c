/*
 * schedule.c - the `schedule` grammar of data/luohu/README.md, activity tests over its clauses,
 * and ISO 8601 instants. Calendar arithmetic is our own days-from-civil (no libc time zone
 * code); days are int64 inside so no instant overflows. Every loop is bounded: by the text's
 * length, by a clause's 8 windows, by a few days per clause, or by next_change's 400 days.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "routes/schedule.h"

#define DAY_S 86400
#define DAY_MIN 1440
#define HORIZON_DAYS 400
#define MAX_OFFSET_MIN (18 * 60) /* the widest offset ISO 8601 tools accept; real ones are 14:00 */
#define QUOTE_MAX 60             /* longest piece of input quoted in a message, in bytes */
#define EXPECT_DAYS "daily, or day names among Mon Tue Wed Thu Fri Sat Sun joined by \",\""
#define EXPECT_TIME "ISO 8601 like 2026-06-15T09:00:00+08:00"

/* ------------------------------------------------------------------------------------------ */
/* Calendar: proleptic Gregorian, days since 1970-01-01 (H. Hinnant's algorithms) */

/* Floor division and modulo for b > 0: day numbers and times of day must not round to zero. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    int64_t r = a % b; /* not a - floor_div(a, b) * b: that overflows near INT64_MIN */
    return r < 0 ? r + b : r;
}

static int64_t days_from_civil64(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    if (m <= 2)
        y -= 1;
    era = floor_div(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days64(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

static int weekday64(int64_t days)
{
    return (int)floor_mod(days + 3, 7); /* 1970-01-01 was a Thursday */
}

static int days_in_month(int64_t y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dim[m - 1];
}

int32_t sky_days_from_civil(int y, int m, int d)
{
    return (int32_t)days_from_civil64(y, m, d);
}

void sky_civil_from_days(int32_t z, int *y, int *m, int *d)
{
    int64_t y64;
    civil_from_days64(z, &y64, m, d);
    *y = (int)y64;
}

int sky_weekday(int32_t days)
{
    return weekday64(days);
}

/* An instant as a local civil day and a second of that day, never as a sum that could overflow
 * for an instant near the ends of int64. */
typedef struct local_time {
    int64_t day; /* days since 1970-01-01 in local time */
    int64_t sec; /* 0 .. DAY_S - 1 */
} local_time;

static local_time to_local(int64_t t, int offset_min)
{
    local_time l;
    int64_t r = floor_mod(t, DAY_S) + (int64_t)offset_min * 60;
    l.day = floor_div(t, DAY_S) + floor_div(r, DAY_S);
    l.sec = floor_mod(r, DAY_S);
    return l;
}

/* ------------------------------------------------------------------------------------------ */
/* Activity */

void sky_schedule_init_always(sky_schedule *s)
{
    memset(s, 0, sizeof *s);
    s->always = 1;
}

void sky_schedule_clear(sky_schedule *s)
{
    if (s == NULL)
        return;
    sky_free(s->clauses);
    sky_schedule_init_always(s);
}

static int day_allowed(const sky_clause *c, int64_t day)
{
    if (c->has_range && (day < c->date_from || day > c->date_to))
        return 0;
    return (c->days >> weekday64(day)) & 1;
}

/* A window's length: end <= start crosses midnight, so equal ends mean a whole day. */
static int64_t win_len_s(const sky_window *w)
{
    int len = w->end_min > w->start_min ? w->end_min - w->start_min
                                        : w->end_min + DAY_MIN - w->start_min;
    return (int64_t)len * 60;
}

static int in_validity(const sky_schedule *s, int64_t t)
{
    return !(s->has_valid_from && t < s->valid_from) && !(s->has_valid_to && t >= s->valid_to);
}

/* Inside the clause's instant range, if it has one ([from, to), UTC). */
static int clause_in_range(const sky_clause *c, int64_t t)
{
    return !(c->has_from && t < c->from_s) && !(c->has_to && t >= c->to_s);
}

static int clause_active_at(const sky_clause *c, int64_t t)
{
    local_time l = to_local(t, c->offset_min);
    if (!clause_in_range(c, t))
        return 0;
    /* A window lasts at most a day, so only windows starting today or yesterday can cover t. */
    for (int64_t back = 0; back <= 1; back++) {
        int64_t sec = l.sec + back * DAY_S; /* since the start day's local midnight */
        if (!day_allowed(c, l.day - back))
            continue;
        for (size_t i = 0; i < c->nwin; i++) {
            int64_t a = (int64_t)c->win[i].start_min * 60;
            if (sec >= a && sec < a + win_len_s(&c->win[i]))
                return 1;
        }
    }
    return 0;
}

int sky_schedule_active_at(const sky_schedule *s, int64_t t)
{
    if (!in_validity(s, t))
        return 0;
    if (s->always)
        return 1;
    for (size_t i = 0; i < s->nclauses; i++)
        if (clause_active_at(&s->clauses[i], t))
            return 1;
    return 0;
}

/* dd days plus sec seconds, saturated at +-4 days: it is only compared with window bounds,
 * which lie within two days of their start day's midnight, and saturating avoids overflow
 * when the interval spans billions of years. */
static int64_t rel_s(int64_t dd, int64_t sec)
{
    if (dd > 3)
        return 4 * (int64_t)DAY_S;
    if (dd < -3)
        return -4 * (int64_t)DAY_S;
    return dd * DAY_S + sec;
}

/* Does a window starting on local day `day` meet the closed interval [l0, l1]? */
static int day_windows_meet(const sky_clause *c, int64_t day, local_time l0, local_time l1)
{
    int64_t lo, hi;
    if (!day_allowed(c, day))
        return 0;
    lo = rel_s(l0.day - day, l0.sec);
    hi = rel_s(l1.day - day, l1.sec);
    for (size_t i = 0; i < c->nwin; i++) {
        int64_t a = (int64_t)c->win[i].start_min * 60, b = a + win_len_s(&c->win[i]);
        if (a <= hi && b > lo)
            return 1;
    }
    return 0;
}

/* Is any day of [lo, hi] a start day of c? A week holds every weekday, so at most 7 steps. */
static int any_start_day(const sky_clause *c, int64_t lo, int64_t hi)
{
    if (c->has_range) {
        if (lo < c->date_from)
            lo = c->date_from;
        if (hi > c->date_to)
            hi = c->date_to;
    }
    if (lo > hi)
        return 0;
    if (hi - lo >= 6)
        return c->days != 0;
    for (int64_t d = lo; d <= hi; d++)
        if ((c->days >> weekday64(d)) & 1)
            return 1;
    return 0;
}

/*
 * Exact in constant time. Windows starting on the day before t0's local day, on that day, or on
 * t1's local day may straddle an end of the interval and are tested one by one. A window that
 * starts on a day strictly between lies wholly after t0 and starts before t1, so it meets the
 * interval whenever that day is a start day (every clause has at least one window).
 */
static int clause_active_during(const sky_clause *c, int64_t t0, int64_t t1)
{
    local_time l0, l1;
    /* clip to the instant range first: whole seconds, so its closed end is to_s - 1 */
    if (c->has_from && t0 < c->from_s)
        t0 = c->from_s;
    if (c->has_to) {
        if (c->to_s == INT64_MIN)
            return 0;
        if (t1 > c->to_s - 1)
            t1 = c->to_s - 1;
    }
    if (t0 > t1)
        return 0;
    l0 = to_local(t0, c->offset_min);
    l1 = to_local(t1, c->offset_min);
    if (day_windows_meet(c, l0.day - 1, l0, l1) || day_windows_meet(c, l0.day, l0, l1) ||
        day_windows_meet(c, l1.day, l0, l1))
        return 1;
    return any_start_day(c, l0.day + 1, l1.day - 1);
}

int sky_schedule_active_during(const sky_schedule *s, int64_t t0, int64_t t1)
{
    /* Clip to [valid_from, valid_to): seconds are whole, so the closed end is valid_to - 1. */
    if (s->has_valid_from && t0 < s->valid_from)
        t0 = s->valid_from;
    if (s->has_valid_to) {
        if (s->valid_to == INT64_MIN)
            return 0;
        if (t1 > s->valid_to - 1)
            t1 = s->valid_to - 1;
    }
    if (t0 > t1)
        return 0;
    if (s->always)
        return 1;
    for (size_t i = 0; i < s->nclauses; i++)
        if (clause_active_during(&s->clauses[i], t0, t1))
            return 1;
    return 0;
}

static void consider(const sky_schedule *s, int cur, int64_t t, int64_t cand, int64_t *best)
{
    if (cand > t && cand < *best && sky_schedule_active_at(s, cand) != cur)
        *best = cand;
}

/*
 * Activity changes only at a window's start or end or at a validity bound, so the answer is
 * the earliest such boundary after t where activity differs from that at t. Boundaries are
 * walked one local day per step; those of step k all lie after t + (k - 1) days, which ends
 * the walk as soon as a change earlier than that is known.
 */
int64_t sky_schedule_next_change(const sky_schedule *s, int64_t t)
{
    const int64_t lim = (int64_t)1 << 62; /* keeps every boundary below within int64 */
    int64_t best = INT64_MAX;
    int cur;
    if (t < -lim || t > lim)
        return INT64_MAX;
    cur = sky_schedule_active_at(s, t);
    if (s->has_valid_from)
        consider(s, cur, t, s->valid_from, &best);
    if (s->has_valid_to)
        consider(s, cur, t, s->valid_to, &best);
    for (size_t i = 0; !s->always && i < s->nclauses; i++) {
        if (s->clauses[i].has_from)
            consider(s, cur, t, s->clauses[i].from_s, &best);
        if (s->clauses[i].has_to)
            consider(s, cur, t, s->clauses[i].to_s, &best);
    }
    if (!s->always) {
        for (int64_t k = -1; k <= HORIZON_DAYS + 1; k++) {
            if (best <= t + (k - 1) * DAY_S)
                break;
            for (size_t i = 0; i < s->nclauses; i++) {
                const sky_clause *c = &s->clauses[i];
                int64_t off_s = (int64_t)c->offset_min * 60;
                int64_t day = floor_div(t + off_s, DAY_S) + k;
                int64_t midnight = day * DAY_S - off_s; /* the local day's start, in UTC */
                if (!day_allowed(c, day))
                    continue;
                for (size_t w = 0; w < c->nwin; w++) {
                    int64_t a = midnight + (int64_t)c->win[w].start_min * 60;
                    consider(s, cur, t, a, &best);
                    consider(s, cur, t, a + win_len_s(&c->win[w]), &best);
                }
            }
        }
    }
    return best <= t + (int64_t)HORIZON_DAYS * DAY_S ? best : INT64_MAX;
}

/*
 * Both active: from t, whichever schedule is inactive cannot be active before its next change,
 * so t jumps to the later of those; once both are active, the joint stretch ends at the first
 * of their next changes. Every step moves t to a boundary of one of the two, so the walk is
 * bounded by the boundaries in [t0, t1).
 */
int sky_schedule_overlap(const sky_schedule *a, const sky_schedule *b, int64_t t0, int64_t t1,
                         int64_t *from, int64_t *to)
{
    int64_t t = t0;
    while (t < t1) {
        int aa = sky_schedule_active_at(a, t), ab = sky_schedule_active_at(b, t);
        if (aa && ab) {
            int64_t ea = sky_schedule_next_change(a, t), eb = sky_schedule_next_change(b, t);
            int64_t e = ea < eb ? ea : eb;
            if (from != NULL)
                *from = t;
            if (to != NULL)
                *to = e < t1 ? e : t1;
            return 1;
        }
        {
            int64_t na = aa ? t : sky_schedule_next_change(a, t);
            int64_t nb = ab ? t : sky_schedule_next_change(b, t);
            int64_t n = na > nb ? na : nb;
            if (n <= t) /* cannot happen: an inactive schedule's next change is later */
                return 0;
            t = n;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The schedule grammar */

typedef struct scan {
    const char *p;      /* next unread character */
    const char *clause; /* first non-blank character of the current clause */
    const char *end;    /* the ';' or NUL that ends the current clause */
    size_t clause_no;   /* 1-based, for messages */
    const sky_ref *ref;
    sky_error *err;
} scan;

static int is_ws(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_alpha(char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

/* How many bytes of p[0..n) to quote: at most QUOTE_MAX, never splitting a UTF-8 sequence. */
static int qlen(const char *p, size_t n)
{
    if (n > QUOTE_MAX) {
        n = QUOTE_MAX;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    return (int)n;
}

static const char *qmore(size_t n)
{
    return n > QUOTE_MAX ? "..." : "";
}

static void skip_ws(scan *sc)
{
    while (sc->p < sc->end && is_ws(*sc->p))
        sc->p++;
}

/* Length of the token at p, for quoting: up to a blank, ',' or the clause end (and '/' when
 * stop_slash), but at least the one character at p when there is one. */
static size_t token_len(const scan *sc, const char *p, int stop_slash)
{
    const char *q = p;
    while (q < sc->end && !is_ws(*q) && *q != ',' && !(stop_slash && *q == '/'))
        q++;
    if (q == p && p < sc->end)
        q++;
    return (size_t)(q - p);
}

static sky_status bad(const scan *sc, const char *fmt, ...) SKY_PRINTF(2, 3);

/* Fail with the message, then the clause it is in, quoted. */
static sky_status bad(const scan *sc, const char *fmt, ...)
{
    char what[200];
    const char *ce = sc->end;
    size_t clen;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    while (ce > sc->clause && is_ws(ce[-1]))
        ce--;
    clen = (size_t)(ce - sc->clause);
    return sky_fail(sc->err, SKY_E_BAD_VALUE, sc->ref, "%s (in clause %zu \"%.*s%s\")", what,
                    sc->clause_no, qlen(sc->clause, clen), sc->clause, qmore(clen));
}

/* Read exactly n digits at p (n <= 4); -1 if any is missing. */
static int read_digits(const char *p, const char *end, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p + i >= end || !is_digit(p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* YYYY-MM-DD at p: 1 with the fields (not yet range-checked), 0 when not that shape. */
static int read_date(const char *p, const char *end, int *y, int *m, int *d)
{
    *y = read_digits(p, end, 4);
    *m = *d = -1;
    if (*y >= 0 && p + 4 < end && p[4] == '-')
        *m = read_digits(p + 5, end, 2);
    if (*m >= 0 && p + 7 < end && p[7] == '-')
        *d = read_digits(p + 8, end, 2);
    return *d >= 0;
}

/* HH:MM at p: 1 with the fields (not yet range-checked), 0 when not that shape. */
static int read_hhmm(const char *p, const char *end, int *h, int *m)
{
    *h = read_digits(p, end, 2);
    *m = -1;
    if (*h >= 0 && p + 2 < end && p[2] == ':')
        *m = read_digits(p + 3, end, 2);
    return *m >= 0;
}

/* +HH:MM or -HH:MM at p: 1 with *off_min, 0 when not that shape, -1 when beyond +-18:00 or
 * with minutes over 59. */
static int read_offset(const char *p, const char *end, int *off_min)
{
    int h, m;
    if (p >= end || (*p != '+' && *p != '-') || !read_hhmm(p + 1, end, &h, &m))
        return 0;
    if (m > 59 || h * 60 + m > MAX_OFFSET_MIN)
        return -1;
    *off_min = (*p == '-' ? -1 : 1) * (h * 60 + m);
    return 1;
}

static int looks_like_date(const scan *sc)
{
    return read_digits(sc->p, sc->end, 4) >= 0 && sc->p + 4 < sc->end && sc->p[4] == '-';
}

static int looks_like_time(const scan *sc, const char *p)
{
    return read_digits(p, sc->end, 1) >= 0;
}

/* YYYY-MM-DD as days since 1970-01-01, with a real month and day of month. */
static sky_status parse_date(scan *sc, int32_t *days)
{
    const char *p = sc->p;
    size_t n = token_len(sc, p, 1);
    int y, m, d;
    if (!read_date(p, sc->end, &y, &m, &d) || n != 10)
        return bad(sc, "bad date \"%.*s%s\": expected YYYY-MM-DD", qlen(p, n), p, qmore(n));
    if (m < 1 || m > 12)
        return bad(sc, "bad date \"%.10s\": month %02d is not 01-12", p, m);
    if (d < 1 || d > days_in_month(y, m))
        return bad(sc, "bad date \"%.10s\": %04d-%02d has %d days", p, y, m,
                   days_in_month(y, m));
    *days = (int32_t)days_from_civil64(y, m, d);
    sc->p += 10;
    return SKY_OK;
}

static sky_status parse_range(scan *sc, sky_clause *c)
{
    const char *start = sc->p;
    sky_status rc = parse_date(sc, &c->date_from);
    if (rc != SKY_OK)
        return rc;
    skip_ws(sc);
    if (sc->p >= sc->end || *sc->p != '/')
        return bad(sc, "date range \"%.10s\" has no end: expected YYYY-MM-DD/YYYY-MM-DD", start);
    sc->p++;
    skip_ws(sc);
    rc = parse_date(sc, &c->date_to);
    if (rc != SKY_OK)
        return rc;
    if (c->date_to < c->date_from) {
        size_t n = (size_t)(sc->p - start);
        return bad(sc, "date range \"%.*s\" ends before it starts", qlen(start, n), start);
    }
    c->has_range = 1;
    return SKY_OK;
}

static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static int day_index(const char *p, size_t n, int fold)
{
    for (int i = 0; i < 7; i++) {
        int same = n == 3;
        for (size_t j = 0; same && j < 3; j++) {
            char a = p[j], b = day_names[i][j];
            if (fold && a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (fold && b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            same = a == b;
        }
        if (same)
            return i;
    }
    return -1;
}

static sky_status parse_days(scan *sc, sky_clause *c)
{
    if (sc->p >= sc->end)
        return bad(sc, "missing days after the date range: expected %s", EXPECT_DAYS);
    for (;;) { /* one day name per turn; each turn consumes input, so the text bounds it */
        const char *w = sc->p, *q = w;
        size_t tok = token_len(sc, w, 0), n;
        int idx;
        while (q < sc->end && is_alpha(*q))
            q++;
        n = (size_t)(q - w);
        if (n == 0) {
            if (looks_like_time(sc, w))
                return bad(sc, "missing days before the window \"%.*s%s\": expected %s",
                           qlen(w, tok), w, qmore(tok), EXPECT_DAYS);
            return bad(sc, "expected days, found \"%.*s%s\": expected %s", qlen(w, tok), w,
                       qmore(tok), EXPECT_DAYS);
        }
        if (n != tok) /* letters run into something else, e.g. "Mon-Fri" or "Mon:" */
            return bad(sc,
                       "bad days \"%.*s%s\": expected day names joined by \",\" "
                       "(ranges such as Mon-Fri are not part of the grammar)",
                       qlen(w, tok), w, qmore(tok));
        if (n == 5 && memcmp(w, "daily", 5) == 0) {
            if (c->days != 0)
                return bad(sc, "\"daily\" cannot be combined with day names");
            c->days = 0x7F;
            sc->p = q;
            skip_ws(sc);
            if (sc->p < sc->end && *sc->p == ',')
                return bad(sc, "\"daily\" cannot be combined with day names");
            sc->p = q;
            return SKY_OK;
        }
        idx = day_index(w, n, 0);
        if (idx < 0) {
            int folded = day_index(w, n, 1);
            if (folded >= 0)
                return bad(sc,
                           "unknown day \"%.*s\": day names are case-sensitive, expected \"%s\"",
                           qlen(w, n), w, day_names[folded]);
            return bad(sc, "unknown day \"%.*s%s\": expected %s", qlen(w, n), w, qmore(n),
                       EXPECT_DAYS);
        }
        if (c->days & (1u << idx))
            return bad(sc, "day \"%s\" is listed twice", day_names[idx]);
        c->days = (uint8_t)(c->days | (1u << idx));
        sc->p = q;
        skip_ws(sc);
        if (sc->p >= sc->end || *sc->p != ',') {
            sc->p = q; /* the blank before the windows is checked by the caller */
            return SKY_OK;
        }
        sc->p++;
        skip_ws(sc);
        if (sc->p >= sc->end || !is_alpha(*sc->p)) {
            size_t t = token_len(sc, sc->p, 0);
            return bad(sc, "expected a day name after \",\" following \"%s\", found %s%.*s%s%s",
                       day_names[idx], t ? "\"" : "", qlen(sc->p, t), sc->p, qmore(t),
                       t ? "\"" : "the end of the clause");
        }
    }
}

/* HH:MM in minutes; 24:00 only when it is a window's end. */
static sky_status parse_time(scan *sc, const char *win, int is_end, int16_t *out)
{
    const char *p = sc->p;
    size_t n = token_len(sc, p, 1), wn = token_len(sc, win, 0);
    int h, m;
    const char *which = is_end ? "end" : "start";
    if (!read_hhmm(p, sc->end, &h, &m) || n != 5)
        return bad(sc, "bad %s time \"%.*s%s\" in window \"%.*s%s\": expected HH:MM", which,
                   qlen(p, n), p, qmore(n), qlen(win, wn), win, qmore(wn));
    if (h > 24 || (h == 24 && (m != 0 || !is_end)))
        return bad(sc,
                   "bad %s time \"%.5s\" in window \"%.*s%s\": hours must be 00-23 "
                   "(24:00 only as an end)",
                   which, p, qlen(win, wn), win, qmore(wn));
    if (m > 59)
        return bad(sc, "bad %s time \"%.5s\" in window \"%.*s%s\": minutes must be 00-59", which,
                   p, qlen(win, wn), win, qmore(wn));
    *out = (int16_t)(h * 60 + m);
    sc->p += 5;
    return SKY_OK;
}

static sky_status parse_windows(scan *sc, sky_clause *c)
{
    for (;;) { /* at most SKY_SCHEDULE_MAX_WINDOWS + 1 turns */
        const char *w = sc->p;
        size_t tok = token_len(sc, w, 0);
        sky_window *win;
        sky_status rc;
        if (w >= sc->end)
            return bad(sc, "missing window after the days: expected HH:MM/HH:MM");
        if (!looks_like_time(sc, w))
            return bad(sc, "expected a window HH:MM/HH:MM, found \"%.*s%s\"", qlen(w, tok), w,
                       qmore(tok));
        if (c->nwin == SKY_SCHEDULE_MAX_WINDOWS)
            return bad(sc, "too many windows: \"%.*s%s\" is number %d, at most %d are allowed",
                       qlen(w, tok), w, qmore(tok), SKY_SCHEDULE_MAX_WINDOWS + 1,
                       SKY_SCHEDULE_MAX_WINDOWS);
        win = &c->win[c->nwin];
        rc = parse_time(sc, w, 0, &win->start_min);
        if (rc != SKY_OK)
            return rc;
        skip_ws(sc);
        if (sc->p >= sc->end || *sc->p != '/')
            return bad(sc, "window \"%.*s%s\" has no end: expected HH:MM/HH:MM", qlen(w, tok), w,
                       qmore(tok));
        sc->p++;
        skip_ws(sc);
        rc = parse_time(sc, w, 1, &win->end_min);
        if (rc != SKY_OK)
            return rc;
        c->nwin++;
        {
            const char *after = sc->p;
            skip_ws(sc);
            if (sc->p >= sc->end || *sc->p != ',') {
                sc->p = after;
                return SKY_OK;
            }
        }
        sc->p++;
        skip_ws(sc);
    }
}

static sky_status parse_offset(scan *sc, int16_t *out)
{
    const char *p = sc->p;
    size_t n = token_len(sc, p, 0);
    int off = 0, got;
    if (p >= sc->end)
        return bad(sc, "missing UTC offset after the windows: expected +HH:MM or -HH:MM, "
                       "e.g. +08:00");
    if (*p != '+' && *p != '-') {
        if (looks_like_time(sc, p))
            return bad(sc, "expected \",\" between windows or a UTC offset like +08:00, "
                           "found \"%.*s%s\"", qlen(p, n), p, qmore(n));
        return bad(sc, "expected a UTC offset like +08:00 or -05:30, found \"%.*s%s\"",
                   qlen(p, n), p, qmore(n));
    }
    got = read_offset(p, sc->end, &off);
    if (got == 0 || n != 6)
        return bad(sc, "bad UTC offset \"%.*s%s\": expected +HH:MM or -HH:MM", qlen(p, n), p,
                   qmore(n));
    if (got < 0)
        return bad(sc, "bad UTC offset \"%.6s\": expected at most +-18:00, minutes 00-59", p);
    *out = (int16_t)off;
    sc->p += 6;
    return SKY_OK;
}

/* A blank must separate the parts of a clause; more than one is fine. */
static sky_status need_blank(scan *sc, const char *after, const char *expected)
{
    size_t n;
    if (sc->p < sc->end && is_ws(*sc->p)) {
        skip_ws(sc);
        return SKY_OK;
    }
    if (sc->p >= sc->end)
        return bad(sc, "clause ends after the %s: expected %s", after, expected);
    n = token_len(sc, sc->p, 0);
    return bad(sc, "expected a blank after the %s, found \"%.*s%s\"", after, qlen(sc->p, n), sc->p,
               qmore(n));
}

/* An instant range starts with "../" or with a date followed by 'T'. */
static int looks_like_instants(const scan *sc)
{
    if (sc->end - sc->p >= 3 && memcmp(sc->p, "../", 3) == 0)
        return 1;
    return looks_like_date(sc) && sc->p + 10 < sc->end && sc->p[10] == 'T';
}

/* One end of an instant range: an ISO 8601 instant with Z or an offset, or ".." (open). */
static sky_status parse_instant(scan *sc, int *has, int64_t *out)
{
    const char *p = sc->p;
    size_t n = token_len(sc, p, 1);
    char buf[48];
    sky_error e;
    if (n == 2 && memcmp(p, "..", 2) == 0) {
        *has = 0;
        sc->p += 2;
        return SKY_OK;
    }
    if (n < sizeof buf) {
        memcpy(buf, p, n);
        buf[n] = '\0';
    }
    if (n >= sizeof buf || sky_time_parse(buf, out, NULL, &e) != SKY_OK)
        return bad(sc, "bad instant \"%.*s%s\": expected %s or \"..\" for an open end",
                   qlen(p, n), p, qmore(n), EXPECT_TIME);
    *has = 1;
    sc->p += n;
    return SKY_OK;
}

static sky_status parse_instants(scan *sc, sky_clause *c)
{
    const char *start = sc->p;
    sky_status rc = parse_instant(sc, &c->has_from, &c->from_s);
    if (rc != SKY_OK)
        return rc;
    if (sc->p >= sc->end || *sc->p != '/')
        return bad(sc, "instant range \"%.*s\" has no end: expected START/END, either end "
                   "\"..\" when open", qlen(start, (size_t)(sc->p - start)), start);
    sc->p++;
    rc = parse_instant(sc, &c->has_to, &c->to_s);
    if (rc != SKY_OK)
        return rc;
    if (!c->has_from && !c->has_to)
        return bad(sc, "instant range \"../..\" has no end at all: leave it out instead");
    if (c->has_from && c->has_to && c->to_s <= c->from_s) {
        size_t n = (size_t)(sc->p - start);
        return bad(sc, "instant range \"%.*s\" ends before it starts", qlen(start, n), start);
    }
    return SKY_OK;
}

static sky_status parse_clause(scan *sc, sky_clause *c)
{
    sky_status rc = SKY_OK;
    memset(c, 0, sizeof *c);
    if (looks_like_instants(sc)) {
        rc = parse_instants(sc, c);
        if (rc == SKY_OK)
            rc = need_blank(sc, "instant range", "days");
    } else if (looks_like_date(sc)) {
        rc = parse_range(sc, c);
        if (rc == SKY_OK)
            rc = need_blank(sc, "date range", "days");
    }
    if (rc == SKY_OK)
        rc = parse_days(sc, c);
    if (rc == SKY_OK)
        rc = need_blank(sc, "days", "windows HH:MM/HH:MM");
    if (rc == SKY_OK)
        rc = parse_windows(sc, c);
    if (rc == SKY_OK)
        rc = need_blank(sc, "windows", "a UTC offset like +08:00");
    if (rc == SKY_OK)
        rc = parse_offset(sc, &c->offset_min);
    if (rc != SKY_OK)
        return rc;
    skip_ws(sc);
    if (sc->p < sc->end) {
        size_t n = token_len(sc, sc->p, 0);
        return bad(sc, "unexpected \"%.*s%s\" after the UTC offset: expected \";\" and another "
                       "clause, or the end", qlen(sc->p, n), sc->p, qmore(n));
    }
    return SKY_OK;
}

sky_status sky_schedule_parse(const char *text, sky_schedule *out, const sky_ref *ref,
                              sky_error *err)
{
    scan sc;
    sky_clause *clauses;
    size_t ncap = 1, n = 0;
    const char *q;
    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, ref, "schedule output is NULL");
    sky_schedule_init_always(out);
    if (text == NULL)
        return SKY_OK;
    for (q = text; is_ws(*q); q++)
        ;
    if (*q == '\0')
        return SKY_OK;
    for (q = text; *q; q++)
        if (*q == ';')
            ncap++;
    clauses = sky_calloc(ncap, sizeof *clauses);
    if (clauses == NULL)
        return sky_fail(err, SKY_E_NOMEM, ref, "schedule of %zu clauses", ncap);
    memset(&sc, 0, sizeof sc);
    sc.ref = ref;
    sc.err = err;
    sc.p = text;
    for (;;) { /* one clause per ';', so at most ncap turns */
        const char *semi = strchr(sc.p, ';');
        sky_status rc;
        sc.end = semi ? semi : sc.p + strlen(sc.p);
        skip_ws(&sc);
        sc.clause = sc.p;
        sc.clause_no = n + 1;
        if (sc.p == sc.end) {
            size_t tn = strlen(text);
            sky_free(clauses);
            return sky_fail(err, SKY_E_BAD_VALUE, ref,
                            "empty clause %zu in \"%.*s%s\": expected days, windows and a UTC "
                            "offset between \";\" separators",
                            n + 1, qlen(text, tn), text, qmore(tn));
        }
        rc = parse_clause(&sc, &clauses[n]);
        if (rc != SKY_OK) {
            sky_free(clauses);
            return rc;
        }
        n++;
        if (semi == NULL)
            break;
        sc.p = semi + 1;
    }
    out->always = 0;
    out->nclauses = n;
    out->clauses = clauses;
    return SKY_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* ISO 8601 instants */

static sky_status bad_time(const sky_ref *ref, sky_error *err, const char *text, size_t n,
                           const char *why)
{
    return sky_fail(err, SKY_E_BAD_VALUE, ref, "bad date-time \"%.*s%s\": %s; expected %s",
                    qlen(text, n), text, qmore(n), why, EXPECT_TIME);
}

sky_status sky_time_parse(const char *text, int64_t *unix_s, const sky_ref *ref, sky_error *err)
{
    const char *p, *e, *s;
    int y, mo, d, h, mi, sec = 0, off = 0, got;
    char why[96];
    size_t n;
    if (unix_s == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, ref, "time output is NULL");
    *unix_s = 0;
    if (text == NULL)
        return sky_fail(err, SKY_E_BAD_VALUE, ref, "missing date-time: expected %s", EXPECT_TIME);
    for (s = text; is_ws(*s); s++)
        ;
    for (e = s + strlen(s); e > s && is_ws(e[-1]); e--)
        ;
    n = (size_t)(e - s);
    if (n == 0)
        return sky_fail(err, SKY_E_BAD_VALUE, ref, "empty date-time: expected %s", EXPECT_TIME);
    p = s;
    if (!read_date(p, e, &y, &mo, &d))
        return bad_time(ref, err, s, n, "the date must be YYYY-MM-DD");
    p += 10;
    if (p >= e || (*p != 'T' && *p != 't' && *p != ' '))
        return bad_time(ref, err, s, n, "a time must follow the date after 'T' or a space");
    p++;
    if (!read_hhmm(p, e, &h, &mi))
        return bad_time(ref, err, s, n, "the time must be HH:MM or HH:MM:SS");
    p += 5;
    if (p < e && *p == ':') {
        sec = read_digits(p + 1, e, 2);
        if (sec < 0)
            return bad_time(ref, err, s, n, "seconds must be two digits");
        p += 3;
        if (p < e && (*p == '.' || *p == ',')) { /* a fraction, dropped: whole seconds */
            const char *f = ++p;
            while (p < e && is_digit(*p))
                p++;
            if (p == f)
                return bad_time(ref, err, s, n, "a decimal sign must be followed by digits");
        }
    }
    if (p >= e)
        return bad_time(ref, err, s, n, "a UTC offset (Z or +HH:MM / -HH:MM) is required");
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        got = read_offset(p, e, &off);
        if (got == 0)
            return bad_time(ref, err, s, n, "the UTC offset must be +HH:MM or -HH:MM");
        if (got < 0)
            return bad_time(ref, err, s, n, "the UTC offset must be at most +-18:00");
        p += 6;
    } else {
        return bad_time(ref, err, s, n, "a UTC offset (Z or +HH:MM / -HH:MM) is required");
    }
    if (p != e)
        return bad_time(ref, err, s, n, "unexpected text after the UTC offset");
    if (mo < 1 || mo > 12) {
        snprintf(why, sizeof why, "month %02d is not 01-12", mo);
        return bad_time(ref, err, s, n, why);
    }
    if (d < 1 || d > days_in_month(y, mo)) {
        snprintf(why, sizeof why, "%04d-%02d has %d days", y, mo, days_in_month(y, mo));
        return bad_time(ref, err, s, n, why);
    }
    if (h > 23 || mi > 59 || sec > 60) {
        snprintf(why, sizeof why, "%s %02d is out of range (hours 00-23, minutes 00-59, "
                 "seconds 00-60)", h > 23 ? "hour" : mi > 59 ? "minute" : "second",
                 h > 23 ? h : mi > 59 ? mi : sec);
        return bad_time(ref, err, s, n, why);
    }
    *unix_s = days_from_civil64(y, mo, d) * DAY_S + h * 3600 + mi * 60 + sec - (int64_t)off * 60;
    return SKY_OK;
}

char *sky_time_format(int64_t t, int offset_min, char *buf, size_t cap)
{
    local_time l;
    int64_t y, aoff = offset_min < 0 ? -(int64_t)offset_min : offset_min;
    int m, d, hh, mm, ss;
    char ystr[32], ostr[32];
    if (buf == NULL || cap == 0)
        return buf;
    l = to_local(t, offset_min);
    civil_from_days64(l.day, &y, &m, &d);
    hh = (int)(l.sec / 3600);
    mm = (int)(l.sec / 60 % 60);
    ss = (int)(l.sec % 60);
    if (y >= 0 && y <= 9999)
        snprintf(ystr, sizeof ystr, "%04lld", (long long)y);
    else
        snprintf(ystr, sizeof ystr, "%+05lld", (long long)y);
    if (offset_min == 0)
        snprintf(ostr, sizeof ostr, "Z");
    else
        snprintf(ostr, sizeof ostr, "%c%02lld:%02lld", offset_min < 0 ? '-' : '+',
                 (long long)(aoff / 60), (long long)(aoff % 60));
    snprintf(buf, cap, "%s-%02d-%02dT%02d:%02d:%02d%s", ystr, m, d, hh, mm, ss, ostr);
    return buf;
}
