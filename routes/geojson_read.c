/*
 * geojson_read.c - native GeoJSON in: one FeatureCollection (or Feature) in the property schema
 * of data/luohu/README.md, parsed with json-c and checked feature by feature. Every error names
 * the source, the feature index and id, and the field; nothing is written anywhere from here.
 * Invariant: a record appended to the airspace is complete and valid (rings closed, polygons
 * valid and oriented as RFC 7946 asks, numbers finite, bands ordered).
 */
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes/read_int.h"
#include "routes/routes.h"
#include "routes/schedule.h"
#include "routes/domain.h"

typedef sky_rd rd; /* the reading state, shared with the other importers */

#define JSTR_FLAGS SKY_JSTR_FLAGS

/* --- errors and warnings, naming source, feature and field ---------------------------- */

sky_status sky_rd_fail(rd *r, sky_status code, const char *field, const char *fmt, ...)
{
    sky_ref ref = {r->source, r->index, r->id, field};
    va_list ap;
    va_start(ap, fmt);
    sky_vfail(r->err, code, &ref, fmt, ap);
    va_end(ap);
    return code;
}

void sky_rd_warn(rd *r, const char *field, const char *fmt, ...)
{
    sky_error e;
    sky_ref ref = {r->source, r->index, r->id, field};
    va_list ap;
    if (r->opts->report == NULL)
        return;
    va_start(ap, fmt);
    sky_vfail(&e, SKY_OK, &ref, fmt, ap);
    va_end(ap);
    e.severity = SKY_SEV_WARNING;
    r->opts->report(r->opts->user, &e);
}

sky_status sky_rd_nomem(rd *r)
{
    return sky_rd_fail(r, SKY_E_NOMEM, "", "out of memory");
}

/* --- numbers and strings ----------------------------------------------------------------- */

/* 1: a finite number in *d; 0: not a number; -1: a number that is not finite or overflows. */
static int num_value(json_object *o, double *d)
{
    switch (json_object_get_type(o)) {
    case json_type_double:
        *d = json_object_get_double(o);
        return isfinite(*d) ? 1 : -1;
    case json_type_int: {
        /* json-c saturates integers that overflow: INT64_MIN below, UINT64_MAX above */
        int64_t i = json_object_get_int64(o);
        uint64_t u = json_object_get_uint64(o);
        if (i == INT64_MIN || u == UINT64_MAX)
            return -1;
        *d = i == INT64_MAX ? (double)u : (double)i;
        return 1;
    }
    default:
        return 0;
    }
}

static sky_status get_number(rd *r, json_object *props, const char *key, int required,
                             double *out, int *present)
{
    json_object *o = NULL;
    double d;
    int k;
    if (present)
        *present = 0;
    if (!json_object_object_get_ex(props, key, &o) || o == NULL) {
        if (required)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "required number is missing");
        return SKY_OK;
    }
    k = num_value(o, &d);
    if (k == 0) {
        if (json_object_is_type(o, json_type_string))
            return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "must be a number, not the string \"%.40s\"",
                         json_object_get_string(o));
        return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "must be a number");
    }
    if (k < 0)
        return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "is not a finite number");
    *out = d;
    if (present)
        *present = 1;
    return SKY_OK;
}

/* A string property copied into the arena; NULL when absent or null. */
static sky_status get_string(rd *r, json_object *props, const char *key, int required,
                             const char **out)
{
    json_object *o = NULL;
    *out = NULL;
    if (!json_object_object_get_ex(props, key, &o) || o == NULL) {
        if (required)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "required text is missing");
        return SKY_OK;
    }
    if (!json_object_is_type(o, json_type_string))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "must be a string");
    *out = sky_arena_strdup(&r->as->arena, json_object_get_string(o));
    return *out ? SKY_OK : sky_rd_nomem(r);
}

/* Every number anywhere in o must be finite (DOMAIN.md "Limits on input"), and no string may
 * hold a NUL character (C text would silently end there). */
static sky_status check_finite(rd *r, json_object *o, char *path, size_t cap)
{
    size_t base = strlen(path);
    double d;
    switch (json_object_get_type(o)) {
    case json_type_string:
        if (strlen(json_object_get_string(o)) != (size_t)json_object_get_string_len(o))
            return sky_rd_fail(r, SKY_E_BAD_VALUE, path, "holds a NUL character (\\u0000)");
        return SKY_OK;
    case json_type_double:
    case json_type_int:
        if (num_value(o, &d) < 0)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, path, "is not a finite number");
        return SKY_OK;
    case json_type_array:
        for (size_t i = 0; i < json_object_array_length(o); i++) {
            sky_status rc;
            snprintf(path + base, cap - base, "[%zu]", i);
            rc = check_finite(r, json_object_array_get_idx(o, i), path, cap);
            path[base] = '\0';
            if (rc != SKY_OK)
                return rc;
        }
        return SKY_OK;
    case json_type_object: {
        json_object_object_foreach(o, key, val)
        {
            sky_status rc;
            snprintf(path + base, cap - base, "%s%s", base ? "." : "", key);
            rc = check_finite(r, val, path, cap);
            path[base] = '\0';
            if (rc != SKY_OK)
                return rc;
        }
        return SKY_OK;
    }
    default:
        return SKY_OK;
    }
}

sky_status sky_rd_height(rd *r, const char *field, double v)
{
    if (!sky_rt_height_ok(v))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, field, "%g m is not a plausible height (at most "
                           "%.0f km from the reference)", v, SKY_MAX_HEIGHT_M / 1000);
    return SKY_OK;
}

sky_status sky_rd_radius(rd *r, const char *field, double v)
{
    if (!sky_rt_radius_ok(v))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, field, "a circle radius must be positive and at "
                           "most %.0f km (wider areas come as polygons)",
                           SKY_RD_MAX_RADIUS_M / 1000);
    return SKY_OK;
}

sky_status sky_rd_width(rd *r, const char *field, double v)
{
    if (!sky_rt_width_ok(v))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, field, "must be positive and at most 10,000 m");
    return SKY_OK;
}

