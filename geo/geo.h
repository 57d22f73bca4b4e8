/*
 * geo.h - the geometry layer: GEOS (reentrant API only) and PROJ live behind this header
 * alone. Geometry crosses it as plain lon/lat arrays (sky_mpoly, sky_line) so that no GEOS
 * or PROJ type leaks upward. A sky_geo holds one GEOS context and one PROJ context and is
 * confined to one thread at a time.
 */
#ifndef SKY_GEO_H
#define SKY_GEO_H

#include "common/common.h"

typedef struct sky_ring {
    size_t n;        /* points, first == last for a closed ring */
    sky_lonlat *pts; /* owner: whoever built the ring (usually an arena) */
} sky_ring;

typedef struct sky_poly {
    size_t nrings;   /* ring 0 exterior, then holes */
    sky_ring *rings;
} sky_poly;

typedef struct sky_mpoly {
    size_t npolys;
    sky_poly *polys;
} sky_mpoly;

typedef struct sky_line {
    size_t n;
    sky_lonlat *pts;
    double *z;       /* NULL when the line has no third coordinate */
} sky_line;

typedef struct sky_geo sky_geo;

sky_status sky_geo_new(sky_geo **out, sky_error *err);
void sky_geo_free(sky_geo *g);

/* The number of vertices of m (closing points included). */
size_t sky_geo_mpoly_vertices(const sky_mpoly *m);
/* Bounding box [w, s, e, n] grown to include m. */
void sky_geo_mpoly_bbox(const sky_mpoly *m, double bbox[4]);

/*
 * Check m with GEOS's validity rules. Returns SKY_OK when valid; SKY_E_BAD_GEOMETRY with
 * GEOS's reason and location in the message otherwise, or SKY_E_GEOS.
 */
sky_status sky_geo_mpoly_check(sky_geo *g, const sky_mpoly *m, const sky_ref *ref,
                               sky_error *err);
/* Repair m with GEOSMakeValid, keeping its polygonal part; *out lives in arena a. *what
 * receives a short description of what was wrong (copied into what[cap]). */
sky_status sky_geo_mpoly_make_valid(sky_geo *g, sky_arena *a, const sky_mpoly *m,
                                    sky_mpoly *out, char *what, size_t cap,
                                    const sky_ref *ref, sky_error *err);
/* Orient in place as RFC 7946 asks: exterior rings counter-clockwise, holes clockwise. */
sky_status sky_geo_mpoly_orient(sky_geo *g, sky_mpoly *m, sky_error *err);
/* A polygon (in arena a) that contains the geodesic circle of radius r_m around c: its
 * vertices lie on a geodesic circle large enough that every edge stays outside. */
sky_status sky_geo_circle_polygon(sky_arena *a, sky_lonlat c, double r_m, sky_mpoly *out,
                                  sky_error *err);
/* Geodesic distance in metres on the WGS 84 ellipsoid. */
double sky_geo_distance_m(sky_lonlat a, sky_lonlat b);

/* WKB (ISO, little endian) for the store. *wkb is new (sky_free). */
sky_status sky_geo_mpoly_to_wkb(sky_geo *g, const sky_mpoly *m, unsigned char **wkb,
                                size_t *n, sky_error *err);
sky_status sky_geo_line_to_wkb(sky_geo *g, const sky_line *l, unsigned char **wkb, size_t *n,
                               sky_error *err);
sky_status sky_geo_point_to_wkb(sky_geo *g, sky_lonlat p, unsigned char **wkb, size_t *n,
                                sky_error *err);
/* Read WKB written by SpatiaLite's AsBinary(); results live in arena a. A Polygon reads as a
 * one-part multipolygon. */
sky_status sky_geo_wkb_to_mpoly(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                                sky_mpoly *out, sky_error *err);
sky_status sky_geo_wkb_to_line(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                               sky_line *out, sky_error *err);
sky_status sky_geo_wkb_to_point(sky_geo *g, const unsigned char *wkb, size_t n,
                                sky_lonlat *out, sky_error *err);

#endif
