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
    s->geom = GEOSGeom_createCollection_r(g->gctx, GEOS_MULTIPOLYGON, parts, (unsigned)npolys);
    if (s->geom == NULL)
        for (size_t j = 0; j < npolys; j++)
            GEOSGeom_destroy_r(g->gctx, parts[j]);
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
