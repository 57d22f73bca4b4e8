/*
 * ed_read.c - EUROCAE ED-269 and ED-318 zone files in: each zone becomes one sky_zone whose
 * volumes are the ED-269 geometry[] entries or the ED-318 geometry parts, each footprint checked
 * by the native reader's code (read_int.h), heights converted to metres, and the applicability
 * translated into the native schedule grammar (UTC offsets as given, start/end as an instant
 * range). Invariant: a zone appended here is as complete and valid as a native one, and its
 * volume properties are native properties, so export -> import of it is exact.
 */
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "routes/domain.h"
#include "routes/read_int.h"
#include "routes/schedule.h"

typedef struct ed {
    sky_rd *r;
    int is318;
    int strict;          /* ED-318 only: deviations are errors */
    size_t ndev;         /* schema deviations met so far */
    sky_error first_dev; /* the first one, returned at the end under strict */
    size_t zstart;       /* zones of this input start here in as->zones */
} ed;

/*
 * A "deviation" is input the ED-318 schema (UASGeoZones/ED-318 schema/, draft-07) rejects but
 * that still has one clear meaning: a property the schema does not list, a required property
 * missing where skylane does not need it, a value outside an enum that maps onto one member
 * (REQ_AUTHORISATION for REQ_AUTHORIZATION, "M" for "m", "Mon" for "MON"), a number given as a
 * numeric string, a text without its `lang`, a date-time that is not a string, a time of day
 * without an offset. Tolerant mode imports these with a warning naming feature and field;
 * --strict refuses the file: every deviation is reported (severity error) and the first is
 * returned, with the count. Input with no single meaning (an unknown restriction, a unit that
 * is neither metres nor feet, a non-numeric string where a number belongs) is an error in both.
 */
static void deviation(ed *e, const char *field, const char *fmt, ...) SKY_PRINTF(3, 4);

static void deviation(ed *e, const char *field, const char *fmt, ...)
{
    sky_error d;
    sky_ref ref = {e->r->source, e->r->index, e->r->id, field};
    va_list ap;
    va_start(ap, fmt);
    sky_vfail(&d, SKY_E_BAD_VALUE, &ref, fmt, ap);
    va_end(ap);
    d.severity = e->strict ? SKY_SEV_ERROR : SKY_SEV_WARNING;
    if (e->ndev++ == 0)
        e->first_dev = d;
    if (!e->strict)
        sky_strlcpy(d.message + strlen(d.message), " (imported as the schema means it)",
                    sizeof d.message - strlen(d.message));
    else
        d.code = SKY_E_BAD_VALUE;
    if (e->r->opts->report)
        e->r->opts->report(e->r->opts->user, &d);
}

static json_object *get(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o == NULL || !json_object_is_type(o, json_type_object))
        return NULL;
    json_object_object_get_ex(o, key, &v);
    return v;
}

static int is_str(json_object *o)
{
    return o != NULL && json_object_is_type(o, json_type_string);
}

static const char *str(json_object *o)
{
    return is_str(o) ? json_object_get_string(o) : NULL;
}

/*
 * A number, or (ED quirk, DOMAIN.md) a string holding one: "0", "-12.5", "1e3". Anything else
 * in a string, or a non-finite value, is SKY_E_BAD_VALUE naming the field. *present is 0 for a
 * missing or null value.
 */
static sky_status ed_num(ed *e, json_object *o, const char *field, double *out, int *present)
{
    double d;
    int k;
    *present = 0;
    if (o == NULL)
        return SKY_OK;
    if (is_str(o)) {
        const char *s = json_object_get_string(o), *p;
        char *end = NULL;
        for (p = s; *p; p++)
            if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
                break;
        d = 0;
        if (*s != '\0' && *p == '\0')
            d = strtod(s, &end);
        if (end == NULL || *end != '\0')
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field,
                               "must be a number, found the string \"%.40s\"", s);
        if (!isfinite(d))
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "is not a finite number");
        if (e->is318)
            deviation(e, field, "a number given as the string \"%.40s\"", s);
        *out = d;
        *present = 1;
        return SKY_OK;
    }
    k = sky_rd_num(o, &d);
    if (k == 0)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "must be a number");
    if (k < 0)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "is not a finite number");
    *out = d;
    *present = 1;
    return SKY_OK;
}

/* --- heights -------------------------------------------------------------------------- */

/* "M"/"FT" (ED-269) or "m"/"ft" (ED-318): 1 for feet, 0 for metres, -1 unknown. The other
 * format's spelling is a deviation in ED-318; ED-269 is read case-insensitively. */
static int ed_uom(ed *e, const char *s, const char *field)
{
    const char *want_m = e->is318 ? "m" : "M", *want_ft = e->is318 ? "ft" : "FT";
    int feet;
    if (s == NULL)
        return -1;
    if (strcasecmp(s, "m") == 0)
        feet = 0;
    else if (strcasecmp(s, "ft") == 0)
        feet = 1;
    else
        return -1;
    if (e->is318 && strcmp(s, feet ? want_ft : want_m) != 0)
        deviation(e, field, "unit \"%s\" is spelled \"%s\" in ED-318", s, feet ? want_ft : want_m);
    return feet;
}

static sky_status ed_ref(ed *e, json_object *o, const char *field, const char *fallback,
                         sky_vref *out)
{
    const char *s = str(o);
    if (o != NULL && s == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "must be a string");
    if (s == NULL)
        s = fallback;
    if (s == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "required: AGL or AMSL%s",
                           e->is318 ? " or WGS84" : "");
    if (!sky_rt_vref_parse(s, out) || (!e->is318 && *out == SKY_VREF_WGS84))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field,
                           "unknown vertical reference \"%.32s\" (expected AGL, AMSL%s)", s,
                           e->is318 ? " or WGS84" : "");
    return SKY_OK;
}

/*
 * A band from ED limits: lower/upper numbers in the unit, references per limit, a missing or
 * null upper limit unbounded (DOMAIN.md). base is the field prefix of the limits.
 */
