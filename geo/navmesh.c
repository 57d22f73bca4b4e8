/*
 * navmesh.c - the free space of a plan as triangles: a box minus the union of the blocking
 * footprints, each grown by the margin, triangulated with GEOS's constrained Delaunay
 * triangulation (no Steiner points: every vertex is an obstacle or box vertex). The box is
 * cut into cells first and each cell is triangulated on its own, which keeps GEOS's ear
 * clipping, quadratic in a polygon's vertices, on small polygons.
 *
 * Margin: GEOS approximates a buffer's round joins with chords, which cut inside the true
 * offset curve by r (1 - cos(pi / (4 q))) for q segments per quadrant; and before buffering it
 * simplifies the input with a tolerance of 1 % of the distance (BufferParameters'
 * simplifyFactor, not settable through the C API of GEOS 3.11), which can pull the result in
 * by up to that tolerance. Buffering by r = (m / cos(pi / (4 q)) + 1 mm) / 0.99 therefore
 * keeps every point outside the grown polygon at least m from the footprint (the footprint
 * of a circle already contains the circle, so the guarantee holds for circles too).
 */
#include <math.h>
#include <string.h>

#include "geo/geo_int.h"

#define QUADSEGS 8
#define SIMPLIFY_FACTOR 0.01 /* GEOS's default BufferParameters::simplifyFactor */
#define SKY_PI 3.14159265358979323846

double sky_geo_buffer_distance(double margin_m)
{
    if (!(margin_m > 0))
        return 0;
    return (margin_m / cos(SKY_PI / (4.0 * QUADSEGS)) + 1e-3) / (1.0 - SIMPLIFY_FACTOR);
}

static GEOSGeometry *xpoly_to_geos(sky_geo *g, const sky_xpoly *p)
{
    const double *pts[64];
    size_t n[64];
    if (p->nrings == 0 || p->nrings > 64)
        return NULL;
    for (size_t k = 0; k < p->nrings; k++) {
        pts[k] = (const double *)p->rings[k].pts;
        n[k] = p->rings[k].n;
    }
    return sky_geo_poly_from_rings(g, p->nrings, pts, n);
}

static GEOSGeometry *box_geom(sky_geo *g, sky_bbox b)
{
    const double pts[10] = {b.minx, b.miny, b.maxx, b.miny, b.maxx, b.maxy,
                            b.minx, b.maxy, b.minx, b.miny};
    const double *rings[1] = {pts};
    size_t n[1] = {5};
    return sky_geo_poly_from_rings(g, 1, rings, n);
}

typedef struct tri_out {
    sky_xy *v;   /* 3 per triangle */
    size_t n, cap;
} tri_out;

static int add_tri(tri_out *o, const double *c)
{
    double area2;
    if (o->n == o->cap) {
        size_t nc = o->cap ? 2 * o->cap : 1024;
        sky_xy *nv = sky_realloc(o->v, nc * 3 * sizeof *nv);
        if (nv == NULL)
            return 0;
        o->v = nv;
        o->cap = nc;
    }
    area2 = (c[2] - c[0]) * (c[5] - c[1]) - (c[4] - c[0]) * (c[3] - c[1]);
    if (area2 == 0)
        return 1; /* a flat triangle covers no area */
    if (area2 > 0) {
        o->v[3 * o->n] = (sky_xy){c[0], c[1]};
        o->v[3 * o->n + 1] = (sky_xy){c[2], c[3]};
        o->v[3 * o->n + 2] = (sky_xy){c[4], c[5]};
    } else { /* counter-clockwise always */
        o->v[3 * o->n] = (sky_xy){c[0], c[1]};
        o->v[3 * o->n + 1] = (sky_xy){c[4], c[5]};
        o->v[3 * o->n + 2] = (sky_xy){c[2], c[3]};
    }
    o->n++;
    return 1;
}

