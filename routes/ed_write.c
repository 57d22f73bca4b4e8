/*
 * ed_write.c - zones out as one EUROCAE ED-318 FeatureCollection that the ED-318 schema
 * accepts (the rules ed_read.c checks under --strict): one Feature per zone, a volume's band as
 * its geometry's `layer` (metres), several volumes as a GeometryCollection, a circle as a Point
 * with `extent`, the schedule as `limitedApplicability`. What ED-318 cannot say (an id over 7
 * characters, a free-text reason) goes to extendedProperties.skylane, which the reader takes
 * back, so export -> import gives the same zones.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "routes/read_int.h"
#include "routes/schedule.h"

static const char *const reasons[] = {"AIR_TRAFFIC", "SENSITIVE", "PRIVACY", "POPULATION",
                                      "NATURE", "NOISE", "FOREIGN_TERRITORY", "EMERGENCY",
                                      "OTHER"};
static const char *const ed_days[7] = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

static json_object *text_item(const char *text, const char *lang)
{
    json_object *o = json_object_new_object();
    json_object_object_add(o, "text", json_object_new_string(text));
    json_object_object_add(o, "lang", json_object_new_string(lang));
    return o;
}

static json_object *texts(const char *text, const char *lang)
{
    json_object *a = json_object_new_array();
    json_object_array_add(a, text_item(text, lang));
    return a;
}

static json_object *lonlat(sky_lonlat p)
{
    json_object *a = json_object_new_array_ext(2);
    json_object_array_add(a, sky_rt_json_number(p.lon));
    json_object_array_add(a, sky_rt_json_number(p.lat));
    return a;
}

static json_object *poly_coords(const sky_poly *p)
{
    json_object *rings = json_object_new_array_ext((int)p->nrings);
    for (size_t k = 0; k < p->nrings; k++) {
        json_object *ring = json_object_new_array_ext((int)p->rings[k].n);
        for (size_t j = 0; j < p->rings[k].n; j++)
            json_object_array_add(ring, lonlat(p->rings[k].pts[j]));
        json_object_array_add(rings, ring);
    }
    return rings;
}

static json_object *layer(const sky_band *b)
{
    json_object *l = json_object_new_object();
    if (isfinite(b->upper_m)) { /* an unbounded band has no upper limit */
        json_object_object_add(l, "upper", sky_rt_json_number(b->upper_m));
        json_object_object_add(l, "upperReference",
                               json_object_new_string(sky_rt_vref_name(b->upper_ref)));
    }
    json_object_object_add(l, "lower", sky_rt_json_number(b->lower_m));
    json_object_object_add(l, "lowerReference",
                           json_object_new_string(sky_rt_vref_name(b->lower_ref)));
    json_object_object_add(l, "uom", json_object_new_string("m"));
    return l;
}

static json_object *volume_geometry(const sky_volume *v)
{
    json_object *g = json_object_new_object();
    if (v->fp.is_circle) {
        json_object *ext = json_object_new_object();
        json_object_object_add(g, "type", json_object_new_string("Point"));
        json_object_object_add(g, "coordinates", lonlat(v->fp.center));
        json_object_object_add(ext, "subType", json_object_new_string("Circle"));
        json_object_object_add(ext, "radius", sky_rt_json_number(v->fp.radius_m));
        json_object_object_add(g, "extent", ext);
    } else if (!v->fp.multi && v->fp.area.npolys == 1) {
        json_object_object_add(g, "type", json_object_new_string("Polygon"));
        json_object_object_add(g, "coordinates", poly_coords(&v->fp.area.polys[0]));
    } else {
        json_object *polys = json_object_new_array();
        json_object_object_add(g, "type", json_object_new_string("MultiPolygon"));
        for (size_t i = 0; i < v->fp.area.npolys; i++)
            json_object_array_add(polys, poly_coords(&v->fp.area.polys[i]));
        json_object_object_add(g, "coordinates", polys);
    }
    json_object_object_add(g, "layer", layer(&v->band));
    return g;
}

static json_object *days_array(unsigned mask)
{
    json_object *a = json_object_new_array();
    if ((mask & 0x7F) == 0x7F) {
        json_object_array_add(a, json_object_new_string("ANY"));
        return a;
    }
    for (int j = 0; j < 7; j++)
        if (mask & (1u << j))
            json_object_array_add(a, json_object_new_string(ed_days[j]));
    return a;
}

/* HH:MM:SS with the clause's offset; a window end at 24:00 is written 23:59:59, which the
 * reader (ends round up to the minute) takes back as 24:00. */
static json_object *tod(int min, int offset_min, int is_end)
{
    char buf[32];
    int a = offset_min < 0 ? -offset_min : offset_min;
    if (is_end && min >= 1440)
        snprintf(buf, sizeof buf, "23:59:59");
    else
        snprintf(buf, sizeof buf, "%02d:%02d:00", min / 60, min % 60);
    if (offset_min == 0)
        strcat(buf, "Z");
    else
        snprintf(buf + 8, sizeof buf - 8, "%c%02d:%02d", offset_min < 0 ? '-' : '+', a / 60,
                 a % 60);
    return json_object_new_string(buf);
}

