/*
 * planner.c - sky_plan in 3D and in time. Each zone volume blocks where its band meets the
 * flight band over the terrain (its footprint clipped by the contours, a region that contains
 * the true one); zones with schedules block only if the route meets them while they are
 * active (the route is replanned with such a zone added until none is met); the free space
 * around the blocking regions, grown by the margin, is triangulated once per (blocking set,
 * band, margin) and cached in the planner, then searched exactly (nav.c). The route then gets
 * its vertical profile: climb at the pad, a cruise that follows the terrain inside the band,
 * descent at the pad, with ETAs from the aircraft profile. Routes are plain copies: they
 * outlive the planner and never point into it.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"

#define SKY_DEFAULT_PROFILE "delivery-multicopter"
#define SKY_MESH_MARGIN_KM 2.0 /* the free-space box: the extent plus this, in the frame */


void sky_plan_request_init(sky_plan_request *r)
{
    if (r == NULL)
        return;
    memset(r, 0, sizeof *r);
    r->size = sizeof *r;
    r->clearance_m = 30.0;
    r->altitude_m = 60.0;
    sky_flight_rules_init(&r->rules);
}

void sky_route_free(sky_route *r)
{
    if (r == NULL)
        return;
    sky_free(r->wp);
    sky_free(r->profile);
    sky_free(r->from);
    sky_free(r->to);
    sky_free(r->request_id);
    for (size_t i = 0; i < r->navoided; i++)
        sky_free(r->avoided[i]);
    sky_free(r->avoided);
    for (size_t i = 0; i < r->nstops; i++)
        sky_free(r->stops[i]);
    sky_free(r->stops);
    sky_free(r);
}

const sky_waypoint *sky_route_waypoints(const sky_route *r, size_t *n)
{
    if (n)
        *n = r ? r->n : 0;
    return r ? r->wp : NULL;
}

double sky_route_length(const sky_route *r)
{
    return r ? r->length_m : (double)NAN;
}

double sky_route_duration(const sky_route *r)
{
    return r ? r->duration_s : (double)NAN;
}

const char *const *sky_route_zones_avoided(const sky_route *r, size_t *n)
{
    if (n)
        *n = r ? r->navoided : 0;
    return r ? (const char *const *)r->avoided : NULL;
}

void sky_eng_planner_cache_clear(sky_planner *p)
{
    for (int i = 0; i < SKY_MESH_CACHE; i++) {
        sky_mesh_free(p->cache[i].mesh);
        sky_free(p->cache[i].vols);
        memset(&p->cache[i], 0, sizeof p->cache[i]);
    }
    if (p->regions != NULL)
        for (size_t v = 0; v < p->eng->dom.nvols; v++)
            sky_free(p->regions[v].polys);
    sky_free(p->regions);
    p->regions = NULL;
}

/* --- where volumes block (the 3D rule of DOMAIN.md) ------------------------------------- */

typedef struct plan_ctx {
    sky_planner *p;
    const sky_plan_request *req;
    sky_rules rules;
    sky_profile profile;
    const char *profile_name;
    int64_t t0, t1;            /* the flight's time window: [depart, depart + range / speed] */
    uint8_t *forced;           /* per volume: a scheduled zone the route met while active */
    size_t *block;             /* the blocking volumes, ascending */
    size_t nblock;
    sky_mesh_entry *mesh;
} plan_ctx;

/* Parts of the terrain's contours as one array of polygons, those with level in [lo, hi]. */
static size_t parts_between(const sky_domain *d, double lo, double hi, sky_xpoly *out)
{
    size_t n = 0;
    for (size_t k = 0; k < d->nparts; k++)
        if (d->parts[k].level >= lo && d->parts[k].level <= hi)
            out[n++] = d->parts[k].xy;
    return n;
}

/*
 * Where volume v blocks the band [ground + min_agl, ground + max_agl]: the AGL limits are
 * compared with the band directly; an AMSL (or WGS84) lower limit L keeps the part where the
 * ground may reach L - max_agl, an AMSL upper limit H cuts the contours above H - min_agl.
 * Over the contour model g >= h inside a level-h contour, g < the next level inside it
 * without children, and g = h1 - s d outside the lowest, so these sets contain the true ones.
 */
