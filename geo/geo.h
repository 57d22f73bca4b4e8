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

/* Projected metres in an airspace's local frame (sky_geo_set_frame). */
typedef struct sky_xy {
    double x, y;
} sky_xy;

typedef struct sky_xring {
    size_t n;
    sky_xy *pts;
} sky_xring;

typedef struct sky_xpoly {
    size_t nrings;   /* ring 0 exterior, then holes */
    sky_xring *rings;
} sky_xpoly;

typedef struct sky_bbox {
    double minx, miny, maxx, maxy;
} sky_bbox;

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
/* A box filter in lon/lat, as ogr2ogr -spat: whether a geometry meets the closed box
 * [west, east] x [south, north] (GEOS intersects against the prepared box; lon/lat, like the
 * box itself). The tests return 1 or 0, and -1 when GEOS fails. Owns: *out is new;
 * sky_geo_boxf_free(). */
typedef struct sky_geo_boxf sky_geo_boxf;
sky_status sky_geo_boxf_new(sky_geo *g, const double bbox[4], sky_geo_boxf **out,
                            sky_error *err);
void sky_geo_boxf_free(sky_geo *g, sky_geo_boxf *f);
int sky_geo_boxf_mpoly(sky_geo *g, const sky_geo_boxf *f, const sky_mpoly *m);
int sky_geo_boxf_line(sky_geo *g, const sky_geo_boxf *f, const sky_line *l);
int sky_geo_boxf_point(sky_geo *g, const sky_geo_boxf *f, sky_lonlat p);

/* Read WKB written by SpatiaLite's AsBinary(); results live in arena a. A Polygon reads as a
 * one-part multipolygon. */
sky_status sky_geo_wkb_to_mpoly(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                                sky_mpoly *out, sky_error *err);
sky_status sky_geo_wkb_to_line(sky_geo *g, sky_arena *a, const unsigned char *wkb, size_t n,
                               sky_line *out, sky_error *err);
sky_status sky_geo_wkb_to_point(sky_geo *g, const unsigned char *wkb, size_t n,
                                sky_lonlat *out, sky_error *err);

/* Transform n positions given in EPSG:srid (x in .lon, y in .lat) to WGS 84 lon/lat in place,
 * with PROJ (reproject.c). srid 4326 is a no-op. SKY_E_PROJ names the CRS on failure. */
sky_status sky_geo_reproject_to_wgs84(sky_geo *g, int srid, sky_lonlat *pts, size_t n,
                                      const sky_ref *ref, sky_error *err);

/* --- the local metric frame (frame.c) -------------------------------------------------- */
/*
 * An airspace's local frame: a transverse Mercator on the WGS 84 ellipsoid centred on the
 * airspace (scale error ~1e-6 at 10 km from the centre), chosen through PROJ. Never degrees,
 * never a fixed UTM zone. Sets up this sky_geo's transforms; call again to change frames.
 */
sky_status sky_geo_set_frame(sky_geo *g, sky_lonlat center, sky_error *err);
sky_lonlat sky_geo_frame_center(const sky_geo *g);
sky_status sky_geo_to_xy(sky_geo *g, const sky_lonlat *in, sky_xy *out, size_t n,
                         sky_error *err);
sky_status sky_geo_to_lonlat(sky_geo *g, const sky_xy *in, sky_lonlat *out, size_t n,
                             sky_error *err);
/* EGM96 geoid undulation N at p (PROJ, egm96_15.gtx from proj-data): ellipsoidal height =
 * AMSL + N. */
sky_status sky_geo_geoid_m(sky_geo *g, sky_lonlat p, double *n_m, sky_error *err);
/* Geodesic length of a lon/lat polyline and area of a polygon (PROJ geodesics). */
double sky_geo_geodesic_length_m(const sky_lonlat *pts, size_t n);
double sky_geo_geodesic_area_m2(const sky_poly *p);
/* The box [w, s, e, n] grown by d metres on every side (geodesically). */
void sky_geo_grow_bbox(const double in[4], double d_m, double out[4]);

/* --- prepared shapes in the local frame (shape.c) -------------------------------------- */
/* A polygonal shape prepared for repeated point queries by one sky_geo (GEOS prepared
 * geometry plus its boundary); confined to the sky_geo that made it. */
typedef struct sky_shape sky_shape;
sky_status sky_geo_shape_new(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                             sky_shape **out, sky_error *err);
void sky_geo_shape_free(sky_geo *g, sky_shape *s);
/* 1 when p is in the interior (the boundary is not inside). */
int sky_geo_shape_contains(sky_geo *g, const sky_shape *s, sky_xy p);
/* 1 when p is in the interior or on the boundary. */
int sky_geo_shape_covers(sky_geo *g, const sky_shape *s, sky_xy p);
/* Distance from p to the shape (0 inside) and to its boundary (also from inside). */
double sky_geo_shape_distance(sky_geo *g, const sky_shape *s, sky_xy p);
double sky_geo_shape_boundary_distance(sky_geo *g, const sky_shape *s, sky_xy p);
/* Where the segment a-b meets the shape's boundary, as parameters t in [0, 1] along it
 * (every vertex of the intersection, so a shared stretch gives its two ends). Appends to
 * *ts (heap array grown with sky_realloc; *n entries, *cap allocated). */
