/*
 * findings.c - validation findings: gathered by the route validator and the corridor checker
 * into a builder, handed over as one sky_validation block (the result and an arena holding
 * every array and string, freed at once), and written as JSON or as GeoJSON features.
 * Invariant: a sky_validation never points into the planner or the engine.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/validate_int.h"

typedef struct vblock {
    sky_validation v; /* first: sky_validation_free() casts back */
    sky_arena arena;
} vblock;

const char *sky_finding_code_name(sky_finding_code c)
{
    switch (c) {
    case SKY_FIND_ZONE_INCURSION: return "ZONE_INCURSION";
    case SKY_FIND_CLEARANCE: return "CLEARANCE";
    case SKY_FIND_CEILING: return "CEILING";
    case SKY_FIND_TERRAIN_CLEARANCE: return "TERRAIN_CLEARANCE";
    case SKY_FIND_RANGE: return "RANGE";
    case SKY_FIND_ENDPOINT: return "ENDPOINT";
    case SKY_FIND_GEOMETRY: return "GEOMETRY";
    case SKY_FIND_SEPARATION: return "SEPARATION";
    default: return NULL;
    }
}

static sky_severity severity_of(sky_finding_code c)
{
    return c == SKY_FIND_ENDPOINT || c == SKY_FIND_GEOMETRY ? SKY_SEV_WARNING : SKY_SEV_ERROR;
}

void sky_vb_init(sky_vbuild *b)
{
    memset(b, 0, sizeof *b);
    sky_arena_init(&b->arena);
}

void sky_vb_clear(sky_vbuild *b)
{
    sky_arena_clear(&b->arena);
    sky_free(b->checks);
    sky_free(b->f);
    memset(b, 0, sizeof *b);
}

const char *sky_vb_str(sky_vbuild *b, const char *s)
{
    return s ? sky_arena_strdup(&b->arena, s) : NULL;
}

