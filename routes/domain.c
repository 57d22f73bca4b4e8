/*
 * domain.c - the rules of DOMAIN.md over a loaded airspace: its extent and local frame, the
 * footprints and terrain contours projected once into that frame, the contour tree, and the
 * per-thread queries (ground, bands, verdicts). Invariant: a sky_domain is never written
 * after sky_dom_build returns, so any number of threads may query it through their own sky_dq.
 */
#include <stdlib.h>
#include <string.h>

#include "routes/domain.h"

void sky_rules_default(sky_rules *r)
{
    memset(r, 0, sizeof *r);
    r->min_agl_m = 30.0;
    r->max_agl_m = 120.0;
}

/* --- building -------------------------------------------------------------------------- */

static void ext_add(double e[4], sky_lonlat p, int *any)
{
    if (!*any) {
        e[0] = e[2] = p.lon;
        e[1] = e[3] = p.lat;
        *any = 1;
        return;
    }
    e[0] = fmin(e[0], p.lon);
    e[1] = fmin(e[1], p.lat);
    e[2] = fmax(e[2], p.lon);
    e[3] = fmax(e[3], p.lat);
}

static void ext_add_mpoly(double e[4], const sky_mpoly *m, int *any)
{
    for (size_t i = 0; i < m->npolys; i++)
        for (size_t k = 0; k < m->polys[i].nrings; k++)
            for (size_t j = 0; j < m->polys[i].rings[k].n; j++)
                ext_add(e, m->polys[i].rings[k].pts[j], any);
}

static void data_extent(sky_domain *d)
{
    const sky_airspace *as = &d->as;
    int any = 0;
    for (size_t i = 0; i < as->nvps; i++)
        ext_add(d->data_extent, as->vps[i].pos, &any);
    for (size_t i = 0; i < as->nzones; i++)
        for (size_t k = 0; k < as->zones[i].nvol; k++)
            ext_add_mpoly(d->data_extent, &as->zones[i].vol[k].fp.area, &any);
    for (size_t i = 0; i < as->ncontours; i++)
        ext_add_mpoly(d->data_extent, &as->contours[i].fp.area, &any);
    for (size_t i = 0; i < as->nroutes; i++)
        for (size_t j = 0; j < as->routes[i].line.n; j++)
            ext_add(d->data_extent, as->routes[i].line.pts[j], &any);
    for (size_t i = 0; i < as->ncorridors; i++)
        for (size_t j = 0; j < as->corridors[i].line.n; j++)
            ext_add(d->data_extent, as->corridors[i].line.pts[j], &any);
    d->has_extent = any;
    if (any) {
        sky_geo_grow_bbox(d->data_extent, SKY_EXTENT_GROWTH_M, d->extent);
        d->center.lon = 0.5 * (d->data_extent[0] + d->data_extent[2]);
        d->center.lat = 0.5 * (d->data_extent[1] + d->data_extent[3]);
    }
}

int sky_dom_in_extent(const sky_domain *d, sky_lonlat p)
{
    return d->has_extent && p.lon >= d->extent[0] && p.lon <= d->extent[2] &&
           p.lat >= d->extent[1] && p.lat <= d->extent[3];
}

