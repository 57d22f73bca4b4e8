/*
 * geo.c - GEOS behind sky_geo: one reentrant context per sky_geo, its error text captured in
 * a buffer the context owns, conversions between sky_mpoly/sky_line and GEOS geometries,
 * validity checks, repair, orientation and WKB for the store. Only the _r API is used.
 */
#include <stdio.h>
#include <string.h>

#include "geo/geo_int.h"

static void on_geos_error(const char *msg, void *user)
{
    sky_geo *g = user;
    sky_strlcpy(g->gmsg, msg, sizeof g->gmsg);
}

void sky_geo_free(sky_geo *g)
{
    if (g == NULL)
        return;
    if (g->gctx) {
        if (g->reader)
            GEOSWKBReader_destroy_r(g->gctx, g->reader);
        if (g->writer)
            GEOSWKBWriter_destroy_r(g->gctx, g->writer);
        GEOS_finish_r(g->gctx);
    }
    if (g->pctx) {
        if (g->fwd)
            proj_destroy(g->fwd);
        if (g->geoid)
            proj_destroy(g->geoid);
        proj_context_destroy(g->pctx);
    }
    sky_free(g);
}

sky_status sky_geo_new(sky_geo **out, sky_error *err)
{
    sky_geo *g = sky_calloc(1, sizeof *g);
    *out = NULL;
    if (g == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "geometry context");
    g->gctx = GEOS_init_r();
    if (g->gctx == NULL) {
        sky_geo_free(g);
        return sky_fail(err, SKY_E_GEOS, NULL, "cannot create a GEOS context");
    }
    GEOSContext_setErrorMessageHandler_r(g->gctx, on_geos_error, g);
    g->reader = GEOSWKBReader_create_r(g->gctx);
    g->writer = GEOSWKBWriter_create_r(g->gctx);
    g->pctx = proj_context_create();
    if (g->reader == NULL || g->writer == NULL || g->pctx == NULL) {
        sky_geo_free(g);
        return sky_fail(err, SKY_E_GEOS, NULL, "cannot create geometry readers");
    }
    proj_context_set_enable_network(g->pctx, 0);
    GEOSWKBWriter_setOutputDimension_r(g->gctx, g->writer, 2);
    GEOSWKBWriter_setByteOrder_r(g->gctx, g->writer, GEOS_WKB_NDR);
    *out = g;
    return SKY_OK;
}

sky_status sky_geo_geos_fail(sky_geo *g, const sky_ref *ref, sky_error *err, const char *what)
{
    return sky_fail(err, SKY_E_GEOS, ref, "%s: %s", what, g->gmsg[0] ? g->gmsg : "failed");
}

/* --- sky_mpoly -> GEOS ------------------------------------------------------------------- */

static GEOSGeometry *ring_to_geos(sky_geo *g, const double *pts, size_t n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, pts, (unsigned)n, 0, 0);
    if (cs == NULL)
        return NULL;
    return GEOSGeom_createLinearRing_r(g->gctx, cs); /* takes cs, also on failure */
}

GEOSGeometry *sky_geo_poly_from_rings(sky_geo *g, size_t nrings, const double *const *pts,
                                      const size_t *npts)
{
    GEOSGeometry *shell, **holes = NULL, *res;
    size_t nh = nrings ? nrings - 1 : 0;

    if (nrings == 0)
        return GEOSGeom_createEmptyPolygon_r(g->gctx);
    shell = ring_to_geos(g, pts[0], npts[0]);
    if (shell == NULL)
        return NULL;
    if (nh) {
        holes = sky_calloc(nh, sizeof *holes);
        if (holes == NULL) {
            GEOSGeom_destroy_r(g->gctx, shell);
            return NULL;
        }
        for (size_t i = 0; i < nh; i++) {
            holes[i] = ring_to_geos(g, pts[i + 1], npts[i + 1]);
            if (holes[i] == NULL) {
                for (size_t j = 0; j < i; j++)
                    GEOSGeom_destroy_r(g->gctx, holes[j]);
                GEOSGeom_destroy_r(g->gctx, shell);
                sky_free(holes);
                return NULL;
            }
        }
    }
    res = GEOSGeom_createPolygon_r(g->gctx, shell, holes, (unsigned)nh);
    sky_free(holes);
    return res;
}