static sky_status ed_band(ed *e, json_object *lo, json_object *lo_ref, json_object *hi,
                          json_object *hi_ref, json_object *uom, const char *base,
                          const char *const names[5], sky_band *b)
{
    char f[5][160];
    double lower = 0, upper = 0;
    int has_lo, has_hi, feet;
    sky_status rc;
    for (int i = 0; i < 5; i++)
        snprintf(f[i], sizeof f[i], "%s%s", base, names[i]);
    if (uom != NULL && !is_str(uom))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f[4], "must be a string");
    feet = ed_uom(e, str(uom), f[4]);
    if (feet < 0)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f[4],
                           uom ? "unknown unit \"%.20s\" (expected %s)" : "%.0srequired (%s)",
                           uom ? str(uom) : "", e->is318 ? "m or ft" : "M or FT");
    rc = ed_num(e, lo, f[0], &lower, &has_lo);
    if (rc == SKY_OK && !has_lo)
        rc = sky_rd_fail(e->r, SKY_E_BAD_VALUE, f[0], "required number is missing");
    if (rc == SKY_OK)
        rc = ed_num(e, hi, f[2], &upper, &has_hi);
    if (rc == SKY_OK)
        rc = ed_ref(e, lo_ref, f[1], NULL, &b->lower_ref);
    if (rc == SKY_OK)
        rc = ed_ref(e, hi_ref, f[3], has_hi ? NULL : sky_rt_vref_name(b->lower_ref),
                    &b->upper_ref);
    if (rc != SKY_OK)
        return rc;
    b->lower_m = feet ? sky_feet_to_m(lower) : lower;
    b->upper_m = !has_hi ? (double)INFINITY : feet ? sky_feet_to_m(upper) : upper;
    return sky_rd_band(e->r, f[0], f[2], b);
}

/* --- applicability -> the native schedule grammar ------------------------------------- */

/* "17:00", "17:00:00", "17:00:00.00Z", "10:00:00+02:00": seconds of the day (24:00:00 allowed)
 * and the UTC offset in minutes; *has_off 0 when there is no zone designator. 0 on bad text. */
static int two_digits(const char *s, int *v)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

static int time_of_day(const char *s, int *sec, int *off, int *has_off)
{
    int h, m, sc = 0;
    if (s == NULL || !two_digits(s, &h) || s[2] != ':' || !two_digits(s + 3, &m))
        return 0;
    s += 5;
    if (*s == ':') {
        if (!two_digits(s + 1, &sc))
            return 0;
        s += 3;
        if (*s == '.') {
            s++;
            if (!isdigit((unsigned char)*s))
                return 0;
            while (isdigit((unsigned char)*s))
                s++;
        }
    }
    *off = 0;
    *has_off = 1;
    if (*s == 'Z' || *s == 'z') {
        s++;
    } else if (*s == '+' || *s == '-') {
        int oh, om;
        if (!two_digits(s + 1, &oh) || s[3] != ':' || !two_digits(s + 4, &om) || oh > 18 ||
            om > 59)
            return 0;
        *off = (*s == '-' ? -1 : 1) * (oh * 60 + om);
        s += 6;
    } else {
        *has_off = 0;
    }
    if (*s != '\0' || h > 24 || m > 59 || sc > 59 || (h == 24 && (m || sc)))
        return 0;
    *sec = h * 3600 + m * 60 + sc;
    return 1;
}

static const char *const ed_days[7] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
static const char *const gr_days[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* One dailyPeriod -> one clause "[range ]days HH:MM/HH:MM +HH:MM" appended to sb. */
static sky_status period_clause(ed *e, json_object *p, const char *base, const char *range,
                                sky_strbuf *sb)
{
    static const char *const keys[] = {"day", "startTime", "endTime", "startEvent", "endEvent"};
    char f[256];
    json_object *days = get(p, "day");
    unsigned mask = 0;
    int t[2] = {0, 86400}, off[2] = {0, 0}, has_off[2] = {1, 1};
    if (!json_object_is_type(p, json_type_object))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, base, "must be an object");
    if (e->is318) {
        json_object_object_foreach(p, key, val)
        {
            int known = 0;
            (void)val;
            for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
                known |= strcmp(key, keys[i]) == 0;
            if (!known) {
                snprintf(f, sizeof f, "%s.%s", base, key);
                deviation(e, f, "not a dailyPeriod property in ED-318");
            }
        }
    }
    for (int k = 0; k < 2; k++) {
        const char *ev = k ? "endEvent" : "startEvent";
        if (get(p, ev) != NULL) {
            snprintf(f, sizeof f, "%s.%s", base, ev);
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f,
                               "sunrise/sunset events (%.20s) are not supported yet; give "
                               "startTime/endTime", str(get(p, ev)) ? str(get(p, ev)) : "?");
        }
    }
    snprintf(f, sizeof f, "%s.day", base);
    if (is_str(days) && !e->is318) {
        /* a single day as a string: one clear meaning */
    } else if (!json_object_is_type(days, json_type_array) ||
               json_object_array_length(days) == 0) {
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "required: a non-empty array of days "
                           "(MON..SUN or ANY)");
    }
    for (size_t i = 0; i < (is_str(days) ? 1 : json_object_array_length(days)); i++) {
        const char *d = is_str(days) ? str(days) : str(json_object_array_get_idx(days, i));
        char fi[288];
        int found = -1;
        snprintf(fi, sizeof fi, "%s[%zu]", f, i);
        if (d != NULL && strcasecmp(d, "ANY") == 0) {
            mask = 0x7F;
            continue;
        }
        for (int j = 0; j < 7 && d != NULL; j++)
            if (strcasecmp(d, ed_days[j]) == 0)
                found = j;
        if (found < 0)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, fi,
                               "unknown day \"%.20s\" (expected MON..SUN or ANY)", d ? d : "?");
        if (e->is318 && strcmp(d, ed_days[found]) != 0)
            deviation(e, fi, "day \"%s\" is spelled \"%s\" in ED-318", d, ed_days[found]);
        mask |= 1u << found;
    }
    for (int k = 0; k < 2; k++) {
        const char *key = k ? "endTime" : "startTime";
        json_object *o = get(p, key);
        snprintf(f, sizeof f, "%s.%s", base, key);
        if (o == NULL)
            continue; /* a missing start is 00:00, a missing end 24:00 */
        if (!time_of_day(str(o), &t[k], &off[k], &has_off[k]))
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f,
                               "bad time \"%.30s\": expected HH:MM:SS with Z or an offset, "
                               "e.g. 17:00:00.00Z", str(o) ? str(o) : "(not a string)");
        if (!has_off[k] && e->is318)
            deviation(e, f, "time \"%s\" has no UTC offset; read as UTC", str(o));
        if (k == 0 && t[0] == 86400)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "a start cannot be 24:00");
    }
    if (get(p, "startTime") != NULL && get(p, "endTime") != NULL && off[0] != off[1]) {
        snprintf(f, sizeof f, "%s.endTime", base);
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f,
                           "start and end times have different UTC offsets");
    }
    if (get(p, "startTime") == NULL)
        off[0] = off[1];
    if (sb->len)
        sky_sb_puts(sb, "; ");
    if (range)
        sky_sb_printf(sb, "%s ", range);
    if (mask == 0x7F) {
        sky_sb_puts(sb, "daily");
    } else {
        int first = 1;
        for (int j = 0; j < 7; j++)
            if (mask & (1u << j)) {
                sky_sb_printf(sb, "%s%s", first ? "" : ",", gr_days[j]);
                first = 0;
            }
    }
    /* whole minutes: a start rounds down and an end up, so a zone is never active for less
     * time than the file says (23:59:59 ends at 24:00) */
    {
        int a = t[0] / 60, b = (t[1] + 59) / 60, o = off[0] < 0 ? -off[0] : off[0];
        sky_sb_printf(sb, " %02d:%02d/%02d:%02d %c%02d:%02d", a / 60, a % 60, b / 60, b % 60,
                      off[0] < 0 ? '-' : '+', o / 60, o % 60);
    }
    return SKY_OK;
}

