/*
 * shape.c - polygons in the local frame prepared for repeated point queries: GEOS prepared
 * geometries (and the boundary, for distances from inside), owned by one sky_geo's context.
 * Planners build them lazily from the engine's shared coordinate arrays.
 */
#include <math.h>

#include "geo/geo_int.h"

struct sky_shape {
    GEOSGeometry *geom;
    GEOSGeometry *boundary;
    const GEOSPreparedGeometry *prep;
    const GEOSPreparedGeometry *prep_boundary;
};

void sky_geo_shape_free(sky_geo *g, sky_shape *s)
{
    if (s == NULL)
        return;
    if (s->prep)
        GEOSPreparedGeom_destroy_r(g->gctx, s->prep);
    if (s->prep_boundary)
        GEOSPreparedGeom_destroy_r(g->gctx, s->prep_boundary);
    if (s->geom)
        GEOSGeom_destroy_r(g->gctx, s->geom);
    if (s->boundary)
        GEOSGeom_destroy_r(g->gctx, s->boundary);
    sky_free(s);
}

sky_status sky_geo_shape_new(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                             sky_shape **out, sky_error *err)
{
    sky_shape *s = sky_calloc(1, sizeof *s);
    GEOSGeometry **parts = sky_calloc(npolys ? npolys : 1, sizeof *parts);
    *out = NULL;
    g->gmsg[0] = '\0';
    if (s == NULL || parts == NULL) {
        sky_free(s);
        sky_free(parts);
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < npolys; i++) {
        const double *stack_pts[8];
        size_t stack_n[8];
        const sky_xpoly *p = &polys[i];
        const double **pts = stack_pts;
        size_t *n = stack_n;
        if (p->nrings > 8) {
            pts = sky_calloc(p->nrings, sizeof *pts);
            n = sky_calloc(p->nrings, sizeof *n);
        }
        if (pts != NULL && n != NULL) {
            for (size_t k = 0; k < p->nrings; k++) {
                pts[k] = (const double *)p->rings[k].pts;
                n[k] = p->rings[k].n;
            }
            parts[i] = sky_geo_poly_from_rings(g, p->nrings, pts, n);
        }
        if (pts != stack_pts) {
            sky_free(pts);
            sky_free(n);
        }
        if (parts[i] == NULL) {
            for (size_t j = 0; j < i; j++)
                GEOSGeom_destroy_r(g->gctx, parts[j]);
            sky_free(parts);
            sky_free(s);
            return sky_geo_geos_fail(g, NULL, err, "building a shape");
        }
    }
    /* GEOS takes the parts whether or not it succeeds */
    s->geom = GEOSGeom_createCollection_r(g->gctx, GEOS_MULTIPOLYGON, parts, (unsigned)npolys);
    sky_free(parts);
    if (s->geom != NULL) {
        s->boundary = GEOSBoundary_r(g->gctx, s->geom);
        s->prep = GEOSPrepare_r(g->gctx, s->geom);
    }
    if (s->boundary != NULL)
        s->prep_boundary = GEOSPrepare_r(g->gctx, s->boundary);
    if (s->geom == NULL || s->boundary == NULL || s->prep == NULL || s->prep_boundary == NULL) {
        sky_geo_shape_free(g, s);
        return sky_geo_geos_fail(g, NULL, err, "preparing a shape");
    }
    *out = s;
    return SKY_OK;
}

/*
 * Each query makes its own point: GEOS caches a geometry's envelope, so moving one point in
 * place would leave prepared predicates testing against a stale box.
 */
typedef char (*point_pred)(GEOSContextHandle_t, const GEOSPreparedGeometry *,
                          const GEOSGeometry *);

static int ask(sky_geo *g, const GEOSPreparedGeometry *prep, point_pred pred, sky_xy p)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->gctx, p.x, p.y);
    int r;
    if (pt == NULL)
        return -1;
    r = pred(g->gctx, prep, pt);
    GEOSGeom_destroy_r(g->gctx, pt);
    return r;
}

