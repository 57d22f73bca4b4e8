/*
 * engine.c - sky_engine: an airspace loaded from the store and prepared in its local frame
 * (routes/domain.c), read-only after sky_engine_open() returns and shared by any number of
 * threads; sky_planner: one worker's GEOS/PROJ contexts and caches over it; and the
 * point query `where`, which asks the domain rules and nothing else.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "engine/validate_int.h"

sky_status sky_engine_open(const char *path, sky_engine **out, sky_error *err)
{
    sky_engine *eng;
    sky_st *st = NULL;
    sky_geo *g = NULL;
    sky_status rc;

    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out is NULL");
    *out = NULL;
    eng = sky_calloc(1, sizeof *eng);
    if (eng == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    sky_rt_airspace_init(&eng->dom.as);
    rc = sky_geo_new(&g, err);
    if (rc == SKY_OK)
        rc = sky_st_open(path, SKY_STORE_READONLY, &st, err);
    if (rc == SKY_OK)
        rc = sky_st_load(st, g, SKY_LAYERS_ALL, &eng->dom.as, err);
    sky_st_close(st);
    sky_geo_free(g);
    if (rc == SKY_OK)
        rc = sky_dom_build(&eng->dom, err);
    if (rc != SKY_OK) {
        sky_engine_free(eng);
        return rc;
    }
    for (size_t i = 0; i < eng->dom.as.nzones; i++)
        for (size_t k = 0; k < eng->dom.as.zones[i].nvol; k++)
            eng->zone_vertices += sky_geo_mpoly_vertices(&eng->dom.as.zones[i].vol[k].fp.area);
    *out = eng;
    return SKY_OK;
}

void sky_engine_free(sky_engine *eng)
{
    if (eng == NULL)
        return;
    sky_dom_clear(&eng->dom);
    sky_rt_airspace_clear(&eng->dom.as);
    sky_free(eng);
}

size_t sky_engine_count(const sky_engine *eng, sky_layer layer)
{
    const sky_airspace *as;
    if (eng == NULL)
        return 0;
    as = &eng->dom.as;
    switch (layer) {
    case SKY_LAYER_VERTIPORTS: return as->nvps;
    case SKY_LAYER_ZONES: return as->nzones;
    case SKY_LAYER_TERRAIN: return as->ncontours;
    case SKY_LAYER_ROUTES: return as->nroutes;
    case SKY_LAYER_CORRIDORS: return as->ncorridors;
    case SKY_LAYER_PROFILES: return as->nprofiles;
    default: return 0;
    }
}

size_t sky_engine_zone_vertices(const sky_engine *eng)
{
    return eng ? eng->zone_vertices : 0;
}

int sky_engine_extent(const sky_engine *eng, double wsen[4])
{
    if (eng == NULL || !eng->dom.has_extent)
        return 0;
    memcpy(wsen, eng->dom.extent, 4 * sizeof *wsen);
    return 1;
}

/* --- profiles ----------------------------------------------------------------------------- */

static void profile_info(const sky_profile *p, sky_profile_info *out)
{
    out->name = p->name;
    out->speed_mps = p->speed_mps;
    out->climb_mps = p->climb_mps;
    out->descent_mps = p->descent_mps;
    out->range_m = p->range_m;
    out->builtin = p->builtin;
}

sky_status sky_engine_profile(const sky_engine *eng, size_t i, sky_profile_info *out)
{
    if (eng == NULL || out == NULL || i >= eng->dom.as.nprofiles)
        return SKY_E_INVALID_ARG;
    profile_info(&eng->dom.as.profiles[i], out);
    return SKY_OK;
}

sky_status sky_engine_find_profile(const sky_engine *eng, const char *name,
                                   sky_profile_info *out, sky_error *err)
{
    if (eng == NULL || name == NULL || out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "engine, name or out is NULL");
    for (size_t i = 0; i < eng->dom.as.nprofiles; i++)
        if (strcmp(eng->dom.as.profiles[i].name, name) == 0) {
            profile_info(&eng->dom.as.profiles[i], out);
            return SKY_OK;
        }
    return sky_fail(err, SKY_E_NOT_FOUND, NULL, "no aircraft profile \"%s\"", name);
}

double sky_leg_duration(const sky_profile_info *p, double length_m, double dh_m)
{
    sky_profile pr;
    if (p == NULL)
        return NAN;
    memset(&pr, 0, sizeof pr);
    pr.speed_mps = p->speed_mps;
    pr.climb_mps = p->climb_mps;
    pr.descent_mps = p->descent_mps;
    return sky_leg_duration_s(&pr, length_m, dh_m);
}

/* --- rules and planners ------------------------------------------------------------------ */