static sky_status region_for(plan_ctx *c, size_t v, const sky_vol_region **out, sky_error *err)
{
    sky_planner *p = c->p;
    const sky_domain *d = &p->eng->dom;
    const sky_dvol *dv = &d->vols[v];
    const sky_band *b = &d->as.zones[dv->zone].vol[dv->vol].band;
    const double mn = c->rules.min_agl_m, mx = c->rules.max_agl_m;
    sky_vol_region *r;
    double n = 0, lo, hi;
    int has_keep = 0, empty = 0;
    sky_xpoly *keep = NULL, *cut = NULL;
    size_t nkeep = 0, ncut = 0;
    double grow = 0;
    sky_status rc = SKY_OK;

    if (p->regions == NULL) {
        p->regions = sky_calloc(d->nvols ? d->nvols : 1, sizeof *p->regions);
        if (p->regions == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    r = &p->regions[v];
    *out = r;
    if (r->state != 0 && r->min_agl_m == mn && r->max_agl_m == mx)
        return SKY_OK;
    sky_free(r->polys);
    memset(r, 0, sizeof *r);
    r->min_agl_m = mn;
    r->max_agl_m = mx;
    if (b->lower_ref == SKY_VREF_WGS84 || b->upper_ref == SKY_VREF_WGS84) {
        sky_lonlat ll;
        rc = sky_geo_to_lonlat(p->q.g, &dv->xy[0].rings[0].pts[0], &ll, 1, err);
        if (rc == SKY_OK)
            rc = sky_dq_geoid(&p->q, ll, &n, err);
        if (rc != SKY_OK)
            return rc;
    }
    /* limits in AMSL where they are not AGL; 0.5 m covers N's change over a zone */
    lo = b->lower_ref == SKY_VREF_WGS84 ? b->lower_m - n - 0.5 : b->lower_m;
    hi = b->upper_ref == SKY_VREF_WGS84 ? b->upper_m - n + 0.5 : b->upper_m;
    if (b->lower_ref == SKY_VREF_AGL) {
        if (lo > mx)
            empty = 1;
    } else if (lo - mx > 0) {
        double L = lo - mx;
        has_keep = 1;
        if (d->nlevels == 0) {
            empty = 1; /* no terrain: the ground is 0 everywhere */
        } else {
            keep = sky_malloc((d->nparts ? d->nparts : 1) * sizeof *keep);
            if (keep == NULL)
                return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            if (L < d->levels[0]) { /* outside the lowest contour g = h1 - s d reaches L */
                nkeep = parts_between(d, d->levels[0], d->levels[0], keep);
                grow = (d->levels[0] - L) / d->as.terrain_flank_slope;
            } else {
                /* g >= L only inside contours of level >= L, or inside a contour of the
                 * highest level lf <= L that holds higher ones (g climbs towards them);
                 * inside a contour without higher ones g is its level exactly */
                double lf = d->levels[0];
                for (size_t i = 0; i < d->nlevels; i++)
                    if (d->levels[i] <= L)
                        lf = d->levels[i];
                for (size_t k = 0; k < d->nparts; k++)
                    if (d->parts[k].level >= L ||
                        (d->parts[k].level >= lf && d->parts[k].nchildren > 0))
                        keep[nkeep++] = d->parts[k].xy;
            }
        }
    }
    if (b->upper_ref == SKY_VREF_AGL) {
        if (hi < mn)
            empty = 1;
    } else if (isfinite(hi)) {
        double H = hi - mn;
        if (H < 0) {
            empty = 1;
        } else {
            cut = sky_malloc((d->nparts ? d->nparts : 1) * sizeof *cut);
            if (cut == NULL) {
                sky_free(keep);
                return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            }
            ncut = parts_between(d, nextafter(H, INFINITY), INFINITY, cut);
        }
    }
    if (empty) {
        r->state = 3;
    } else if (!has_keep && ncut == 0) {
        r->state = 1;
    } else {
        rc = sky_geo_region(p->q.g, dv->xy, dv->nxy, keep, nkeep, grow, has_keep, cut, ncut,
                            &r->polys, &r->n, err);
        r->state = rc != SKY_OK ? 0 : r->n == 0 ? 3 : 2;
    }
    sky_free(keep);
    sky_free(cut);
    return rc;
}

/* 1 when a zone's schedule never changes (always active) */
static int static_zone(const sky_domain *d, size_t zone)
{
    const sky_schedule *s = &d->zone_sched[zone];
    return s->always && !s->has_valid_from && !s->has_valid_to;
}

/* The blocking set: lifted zones never, static zones where their region is not empty,
 * scheduled zones once the route has met them while active (c->forced). */
static sky_status blocking_set(plan_ctx *c, sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    sky_status rc = SKY_OK;
    if (c->block == NULL)
        c->block = sky_malloc((d->nvols ? d->nvols : 1) * sizeof *c->block);
    if (c->block == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    c->nblock = 0;
    for (size_t v = 0; v < d->nvols && rc == SKY_OK; v++) {
        const sky_dvol *dv = &d->vols[v];
        const sky_vol_region *r;
        if (sky_dom_restriction_verdict(d, dv->zone, &c->rules) != SKY_WHY_BLOCKS)
            continue;
        if (!static_zone(d, dv->zone) && !c->forced[v])
            continue;
        rc = region_for(c, v, &r, err);
        if (rc == SKY_OK && r->state != 3)
            c->block[c->nblock++] = v;
    }
    return rc;
}

static uint64_t set_key(const size_t *v, size_t n, double margin, double mn, double mx)
{
    uint64_t h = 1469598103934665603ull, mb, b1, b2;
    memcpy(&mb, &margin, sizeof mb);
    memcpy(&b1, &mn, sizeof b1);
    memcpy(&b2, &mx, sizeof b2);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint64_t)v[i]) * 1099511628211ull;
    h = (h ^ mb) * 1099511628211ull;
    h = (h ^ b1) * 1099511628211ull;
    return (h ^ b2) * 1099511628211ull;
}

/* The free-space box in the frame: the extent's box (corners and edge midpoints projected)
 * grown a little, so that every point of the extent is inside. */
static sky_status frame_box(sky_planner *p, sky_bbox *box, sky_error *err)
{
    const double *e = p->eng->dom.extent;
    sky_lonlat ll[8] = {{e[0], e[1]}, {e[2], e[1]}, {e[2], e[3]}, {e[0], e[3]},
                        {0.5 * (e[0] + e[2]), e[1]}, {0.5 * (e[0] + e[2]), e[3]},
                        {e[0], 0.5 * (e[1] + e[3])}, {e[2], 0.5 * (e[1] + e[3])}};
    sky_xy xy[8];
    sky_status rc = sky_geo_to_xy(p->q.g, ll, xy, 8, err);
    if (rc != SKY_OK)
        return rc;
    sky_bbox_empty(box);
    for (int i = 0; i < 8; i++)
        sky_bbox_add(box, xy[i]);
    box->minx -= SKY_MESH_MARGIN_KM * 1000;
    box->miny -= SKY_MESH_MARGIN_KM * 1000;
    box->maxx += SKY_MESH_MARGIN_KM * 1000;
    box->maxy += SKY_MESH_MARGIN_KM * 1000;
    return SKY_OK;
}

static sky_status get_mesh(plan_ctx *c, sky_error *err)
{
    sky_planner *p = c->p;
    const sky_domain *d = &p->eng->dom;
    double margin = c->req->clearance_m;
    uint64_t key = set_key(c->block, c->nblock, margin, c->rules.min_agl_m, c->rules.max_agl_m);
    sky_mesh_entry *slot = &p->cache[0];
    sky_xpoly *polys;
    size_t npolys = 0, nverts = 0, cells = 1, ntris = 0;
    sky_xy *tris = NULL;
    sky_bbox box;
    sky_mesh *mesh = NULL;
    sky_status rc;

    for (int i = 0; i < SKY_MESH_CACHE; i++) {
        sky_mesh_entry *e = &p->cache[i];
        if (e->mesh != NULL && e->key == key && e->nvols == c->nblock &&
            e->margin_m == margin && e->min_agl_m == c->rules.min_agl_m &&
            e->max_agl_m == c->rules.max_agl_m &&
            (c->nblock == 0 || memcmp(e->vols, c->block, c->nblock * sizeof *c->block) == 0)) {
            e->used = ++p->clock;
            c->mesh = e;
            return SKY_OK;
        }
        if (e->used < slot->used)
            slot = e;
    }
    for (size_t i = 0; i < c->nblock; i++) {
        const sky_vol_region *rg = &p->regions[c->block[i]];
        npolys += rg->state == 2 ? rg->n : d->vols[c->block[i]].nxy;
    }
    polys = sky_malloc((npolys ? npolys : 1) * sizeof *polys);
    if (polys == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    npolys = 0;
    for (size_t i = 0; i < c->nblock; i++) {
        const sky_dvol *dv = &d->vols[c->block[i]];
        const sky_vol_region *rg = &p->regions[c->block[i]];
        const sky_xpoly *src = rg->state == 2 ? rg->polys : dv->xy;
        size_t ns = rg->state == 2 ? rg->n : dv->nxy;
        for (size_t k = 0; k < ns; k++) {
            polys[npolys++] = src[k];
            for (size_t r = 0; r < src[k].nrings; r++)
                nverts += src[k].rings[r].n;
        }
    }
    /* about 250 zone vertices per cell keeps GEOS's ear clipping cheap */
    while (cells * cells * 250 < nverts)
        cells++;
    rc = frame_box(p, &box, err);
    if (rc == SKY_OK)
        rc = sky_geo_free_triangles(p->q.g, polys, npolys, margin, box, cells, &tris, &ntris,
                                    err);
    sky_free(polys);
    if (rc == SKY_OK)
        rc = sky_mesh_build(tris, ntris, &mesh, err);
    sky_free(tris);
    if (rc != SKY_OK)
        return rc;
    sky_mesh_free(slot->mesh);
    sky_free(slot->vols);
    slot->vols = sky_malloc((c->nblock ? c->nblock : 1) * sizeof *slot->vols);
    if (slot->vols == NULL) {
        sky_mesh_free(mesh);
        memset(slot, 0, sizeof *slot);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    memcpy(slot->vols, c->block, c->nblock * sizeof *c->block);
    slot->nvols = c->nblock;
    slot->key = key;
    slot->margin_m = margin;
    slot->min_agl_m = c->rules.min_agl_m;
    slot->max_agl_m = c->rules.max_agl_m;
    slot->mesh = mesh;
    slot->used = ++p->clock;
    c->mesh = slot;
    return SKY_OK;
}

/* --- endpoints, failures ------------------------------------------------------------------- */

/* Distance from p to where volume v blocks (0 inside); *inside when in its interior. */
static sky_status region_point(plan_ctx *c, size_t v, sky_xy p, int *inside, double *d_m,
                               sky_error *err)
{
    const sky_vol_region *rg = &c->p->regions[v];
    sky_status rc;
    if (rg->state == 2)
        return sky_geo_polys_point_distance(c->p->q.g, rg->polys, rg->n, p, inside, d_m, err);
    rc = sky_dq_volume_distance(&c->p->q, v, p, d_m, err);
    if (rc == SKY_OK)
        rc = sky_dq_in_volume(&c->p->q, v, p, inside, err);
    return rc;
}

/* Distance from the segment a-b to where volume v blocks. */
static sky_status region_segment(plan_ctx *c, size_t v, sky_xy a, sky_xy b, double *d_m,
                                 sky_error *err)
{
    const sky_vol_region *rg = &c->p->regions[v];
    const sky_shape *shape;
    double t;
    sky_xy on;
    sky_status rc;
    if (rg->state == 2)
        return sky_geo_polys_segment_distance(c->p->q.g, rg->polys, rg->n, a, b, d_m, err);
    rc = sky_dq_volume_shape(&c->p->q, v, &shape, err);
    if (rc == SKY_OK)
        rc = sky_geo_segment_distance(c->p->q.g, shape, a, b, d_m, &t, &on, err);
    return rc;
}

/* The blocking volume closest to p within reach (inside counts as 0), or SKY_NO_VOLUME. */
static sky_status nearest_blocking(plan_ctx *c, sky_xy p, double reach, size_t *vol,
                                   double *dist_m, int *inside, sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    sky_status rc = SKY_OK;
    *vol = SKY_NO_VOLUME;
    *dist_m = INFINITY;
    *inside = 0;
    for (size_t i = 0; i < c->nblock && rc == SKY_OK; i++) {
        const sky_bbox *b = &d->vols[c->block[i]].box;
        double dd;
        int in = 0;
        if (p.x < b->minx - reach || p.x > b->maxx + reach || p.y < b->miny - reach ||
            p.y > b->maxy + reach)
            continue;
        rc = region_point(c, c->block[i], p, &in, &dd, err);
        if (rc == SKY_OK && dd <= reach && (dd < *dist_m || (in && !*inside))) {
            *vol = c->block[i];
            *dist_m = dd;
            *inside = in;
        }
    }
    return rc;
}

static sky_status endpoint_check(plan_ctx *c, sky_xy p, const char *what, sky_status code,
                                 sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    double margin = c->req->clearance_m, dist;
    size_t v;
    int inside = 0;
    sky_status rc = nearest_blocking(c, p, margin, &v, &dist, &inside, err);
    if (rc != SKY_OK || v == SKY_NO_VOLUME)
        return rc;
    if (inside || dist < margin) {
        const sky_zone *z = &d->as.zones[d->vols[v].zone];
        sky_ref ref = {NULL, -1, z->id, NULL};
        if (c->p->regions[v].state == 2) {
            sky_lonlat ll;
            sky_geo_to_lonlat(c->p->q.g, &p, &ll, 1, NULL);
            return sky_fail(err, SKY_E_NO_ALTITUDE, &ref,
                            "no feasible altitude at the %s (%.6f, %.6f): the flight band "
                            "%g..%g m AGL meets zone %s's band over the terrain there",
                            what, ll.lon, ll.lat, c->rules.min_agl_m, c->rules.max_agl_m,
                            z->id);
        }
        if (inside)
            return sky_fail(err, code, &ref, "the %s is inside zone %s (%s%s%s), which blocks "
                            "this flight", what, z->id, sky_restriction_name(z->restriction),
                            z->name_en ? ", " : "", z->name_en ? z->name_en : "");
        return sky_fail(err, code, &ref, "the %s is %.1f m from zone %s (%s), inside the "
                        "%.0f m clearance", what, dist, z->id,
                        sky_restriction_name(z->restriction), margin);
    }
    return SKY_OK;
}

/* No route: name the blocking zones around the goal's part of free space. */
static sky_status no_route(plan_ctx *c, sky_xy goal, sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    sky_xy *walls = NULL;
    size_t nwalls = sky_nav_component_walls(c->mesh->mesh, goal, &walls);
    uint8_t *named = sky_calloc(d->as.nzones ? d->as.nzones : 1, 1);
    char names[200] = "";
    size_t len = 0, count = 0;
    int terrain = 0;
    /* a wall lies on a grown zone's boundary: within the buffer distance of the zone */
    double reach = sky_geo_buffer_distance(c->req->clearance_m) + 0.01;
    sky_ref ref = {NULL, -1, NULL, NULL};
    for (size_t i = 0; named != NULL && i < nwalls; i++) {
        size_t v;
        double dist;
        int inside;
        sky_error ignore;
        const char *id;
        if (nearest_blocking(c, walls[i], reach, &v, &dist, &inside, &ignore) != SKY_OK ||
            v == SKY_NO_VOLUME || named[d->vols[v].zone])
            continue;
        id = d->as.zones[d->vols[v].zone].id;
        named[d->vols[v].zone] = 1;
        terrain |= c->p->regions[v].state == 2;
        if (count++ == 0)
            ref.id = id;
        if (len + strlen(id) + 3 < sizeof names)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "",
                                    id);
    }
    sky_free(walls);
    sky_free(named);
    if (count == 0)
        return sky_fail(err, SKY_E_NO_ROUTE, &ref, "no route to the destination");
    if (terrain)
        return sky_fail(err, SKY_E_NO_ALTITUDE, &ref,
                        "no feasible altitude: the flight band %g..%g m AGL cannot pass zone%s "
                        "%s over the terrain, and no way round reaches the destination",
                        c->rules.min_agl_m, c->rules.max_agl_m, count == 1 ? "" : "s", names);
    return sky_fail(err, SKY_E_NO_ROUTE, &ref,
                    "no route: the destination is enclosed by blocking zone%s %s%s",
                    count == 1 ? "" : "s", names, c->req->clearance_m > 0
                                                      ? " (with the clearance around them)"
                                                      : "");
}

/* --- the vertical profile ---------------------------------------------------------------- */

typedef struct prof {
    sky_lonlat *ll;             /* the points in lon/lat (request points exactly as asked) */
    sky_xy *xy;
    double *alt, *ground, *eta; /* AMSL, AMSL, seconds after departure */
    int *corner;                /* 1 at a vertex of the horizontal path */
    size_t n, cap;
    double arrive_s;            /* eta at the last point plus the descent */
} prof;

static void prof_clear(prof *pr)
{
    sky_free(pr->ll);
    sky_free(pr->xy);
    sky_free(pr->alt);
    sky_free(pr->ground);
    sky_free(pr->eta);
    sky_free(pr->corner);
    memset(pr, 0, sizeof *pr);
}

static int prof_add(prof *pr, sky_xy p, double alt, double g, int corner)
{
    if (pr->n == pr->cap) {
        size_t nc = pr->cap ? 2 * pr->cap : 64;
        sky_xy *x = sky_realloc(pr->xy, nc * sizeof *x);
        double *a = x ? sky_realloc(pr->alt, nc * sizeof *a) : NULL;
        double *gr = a ? sky_realloc(pr->ground, nc * sizeof *gr) : NULL;
        double *e = gr ? sky_realloc(pr->eta, nc * sizeof *e) : NULL;
        int *cn = e ? sky_realloc(pr->corner, nc * sizeof *cn) : NULL;
        if (x)
            pr->xy = x;
        if (a)
            pr->alt = a;
        if (gr)
            pr->ground = gr;
        if (e)
            pr->eta = e;
        if (cn == NULL)
            return 0;
        pr->corner = cn;
        pr->cap = nc;
    }
    pr->xy[pr->n] = p;
    pr->alt[pr->n] = alt;
    pr->ground[pr->n] = g;
    pr->corner[pr->n] = corner;
    pr->n++;
    return 1;
}

/*
 * Terrain following inside the band: the cruise altitude is ground + target at every ground
 * sample (every 10 m and at each contour crossing); samples that lie within tol of the
 * straight line between their neighbours are dropped, so profile points stand where the
 * ground changes. The aircraft may slow or hover, so any climb is flyable (DOMAIN.md).
 */
static sky_status build_profile(plan_ctx *c, const sky_xy *path, size_t n,
                                const sky_xy *req_xy, const sky_lonlat *req_ll, size_t nreq,
                                prof *pr, sky_error *err)
{
    const double target = c->req->altitude_m;
    const double tol = fmin(2.0, 0.5 * fmin(target - c->rules.min_agl_m,
                                            c->rules.max_agl_m - target));
    sky_status rc = SKY_OK;
    memset(pr, 0, sizeof *pr);
    for (size_t i = 0; i + 1 < n && rc == SKY_OK; i++) {
        double *t = NULL, *g = NULL, len = hypot(path[i + 1].x - path[i].x,
                                                  path[i + 1].y - path[i].y);
        size_t ns = 0, last = 0;
        rc = sky_dq_ground_profile(&c->p->q, path[i], path[i + 1], 10.0, &t, &g, &ns, err);
        if (rc != SKY_OK)
            break;
        if (i == 0 && !prof_add(pr, path[0], g[0] + target, g[0], 1))
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        /*
         * Keep a sample when the straight line from the last kept one to the next sample
         * would leave the tolerance band of some sample in between: a cone of admissible
         * slopes from the last kept point narrows with each sample (linear time).
         */
        {
            double lo = -INFINITY, hi = INFINITY;
            for (size_t j = 1; j < ns && rc == SKY_OK; j++) {
                double d0 = t[last] * len, a0 = g[last] + target, dj = t[j] * len - d0;
                int keep = j + 1 == ns;
                if (!keep && dj > 0) {
                    double aj = g[j] + target, dn = t[j + 1] * len - d0;
                    double slope_next = dn > 0 ? (g[j + 1] + target - a0) / dn : 0;
                    lo = fmax(lo, (aj - tol - a0) / dj);
                    hi = fmin(hi, (aj + tol - a0) / dj);
                    keep = slope_next < lo || slope_next > hi;
                }
                if (keep) {
                    sky_xy q = {path[i].x + t[j] * (path[i + 1].x - path[i].x),
                                path[i].y + t[j] * (path[i + 1].y - path[i].y)};
                    if (j + 1 == ns)
                        q = path[i + 1]; /* the vertex itself, exactly */
                    if (!prof_add(pr, q, g[j] + target, g[j], j + 1 == ns))
                        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                    last = j;
                    lo = -INFINITY;
                    hi = INFINITY;
                }
            }
        }
        sky_free(t);
        sky_free(g);
    }
    if (rc == SKY_OK && pr->n == 0) { /* origin == destination */
        double g0;
        rc = sky_dq_ground(&c->p->q, path[0], &g0, err);
        if (rc == SKY_OK && (!prof_add(pr, path[0], g0 + target, g0, 1) ||
                             !prof_add(pr, path[0], g0 + target, g0, 1)))
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    if (rc != SKY_OK) {
        prof_clear(pr);
        return rc;
    }
    /* lon/lat of every point; the request's own points exactly as they were asked */
    pr->ll = sky_malloc(pr->n * sizeof *pr->ll);
    if (pr->ll == NULL) {
        prof_clear(pr);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    rc = sky_geo_to_lonlat(c->p->q.g, pr->xy, pr->ll, pr->n, err);
    for (size_t i = 0; rc == SKY_OK && i < pr->n; i++)
        for (size_t k = 0; k < nreq; k++)
            if (pr->xy[i].x == req_xy[k].x && pr->xy[i].y == req_xy[k].y)
                pr->ll[i] = req_ll[k];
    if (rc != SKY_OK) {
        prof_clear(pr);
        return rc;
    }
    /* ETAs by the one timing rule the validator uses too */
    sky_route_etas(&c->profile, pr->ll, pr->alt, pr->n, pr->ground[0], pr->ground[pr->n - 1],
                   pr->eta, &pr->arrive_s);
    return SKY_OK;
}

/*
 * The scheduled zones the route meets while they are active: on each profile segment, a
 * zone (where it blocks the band) within the clearance of the segment, active at any instant
 * the aircraft spends on it (the first segment from the departure, the last to the
 * landing). Each such zone is marked forced; returns the count of new ones.
 */
static sky_status scheduled_conflicts(plan_ctx *c, const prof *pr, size_t *added,
                                      sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    const double margin = c->req->clearance_m;
    sky_status rc = SKY_OK;
    *added = 0;
    for (size_t v = 0; v < d->nvols && rc == SKY_OK; v++) {
        const sky_dvol *dv = &d->vols[v];
        const sky_vol_region *rg;
        if (c->forced[v] || static_zone(d, dv->zone) ||
            sky_dom_restriction_verdict(d, dv->zone, &c->rules) != SKY_WHY_BLOCKS)
            continue;
        rc = region_for(c, v, &rg, err);
        if (rc != SKY_OK || rg->state == 3)
            continue;
        /* the vertical take-off and landing at the pads: inside the zone (or within the
         * clearance) while it is active */
        for (int end = 0; end < 2 && rc == SKY_OK && !c->forced[v]; end++) {
            size_t i = end ? pr->n - 1 : 0;
            int64_t ta = sky_time_add(c->t0, end ? pr->eta[i] : 0, 0);
            int64_t tb = sky_time_add(c->t0, end ? pr->arrive_s : pr->eta[0], 1);
            double dist;
            int inside = 0;
            if (!sky_schedule_active_during(&d->zone_sched[dv->zone], ta, tb))
                continue;
            rc = region_point(c, v, pr->xy[i], &inside, &dist, err);
            if (rc == SKY_OK && (inside || dist < margin)) {
                c->forced[v] = 1;
                (*added)++;
            }
        }
        for (size_t i = 0; i + 1 < pr->n && rc == SKY_OK && !c->forced[v]; i++) {
            sky_xy a = pr->xy[i], b = pr->xy[i + 1];
            /* the aircraft is on segment i during [eta[i], eta[i+1]] */
            int64_t ta = sky_time_add(c->t0, pr->eta[i], 0);
            int64_t tb = sky_time_add(c->t0, pr->eta[i + 1], 1);
            double dist;
            if (dv->box.maxx < fmin(a.x, b.x) - margin || dv->box.minx > fmax(a.x, b.x) + margin ||
                dv->box.maxy < fmin(a.y, b.y) - margin || dv->box.miny > fmax(a.y, b.y) + margin)
                continue;
            if (!sky_schedule_active_during(&d->zone_sched[dv->zone], ta, tb))
                continue;
            rc = region_segment(c, v, a, b, &dist, err);
            if (rc != SKY_OK || (dist >= margin && dist > 0))
                continue;
            if (dist < margin) {
                /* within the clearance: judged over the segment's whole window, as the
                 * validator's CLEARANCE check does */
                c->forced[v] = 1;
            } else if (rg->state == 2) {
                c->forced[v] = 1; /* touching a clipped region: the whole window */
            } else {
                /* margin 0 and the segment meets the zone: only while it is inside */
                const sky_shape *shape;
                sky_spans sp = {NULL, 0, 0};
                rc = sky_dq_volume_shape(&c->p->q, v, &shape, err);
                if (rc == SKY_OK)
                    rc = sky_geo_segment_inside(c->p->q.g, shape, a, b, &sp, err);
                for (size_t k = 0; rc == SKY_OK && k < sp.n && !c->forced[v]; k++) {
                    double e0 = pr->eta[i], e1 = pr->eta[i + 1];
                    c->forced[v] = (uint8_t)sky_schedule_active_during(
                        &d->zone_sched[dv->zone], sky_time_add(c->t0, e0 + sp.v[k].t0 * (e1 - e0), 0),
                        sky_time_add(c->t0, e0 + sp.v[k].t1 * (e1 - e0), 1));
                }
                sky_free(sp.v);
            }
            if (c->forced[v]) {
                (*added)++;
                break;
            }
        }
    }
    return rc;
}

/* --- building the route ------------------------------------------------------------------ */

static char *dup_or_null(const char *s)
{
    return s ? sky_strdup(s) : NULL;
}

/* Blocking zones within the clearance of the straight line between request points. */
static sky_status zones_avoided(plan_ctx *c, const sky_xy *pts, size_t n, sky_route *r,
                                sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    uint8_t *seen = sky_calloc(d->as.nzones ? d->as.nzones : 1, 1);
    sky_status rc = SKY_OK;
    if (seen == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    r->avoided = sky_calloc(d->as.nzones ? d->as.nzones : 1, sizeof *r->avoided);
    if (r->avoided == NULL) {
        sky_free(seen);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i + 1 < n && rc == SKY_OK; i++)
        for (size_t k = 0; k < c->nblock && rc == SKY_OK; k++) {
            const sky_dvol *dv = &d->vols[c->block[k]];
            const double m = c->req->clearance_m;
            double dist;
            if (seen[dv->zone])
                continue;
            if (dv->box.maxx < fmin(pts[i].x, pts[i + 1].x) - m ||
                dv->box.minx > fmax(pts[i].x, pts[i + 1].x) + m ||
                dv->box.maxy < fmin(pts[i].y, pts[i + 1].y) - m ||
                dv->box.miny > fmax(pts[i].y, pts[i + 1].y) + m)
                continue;
            rc = region_segment(c, c->block[k], pts[i], pts[i + 1], &dist, err);
            if (rc == SKY_OK && dist < m + 1e-9) {
                seen[dv->zone] = 1;
                r->avoided[r->navoided] = sky_strdup(d->as.zones[dv->zone].id);
                if (r->avoided[r->navoided] == NULL)
                    rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                else
                    r->navoided++;
            }
        }
    sky_free(seen);
    return rc;
}

static sky_status make_route(plan_ctx *c, const prof *pr, const sky_xy *req_pts, size_t nreq,
                             sky_route **out, sky_error *err)
{
    sky_route *r = sky_calloc(1, sizeof *r);
    sky_status rc = SKY_OK;
    if (r == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    r->wp = sky_calloc(pr->n, sizeof *r->wp);
    if (r->wp == NULL) {
        sky_free(r);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    r->n = pr->n;
    r->clearance_m = c->req->clearance_m;
    r->altitude_m = c->req->altitude_m;
    r->depart_unix = c->req->depart_unix;
    r->profile = dup_or_null(c->profile_name);
    r->from = dup_or_null(c->req->from_id);
    r->to = dup_or_null(c->req->to_id);
    r->request_id = dup_or_null(c->req->request_id);
    for (size_t i = 0; i < pr->n && rc == SKY_OK; i++) {
        sky_waypoint *w = &r->wp[i];
        double geoid;
        w->pos = pr->ll[i];
        rc = sky_dq_geoid(&c->p->q, w->pos, &geoid, err);
        if (rc != SKY_OK)
            break;
        if (i > 0)
            w->dist_m = r->wp[i - 1].dist_m + sky_geo_distance_m(r->wp[i - 1].pos, w->pos);
        w->alt_amsl_m = pr->alt[i];
        w->alt_agl_m = pr->alt[i] - pr->ground[i];
        w->ell_h_m = w->alt_amsl_m + geoid;
        w->eta_s = pr->eta[i];
    }
    if (rc == SKY_OK) {
        r->length_m = r->wp[pr->n - 1].dist_m;
        r->duration_s = pr->arrive_s;
        rc = zones_avoided(c, req_pts, nreq, r, err);
    }
    if (rc == SKY_OK) {
        int over = sky_range_exceeded(&c->profile, r->length_m, r->duration_s);
        if (over == 1)
            rc = sky_fail(err, SKY_E_BEYOND_RANGE, NULL,
                          "the route is %.0f m long, beyond the %.0f m range of %s",
                          r->length_m, c->profile.range_m, c->profile_name);
        else if (over == 2)
            rc = sky_fail(err, SKY_E_BEYOND_RANGE, NULL,
                          "the route takes %.0f s with its climbs, beyond the %.0f s "
                          "endurance of %s (range / cruise speed)", r->duration_s,
                          c->profile.range_m / c->profile.speed_mps, c->profile_name);
    }
    if (rc != SKY_OK) {
        sky_route_free(r);
        return rc;
    }
    *out = r;
    return SKY_OK;
}

/* --- the request ------------------------------------------------------------------------- */

static sky_status resolve_point(plan_ctx *c, const char *id, sky_lonlat ll, const char *what,
                                sky_lonlat *out, sky_error *err)
{
    const sky_airspace *as = &c->p->eng->dom.as;
    if (id == NULL) {
        *out = ll;
        return SKY_OK;
    }
    for (size_t i = 0; i < as->nvps; i++)
        if (strcmp(as->vps[i].id, id) == 0) {
            *out = as->vps[i].pos;
            return SKY_OK;
        }
    {
        sky_ref ref = {NULL, -1, id, what};
        return sky_fail(err, SKY_E_NOT_FOUND, &ref, "no vertiport \"%s\" (the %s)", id, what);
    }
}

/* The horizontal path through every request point, with the current blocking set. */
static sky_status search_legs(plan_ctx *c, const sky_xy *xy, size_t npts, sky_xy **path_out,
                              size_t *npath_out, sky_error *err)
{
    sky_planner *p = c->p;
    const sky_plan_request *req = c->req;
    sky_xy *path = NULL;
    size_t npath = 0;
    sky_status rc = get_mesh(c, err);
    for (size_t i = 0; i + 1 < npts && rc == SKY_OK; i++) {
        sky_xy *leg = NULL;
        size_t nleg = 0;
        double len;
        sky_nav_result nr = sky_nav_search(c->mesh->mesh, p->nav, xy[i], xy[i + 1],
                                           req->max_expansions, &leg, &nleg, &len);
        switch (nr) {
        case SKY_NAV_FOUND: {
            sky_xy *np = sky_realloc(path, (npath + nleg) * sizeof *np);
            if (np == NULL) {
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                break;
            }
            path = np;
            /* the joint point appears once */
            memcpy(path + npath, leg + (npath ? 1 : 0), (nleg - (npath ? 1 : 0)) * sizeof *np);
            npath += nleg - (npath ? 1 : 0);
            break;
        }
        case SKY_NAV_START_OUT:
        case SKY_NAV_GOAL_OUT: {
            /* closer than the grown zones' corrections: name the nearest zone */
            size_t v;
            double dist;
            int inside;
            sky_xy q = nr == SKY_NAV_START_OUT ? xy[i] : xy[i + 1];
            const sky_domain *d = &p->eng->dom;
            sky_ref ref = {NULL, -1, NULL, NULL};
            rc = nearest_blocking(c, q, sky_geo_buffer_distance(req->clearance_m) + 1, &v,
                                  &dist, &inside, err);
            if (rc == SKY_OK) {
                ref.id = v != SKY_NO_VOLUME ? d->as.zones[d->vols[v].zone].id : NULL;
                rc = sky_fail(err, i == 0 && nr == SKY_NAV_START_OUT ? SKY_E_START_BLOCKED
                                                                      : SKY_E_GOAL_BLOCKED,
                              &ref, "the %s is within the clearance of zone %s",
                              nr == SKY_NAV_START_OUT ? "origin" : "destination",
                              ref.id ? ref.id : "(none found)");
            }
            break;
        }
        case SKY_NAV_NO_PATH:
            rc = no_route(c, xy[i + 1], err);
            break;
        case SKY_NAV_NOMEM:
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory searching for a route");
            break;
        case SKY_NAV_LIMIT:
        default: {
            uint64_t expanded = 0, generated = 0;
            sky_nav_stats(p->nav, &expanded, &generated);
            if (req->max_expansions && expanded >= req->max_expansions)
                rc = sky_fail(err, SKY_E_DEADLINE, NULL,
                              "the search stopped at its bound of %llu expansions",
                              (unsigned long long)req->max_expansions);
            else
                rc = sky_fail(err, SKY_E_DEADLINE, NULL,
                              "the search stopped at its budget of %zu nodes (a footprint "
                              "with very many vertices?)", (size_t)SKY_NAV_MAX_NODES);
            break;
        }
        }
        sky_free(leg);
    }
    if (rc != SKY_OK) {
        sky_free(path);
        return rc;
    }
    *path_out = path;
    *npath_out = npath;
    return SKY_OK;
}

sky_status sky_plan(sky_planner *p, const sky_plan_request *req, sky_route **out,
                    sky_error *err)
{
    plan_ctx c;
    sky_lonlat *ll = NULL;
    sky_xy *xy = NULL, *path = NULL;
    size_t npts, npath = 0, rounds = 0;
    prof pr;
    sky_status rc;

    if (out == NULL || p == NULL || req == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner, request or out is NULL");
    *out = NULL;
    if (req->size != sizeof *req)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "request not set up with sky_plan_request_init()");
    if (!isfinite(req->clearance_m) || req->clearance_m < 0 || req->clearance_m > 100000)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "clearance %g m is not usable",
                        req->clearance_m);
    if (req->nvia > 0 && req->via == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "via is NULL");
    memset(&c, 0, sizeof c);
    memset(&pr, 0, sizeof pr);
    c.p = p;
    c.req = req;
    rc = sky_eng_rules_in(&req->rules, &c.rules, err);
    if (rc != SKY_OK)
        return rc;
    if (!isfinite(req->altitude_m) || req->altitude_m < c.rules.min_agl_m ||
        req->altitude_m > c.rules.max_agl_m)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "altitude %g m AGL is outside the flight band %g..%g m AGL",
                        req->altitude_m, c.rules.min_agl_m, c.rules.max_agl_m);
    {
        sky_profile_info pi;
        c.profile_name = req->profile ? req->profile : SKY_DEFAULT_PROFILE;
        rc = sky_engine_find_profile(p->eng, c.profile_name, &pi, err);
        if (rc != SKY_OK)
            return rc;
        c.profile.speed_mps = pi.speed_mps;
        c.profile.climb_mps = pi.climb_mps;
        c.profile.descent_mps = pi.descent_mps;
        c.profile.range_m = pi.range_m;
    }
    c.t0 = req->depart_unix;
    c.t1 = sky_time_add(req->depart_unix, c.profile.range_m / c.profile.speed_mps, 1);
    npts = req->nvia + 2;
    ll = sky_malloc(npts * sizeof *ll);
    xy = sky_malloc(npts * sizeof *xy);
    c.forced = sky_calloc(p->eng->dom.nvols ? p->eng->dom.nvols : 1, 1);
    if (ll == NULL || xy == NULL || c.forced == NULL) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    rc = resolve_point(&c, req->from_id, req->from, "origin", &ll[0], err);
    if (rc == SKY_OK)
        rc = resolve_point(&c, req->to_id, req->to, "destination", &ll[npts - 1], err);
    for (size_t i = 0; i < req->nvia; i++)
        ll[i + 1] = req->via[i];
    for (size_t i = 0; i < npts && rc == SKY_OK; i++)
        rc = sky_eng_request_point(p, ll[i], &xy[i], err);
    /*
     * Plan with the zones that never change; each time the route meets a scheduled zone
     * while it is active, that zone joins the blocking set and the route is planned again.
     * Every round adds a zone, so there are at most as many rounds as scheduled zones.
     */
    for (;;) {
        size_t added = 0;
        if (rc == SKY_OK)
            rc = blocking_set(&c, err);
        if (rc == SKY_OK)
            rc = endpoint_check(&c, xy[0], "origin", SKY_E_START_BLOCKED, err);
        for (size_t i = 1; i < npts && rc == SKY_OK; i++)
            rc = endpoint_check(&c, xy[i], i + 1 == npts ? "destination" : "via point",
                                SKY_E_GOAL_BLOCKED, err);
        if (rc == SKY_OK)
            rc = search_legs(&c, xy, npts, &path, &npath, err);
        if (rc == SKY_OK)
            rc = build_profile(&c, path, npath, xy, ll, npts, &pr, err);
        if (rc == SKY_OK)
            rc = scheduled_conflicts(&c, &pr, &added, err);
        if (rc == SKY_OK && added > 0 && ++rounds > p->eng->dom.nvols)
            rc = sky_fail(err, SKY_E_INTERNAL, NULL, "scheduled zones did not settle");
        if (rc != SKY_OK || added == 0)
            break;
        prof_clear(&pr);
        sky_free(path);
        path = NULL;
    }
    if (rc == SKY_OK)
        rc = make_route(&c, &pr, xy, npts, out, err);
done:
    prof_clear(&pr);
    sky_free(path);
    sky_free(ll);
    sky_free(xy);
    sky_free(c.block);
    sky_free(c.forced);
    return rc;
}