static json_object *daily(unsigned mask, int start, int end, int off)
{
    json_object *p = json_object_new_object();
    json_object_object_add(p, "day", days_array(mask));
    json_object_object_add(p, "startTime", tod(start, off, 0));
    json_object_object_add(p, "endTime", tod(end, off, 1));
    return p;
}

static void put_instant(json_object *o, const char *key, int64_t t)
{
    char buf[40];
    json_object_object_add(o, key, json_object_new_string(sky_time_format(t, 0, buf, sizeof buf)));
}

/*
 * One clause -> one or two time periods. A window that crosses midnight (or a whole day not
 * starting at 00:00) is split at midnight: [start, 24:00) on its day and [00:00, end) on the
 * next, so every period reads the same in any ED-318 tool. Local date ranges become instants:
 * [from 00:00, to + 1 day 00:00) in the clause's offset, one day later for the spilled parts.
 */
static void clause_periods(const sky_clause *c, json_object *out)
{
    json_object *main_p = json_object_new_array(), *spill = json_object_new_array();
    unsigned next = ((c->days << 1) | (c->days >> 6)) & 0x7F; /* Sun wraps to Mon */
    int off = c->offset_min;
    for (int pass = 0; pass < 2; pass++) {
        json_object *tp, *sched = pass ? spill : main_p;
        if (pass == 0) {
            for (size_t i = 0; i < c->nwin; i++) {
                int s = c->win[i].start_min, e = c->win[i].end_min;
                if (e > s) {
                    json_object_array_add(main_p, daily(c->days, s, e, off));
                } else if (s == 0) {
                    json_object_array_add(main_p, daily(c->days, 0, 1440, off));
                } else {
                    json_object_array_add(main_p, daily(c->days, s, 1440, off));
                    json_object_array_add(spill, daily(next, 0, e, off));
                }
            }
        }
        if (json_object_array_length(sched) == 0) {
            json_object_put(sched);
            continue;
        }
        tp = json_object_new_object();
        if (c->has_range) {
            int64_t shift = pass ? 86400 : 0;
            put_instant(tp, "startDateTime",
                        (int64_t)c->date_from * 86400 - off * 60 + shift);
            put_instant(tp, "endDateTime",
                        ((int64_t)c->date_to + 1) * 86400 - off * 60 + shift);
        }
        if (c->has_from)
            put_instant(tp, "startDateTime", c->from_s);
        if (c->has_to)
            put_instant(tp, "endDateTime", c->to_s);
        json_object_object_add(tp, "schedule", sched);
        json_object_array_add(out, tp);
    }
}

static int known_reason(const char *s, size_t n)
{
    for (size_t j = 0; j < sizeof reasons / sizeof reasons[0]; j++)
        if (strlen(reasons[j]) == n && strncmp(s, reasons[j], n) == 0)
            return 1;
    return 0;
}

/* The zone's reason as ED-318 reasons when every comma-separated part is one; NULL else. */
static json_object *reason_array(const char *r)
{
    json_object *a = json_object_new_array();
    while (r && *r) {
        const char *c = strchr(r, ',');
        size_t n = c ? (size_t)(c - r) : strlen(r);
        if (!known_reason(r, n)) {
            json_object_put(a);
            return NULL;
        }
        json_object_array_add(a, json_object_new_string_len(r, (int)n));
        r = c ? c + 1 : NULL;
    }
    return a;
}

static json_object *copy_of(json_object *ed, const char *key)
{
    json_object *v = NULL;
    if (ed == NULL || !json_object_object_get_ex(ed, key, &v) || v == NULL)
        return NULL;
    return json_object_get(v);
}