static int collect_tris(sky_geo *g, const GEOSGeometry *tris, tri_out *o)
{
    int k = GEOSGetNumGeometries_r(g->gctx, tris);
    for (int i = 0; i < k; i++) {
        const GEOSGeometry *t = GEOSGetGeometryN_r(g->gctx, tris, i);
        const GEOSGeometry *ring;
        const GEOSCoordSequence *cs;
        double c[8];
        unsigned size = 0;
        if (GEOSGeomTypeId_r(g->gctx, t) != GEOS_POLYGON)
            continue;
        ring = GEOSGetExteriorRing_r(g->gctx, t);
        cs = ring ? GEOSGeom_getCoordSeq_r(g->gctx, ring) : NULL;
        if (cs == NULL || !GEOSCoordSeq_getSize_r(g->gctx, cs, &size) || size != 4 ||
            !GEOSCoordSeq_copyToBuffer_r(g->gctx, cs, c, 0, 0))
            continue;
        if (!add_tri(o, c))
            return 0;
    }
    return 1;
}

typedef struct hitlist {
    const GEOSGeometry **v;
    size_t n, cap;
    int oom;
} hitlist;

static void on_hit(void *item, void *user)
{
    hitlist *h = user;
    if (h->oom)
        return;
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 16;
        const GEOSGeometry **nv = sky_realloc(h->v, nc * sizeof *nv);
        if (nv == NULL) {
            h->oom = 1;
            return;
        }
        h->v = nv;
        h->cap = nc;
    }
    h->v[h->n++] = item;
}

/* Cell (cx, cy) of an n x n grid over box; shared edges use the same arithmetic so that
 * neighbouring cells agree on them exactly. */
static sky_bbox cell_box(sky_bbox box, size_t n, size_t cx, size_t cy)
{
    double w = (box.maxx - box.minx) / (double)n, h = (box.maxy - box.miny) / (double)n;
    sky_bbox cb;
    cb.minx = cx == 0 ? box.minx : box.minx + w * (double)cx;
    cb.maxx = cx + 1 == n ? box.maxx : box.minx + w * (double)(cx + 1);
    cb.miny = cy == 0 ? box.miny : box.miny + h * (double)cy;
    cb.maxy = cy + 1 == n ? box.maxy : box.miny + h * (double)(cy + 1);
    return cb;
}

