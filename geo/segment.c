/*
 * segment.c - one straight segment of a route or corridor against a prepared shape, in the
 * local metric frame: the stretches inside the interior, the exact minimum distance and where
 * it is attained, the stretches within a distance. The validator's geometry, kept here so
 * that GEOS stays in geo/. Invariant: spans are sorted, disjoint and within [0, 1].
 */
#include <math.h>
#include <stdlib.h>

#include "geo/geo_int.h"

#define MIN_STRETCH_M 1e-6 /* shorter stretches between two crossings are numerical noise */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static GEOSGeometry *make_segment(sky_geo *g, sky_xy a, sky_xy b)
{
    const double buf[4] = {a.x, a.y, b.x, b.y};
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, buf, 2, 0, 0);
    return cs ? GEOSGeom_createLineString_r(g->gctx, cs) : NULL;
}

static int push_span(sky_spans *s, double t0, double t1)
{
    if (s->n > 0 && t0 <= s->v[s->n - 1].t1) { /* adjacent: merge */
        s->v[s->n - 1].t1 = fmax(s->v[s->n - 1].t1, t1);
        return 1;
    }
    if (s->n == s->cap) {
        size_t nc = s->cap ? 2 * s->cap : 8;
        sky_span *nv = sky_realloc(s->v, nc * sizeof *nv);
        if (nv == NULL)
            return 0;
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n].t0 = t0;
    s->v[s->n].t1 = t1;
    s->n++;
    return 1;
}

/* ts (n entries, 0 and 1 among them after this) sorted; each stretch judged by keep(mid). */
typedef int (*mid_test)(sky_geo *g, const sky_shape *s, sky_xy p, double r);