/* A date-time (string) -> unix seconds; *present 0 when absent. */
static sky_status ed_instant(ed *e, json_object *o, const char *field, int64_t *t, int *present)
{
    sky_ref ref = {e->r->source, e->r->index, e->r->id, field};
    *present = 0;
    if (o == NULL)
        return SKY_OK;
    if (!is_str(o))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "must be a date-time string");
    if (sky_time_parse(json_object_get_string(o), t, &ref, e->r->err) != SKY_OK)
        return SKY_E_BAD_VALUE;
    *present = 1;
    return SKY_OK;
}

/*
 * ED-269 `applicability` / ED-318 `limitedApplicability` -> schedule text, or NULL for always.
 * Each entry is a union member: permanent (ED-269 "YES") = always; start/end date-times = an
 * instant range; each weekly period = one clause with its days, window and UTC offset; an entry
 * with a range but no periods is active all day within its range.
 */
static sky_status ed_schedule(ed *e, json_object *app, const char *key, const char **out)
{
    static const char *const keys318[] = {"startDateTime", "endDateTime", "schedule"};
    sky_strbuf sb;
    sky_status rc = SKY_OK;
    int always = 0;
    *out = NULL;
    if (app == NULL)
        return SKY_OK;
    if (json_object_is_type(app, json_type_object) && !e->is318) {
        /* a single entry instead of an array: one clear meaning */
    } else if (!json_object_is_type(app, json_type_array)) {
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, key, "must be an array of time periods");
    }
    sky_sb_init(&sb);
    for (size_t i = 0; rc == SKY_OK &&
                       i < (json_object_is_type(app, json_type_array)
                                ? json_object_array_length(app) : 1);
         i++) {
        json_object *a = json_object_is_type(app, json_type_array)
                             ? json_object_array_get_idx(app, i) : app;
        json_object *periods, *perm = get(a, "permanent");
        char base[96], f[160], range[96] = "";
        int64_t t0 = 0, t1 = 0;
        int h0 = 0, h1 = 0;
        snprintf(base, sizeof base, "%s[%zu]", key, i);
        if (!json_object_is_type(a, json_type_object)) {
            rc = sky_rd_fail(e->r, SKY_E_BAD_VALUE, base, "must be an object");
            break;
        }
        if (e->is318) {
            json_object_object_foreach(a, k, v)
            {
                int known = 0;
                (void)v;
                for (size_t j = 0; j < 3; j++)
                    known |= strcmp(k, keys318[j]) == 0;
                if (!known) {
                    snprintf(f, sizeof f, "%s.%s", base, k);
                    deviation(e, f, "not a time-period property in ED-318");
                }
            }
        }
        snprintf(f, sizeof f, "%s.startDateTime", base);
        rc = ed_instant(e, get(a, "startDateTime"), f, &t0, &h0);
        snprintf(f, sizeof f, "%s.endDateTime", base);
        if (rc == SKY_OK)
            rc = ed_instant(e, get(a, "endDateTime"), f, &t1, &h1);
        if (rc != SKY_OK)
            break;
        if (h0 && h1 && t1 <= t0) {
            rc = sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "ends at or before startDateTime");
            break;
        }
        if (h0 || h1) {
            char b0[40] = "..", b1[40] = "..";
            if (h0)
                sky_time_format(t0, 0, b0, sizeof b0);
            if (h1)
                sky_time_format(t1, 0, b1, sizeof b1);
            snprintf(range, sizeof range, "%s/%s", b0, b1);
        }
        periods = get(a, "schedule");
        if (periods == NULL && !e->is318)
            periods = get(a, "dailyPeriod"); /* ED-269 files in the wild */
        if (periods == NULL && e->is318) {
            snprintf(f, sizeof f, "%s.schedule", base);
            deviation(e, f, "required by ED-318 (read as all day)");
        }
        if (perm != NULL && !e->is318) {
            const char *ps = str(perm);
            snprintf(f, sizeof f, "%s.permanent", base);
            if (ps == NULL || (strcmp(ps, "YES") != 0 && strcmp(ps, "NO") != 0)) {
                rc = sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "expected YES or NO");
                break;
            }
            if (strcmp(ps, "YES") == 0 && !h0 && !h1 && periods == NULL) {
                always = 1;
                continue;
            }
        }
        if (periods == NULL || (json_object_is_type(periods, json_type_array) &&
                                json_object_array_length(periods) == 0)) {
            if (!h0 && !h1) {
                always = 1; /* nothing limits this entry */
                continue;
            }
            if (sb.len)
                sky_sb_puts(&sb, "; ");
            sky_sb_printf(&sb, "%s daily 00:00/24:00 +00:00", range);
            continue;
        }
        snprintf(f, sizeof f, "%s.%s", base, get(a, "schedule") ? "schedule" : "dailyPeriod");
        if (!json_object_is_type(periods, json_type_array)) {
            rc = sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "must be an array of daily periods");
            break;
        }
        for (size_t j = 0; rc == SKY_OK && j < json_object_array_length(periods); j++) {
            char pb[200];
            snprintf(pb, sizeof pb, "%s[%zu]", f, j);
            rc = period_clause(e, json_object_array_get_idx(periods, j), pb,
                               range[0] ? range : NULL, &sb);
        }
    }
    if (rc == SKY_OK && !always && sb.len) {
        sky_schedule sch;
        sky_ref ref = {e->r->source, e->r->index, e->r->id, key};
        rc = sb.oom ? sky_rd_nomem(e->r) : sky_schedule_parse(sb.data, &sch, &ref, e->r->err);
        sky_schedule_clear(&sch);
        if (rc == SKY_OK) {
            *out = sky_arena_strdup(&e->r->as->arena, sb.data);
            if (*out == NULL)
                rc = sky_rd_nomem(e->r);
        }
    }
    sky_sb_clear(&sb);
    return rc;
}