sky_status sky_geo_shape_crossings(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                   double **ts, size_t *n, size_t *cap, sky_error *err);

/* --- free space as triangles (navmesh.c) ------------------------------------------- */
/* The buffer distance that keeps every point outside the grown polygon at least margin_m
 * from the original (corrections for GEOS's round-join chords and its 1 % input
 * simplification, plus 1 mm). */
double sky_geo_buffer_distance(double margin_m);
/*
 * Triangulate box minus the union of polys grown by margin_m, over a cells_per_side^2 grid
 * of cells. *tris is new (sky_free): 3 counter-clockwise vertices per triangle.
 */
sky_status sky_geo_free_triangles(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                  double margin_m, sky_bbox box, size_t cells_per_side,
                                  sky_xy **tris, size_t *ntris, sky_error *err);

/* Exact minimum distance from the segment a-b to the polygons (0 when they meet). */
sky_status sky_geo_polys_segment_distance(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                          sky_xy a, sky_xy b, double *d_m, sky_error *err);

/*
 * A zone's footprint clipped to where it blocks over the terrain: intersected with the union
 * of `keep` (each grown by keep_grow) when has_keep (an empty keep gives nothing), minus the
 * union of `cut`. *out is new: one block (sky_free(*out)); *nout may be 0.
 */
sky_status sky_geo_region(sky_geo *g, const sky_xpoly *fp, size_t nfp, const sky_xpoly *keep,
                          size_t nkeep, double keep_grow, int has_keep, const sky_xpoly *cut,
                          size_t ncut, sky_xpoly **out, size_t *nout, sky_error *err);
/* Distance from p to the polygons (0 inside or on them); *inside when in an interior. */
sky_status sky_geo_polys_point_distance(sky_geo *g, const sky_xpoly *polys, size_t npolys,
                                        sky_xy p, int *inside, double *d_m, sky_error *err);

/* --- packed R-tree over boxes (index.c); immutable once built, shareable --------------- */
typedef struct sky_index sky_index;
sky_status sky_index_build(const sky_bbox *boxes, size_t n, sky_index **out, sky_error *err);
void sky_index_free(sky_index *ix);
/* Call fn(user, item) for every item whose box meets q (closed boxes); stop early when fn
 * returns nonzero, and return that value. */
int sky_index_query(const sky_index *ix, sky_bbox q, int (*fn)(void *user, size_t item),
                    void *user);
/* A growable list of item numbers; sky_index_collect is a query callback that appends to
 * one (set oom and stop on allocation failure). Free v with sky_free. */
typedef struct sky_hits {
    size_t *v;
    size_t n, cap;
    int oom;
} sky_hits;
int sky_index_collect(void *hits, size_t item);
void sky_bbox_empty(sky_bbox *b);
void sky_bbox_add(sky_bbox *b, sky_xy p);

/* --- segments against shapes (segment.c; validation, issue 7) --------------------------- */
/* A stretch of a segment a-b, as parameters 0 <= t0 <= t1 <= 1 along it. */
typedef struct sky_span {
    double t0, t1;
} sky_span;
/* A growable list of spans; free v with sky_free. */
typedef struct sky_spans {
    sky_span *v;
    size_t n, cap;
} sky_spans;
/*
 * The stretches of a-b inside the shape's interior (its boundary is not inside), in order and
 * merged, replacing s->n. Parameters come from GEOS's intersection of the segment with the
 * boundary; each stretch between two of them is judged by its midpoint, so a stretch running
 * along an edge is outside and a 1 cm incursion is inside. Stretches shorter than 1 um go.
 */
sky_status sky_geo_segment_inside(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                  sky_spans *out, sky_error *err);
/*
 * The exact minimum distance between the segment a-b and the shape (0 when they meet, from
 * GEOS's nearest points on the prepared shape), *t the parameter of the nearest point on a-b
 * and *on_shape the nearest point of the shape.
 */
sky_status sky_geo_segment_distance(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b,
                                    double *d_m, double *t, sky_xy *on_shape, sky_error *err);
/*
 * The stretches of a-b closer than r_m (> 0) to the shape, in order and merged, replacing
 * s->n. Candidate ends come from a GEOS buffer of the shape; each stretch is judged by the
 * exact distance at its midpoint.
 */
sky_status sky_geo_segment_near(sky_geo *g, const sky_shape *s, sky_xy a, sky_xy b, double r_m,
                                sky_spans *out, sky_error *err);
/* Distance between segments a-b and c-d in the plane; *s and *t the parameters of the nearest
 * points on each (closed form, no GEOS). */
double sky_geo_segment_segment(sky_xy a, sky_xy b, sky_xy c, sky_xy d, double *s, double *t);

#endif