void sky_flight_rules_init(sky_flight_rules *r)
{
    sky_rules d;
    if (r == NULL)
        return;
    sky_rules_default(&d);
    memset(r, 0, sizeof *r);
    r->size = sizeof *r;
    r->min_agl_m = d.min_agl_m;
    r->max_agl_m = d.max_agl_m;
}

/* Check the public rules and copy them into the domain's form. */
sky_status sky_eng_rules_in(const sky_flight_rules *in, sky_rules *out, sky_error *err)
{
    sky_rules_default(out);
    if (in == NULL)
        return SKY_OK;
    if (in->size != sizeof *in)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "flight rules not set up with sky_flight_rules_init()");
    if (!isfinite(in->min_agl_m) || !isfinite(in->max_agl_m) || in->min_agl_m < 0 ||
        in->min_agl_m > in->max_agl_m)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "the flight band %g..%g m AGL is not a band", in->min_agl_m,
                        in->max_agl_m);
    if ((in->npermits && in->permits == NULL) || (in->naccepts && in->accepts == NULL))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "permit or accept list is NULL");
    out->min_agl_m = in->min_agl_m;
    out->max_agl_m = in->max_agl_m;
    out->permits = in->permits;
    out->npermits = in->npermits;
    out->accepts = in->accepts;
    out->naccepts = in->naccepts;
    out->accept_conditional = in->accept_conditional;
    return SKY_OK;
}

sky_status sky_planner_new(const sky_engine *eng, sky_planner **out, sky_error *err)
{
    sky_planner *p;
    sky_status rc;
    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out is NULL");
    *out = NULL;
    if (eng == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "engine is NULL");
    p = sky_calloc(1, sizeof *p);
    if (p == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    p->eng = eng;
    rc = sky_dq_init(&p->q, &eng->dom, err);
    if (rc == SKY_OK && (p->nav = sky_nav_scratch_new()) == NULL)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    if (rc != SKY_OK) {
        sky_planner_free(p);
        return rc;
    }
    *out = p;
    return SKY_OK;
}

void sky_planner_free(sky_planner *p)
{
    if (p == NULL)
        return;
    sky_eng_planner_cache_clear(p);
    sky_nav_scratch_free(p->nav);
    if (p->q.d != NULL)
        sky_dq_clear(&p->q);
    sky_free(p);
}

/* A request point: finite, inside the extent, projected into the frame. */
sky_status sky_eng_request_point(sky_planner *p, sky_lonlat pt, sky_xy *xy, sky_error *err)
{
    const sky_domain *d = &p->eng->dom;
    if (!isfinite(pt.lon) || !isfinite(pt.lat) || fabs(pt.lat) > 90 || fabs(pt.lon) > 180)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "%g, %g is not a longitude, latitude",
                        pt.lon, pt.lat);
    if (!d->has_extent)
        return sky_fail(err, SKY_E_OUT_OF_EXTENT, NULL, "the airspace is empty");
    if (!sky_dom_in_extent(d, pt))
        return sky_fail(err, SKY_E_OUT_OF_EXTENT, NULL,
                        "%.7g, %.7g is outside the airspace's extent [%.5f, %.5f, %.5f, "
                        "%.5f] (the data grown by 50 km)",
                        pt.lon, pt.lat, d->extent[0], d->extent[1], d->extent[2],
                        d->extent[3]);
    return sky_geo_to_xy(p->q.g, &pt, xy, 1, err);
}