/* --- zones ------------------------------------------------------------------------------ */

/* IDENT, or IDENT#2, IDENT#3 ... when this input already has it (ED-269 files repeat them). */
static sky_status unique_id(ed *e, const char *ident, const char *field, const char **out)
{
    char buf[80];
    long first = -1;
    if (strlen(ident) == 0 || strlen(ident) >= 60)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, "must have 1 to 59 bytes");
    snprintf(buf, sizeof buf, "%s", ident);
    for (int n = 2;; n++) { /* each turn rules out one zone of this input, so bounded */
        int clash = 0;
        for (size_t i = e->zstart; i < e->r->as->nzones && !clash; i++)
            if (strcmp(e->r->as->zones[i].id, buf) == 0) {
                clash = 1;
                if (first < 0)
                    first = e->r->as->zones[i].vol[0].at.index;
            }
        if (!clash)
            break;
        snprintf(buf, sizeof buf, "%s#%d", ident, n);
    }
    if (first >= 0)
        sky_rd_warn(e->r, field, "identifier \"%s\" repeats feature %ld's; imported as \"%s\"",
                    ident, first, buf);
    *out = sky_arena_strdup(&e->r->as->arena, buf);
    return *out ? SKY_OK : sky_rd_nomem(e->r);
}

static sky_status ed_restriction(ed *e, json_object *o, const char *field, sky_restriction *out)
{
    const char *s = str(o);
    if (s == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field, o ? "must be a string" : "required");
    if (e->is318 && strcmp(s, "REQ_AUTHORISATION") == 0) {
        deviation(e, field, "\"REQ_AUTHORISATION\" is spelled REQ_AUTHORIZATION in ED-318");
    } else if (!e->is318 && strcmp(s, "REQ_AUTHORIZATION") == 0) {
        /* the ED-318 spelling in an ED-269 file: one clear meaning */
    } else if (!sky_rt_restriction_parse(s, out) ||
               (!e->is318 && *out == SKY_RESTR_USPACE)) {
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, field,
                           "unknown %s \"%.40s\" (expected %s)", e->is318 ? "type" : "restriction",
                           s, e->is318 ? "USPACE, PROHIBITED, REQ_AUTHORIZATION, CONDITIONAL or "
                                         "NO_RESTRICTION"
                                       : "PROHIBITED, REQ_AUTHORISATION, CONDITIONAL or "
                                         "NO_RESTRICTION");
    }
    if (strncmp(s, "REQ_AUTHORI", 11) == 0)
        *out = SKY_RESTR_REQ_AUTHORISATION;
    return SKY_OK;
}

/* The native properties of one volume: the zone's normalised fields, its band, and the whole
 * ED record (minus geometry) under "ed269" / "ed318" so nothing of it is lost. */
static sky_status volume_props(ed *e, const sky_zone *z, const sky_volume *v, json_object *rec,
                               json_object *names, const char **out)
{
    json_object *p = json_object_new_object(), *keep;
    sky_status rc;
    if (p == NULL)
        return sky_rd_nomem(e->r);
    json_object_object_add(p, "id", json_object_new_string(z->id));
    if (z->name)
        json_object_object_add(p, "name", json_object_new_string(z->name));
    if (z->name_en)
        json_object_object_add(p, "name_en", json_object_new_string(z->name_en));
    if (names)
        json_object_object_add(p, "names", json_object_get(names));
    json_object_object_add(p, "restriction",
                           json_object_new_string(sky_restriction_name(z->restriction)));
    if (z->reason)
        json_object_object_add(p, "reason", json_object_new_string(z->reason));
    if (z->schedule)
        json_object_object_add(p, "schedule", json_object_new_string(z->schedule));
    json_object_object_add(p, "lower_m", sky_rt_json_number(v->band.lower_m));
    json_object_object_add(p, "upper_m", sky_rt_json_number(v->band.upper_m));
    if (v->band.lower_ref == v->band.upper_ref) {
        json_object_object_add(p, "vertical_reference",
                               json_object_new_string(sky_rt_vref_name(v->band.lower_ref)));
    } else {
        json_object_object_add(p, "lower_ref",
                               json_object_new_string(sky_rt_vref_name(v->band.lower_ref)));
        json_object_object_add(p, "upper_ref",
                               json_object_new_string(sky_rt_vref_name(v->band.upper_ref)));
    }
    if (z->nvol > 1)
        json_object_object_add(p, "volume", json_object_new_int(v->index));
    json_object_object_add(p, "source_format", json_object_new_string(e->is318 ? "ED-318"
                                                                                 : "ED-269"));
    keep = json_object_new_object();
    json_object_object_foreach(rec, key, val)
    {
        if (strcmp(key, "geometry") != 0)
            json_object_object_add(keep, key, json_object_get(val));
    }
    json_object_object_add(p, e->is318 ? "ed318" : "ed269", keep);
    rc = sky_rd_json_text(e->r, p, out);
    json_object_put(p);
    return rc;
}