static sky_status zone_feature(const sky_zone *z, size_t index, json_object *features,
                               sky_error *err)
{
    json_object *f = json_object_new_object(), *p = json_object_new_object(), *g;
    json_object *vp = z->vol[0].props ? json_tokener_parse(z->vol[0].props) : NULL;
    json_object *ed = NULL, *sky = json_object_new_object(), *ext, *v;
    char ident[16];
    const char *country = NULL;
    sky_ref ref = {NULL, (long)index, z->id, "schedule"};

    if (vp != NULL && json_object_object_get_ex(vp, "ed318", &ed) &&
        !json_object_is_type(ed, json_type_object))
        ed = NULL;
    if (strlen(z->id) <= 7) {
        snprintf(ident, sizeof ident, "%s", z->id);
    } else { /* ED-318 identifiers have at most 7 characters: a numbered one, the id kept */
        static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        size_t n = index;
        memcpy(ident, "SK00000", 8); /* SK + the zone's position in base 36 (60 million) */
        for (int i = 6; i >= 2 && n > 0; i--, n /= 36)
            ident[i] = b36[n % 36];
        json_object_object_add(sky, "id", json_object_new_string(z->id));
    }
    json_object_object_add(p, "identifier", json_object_new_string(ident));
    v = copy_of(ed, "country");
    country = json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
    /* XXX: ISO 3166 leaves X-codes to users; skylane zones carry no country */
    json_object_object_add(p, "country", json_object_new_string(
                                             country && strlen(country) == 3 ? country : "XXX"));
    json_object_put(v);
    if ((v = copy_of(ed, "name")) != NULL) {
        json_object_object_add(p, "name", v);
    } else if (z->name || z->name_en) {
        json_object *a = json_object_new_array();
        if (z->name) /* "und": BCP 47 for a language not given */
            json_object_array_add(a, text_item(z->name, "und"));
        if (z->name_en)
            json_object_array_add(a, text_item(z->name_en, "en"));
        json_object_object_add(p, "name", a);
    }
    json_object_object_add(p, "type", json_object_new_string(
                                          z->restriction == SKY_RESTR_REQ_AUTHORISATION
                                              ? "REQ_AUTHORIZATION"
                                              : sky_restriction_name(z->restriction)));
    v = copy_of(ed, "variant");
    json_object_object_add(p, "variant", v ? v : json_object_new_string("COMMON"));
    if (z->reason) {
        json_object *a = reason_array(z->reason);
        if (a == NULL) {
            a = json_object_new_array();
            json_object_array_add(a, json_object_new_string("OTHER"));
            json_object_object_add(p, "otherReasonInfo", texts(z->reason, "und"));
            json_object_object_add(sky, "reason", json_object_new_string(z->reason));
        } else if ((v = copy_of(ed, "otherReasonInfo")) != NULL) {
            json_object_object_add(p, "otherReasonInfo", v);
        }
        json_object_object_add(p, "reason", a);
    }
    if ((v = copy_of(ed, "message")) != NULL)
        json_object_object_add(p, "message", v);
    v = copy_of(ed, "zoneAuthority");
    if (v == NULL) {
        json_object *auth = json_object_new_object();
        v = json_object_new_array();
        json_object_object_add(auth, "name", texts("not given", "en"));
        json_object_object_add(auth, "purpose", json_object_new_string("INFORMATION"));
        json_object_array_add(v, auth);
    }
    json_object_object_add(p, "zoneAuthority", v);
    if (z->schedule) {
        sky_schedule s;
        json_object *la;
        if (sky_schedule_parse(z->schedule, &s, &ref, err) != SKY_OK) {
            json_object_put(f);
            json_object_put(p);
            json_object_put(vp);
            json_object_put(sky);
            return SKY_E_BAD_VALUE;
        }
        la = json_object_new_array();
        for (size_t i = 0; i < s.nclauses; i++)
            clause_periods(&s.clauses[i], la);
        sky_schedule_clear(&s);
        json_object_object_add(p, "limitedApplicability", la);
    }
    ext = copy_of(ed, "extendedProperties");
    if (json_object_object_length(sky) > 0) {
        if (ext == NULL || !json_object_is_type(ext, json_type_object)) {
            json_object_put(ext);
            ext = json_object_new_object();
        }
        json_object_object_add(ext, "skylane", sky);
    } else {
        json_object_put(sky);
    }
    if (ext != NULL)
        json_object_object_add(p, "extendedProperties", ext);
    json_object_put(vp);

    if (z->nvol == 1) {
        g = volume_geometry(&z->vol[0]);
    } else {
        json_object *parts = json_object_new_array();
        g = json_object_new_object();
        json_object_object_add(g, "type", json_object_new_string("GeometryCollection"));
        for (size_t k = 0; k < z->nvol; k++)
            json_object_array_add(parts, volume_geometry(&z->vol[k]));
        json_object_object_add(g, "geometries", parts);
    }
    json_object_object_add(f, "type", json_object_new_string("Feature"));
    json_object_object_add(f, "geometry", g);
    json_object_object_add(f, "properties", p);
    json_object_array_add(features, f);
    return SKY_OK;
}

sky_status sky_rt_write_ed318(const sky_airspace *as, char **json, size_t *len, sky_error *err)
{
    json_object *root = json_object_new_object(), *features = json_object_new_array();
    const char *text;
    sky_status rc = SKY_OK;
    json_object_object_add(root, "type", json_object_new_string("FeatureCollection"));
    json_object_object_add(root, "features", features);
    for (size_t i = 0; i < as->nzones && rc == SKY_OK; i++)
        rc = zone_feature(&as->zones[i], i, features, err);
    if (rc == SKY_OK) {
        text = json_object_to_json_string_ext(root, SKY_JSTR_FLAGS | JSON_C_TO_STRING_PRETTY |
                                                        JSON_C_TO_STRING_SPACED);
        *json = text ? sky_strdup(text) : NULL;
        if (*json == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory writing ED-318");
        else if (len)
            *len = strlen(*json);
    }
    json_object_put(root);
    return rc;
}