static sky_status spans_from(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b, double r,
                             double *ts, size_t n, mid_test keep, sky_spans *out,
                             sky_error *err)
{
    const double len = hypot(b.x - a.x, b.y - a.y);
    qsort(ts, n, sizeof *ts, cmp_double);
    for (size_t k = 0; k + 1 < n; k++) {
        double t0 = ts[k], t1 = ts[k + 1], tm;
        sky_xy mid;
        int in;
        if ((t1 - t0) * len < MIN_STRETCH_M)
            continue;
        tm = 0.5 * (t0 + t1);
        mid.x = a.x + tm * (b.x - a.x);
        mid.y = a.y + tm * (b.y - a.y);
        in = keep(g, s, mid, r);
        if (in < 0)
            return sky_geo_geos_fail(g, NULL, err, "testing a point against a shape");
        if (in && !push_span(out, t0, t1))
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    return SKY_OK;
}

static int keep_inside(sky_geo *g, const sky_shape *s, sky_xy p, double r)
{
    (void)r;
    return sky_geo_shape_contains(g, s, p);
}

sky_status sky_geo_segment_inside(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                  sky_spans *out, sky_error *err)
{
    GEOSGeometry *seg;
    double *ts = NULL;
    size_t n = 0, cap = 0;
    char hit;
    sky_status rc;

    out->n = 0;
    if (!(hypot(b.x - a.x, b.y - a.y) > 0))
        return SKY_OK;
    g->gmsg[0] = '\0';
    seg = make_segment(g, a, b);
    if (seg == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a segment");
    hit = GEOSPreparedIntersects_r(g->gctx, sky_geo_shape_prepared(s), seg);
    GEOSGeom_destroy_r(g->gctx, seg);
    if (hit == 2)
        return sky_geo_geos_fail(g, NULL, err, "intersecting a segment");
    if (!hit)
        return SKY_OK;
    rc = sky_geo_shape_crossings(g, s, a, b, &ts, &n, &cap, err);
    if (rc == SKY_OK && n + 2 > cap) {
        double *nt = sky_realloc(ts, (n + 2) * sizeof *nt);
        if (nt == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        else
            ts = nt;
    }
    if (rc == SKY_OK) {
        ts[n++] = 0.0;
        ts[n++] = 1.0;
        rc = spans_from(g, s, a, b, 0, ts, n, keep_inside, out, err);
    }
    sky_free(ts);
    return rc;
}

sky_status sky_geo_segment_distance(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                    double *d_m, double *t, sky_xy *on_shape, sky_error *err)
{
    GEOSGeometry *seg;
    GEOSCoordSequence *cs;
    double sx, sy, px, py, dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;

    *d_m = NAN;
    *t = 0;
    g->gmsg[0] = '\0';
    if (!(len2 > 0)) { /* a point */
        seg = GEOSGeom_createPointFromXY_r(g->gctx, a.x, a.y);
    } else {
        seg = make_segment(g, a, b);
    }
    if (seg == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a segment");
    cs = GEOSPreparedNearestPoints_r(g->gctx, sky_geo_shape_prepared(s), seg);
    GEOSGeom_destroy_r(g->gctx, seg);
    if (cs == NULL)
        return sky_geo_geos_fail(g, NULL, err, "nearest points of a segment and a shape");
    GEOSCoordSeq_getXY_r(g->gctx, cs, 0, &sx, &sy); /* on the prepared shape */
    GEOSCoordSeq_getXY_r(g->gctx, cs, 1, &px, &py); /* on the segment */
    GEOSCoordSeq_destroy_r(g->gctx, cs);
    on_shape->x = sx;
    on_shape->y = sy;
    *d_m = hypot(px - sx, py - sy);
    if (len2 > 0)
        *t = fmin(1.0, fmax(0.0, ((px - a.x) * dx + (py - a.y) * dy) / len2));
    return SKY_OK;
}

static int keep_near(sky_geo *g, const sky_shape *s, sky_xy p, double r)
{
    double d = sky_geo_shape_distance(g, s, p);
    if (isnan(d))
        return -1;
    return d < r;
}

/* Append the parameter along a-b of every coordinate of geometry h (recursing into parts). */
static int collect_ts(sky_geo *g, const GEOSGeometry *h, sky_xy a, sky_xy b, double **ts,
                      size_t *n, size_t *cap)
{
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    int ng = GEOSGetNumGeometries_r(g->gctx, h);
    if (GEOSGeomTypeId_r(g->gctx, h) >= GEOS_MULTIPOINT) {
        for (int i = 0; i < ng; i++)
            if (!collect_ts(g, GEOSGetGeometryN_r(g->gctx, h, i), a, b, ts, n, cap))
                return 0;
        return 1;
    }
    if (GEOSisEmpty_r(g->gctx, h))
        return 1;
    {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->gctx, h);
        unsigned size = 0;
        if (cs == NULL || !GEOSCoordSeq_getSize_r(g->gctx, cs, &size))
            return 1;
        for (unsigned k = 0; k < size; k++) {
            double x, y;
            if (*n == *cap) {
                size_t nc = *cap ? 2 * *cap : 16;
                double *nt = sky_realloc(*ts, nc * sizeof *nt);
                if (nt == NULL)
                    return 0;
                *ts = nt;
                *cap = nc;
            }
            GEOSCoordSeq_getXY_r(g->gctx, cs, k, &x, &y);
            (*ts)[(*n)++] = fmin(1.0, fmax(0.0, ((x - a.x) * dx + (y - a.y) * dy) / len2));
        }
    }
    return 1;
}

sky_status sky_geo_segment_near(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b, double r_m,
                                sky_spans *out, sky_error *err)
{
    GEOSGeometry *seg = NULL, *buf = NULL, *ring = NULL, *hit = NULL;
    double *ts = NULL, d, t;
    size_t n = 0, cap = 0;
    sky_xy on;
    sky_status rc;

    out->n = 0;
    if (!(r_m > 0) || !(hypot(b.x - a.x, b.y - a.y) > 0))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "segment_near needs r > 0 and a-b");
    rc = sky_geo_segment_distance(g, s, a, b, &d, &t, &on, err);
    if (rc != SKY_OK || !(d < r_m))
        return rc;
    g->gmsg[0] = '\0';
    seg = make_segment(g, a, b);
    if (seg != NULL)
        buf = GEOSBuffer_r(g->gctx, sky_geo_shape_geom(s), r_m, 16);
    if (buf != NULL)
        ring = GEOSBoundary_r(g->gctx, buf);
    if (ring != NULL)
        hit = GEOSIntersection_r(g->gctx, seg, ring);
    if (hit == NULL)
        rc = sky_geo_geos_fail(g, NULL, err, "buffering a shape");
    else if (!collect_ts(g, hit, a, b, &ts, &n, &cap))
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    if (rc == SKY_OK) {
        double *nt = sky_realloc(ts, (n + 3) * sizeof *nt);
        if (nt == NULL) {
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        } else {
            ts = nt;
            ts[n++] = 0.0;
            ts[n++] = 1.0;
            ts[n++] = t; /* the nearest point: a stretch shorter than the buffer's error */
            rc = spans_from(g, s, a, b, r_m, ts, n, keep_near, out, err);
        }
    }
    sky_free(ts);
    if (hit)
        GEOSGeom_destroy_r(g->gctx, hit);
    if (ring)
        GEOSGeom_destroy_r(g->gctx, ring);
    if (buf)
        GEOSGeom_destroy_r(g->gctx, buf);
    if (seg)
        GEOSGeom_destroy_r(g->gctx, seg);
    return rc;
}

double sky_geo_segment_segment(sky_xy p1, sky_xy q1, sky_xy p2, sky_xy q2, double *s_out,
                               double *t_out)
{
    /* closest points of two segments (Ericson, Real-Time Collision Detection, 5.1.9) */
    const double d1x = q1.x - p1.x, d1y = q1.y - p1.y, d2x = q2.x - p2.x, d2y = q2.y - p2.y;
    const double rx = p1.x - p2.x, ry = p1.y - p2.y;
    const double a = d1x * d1x + d1y * d1y, e = d2x * d2x + d2y * d2y;
    const double f = d2x * rx + d2y * ry;
    double s, t, cx, cy, dx, dy;
    if (a <= 0 && e <= 0) {
        s = t = 0;
    } else if (a <= 0) {
        s = 0;
        t = fmin(1.0, fmax(0.0, f / e));
    } else {
        const double c = d1x * rx + d1y * ry;
        if (e <= 0) {
            t = 0;
            s = fmin(1.0, fmax(0.0, -c / a));
        } else {
            const double b = d1x * d2x + d1y * d2y, denom = a * e - b * b;
            s = denom > 0 ? fmin(1.0, fmax(0.0, (b * f - c * e) / denom)) : 0.0;
            t = (b * s + f) / e;
            if (t < 0) {
                t = 0;
                s = fmin(1.0, fmax(0.0, -c / a));
            } else if (t > 1) {
                t = 1;
                s = fmin(1.0, fmax(0.0, (b - c) / a));
            }
        }
    }
    cx = p1.x + d1x * s;
    cy = p1.y + d1y * s;
    dx = p2.x + d2x * t - cx;
    dy = p2.y + d2y * t - cy;
    if (s_out)
        *s_out = s;
    if (t_out)
        *t_out = t;
    return hypot(dx, dy);
}