sky_status sky_rd_band(rd *r, const char *lower_field, const char *upper_field,
                       const sky_band *b)
{
    switch (sky_rt_band_problem(b)) {
    case 1: return sky_rd_height(r, lower_field, b->lower_m);
    case 2: return sky_rd_height(r, upper_field, b->upper_m);
    case 3:
        return sky_rd_fail(r, SKY_E_BAD_VALUE, lower_field,
                           "lower limit %g m is above upper limit %g m (both %s)", b->lower_m,
                           b->upper_m, sky_rt_vref_name(b->lower_ref));
    default: return SKY_OK;
    }
}

/* Consecutive positions more than 180 degrees of longitude apart: the shape crosses the
 * antimeridian, which RFC 7946 (3.1.9) asks to be cut there into parts. */
static sky_status check_antimeridian(rd *r, const sky_lonlat *p, size_t n, const char *path)
{
    for (size_t i = 1; i < n; i++)
        if (fabs(p[i].lon - p[i - 1].lon) > 180.0)
            return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path,
                               "positions %zu and %zu cross the antimeridian: cut the shape "
                               "there into parts (RFC 7946, 3.1.9)", i - 1, i);
    return SKY_OK;
}

/* --- geometry --------------------------------------------------------------------------- */

static sky_status parse_position(rd *r, json_object *pos, const char *path, sky_lonlat *p,
                                 double *z, int *has_z)
{
    size_t n;
    double v[3] = {0, 0, 0};
    if (!json_object_is_type(pos, json_type_array))
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "a position must be an array [lon, lat]");
    n = json_object_array_length(pos);
    if (n < 2)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "a position needs at least 2 numbers");
    for (size_t i = 0; i < n && i < 3; i++) {
        int k = num_value(json_object_array_get_idx(pos, i), &v[i]);
        if (k == 0)
            return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "coordinate %zu is not a number", i);
        if (k < 0)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, path, "coordinate %zu is not a finite number", i);
    }
    if (v[0] < -180.0 || v[0] > 180.0)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "longitude %.10g is outside [-180, 180]",
                     v[0]);
    if (v[1] < -90.0 || v[1] > 90.0)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "latitude %.10g is outside [-90, 90]", v[1]);
    if (n >= 3 && !(fabs(v[2]) <= SKY_MAX_HEIGHT_M))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, path, "height %g m is not plausible (at most "
                           "%.0f km from the ellipsoid)", v[2], SKY_MAX_HEIGHT_M / 1000);
    p->lon = v[0];
    p->lat = v[1];
    if (z)
        *z = v[2];
    if (has_z)
        *has_z = n >= 3;
    return SKY_OK;
}

static sky_status parse_ring(rd *r, json_object *arr, const char *path, sky_ring *ring)
{
    char sub[200];
    size_t n;
    if (!json_object_is_type(arr, json_type_array))
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "a ring must be an array of positions");
    n = json_object_array_length(arr);
    ring->pts = sky_arena_alloc(&r->as->arena, (n + 1) * sizeof *ring->pts);
    if (ring->pts == NULL)
        return sky_rd_nomem(r);
    for (size_t i = 0; i < n; i++) {
        sky_status rc;
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        rc = parse_position(r, json_object_array_get_idx(arr, i), sub, &ring->pts[i], NULL,
                            NULL);
        if (rc != SKY_OK)
            return rc;
    }
    ring->n = n;
    {
        sky_status rc = check_antimeridian(r, ring->pts, n, path);
        if (rc != SKY_OK)
            return rc;
    }
    if (n > 0 && (ring->pts[0].lon != ring->pts[n - 1].lon ||
                  ring->pts[0].lat != ring->pts[n - 1].lat)) {
        if (!r->opts->repair)
            return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path,
                         "ring is not closed: its last position differs from its first "
                         "(repair with --repair)");
        ring->pts[n] = ring->pts[0];
        ring->n = ++n;
        sky_rd_warn(r, path, "repaired: ring was not closed; closed it");
        (*r->repaired)++;
    }
    if (n < 4)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path,
                     "a ring needs at least 4 positions (first = last), has %zu", n);
    return SKY_OK;
}

static sky_status parse_polygon(rd *r, json_object *arr, const char *path, sky_poly *poly)
{
    char sub[160];
    size_t n;
    if (!json_object_is_type(arr, json_type_array) || json_object_array_length(arr) == 0)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, path, "a polygon must be a non-empty array of rings");
    n = json_object_array_length(arr);
    poly->nrings = n;
    poly->rings = sky_arena_alloc(&r->as->arena, n * sizeof *poly->rings);
    if (poly->rings == NULL)
        return sky_rd_nomem(r);
    for (size_t i = 0; i < n; i++) {
        sky_status rc;
        snprintf(sub, sizeof sub, "%s[%zu]", path, i);
        rc = parse_ring(r, json_object_array_get_idx(arr, i), sub, &poly->rings[i]);
        if (rc != SKY_OK)
            return rc;
    }
    return SKY_OK;
}

static const char *geom_type(json_object *geom)
{
    json_object *t;
    if (geom == NULL || !json_object_is_type(geom, json_type_object) ||
        !json_object_object_get_ex(geom, "type", &t) || !json_object_is_type(t, json_type_string))
        return NULL;
    return json_object_get_string(t);
}

static json_object *geom_coords(json_object *geom)
{
    json_object *c = NULL;
    json_object_object_get_ex(geom, "coordinates", &c);
    return c;
}

