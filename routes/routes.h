/*
 * routes.h - the domain model of an airspace (vertiports, zones and their volumes, terrain
 * contours, stored routes, corridors, aircraft profiles) and its I/O: native GeoJSON in and
 * out, and the SpatiaLite store. Everything in a sky_airspace lives in its arena, so an
 * airspace is freed in one step and is read-only once loaded.
 */
#ifndef SKY_ROUTES_H
#define SKY_ROUTES_H

#include <math.h>

#include "geo/geo.h"

/* No height (limit, elevation, altitude, Z) may lie further than this from its reference:
 * input beyond it is refused, so that no height arithmetic can overflow. */
#define SKY_MAX_HEIGHT_M 1.0e5

typedef enum sky_vref { SKY_VREF_AGL = 0, SKY_VREF_AMSL = 1, SKY_VREF_WGS84 = 2 } sky_vref;

typedef enum sky_vp_kind {
    SKY_VP_HUB = 0,
    SKY_VP_HELIPAD = 1,
    SKY_VP_SIGHTSEEING_PAD = 2,
    SKY_VP_DELIVERY_PAD = 3,
    SKY_VP_KIND_COUNT = 4
} sky_vp_kind;

/* Where a record came from, for error messages; src NULL for records loaded from a store. */
typedef struct sky_origin {
    const char *src;
    long index;
} sky_origin;

typedef struct sky_band {
    double lower_m, upper_m; /* upper_m = INFINITY when unbounded */
    sky_vref lower_ref, upper_ref;
} sky_band;

typedef struct sky_footprint {
    sky_mpoly area;          /* the polygon(s); for a circle its circumscribed polygon */
    int is_circle;
    int multi;               /* given as a MultiPolygon (kept for export) */
    sky_lonlat center;       /* circles only */
    double radius_m;         /* circles only */
} sky_footprint;

typedef struct sky_volume {
    int index;               /* 0, 1, ... within its zone */
    sky_footprint fp;
    sky_band band;
    const char *props;       /* this volume's Feature properties as JSON text */
    sky_origin at;
} sky_volume;

typedef struct sky_zone {
    const char *id, *name, *name_en, *reason, *schedule; /* NULL when absent */
    sky_restriction restriction;
    size_t nvol;
    sky_volume *vol;         /* ordered by index */
    const char *original;    /* the original record(s), JSON text */
} sky_zone;

typedef struct sky_vertiport {
    const char *id, *name, *name_en;
    sky_vp_kind kind;
    sky_lonlat pos;
    double ground_elevation_m; /* NAN when not given */
    const char *props;
    sky_origin at;
} sky_vertiport;

typedef struct sky_contour {
    const char *id;
    double min_elevation_m;  /* AMSL */
    sky_footprint fp;
    const char *props;
    sky_origin at;
} sky_contour;

typedef struct sky_route_rec {
    const char *id, *name, *name_en, *kind, *from, *to;
    sky_line line;
    double altitude_m;       /* NAN when not given */
    sky_vref altitude_ref;
    double width_m;          /* NAN when not given */
    const char *props;
    sky_origin at;
} sky_route_rec;

typedef struct sky_corridor {
    const char *id, *name, *name_en, *schedule, *from, *to;
    sky_line line;
    double width_m;
    sky_band band;
    int two_way;
    const char *props;
    sky_origin at;
} sky_corridor;

typedef struct sky_profile {
    const char *name;
    double speed_mps, climb_mps, descent_mps, range_m;
    int builtin;
    const char *props;
    sky_origin at;
} sky_profile;

typedef struct sky_airspace {
    sky_arena arena;         /* owns every record's contents; the arrays are heap blocks */
    sky_vertiport *vps;    size_t nvps;
    sky_zone *zones;       size_t nzones;
    sky_contour *contours; size_t ncontours;
    sky_route_rec *routes; size_t nroutes;
    sky_corridor *corridors; size_t ncorridors;
    sky_profile *profiles; size_t nprofiles;
    size_t cap[SKY_LAYER_COUNT]; /* allocated lengths of the heap arrays above */
    double terrain_flank_slope; /* the terrain layer's flank slope (DOMAIN: 0.35 for Luohu) */
} sky_airspace;

void sky_rt_airspace_init(sky_airspace *as);
void sky_rt_airspace_clear(sky_airspace *as);
/* Append one zeroed record to a layer's array; NULL on OOM. */
sky_vertiport *sky_rt_add_vertiport(sky_airspace *as);
sky_zone *sky_rt_add_zone(sky_airspace *as);
sky_contour *sky_rt_add_contour(sky_airspace *as);
sky_route_rec *sky_rt_add_route(sky_airspace *as);
sky_corridor *sky_rt_add_corridor(sky_airspace *as);
sky_profile *sky_rt_add_profile(sky_airspace *as);