static GEOSGeometry *poly_to_geos(sky_geo *g, const sky_poly *p)
{
    const double *stack_pts[8];
    size_t stack_n[8];
    const double **pts = stack_pts;
    size_t *n = stack_n;
    GEOSGeometry *res;
    if (p->nrings > 8) {
        pts = sky_calloc(p->nrings, sizeof *pts);
        n = sky_calloc(p->nrings, sizeof *n);
        if (pts == NULL || n == NULL) {
            sky_free(pts);
            sky_free(n);
            return NULL;
        }
    }
    for (size_t i = 0; i < p->nrings; i++) {
        pts[i] = (const double *)p->rings[i].pts;
        n[i] = p->rings[i].n;
    }
    res = sky_geo_poly_from_rings(g, p->nrings, pts, n);
    if (pts != stack_pts) {
        sky_free(pts);
        sky_free(n);
    }
    return res;
}

static GEOSGeometry *mpoly_to_geos(sky_geo *g, const sky_mpoly *m)
{
    GEOSGeometry **parts, *res;
    parts = sky_calloc(m->npolys, sizeof *parts);
    if (parts == NULL)
        return NULL;
    for (size_t i = 0; i < m->npolys; i++) {
        parts[i] = poly_to_geos(g, &m->polys[i]);
        if (parts[i] == NULL) {
            for (size_t j = 0; j < i; j++)
                GEOSGeom_destroy_r(g->gctx, parts[j]);
            sky_free(parts);
            return NULL;
        }
    }
    /* GEOS takes the parts whether or not it succeeds: no destroy here on failure */
    res = GEOSGeom_createCollection_r(g->gctx, GEOS_MULTIPOLYGON, parts, (unsigned)m->npolys);
    sky_free(parts);
    return res;
}

/* --- GEOS -> sky_mpoly / sky_line -------------------------------------------------------- */

static int seq_to_points(sky_geo *g, sky_arena *a, const GEOSCoordSequence *cs,
                         sky_lonlat **pts, size_t *n)
{
    unsigned size = 0;
    if (!GEOSCoordSeq_getSize_r(g->gctx, cs, &size))
        return 0;
    *n = size;
    *pts = sky_arena_alloc(a, (size ? size : 1) * sizeof **pts);
    if (*pts == NULL)
        return 0;
    return size == 0 || GEOSCoordSeq_copyToBuffer_r(g->gctx, cs, (double *)*pts, 0, 0);
}

static int ring_from_geos(sky_geo *g, sky_arena *a, const GEOSGeometry *ring, sky_ring *out)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(g->gctx, ring);
    return cs != NULL && seq_to_points(g, a, cs, &out->pts, &out->n);
}

static int poly_from_geos(sky_geo *g, sky_arena *a, const GEOSGeometry *poly, sky_poly *out)
{
    int nh = GEOSGetNumInteriorRings_r(g->gctx, poly);
    if (nh < 0)
        return 0;
    out->nrings = (size_t)nh + 1;
    out->rings = sky_arena_alloc(a, out->nrings * sizeof *out->rings);
    if (out->rings == NULL)
        return 0;
    if (!ring_from_geos(g, a, GEOSGetExteriorRing_r(g->gctx, poly), &out->rings[0]))
        return 0;
    for (int i = 0; i < nh; i++)
        if (!ring_from_geos(g, a, GEOSGetInteriorRingN_r(g->gctx, poly, i),
                            &out->rings[i + 1]))
            return 0;
    return 1;
}

/* Count, then collect, the non-empty polygons anywhere inside geom (collections recursed). */
static size_t count_polys(sky_geo *g, const GEOSGeometry *geom)
{
    int t = GEOSGeomTypeId_r(g->gctx, geom);
    if (t == GEOS_POLYGON)
        return GEOSisEmpty_r(g->gctx, geom) ? 0 : 1;
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        size_t n = 0;
        int k = GEOSGetNumGeometries_r(g->gctx, geom);
        for (int i = 0; i < k; i++)
            n += count_polys(g, GEOSGetGeometryN_r(g->gctx, geom, i));
        return n;
    }
    return 0;
}

