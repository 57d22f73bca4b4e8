/*
 * read_int.h - the inside of the importers of routes/: the per-input reading state and the
 * checks every format shares (numbers, positions, rings, polygon validity, repair, orientation,
 * errors naming source, feature index and id, and field). geojson_read.c defines them; the
 * ED-269/ED-318 reader (ed_read.c) and the foreign SpatiaLite reader (store.c) use them, so a
 * zone is checked the same way whatever file it came in.
 */
#ifndef SKY_READ_INT_H
#define SKY_READ_INT_H

#include <json-c/json.h>

#include "routes/routes.h"

typedef struct sky_rd {
    sky_geo *g;
    sky_airspace *as;
    const char *source;          /* arena copy */
    const sky_parse_opts *opts;
    size_t *repaired;
    sky_error *err;
    long index;                  /* current feature */
    const char *id;              /* current feature id, or NULL */
} sky_rd;

#define SKY_JSTR_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Fail with the current source, feature and id, and field; returns code. */
sky_status sky_rd_fail(sky_rd *r, sky_status code, const char *field, const char *fmt, ...)
    SKY_PRINTF(4, 5);
/* A warning through opts->report (nothing when there is no callback). */
void sky_rd_warn(sky_rd *r, const char *field, const char *fmt, ...) SKY_PRINTF(3, 4);
sky_status sky_rd_nomem(sky_rd *r);
/* 1: a finite number in *d; 0: not a number; -1: not finite or overflowing. */
int sky_rd_num(json_object *o, double *d);
/* Every number anywhere in o must be finite; path (cap bytes) is the field prefix. */
sky_status sky_rd_check_finite(sky_rd *r, json_object *o, char *path, size_t cap);
/* One [lon, lat(, z)] position, range-checked. */
sky_status sky_rd_position(sky_rd *r, json_object *pos, const char *path, sky_lonlat *p);
/* A Polygon or MultiPolygon GeoJSON geometry at field path: rings closed (or repaired),
 * validity checked (or repaired with GEOSMakeValid under opts->repair), oriented. */
sky_status sky_rd_area(sky_rd *r, json_object *geom, const char *path, sky_footprint *fp);
/* Plausibility limits on input (DOMAIN.md "Limits on input"): heights (band limits, ground
 * and contour elevations, altitudes, Z) within SKY_MAX_HEIGHT_M (100 km) of the reference; a circle zone's
 * radius up to 100 km (wider areas come as polygons); a width up to 10 km. */
#define SKY_RD_MAX_RADIUS_M 100000.0
#define SKY_RD_MAX_WIDTH_M 10000.0
/* The predicates themselves, shared with the store's load-time re-check. */
static inline int sky_rt_height_ok(double v)
{
    return fabs(v) <= SKY_MAX_HEIGHT_M;
}
static inline int sky_rt_radius_ok(double v)
{
    return v > 0 && v <= SKY_RD_MAX_RADIUS_M;
}
static inline int sky_rt_width_ok(double v)
{
    return v > 0 && v <= SKY_RD_MAX_WIDTH_M;
}
/* 0 when a band is acceptable; else 1 (the lower limit is implausible), 2 (the upper limit
 * is), 3 (lower above upper under one reference). */
static inline int sky_rt_band_problem(const sky_band *b)
{
    if (!sky_rt_height_ok(b->lower_m))
        return 1;
    if (isfinite(b->upper_m) ? !sky_rt_height_ok(b->upper_m) : !(b->upper_m > 0))
        return 2;
    if (b->lower_ref == b->upper_ref && b->lower_m > b->upper_m)
        return 3;
    return 0;
}
sky_status sky_rd_height(sky_rd *r, const char *field, double v);
sky_status sky_rd_radius(sky_rd *r, const char *field, double v);
sky_status sky_rd_width(sky_rd *r, const char *field, double v);
/* A band's limits within the height limit, lower <= upper where both share a reference. */
sky_status sky_rd_band(sky_rd *r, const char *lower_field, const char *upper_field,
                       const sky_band *b);
/* A circle footprint: the radius (radius_path) checked, the centre position read at
 * center_path, the circumscribed polygon built (DOMAIN.md). */
sky_status sky_rd_circle(sky_rd *r, json_object *center, const char *center_path, double radius,
                         const char *radius_path, sky_footprint *fp);
/* The compact JSON text of o, in the arena. */
sky_status sky_rd_json_text(sky_rd *r, json_object *o, const char **out);
/* One native GeoJSON Feature (the checks of geojson_read.c); r->index set by the caller. */
sky_status sky_rd_feature(sky_rd *r, json_object *feat);

/* ED-269 (either envelope) and ED-318 (FeatureCollection or Feature) roots (ed_read.c). */
sky_status sky_rt_read_ed269(sky_rd *r, json_object *root);
sky_status sky_rt_read_ed318(sky_rd *r, json_object *root);
/* Which format a parsed root looks like: SKY_FORMAT_ED269, _ED318 or _GEOJSON. */
int sky_rt_detect_json_format(json_object *root);

#endif