/*
 * Keep only the records with an id in ids (profiles by name; ids NULL: every id) that meet
 * the lon/lat box bbox (west, south, east, north; NULL: no box). A zone is kept whole when
 * any of its volumes meets the box; profiles have no geometry and go when a box is given.
 * SKY_E_NOT_FOUND names an id that no record of the airspace has; nothing is removed then.
 */
sky_status sky_rt_airspace_filter(sky_geo *g, sky_airspace *as, const double *bbox,
                                  const char *const *ids, size_t nids, sky_error *err);

/* --- vocabulary --- */
const char *sky_rt_vref_name(sky_vref r);
int sky_rt_vref_parse(const char *s, sky_vref *out);        /* 1 if known */
int sky_rt_restriction_parse(const char *s, sky_restriction *out);
const char *sky_rt_vp_kind_name(sky_vp_kind k);
int sky_rt_vp_kind_parse(const char *s, sky_vp_kind *out);
/* The built-in aircraft profiles of DOMAIN.md (approximate, documented as such). */
size_t sky_rt_builtin_profiles(const sky_profile **out);

/* --- native GeoJSON in (geojson_read.c) --- */
typedef struct sky_parse_opts {
    int layer;               /* forced sky_layer, or -1 to detect per feature */
    int repair;
    sky_report_fn report;
    void *user;
    int format;              /* a sky_format: AUTO, GEOJSON, ED269 or ED318 */
    int strict;              /* ED-318: schema deviations are errors */
    const char *lang;        /* ED-318: preferred name language, or NULL */
} sky_parse_opts;
/* Parse one native GeoJSON text into as (appending). Checks every feature; the first error
 * names source, feature index and id, and field. *repaired counts geometries repaired. */
sky_status sky_rt_parse_geojson(sky_geo *g, sky_airspace *as, const char *source,
                                const char *text, size_t len, const sky_parse_opts *opts,
                                size_t *repaired, sky_error *err);

/* After every input is parsed: gather the volumes of multi-volume zones (features with the
 * same id and distinct `volume` indexes) into one zone each, and refuse duplicate ids in
 * every layer, naming the later feature. */
sky_status sky_rt_airspace_finish(sky_airspace *as, sky_error *err);

/* Parse input JSON: UTF-8 validated, nesting at most 64 deep, nothing but white space after
 * the value. SKY_E_BAD_JSON (line and column, under ref), SKY_E_TOO_LARGE or SKY_E_NOMEM
 * otherwise. *out is new (json_object_put). */
struct json_object;
sky_status sky_rt_json_parse(const char *text, size_t len, const sky_ref *ref,
                             struct json_object **out, sky_error *err);

/* --- native GeoJSON out (geojson_write.c) --- */
struct json_object;
/* A json-c number with the shortest text that reads back as d; NULL (JSON null) if d is not
 * finite. New; the caller owns it (json_object_put or hand it to a container). */
struct json_object *sky_rt_json_number(double d);
sky_status sky_rt_write_geojson(sky_geo *g, const sky_airspace *as, unsigned layer_mask,
                                char **json, size_t *len, sky_error *err);
/* The zones of as as one ED-318 FeatureCollection (ed_write.c); *json is new (sky_free). */
sky_status sky_rt_write_ed318(const sky_airspace *as, char **json, size_t *len, sky_error *err);

/* --- the SpatiaLite store (store.c: the only file that includes sqlite3.h) --- */
typedef struct sky_st sky_st;
sky_status sky_st_open(const char *path, unsigned flags, sky_st **out, sky_error *err);
void sky_st_close(sky_st *st);
/* Write everything in as in one transaction; on error, roll back and leave the file as it
 * was. replace: an existing feature with the same id is replaced, else it is an error. */
sky_status sky_st_write(sky_st *st, sky_geo *g, const sky_airspace *as, int replace,
                        size_t *replaced, sky_progress_fn progress, void *user,
                        sky_error *err);
/* Load the layers in layer_mask into as. */
sky_status sky_st_load(sky_st *st, sky_geo *g, unsigned layer_mask, sky_airspace *as,
                       sky_error *err);
sky_status sky_st_info(sky_st *st, sky_info *out, sky_error *err);
/*
 * Read the zones of a SpatiaLite database another tool wrote (QGIS, ogr2ogr) into as: every
 * table registered in geometry_columns whose columns (after the "field=COLUMN" map, else by
 * matching name) include a restriction. Geometry in another SRID is reprojected with PROJ;
 * each row then goes through the native reader's checks as one Feature (routes/read_int.h).
 */
sky_status sky_st_read_foreign(const char *path, sky_geo *g, sky_airspace *as,
                               const sky_parse_opts *opts, const char *const *map, size_t nmap,
                               size_t *repaired, sky_error *err);
/* 1 when the file at path starts with the SQLite header. */
int sky_st_is_sqlite_file(const char *path);
int sky_st_readonly(const sky_st *st);

#endif