/* The free part of one cell, triangulated and appended to out. */
static sky_status triangulate_cell(sky_geo *g, GEOSSTRtree *tree, sky_bbox cb, tri_out *out,
                                   sky_error *err)
{
    GEOSGeometry *cell = box_geom(g, cb), *freeg = NULL, *tri = NULL, *mp = NULL;
    hitlist hits = {NULL, 0, 0, 0};
    sky_status rc = SKY_OK;
    if (cell == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a cell");
    GEOSSTRtree_query_r(g->gctx, tree, cell, on_hit, &hits);
    if (hits.oom) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    } else if (hits.n == 0) {
        freeg = GEOSGeom_clone_r(g->gctx, cell);
    } else {
        /* the merged obstacles are disjoint, so their clones form a valid MultiPolygon */
        GEOSGeometry **cl = sky_calloc(hits.n, sizeof *cl);
        size_t k = 0;
        if (cl == NULL) {
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        } else {
            for (; k < hits.n; k++) {
                cl[k] = GEOSGeom_clone_r(g->gctx, hits.v[k]);
                if (cl[k] == NULL)
                    break;
            }
            if (k == hits.n) /* GEOS takes the clones, on failure too */
                mp = GEOSGeom_createCollection_r(g->gctx, GEOS_MULTIPOLYGON, cl,
                                                 (unsigned)hits.n);
            else
                for (size_t j = 0; j < k; j++)
                    GEOSGeom_destroy_r(g->gctx, cl[j]);
            sky_free(cl);
            if (mp != NULL)
                freeg = GEOSDifference_r(g->gctx, cell, mp);
        }
    }
    if (rc == SKY_OK && freeg == NULL)
        rc = sky_geo_geos_fail(g, NULL, err, "cutting zones out of a cell");
    if (rc == SKY_OK && !GEOSisEmpty_r(g->gctx, freeg)) {
        tri = GEOSConstrainedDelaunayTriangulation_r(g->gctx, freeg);
        if (tri == NULL)
            rc = sky_geo_geos_fail(g, NULL, err, "triangulating free space");
        else if (!collect_tris(g, tri, out))
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    sky_free(hits.v);
    if (tri)
        GEOSGeom_destroy_r(g->gctx, tri);
    if (freeg)
        GEOSGeom_destroy_r(g->gctx, freeg);
    if (mp)
        GEOSGeom_destroy_r(g->gctx, mp);
    GEOSGeom_destroy_r(g->gctx, cell);
    return rc;
}

sky_status sky_geo_free_triangles(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                  double margin_m, sky_bbox box, size_t cells_per_side,
                                  sky_xy **tris, size_t *ntris, sky_error *err)
{
    GEOSGeometry **parts = NULL, *obst = NULL, *uni = NULL;
    GEOSSTRtree *tree = NULL;
    tri_out out = {NULL, 0, 0};
    const double r = sky_geo_buffer_distance(margin_m);
    sky_status rc = SKY_OK;
    size_t nparts = 0;

    *tris = NULL;
    *ntris = 0;
    g->gmsg[0] = '\0';
    if (cells_per_side < 1)
        cells_per_side = 1;
    parts = sky_calloc(npolys ? npolys : 1, sizeof *parts);
    if (parts == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < npolys; i++) {
        GEOSGeometry *p = xpoly_to_geos(g, &polys[i]);
        if (p != NULL && r > 0) {
            GEOSGeometry *b = GEOSBuffer_r(g->gctx, p, r, QUADSEGS);
            GEOSGeom_destroy_r(g->gctx, p);
            p = b;
        }
        if (p == NULL) {
            rc = sky_geo_geos_fail(g, NULL, err, "growing a zone by the margin");
            break;
        }
        parts[nparts++] = p;
    }
    if (rc == SKY_OK) {
        obst = GEOSGeom_createCollection_r(g->gctx, GEOS_GEOMETRYCOLLECTION, parts,
                                           (unsigned)nparts);
        nparts = 0; /* taken by GEOS, on failure too */
        if (obst == NULL)
            rc = sky_geo_geos_fail(g, NULL, err, "collecting zones");
    }
    if (rc == SKY_OK) {
        uni = GEOSUnaryUnion_r(g->gctx, obst);
        if (uni == NULL)
            rc = sky_geo_geos_fail(g, NULL, err, "merging zones");
    }
    /* index the merged obstacles' polygons so each cell only clips what meets it */
    if (rc == SKY_OK) {
        tree = GEOSSTRtree_create_r(g->gctx, 10);
        for (int i = 0; tree != NULL && i < GEOSGetNumGeometries_r(g->gctx, uni); i++)
            GEOSSTRtree_insert_r(g->gctx, tree, GEOSGetGeometryN_r(g->gctx, uni, i),
                                 (void *)GEOSGetGeometryN_r(g->gctx, uni, i));
        if (tree == NULL)
            rc = sky_geo_geos_fail(g, NULL, err, "indexing zones");
    }
    for (size_t cy = 0; rc == SKY_OK && cy < cells_per_side; cy++)
        for (size_t cx = 0; rc == SKY_OK && cx < cells_per_side; cx++)
            rc = triangulate_cell(g, tree, cell_box(box, cells_per_side, cx, cy), &out, err);
    GEOSSTRtree_destroy_r(g->gctx, tree);
    for (size_t i = 0; i < nparts; i++)
        GEOSGeom_destroy_r(g->gctx, parts[i]);
    sky_free(parts);
    GEOSGeom_destroy_r(g->gctx, obst);
    GEOSGeom_destroy_r(g->gctx, uni);
    if (rc != SKY_OK) {
        sky_free(out.v);
        return rc;
    }
    *tris = out.v;
    *ntris = out.n;
    return SKY_OK;
}

sky_status sky_geo_polys_segment_distance(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                          sky_xy a, sky_xy b, double *d_m, sky_error *err)
{
    const double buf[4] = {a.x, a.y, b.x, b.y};
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, buf, 2, 0, 0);
    GEOSGeometry *seg = cs ? GEOSGeom_createLineString_r(g->gctx, cs) : NULL;
    *d_m = INFINITY;
    if (seg == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a segment");
    for (size_t i = 0; i < npolys; i++) {
        GEOSGeometry *p = xpoly_to_geos(g, &polys[i]);
        double d = INFINITY;
        if (p == NULL || !GEOSDistance_r(g->gctx, seg, p, &d)) {
            if (p)
                GEOSGeom_destroy_r(g->gctx, p);
            GEOSGeom_destroy_r(g->gctx, seg);
            return sky_geo_geos_fail(g, NULL, err, "distance to a zone");
        }
        GEOSGeom_destroy_r(g->gctx, p);
        *d_m = fmin(*d_m, d);
    }
    GEOSGeom_destroy_r(g->gctx, seg);
    return SKY_OK;
}

/* A GEOS geometry's polygons as plain xy polygons (new: *out and every ring, one block). */
static sky_status xpolys_from_geos(sky_geo *g, const GEOSGeometry *geom, sky_xpoly **out,
                                   size_t *n, sky_error *err)
{
    int k = GEOSGetNumGeometries_r(g->gctx, geom);
    size_t npts = 0, nrings = 0, np = 0;
    char *blk;
    sky_xpoly *polys;
    sky_xring *rings;
    sky_xy *pts;
    *out = NULL;
    *n = 0;
    for (int i = 0; i < k; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(g->gctx, geom, i);
        int nh;
        if (GEOSGeomTypeId_r(g->gctx, p) != GEOS_POLYGON || GEOSisEmpty_r(g->gctx, p))
            continue;
        nh = GEOSGetNumInteriorRings_r(g->gctx, p);
        np++;
        for (int r = -1; r < nh; r++) {
            const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r(g->gctx, p)
                                             : GEOSGetInteriorRingN_r(g->gctx, p, r);
            unsigned size = 0;
            GEOSCoordSeq_getSize_r(g->gctx, GEOSGeom_getCoordSeq_r(g->gctx, ring), &size);
            npts += size;
            nrings++;
        }
    }
    if (np == 0)
        return SKY_OK;
    blk = sky_malloc(np * sizeof *polys + nrings * sizeof *rings + npts * sizeof *pts);
    if (blk == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    polys = (sky_xpoly *)blk;
    rings = (sky_xring *)(blk + np * sizeof *polys);
    pts = (sky_xy *)(blk + np * sizeof *polys + nrings * sizeof *rings);
    np = 0;
    for (int i = 0; i < k; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(g->gctx, geom, i);
        int nh;
        if (GEOSGeomTypeId_r(g->gctx, p) != GEOS_POLYGON || GEOSisEmpty_r(g->gctx, p))
            continue;
        nh = GEOSGetNumInteriorRings_r(g->gctx, p);
        polys[np].nrings = (size_t)nh + 1;
        polys[np].rings = rings;
        for (int r = -1; r < nh; r++) {
            const GEOSGeometry *ring = r < 0 ? GEOSGetExteriorRing_r(g->gctx, p)
                                             : GEOSGetInteriorRingN_r(g->gctx, p, r);
            const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->gctx, ring);
            unsigned size = 0;
            GEOSCoordSeq_getSize_r(g->gctx, cs, &size);
            GEOSCoordSeq_copyToBuffer_r(g->gctx, cs, (double *)pts, 0, 0);
            rings->n = size;
            rings->pts = pts;
            pts += size;
            rings++;
        }
        np++;
    }
    *out = polys;
    *n = np;
    return SKY_OK;
}

static GEOSGeometry *xpolys_union(sky_geo *g, const sky_xpoly *polys, size_t n, double grow)
{
    GEOSGeometry **parts = sky_calloc(n ? n : 1, sizeof *parts), *coll, *res = NULL;
    size_t k = 0;
    if (parts == NULL)
        return NULL;
    for (; k < n; k++) {
        parts[k] = xpoly_to_geos(g, &polys[k]);
        if (parts[k] != NULL && grow > 0) {
            GEOSGeometry *b = GEOSBuffer_r(g->gctx, parts[k], grow, QUADSEGS);
            GEOSGeom_destroy_r(g->gctx, parts[k]);
            parts[k] = b;
        }
        if (parts[k] == NULL)
            break;
    }
    if (k < n) {
        for (size_t j = 0; j < k; j++)
            GEOSGeom_destroy_r(g->gctx, parts[j]);
        sky_free(parts);
        return NULL;
    }
    coll = GEOSGeom_createCollection_r(g->gctx, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
    sky_free(parts);
    if (coll != NULL) {
        res = GEOSUnaryUnion_r(g->gctx, coll);
        GEOSGeom_destroy_r(g->gctx, coll);
    }
    return res;
}

sky_status sky_geo_region(sky_geo *g, const sky_xpoly *fp, size_t nfp, const sky_xpoly *keep,
                          size_t nkeep, double keep_grow, int has_keep, const sky_xpoly *cut,
                          size_t ncut, sky_xpoly **out, size_t *nout, sky_error *err)
{
    GEOSGeometry *r = xpolys_union(g, fp, nfp, 0), *t;
    sky_status rc;
    *out = NULL;
    *nout = 0;
    g->gmsg[0] = '\0';
    if (r == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a zone's footprint");
    if (has_keep) {
        GEOSGeometry *k = nkeep ? xpolys_union(g, keep, nkeep, keep_grow) : NULL;
        t = k ? GEOSIntersection_r(g->gctx, r, k) : GEOSGeom_createEmptyPolygon_r(g->gctx);
        if (k)
            GEOSGeom_destroy_r(g->gctx, k);
        GEOSGeom_destroy_r(g->gctx, r);
        r = t;
    }
    if (r != NULL && ncut > 0) {
        GEOSGeometry *c = xpolys_union(g, cut, ncut, 0);
        t = c ? GEOSDifference_r(g->gctx, r, c) : NULL;
        if (c)
            GEOSGeom_destroy_r(g->gctx, c);
        GEOSGeom_destroy_r(g->gctx, r);
        r = t;
    }
    if (r == NULL)
        return sky_geo_geos_fail(g, NULL, err, "clipping a zone to the terrain");
    rc = xpolys_from_geos(g, r, out, nout, err);
    GEOSGeom_destroy_r(g->gctx, r);
    return rc;
}

sky_status sky_geo_polys_point_distance(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                        sky_xy p, int *inside, double *d_m, sky_error *err)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->gctx, p.x, p.y);
    *d_m = INFINITY;
    *inside = 0;
    if (pt == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building a point");
    for (size_t i = 0; i < npolys; i++) {
        GEOSGeometry *q = xpoly_to_geos(g, &polys[i]);
        double d = INFINITY;
        if (q == NULL || !GEOSDistance_r(g->gctx, pt, q, &d)) {
            if (q)
                GEOSGeom_destroy_r(g->gctx, q);
            GEOSGeom_destroy_r(g->gctx, pt);
            return sky_geo_geos_fail(g, NULL, err, "distance to a zone");
        }
        if (d == 0 && GEOSContains_r(g->gctx, q, pt) == 1)
            *inside = 1;
        GEOSGeom_destroy_r(g->gctx, q);
        *d_m = fmin(*d_m, d);
    }
    GEOSGeom_destroy_r(g->gctx, pt);
    return SKY_OK;
}