/* Polygon or MultiPolygon -> checked, repaired if asked, oriented mpoly. */
/* path: the geometry's field ("geometry", or an ED geometry entry) */
static sky_status parse_area(rd *r, json_object *geom, const char *path, sky_footprint *fp)
{
    char fcoords[128], ftype[128];
    const char *t = geom_type(geom);
    json_object *c = geom_coords(geom);
    sky_mpoly *m = &fp->area;
    sky_ref ref = {r->source, r->index, r->id, path};
    sky_status rc;

    snprintf(fcoords, sizeof fcoords, "%s.coordinates", path);
    snprintf(ftype, sizeof ftype, "%s.type", path);

    if (t != NULL && strcmp(t, "Polygon") == 0) {
        m->npolys = 1;
        m->polys = sky_arena_alloc(&r->as->arena, sizeof *m->polys);
        if (m->polys == NULL)
            return sky_rd_nomem(r);
        rc = parse_polygon(r, c, fcoords, &m->polys[0]);
    } else if (t != NULL && strcmp(t, "MultiPolygon") == 0) {
        size_t n;
        if (!json_object_is_type(c, json_type_array) || json_object_array_length(c) == 0)
            return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, fcoords,
                         "a MultiPolygon needs a non-empty array of polygons");
        n = json_object_array_length(c);
        fp->multi = 1;
        m->npolys = n;
        m->polys = sky_arena_alloc(&r->as->arena, n * sizeof *m->polys);
        if (m->polys == NULL)
            return sky_rd_nomem(r);
        rc = SKY_OK;
        for (size_t i = 0; i < n && rc == SKY_OK; i++) {
            char sub[160];
            snprintf(sub, sizeof sub, "%s[%zu]", fcoords, i);
            rc = parse_polygon(r, json_object_array_get_idx(c, i), sub, &m->polys[i]);
        }
    } else {
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, ftype,
                     "expected Polygon or MultiPolygon, found %s", t ? t : "no geometry");
    }
    if (rc != SKY_OK)
        return rc;
    rc = sky_geo_mpoly_check(r->g, m, &ref, r->err);
    if (rc == SKY_E_BAD_GEOMETRY && r->opts->repair) {
        sky_mpoly fixed;
        char what[160];
        rc = sky_geo_mpoly_make_valid(r->g, &r->as->arena, m, &fixed, what, sizeof what, &ref,
                                      r->err);
        if (rc != SKY_OK)
            return rc;
        sky_rd_warn(r, path, "repaired: %s (GEOSMakeValid, %zu polygon part%s)", what,
               fixed.npolys, fixed.npolys == 1 ? "" : "s");
        (*r->repaired)++;
        *m = fixed;
        fp->multi = fp->multi || fixed.npolys > 1;
        return SKY_OK;
    }
    if (rc != SKY_OK)
        return rc;
    return sky_geo_mpoly_orient(r->g, m, r->err);
}

static sky_status parse_line(rd *r, json_object *geom, sky_line *line)
{
    const char *t = geom_type(geom);
    json_object *c = geom_coords(geom);
    size_t n;
    int any_z = 0, all_z = 1;

    if (t == NULL || strcmp(t, "LineString") != 0)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, "geometry.type", "expected LineString, found %s",
                     t ? t : "no geometry");
    if (!json_object_is_type(c, json_type_array) || json_object_array_length(c) < 2)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, "geometry.coordinates",
                     "a LineString needs at least 2 positions");
    n = json_object_array_length(c);
    line->n = n;
    line->pts = sky_arena_alloc(&r->as->arena, n * sizeof *line->pts);
    line->z = sky_arena_alloc(&r->as->arena, n * sizeof *line->z);
    if (line->pts == NULL || line->z == NULL)
        return sky_rd_nomem(r);
    for (size_t i = 0; i < n; i++) {
        char sub[48];
        int hz = 0;
        sky_status rc;
        snprintf(sub, sizeof sub, "geometry.coordinates[%zu]", i);
        rc = parse_position(r, json_object_array_get_idx(c, i), sub, &line->pts[i],
                            &line->z[i], &hz);
        if (rc != SKY_OK)
            return rc;
        any_z |= hz;
        all_z &= hz;
    }
    if (any_z && !all_z)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, "geometry.coordinates",
                     "some positions have a height and others do not");
    {
        sky_status rc = check_antimeridian(r, line->pts, n, "geometry.coordinates");
        if (rc != SKY_OK)
            return rc;
    }
    if (!any_z)
        line->z = NULL;
    return SKY_OK;
}

static sky_status parse_point(rd *r, json_object *geom, sky_lonlat *p)
{
    const char *t = geom_type(geom);
    if (t == NULL || strcmp(t, "Point") != 0)
        return sky_rd_fail(r, SKY_E_BAD_GEOMETRY, "geometry.type", "expected Point, found %s",
                     t ? t : "no geometry");
    return parse_position(r, geom_coords(geom), "geometry.coordinates", p, NULL, NULL);
}

/* --- properties shared by layers --------------------------------------------------------- */

static sky_status props_text(rd *r, json_object *props, const char **out)
{
    *out = sky_arena_strdup(&r->as->arena, json_object_to_json_string_ext(props, JSTR_FLAGS));
    return *out ? SKY_OK : sky_rd_nomem(r);
}

static sky_status get_ref(rd *r, json_object *props, const char *key, const char *fallback,
                          sky_vref *out)
{
    const char *s = NULL;
    sky_status rc = get_string(r, props, key, 0, &s);
    if (rc != SKY_OK)
        return rc;
    if (s == NULL) {
        if (fallback == NULL)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, "vertical_reference",
                         "required: AGL or AMSL (or %s)", key);
        s = fallback;
        key = "vertical_reference";
    }
    if (!sky_rt_vref_parse(s, out))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, key, "unknown vertical reference \"%.32s\" "
                     "(expected AGL, AMSL or WGS84)", s);
    return SKY_OK;
}

