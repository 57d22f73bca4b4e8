/*
 * frame.c - the local metric frame of an airspace and heights on the ellipsoid, through PROJ.
 * The frame is a transverse Mercator centred on the airspace (k = 1 at the centre): its scale
 * error grows as (d / R)^2 / 2, about 1e-6 at 10 km, where a fixed UTM zone is off by up to
 * 1e-3. Geodesic lengths and areas use PROJ's geodesic routines on WGS 84.
 */
#include <geodesic.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "geo/geo_int.h"

static sky_status proj_fail(sky_geo *g, sky_error *err, const char *what)
{
    int e = proj_context_errno(g->pctx);
    sky_fail(err, SKY_E_PROJ, NULL, "%s: %s", what,
             e ? proj_context_errno_string(g->pctx, e) : "failed");
    if (err)
        err->upstream = e;
    return SKY_E_PROJ;
}

sky_status sky_geo_set_frame(sky_geo *g, sky_lonlat c, sky_error *err)
{
    char def[256];
    PJ *raw, *norm;
    if (!(fabs(c.lat) < 89.0) || !(fabs(c.lon) <= 180.0))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "frame centre %g, %g is not usable",
                        c.lon, c.lat);
    snprintf(def, sizeof def, "+proj=tmerc +lat_0=%.12g +lon_0=%.12g +k=1 +x_0=0 +y_0=0 "
             "+ellps=WGS84 +units=m +no_defs +type=crs", c.lat, c.lon);
    raw = proj_create_crs_to_crs(g->pctx, "EPSG:4326", def, NULL);
    if (raw == NULL)
        return proj_fail(g, err, "creating the local frame");
    /* EPSG:4326 is lat, lon; everything here is lon, lat as in GeoJSON */
    norm = proj_normalize_for_visualization(g->pctx, raw);
    proj_destroy(raw);
    if (norm == NULL)
        return proj_fail(g, err, "creating the local frame");
    if (g->fwd)
        proj_destroy(g->fwd);
    g->fwd = norm;
    g->center = c;
    return SKY_OK;
}

sky_lonlat sky_geo_frame_center(const sky_geo *g)
{
    return g->center;
}

static sky_status trans(sky_geo *g, PJ_DIRECTION dir, const double *in, double *out, size_t n,
                        sky_error *err)
{
    size_t done;
    if (g->fwd == NULL)
        return sky_fail(err, SKY_E_INTERNAL, NULL, "no local frame set");
    if (n == 0)
        return SKY_OK;
    if (in != out)
        memcpy(out, in, n * 2 * sizeof *out);
    done = proj_trans_generic(g->fwd, dir, out, 2 * sizeof *out, n, out + 1,
                              2 * sizeof *out, n, NULL, 0, 0, NULL, 0, 0);
    if (done != n)
        return proj_fail(g, err, "transforming coordinates");
    for (size_t i = 0; i < 2 * n; i++)
        if (!isfinite(out[i]))
            return sky_fail(err, SKY_E_PROJ, NULL, "a coordinate cannot be transformed");
    return SKY_OK;
}

sky_status sky_geo_to_xy(sky_geo *g, const sky_lonlat *in, sky_xy *out, size_t n,
                         sky_error *err)
{
    return trans(g, PJ_FWD, (const double *)in, (double *)out, n, err);
}

sky_status sky_geo_to_lonlat(sky_geo *g, const sky_xy *in, sky_lonlat *out, size_t n,
                             sky_error *err)
{
    return trans(g, PJ_INV, (const double *)in, (double *)out, n, err);
}

sky_status sky_geo_geoid_m(sky_geo *g, sky_lonlat p, double *n_m, sky_error *err)
{
    PJ_COORD c;
    *n_m = 0;
    if (g->geoid == NULL) {
        /* an explicit grid: a missing egm96_15.gtx fails loudly instead of falling back to
         * a ballpark transformation with N = 0 */
        g->geoid = proj_create(g->pctx, "+proj=pipeline +step +proj=unitconvert +xy_in=deg "
                                        "+xy_out=rad +step +proj=vgridshift "
                                        "+grids=egm96_15.gtx +multiplier=1 +step "
                                        "+proj=unitconvert +xy_in=rad +xy_out=deg");
        if (g->geoid == NULL)
            return proj_fail(g, err, "loading the EGM96 geoid grid (egm96_15.gtx, Debian "
                                     "package proj-data)");
    }
    c = proj_trans(g->geoid, PJ_FWD, proj_coord(p.lon, p.lat, 0, 0));
    if (!isfinite(c.xyz.z) || proj_errno(g->geoid) != 0) {
        proj_errno_reset(g->geoid);
        return proj_fail(g, err, "EGM96 geoid height");
    }
    *n_m = c.xyz.z;
    return SKY_OK;
}

static void wgs84(struct geod_geodesic *gd)
{
    geod_init(gd, 6378137.0, 1.0 / 298.257223563);
}

double sky_geo_geodesic_length_m(const sky_lonlat *pts, size_t n)
{
    double len = 0;
    for (size_t i = 1; i < n; i++)
        len += sky_geo_distance_m(pts[i - 1], pts[i]);
    return len;
}

double sky_geo_geodesic_area_m2(const sky_poly *p)
{
    struct geod_geodesic gd;
    double total = 0;
    wgs84(&gd);
    for (size_t k = 0; k < p->nrings; k++) {
        struct geod_polygon poly;
        double area = 0, perim = 0;
        const sky_ring *r = &p->rings[k];
        geod_polygon_init(&poly, 0);
        for (size_t i = 0; i + 1 < r->n; i++) /* the closing point repeats the first */
            geod_polygon_addpoint(&gd, &poly, r->pts[i].lat, r->pts[i].lon);
        geod_polygon_compute(&gd, &poly, 0, 1, &area, &perim);
        total += k == 0 ? fabs(area) : -fabs(area);
    }
    return total;
}

void sky_geo_grow_bbox(const double in[4], double d_m, double out[4])
{
    struct geod_geodesic gd;
    double lat, lon, az, far_lat;
    wgs84(&gd);
    /* north and south: along the meridian */
    geod_direct(&gd, in[3], in[0], 0.0, d_m, &lat, &lon, &az);
    out[3] = fmin(lat, 90.0);
    geod_direct(&gd, in[1], in[0], 180.0, d_m, &lat, &lon, &az);
    out[1] = fmax(lat, -90.0);
    /* east and west: d metres is the most degrees of longitude at the latitude farthest from
     * the equator, so grow there to cover the whole box */
    far_lat = fabs(in[1]) > fabs(in[3]) ? in[1] : in[3];
    geod_direct(&gd, far_lat, in[2], 90.0, d_m, &lat, &lon, &az);
    out[2] = lon;
    geod_direct(&gd, far_lat, in[0], -90.0, d_m, &lat, &lon, &az);
    out[0] = lon;
}