static sky_volume *new_volumes(ed *e, sky_zone *z, size_t n)
{
    z->nvol = n;
    z->vol = sky_arena_alloc(&e->r->as->arena, (n ? n : 1) * sizeof *z->vol);
    if (z->vol == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        z->vol[i].index = (int)i;
        z->vol[i].at.src = e->r->source;
        z->vol[i].at.index = e->r->index;
    }
    return z->vol;
}

static sky_status finish_zone(ed *e, sky_zone *z, json_object *rec, json_object *names)
{
    sky_status rc = SKY_OK;
    for (size_t i = 0; i < z->nvol && rc == SKY_OK; i++)
        rc = volume_props(e, z, &z->vol[i], rec, names, &z->vol[i].props);
    return rc;
}

/* --- ED-269 ------------------------------------------------------------------------------ */

static const char *const ed269_limits[5] = {"lowerLimit", "lowerVerticalReference", "upperLimit",
                                            "upperVerticalReference", "uomDimensions"};

static sky_status ed269_volume(ed *e, json_object *g, size_t i, sky_volume *v)
{
    char base[64], f[160];
    json_object *hp;
    const char *t;
    sky_status rc;
    snprintf(base, sizeof base, "geometry[%zu].", i);
    if (!json_object_is_type(g, json_type_object))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "geometry", "entry %zu must be an object", i);
    rc = ed_band(e, get(g, "lowerLimit"), get(g, "lowerVerticalReference"), get(g, "upperLimit"),
                 get(g, "upperVerticalReference"), get(g, "uomDimensions"), base, ed269_limits,
                 &v->band);
    if (rc != SKY_OK)
        return rc;
    hp = get(g, "horizontalProjection");
    snprintf(f, sizeof f, "%shorizontalProjection", base);
    t = str(get(hp, "type"));
    if (t != NULL && strcmp(t, "Circle") == 0) {
        double radius = 0;
        int has = 0;
        char fr[180];
        snprintf(fr, sizeof fr, "%s.radius", f);
        rc = ed_num(e, get(hp, "radius"), fr, &radius, &has);
        if (rc != SKY_OK)
            return rc;
        if (!has)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, fr, "a circle needs a radius");
        /* uomDimensions covers every dimension of the entry, the radius too */
        if (strcasecmp(str(get(g, "uomDimensions")), "FT") == 0)
            radius = sky_feet_to_m(radius);
        {
            char fc[180];
            snprintf(fc, sizeof fc, "%s.center", f);
            return sky_rd_circle(e->r, get(hp, "center"), fc, radius, fr, &v->fp);
        }
    }
    if (hp == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, f, "required");
    if (t == NULL || (strcmp(t, "Polygon") != 0 && strcmp(t, "MultiPolygon") != 0))
        return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, f, "expected type Polygon or Circle, "
                           "found %.30s", t ? t : "none");
    return sky_rd_area(e->r, hp, f, &v->fp);
}

static sky_status ed269_zone(ed *e, json_object *rec)
{
    json_object *geoms = get(rec, "geometry"), *reason = get(rec, "reason");
    const char *ident = str(get(rec, "identifier"));
    sky_zone *z;
    sky_status rc;
    char path[160] = "";

    e->r->id = NULL;
    if (!json_object_is_type(rec, json_type_object))
        return sky_rd_fail(e->r, SKY_E_BAD_JSON, "", "a zone must be an object");
    if (ident == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "identifier", "required: a string");
    e->r->id = ident;
    rc = sky_rd_check_finite(e->r, rec, path, sizeof path);
    if (rc != SKY_OK)
        return rc;
    z = sky_rt_add_zone(e->r->as);
    if (z == NULL)
        return sky_rd_nomem(e->r);
    z->id = "";
    rc = unique_id(e, ident, "identifier", &z->id);
    if (rc != SKY_OK)
        return rc;
    e->r->id = z->id;
    rc = ed_restriction(e, get(rec, "restriction"), "restriction", &z->restriction);
    if (rc != SKY_OK)
        return rc;
    if (get(rec, "name") != NULL && str(get(rec, "name")) == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "name", "must be a string");
    if (str(get(rec, "name")) &&
        (z->name = sky_arena_strdup(&e->r->as->arena, str(get(rec, "name")))) == NULL)
        return sky_rd_nomem(e->r);
    if (json_object_is_type(reason, json_type_array)) {
        sky_strbuf sb;
        sky_sb_init(&sb);
        for (size_t i = 0; i < json_object_array_length(reason); i++) {
            const char *s = str(json_object_array_get_idx(reason, i));
            if (s == NULL) {
                sky_sb_clear(&sb);
                return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "reason", "items must be strings");
            }
            sky_sb_printf(&sb, "%s%s", i ? "," : "", s);
        }
        z->reason = sb.len ? sky_arena_strdup(&e->r->as->arena, sb.data) : NULL;
        sky_sb_clear(&sb);
    } else if (reason != NULL) {
        if (str(reason) == NULL)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "reason", "must be an array of strings");
        if ((z->reason = sky_arena_strdup(&e->r->as->arena, str(reason))) == NULL)
            return sky_rd_nomem(e->r);
    }
    rc = ed_schedule(e, get(rec, "applicability"), "applicability", &z->schedule);
    if (rc != SKY_OK)
        return rc;
    if (!json_object_is_type(geoms, json_type_array) || json_object_array_length(geoms) == 0)
        return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, "geometry",
                           "required: a non-empty array of volumes");
    if (new_volumes(e, z, json_object_array_length(geoms)) == NULL)
        return sky_rd_nomem(e->r);
    for (size_t i = 0; i < z->nvol && rc == SKY_OK; i++)
        rc = ed269_volume(e, json_object_array_get_idx(geoms, i), i, &z->vol[i]);
    if (rc == SKY_OK)
        rc = sky_rd_json_text(e->r, rec, &z->original);
    if (rc == SKY_OK)
        rc = finish_zone(e, z, rec, NULL);
    return rc;
}