/* lower_m, upper_m (null or absent: unbounded), vertical_reference / lower_ref / upper_ref. */
static sky_status parse_band(rd *r, json_object *props, sky_band *b)
{
    const char *vref = NULL;
    int has_upper = 0;
    sky_status rc = get_number(r, props, "lower_m", 1, &b->lower_m, NULL);
    if (rc == SKY_OK)
        rc = get_number(r, props, "upper_m", 0, &b->upper_m, &has_upper);
    if (rc == SKY_OK)
        rc = get_string(r, props, "vertical_reference", 0, &vref);
    if (rc == SKY_OK && vref != NULL && !sky_rt_vref_parse(vref, &b->lower_ref))
        rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "vertical_reference",
                   "unknown vertical reference \"%.32s\" (expected AGL, AMSL or WGS84)", vref);
    if (rc == SKY_OK)
        rc = get_ref(r, props, "lower_ref", vref, &b->lower_ref);
    if (rc == SKY_OK)
        rc = get_ref(r, props, "upper_ref", vref, &b->upper_ref);
    if (rc != SKY_OK)
        return rc;
    if (!has_upper)
        b->upper_m = INFINITY;
    return sky_rd_band(r, "lower_m", "upper_m", b);
}

static sky_status parse_names(rd *r, json_object *props, const char **name, const char **name_en)
{
    sky_status rc = get_string(r, props, "name", 0, name);
    return rc == SKY_OK ? get_string(r, props, "name_en", 0, name_en) : rc;
}

/* An optional schedule: parsed here so that a bad one is refused at import, not at use. */
static sky_status get_schedule(rd *r, json_object *props, const char **out)
{
    sky_schedule sch;
    sky_ref ref = {r->source, r->index, r->id, "schedule"};
    sky_status rc = get_string(r, props, "schedule", 0, out);
    if (rc != SKY_OK || *out == NULL)
        return rc;
    rc = sky_schedule_parse(*out, &sch, &ref, r->err);
    sky_schedule_clear(&sch);
    return rc;
}

/* --- layers --------------------------------------------------------------------------- */

static sky_status read_zone(rd *r, json_object *feat, json_object *props, json_object *geom)
{
    sky_zone *z;
    sky_volume *v;
    const char *restr = NULL, *gt = geom_type(geom);
    double radius = 0;
    int has_radius = 0, has_volume = 0;
    json_object *center = NULL;
    double vol = 0;
    sky_status rc;

    z = sky_rt_add_zone(r->as);
    v = sky_arena_alloc(&r->as->arena, sizeof *v);
    if (z == NULL || v == NULL)
        return sky_rd_nomem(r);
    z->id = r->id;
    z->nvol = 1;
    z->vol = v;
    v->at.src = r->source;
    v->at.index = r->index;
    z->original = sky_arena_strdup(&r->as->arena, json_object_to_json_string_ext(feat, JSTR_FLAGS));
    if (z->original == NULL)
        return sky_rd_nomem(r);
    rc = get_string(r, props, "restriction", 1, &restr);
    if (rc == SKY_OK && !sky_rt_restriction_parse(restr, &z->restriction))
        rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "restriction",
                   "unknown restriction \"%.40s\" (expected PROHIBITED, REQ_AUTHORISATION, "
                   "CONDITIONAL or NO_RESTRICTION)", restr);
    if (rc == SKY_OK)
        rc = parse_names(r, props, &z->name, &z->name_en);
    if (rc == SKY_OK)
        rc = get_string(r, props, "reason", 0, &z->reason);
    if (rc == SKY_OK)
        rc = get_schedule(r, props, &z->schedule);
    if (rc == SKY_OK)
        rc = parse_band(r, props, &v->band);
    if (rc == SKY_OK)
        rc = get_number(r, props, "volume", 0, &vol, &has_volume);
    if (rc != SKY_OK)
        return rc;
    if (has_volume && (vol < 0 || vol > 100000 || vol != (double)(int)vol))
        return sky_rd_fail(r, SKY_E_BAD_VALUE, "volume", "must be a whole number from 0");
    v->index = has_volume ? (int)vol : -1;

    rc = get_number(r, props, "radius_m", 0, &radius, &has_radius);
    if (rc != SKY_OK)
        return rc;
    json_object_object_get_ex(props, "center", &center);
    if (has_radius && (gt == NULL || strcmp(gt, "Point") == 0 || center != NULL)) {
        /* a circle: a Point with radius_m, or an exported polygon with center and radius_m */
        int is_point = gt != NULL && strcmp(gt, "Point") == 0;
        rc = sky_rd_circle(r, is_point ? geom_coords(geom) : center,
                           is_point ? "geometry.coordinates" : "center", radius, "radius_m",
                           &v->fp);
        if (rc != SKY_OK)
            return rc;
        /* the circle is the centre and radius; the polygon is derived again on export */
        json_object_object_del(props, "center");
    } else if (gt != NULL && strcmp(gt, "Point") == 0) {
        return sky_rd_fail(r, SKY_E_BAD_VALUE, "radius_m", "a zone given as a Point needs radius_m");
    } else {
        rc = parse_area(r, geom, "geometry", &v->fp);
        if (rc != SKY_OK)
            return rc;
    }
    return props_text(r, props, &v->props);
}

static sky_status read_vertiport(rd *r, json_object *props, json_object *geom)
{
    sky_vertiport *vp = sky_rt_add_vertiport(r->as);
    const char *kind = NULL;
    int has_elev = 0;
    sky_status rc;
    if (vp == NULL)
        return sky_rd_nomem(r);
    vp->id = r->id;
    vp->at.src = r->source;
    vp->at.index = r->index;
    rc = parse_names(r, props, &vp->name, &vp->name_en);
    if (rc == SKY_OK)
        rc = get_string(r, props, "kind", 1, &kind);
    if (rc == SKY_OK && !sky_rt_vp_kind_parse(kind, &vp->kind))
        rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "kind", "unknown vertiport kind \"%.40s\" (expected "
                   "hub, helipad, sightseeing_pad or delivery_pad)", kind);
    if (rc == SKY_OK)
        rc = get_number(r, props, "ground_elevation_m", 0, &vp->ground_elevation_m, &has_elev);
    if (rc == SKY_OK && has_elev)
        rc = sky_rd_height(r, "ground_elevation_m", vp->ground_elevation_m);
    if (rc == SKY_OK)
        rc = parse_point(r, geom, &vp->pos);
    if (rc != SKY_OK)
        return rc;
    if (!has_elev)
        vp->ground_elevation_m = NAN;
    return props_text(r, props, &vp->props);
}