sky_status sky_ground_elevation(sky_planner *p, sky_lonlat pt, double *ground_m,
                                sky_error *err)
{
    sky_xy xy;
    sky_status rc;
    if (ground_m == NULL || p == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner or out is NULL");
    *ground_m = NAN;
    rc = sky_eng_request_point(p, pt, &xy, err);
    if (rc == SKY_OK)
        rc = sky_dq_ground(&p->q, xy, ground_m, err);
    return rc;
}

sky_status sky_geoid_height(sky_planner *p, sky_lonlat pt, double *n_m, sky_error *err)
{
    sky_status rc;
    if (n_m == NULL || p == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner or out is NULL");
    rc = sky_dq_geoid(&p->q, pt, n_m, err);
    if (rc != SKY_OK)
        *n_m = NAN;
    return rc;
}

const char *sky_verdict_str(sky_verdict v)
{
    switch (v) {
    case SKY_VERDICT_BLOCKS: return "blocks";
    case SKY_VERDICT_PERMIT: return "lifted by permit";
    case SKY_VERDICT_ACCEPTED: return "lifted by acceptance";
    case SKY_VERDICT_NO_RESTRICTION: return "no restriction";
    case SKY_VERDICT_INACTIVE: return "inactive at that time";
    case SKY_VERDICT_OUTSIDE_BAND: return "band does not meet the flight's altitudes";
    }
    return "unknown verdict";
}

/* --- where ------------------------------------------------------------------------------ */

void sky_where_opts_init(sky_where_opts *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    sky_flight_rules_init(&o->rules);
}

/* One block holds the result, its zone array and copies of every string. */
typedef struct where_block {
    sky_where_result res;
    sky_where_zone zones[];
} where_block;

static const char *copy_str(char **pool, const char *s)
{
    char *d;
    size_t n;
    if (s == NULL)
        return NULL;
    n = strlen(s) + 1;
    d = *pool;
    memcpy(d, s, n);
    *pool += n;
    return d;
}

static int cmp_where_zone(const void *a, const void *b)
{
    const sky_where_zone *x = a, *y = b;
    int c = strcmp(x->zone_id, y->zone_id);
    return c ? c : (x->volume > y->volume) - (x->volume < y->volume);
}

sky_status sky_where(sky_planner *p, sky_lonlat pt, const sky_where_opts *opts,
                     sky_where_result **out, sky_error *err)
{
    const sky_domain *d;
    sky_where_opts o;
    sky_rules rules;
    sky_xy xy;
    double ground, geoid, lo, hi;
    sky_hits h = {NULL, 0, 0, 0};
    size_t strbytes = 0, nz = 0;
    where_block *blk;
    char *pool;
    sky_status rc;

    if (out == NULL || p == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner or out is NULL");
    *out = NULL;
    d = &p->eng->dom;
    sky_where_opts_init(&o);
    if (opts != NULL) {
        if (opts->size != sizeof *opts)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "where options not set up with sky_where_opts_init()");
        o = *opts;
    }
    rc = sky_eng_rules_in(&o.rules, &rules, err);
    if (rc == SKY_OK && o.has_alt && !(fabs(o.alt_m) <= SKY_MAX_HEIGHT_M))
        rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "the altitude %g m is not plausible (at "
                      "most %.0f km)", o.alt_m, SKY_MAX_HEIGHT_M / 1000);
    if (rc == SKY_OK)
        rc = sky_eng_request_point(p, pt, &xy, err);
    if (rc == SKY_OK)
        rc = sky_dq_ground(&p->q, xy, &ground, err);
    if (rc == SKY_OK)
        rc = sky_dq_geoid(&p->q, pt, &geoid, err);
    if (rc != SKY_OK)
        return rc;
    if (o.has_alt) {
        lo = hi = o.alt_amsl ? o.alt_m : ground + o.alt_m;
    } else {
        lo = ground + rules.min_agl_m;
        hi = ground + rules.max_agl_m;
    }
    {
        sky_bbox box = {xy.x, xy.y, xy.x, xy.y};
        sky_dom_volumes_near(d, box, sky_index_collect, &h);
    }
    if (h.oom) {
        sky_free(h.v);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    /* keep the volumes whose footprint holds the point in its interior */
    for (size_t i = 0; i < h.n && rc == SKY_OK; i++) {
        int inside = 0;
        rc = sky_dq_in_volume(&p->q, h.v[i], xy, &inside, err);
        if (rc == SKY_OK && inside) {
            const sky_zone *z = &d->as.zones[d->vols[h.v[i]].zone];
            h.v[nz++] = h.v[i];
            strbytes += (z->id ? strlen(z->id) + 1 : 0) + (z->name ? strlen(z->name) + 1 : 0) +
                        (z->name_en ? strlen(z->name_en) + 1 : 0) +
                        (z->reason ? strlen(z->reason) + 1 : 0) +
                        (z->schedule ? strlen(z->schedule) + 1 : 0);
        }
    }
    if (rc != SKY_OK) {
        sky_free(h.v);
        return rc;
    }
    blk = sky_calloc(1, sizeof *blk + nz * sizeof blk->zones[0] + strbytes + 1);
    if (blk == NULL) {
        sky_free(h.v);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    pool = (char *)(blk->zones + nz);
    blk->res.point = pt;
    blk->res.ground_m = ground;
    blk->res.geoid_m = geoid;
    blk->res.at_unix = o.at_unix;
    blk->res.lo_amsl_m = lo;
    blk->res.hi_amsl_m = hi;
    blk->res.nzones = nz;
    blk->res.zones = blk->zones;
    for (size_t i = 0; i < nz && rc == SKY_OK; i++) {
        const sky_dvol *dv = &d->vols[h.v[i]];
        const sky_zone *z = &d->as.zones[dv->zone];
        sky_where_zone *wz = &blk->zones[i];
        double band[2];
        sky_why why;
        rc = sky_dq_verdict(&p->q, h.v[i], xy, ground, geoid, lo, hi, o.at_unix, o.at_unix,
                            &rules, &why, band, err);
        wz->zone_id = copy_str(&pool, z->id);
        wz->name = copy_str(&pool, z->name);
        wz->name_en = copy_str(&pool, z->name_en);
        wz->reason = copy_str(&pool, z->reason);
        wz->schedule = copy_str(&pool, z->schedule);
        wz->restriction = z->restriction;
        wz->volume = z->vol[dv->vol].index;
        wz->lower_amsl_m = band[0];
        wz->upper_amsl_m = band[1];
        wz->active = sky_schedule_active_at(&d->zone_sched[dv->zone], o.at_unix);
        wz->meets_band = sky_band_meets(band[0], band[1], lo, hi);
        wz->verdict = (sky_verdict)why;
        if (why == SKY_WHY_BLOCKS)
            blk->res.blocked = 1;
    }
    sky_free(h.v);
    if (rc != SKY_OK) {
        sky_free(blk);
        return rc;
    }
    qsort(blk->zones, nz, sizeof blk->zones[0], cmp_where_zone);
    *out = &blk->res;
    return SKY_OK;
}

void sky_where_free(sky_where_result *r)
{
    sky_free(r); /* the result is the first member of its block */
}

static json_object *jband(double lo, double hi)
{
    json_object *a = json_object_new_array_ext(2);
    json_object_array_add(a, sky_rt_json_number(lo));
    json_object_array_add(a, sky_rt_json_number(hi)); /* null: unbounded */
    return a;
}

static void jstr(json_object *o, const char *key, const char *s)
{
    json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

sky_status sky_where_to_json(const sky_where_result *r, char **json, size_t *len,
                             sky_error *err)
{
    json_object *o, *zones, *pt;
    char when[40];
    const char *text;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (r == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "result is NULL");
    o = json_object_new_object();
    pt = json_object_new_array_ext(2);
    json_object_array_add(pt, sky_rt_json_number(r->point.lon));
    json_object_array_add(pt, sky_rt_json_number(r->point.lat));
    json_object_object_add(o, "point", pt);
    json_object_object_add(o, "ground_m", sky_rt_json_number(r->ground_m));
    json_object_object_add(o, "geoid_m", sky_rt_json_number(r->geoid_m));
    json_object_object_add(o, "ground_ellipsoidal_m", sky_rt_json_number(r->ground_m + r->geoid_m));
    jstr(o, "at", sky_format_time(r->at_unix, 0, when, sizeof when));
    json_object_object_add(o, "band_amsl_m", jband(r->lo_amsl_m, r->hi_amsl_m));
    json_object_object_add(o, "blocked", json_object_new_boolean(r->blocked));
    zones = json_object_new_array_ext((int)r->nzones);
    for (size_t i = 0; i < r->nzones; i++) {
        const sky_where_zone *z = &r->zones[i];
        json_object *zo = json_object_new_object();
        jstr(zo, "id", z->zone_id);
        jstr(zo, "name", z->name);
        jstr(zo, "name_en", z->name_en);
        jstr(zo, "restriction", sky_restriction_name(z->restriction));
        jstr(zo, "reason", z->reason);
        jstr(zo, "schedule", z->schedule);
        json_object_object_add(zo, "volume", json_object_new_int(z->volume));
        json_object_object_add(zo, "band_amsl_m", jband(z->lower_amsl_m, z->upper_amsl_m));
        json_object_object_add(zo, "active", json_object_new_boolean(z->active));
        json_object_object_add(zo, "meets_band", json_object_new_boolean(z->meets_band));
        json_object_object_add(zo, "blocks",
                               json_object_new_boolean(z->verdict == SKY_VERDICT_BLOCKS));
        jstr(zo, "verdict", sky_verdict_str(z->verdict));
        json_object_array_add(zones, zo);
    }
    json_object_object_add(o, "zones", zones);
    text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                 JSON_C_TO_STRING_NOSLASHESCAPE);
    *json = text ? sky_strdup(text) : NULL;
    if (len && *json)
        *len = strlen(*json);
    json_object_put(o);
    return *json ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
}

/* --- time ------------------------------------------------------------------------------- */

sky_status sky_parse_time(const char *text, int64_t *unix_s, sky_error *err)
{
    sky_ref ref = {NULL, -1, NULL, "time"};
    if (text == NULL || unix_s == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "text or out is NULL");
    return sky_time_parse(text, unix_s, &ref, err);
}

char *sky_format_time(int64_t unix_s, int offset_min, char *buf, size_t cap)
{
    return sky_time_format(unix_s, offset_min, buf, cap);
}

/* --- internal accessors for engine/validate.c and engine/corridors.c (issue 7) ------------ */

sky_dq *sky_eng_planner_dq(sky_planner *p)
{
    return &p->q;
}

const sky_engine *sky_eng_planner_engine(const sky_planner *p)
{
    return p->eng;
}

/* sky_eng_rules_in and sky_eng_request_point are defined above (shared with the planner). */
