/*
 * planner.c - sky_plan: which zones block a request (the domain's 2D rules), the free space
 * around them grown by the margin, triangulated once per (blocking set, margin) and cached
 * in the planner, then searched exactly (nav.c). Routes are plain copies: they outlive the
 * planner and never point into it.
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
    sky_free(p->vol_ground);
    p->vol_ground = NULL;
}

/* --- which volumes block (the 2D rules of DOMAIN.md) ------------------------------------ */

/*
 * The ground's range over a volume's footprint, judged conservatively for the 2D planner:
 * the lowest and highest ground at its vertices, raised to the next contour level above the
 * highest contour whose box meets the footprint (the ground inside never exceeds it).
 */
static sky_status volume_ground(sky_planner *p, size_t v, double out[2], sky_error *err)
{
    const sky_domain *d = &p->eng->dom;
    const sky_dvol *dv = &d->vols[v];
    double lo = INFINITY, hi = -INFINITY;
    sky_status rc = SKY_OK;
    if (p->vol_ground == NULL) {
        p->vol_ground = sky_malloc((d->nvols ? d->nvols : 1) * 2 * sizeof *p->vol_ground);
        if (p->vol_ground == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        for (size_t i = 0; i < 2 * d->nvols; i++)
            p->vol_ground[i] = NAN;
    }
    if (!isnan(p->vol_ground[2 * v])) {
        out[0] = p->vol_ground[2 * v];
        out[1] = p->vol_ground[2 * v + 1];
        return SKY_OK;
    }
    for (size_t i = 0; i < dv->nxy && rc == SKY_OK; i++)
        for (size_t j = 0; j < dv->xy[i].rings[0].n && rc == SKY_OK; j++) {
            double g;
            rc = sky_dq_ground(&p->q, dv->xy[i].rings[0].pts[j], &g, err);
            lo = fmin(lo, g);
            hi = fmax(hi, g);
        }
    if (rc != SKY_OK)
        return rc;
    for (size_t k = 0; k < d->nparts; k++) {
        const sky_bbox *b = &d->parts[k].box;
        if (b->minx <= dv->box.maxx && dv->box.minx <= b->maxx && b->miny <= dv->box.maxy &&
            dv->box.miny <= b->maxy) {
            size_t ln = d->parts[k].level_no;
            hi = fmax(hi, ln + 1 < d->nlevels ? d->levels[ln + 1] : d->levels[ln]);
        }
    }
    if (!isfinite(lo))
        lo = hi = 0;
    p->vol_ground[2 * v] = out[0] = lo;
    p->vol_ground[2 * v + 1] = out[1] = hi;
    return SKY_OK;
}

typedef struct plan_ctx {
    sky_planner *p;
    const sky_plan_request *req;
    sky_rules rules;
    sky_profile profile;
    const char *profile_name;
    int64_t t0, t1;
    size_t *block;             /* the blocking volumes, ascending */
    size_t nblock;
    sky_mesh_entry *mesh;
} plan_ctx;

static sky_status blocking_set(plan_ctx *c, sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    sky_status rc = SKY_OK;
    c->block = sky_malloc((d->nvols ? d->nvols : 1) * sizeof *c->block);
    if (c->block == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    c->nblock = 0;
    for (size_t v = 0; v < d->nvols && rc == SKY_OK; v++) {
        const sky_dvol *dv = &d->vols[v];
        const sky_volume *vol = &d->as.zones[dv->zone].vol[dv->vol];
        double gr[2] = {0, 0}, band_lo[2], band_hi[2], n = 0;
        if (sky_dom_restriction_verdict(d, dv->zone, &c->rules) != SKY_WHY_BLOCKS)
            continue;
        if (!sky_schedule_active_during(&d->zone_sched[dv->zone], c->t0, c->t1))
            continue;
        rc = volume_ground(c->p, v, gr, err);
        if (rc == SKY_OK && (vol->band.lower_ref == SKY_VREF_WGS84 ||
                             vol->band.upper_ref == SKY_VREF_WGS84)) {
            sky_lonlat ll;
            rc = sky_geo_to_lonlat(c->p->q.g, &dv->xy[0].rings[0].pts[0], &ll, 1, err);
            if (rc == SKY_OK)
                rc = sky_dq_geoid(&c->p->q, ll, &n, err);
        }
        if (rc != SKY_OK)
            break;
        /* the band over the whole footprint against the nominal altitude over it */
        sky_band_amsl(&vol->band, gr[0], n, band_lo);
        sky_band_amsl(&vol->band, gr[1], n, band_hi);
        if (sky_band_meets(fmin(band_lo[0], band_hi[0]), fmax(band_lo[1], band_hi[1]),
                           gr[0] + c->req->altitude_m, gr[1] + c->req->altitude_m))
            c->block[c->nblock++] = v;
    }
    return rc;
}

static uint64_t set_key(const size_t *v, size_t n, double margin)
{
    uint64_t h = 1469598103934665603ull, mb;
    memcpy(&mb, &margin, sizeof mb);
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint64_t)v[i]) * 1099511628211ull;
    return (h ^ mb) * 1099511628211ull;
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
    uint64_t key = set_key(c->block, c->nblock, margin);
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
            e->margin_m == margin &&
            (c->nblock == 0 || memcmp(e->vols, c->block, c->nblock * sizeof *c->block) == 0)) {
            e->used = ++p->clock;
            c->mesh = e;
            return SKY_OK;
        }
        if (e->used < slot->used)
            slot = e;
    }
    for (size_t i = 0; i < c->nblock; i++)
        npolys += d->vols[c->block[i]].nxy;
    polys = sky_malloc((npolys ? npolys : 1) * sizeof *polys);
    if (polys == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    npolys = 0;
    for (size_t i = 0; i < c->nblock; i++) {
        const sky_dvol *dv = &d->vols[c->block[i]];
        for (size_t k = 0; k < dv->nxy; k++) {
            polys[npolys++] = dv->xy[k];
            for (size_t r = 0; r < dv->xy[k].nrings; r++)
                nverts += dv->xy[k].rings[r].n;
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
    slot->mesh = mesh;
    slot->used = ++p->clock;
    c->mesh = slot;
    return SKY_OK;
}

/* --- endpoints, failures ------------------------------------------------------------------- */

/* The blocking volume closest to p within the margin (inside counts as 0), or SKY_NO_VOLUME. */
static sky_status nearest_blocking(plan_ctx *c, sky_xy p, double reach, size_t *vol,
                                   double *dist_m, sky_error *err)
{
    const sky_domain *d = &c->p->eng->dom;
    sky_status rc = SKY_OK;
    *vol = SKY_NO_VOLUME;
    *dist_m = INFINITY;
    for (size_t i = 0; i < c->nblock && rc == SKY_OK; i++) {
        const sky_bbox *b = &d->vols[c->block[i]].box;
        double dd;
        if (p.x < b->minx - reach || p.x > b->maxx + reach || p.y < b->miny - reach ||
            p.y > b->maxy + reach)
            continue;
        rc = sky_dq_volume_distance(&c->p->q, c->block[i], p, &dd, err);
        if (rc == SKY_OK && dd <= reach && dd < *dist_m) {
            *vol = c->block[i];
            *dist_m = dd;
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
    sky_status rc = nearest_blocking(c, p, margin, &v, &dist, err);
    if (rc != SKY_OK || v == SKY_NO_VOLUME)
        return rc;
    rc = sky_dq_in_volume(&c->p->q, v, p, &inside, err);
    if (rc != SKY_OK)
        return rc;
    if (inside || dist < margin) {
        const sky_zone *z = &d->as.zones[d->vols[v].zone];
        sky_ref ref = {NULL, -1, z->id, NULL};
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
    /* a wall lies on a grown zone's boundary: within the buffer distance of the zone */
    double reach = sky_geo_buffer_distance(c->req->clearance_m) + 0.01;
    sky_ref ref = {NULL, -1, NULL, NULL};
    for (size_t i = 0; named != NULL && i < nwalls; i++) {
        size_t v;
        double dist;
        sky_error ignore;
        const char *id;
        if (nearest_blocking(c, walls[i], reach, &v, &dist, &ignore) != SKY_OK ||
            v == SKY_NO_VOLUME || named[d->vols[v].zone])
            continue;
        id = d->as.zones[d->vols[v].zone].id;
        named[d->vols[v].zone] = 1;
        if (count++ == 0)
            ref.id = id;
        if (len + strlen(id) + 3 < sizeof names)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", len ? ", " : "",
                                    id);
    }
    sky_free(walls);
    sky_free(named);
    (void)err;
    if (count == 0)
        return sky_fail(err, SKY_E_NO_ROUTE, &ref, "no route to the destination");
    return sky_fail(err, SKY_E_NO_ROUTE, &ref,
                    "no route: the destination is enclosed by blocking zone%s %s%s",
                    count == 1 ? "" : "s", names, c->req->clearance_m > 0
                                                      ? " (with the clearance around them)"
                                                      : "");
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
            double dist;
            if (seen[dv->zone])
                continue;
            const sky_shape *shape;
            double t;
            sky_xy on;
            if (dv->box.maxx < fmin(pts[i].x, pts[i + 1].x) - c->req->clearance_m ||
                dv->box.minx > fmax(pts[i].x, pts[i + 1].x) + c->req->clearance_m ||
                dv->box.maxy < fmin(pts[i].y, pts[i + 1].y) - c->req->clearance_m ||
                dv->box.miny > fmax(pts[i].y, pts[i + 1].y) + c->req->clearance_m)
                continue;
            rc = sky_dq_volume_shape(&c->p->q, c->block[k], &shape, err);
            if (rc == SKY_OK)
                rc = sky_geo_segment_distance(c->p->q.g, shape, pts[i], pts[i + 1], &dist, &t,
                                              &on, err);
            if (rc == SKY_OK && dist < c->req->clearance_m + 1e-9) {
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

static sky_status make_route(plan_ctx *c, const sky_xy *path, size_t n, const sky_xy *req_pts,
                             size_t nreq, sky_route **out, sky_error *err)
{
    sky_route *r = sky_calloc(1, sizeof *r);
    const double alt = c->req->altitude_m;
    double horiz_s = 0;
    sky_status rc = SKY_OK;
    if (r == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    r->wp = sky_calloc(n, sizeof *r->wp);
    if (r->wp == NULL) {
        sky_free(r);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    r->n = n;
    r->clearance_m = c->req->clearance_m;
    r->altitude_m = alt;
    r->depart_unix = c->req->depart_unix;
    r->profile = dup_or_null(c->profile_name);
    r->from = dup_or_null(c->req->from_id);
    r->to = dup_or_null(c->req->to_id);
    r->request_id = dup_or_null(c->req->request_id);
    for (size_t i = 0; i < n && rc == SKY_OK; i++) {
        sky_waypoint *w = &r->wp[i];
        double ground, geoid;
        rc = sky_geo_to_lonlat(c->p->q.g, &path[i], &w->pos, 1, err);
        if (rc == SKY_OK)
            rc = sky_dq_ground(&c->p->q, path[i], &ground, err);
        if (rc == SKY_OK)
            rc = sky_dq_geoid(&c->p->q, w->pos, &geoid, err);
        if (rc != SKY_OK)
            break;
        if (i > 0) {
            double leg = sky_geo_distance_m(r->wp[i - 1].pos, w->pos);
            w->dist_m = r->wp[i - 1].dist_m + leg;
            horiz_s += sky_leg_duration_s(&c->profile, leg, 0);
        }
        w->alt_agl_m = alt;
        w->alt_amsl_m = ground + alt;
        w->ell_h_m = w->alt_amsl_m + geoid;
        /* vertical take-off at the origin, then cruise */
        w->eta_s = sky_leg_duration_s(&c->profile, 0, alt) + horiz_s;
    }
    if (rc == SKY_OK) {
        r->length_m = r->wp[n - 1].dist_m;
        r->duration_s = r->wp[n - 1].eta_s + sky_leg_duration_s(&c->profile, 0, -alt);
        rc = zones_avoided(c, req_pts, nreq, r, err);
    }
    if (rc == SKY_OK && r->length_m > c->profile.range_m)
        rc = sky_fail(err, SKY_E_BEYOND_RANGE, NULL,
                      "the route is %.0f m long, beyond the %.0f m range of %s", r->length_m,
                      c->profile.range_m, c->profile_name);
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

sky_status sky_plan(sky_planner *p, const sky_plan_request *req, sky_route **out,
                    sky_error *err)
{
    plan_ctx c;
    sky_lonlat *ll = NULL;
    sky_xy *xy = NULL, *path = NULL;
    size_t npts, npath = 0;
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
    if (!isfinite(req->altitude_m) || req->altitude_m < 0)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "altitude %g m is not usable",
                        req->altitude_m);
    if (req->nvia > 0 && req->via == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "via is NULL");
    memset(&c, 0, sizeof c);
    c.p = p;
    c.req = req;
    rc = sky_eng_rules_in(&req->rules, &c.rules, err);
    if (rc != SKY_OK)
        return rc;
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
    /* DOMAIN.md: the 2D planner judges schedules over [depart, depart + range / speed] */
    c.t0 = req->depart_unix;
    c.t1 = req->depart_unix + (int64_t)ceil(c.profile.range_m / c.profile.speed_mps);
    npts = req->nvia + 2;
    ll = sky_malloc(npts * sizeof *ll);
    xy = sky_malloc(npts * sizeof *xy);
    if (ll == NULL || xy == NULL) {
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
    if (rc == SKY_OK)
        rc = blocking_set(&c, err);
    if (rc == SKY_OK)
        rc = endpoint_check(&c, xy[0], "origin", SKY_E_START_BLOCKED, err);
    for (size_t i = 1; i < npts && rc == SKY_OK; i++)
        rc = endpoint_check(&c, xy[i], i + 1 == npts ? "destination" : "via point",
                            SKY_E_GOAL_BLOCKED, err);
    if (rc == SKY_OK)
        rc = get_mesh(&c, err);
    /* legs between consecutive request points, joined */
    for (size_t i = 0; i + 1 < npts && rc == SKY_OK; i++) {
        sky_xy *leg = NULL;
        size_t nleg = 0;
        double len;
        sky_nav_result nr = sky_nav_search(c.mesh->mesh, p->nav, xy[i], xy[i + 1],
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
            /* closer than the grown zones' chord correction: name the nearest zone */
            size_t v;
            double dist;
            sky_xy q = nr == SKY_NAV_START_OUT ? xy[i] : xy[i + 1];
            const sky_domain *d = &p->eng->dom;
            sky_ref ref = {NULL, -1, NULL, NULL};
            rc = nearest_blocking(&c, q, sky_geo_buffer_distance(req->clearance_m) + 1, &v,
                                  &dist, err);
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
            rc = no_route(&c, xy[i + 1], err);
            break;
        case SKY_NAV_LIMIT:
        default:
            rc = sky_fail(err, SKY_E_DEADLINE, NULL,
                          "the search stopped at its bound of %llu expansions",
                          (unsigned long long)req->max_expansions);
            break;
        }
        sky_free(leg);
    }
    if (rc == SKY_OK)
        rc = make_route(&c, path, npath, xy, npts, out, err);
done:
    sky_free(path);
    sky_free(ll);
    sky_free(xy);
    sky_free(c.block);
    return rc;
}