static int collect_polys(sky_geo *g, sky_arena *a, const GEOSGeometry *geom, sky_mpoly *m)
{
    int t = GEOSGeomTypeId_r(g->gctx, geom);
    if (t == GEOS_POLYGON) {
        if (GEOSisEmpty_r(g->gctx, geom))
            return 1;
        return poly_from_geos(g, a, geom, &m->polys[m->npolys++]);
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int k = GEOSGetNumGeometries_r(g->gctx, geom);
        for (int i = 0; i < k; i++)
            if (!collect_polys(g, a, GEOSGetGeometryN_r(g->gctx, geom, i), m))
                return 0;
    }
    return 1;
}

static sky_status mpoly_from_geos(sky_geo *g, sky_arena *a, const GEOSGeometry *geom,
                                  sky_mpoly *out, sky_error *err)
{
    size_t n = count_polys(g, geom);
    out->npolys = 0;
    out->polys = sky_arena_alloc(a, (n ? n : 1) * sizeof *out->polys);
    if (out->polys == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "polygon");
    if (!collect_polys(g, a, geom, out))
        return g->gmsg[0] ? sky_geo_geos_fail(g, NULL, err, "reading polygon")
                          : sky_fail(err, SKY_E_NOMEM, NULL, "polygon");
    return SKY_OK;
}

/* --- checks, repair, orientation --------------------------------------------------------- */

sky_status sky_geo_mpoly_check(sky_geo *g, const sky_mpoly *m, const sky_ref *ref,
                               sky_error *err)
{
    GEOSGeometry *geom, *loc = NULL;
    char *reason = NULL;
    char valid;
    sky_status rc = SKY_OK;

    g->gmsg[0] = '\0';
    geom = mpoly_to_geos(g, m);
    if (geom == NULL)
        return sky_fail(err, SKY_E_BAD_GEOMETRY, ref, "not a valid polygon: %s",
                        g->gmsg[0] ? g->gmsg : "cannot be built");
    valid = GEOSisValidDetail_r(g->gctx, geom, 0, &reason, &loc);
    if (valid == 0) {
        double x = 0, y = 0;
        if (loc != NULL) {
            GEOSGeomGetX_r(g->gctx, loc, &x);
            GEOSGeomGetY_r(g->gctx, loc, &y);
        }
        rc = sky_fail(err, SKY_E_BAD_GEOMETRY, ref, "%s at [%.7g, %.7g]%s",
                      reason ? reason : "invalid polygon", x, y,
                      " (repair with --repair)");
    } else if (valid != 1) {
        rc = sky_geo_geos_fail(g, ref, err, "validity check");
    }
    if (reason)
        GEOSFree_r(g->gctx, reason);
    if (loc)
        GEOSGeom_destroy_r(g->gctx, loc);
    GEOSGeom_destroy_r(g->gctx, geom);
    return rc;
}

sky_status sky_geo_mpoly_make_valid(sky_geo *g, sky_arena *a, const sky_mpoly *m,
                                    sky_mpoly *out, char *what, size_t cap,
                                    const sky_ref *ref, sky_error *err)
{
    GEOSGeometry *geom, *fixed, *loc = NULL;
    char *reason = NULL;
    sky_status rc;

    g->gmsg[0] = '\0';
    geom = mpoly_to_geos(g, m);
    if (geom == NULL)
        return sky_fail(err, SKY_E_BAD_GEOMETRY, ref, "cannot repair: %s",
                        g->gmsg[0] ? g->gmsg : "cannot be built");
    if (GEOSisValidDetail_r(g->gctx, geom, 0, &reason, &loc) == 1) {
        sky_strlcpy(what, "valid", cap);
    } else {
        double x = 0, y = 0;
        if (loc) {
            GEOSGeomGetX_r(g->gctx, loc, &x);
            GEOSGeomGetY_r(g->gctx, loc, &y);
        }
        snprintf(what, cap, "%s at [%.7g, %.7g]", reason ? reason : "invalid", x, y);
    }
    if (reason)
        GEOSFree_r(g->gctx, reason);
    if (loc)
        GEOSGeom_destroy_r(g->gctx, loc);
    fixed = GEOSMakeValid_r(g->gctx, geom);
    GEOSGeom_destroy_r(g->gctx, geom);
    if (fixed == NULL)
        return sky_geo_geos_fail(g, ref, err, "repair");
    rc = mpoly_from_geos(g, a, fixed, out, err);
    GEOSGeom_destroy_r(g->gctx, fixed);
    if (rc == SKY_OK && out->npolys == 0)
        rc = sky_fail(err, SKY_E_BAD_GEOMETRY, ref, "repair leaves no area (%s)", what);
    if (rc == SKY_OK)
        rc = sky_geo_mpoly_orient(g, out, err);
    return rc;
}