static sky_status read_contour(rd *r, json_object *props, json_object *geom)
{
    sky_contour *c = sky_rt_add_contour(r->as);
    double slope = 0;
    int has_slope = 0;
    sky_status rc;
    if (c == NULL)
        return sky_rd_nomem(r);
    c->id = r->id;
    c->at.src = r->source;
    c->at.index = r->index;
    rc = get_number(r, props, "min_elevation_m", 1, &c->min_elevation_m, NULL);
    if (rc == SKY_OK)
        rc = sky_rd_height(r, "min_elevation_m", c->min_elevation_m);
    if (rc == SKY_OK)
        rc = get_number(r, props, "flank_slope", 0, &slope, &has_slope);
    if (rc == SKY_OK && has_slope && !(slope > 0))
        rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "flank_slope", "must be positive");
    if (rc == SKY_OK)
        rc = parse_area(r, geom, "geometry", &c->fp);
    if (rc != SKY_OK)
        return rc;
    if (has_slope)
        r->as->terrain_flank_slope = slope;
    return props_text(r, props, &c->props);
}

static sky_status read_route(rd *r, json_object *props, json_object *geom)
{
    sky_route_rec *rt = sky_rt_add_route(r->as);
    const char *ref = NULL;
    int has_alt = 0, has_width = 0;
    sky_status rc;
    if (rt == NULL)
        return sky_rd_nomem(r);
    rt->id = r->id;
    rt->at.src = r->source;
    rt->at.index = r->index;
    rc = parse_names(r, props, &rt->name, &rt->name_en);
    if (rc == SKY_OK)
        rc = get_string(r, props, "kind", 0, &rt->kind);
    if (rc == SKY_OK)
        rc = get_string(r, props, "from", 0, &rt->from);
    if (rc == SKY_OK)
        rc = get_string(r, props, "to", 0, &rt->to);
    if (rc == SKY_OK)
        rc = get_number(r, props, "altitude_m", 0, &rt->altitude_m, &has_alt);
    if (rc == SKY_OK && has_alt)
        rc = sky_rd_height(r, "altitude_m", rt->altitude_m);
    if (rc == SKY_OK)
        rc = get_number(r, props, "width_m", 0, &rt->width_m, &has_width);
    if (rc == SKY_OK && has_width)
        rc = sky_rd_width(r, "width_m", rt->width_m);
    if (rc == SKY_OK)
        rc = get_string(r, props, "altitude_ref", 0, &ref);
    if (rc == SKY_OK && ref != NULL && !sky_rt_vref_parse(ref, &rt->altitude_ref))
        rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "altitude_ref", "unknown reference \"%.32s\" (expected "
                   "AGL or AMSL)", ref);
    if (rc == SKY_OK)
        rc = parse_line(r, geom, &rt->line);
    if (rc != SKY_OK)
        return rc;
    if (!has_alt)
        rt->altitude_m = NAN;
    if (!has_width)
        rt->width_m = NAN;
    if (ref == NULL)
        rt->altitude_ref = SKY_VREF_AGL; /* DOMAIN.md: default reference AGL */
    return props_text(r, props, &rt->props);
}

static sky_status read_corridor(rd *r, json_object *props, json_object *geom)
{
    sky_corridor *c = sky_rt_add_corridor(r->as);
    const char *dir = NULL;
    sky_status rc;
    if (c == NULL)
        return sky_rd_nomem(r);
    c->id = r->id;
    c->at.src = r->source;
    c->at.index = r->index;
    rc = parse_names(r, props, &c->name, &c->name_en);
    if (rc == SKY_OK)
        rc = get_number(r, props, "width_m", 1, &c->width_m, NULL);
    if (rc == SKY_OK)
        rc = sky_rd_width(r, "width_m", c->width_m);
    if (rc == SKY_OK)
        rc = parse_band(r, props, &c->band);
    if (rc == SKY_OK)
        rc = get_string(r, props, "direction", 1, &dir);
    if (rc == SKY_OK) {
        if (strcmp(dir, "two-way") == 0)
            c->two_way = 1;
        else if (strcmp(dir, "one-way") != 0)
            rc = sky_rd_fail(r, SKY_E_BAD_VALUE, "direction",
                       "unknown direction \"%.32s\" (expected one-way or two-way)", dir);
    }
    if (rc == SKY_OK)
        rc = get_schedule(r, props, &c->schedule);
    if (rc == SKY_OK)
        rc = get_string(r, props, "from", 0, &c->from);
    if (rc == SKY_OK)
        rc = get_string(r, props, "to", 0, &c->to);
    if (rc == SKY_OK)
        rc = parse_line(r, geom, &c->line);
    if (rc != SKY_OK)
        return rc;
    return props_text(r, props, &c->props);
}

static sky_status read_profile(rd *r, json_object *props)
{
    static const char *const keys[] = {"speed_mps", "climb_mps", "descent_mps", "range_m"};
    sky_profile *p = sky_rt_add_profile(r->as);
    double *dst[4];
    sky_status rc = SKY_OK;
    if (p == NULL)
        return sky_rd_nomem(r);
    dst[0] = &p->speed_mps;
    dst[1] = &p->climb_mps;
    dst[2] = &p->descent_mps;
    dst[3] = &p->range_m;
    p->name = r->id;
    p->at.src = r->source;
    p->at.index = r->index;
    for (int i = 0; i < 4 && rc == SKY_OK; i++) {
        const char *bad;
        rc = get_number(r, props, keys[i], 1, dst[i], NULL);
        if (rc == SKY_OK && (bad = sky_profile_figure_check(i, *dst[i])) != NULL)
            rc = sky_rd_fail(r, SKY_E_BAD_VALUE, keys[i], "must be %s", bad);
    }
    if (rc != SKY_OK)
        return rc;
    return props_text(r, props, &p->props);
}