sky_status sky_rt_read_ed269(sky_rd *r, json_object *root)
{
    ed e;
    json_object *list = get(root, "UASZoneList");
    sky_status rc = SKY_OK;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.zstart = r->as->nzones;
    if (list == NULL)
        list = get(root, "features");
    if (!json_object_is_type(list, json_type_array))
        return sky_rd_fail(r, SKY_E_BAD_JSON, "", "an ED-269 file needs a UASZoneList or "
                           "features array");
    for (size_t i = 0; i < json_object_array_length(list) && rc == SKY_OK; i++) {
        r->index = (long)i;
        rc = ed269_zone(&e, json_object_array_get_idx(list, i));
    }
    return rc;
}

/* --- ED-318 ------------------------------------------------------------------------------ */

static const char *const ed318_limits[5] = {"lower", "lowerReference", "upper", "upperReference",
                                            "uom"};

/* A textShortType array ([{text, lang}]): each item needs both (lang is what tells the
 * languages apart). Returns the item's text chosen by lang (exact, then language prefix,
 * else the first) in *pick and an English one in *en. */
static sky_status ed_texts(ed *e, json_object *arr, const char *key, const char **pick,
                           const char **en)
{
    const char *want = e->r->opts->lang;
    char f[128];
    int best = -1;
    *pick = NULL;
    if (en)
        *en = NULL;
    if (arr == NULL)
        return SKY_OK;
    if (is_str(arr)) {
        deviation(e, key, "a plain string where ED-318 has an array of {text, lang}");
        *pick = json_object_get_string(arr);
        return SKY_OK;
    }
    if (!json_object_is_type(arr, json_type_array))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, key, "must be an array of {text, lang}");
    for (size_t i = 0; i < json_object_array_length(arr); i++) {
        json_object *it = json_object_array_get_idx(arr, i);
        const char *text = str(get(it, "text")), *lang = str(get(it, "lang"));
        int score;
        snprintf(f, sizeof f, "%s[%zu].text", key, i);
        if (text == NULL)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "required: a string");
        if (strlen(text) > 200)
            deviation(e, f, "longer than the 200 characters ED-318 allows");
        snprintf(f, sizeof f, "%s[%zu].lang", key, i);
        if (lang == NULL)
            deviation(e, f, "missing: every ED-318 text names its language");
        else if (strlen(lang) > 5)
            deviation(e, f, "\"%s\" is longer than the 5 characters ED-318 allows", lang);
        score = i == 0 ? 1 : 0;
        if (want && lang) {
            size_t n = strlen(want);
            if (strcasecmp(lang, want) == 0)
                score = 3;
            else if (strncasecmp(lang, want, n) == 0 && lang[n] == '-')
                score = 2;
            else if (strncasecmp(lang, want, 2) == 0)
                score = 2;
        }
        if (score > best) {
            best = score;
            *pick = text;
        }
        if (en && *en == NULL && lang && strncasecmp(lang, "en", 2) == 0)
            *en = text;
    }
    return SKY_OK;
}

/* Deviations in the collection's metadata: its date-times must be date-time strings. */
static void ed318_metadata(ed *e, json_object *meta)
{
    static const char *const dt[] = {"validFrom", "validTo", "issued"};
    char f[64];
    int64_t t;
    if (meta == NULL)
        return;
    for (size_t i = 0; i < 3; i++) {
        json_object *o = get(meta, dt[i]);
        snprintf(f, sizeof f, "metadata.%s", dt[i]);
        if (o == NULL)
            continue;
        if (!is_str(o))
            deviation(e, f, "must be a date-time string, found %s",
                      json_type_to_name(json_object_get_type(o)));
        else if (sky_time_parse(json_object_get_string(o), &t, NULL, NULL) != SKY_OK)
            deviation(e, f, "\"%.40s\" is not an RFC 3339 date-time", json_object_get_string(o));
    }
}