static void reverse_ring(sky_ring *r)
{
    for (size_t i = 0, j = r->n ? r->n - 1 : 0; i < j; i++, j--) {
        sky_lonlat t = r->pts[i];
        r->pts[i] = r->pts[j];
        r->pts[j] = t;
    }
}

sky_status sky_geo_mpoly_orient(sky_geo *g, sky_mpoly *m, sky_error *err)
{
    for (size_t i = 0; i < m->npolys; i++) {
        for (size_t k = 0; k < m->polys[i].nrings; k++) {
            sky_ring *r = &m->polys[i].rings[k];
            GEOSCoordSequence *cs;
            char ccw = 0;
            if (r->n < 4)
                continue;
            cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, (const double *)r->pts,
                                               (unsigned)r->n, 0, 0);
            if (cs == NULL || !GEOSCoordSeq_isCCW_r(g->gctx, cs, &ccw)) {
                if (cs)
                    GEOSCoordSeq_destroy_r(g->gctx, cs);
                return sky_geo_geos_fail(g, NULL, err, "ring orientation");
            }
            GEOSCoordSeq_destroy_r(g->gctx, cs);
            /* exterior (k == 0) counter-clockwise, holes clockwise */
            if ((k == 0) != (ccw != 0))
                reverse_ring(r);
        }
    }
    return SKY_OK;
}

/* --- WKB ------------------------------------------------------------------------------- */

static sky_status write_wkb(sky_geo *g, GEOSGeometry *geom, unsigned char **wkb, size_t *n,
                            sky_error *err)
{
    unsigned char *buf;
    size_t len = 0;
    *wkb = NULL;
    *n = 0;
    if (geom == NULL)
        return sky_geo_geos_fail(g, NULL, err, "building geometry");
    buf = GEOSWKBWriter_write_r(g->gctx, g->writer, geom, &len);
    GEOSGeom_destroy_r(g->gctx, geom);
    if (buf == NULL)
        return sky_geo_geos_fail(g, NULL, err, "writing WKB");
    *wkb = sky_malloc(len);
    if (*wkb == NULL) {
        GEOSFree_r(g->gctx, buf);
        return sky_fail(err, SKY_E_NOMEM, NULL, "WKB");
    }
    memcpy(*wkb, buf, len);
    *n = len;
    GEOSFree_r(g->gctx, buf);
    return SKY_OK;
}

sky_status sky_geo_mpoly_to_wkb(sky_geo *g, const sky_mpoly *m, unsigned char **wkb,
                                size_t *n, sky_error *err)
{
    g->gmsg[0] = '\0';
    return write_wkb(g, mpoly_to_geos(g, m), wkb, n, err);
}

sky_status sky_geo_line_to_wkb(sky_geo *g, const sky_line *l, unsigned char **wkb, size_t *n,
                               sky_error *err)
{
    GEOSCoordSequence *cs;
    g->gmsg[0] = '\0';
    cs = GEOSCoordSeq_copyFromBuffer_r(g->gctx, (const double *)l->pts, (unsigned)l->n, 0, 0);
    return write_wkb(g, cs ? GEOSGeom_createLineString_r(g->gctx, cs) : NULL, wkb, n, err);
}

sky_status sky_geo_point_to_wkb(sky_geo *g, sky_lonlat p, unsigned char **wkb, size_t *n,
                                sky_error *err)
{
    g->gmsg[0] = '\0';
    return write_wkb(g, GEOSGeom_createPointFromXY_r(g->gctx, p.lon, p.lat), wkb, n, err);
}

/* --- box filter -------------------------------------------------------------------------- */

struct sky_geo_boxf {
    GEOSGeometry *box;
    const GEOSPreparedGeometry *prep;
};