/* Which layer a feature feeds, from its properties and geometry (DOMAIN.md layer names). */
static int detect_layer(json_object *props, json_object *geom)
{
    const char *t = geom_type(geom);
    json_object *o;
    if (json_object_object_get_ex(props, "restriction", &o))
        return SKY_LAYER_ZONES;
    if (json_object_object_get_ex(props, "min_elevation_m", &o))
        return SKY_LAYER_TERRAIN;
    if (json_object_object_get_ex(props, "speed_mps", &o))
        return SKY_LAYER_PROFILES;
    if (t != NULL && strcmp(t, "Point") == 0 &&
        (json_object_object_get_ex(props, "kind", &o) ||
         json_object_object_get_ex(props, "ground_elevation_m", &o)))
        return SKY_LAYER_VERTIPORTS;
    if (t != NULL && strcmp(t, "LineString") == 0)
        return json_object_object_get_ex(props, "direction", &o) ? SKY_LAYER_CORRIDORS
                                                                 : SKY_LAYER_ROUTES;
    return -1;
}

static sky_status read_feature(rd *r, json_object *feat)
{
    json_object *props = NULL, *geom = NULL, *o = NULL, *fid = NULL;
    char path[160] = "";
    const char *idkey;
    int layer;
    sky_status rc;

    r->id = NULL;
    if (!json_object_is_type(feat, json_type_object) ||
        !json_object_object_get_ex(feat, "type", &o) ||
        !json_object_is_type(o, json_type_string) ||
        strcmp(json_object_get_string(o), "Feature") != 0)
        return sky_rd_fail(r, SKY_E_BAD_JSON, "type", "not a GeoJSON Feature");
    json_object_object_get_ex(feat, "geometry", &geom);
    if (!json_object_object_get_ex(feat, "properties", &props) || props == NULL) {
        props = json_object_new_object();
        if (props == NULL || json_object_object_add(feat, "properties", props) != 0)
            return sky_rd_nomem(r);
    }
    if (!json_object_is_type(props, json_type_object))
        return sky_rd_fail(r, SKY_E_BAD_JSON, "properties", "must be an object");
    if (geom != NULL && !json_object_is_type(geom, json_type_object))
        return sky_rd_fail(r, SKY_E_BAD_JSON, "geometry", "must be an object or null");

    layer = r->opts->layer >= 0 ? r->opts->layer : detect_layer(props, geom);
    /* the identity: properties.id (profiles: name), else the Feature's id */
    idkey = layer == SKY_LAYER_PROFILES ? "name" : "id";
    if (json_object_object_get_ex(props, idkey, &o) && o != NULL) {
        if (!json_object_is_type(o, json_type_string) || json_object_get_string_len(o) == 0)
            return sky_rd_fail(r, SKY_E_BAD_VALUE, idkey, "must be a non-empty string");
        r->id = sky_arena_strdup(&r->as->arena, json_object_get_string(o));
    } else if (json_object_object_get_ex(feat, "id", &fid) && fid != NULL &&
               (json_object_is_type(fid, json_type_string) ||
                json_object_is_type(fid, json_type_int))) {
        if (strlen(json_object_get_string(fid)) != (size_t)json_object_get_string_len(fid))
            return sky_rd_fail(r, SKY_E_BAD_VALUE, "id", "holds a NUL character (\\u0000)");
        r->id = sky_arena_strdup(&r->as->arena, json_object_get_string(fid));
        /* normalise: the stored properties always carry the identity */
        if (r->id == NULL ||
            json_object_object_add(props, idkey, json_object_new_string(r->id)) != 0)
            return sky_rd_nomem(r);
    } else {
        return sky_rd_fail(r, SKY_E_BAD_VALUE, idkey, "required: every feature needs an %s", idkey);
    }
    if (r->id == NULL)
        return sky_rd_nomem(r);
    if (strlen(r->id) >= 64)
        return sky_rd_fail(r, SKY_E_BAD_VALUE, idkey, "longer than 63 bytes");

    rc = check_finite(r, props, path, sizeof path);
    if (rc != SKY_OK)
        return rc;
    switch (layer) {
    case SKY_LAYER_ZONES: return read_zone(r, feat, props, geom);
    case SKY_LAYER_VERTIPORTS: return read_vertiport(r, props, geom);
    case SKY_LAYER_TERRAIN: return read_contour(r, props, geom);
    case SKY_LAYER_ROUTES: return read_route(r, props, geom);
    case SKY_LAYER_CORRIDORS: return read_corridor(r, props, geom);
    case SKY_LAYER_PROFILES: return read_profile(r, props);
    default:
        return sky_rd_fail(r, SKY_E_BAD_VALUE, "properties",
                     "cannot tell which layer this feature feeds (no restriction, "
                     "min_elevation_m, kind or direction); give --layer");
    }
}

static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