/* Move the current check's findings into the arena. */
static sky_status close_check(sky_vbuild *b, sky_error *err)
{
    sky_check *c;
    sky_finding *copy;
    if (b->nchecks == 0)
        return SKY_OK;
    c = &b->checks[b->nchecks - 1];
    copy = sky_arena_alloc(&b->arena, (b->nf ? b->nf : 1) * sizeof *copy);
    if (copy == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    if (b->nf)
        memcpy(copy, b->f, b->nf * sizeof *copy);
    c->findings = copy;
    c->nfindings = b->nf;
    c->nerrors = c->nwarnings = 0;
    for (size_t i = 0; i < b->nf; i++) {
        if (copy[i].severity == SKY_SEV_ERROR)
            c->nerrors++;
        else
            c->nwarnings++;
    }
    b->nf = 0;
    return SKY_OK;
}

sky_status sky_vb_begin(sky_vbuild *b, const char *id, long index, sky_error *err)
{
    sky_status rc = close_check(b, err);
    sky_check *c;
    if (rc != SKY_OK)
        return rc;
    if (b->nchecks == b->cap_checks) {
        size_t nc = b->cap_checks ? 2 * b->cap_checks : 4;
        sky_check *nv = sky_realloc(b->checks, nc * sizeof *nv);
        if (nv == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        b->checks = nv;
        b->cap_checks = nc;
    }
    c = &b->checks[b->nchecks++];
    memset(c, 0, sizeof *c);
    c->id = sky_vb_str(b, id);
    c->index = index;
    c->length_m = NAN;
    c->duration_s = NAN;
    return SKY_OK;
}

sky_check *sky_vb_current(sky_vbuild *b)
{
    return b->nchecks ? &b->checks[b->nchecks - 1] : NULL;
}

sky_finding *sky_vb_add(sky_vbuild *b, sky_finding_code code, const char *fmt, ...)
{
    sky_finding *f;
    char msg[512];
    va_list ap;
    if (b->nf == b->cap_f) {
        size_t nc = b->cap_f ? 2 * b->cap_f : 16;
        sky_finding *nv = sky_realloc(b->f, nc * sizeof *nv);
        if (nv == NULL)
            return NULL;
        b->f = nv;
        b->cap_f = nc;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    f = &b->f[b->nf];
    memset(f, 0, sizeof *f);
    f->message = sky_arena_strdup(&b->arena, msg);
    if (f->message == NULL)
        return NULL;
    b->nf++;
    f->code = code;
    f->severity = severity_of(code);
    f->segment = -1;
    f->subject_id = b->nchecks ? b->checks[b->nchecks - 1].id : NULL;
    for (int k = 0; k < 3; k++)
        f->entry[k] = f->exit[k] = NAN;
    f->length_inside_m = NAN;
    f->min_clearance_m = NAN;
    f->band_amsl_m[0] = f->band_amsl_m[1] = NAN;
    return f;
}

void sky_vb_zone(sky_vbuild *b, sky_finding *f, const sky_domain *d, size_t zone)
{
    const sky_zone *z = &d->as.zones[zone];
    f->has_zone = 1;
    f->zone_id = sky_vb_str(b, z->id);
    f->zone_name = sky_vb_str(b, z->name_en ? z->name_en : z->name);
    f->restriction = z->restriction;
    f->reason = sky_vb_str(b, z->reason);
}

sky_status sky_vb_finish(sky_vbuild *b, sky_validation **out, sky_error *err)
{
    vblock *blk;
    sky_check *checks;
    sky_status rc = close_check(b, err);
    *out = NULL;
    if (rc != SKY_OK) {
        sky_vb_clear(b);
        return rc;
    }
    blk = sky_calloc(1, sizeof *blk);
    checks = sky_arena_alloc(&b->arena, (b->nchecks ? b->nchecks : 1) * sizeof *checks);
    if (blk == NULL || checks == NULL) {
        sky_free(blk);
        sky_vb_clear(b);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    if (b->nchecks)
        memcpy(checks, b->checks, b->nchecks * sizeof *checks);
    blk->v.checks = checks;
    blk->v.nchecks = b->nchecks;
    for (size_t i = 0; i < b->nchecks; i++) {
        blk->v.nerrors += checks[i].nerrors;
        blk->v.nwarnings += checks[i].nwarnings;
    }
    blk->arena = b->arena; /* taken over */
    sky_arena_init(&b->arena);
    sky_vb_clear(b);
    *out = &blk->v;
    return SKY_OK;
}

void sky_validation_free(sky_validation *v)
{
    vblock *blk = (vblock *)v;
    if (v == NULL)
        return;
    sky_arena_clear(&blk->arena);
    sky_free(blk);
}

/* --- JSON and GeoJSON --------------------------------------------------------------------- */

static void jstr(json_object *o, const char *key, const char *s)
{
    json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

static json_object *jtime(int64_t t)
{
    char buf[40];
    return json_object_new_string(sky_format_time(t, 0, buf, sizeof buf));
}

static json_object *jpoint3(const double p[3])
{
    json_object *a;
    if (isnan(p[0]))
        return NULL;
    a = json_object_new_array_ext(3);
    for (int k = 0; k < 3; k++)
        json_object_array_add(a, sky_rt_json_number(p[k]));
    return a;
}

static json_object *finding_props(const sky_finding *f)
{
    json_object *o = json_object_new_object();
    jstr(o, "code", sky_finding_code_name(f->code));
    jstr(o, "severity", f->severity == SKY_SEV_ERROR ? "error" : "warning");
    jstr(o, "subject_id", f->subject_id);
    jstr(o, "zone_id", f->zone_id);
    jstr(o, "zone_name", f->zone_name);
    jstr(o, "restriction", f->has_zone ? sky_restriction_name(f->restriction) : NULL);
    jstr(o, "reason", f->reason);
    jstr(o, "message", f->message);
    json_object_object_add(o, "segment",
                           f->segment >= 0 ? json_object_new_int64(f->segment) : NULL);
    json_object_object_add(o, "entry", jpoint3(f->entry));
    json_object_object_add(o, "exit", jpoint3(f->exit));
    json_object_object_add(o, "length_inside_m", sky_rt_json_number(f->length_inside_m));
    json_object_object_add(o, "min_clearance_m", sky_rt_json_number(f->min_clearance_m));
    if (isnan(f->band_amsl_m[0])) {
        json_object_object_add(o, "band_amsl_m", NULL);
    } else {
        json_object *band = json_object_new_array_ext(2);
        json_object_array_add(band, sky_rt_json_number(f->band_amsl_m[0]));
        json_object_array_add(band, sky_rt_json_number(f->band_amsl_m[1])); /* null: open */
        json_object_object_add(o, "band_amsl_m", band);
    }
    if (f->has_window) {
        json_object *w = json_object_new_array_ext(2);
        json_object_array_add(w, jtime(f->window[0]));
        json_object_array_add(w, jtime(f->window[1]));
        json_object_object_add(o, "window", w);
    } else {
        json_object_object_add(o, "window", NULL);
    }
    jstr(o, "other_id", f->other_id);
    return o;
}

static sky_status emit(json_object *o, char **json, size_t *len, sky_error *err)
{
    const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                             JSON_C_TO_STRING_NOSLASHESCAPE);
    *json = text ? sky_strdup(text) : NULL;
    if (len && *json)
        *len = strlen(*json);
    json_object_put(o);
    return *json ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
}

sky_status sky_validation_to_json(const sky_validation *v, char **json, size_t *len,
                                  sky_error *err)
{
    json_object *o, *checks;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (v == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "validation is NULL");
    o = json_object_new_object();
    json_object_object_add(o, "errors", json_object_new_int64((int64_t)v->nerrors));
    json_object_object_add(o, "warnings", json_object_new_int64((int64_t)v->nwarnings));
    checks = json_object_new_array_ext((int)v->nchecks);
    for (size_t i = 0; i < v->nchecks; i++) {
        const sky_check *c = &v->checks[i];
        json_object *co = json_object_new_object(), *fs;
        jstr(co, "id", c->id);
        json_object_object_add(co, "length_m", sky_rt_json_number(c->length_m));
        json_object_object_add(co, "duration_s", sky_rt_json_number(c->duration_s));
        json_object_object_add(co, "depart", jtime(c->depart_unix));
        json_object_object_add(co, "errors", json_object_new_int64((int64_t)c->nerrors));
        json_object_object_add(co, "warnings", json_object_new_int64((int64_t)c->nwarnings));
        fs = json_object_new_array_ext((int)c->nfindings);
        for (size_t k = 0; k < c->nfindings; k++)
            json_object_array_add(fs, finding_props(&c->findings[k]));
        json_object_object_add(co, "findings", fs);
        json_object_array_add(checks, co);
    }
    json_object_object_add(o, "checks", checks);
    return emit(o, json, len, err);
}

static json_object *finding_geometry(const sky_finding *f)
{
    json_object *g, *c;
    if (isnan(f->entry[0]))
        return NULL;
    g = json_object_new_object();
    if (isnan(f->exit[0]) || (f->entry[0] == f->exit[0] && f->entry[1] == f->exit[1])) {
        json_object_object_add(g, "type", json_object_new_string("Point"));
        c = json_object_new_array_ext(2);
        json_object_array_add(c, sky_rt_json_number(f->entry[0]));
        json_object_array_add(c, sky_rt_json_number(f->entry[1]));
    } else {
        json_object *a = json_object_new_array_ext(2), *b = json_object_new_array_ext(2);
        json_object_object_add(g, "type", json_object_new_string("LineString"));
        json_object_array_add(a, sky_rt_json_number(f->entry[0]));
        json_object_array_add(a, sky_rt_json_number(f->entry[1]));
        json_object_array_add(b, sky_rt_json_number(f->exit[0]));
        json_object_array_add(b, sky_rt_json_number(f->exit[1]));
        c = json_object_new_array_ext(2);
        json_object_array_add(c, a);
        json_object_array_add(c, b);
    }
    json_object_object_add(g, "coordinates", c);
    return g;
}

sky_status sky_validation_to_geojson(const sky_validation *v, char **json, size_t *len,
                                     sky_error *err)
{
    json_object *o, *feats;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (v == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "validation is NULL");
    o = json_object_new_object();
    json_object_object_add(o, "type", json_object_new_string("FeatureCollection"));
    feats = json_object_new_array();
    for (size_t i = 0; i < v->nchecks; i++)
        for (size_t k = 0; k < v->checks[i].nfindings; k++) {
            const sky_finding *f = &v->checks[i].findings[k];
            json_object *fo = json_object_new_object();
            json_object_object_add(fo, "type", json_object_new_string("Feature"));
            json_object_object_add(fo, "properties", finding_props(f));
            json_object_object_add(fo, "geometry", finding_geometry(f));
            json_object_array_add(feats, fo);
        }
    json_object_object_add(o, "features", feats);
    return emit(o, json, len, err);
}
