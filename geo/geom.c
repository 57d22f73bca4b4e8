/*
 * geom.c - geodesic helpers on the WGS 84 ellipsoid (PROJ's geodesic routines): distances,
 * and the polygon that stands in for a circle. The polygon is circumscribed: its vertices lie
 * on a geodesic circle of radius r / cos(pi / n) plus a guard, so no edge cuts into the true
 * circle and an approximation never shrinks a zone.
 */
#include <geodesic.h>
#include <math.h>

#include "geo/geo.h"

#define SKY_CIRCLE_SEGMENTS 64
#define SKY_PI 3.14159265358979323846

static void wgs84(struct geod_geodesic *gd)
{
    geod_init(gd, 6378137.0, 1.0 / 298.257223563);
}

double sky_geo_distance_m(sky_lonlat a, sky_lonlat b)
{
    struct geod_geodesic gd;
    double s12 = 0, az1, az2;
    wgs84(&gd);
    geod_inverse(&gd, a.lat, a.lon, b.lat, b.lon, &s12, &az1, &az2);
    return s12;
}

sky_status sky_geo_circle_polygon(sky_arena *a, sky_lonlat c, double r_m, sky_mpoly *out,
                                  sky_error *err)
{
    struct geod_geodesic gd;
    const size_t n = SKY_CIRCLE_SEGMENTS;
    double rv;
    sky_ring *ring;

    if (!(r_m > 0) || !isfinite(r_m))
        return sky_fail(err, SKY_E_BAD_VALUE, NULL, "circle radius must be positive");
    /*
     * Edges are straight in lon/lat; a geodesic chord bows from that straight line by about
     * L^2 tan(lat) / (8 R) (a few mm for 1 km edges), so a guard of 1 cm + 1e-5 r keeps the
     * straight edges outside the circle with room to spare.
     */
    rv = r_m / cos(SKY_PI / (double)n) + 0.01 + 1e-5 * r_m;
    wgs84(&gd);
    out->npolys = 1;
    out->polys = sky_arena_alloc(a, sizeof *out->polys);
    ring = sky_arena_alloc(a, sizeof *ring);
    if (out->polys == NULL || ring == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "circle");
    ring->n = n + 1;
    ring->pts = sky_arena_alloc(a, (n + 1) * sizeof *ring->pts);
    if (ring->pts == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "circle");
    for (size_t i = 0; i < n; i++) {
        /* azimuths clockwise from north; walk them backwards for a counter-clockwise ring */
        double az = 360.0 * (double)(n - i) / (double)n, lat, lon, az2;
        geod_direct(&gd, c.lat, c.lon, fmod(az, 360.0), rv, &lat, &lon, &az2);
        ring->pts[i].lon = lon;
        ring->pts[i].lat = lat;
    }
    ring->pts[n] = ring->pts[0];
    out->polys[0].nrings = 1;
    out->polys[0].rings = ring;
    return SKY_OK;
}

size_t sky_geo_mpoly_vertices(const sky_mpoly *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->npolys; i++)
        for (size_t k = 0; k < m->polys[i].nrings; k++)
            n += m->polys[i].rings[k].n;
    return n;
}

void sky_geo_mpoly_bbox(const sky_mpoly *m, double bbox[4])
{
    for (size_t i = 0; i < m->npolys; i++)
        for (size_t k = 0; k < m->polys[i].nrings; k++)
            for (size_t j = 0; j < m->polys[i].rings[k].n; j++) {
                sky_lonlat p = m->polys[i].rings[k].pts[j];
                bbox[0] = fmin(bbox[0], p.lon);
                bbox[1] = fmin(bbox[1], p.lat);
                bbox[2] = fmax(bbox[2], p.lon);
                bbox[3] = fmax(bbox[3], p.lat);
            }
}