sky_status sky_rt_json_parse(const char *text, size_t len, const sky_ref *ref,
                             struct json_object **out, sky_error *err)
{
    json_tokener *tok;
    json_object *root;
    enum json_tokener_error jerr;
    sky_status rc = SKY_OK;
    *out = NULL;
    if (len > INT_MAX)
        return sky_fail(err, SKY_E_TOO_LARGE, ref, "text over 2 GiB");
    tok = json_tokener_new_ex(64);
    if (tok == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
    root = json_tokener_parse_ex(tok, text, (int)len);
    jerr = json_tokener_get_error(tok);
    if (root != NULL && jerr == json_tokener_success) {
        /* only white space may follow the JSON text */
        size_t end = json_tokener_get_parse_end(tok);
        while (end < len && (text[end] == ' ' || text[end] == '\n' || text[end] == '\r' ||
                             text[end] == '\t'))
            end++;
        if (end < len) {
            size_t line, col;
            line_col(text, end, &line, &col);
            rc = sky_fail(err, SKY_E_BAD_JSON, ref,
                          "unexpected text after the JSON at line %zu, column %zu", line, col);
        }
    } else {
        size_t line, col;
        line_col(text, json_tokener_get_parse_end(tok), &line, &col);
        rc = sky_fail(err, SKY_E_BAD_JSON, ref, "not valid JSON at line %zu, column %zu: %s",
                      line, col,
                      jerr == json_tokener_continue ? "unexpected end of text"
                                                    : json_tokener_error_desc(jerr));
    }
    json_tokener_free(tok);
    if (rc != SKY_OK) {
        json_object_put(root);
        return rc;
    }
    *out = root;
    return SKY_OK;
}

sky_status sky_rt_parse_geojson(sky_geo *g, sky_airspace *as, const char *source,
                                const char *text, size_t len, const sky_parse_opts *opts,
                                size_t *repaired, sky_error *err)
{
    rd r = {g, as, NULL, opts, repaired, err, -1, NULL};
    json_object *root = NULL, *o = NULL, *features = NULL;
    sky_status rc = SKY_OK;
    const char *type;
    int fmt;

    r.source = sky_arena_strdup(&as->arena, source ? source : "<memory>");
    if (r.source == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    {
        sky_ref ref = {r.source, -1, NULL, ""};
        rc = sky_rt_json_parse(text, len, &ref, &root, err);
        if (rc != SKY_OK)
            return rc == SKY_E_NOMEM ? sky_rd_nomem(&r) : rc;
    }
    fmt = opts->format == SKY_FORMAT_AUTO ? sky_rt_detect_json_format(root) : opts->format;
    if (fmt == SKY_FORMAT_ED269 || fmt == SKY_FORMAT_ED318) {
        rc = fmt == SKY_FORMAT_ED269 ? sky_rt_read_ed269(&r, root) : sky_rt_read_ed318(&r, root);
        json_object_put(root);
        return rc;
    }
    type = json_object_is_type(root, json_type_object) &&
                   json_object_object_get_ex(root, "type", &o) &&
                   json_object_is_type(o, json_type_string)
               ? json_object_get_string(o)
               : NULL;
    if (type != NULL && strcmp(type, "FeatureCollection") == 0) {
        if (!json_object_object_get_ex(root, "features", &features) ||
            !json_object_is_type(features, json_type_array))
            rc = sky_rd_fail(&r, SKY_E_BAD_JSON, "features", "a FeatureCollection needs a features "
                       "array");
        for (size_t i = 0; rc == SKY_OK && i < json_object_array_length(features); i++) {
            r.index = (long)i;
            rc = read_feature(&r, json_object_array_get_idx(features, i));
        }
    } else if (type != NULL && strcmp(type, "Feature") == 0) {
        r.index = 0;
        rc = read_feature(&r, root);
    } else {
        rc = sky_rd_fail(&r, SKY_E_BAD_JSON, "type",
                   "expected a GeoJSON FeatureCollection or Feature, found %s",
                   type ? type : "no \"type\"");
    }
    json_object_put(root);
    return rc;
}

/* --- the shared checks, for the other importers (read_int.h) ----------------------------- */

int sky_rd_num(json_object *o, double *d)
{
    return num_value(o, d);
}

sky_status sky_rd_check_finite(rd *r, json_object *o, char *path, size_t cap)
{
    return check_finite(r, o, path, cap);
}

sky_status sky_rd_position(rd *r, json_object *pos, const char *path, sky_lonlat *p)
{
    return parse_position(r, pos, path, p, NULL, NULL);
}

sky_status sky_rd_circle(rd *r, json_object *center, const char *center_path, double radius,
                         const char *radius_path, sky_footprint *fp)
{
    sky_status rc = sky_rd_radius(r, radius_path, radius);
    if (rc == SKY_OK)
        rc = parse_position(r, center, center_path, &fp->center, NULL, NULL);
    if (rc != SKY_OK)
        return rc;
    fp->is_circle = 1;
    fp->radius_m = radius;
    return sky_geo_circle_polygon(&r->as->arena, fp->center, radius, &fp->area, r->err);
}

sky_status sky_rd_area(rd *r, json_object *geom, const char *path, sky_footprint *fp)
{
    return parse_area(r, geom, path, fp);
}

sky_status sky_rd_json_text(rd *r, json_object *o, const char **out)
{
    return props_text(r, o, out);
}

sky_status sky_rd_feature(rd *r, json_object *feat)
{
    return read_feature(r, feat);
}

/* --- gathering volumes and refusing duplicates ------------------------------------------ */

typedef struct keyed {
    const char *id;
    size_t pos; /* index in its layer's array: input order */
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static sky_status dup_error(sky_error *err, const sky_origin *later, const sky_origin *first,
                            const char *id, const char *layer, const char *key)
{
    sky_ref ref = {later->src, later->index, id, key};
    return sky_fail(err, SKY_E_DUPLICATE_ID, &ref,
                    "duplicate %s id \"%s\" (first at %s feature %ld)", layer, id,
                    first->src ? first->src : "?", first->index);
}

/* Sort (id, position) pairs of one layer; returns NULL on OOM. */
static keyed *sorted_keys(size_t n, const char *(*idof)(const sky_airspace *, size_t),
                          const sky_airspace *as)
{
    keyed *k = sky_calloc(n ? n : 1, sizeof *k);
    if (k == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        k[i].id = idof(as, i);
        k[i].pos = i;
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    return k;
}

#define SKY_IDOF(fn, arr, field)                                                               \
    static const char *fn(const sky_airspace *as, size_t i)                                    \
    {                                                                                          \
        return as->arr[i].field;                                                               \
    }
SKY_IDOF(id_vp, vps, id)
SKY_IDOF(id_contour, contours, id)
SKY_IDOF(id_route, routes, id)
SKY_IDOF(id_corridor, corridors, id)
SKY_IDOF(id_profile, profiles, name)
SKY_IDOF(id_zone, zones, id)

static const sky_origin *origin_of(const sky_airspace *as, int layer, size_t i)
{
    switch (layer) {
    case SKY_LAYER_VERTIPORTS: return &as->vps[i].at;
    case SKY_LAYER_TERRAIN: return &as->contours[i].at;
    case SKY_LAYER_ROUTES: return &as->routes[i].at;
    case SKY_LAYER_CORRIDORS: return &as->corridors[i].at;
    case SKY_LAYER_PROFILES: return &as->profiles[i].at;
    default: return &as->zones[i].vol[0].at;
    }
}

static sky_status check_unique(const sky_airspace *as, int layer, size_t n,
                               const char *(*idof)(const sky_airspace *, size_t),
                               sky_error *err)
{
    keyed *k = sorted_keys(n, idof, as);
    sky_status rc = SKY_OK;
    if (k == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 1; i < n && rc == SKY_OK; i++)
        if (strcmp(k[i].id, k[i - 1].id) == 0)
            rc = dup_error(err, origin_of(as, layer, k[i].pos), origin_of(as, layer, k[i - 1].pos),
                           k[i].id, sky_layer_name((sky_layer)layer),
                           layer == SKY_LAYER_PROFILES ? "name" : "id");
    sky_free(k);
    return rc;
}

/* Stable insertion sort by volume index: groups are small, and among equal indexes the
 * input order decides which feature a duplicate error names as the later one. */
static void sort_volumes(sky_volume *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        sky_volume x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].index > x.index) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Merge one group of single-volume zones k[0..n) with one id into zone out. */
static sky_status merge_zone(sky_airspace *as, const keyed *k, size_t n, sky_zone *out,
                             sky_error *err)
{
    sky_zone *first = &as->zones[k[0].pos];
    sky_volume *vol;
    sky_strbuf orig;
    if (n == 1) {
        *out = *first;
        if (out->vol[0].index < 0)
            out->vol[0].index = 0;
        return SKY_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (as->zones[k[i].pos].vol[0].index < 0 || as->zones[k[i].pos].nvol > 1)
            return dup_error(err, &as->zones[k[1].pos].vol[0].at,
                             &as->zones[k[0].pos].vol[0].at, first->id, "zones", "id");
    vol = sky_arena_alloc(&as->arena, n * sizeof *vol);
    if (vol == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        vol[i] = as->zones[k[i].pos].vol[0];
    sort_volumes(vol, n);
    for (size_t i = 1; i < n; i++)
        if (vol[i].index == vol[i - 1].index) {
            sky_ref ref = {vol[i].at.src, vol[i].at.index, first->id, "volume"};
            return sky_fail(err, SKY_E_DUPLICATE_ID, &ref,
                            "duplicate volume %d of zone \"%s\" (first at %s feature %ld)",
                            vol[i].index, first->id, vol[i - 1].at.src, vol[i - 1].at.index);
        }
    /* zone-level fields come from the lowest volume; they must agree */
    for (size_t i = 0; i < n; i++) {
        const sky_zone *z = &as->zones[k[i].pos];
        if (z->vol[0].index == vol[0].index)
            first = &as->zones[k[i].pos];
    }
    for (size_t i = 0; i < n; i++) {
        const sky_zone *z = &as->zones[k[i].pos];
        if (z->restriction != first->restriction) {
            sky_ref ref = {z->vol[0].at.src, z->vol[0].at.index, z->id, "restriction"};
            return sky_fail(err, SKY_E_BAD_VALUE, &ref,
                            "volume %d has restriction %s, volume %d has %s", z->vol[0].index,
                            sky_restriction_name(z->restriction), first->vol[0].index,
                            sky_restriction_name(first->restriction));
        }
    }
    *out = *first;
    out->vol = vol;
    out->nvol = n;
    /* the original record of a multi-volume zone: its features, in volume order */
    sky_sb_init(&orig);
    sky_sb_puts(&orig, "[");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (as->zones[k[j].pos].vol[0].index == vol[i].index) {
                if (i)
                    sky_sb_puts(&orig, ",");
                sky_sb_puts(&orig, as->zones[k[j].pos].original);
            }
    sky_sb_puts(&orig, "]");
    out->original = orig.oom ? NULL : sky_arena_strdup(&as->arena, orig.data);
    sky_sb_clear(&orig);
    return out->original ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
}

static sky_status merge_volumes(sky_airspace *as, sky_error *err)
{
    keyed *k = sorted_keys(as->nzones, id_zone, as);
    sky_zone *merged;
    size_t nm = 0;
    sky_status rc = SKY_OK;
    if (k == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    merged = sky_calloc(as->nzones ? as->nzones : 1, sizeof *merged);
    if (merged == NULL) {
        sky_free(k);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < as->nzones && rc == SKY_OK;) {
        size_t j = i + 1;
        while (j < as->nzones && strcmp(k[j].id, k[i].id) == 0)
            j++;
        rc = merge_zone(as, k + i, j - i, &merged[nm], err);
        nm++;
        i = j;
    }
    sky_free(k);
    if (rc != SKY_OK) {
        sky_free(merged);
        return rc;
    }
    sky_free(as->zones);
    as->zones = merged;
    as->nzones = nm;
    as->cap[SKY_LAYER_ZONES] = as->nzones ? as->nzones : 1;
    return SKY_OK;
}

sky_status sky_rt_airspace_finish(sky_airspace *as, sky_error *err)
{
    sky_status rc = merge_volumes(as, err);
    if (rc == SKY_OK)
        rc = check_unique(as, SKY_LAYER_VERTIPORTS, as->nvps, id_vp, err);
    if (rc == SKY_OK)
        rc = check_unique(as, SKY_LAYER_TERRAIN, as->ncontours, id_contour, err);
    if (rc == SKY_OK)
        rc = check_unique(as, SKY_LAYER_ROUTES, as->nroutes, id_route, err);
    if (rc == SKY_OK)
        rc = check_unique(as, SKY_LAYER_CORRIDORS, as->ncorridors, id_corridor, err);
    if (rc == SKY_OK)
        rc = check_unique(as, SKY_LAYER_PROFILES, as->nprofiles, id_profile, err);
    return rc;
}