/* Project one lon/lat polygon into the frame (arena storage), growing box. */
static sky_status project_poly(sky_domain *d, sky_geo *g, const sky_poly *in, sky_xpoly *out,
                               sky_bbox *box, sky_error *err)
{
    out->nrings = in->nrings;
    out->rings = sky_arena_alloc(&d->arena, (in->nrings ? in->nrings : 1) * sizeof *out->rings);
    if (out->rings == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t k = 0; k < in->nrings; k++) {
        sky_xring *r = &out->rings[k];
        sky_status rc;
        r->n = in->rings[k].n;
        r->pts = sky_arena_alloc(&d->arena, (r->n ? r->n : 1) * sizeof *r->pts);
        if (r->pts == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        rc = sky_geo_to_xy(g, in->rings[k].pts, r->pts, r->n, err);
        if (rc != SKY_OK)
            return rc;
        for (size_t j = 0; j < r->n; j++)
            sky_bbox_add(box, r->pts[j]);
    }
    return SKY_OK;
}

static sky_status build_volumes(sky_domain *d, sky_geo *g, sky_error *err)
{
    const sky_airspace *as = &d->as;
    sky_bbox *boxes;
    size_t n = 0;
    sky_status rc = SKY_OK;
    for (size_t i = 0; i < as->nzones; i++)
        n += as->zones[i].nvol;
    d->vols = sky_arena_alloc(&d->arena, (n ? n : 1) * sizeof *d->vols);
    boxes = sky_calloc(n ? n : 1, sizeof *boxes);
    if (d->vols == NULL || boxes == NULL) {
        sky_free(boxes);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < as->nzones && rc == SKY_OK; i++)
        for (size_t k = 0; k < as->zones[i].nvol && rc == SKY_OK; k++) {
            const sky_mpoly *m = &as->zones[i].vol[k].fp.area;
            sky_dvol *v = &d->vols[d->nvols];
            v->zone = i;
            v->vol = k;
            v->nxy = m->npolys;
            v->xy = sky_arena_alloc(&d->arena, (m->npolys ? m->npolys : 1) * sizeof *v->xy);
            sky_bbox_empty(&v->box);
            if (v->xy == NULL)
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            for (size_t p = 0; p < m->npolys && rc == SKY_OK; p++)
                rc = project_poly(d, g, &m->polys[p], &v->xy[p], &v->box, err);
            boxes[d->nvols++] = v->box;
        }
    if (rc == SKY_OK)
        rc = sky_index_build(boxes, d->nvols, &d->vol_index, err);
    sky_free(boxes);
    return rc;
}

static sky_status build_schedules(sky_domain *d, sky_error *err)
{
    const sky_airspace *as = &d->as;
    d->zone_sched = sky_arena_alloc(&d->arena, (as->nzones ? as->nzones : 1) *
                                                   sizeof *d->zone_sched);
    if (d->zone_sched == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < as->nzones; i++) {
        sky_ref ref = {NULL, -1, as->zones[i].id, "schedule"};
        sky_status rc = sky_schedule_parse(as->zones[i].schedule, &d->zone_sched[i], &ref, err);
        if (rc != SKY_OK) {
            for (size_t j = 0; j < i; j++)
                sky_schedule_clear(&d->zone_sched[j]);
            d->zone_sched = NULL;
            return rc;
        }
    }
    return SKY_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t level_no(const sky_domain *d, double level)
{
    size_t lo = 0, hi = d->nlevels;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->levels[mid] < level)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * The contour tree: every part at level i > 0 hangs under the part at level i - 1 that holds
 * its first vertex; the parts a part holds at the next level are its children.
 */
static sky_status build_terrain(sky_domain *d, sky_geo *g, sky_error *err)
{
    const sky_airspace *as = &d->as;
    sky_bbox *boxes;
    sky_shape **shapes;
    size_t n = 0, nl = 0;
    sky_status rc = SKY_OK;

    for (size_t i = 0; i < as->ncontours; i++)
        n += as->contours[i].fp.area.npolys;
    d->parts = sky_arena_alloc(&d->arena, (n ? n : 1) * sizeof *d->parts);
    d->levels = sky_arena_alloc(&d->arena, (as->ncontours ? as->ncontours : 1) *
                                               sizeof *d->levels);
    boxes = sky_calloc(n ? n : 1, sizeof *boxes);
    shapes = sky_calloc(n ? n : 1, sizeof *shapes);
    if (d->parts == NULL || d->levels == NULL || boxes == NULL || shapes == NULL) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < as->ncontours; i++)
        d->levels[i] = as->contours[i].min_elevation_m;
    qsort(d->levels, as->ncontours, sizeof *d->levels, cmp_double);
    for (size_t i = 0; i < as->ncontours; i++)
        if (nl == 0 || d->levels[nl - 1] != d->levels[i])
            d->levels[nl++] = d->levels[i];
    d->nlevels = nl;
    for (size_t i = 0; i < as->ncontours && rc == SKY_OK; i++) {
        const sky_contour *c = &as->contours[i];
        for (size_t p = 0; p < c->fp.area.npolys && rc == SKY_OK; p++) {
            sky_dpart *part = &d->parts[d->nparts];
            part->contour = i;
            part->level = c->min_elevation_m;
            part->level_no = level_no(d, part->level);
            part->parent = -1;
            sky_bbox_empty(&part->box);
            rc = project_poly(d, g, &c->fp.area.polys[p], &part->xy, &part->box, err);
            if (rc == SKY_OK)
                rc = sky_geo_shape_new(g, &part->xy, 1, &shapes[d->nparts], err);
            boxes[d->nparts++] = part->box;
        }
    }
    if (rc == SKY_OK)
        rc = sky_index_build(boxes, d->nparts, &d->part_index, err);
    /* parents: quadratic in the parts of two adjacent levels, which are few */
    for (size_t i = 0; i < d->nparts && rc == SKY_OK; i++) {
        sky_dpart *c = &d->parts[i];
        sky_xy probe;
        if (c->level_no == 0 || c->xy.nrings == 0 || c->xy.rings[0].n == 0)
            continue;
        probe = c->xy.rings[0].pts[0];
        for (size_t j = 0; j < d->nparts; j++)
            if (d->parts[j].level_no + 1 == c->level_no &&
                sky_geo_shape_covers(g, shapes[j], probe)) {
                c->parent = (long)j;
                d->parts[j].nchildren++;
                break;
            }
    }
    for (size_t j = 0; j < d->nparts && rc == SKY_OK; j++) {
        d->parts[j].children = sky_arena_alloc(
            &d->arena, (d->parts[j].nchildren ? d->parts[j].nchildren : 1) * sizeof(size_t));
        if (d->parts[j].children == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        d->parts[j].nchildren = 0;
    }
    for (size_t i = 0; i < d->nparts && rc == SKY_OK; i++)
        if (d->parts[i].parent >= 0) {
            sky_dpart *p = &d->parts[d->parts[i].parent];
            p->children[p->nchildren++] = i;
        }
done:
    for (size_t i = 0; shapes != NULL && i < n; i++)
        sky_geo_shape_free(g, shapes[i]);
    sky_free(shapes);
    sky_free(boxes);
    return rc;
}

static sky_status build_vertiports(sky_domain *d, sky_geo *g, sky_error *err)
{
    const sky_airspace *as = &d->as;
    sky_bbox *boxes;
    sky_status rc;
    d->vp_xy = sky_arena_alloc(&d->arena, (as->nvps ? as->nvps : 1) * sizeof *d->vp_xy);
    boxes = sky_calloc(as->nvps ? as->nvps : 1, sizeof *boxes);
    if (d->vp_xy == NULL || boxes == NULL) {
        sky_free(boxes);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    rc = SKY_OK;
    for (size_t i = 0; i < as->nvps && rc == SKY_OK; i++) {
        rc = sky_geo_to_xy(g, &as->vps[i].pos, &d->vp_xy[i], 1, err);
        boxes[i].minx = boxes[i].maxx = d->vp_xy[i].x;
        boxes[i].miny = boxes[i].maxy = d->vp_xy[i].y;
    }
    if (rc == SKY_OK)
        rc = sky_index_build(boxes, as->nvps, &d->vp_index, err);
    sky_free(boxes);
    return rc;
}

void sky_dom_clear(sky_domain *d)
{
    if (d->zone_sched != NULL)
        for (size_t i = 0; i < d->as.nzones; i++)
            sky_schedule_clear(&d->zone_sched[i]);
    sky_index_free(d->vol_index);
    sky_index_free(d->part_index);
    sky_index_free(d->vp_index);
    sky_arena_clear(&d->arena);
    sky_rt_airspace_clear(&d->as);
    memset(d, 0, sizeof *d);
    sky_rt_airspace_init(&d->as);
}

sky_status sky_dom_build(sky_domain *d, sky_error *err)
{
    sky_geo *g = NULL;
    sky_status rc;
    sky_arena_init(&d->arena);
    data_extent(d);
    rc = sky_geo_new(&g, err);
    if (rc == SKY_OK && d->has_extent)
        rc = sky_geo_set_frame(g, d->center, err);
    else if (rc == SKY_OK)
        rc = sky_geo_set_frame(g, (sky_lonlat){0, 0}, err);
    if (rc == SKY_OK)
        rc = build_volumes(d, g, err);
    if (rc == SKY_OK)
        rc = build_schedules(d, err);
    if (rc == SKY_OK)
        rc = build_terrain(d, g, err);
    if (rc == SKY_OK)
        rc = build_vertiports(d, g, err);
    sky_geo_free(g);
    if (rc != SKY_OK)
        sky_dom_clear(d);
    return rc;
}

/* --- restrictions ---------------------------------------------------------------------- */

static int listed(const char *id, const char *const *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] != NULL && strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

sky_why sky_dom_restriction_verdict(const sky_domain *d, size_t zone, const sky_rules *r)
{
    const sky_zone *z = &d->as.zones[zone];
    switch (z->restriction) {
    case SKY_RESTR_PROHIBITED:
        return SKY_WHY_BLOCKS;
    case SKY_RESTR_REQ_AUTHORISATION:
    case SKY_RESTR_USPACE: /* U-space airspace: entry needs an authorisation, like a permit */
        return listed(z->id, r->permits, r->npermits) ? SKY_WHY_PERMIT : SKY_WHY_BLOCKS;
    case SKY_RESTR_CONDITIONAL:
        return r->accept_conditional || listed(z->id, r->accepts, r->naccepts)
                   ? SKY_WHY_ACCEPTED
                   : SKY_WHY_BLOCKS;
    case SKY_RESTR_NO_RESTRICTION:
    default:
        return SKY_WHY_NO_RESTRICTION;
    }
}

/* --- per-thread queries ----------------------------------------------------------------- */

sky_status sky_dq_init(sky_dq *q, const sky_domain *d, sky_error *err)
{
    sky_status rc;
    memset(q, 0, sizeof *q);
    q->d = d;
    q->vol_shape = sky_calloc(d->nvols ? d->nvols : 1, sizeof *q->vol_shape);
    q->part_shape = sky_calloc(d->nparts ? d->nparts : 1, sizeof *q->part_shape);
    if (q->vol_shape == NULL || q->part_shape == NULL) {
        sky_dq_clear(q);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    rc = sky_geo_new(&q->g, err);
    if (rc == SKY_OK)
        rc = sky_geo_set_frame(q->g, d->has_extent ? d->center : (sky_lonlat){0, 0}, err);
    if (rc != SKY_OK)
        sky_dq_clear(q);
    return rc;
}

void sky_dq_clear(sky_dq *q)
{
    if (q->g != NULL) {
        for (size_t i = 0; q->vol_shape != NULL && i < q->d->nvols; i++)
            sky_geo_shape_free(q->g, q->vol_shape[i]);
        for (size_t i = 0; q->part_shape != NULL && i < q->d->nparts; i++)
            sky_geo_shape_free(q->g, q->part_shape[i]);
    }
    sky_free(q->vol_shape);
    sky_free(q->part_shape);
    sky_geo_free(q->g);
    memset(q, 0, sizeof *q);
}

static sky_status vol_shape(sky_dq *q, size_t v, const sky_shape **out, sky_error *err)
{
    if (q->vol_shape[v] == NULL) {
        const sky_dvol *dv = &q->d->vols[v];
        sky_status rc = sky_geo_shape_new(q->g, dv->xy, dv->nxy, &q->vol_shape[v], err);
        if (rc != SKY_OK)
            return rc;
    }
    *out = q->vol_shape[v];
    return SKY_OK;
}

static sky_status part_shape(sky_dq *q, size_t i, const sky_shape **out, sky_error *err)
{
    if (q->part_shape[i] == NULL) {
        sky_status rc = sky_geo_shape_new(q->g, &q->d->parts[i].xy, 1, &q->part_shape[i], err);
        if (rc != SKY_OK)
            return rc;
    }
    *out = q->part_shape[i];
    return SKY_OK;
}

sky_status sky_dq_in_volume(sky_dq *q, size_t v, sky_xy p, int *inside, sky_error *err)
{
    const sky_shape *s;
    const sky_bbox *b = &q->d->vols[v].box;
    sky_status rc;
    *inside = 0;
    if (p.x < b->minx || p.x > b->maxx || p.y < b->miny || p.y > b->maxy)
        return SKY_OK;
    rc = vol_shape(q, v, &s, err);
    if (rc == SKY_OK)
        *inside = sky_geo_shape_contains(q->g, s, p);
    return rc;
}

sky_status sky_dq_volume_distance(sky_dq *q, size_t v, sky_xy p, double *d_m, sky_error *err)
{
    const sky_shape *s;
    sky_status rc = vol_shape(q, v, &s, err);
    *d_m = NAN;
    if (rc == SKY_OK)
        *d_m = sky_geo_shape_distance(q->g, s, p);
    if (rc == SKY_OK && isnan(*d_m))
        rc = sky_fail(err, SKY_E_GEOS, NULL, "distance to a zone failed");
    return rc;
}

int sky_dom_volumes_near(const sky_domain *d, sky_bbox box, int (*fn)(void *, size_t),
                         void *user)
{
    return sky_index_query(d->vol_index, box, fn, user);
}

static sky_bbox point_box(sky_xy p, double r)
{
    sky_bbox b = {p.x - r, p.y - r, p.x + r, p.y + r};
    return b;
}

static int vertiport_ground(const sky_domain *d, sky_xy p, double *ground)
{
    sky_hits h = {NULL, 0, 0, 0};
    int found = 0;
    double best = INFINITY;
    sky_index_query(d->vp_index, point_box(p, SKY_VERTIPORT_SNAP_M), sky_index_collect, &h);
    /* out of memory mid-query: the pads found so far are still checked */
    for (size_t i = 0; i < h.n; i++) {
        const sky_vertiport *v = &d->as.vps[h.v[i]];
        double dx = d->vp_xy[h.v[i]].x - p.x, dy = d->vp_xy[h.v[i]].y - p.y;
        double dist = sqrt(dx * dx + dy * dy);
        if (dist <= SKY_VERTIPORT_SNAP_M && dist < best && isfinite(v->ground_elevation_m)) {
            best = dist;
            *ground = v->ground_elevation_m;
            found = 1;
        }
    }
    sky_free(h.v);
    return found;
}

sky_status sky_dq_ground(sky_dq *q, sky_xy p, double *ground_m, sky_error *err)
{
    const sky_domain *d = q->d;
    sky_hits h = {NULL, 0, 0, 0};
    long best = -1;
    sky_status rc = SKY_OK;

    *ground_m = 0;
    if (vertiport_ground(d, p, ground_m))
        return SKY_OK;
    if (d->nparts == 0)
        return SKY_OK;
    /* the highest contour part holding p (its boundary counts: the rule is continuous) */
    sky_index_query(d->part_index, point_box(p, 0), sky_index_collect, &h);
    if (h.oom) {
        sky_free(h.v);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < h.n && rc == SKY_OK; i++) {
        const sky_shape *s;
        size_t k = h.v[i];
        if (best >= 0 && d->parts[k].level <= d->parts[best].level)
            continue;
        rc = part_shape(q, k, &s, err);
        if (rc == SKY_OK && sky_geo_shape_covers(q->g, s, p))
            best = (long)k;
    }
    sky_free(h.v);
    if (rc != SKY_OK)
        return rc;
    if (best >= 0) {
        const sky_dpart *P = &d->parts[best];
        const sky_shape *s;
        double dh, dnext = INFINITY, hnext;
        if (P->nchildren == 0) {
            *ground_m = P->level;
            return SKY_OK;
        }
        rc = part_shape(q, (size_t)best, &s, err);
        if (rc != SKY_OK)
            return rc;
        dh = sky_geo_shape_boundary_distance(q->g, s, p);
        hnext = d->parts[P->children[0]].level;
        for (size_t c = 0; c < P->nchildren && rc == SKY_OK; c++) {
            rc = part_shape(q, P->children[c], &s, err);
            if (rc == SKY_OK)
                dnext = fmin(dnext, sky_geo_shape_distance(q->g, s, p));
        }
        if (rc != SKY_OK)
            return rc;
        if (isnan(dh) || isnan(dnext))
            return sky_fail(err, SKY_E_GEOS, NULL, "distance to a contour failed");
        *ground_m = dh + dnext > 0 ? P->level + (hnext - P->level) * dh / (dh + dnext)
                                   : P->level;
        return SKY_OK;
    }
    /* outside every contour: the flank slope down from the lowest level */
    {
        double d1 = INFINITY;
        /* beyond h1 / s from every lowest contour the ground is 0: a box is enough to know */
        const double reach = d->levels[0] / d->as.terrain_flank_slope;
        for (size_t k = 0; k < d->nparts && rc == SKY_OK; k++) {
            const sky_shape *s;
            const sky_bbox *b = &d->parts[k].box;
            double bx, by;
            if (d->parts[k].level_no != 0)
                continue;
            bx = fmax(0, fmax(b->minx - p.x, p.x - b->maxx));
            by = fmax(0, fmax(b->miny - p.y, p.y - b->maxy));
            if (bx * bx + by * by > reach * reach)
                continue;
            rc = part_shape(q, k, &s, err);
            if (rc == SKY_OK)
                d1 = fmin(d1, sky_geo_shape_distance(q->g, s, p));
        }
        if (rc != SKY_OK)
            return rc;
        if (isnan(d1))
            return sky_fail(err, SKY_E_GEOS, NULL, "distance to a contour failed");
        *ground_m = isfinite(d1) ? fmax(0.0, d->levels[0] - d->as.terrain_flank_slope * d1)
                                 : 0.0;
    }
    return SKY_OK;
}

sky_status sky_dq_geoid(sky_dq *q, sky_lonlat p, double *n_m, sky_error *err)
{
    return sky_geo_geoid_m(q->g, p, n_m, err);
}

static double limit_amsl(double v, sky_vref ref, double ground_m, double geoid_m)
{
    if (!isfinite(v))
        return v;
    switch (ref) {
    case SKY_VREF_AGL: return v + ground_m;
    case SKY_VREF_WGS84: return v - geoid_m; /* ellipsoidal h = H + N */
    case SKY_VREF_AMSL:
    default: return v;
    }
}

void sky_band_amsl(const sky_band *b, double ground_m, double geoid_m, double out[2])
{
    out[0] = limit_amsl(b->lower_m, b->lower_ref, ground_m, geoid_m);
    out[1] = limit_amsl(b->upper_m, b->upper_ref, ground_m, geoid_m);
}

int sky_band_meets(double a_lo, double a_hi, double b_lo, double b_hi)
{
    return a_lo <= b_hi && b_lo <= a_hi;
}

sky_status sky_dq_verdict(sky_dq *q, size_t v, sky_xy p, double ground_m, double geoid_m,
                          double alt_lo, double alt_hi, int64_t t0, int64_t t1,
                          const sky_rules *r, sky_why *why, double band_out[2],
                          sky_error *err)
{
    const sky_dvol *dv = &q->d->vols[v];
    const sky_volume *vol = &q->d->as.zones[dv->zone].vol[dv->vol];
    double band[2];
    (void)p;
    (void)err;
    sky_band_amsl(&vol->band, ground_m, geoid_m, band);
    if (band_out) {
        band_out[0] = band[0];
        band_out[1] = band[1];
    }
    *why = sky_dom_restriction_verdict(q->d, dv->zone, r);
    if (*why != SKY_WHY_BLOCKS)
        return SKY_OK;
    if (!sky_schedule_active_during(&q->d->zone_sched[dv->zone], t0, t1))
        *why = SKY_WHY_INACTIVE;
    else if (!sky_band_meets(band[0], band[1], alt_lo, alt_hi))
        *why = SKY_WHY_OUTSIDE_BAND;
    return SKY_OK;
}

double sky_leg_duration_s(const sky_profile *p, double length_m, double dh_m)
{
    double t_h = length_m / p->speed_mps;
    double t_v = dh_m >= 0 ? dh_m / p->climb_mps : -dh_m / p->descent_mps;
    return fmax(t_h, t_v);
}

static int cmp_t(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

sky_status sky_dq_ground_profile(sky_dq *q, sky_xy a, sky_xy b, double max_step_m,
                                 double **t_out, double **g_out, size_t *n_out, sky_error *err)
{
    const sky_domain *d = q->d;
    double len = hypot(b.x - a.x, b.y - a.y), *ts = NULL, *gs;
    size_t n = 0, cap = 0, steps, m = 0;
    sky_hits h = {NULL, 0, 0, 0};
    sky_bbox box = {fmin(a.x, b.x), fmin(a.y, b.y), fmax(a.x, b.x), fmax(a.y, b.y)};
    sky_status rc = SKY_OK;

    *t_out = *g_out = NULL;
    *n_out = 0;
    if (!(max_step_m > 0))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "the sampling step must be positive");
    steps = (size_t)ceil(len / max_step_m);
    if (steps < 1)
        steps = 1;
    if (steps > 100000000)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "segment of %.0f m is too long", len);
    cap = steps + 1 + 16;
    ts = sky_malloc(cap * sizeof *ts);
    if (ts == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i <= steps; i++)
        ts[n++] = (double)i / (double)steps;
    /* contour crossings: the ground's slope changes there */
    sky_index_query(d->part_index, box, sky_index_collect, &h);
    if (h.oom)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < h.n && rc == SKY_OK; i++) {
        const sky_shape *s;
        rc = part_shape(q, h.v[i], &s, err);
        if (rc == SKY_OK)
            rc = sky_geo_shape_crossings(q->g, s, a, b, &ts, &n, &cap, err);
    }
    sky_free(h.v);
    if (rc != SKY_OK) {
        sky_free(ts);
        return rc;
    }
    qsort(ts, n, sizeof *ts, cmp_t);
    for (size_t i = 0; i < n; i++) /* drop repeats */
        if (m == 0 || ts[i] > ts[m - 1])
            ts[m++] = ts[i];
    gs = sky_malloc(m * sizeof *gs);
    if (gs == NULL) {
        sky_free(ts);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < m && rc == SKY_OK; i++) {
        sky_xy p = {a.x + ts[i] * (b.x - a.x), a.y + ts[i] * (b.y - a.y)};
        rc = sky_dq_ground(q, p, &gs[i], err);
    }
    if (rc != SKY_OK) {
        sky_free(ts);
        sky_free(gs);
        return rc;
    }
    *t_out = ts;
    *g_out = gs;
    *n_out = m;
    return SKY_OK;
}

sky_status sky_dq_endpoint_check(sky_dq *q, sky_xy p, double ground_m, double geoid_m,
                                 double alt_lo, double alt_hi, int64_t t0, int64_t t1,
                                 const sky_rules *r, double margin_m, size_t *vol,
                                 double *dist_m, sky_error *err)
{
    sky_hits h = {NULL, 0, 0, 0};
    double reach = margin_m > 0 ? margin_m : 0;
    sky_bbox box = {p.x - reach, p.y - reach, p.x + reach, p.y + reach};
    sky_status rc = SKY_OK;
    *vol = SKY_NO_VOLUME;
    *dist_m = INFINITY;
    sky_dom_volumes_near(q->d, box, sky_index_collect, &h);
    if (h.oom) {
        sky_free(h.v);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < h.n && rc == SKY_OK; i++) {
        sky_why why;
        double dist;
        int inside = 0;
        rc = sky_dq_verdict(q, h.v[i], p, ground_m, geoid_m, alt_lo, alt_hi, t0, t1, r, &why,
                            NULL, err);
        if (rc != SKY_OK || why != SKY_WHY_BLOCKS)
            continue;
        rc = sky_dq_in_volume(q, h.v[i], p, &inside, err);
        if (rc == SKY_OK && !inside)
            rc = sky_dq_volume_distance(q, h.v[i], p, &dist, err);
        else
            dist = 0;
        if (rc == SKY_OK && (inside || dist < margin_m) &&
            (*vol == SKY_NO_VOLUME || dist < *dist_m)) {
            *vol = h.v[i];
            *dist_m = dist;
        }
    }
    sky_free(h.v);
    return rc;
}

double sky_feet_to_m(double ft)
{
    return ft * 0.3048;
}

/* --- validation helpers (issue 7) ---------------------------------------------------------- */

sky_status sky_dq_volume_shape(sky_dq *q, size_t v, const sky_shape **out, sky_error *err)
{
    return vol_shape(q, v, out, err);
}

static double sat_s(double t)
{
    return isfinite(t) ? fmin(fmax(t, 0.0), SKY_MAX_FLIGHT_S) : SKY_MAX_FLIGHT_S;
}

void sky_route_etas(const sky_profile *p, const sky_lonlat *pts, const double *alt, size_t n,
                    double ground0, double ground_end, double *eta, double *arrive_s)
{
    if (n == 0) {
        *arrive_s = 0;
        return;
    }
    eta[0] = sat_s(sky_leg_duration_s(p, 0, fmax(0.0, alt[0] - ground0)));
    for (size_t i = 1; i < n; i++)
        eta[i] = sat_s(eta[i - 1] + sky_leg_duration_s(p, sky_geo_distance_m(pts[i - 1], pts[i]),
                                                       alt[i] - alt[i - 1]));
    *arrive_s = sat_s(eta[n - 1] + sky_leg_duration_s(p, 0, -fmax(0.0, alt[n - 1] - ground_end)));
}

int64_t sky_time_add(int64_t t, double seconds, int up)
{
    double r = up ? ceil(seconds) : floor(seconds);
    if (!(r < 9.0e15))
        r = 9.0e15;
    if (!(r > -9.0e15))
        r = -9.0e15;
    if (r > 0 && t > INT64_MAX - (int64_t)r)
        return INT64_MAX;
    if (r < 0 && t < INT64_MIN - (int64_t)r)
        return INT64_MIN;
    return t + (int64_t)r;
}

int sky_range_exceeded(const sky_profile *p, double length_m, double duration_s)
{
    if (length_m > p->range_m)
        return 1;
    if (duration_s > p->range_m / p->speed_mps)
        return 2;
    return 0;
}

const char *sky_profile_figure_check(int which, double v)
{
    static const double lo[4] = {0.1, 0.01, 0.01, 1.0}, hi[4] = {500.0, 100.0, 100.0, 1.0e7};
    static const char *const msg[4] = {
        "a cruise speed from 0.1 to 500 m/s", "a climb rate from 0.01 to 100 m/s",
        "a descent rate from 0.01 to 100 m/s", "a range from 1 m to 10,000 km"};
    if (which < 0 || which > 3)
        return "unknown figure";
    return isfinite(v) && v >= lo[which] && v <= hi[which] ? NULL : msg[which];
}
