/*
 * geo_int.h - the inside of sky_geo, shared by the files of geo/ and by nothing else: one
 * GEOS context and one PROJ context with the transforms made in it.
 */
#ifndef SKY_GEO_INT_H
#define SKY_GEO_INT_H

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <proj.h>

#include "geo/geo.h"

struct sky_geo {
    GEOSContextHandle_t gctx;
    PJ_CONTEXT *pctx;       /* network off */
    PJ *fwd;                /* lon/lat -> local frame (normalised: lon first); NULL until set */
    PJ *geoid;              /* EGM96: AMSL -> ellipsoidal height; made on first use */
    sky_lonlat center;      /* the frame's centre */
    GEOSWKBReader *reader;
    GEOSWKBWriter *writer;
    char gmsg[256];         /* last GEOS error text */
};

sky_status sky_geo_geos_fail(sky_geo *g, const sky_ref *ref, sky_error *err, const char *what);
/* A GEOS polygon from rings given as (x, y) double pairs; NULL on failure. */
GEOSGeometry *sky_geo_poly_from_rings(sky_geo *g, size_t nrings, const double *const *pts,
                                      const size_t *npts);

/* --- shape accessors for geo/segment.c (validation, issue 7); borrowed, owned by the shape -- */
const GEOSGeometry *sky_geo_shape_geom(const sky_shape *s);
const GEOSPreparedGeometry *sky_geo_shape_prepared(const sky_shape *s);

#endif
