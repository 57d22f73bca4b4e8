/*
 * reproject.c - coordinates from another CRS (an EPSG code, as SpatiaLite's geometry_columns
 * gives it) to WGS 84 lon/lat, with PROJ: foreign SpatiaLite layers may be in a projected CRS
 * such as EPSG:32650. The transform is made in the sky_geo's own PROJ context, normalised to
 * lon/lat order, used for one batch and destroyed: nothing here is cached or shared.
 */
#include <math.h>
#include <stdio.h>

#include "geo/geo_int.h"

sky_status sky_geo_reproject_to_wgs84(sky_geo *g, int srid, sky_lonlat *pts, size_t n,
                                      const sky_ref *ref, sky_error *err)
{
    char src[32];
    PJ *raw, *norm;
    size_t done;
    if (srid == 4326 || n == 0)
        return SKY_OK;
    snprintf(src, sizeof src, "EPSG:%d", srid);
    raw = proj_create_crs_to_crs(g->pctx, src, "EPSG:4326", NULL);
    norm = raw ? proj_normalize_for_visualization(g->pctx, raw) : NULL;
    proj_destroy(raw);
    if (norm == NULL) {
        int e = proj_context_errno(g->pctx);
        sky_fail(err, SKY_E_PROJ, ref, "no transform from %s to EPSG:4326: %s", src,
                 e ? proj_context_errno_string(g->pctx, e) : "unknown CRS");
        if (err)
            err->upstream = e;
        return SKY_E_PROJ;
    }
    /* sky_lonlat is two doubles: x in .lon, y in .lat, transformed in place */
    done = proj_trans_generic(norm, PJ_FWD, &pts[0].lon, sizeof *pts, n, &pts[0].lat,
                              sizeof *pts, n, NULL, 0, 0, NULL, 0, 0);
    if (done != n) {
        proj_destroy(norm);
        return sky_fail(err, SKY_E_PROJ, ref, "transforming %zu coordinates from %s failed",
                        n, src);
    }
    for (size_t i = 0; i < n; i++)
        if (!isfinite(pts[i].lon) || !isfinite(pts[i].lat)) {
            proj_destroy(norm);
            return sky_fail(err, SKY_E_PROJ, ref, "a coordinate in %s has no WGS 84 position",
                            src);
        }
    proj_destroy(norm);
    return SKY_OK;
}