static double dist(sky_geo *g, const GEOSPreparedGeometry *prep, sky_xy p)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->gctx, p.x, p.y);
    double d = NAN;
    if (pt == NULL)
        return NAN;
    if (!GEOSPreparedDistance_r(g->gctx, prep, pt, &d))
        d = NAN;
    GEOSGeom_destroy_r(g->gctx, pt);
    return d;
}

int sky_geo_shape_contains(sky_geo *g, const sky_shape *s, sky_xy p)
{
    return ask(g, s->prep, GEOSPreparedContains_r, p) == 1;
}

int sky_geo_shape_covers(sky_geo *g, const sky_shape *s, sky_xy p)
{
    return ask(g, s->prep, GEOSPreparedIntersects_r, p) == 1;
}

double sky_geo_shape_distance(sky_geo *g, const sky_shape *s, sky_xy p)
{
    if (sky_geo_shape_covers(g, s, p))
        return 0;
    return dist(g, s->prep_boundary, p);
}

double sky_geo_shape_boundary_distance(sky_geo *g, const sky_shape *s, sky_xy p)
{
    return dist(g, s->prep_boundary, p);
}

static int push_t(double **ts, size_t *n, size_t *cap, double t)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        double *nt = sky_realloc(*ts, nc * sizeof *nt);
        if (nt == NULL)
            return 0;
        *ts = nt;
        *cap = nc;
    }
    (*ts)[(*n)++] = t;
    return 1;
}

sky_status sky_geo_shape_crossings(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                   double **ts, size_t *n, size_t *cap, sky_error *err)
{
    const double buf[4] = {a.x, a.y, b.x, b.y};
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    GEOSCoordSequence *cs;
    GEOSGeometry *seg, *hit;
    const GEOSGeometry *parts[1];
    sky_status rc = SKY_OK;
    int ngeoms;

    if (!(len2 > 0))
        return SKY_OK;
    g->gmsg[0] = '\0';
    cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, buf, 2, 0, 0);
    seg = cs ? GEOSGeom_createLineString_r(g->gctx, cs) : NULL;
    if (seg == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a segment");
    hit = GEOSIntersection_r(g->gctx, seg, s->boundary);
    GEOSGeom_destroy_r(g->gctx, seg);
    if (hit == NULL)
        return sky_geo_geos_fail(g, NULL, err, "intersecting a segment");
    /* every coordinate of the (multi)point / line result, as a parameter along a-b */
    ngeoms = GEOSGetNumGeometries_r(g->gctx, hit);
    for (int i = 0; i < ngeoms && rc == SKY_OK; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(g->gctx, hit, i);
        const GEOSCoordSequence *pcs;
        unsigned size = 0;
        parts[0] = part;
        if (GEOSisEmpty_r(g->gctx, part))
            continue;
        pcs = GEOSGeom_getCoordSeq_r(g->gctx, parts[0]);
        if (pcs == NULL || !GEOSCoordSeq_getSize_r(g->gctx, pcs, &size))
            continue;
        for (unsigned k = 0; k < size; k++) {
            double x, y, t;
            GEOSCoordSeq_getXY_r(g->gctx, pcs, k, &x, &y);
            t = ((x - a.x) * dx + (y - a.y) * dy) / len2;
            if (!push_t(ts, n, cap, fmin(1.0, fmax(0.0, t))))
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        }
    }
    GEOSGeom_destroy_r(g->gctx, hit);
    return rc;
}

/* --- accessors for geo/segment.c (validation, issue 7) ------------------------------------ */

const GEOSGeometry *sky_geo_shape_geom(const sky_shape *s)
{
    return s->geom;
}

const GEOSPreparedGeometry *sky_geo_shape_prepared(const sky_shape *s)
{
    return s->prep;
}