sky_status sky_geo_boxf_new(sky_geo *g, const double bbox[4], sky_geo_boxf **out,
                            sky_error *err)
{
    sky_geo_boxf *f;
    *out = NULL;
    if (!(bbox[0] < bbox[2]) || !(bbox[1] < bbox[3]))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "a box needs west < east and south < north");
    f = sky_calloc(1, sizeof *f);
    if (f == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    g->gmsg[0] = '\0';
    f->box = GEOSGeom_createRectangle_r(g->gctx, bbox[0], bbox[1], bbox[2], bbox[3]);
    f->prep = f->box ? GEOSPrepare_r(g->gctx, f->box) : NULL;
    if (f->prep == NULL) {
        sky_geo_boxf_free(g, f);
        return sky_geo_geos_fail(g, NULL, err, "building the box");
    }
    *out = f;
    return SKY_OK;
}

void sky_geo_boxf_free(sky_geo *g, sky_geo_boxf *f)
{
    if (f == NULL)
        return;
    if (f->prep)
        GEOSPreparedGeom_destroy_r(g->gctx, f->prep);
    if (f->box)
        GEOSGeom_destroy_r(g->gctx, f->box);
    sky_free(f);
}

/* Test and destroy geom. */
static int boxf_test(sky_geo *g, const sky_geo_boxf *f, GEOSGeometry *geom)
{
    char r;
    if (geom == NULL)
        return -1;
    r = GEOSPreparedIntersects_r(g->gctx, f->prep, geom);
    GEOSGeom_destroy_r(g->gctx, geom);
    return r == 2 ? -1 : r;
}

int sky_geo_boxf_mpoly(sky_geo *g, const sky_geo_boxf *f, const sky_mpoly *m)
{
    return boxf_test(g, f, mpoly_to_geos(g, m));
}

int sky_geo_boxf_line(sky_geo *g, const sky_geo_boxf *f, const sky_line *l)
{
    GEOSCoordSequence *cs =
        GEOSCoordSeq_copyFromBuffer_r(g->gctx, (const double *)l->pts, (unsigned)l->n, 0, 0);
    return boxf_test(g, f, cs ? GEOSGeom_createLineString_r(g->gctx, cs) : NULL);
}

int sky_geo_boxf_point(sky_geo *g, const sky_geo_boxf *f, sky_lonlat p)
{
    return boxf_test(g, f, GEOSGeom_createPointFromXY_r(g->gctx, p.lon, p.lat));
}

static GEOSGeometry *read_wkb(sky_geo *g, const unsigned char *wkb, size_t n)
{
    g->gmsg[0] = '\0';
    return GEOSWKBReader_read_r(g->gctx, g->reader, wkb, n);
}

sky_status sky_geo_wkb_to_mpoly(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                                sky_mpoly *out, sky_error *err)
{
    GEOSGeometry *geom = read_wkb(g, wkb, n);
    sky_status rc;
    if (geom == NULL)
        return sky_geo_geos_fail(g, NULL, err, "reading WKB");
    rc = mpoly_from_geos(g, a, geom, out, err);
    GEOSGeom_destroy_r(g->gctx, geom);
    return rc;
}

sky_status sky_geo_wkb_to_line(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                               sky_line *out, sky_error *err)
{
    GEOSGeometry *geom = read_wkb(g, wkb, n);
    const GEOSCoordSequence *cs;
    int ok;
    if (geom == NULL)
        return sky_geo_geos_fail(g, NULL, err, "reading WKB");
    cs = GEOSGeomTypeId_r(g->gctx, geom) == GEOS_LINESTRING
             ? GEOSGeom_getCoordSeq_r(g->gctx, geom)
             : NULL;
    ok = cs != NULL && seq_to_points(g, a, cs, &out->pts, &out->n);
    out->z = NULL;
    GEOSGeom_destroy_r(g->gctx, geom);
    return ok ? SKY_OK : sky_fail(err, SKY_E_STORE, NULL, "stored geometry is not a line");
}

sky_status sky_geo_wkb_to_point(sky_geo *g, const unsigned char *wkb, size_t n,
                                sky_lonlat *out, sky_error *err)
{
    GEOSGeometry *geom = read_wkb(g, wkb, n);
    int ok;
    if (geom == NULL)
        return sky_geo_geos_fail(g, NULL, err, "reading WKB");
    ok = GEOSGeomTypeId_r(g->gctx, geom) == GEOS_POINT &&
         GEOSGeomGetX_r(g->gctx, geom, &out->lon) && GEOSGeomGetY_r(g->gctx, geom, &out->lat);
    GEOSGeom_destroy_r(g->gctx, geom);
    return ok ? SKY_OK : sky_fail(err, SKY_E_STORE, NULL, "stored geometry is not a point");
}