static sky_status ed318_part(ed *e, json_object *g, json_object *layer, const char *base,
                             sky_volume *v)
{
    char f[160];
    const char *t = str(get(g, "type"));
    json_object *ext = get(g, "extent");
    sky_status rc;
    snprintf(f, sizeof f, "%s.layer", base);
    if (get(g, "layer") != NULL)
        layer = get(g, "layer");
    if (!json_object_is_type(layer, json_type_object))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f,
                           "required: an object with lower, upper, references and uom");
    snprintf(f, sizeof f, "%s.layer.", base);
    {
        static const char *const lkeys[] = {"upper", "upperReference", "lower", "lowerReference",
                                            "uom"};
        json_object_object_foreach(layer, key, val)
        {
            int known = 0;
            char fk[200];
            (void)val;
            for (size_t i = 0; i < 5; i++)
                known |= strcmp(key, lkeys[i]) == 0;
            snprintf(fk, sizeof fk, "%s%s", f, key);
            if (!known)
                deviation(e, fk, "not a layer property in ED-318");
        }
    }
    rc = ed_band(e, get(layer, "lower"), get(layer, "lowerReference"), get(layer, "upper"),
                 get(layer, "upperReference"), get(layer, "uom"), f, ed318_limits, &v->band);
    if (rc != SKY_OK)
        return rc;
    if (t != NULL && strcmp(t, "Point") == 0) {
        double radius = 0;
        int has = 0;
        const char *sub = str(get(ext, "subType"));
        snprintf(f, sizeof f, "%s.extent", base);
        if (ext == NULL)
            return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, f, "a Point zone needs an extent "
                               "{subType: Circle, radius}");
        if (sub == NULL || strcasecmp(sub, "Circle") != 0) {
            snprintf(f, sizeof f, "%s.extent.subType", base);
            return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, f, "expected Circle, found %.30s",
                               sub ? sub : "none");
        }
        if (strcmp(sub, "Circle") != 0) {
            snprintf(f, sizeof f, "%s.extent.subType", base);
            deviation(e, f, "\"%s\" is spelled \"Circle\"", sub);
        }
        snprintf(f, sizeof f, "%s.extent.radius", base);
        rc = ed_num(e, get(ext, "radius"), f, &radius, &has);
        if (rc != SKY_OK)
            return rc;
        if (!has)
            return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "a circle needs a radius (metres)");
        {
            char fc[sizeof f];
            snprintf(fc, sizeof fc, "%s.coordinates", base);
            return sky_rd_circle(e->r, get(g, "coordinates"), fc, radius, f, &v->fp);
        }
    }
    if (t == NULL || (strcmp(t, "Polygon") != 0 && strcmp(t, "MultiPolygon") != 0)) {
        snprintf(f, sizeof f, "%s.type", base);
        return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, f, "a zone footprint must be a Polygon, a "
                           "MultiPolygon or a circle (Point with extent), found %.30s",
                           t ? t : "none");
    }
    return sky_rd_area(e->r, g, base, &v->fp);
}

static sky_status ed318_feature(ed *e, json_object *feat)
{
    static const char *const known[] = {
        "identifier", "country", "name", "type", "variant", "restrictionConditions", "region",
        "reason", "otherReasonInfo", "regulationExemption", "message", "zoneAuthority",
        "limitedApplicability", "extendedProperties"};
    static const char *const reasons[] = {"AIR_TRAFFIC", "SENSITIVE", "PRIVACY", "POPULATION",
                                          "NATURE", "NOISE", "FOREIGN_TERRITORY", "EMERGENCY",
                                          "OTHER"};
    json_object *props = get(feat, "properties"), *geom = get(feat, "geometry");
    json_object *ext = get(props, "extendedProperties"), *sky = get(ext, "skylane");
    json_object *reason = get(props, "reason");
    const char *ident = str(get(props, "identifier")), *gt = str(get(geom, "type"));
    const char *name = NULL, *name_en = NULL, *v;
    char path[160] = "";
    sky_zone *z;
    sky_status rc;

    e->r->id = NULL;
    if (!json_object_is_type(feat, json_type_object) || str(get(feat, "type")) == NULL ||
        strcmp(str(get(feat, "type")), "Feature") != 0)
        return sky_rd_fail(e->r, SKY_E_BAD_JSON, "type", "not a GeoJSON Feature");
    if (!json_object_is_type(props, json_type_object))
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "properties", "required: an object");
    if (ident == NULL)
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "properties.identifier",
                           "required: a string");
    e->r->id = ident;
    rc = sky_rd_check_finite(e->r, props, path, sizeof path);
    if (rc != SKY_OK)
        return rc;
    /* the schema's closed property list and its required members */
    json_object_object_foreach(props, key, val)
    {
        int ok = 0;
        char f[96];
        (void)val;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= strcmp(key, known[i]) == 0;
        snprintf(f, sizeof f, "properties.%s", key);
        if (!ok)
            deviation(e, f, "not a GeoZone property in ED-318 (kept)");
    }
    if (strlen(ident) > 7)
        deviation(e, "properties.identifier", "\"%s\" is longer than the 7 characters ED-318 "
                  "allows", ident);
    v = str(get(props, "country"));
    if (v == NULL || strlen(v) != 3)
        deviation(e, "properties.country", v ? "\"%s\" is not 3 letters" : "%srequired",
                  v ? v : "");
    v = str(get(props, "variant"));
    if (v == NULL || (strcmp(v, "COMMON") != 0 && strcmp(v, "CUSTOMIZED") != 0))
        deviation(e, "properties.variant", v ? "\"%s\" is not COMMON or CUSTOMIZED" : "%srequired",
                  v ? v : "");
    if (!json_object_is_type(get(props, "zoneAuthority"), json_type_array) ||
        json_object_array_length(get(props, "zoneAuthority")) == 0)
        deviation(e, "properties.zoneAuthority", "required: a non-empty array");
    else
        for (size_t i = 0; i < json_object_array_length(get(props, "zoneAuthority")); i++) {
            char f[96];
            const char *dummy;
            snprintf(f, sizeof f, "properties.zoneAuthority[%zu].name", i);
            rc = ed_texts(e, get(json_object_array_get_idx(get(props, "zoneAuthority"), i),
                                 "name"), f, &dummy, NULL);
            if (rc != SKY_OK)
                return rc;
        }
    rc = ed_texts(e, get(props, "otherReasonInfo"), "properties.otherReasonInfo", &v, NULL);
    if (rc == SKY_OK)
        rc = ed_texts(e, get(props, "message"), "properties.message", &v, NULL);
    if (rc == SKY_OK)
        rc = ed_texts(e, get(props, "name"), "properties.name", &name, &name_en);
    if (rc != SKY_OK)
        return rc;

    z = sky_rt_add_zone(e->r->as);
    if (z == NULL)
        return sky_rd_nomem(e->r);
    z->id = "";
    /* a skylane export keeps ids longer than ED-318's 7 characters here */
    rc = unique_id(e, str(get(sky, "id")) ? str(get(sky, "id")) : ident, "properties.identifier",
                   &z->id);
    if (rc != SKY_OK)
        return rc;
    e->r->id = z->id;
    rc = ed_restriction(e, get(props, "type"), "properties.type", &z->restriction);
    if (rc != SKY_OK)
        return rc;
    z->name = name ? sky_arena_strdup(&e->r->as->arena, name) : NULL;
    z->name_en = name_en ? sky_arena_strdup(&e->r->as->arena, name_en) : NULL;
    if (json_object_is_type(reason, json_type_array)) {
        sky_strbuf sb;
        sky_sb_init(&sb);
        for (size_t i = 0; i < json_object_array_length(reason); i++) {
            const char *s = str(json_object_array_get_idx(reason, i));
            int ok = 0;
            char f[64];
            snprintf(f, sizeof f, "properties.reason[%zu]", i);
            if (s == NULL) {
                sky_sb_clear(&sb);
                return sky_rd_fail(e->r, SKY_E_BAD_VALUE, f, "must be a string");
            }
            for (size_t j = 0; j < sizeof reasons / sizeof reasons[0]; j++)
                ok |= strcmp(s, reasons[j]) == 0;
            if (!ok)
                deviation(e, f, "\"%s\" is not an ED-318 reason", s);
            sky_sb_printf(&sb, "%s%s", i ? "," : "", s);
        }
        z->reason = sb.len ? sky_arena_strdup(&e->r->as->arena, sb.data) : NULL;
        sky_sb_clear(&sb);
    } else if (reason != NULL) {
        return sky_rd_fail(e->r, SKY_E_BAD_VALUE, "properties.reason",
                           "must be an array of reasons");
    }
    if (str(get(sky, "reason")))
        z->reason = sky_arena_strdup(&e->r->as->arena, str(get(sky, "reason")));
    rc = ed_schedule(e, get(props, "limitedApplicability"), "properties.limitedApplicability",
                     &z->schedule);
    if (rc != SKY_OK)
        return rc;
    if (gt != NULL && strcmp(gt, "GeometryCollection") == 0) {
        json_object *parts = get(geom, "geometries");
        if (!json_object_is_type(parts, json_type_array) || json_object_array_length(parts) == 0)
            return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, "geometry.geometries",
                               "required: a non-empty array");
        if (new_volumes(e, z, json_object_array_length(parts)) == NULL)
            return sky_rd_nomem(e->r);
        for (size_t i = 0; i < z->nvol && rc == SKY_OK; i++) {
            char base[64];
            snprintf(base, sizeof base, "geometry.geometries[%zu]", i);
            rc = ed318_part(e, json_object_array_get_idx(parts, i), get(geom, "layer"), base,
                            &z->vol[i]);
        }
    } else {
        if (!json_object_is_type(geom, json_type_object))
            return sky_rd_fail(e->r, SKY_E_BAD_GEOMETRY, "geometry", "required: a geometry");
        if (new_volumes(e, z, 1) == NULL)
            return sky_rd_nomem(e->r);
        rc = ed318_part(e, geom, NULL, "geometry", &z->vol[0]);
    }
    if (rc == SKY_OK)
        rc = sky_rd_json_text(e->r, feat, &z->original);
    if (rc == SKY_OK)
        rc = finish_zone(e, z, props, get(props, "name"));
    if (rc == SKY_OK && ((name && !z->name) || (name_en && !z->name_en)))
        rc = sky_rd_nomem(e->r);
    return rc;
}

sky_status sky_rt_read_ed318(sky_rd *r, json_object *root)
{
    ed e;
    const char *type = str(get(root, "type"));
    sky_status rc = SKY_OK;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.is318 = 1;
    e.strict = r->opts->strict;
    e.zstart = r->as->nzones;
    if (type != NULL && strcmp(type, "FeatureCollection") == 0) {
        json_object *fs = get(root, "features");
        if (!json_object_is_type(fs, json_type_array))
            return sky_rd_fail(r, SKY_E_BAD_JSON, "features",
                               "a FeatureCollection needs a features array");
        ed318_metadata(&e, get(root, "metadata"));
        for (size_t i = 0; i < json_object_array_length(fs) && rc == SKY_OK; i++) {
            r->index = (long)i;
            rc = ed318_feature(&e, json_object_array_get_idx(fs, i));
        }
    } else if (type != NULL && strcmp(type, "Feature") == 0) {
        r->index = 0;
        rc = ed318_feature(&e, root);
    } else {
        return sky_rd_fail(r, SKY_E_BAD_JSON, "type",
                           "expected a GeoJSON FeatureCollection or Feature, found %s",
                           type ? type : "no \"type\"");
    }
    if (rc == SKY_OK && e.strict && e.ndev > 0) {
        if (r->err) {
            *r->err = e.first_dev;
            r->err->severity = SKY_SEV_ERROR;
            if (e.ndev > 1) {
                size_t n = strlen(r->err->message);
                snprintf(r->err->message + n, sizeof r->err->message - n,
                         " (--strict: %zu schema deviations in all, each reported)", e.ndev);
            } else {
                size_t n = strlen(r->err->message);
                snprintf(r->err->message + n, sizeof r->err->message - n, " (--strict)");
            }
        }
        return SKY_E_BAD_VALUE;
    }
    return rc;
}

/* --- detection ------------------------------------------------------------------------- */

int sky_rt_detect_json_format(json_object *root)
{
    json_object *fs = get(root, "features"), *first = NULL, *props;
    const char *type = str(get(root, "type"));
    if (json_object_is_type(get(root, "UASZoneList"), json_type_array))
        return SKY_FORMAT_ED269;
    if (json_object_is_type(fs, json_type_array) && json_object_array_length(fs) > 0)
        first = json_object_array_get_idx(fs, 0);
    else if (type != NULL && strcmp(type, "Feature") == 0)
        first = root;
    /* ED-269 zones are not GeoJSON Features: an identifier and a geometry array */
    if (first != NULL && get(first, "identifier") != NULL &&
        json_object_is_type(get(first, "geometry"), json_type_array))
        return SKY_FORMAT_ED269;
    props = get(first, "properties");
    if (props != NULL && get(props, "identifier") != NULL && get(props, "restriction") == NULL &&
        get(props, "id") == NULL)
        return SKY_FORMAT_ED318;
    return SKY_FORMAT_GEOJSON;
}
