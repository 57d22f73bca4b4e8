/*
 * skylane.h - the whole public API of libskylane, a low-altitude flight-route planning engine.
 *
 * Positions are WGS 84 longitude/latitude in degrees (lon first, as in GeoJSON); lengths and
 * heights are metres. Every function that can fail returns a sky_status and fills an optional
 * caller-allocated sky_error. No GEOS, PROJ or SQLite type appears here.
 */
#ifndef SKYLANE_H
#define SKYLANE_H

#include <stddef.h>
#include <stdint.h>

#include "skylane_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(SKY_BUILDING) && defined(__GNUC__)
#define SKY_API __attribute__((visibility("default")))
#else
#define SKY_API
#endif

#define SKY_MAKE_VERSION(a, b, c) ((a) * 10000L + (b) * 100L + (c))
#define SKY_VERSION_NUMBER                                                                     \
    SKY_MAKE_VERSION(SKY_VERSION_MAJOR, SKY_VERSION_MINOR, SKY_VERSION_PATCH)
#define SKY_AT_LEAST(a, b, c) (SKY_VERSION_NUMBER >= SKY_MAKE_VERSION(a, b, c))

/** Version of the linked library; differs from SKY_VERSION_NUMBER => header/library skew.
 * Thread: any. Owns: nothing. Fails: never. Since: 0.1 */
SKY_API long sky_version_number(void);
/** Version string of the linked library, e.g. "0.1.0". Static text.
 * Thread: any. Owns: static. Fails: never. Since: 0.1 */
SKY_API const char *sky_version_string(void);

/* ------------------------------------------------------------------------------------------ */
/* Status codes and errors                                                                     */

typedef enum sky_status { /* append-only: never renumber or reuse a value */
    SKY_OK = 0,
    /* 1xx: the caller's input */
    SKY_E_INVALID_ARG = 100,   /* API misuse or bad option value */
    SKY_E_BAD_JSON = 101,      /* not JSON, or not GeoJSON where GeoJSON is required */
    SKY_E_BAD_GEOMETRY = 102,  /* unclosed or self-intersecting ring, coordinate out of range */
    SKY_E_BAD_VALUE = 103,     /* a property missing, of the wrong type, non-finite, unknown */
    SKY_E_IO = 104,            /* a file cannot be read or written */
    SKY_E_TOO_LARGE = 105,     /* an input file over the size limit */
    SKY_E_DUPLICATE_ID = 106,  /* the same id twice in a layer */
    SKY_E_NOT_SPATIALITE = 107, /* a database that is not a SpatiaLite database */
    SKY_E_READONLY = 108,      /* a write to a database opened read-only */
    SKY_E_NOT_FOUND = 109,     /* an unknown id or name */
    SKY_E_SCHEMA = 110,        /* SpatiaLite, but not a skylane database, or a newer schema */
    SKY_E_OUT_OF_EXTENT = 111, /* a point outside the airspace's extent (data + 50 km) */
    /* 2xx: negative answers */
    SKY_E_NO_ROUTE = 200,       /* no route: the goal is enclosed by blocking zones */
    SKY_E_START_BLOCKED = 201,  /* the origin is inside, or within the margin of, a zone */
    SKY_E_DEADLINE = 202,       /* the search bound or deadline was reached */
    SKY_E_GOAL_BLOCKED = 203,   /* the destination is inside, or within the margin of, a zone */
    SKY_E_BEYOND_RANGE = 204,   /* the route is longer than the aircraft's range */
    SKY_E_NO_ALTITUDE = 205,    /* no feasible altitude: the band cannot pass over the terrain */
    /* 3xx: the environment */
    SKY_E_NOMEM = 300,
    SKY_E_STORE = 301, /* SQLite / SpatiaLite failure; upstream holds the extended code */
    SKY_E_PROJ = 302,
    SKY_E_GEOS = 303,
    SKY_E_INTERNAL = 399 /* a bug in skylane */
} sky_status;

/** Static English text naming a status code; never NULL ("unknown status" for others).
 * Thread: any. Owns: static. Fails: never. Since: 0.1 */
SKY_API const char *sky_status_str(sky_status code);

typedef enum sky_severity { SKY_SEV_ERROR = 0, SKY_SEV_WARNING = 1, SKY_SEV_INFO = 2 } sky_severity;

typedef struct sky_error { /* caller-allocated; nothing to free; safe in any thread */
    sky_status code;
    sky_severity severity;  /* for reports passed to a sky_report_fn */
    int upstream;           /* SQLite extended code or PROJ errno; 0 if none */
    long feature_index;     /* 0-based index in the input collection; -1 if none */
    char source[256];       /* input file name (or "<memory>"); "" if none */
    char feature_id[64];    /* the offending feature's id; "" if none */
    char field[64];         /* the offending field, e.g. "geometry.coordinates[0]"; "" if none */
    char message[256];      /* English; NUL-terminated; may be truncated */
} sky_error;

/** Zero @p err and set feature_index to -1. Thread: any. Owns: nothing. Fails: never.
 * Since: 0.1 */
SKY_API void sky_error_init(sky_error *err);

/**
 * Format @p err as one line: "SOURCE: feature I (ID): FIELD: MESSAGE", leaving out the parts
 * that are empty. Writes at most @p cap bytes including the NUL; returns @p buf.
 * Thread: any. Owns: nothing. Fails: never (truncates). Since: 0.1
 */
SKY_API char *sky_error_format(const sky_error *err, char *buf, size_t cap);

/** Called for warnings and reports (for example each ring repaired by an import).
 * @p report is borrowed for the call only. */
typedef void (*sky_report_fn)(void *user, const sky_error *report);
/** Called from long work with a count done and a total (0 if unknown); @p what is borrowed. */
typedef void (*sky_progress_fn)(void *user, const char *what, size_t done, size_t total);

/** Release a buffer returned by libskylane (GeoJSON and JSON texts). NULL is a no-op.
 * Thread: any. Owns: takes @p p. Fails: never. Since: 0.1 */
SKY_API void sky_free(void *p);

/* ------------------------------------------------------------------------------------------ */
/* Domain vocabulary                                                                           */

typedef struct sky_lonlat {
    double lon, lat; /* WGS 84 degrees */
} sky_lonlat;

typedef enum sky_layer { /* append-only */
    SKY_LAYER_VERTIPORTS = 0,
    SKY_LAYER_ZONES = 1,
    SKY_LAYER_TERRAIN = 2,
    SKY_LAYER_ROUTES = 3,
    SKY_LAYER_CORRIDORS = 4,
    SKY_LAYER_PROFILES = 5,
    SKY_LAYER_COUNT = 6
} sky_layer;
#define SKY_LAYER_BIT(l) (1u << (unsigned)(l))
#define SKY_LAYERS_ALL ((1u << SKY_LAYER_COUNT) - 1u)

/** The layer's name ("vertiports", "zones", ...); NULL for a value out of range.
 * Thread: any. Owns: static. Fails: never. Since: 0.1 */
SKY_API const char *sky_layer_name(sky_layer layer);
/** Parse a layer name; SKY_E_INVALID_ARG for an unknown name.
 * Thread: any. Owns: nothing. Fails: *out untouched. Since: 0.1 */
SKY_API sky_status sky_layer_parse(const char *name, sky_layer *out);

typedef enum sky_restriction { /* append-only */
    SKY_RESTR_PROHIBITED = 0,
    SKY_RESTR_REQ_AUTHORISATION = 1,
    SKY_RESTR_CONDITIONAL = 2,
    SKY_RESTR_NO_RESTRICTION = 3,
    SKY_RESTR_USPACE = 4,
    SKY_RESTR_COUNT = 5
} sky_restriction;

/** "PROHIBITED", "REQ_AUTHORISATION", ...; NULL out of range.
 * Thread: any. Owns: static. Fails: never. Since: 0.1 */
SKY_API const char *sky_restriction_name(sky_restriction r);

/* ------------------------------------------------------------------------------------------ */
/* The store: a SpatiaLite airspace database                                                   */

typedef struct sky_store sky_store; /* one connection; one thread at a time */

enum {
    SKY_STORE_READONLY = 1u, /* open read-only (the default database is always read-only) */
    SKY_STORE_CREATE = 2u    /* create the file and the skylane schema when missing */
};

/**
 * Open the SpatiaLite airspace database at @p path. With SKY_STORE_CREATE a missing file, or
 * an empty one, gets the skylane schema (docs: README "Store schema").
 *
 * @param path   file name; not NULL.
 * @param flags  SKY_STORE_READONLY, SKY_STORE_CREATE (not both).
 * @param out    receives the store on SKY_OK; set to NULL on failure.
 * @param err    optional; filled on failure.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_IO, SKY_E_NOT_SPATIALITE, SKY_E_SCHEMA, SKY_E_STORE,
 *         SKY_E_NOMEM.
 *
 * Thread: the store is confined to one thread at a time; stores run in parallel freely.
 * Owns:   *out is new; release with sky_store_close().
 * Fails:  no side effects (a file that did not exist is not left behind).
 * Since:  0.1
 */
SKY_API sky_status sky_store_open(const char *path, unsigned flags, sky_store **out,
                                  sky_error *err);

/** Close a store. NULL is a no-op. Thread: store-confined. Owns: takes @p st. Fails: never.
 * Since: 0.1 */
SKY_API void sky_store_close(sky_store *st);

typedef struct sky_import_opts { /* grows only by appending fields */
    size_t size;               /* set by sky_import_opts_init(), never by hand */
    int layer;                 /* a sky_layer, or -1 to detect it from each feature */
    int repair;                /* nonzero: repair invalid rings (GEOSMakeValid), reported */
    int replace;               /* nonzero: replace existing features with the same id */
    uint64_t max_file_bytes;   /* files larger than this are refused; default 256 MB */
    sky_report_fn report;      /* optional: warnings and repairs */
    sky_progress_fn progress;  /* optional: features parsed and written */
    void *user;                /* passed to report and progress */
    /* Since 0.2 */
    int format;                /* a sky_format; SKY_FORMAT_AUTO detects it per input */
    int strict;                /* nonzero: ED-318 schema deviations are errors, not warnings */
    const char *lang;          /* ED-318: the name language to show ("fr-BE"); NULL: first */
    const char *const *column_map; /* foreign SpatiaLite: "field=COLUMN" pairs; borrowed */
    size_t ncolumn_map;
} sky_import_opts;

/** Zero @p opts, set size and the defaults. Thread: any. Owns: nothing. Fails: never.
 * Since: 0.1 */
SKY_API void sky_import_opts_init(sky_import_opts *opts);

typedef struct sky_import_stats {
    size_t features[SKY_LAYER_COUNT]; /* features (rows) written per layer */
    size_t replaced;                  /* existing features replaced (--replace) */
    size_t repaired;                  /* geometries repaired (--repair) */
} sky_import_stats;

/** One input for sky_store_import_sources(): a named text held by the caller. */
typedef struct sky_source {
    const char *name; /* shown in errors; borrowed for the call */
    const char *data; /* the GeoJSON text; borrowed for the call; need not be NUL-terminated */
    size_t len;
} sky_source;

/**
 * Import GeoJSON files in the native property schema into the store, all or nothing: every
 * file is parsed and checked first, then everything is written in one transaction. On any
 * error the database is left exactly as it was. Since 0.2, by opts->format (detected per file
 * by default) also ED-269 and ED-318 zone files and SpatiaLite databases other tools wrote;
 * ED-318 deviations are passed to opts->report as warnings, or with opts->strict each as an
 * error report, the first returned as SKY_E_BAD_VALUE (README "Foreign formats").
 *
 * @param st     opened without SKY_STORE_READONLY.
 * @param paths  @p n file names; borrowed for the call.
 * @param opts   optional (NULL: the defaults of sky_import_opts_init()).
 * @param stats  optional; filled on SKY_OK.
 * @param err    optional; on failure names the source, feature index and id, and field.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_IO, SKY_E_TOO_LARGE, SKY_E_BAD_JSON,
 *         SKY_E_BAD_GEOMETRY, SKY_E_BAD_VALUE, SKY_E_DUPLICATE_ID, SKY_E_READONLY,
 *         SKY_E_STORE, SKY_E_GEOS, SKY_E_PROJ, SKY_E_NOMEM.
 *
 * Thread: store-confined. Owns: nothing kept (copied). Fails: the database is unchanged.
 * Since:  0.1
 */
SKY_API sky_status sky_store_import(sky_store *st, const char *const *paths, size_t n,
                                    const sky_import_opts *opts, sky_import_stats *stats,
                                    sky_error *err);

/** As sky_store_import() for texts in memory. Since: 0.1 */
SKY_API sky_status sky_store_import_sources(sky_store *st, const sky_source *sources, size_t n,
                                            const sky_import_opts *opts,
                                            sky_import_stats *stats, sky_error *err);

typedef struct sky_info {
    int schema_version;
    int has_extent;                              /* 0 when the store holds no geometry */
    double extent[4];                            /* west, south, east, north (degrees) */
    size_t count[SKY_LAYER_COUNT];               /* features (rows) per layer */
    size_t zones_by_restriction[SKY_RESTR_COUNT];
    size_t zone_volumes;                         /* volumes over all zones */
} sky_info;

/**
 * Summarise the store: counts per layer, extent, schema version, zones by restriction.
 * Thread: store-confined. Owns: nothing. Fails: *out zeroed. Since: 0.1
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_STORE.
 */
SKY_API sky_status sky_store_info(sky_store *st, sky_info *out, sky_error *err);

/**
 * The info as the JSON object of `skylane info --json`:
 * {"schema_version", "extent": [w, s, e, n] or null, "layers": {"zones": {"count": N}, ...},
 *  "zones_by_restriction": {...}, "zone_volumes": N}.
 * Thread: any. Owns: *json is new; release with sky_free(). Fails: *json NULL.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_NOMEM. Since: 0.1
 */
SKY_API sky_status sky_info_to_json(const sky_info *info, char **json, size_t *len,
                                    sky_error *err);

/**
 * Export the layers in @p layer_mask (SKY_LAYER_BIT(...) or SKY_LAYERS_ALL) as one RFC 7946
 * FeatureCollection: lon/lat, exterior rings counter-clockwise and holes clockwise, no `crs`;
 * the imported properties kept; one Feature per zone volume; a circle as a polygon that
 * contains it, with `center` and `radius_m` properties (import reads it back as the circle);
 * profiles as Features with a null geometry. Import -> export -> import gives the same data.
 *
 * Thread: store-confined. Owns: *json is new (NUL-terminated; *len excludes the NUL); release
 * with sky_free(). Fails: *json NULL, no side effects.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_STORE, SKY_E_GEOS, SKY_E_PROJ, SKY_E_NOMEM.
 * Since: 0.1
 */
SKY_API sky_status sky_store_export(sky_store *st, unsigned layer_mask, char **json,
                                    size_t *len, sky_error *err);

/* ------------------------------------------------------------------------------------------ */
/* Foreign formats: ED-269, ED-318, SpatiaLite written by other tools                          */

typedef enum sky_format { /* append-only */
    SKY_FORMAT_AUTO = 0,       /* detect: SQLite header, ED-269 envelope, ED-318 properties */
    SKY_FORMAT_GEOJSON = 1,    /* native GeoJSON (data/luohu/README.md) */
    SKY_FORMAT_ED269 = 2,      /* EUROCAE ED-269 JSON, either envelope */
    SKY_FORMAT_ED318 = 3,      /* EUROCAE ED-318 GeoJSON */
    SKY_FORMAT_SPATIALITE = 4  /* a SpatiaLite database another tool wrote (zones tables) */
} sky_format;

/** "auto", "geojson", "ed269", "ed318", "spatialite"; NULL out of range.
 * Thread: any. Owns: static. Fails: never. Since: 0.2 */
SKY_API const char *sky_format_name(sky_format f);
/** Parse a format name (as sky_format_name gives it); SKY_E_INVALID_ARG for an unknown one.
 * Thread: any. Owns: nothing. Fails: *out untouched. Since: 0.2 */
SKY_API sky_status sky_format_parse(const char *name, sky_format *out);

/**
 * Export as sky_store_export() in another @p format. SKY_FORMAT_GEOJSON is sky_store_export()
 * itself. SKY_FORMAT_ED318 writes the zones only (@p layer_mask must include zones) as one
 * ED-318 FeatureCollection the ED-318 schema accepts: one Feature per zone, a GeometryCollection
 * with a `layer` per part for several volumes, a circle as a Point with `extent`, limits in
 * metres, the schedule as `limitedApplicability`. Importing it gives the same zones back.
 *
 * Thread: store-confined. Owns: *json is new (NUL-terminated; *len excludes the NUL); release
 * with sky_free(). Fails: *json NULL, no side effects.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_BAD_VALUE (a zone ED-318 cannot express, named),
 *         SKY_E_STORE, SKY_E_NOMEM.
 * Since: 0.2
 */
SKY_API sky_status sky_store_export_format(sky_store *st, sky_format format,
                                           unsigned layer_mask, char **json, size_t *len,
                                           sky_error *err);

typedef struct sky_export_opts { /* grows only by appending fields */
    size_t size;              /* set by sky_export_opts_init(), never by hand */
    sky_format format;        /* SKY_FORMAT_GEOJSON (default) or SKY_FORMAT_ED318 */
    unsigned layer_mask;      /* 0 (default): every layer, or the zones for ED-318 */
    int has_bbox;             /* nonzero: only features that meet bbox, as ogr2ogr -spat */
    double bbox[4];           /* west, south, east, north in degrees; west < east */
    const char *const *ids;   /* non-NULL: only features with these ids (profiles: names) */
    size_t nids;
} sky_export_opts;

/** Zero @p o, set size and the defaults above. Thread: any. Since: 0.2 */
SKY_API void sky_export_opts_init(sky_export_opts *o);

/**
 * Export as sky_store_export_format(), keeping only the features that meet a lon/lat box
 * (GEOS intersects; a zone whole when any volume meets it; profiles, without geometry, left
 * out) and/or that have one of the given ids. Every id must name a feature of the exported
 * layers (SKY_E_NOT_FOUND otherwise).
 *
 * Thread: store-confined. Owns: *json is new (NUL-terminated; *len excludes the NUL); release
 * with sky_free(). Fails: *json NULL, no side effects.
 * @return as sky_store_export_format(), and SKY_E_NOT_FOUND.
 * Since: 0.2
 */
SKY_API sky_status sky_store_export_with(sky_store *st, const sky_export_opts *opts,
                                         char **json, size_t *len, sky_error *err);

/* ------------------------------------------------------------------------------------------ */
/* The engine: a loaded airspace, immutable and shared                                         */

typedef struct sky_engine sky_engine; /* airspace data; immutable after open; shared */

/**
 * Open the airspace database at @p path read-only and load every layer into memory.
 *
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_IO, SKY_E_NOT_SPATIALITE, SKY_E_STORE,
 *         SKY_E_GEOS, SKY_E_NOMEM.
 * Thread: any; the engine is then read-only and usable from any number of threads.
 * Owns:   *out is new; release with sky_engine_free() after every user is done.
 * Fails:  *out NULL; no side effects.
 * Since:  0.1
 */
SKY_API sky_status sky_engine_open(const char *path, sky_engine **out, sky_error *err);

/** Free an engine. NULL is a no-op. Thread: no other user may remain. Owns: takes @p eng.
 * Fails: never. Since: 0.1 */
SKY_API void sky_engine_free(sky_engine *eng);

/** Features loaded in @p layer (rows; zones count once whatever their volumes).
 * Thread: any. Owns: nothing. Fails: 0 for NULL or a bad layer. Since: 0.1 */
SKY_API size_t sky_engine_count(const sky_engine *eng, sky_layer layer);

/** Vertices over every zone footprint loaded (circles count their polygon's vertices).
 * Thread: any. Owns: nothing. Fails: 0 for NULL. Since: 0.1 */
SKY_API size_t sky_engine_zone_vertices(const sky_engine *eng);

/**
 * The airspace's extent [west, south, east, north]: the box of everything loaded grown by
 * 50 km on every side (DOMAIN.md). Points outside it are refused with SKY_E_OUT_OF_EXTENT.
 * @return 1 and fills @p wsen, or 0 for an empty airspace.
 * Thread: any. Owns: nothing. Fails: 0. Since: 0.1
 */
SKY_API int sky_engine_extent(const sky_engine *eng, double wsen[4]);

/* ------------------------------------------------------------------------------------------ */
/* Aircraft profiles                                                                            */

typedef struct sky_profile_info {
    const char *name;          /* borrowed (see the function that filled it) */
    double speed_mps;          /* cruise speed */
    double climb_mps, descent_mps; /* vertical rates */
    double range_m;
    int builtin;               /* one of the two built-in, approximate profiles */
} sky_profile_info;

/** Profile @p i (0 .. sky_engine_count(eng, SKY_LAYER_PROFILES) - 1).
 * Thread: any. Owns: out->name borrowed until the engine is freed. Fails: SKY_E_INVALID_ARG.
 * Since: 0.1 */
SKY_API sky_status sky_engine_profile(const sky_engine *eng, size_t i, sky_profile_info *out);
/** The profile called @p name; SKY_E_NOT_FOUND when there is none.
 * Thread: any. Owns: out->name borrowed until the engine is freed. Fails: *out untouched.
 * Since: 0.1 */
SKY_API sky_status sky_engine_find_profile(const sky_engine *eng, const char *name,
                                           sky_profile_info *out, sky_error *err);
/** Leg duration (DOMAIN.md): max(length / speed, |height change| / climb or descent rate).
 * Thread: any. Owns: nothing. Fails: NaN for a NULL profile. Since: 0.1 */
SKY_API double sky_leg_duration(const sky_profile_info *p, double length_m, double dh_m);
/**
 * Add (or with @p replace, replace) a user profile in the store. Every figure must be
 * positive and finite; built-in profiles can be replaced only with @p replace.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_BAD_VALUE, SKY_E_DUPLICATE_ID, SKY_E_READONLY,
 *         SKY_E_STORE.
 * Thread: store-confined. Owns: copied. Fails: the database is unchanged. Since: 0.1
 */
SKY_API sky_status sky_store_add_profile(sky_store *st, const sky_profile_info *p, int replace,
                                         sky_error *err);

/* ------------------------------------------------------------------------------------------ */
/* Flight rules and the planner (a per-thread query context)                                  */

typedef struct sky_flight_rules { /* grows only by appending fields */
    size_t size;                  /* set by sky_flight_rules_init(), never by hand */
    double min_agl_m, max_agl_m;  /* the flight band above ground; default 30 and 120 */
    const char *const *permits;   /* zone ids lifting REQ_AUTHORISATION; borrowed for a call */
    size_t npermits;
    const char *const *accepts;   /* CONDITIONAL zone ids accepted; borrowed for a call */
    size_t naccepts;
    int accept_conditional;       /* nonzero: accept every CONDITIONAL zone */
} sky_flight_rules;

/** Zero @p r, set size and the defaults of DOMAIN.md. Thread: any. Since: 0.1 */
SKY_API void sky_flight_rules_init(sky_flight_rules *r);

typedef struct sky_planner sky_planner; /* per worker; one thread at a time */

/**
 * A planner: this worker's GEOS and PROJ contexts and caches over a shared engine.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_NOMEM, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined (one thread at a time); planners run in parallel freely.
 * Owns:   *out is new; release with sky_planner_free() before the engine.
 * Fails:  *out NULL. Since: 0.1
 */
SKY_API sky_status sky_planner_new(const sky_engine *eng, sky_planner **out, sky_error *err);
/** Free a planner. NULL is a no-op. Thread: planner-confined. Owns: takes @p p. Since: 0.1 */
SKY_API void sky_planner_free(sky_planner *p);

/** Ground elevation (m AMSL) at @p p by the terrain rule of DOMAIN.md.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_OUT_OF_EXTENT, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined. Owns: nothing. Fails: *ground_m NaN. Since: 0.1 */
SKY_API sky_status sky_ground_elevation(sky_planner *p, sky_lonlat pt, double *ground_m,
                                        sky_error *err);
/** EGM96 geoid undulation N at @p pt: ellipsoidal height = AMSL + N.
 * Thread: planner-confined. Owns: nothing. Fails: *n_m NaN. Since: 0.1 */
SKY_API sky_status sky_geoid_height(sky_planner *p, sky_lonlat pt, double *n_m,
                                    sky_error *err);

/* Why a zone does or does not block (append-only). */
typedef enum sky_verdict {
    SKY_VERDICT_BLOCKS = 0,
    SKY_VERDICT_PERMIT = 1,         /* REQ_AUTHORISATION lifted by a permit */
    SKY_VERDICT_ACCEPTED = 2,       /* CONDITIONAL lifted by acceptance */
    SKY_VERDICT_NO_RESTRICTION = 3, /* NO_RESTRICTION never blocks */
    SKY_VERDICT_INACTIVE = 4,       /* its schedule is off at that time */
    SKY_VERDICT_OUTSIDE_BAND = 5    /* its band does not meet the flight's altitudes */
} sky_verdict;

/** "blocks", "lifted by permit", ...; static text, never NULL. Since: 0.1 */
SKY_API const char *sky_verdict_str(sky_verdict v);

typedef struct sky_where_opts {  /* grows only by appending fields */
    size_t size;                 /* set by sky_where_opts_init(), never by hand */
    sky_flight_rules rules;
    int64_t at_unix;             /* the instant asked about, UTC seconds */
    int has_alt;                 /* 0: ask about the whole flight band */
    double alt_m;                /* with has_alt: the altitude asked about */
    int alt_amsl;                /* with has_alt: alt_m is AMSL (else AGL) */
} sky_where_opts;

/** Zero @p o, set size, the default rules and at_unix = 0. Since: 0.1 */
SKY_API void sky_where_opts_init(sky_where_opts *o);

typedef struct sky_where_zone {
    const char *zone_id, *name, *name_en, *reason, *schedule; /* NULL when absent */
    sky_restriction restriction;
    int volume;
    double lower_amsl_m, upper_amsl_m; /* the volume's band here; upper may be INFINITY */
    int active;                  /* its schedule is on at the instant */
    int meets_band;              /* its band meets the altitudes asked about */
    sky_verdict verdict;
} sky_where_zone;

typedef struct sky_where_result {
    sky_lonlat point;
    double ground_m;             /* AMSL */
    double geoid_m;              /* EGM96 N: ellipsoidal = AMSL + N */
    int64_t at_unix;
    double lo_amsl_m, hi_amsl_m; /* the altitudes asked about (the flight band by default) */
    int blocked;                 /* some zone here blocks */
    size_t nzones;
    const sky_where_zone *zones; /* every zone volume whose footprint contains the point */
} sky_where_result;

/**
 * What the rules say at one point: the ground, every zone volume whose footprint contains
 * it with its band in AMSL there, whether it is active at the instant, and whether it blocks
 * the altitudes asked about and why.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_OUT_OF_EXTENT, SKY_E_NOMEM, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined. Owns: *out is new; release with sky_where_free() (it does not
 * point into the planner or the engine). Fails: *out NULL. Since: 0.1
 */
SKY_API sky_status sky_where(sky_planner *p, sky_lonlat pt, const sky_where_opts *opts,
                             sky_where_result **out, sky_error *err);
/** Free a where result. NULL is a no-op. Since: 0.1 */
SKY_API void sky_where_free(sky_where_result *r);
/** The result as the JSON of `skylane where --json`.
 * Owns: *json is new; release with sky_free(). Since: 0.1 */
SKY_API sky_status sky_where_to_json(const sky_where_result *r, char **json, size_t *len,
                                     sky_error *err);

/* ------------------------------------------------------------------------------------------ */
/* Planning: the exact shortest route around blocking zones, with a certified margin          */

typedef struct sky_plan_request { /* grows only by appending fields */
    size_t size;                  /* set by sky_plan_request_init(), never by hand */
    const char *from_id, *to_id;  /* vertiport ids; when NULL, from / to are used */
    sky_lonlat from, to;          /* WGS 84 degrees */
    const sky_lonlat *via;        /* points visited in order; borrowed for the call */
    size_t nvia;
    double clearance_m;           /* horizontal margin kept from every blocking zone; 30 */
    double altitude_m;            /* cruise altitude above ground, inside the band; 60 */
    int64_t depart_unix;          /* UTC seconds; the caller sets it (the CLI: now) */
    const char *profile;          /* aircraft profile; NULL: delivery-multicopter */
    sky_flight_rules rules;       /* permits, acceptances, flight band */
    uint64_t max_expansions;      /* search bound; 0: none */
    const char *request_id;       /* copied into the route; may be NULL */
} sky_plan_request;

/** Zero @p r, set size and the defaults above. Thread: any. Since: 0.1 */
SKY_API void sky_plan_request_init(sky_plan_request *r);

typedef struct sky_waypoint {
    sky_lonlat pos;
    double dist_m;                /* geodesic distance along the route from the origin */
    double alt_amsl_m, alt_agl_m; /* the nominal cruise altitude at this point */
    double ell_h_m;               /* height above the WGS 84 ellipsoid (GeoJSON Z) */
    double eta_s;                 /* seconds after departure */
} sky_waypoint;

typedef struct sky_route sky_route; /* a result; owned by the caller; outlives its planner */

/**
 * Plan the shortest route for @p req: the Euclidean shortest path in the airspace's local
 * frame avoiding every zone that blocks the flight in 3D and in time (where its band meets
 * the flight band over the terrain; scheduled zones only when the route meets them while
 * active), each grown by the clearance so that every segment keeps at least the clearance
 * from every blocking zone; then a terrain-following vertical profile with ETAs.
 *
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_NOT_FOUND (unknown vertiport or profile),
 *         SKY_E_OUT_OF_EXTENT, SKY_E_START_BLOCKED, SKY_E_GOAL_BLOCKED (err->feature_id names
 *         the zone), SKY_E_NO_ALTITUDE (the band cannot pass over the terrain there),
 *         SKY_E_NO_ROUTE (the message names the zones enclosing the goal),
 *         SKY_E_BEYOND_RANGE, SKY_E_DEADLINE, SKY_E_NOMEM, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined; planners on one engine run in parallel freely.
 * Owns:   *out is new; release with sky_route_free(). It does not point into the planner.
 * Fails:  *out NULL; the planner stays usable.
 * Since:  0.1
 */
SKY_API sky_status sky_plan(sky_planner *p, const sky_plan_request *req, sky_route **out,
                            sky_error *err);
/** Free a route. NULL is a no-op. Thread: any. Owns: takes @p r. Since: 0.1 */
SKY_API void sky_route_free(sky_route *r);
/** The waypoints (origin first). Owns: borrowed until the route is freed. Since: 0.1 */
SKY_API const sky_waypoint *sky_route_waypoints(const sky_route *r, size_t *n);
/** Geodesic length (m) and duration (s, with the climb and the descent). Since: 0.1 */
SKY_API double sky_route_length(const sky_route *r);
SKY_API double sky_route_duration(const sky_route *r);
/** The ids of the blocking zones the route had to go around (within the clearance of the
 * straight line between the request's points). Owns: borrowed until the route is freed.
 * Since: 0.1 */
SKY_API const char *const *sky_route_zones_avoided(const sky_route *r, size_t *n);
/**
 * The route as RFC 7946 GeoJSON: a FeatureCollection whose first Feature is the LineString
 * (Z = ellipsoidal height) with the route's properties, followed by one Point per waypoint
 * (dist_m, alt_amsl_m, alt_agl_m, eta_s, eta).
 * Owns: *json is new (NUL-terminated); release with sky_free(). Since: 0.1
 */
SKY_API sky_status sky_route_to_geojson(const sky_route *r, char **json, size_t *len,
                                        sky_error *err);
/** The route as the JSON object of `skylane plan --json` (length_m, duration_s,
 * zones_avoided, waypoints with lon, lat, alt_amsl_m, alt_agl_m, eta_s, dist_m).
 * Owns: *json is new; release with sky_free(). Since: 0.1 */
SKY_API sky_status sky_route_to_json(const sky_route *r, char **json, size_t *len,
                                     sky_error *err);
/**
 * One line of `skylane plan --batch`: a JSON object (id, from, to, optional via, depart,
 * profile, clearance, altitude, permit, accept, accept_conditional; from/to/via as a vertiport
 * id or [lon, lat]) in, one JSON object out (id, status "ok" or the error code's name, and
 * the plan fields or an error message). Always returns a line unless memory runs out.
 * Thread: planner-confined. Owns: *out_json is new; release with sky_free(). Since: 0.1
 */
SKY_API sky_status sky_plan_json(sky_planner *p, const char *request_json, int64_t now_unix,
                                 char **out_json, size_t *len);
typedef struct sky_tour_request { /* grows only by appending fields */
    size_t size;                  /* set by sky_tour_request_init(), never by hand */
    const char *const *stops;     /* vertiport ids, visited in order; the first is the start */
    size_t nstops;                /* at least 2 */
    int loop;                     /* nonzero: return to the first stop at the end */
    int optimize_order;           /* nonzero: the shortest visiting order (first stop kept) */
    sky_plan_request leg;         /* options of every leg; its from/to/via are ignored */
} sky_tour_request;

/** Zero @p t, set size and the defaults (leg: sky_plan_request_init()). Since: 0.1 */
SKY_API void sky_tour_request_init(sky_tour_request *t);

/**
 * A sightseeing tour: every stop in order (or, with optimize_order, in the order of least
 * total duration: exact, by dynamic programming over the legs' durations, up to 12 stops),
 * each leg planned with sky_plan()'s rules and departing when the previous one lands, so
 * times accumulate along the tour. The route's waypoints run through every leg; its stops
 * (sky_route_stops) give the order flown.
 *
 * @return as sky_plan(), plus SKY_E_INVALID_ARG for fewer than 2 or (optimised) more than
 *         12 stops.
 * Thread: planner-confined. Owns: *out is new; release with sky_route_free().
 * Fails: *out NULL. Since: 0.1
 */
SKY_API sky_status sky_plan_tour(sky_planner *p, const sky_tour_request *t, sky_route **out,
                                 sky_error *err);
/** The stops of a tour in the order flown (NULL, *n = 0 for a plain route).
 * Owns: borrowed until the route is freed. Since: 0.1 */
SKY_API const char *const *sky_route_stops(const sky_route *r, size_t *n);

/** The name of a status code as in batch output ("SKY_E_NO_ROUTE"); static text. Since: 0.1 */
SKY_API const char *sky_status_name(sky_status code);

/* ------------------------------------------------------------------------------------------ */
/* Validation: routes and corridor sets, segment by segment in 3D and time                    */

/* The code of a finding (append-only). DOMAIN.md: the first five are errors, ENDPOINT and
 * GEOMETRY warnings; SEPARATION (two corridors too close at the same level) is an error. */
typedef enum sky_finding_code {
    SKY_FIND_ZONE_INCURSION = 0,   /* inside a zone that blocks there and then */
    SKY_FIND_CLEARANCE = 1,        /* closer than the margin to a zone that blocks */
    SKY_FIND_CEILING = 2,          /* above the flight band (max AGL) */
    SKY_FIND_TERRAIN_CLEARANCE = 3, /* below the flight band (min AGL) */
    SKY_FIND_RANGE = 4,            /* longer than the profile's range, or its endurance */
    SKY_FIND_ENDPOINT = 5,         /* an end not at a vertiport */
    SKY_FIND_GEOMETRY = 6,         /* repeated points, zero-length or self-overlapping legs */
    SKY_FIND_SEPARATION = 7        /* corridors: lateral and vertical minima both broken */
} sky_finding_code;

/** "ZONE_INCURSION", "CLEARANCE", ...; NULL out of range.
 * Thread: any. Owns: static. Fails: never. Since: 0.1 */
SKY_API const char *sky_finding_code_name(sky_finding_code c);

/* Heights given with route points. */
typedef enum sky_height_ref {
    SKY_HEIGHT_AGL = 0,        /* above the ground: the route follows the terrain */
    SKY_HEIGHT_AMSL = 1,       /* above mean sea level; straight lines between points */
    SKY_HEIGHT_ELLIPSOIDAL = 2 /* above the WGS 84 ellipsoid (GeoJSON Z); AMSL = h - N */
} sky_height_ref;

typedef struct sky_validate_opts { /* grows only by appending fields */
    size_t size;              /* set by sky_validate_opts_init(), never by hand */
    sky_flight_rules rules;   /* band, permits, acceptances */
    double clearance_m;       /* horizontal margin to blocking zones; 0 (default) = none */
    int has_depart;           /* 0: depart now */
    int64_t depart_unix;      /* with has_depart: departure, UTC seconds */
    const char *profile;      /* aircraft profile name; NULL = "delivery-multicopter" */
    int has_altitude;         /* nonzero: every point flies altitude_m AGL (overrides) */
    double altitude_m;
    double endpoint_snap_m;   /* an end this close to a vertiport is at it; default 1 */
    double lateral_m;         /* corridors: lateral minimum, edge to edge; default 50 */
    double vertical_m;        /* corridors: vertical minimum, band to band; default 30 */
} sky_validate_opts;

/** Zero @p o, set size and the defaults above. Thread: any. Since: 0.1 */
SKY_API void sky_validate_opts_init(sky_validate_opts *o);

typedef struct sky_finding {
    sky_finding_code code;
    sky_severity severity;      /* SKY_SEV_ERROR or SKY_SEV_WARNING */
    const char *subject_id;     /* the route or corridor; NULL when it has none */
    const char *zone_id, *zone_name; /* NULL unless the finding is about a zone */
    int has_zone;
    sky_restriction restriction; /* with has_zone */
    const char *reason;         /* the zone's reason; NULL when none */
    const char *other_id;       /* SEPARATION: the other corridor */
    const char *message;        /* English explanation; never NULL */
    long segment;               /* 0-based segment (leg); -1 for the whole route */
    double entry[3], exit[3];   /* [lon, lat, alt_amsl_m]; NaN when none */
    double length_inside_m;     /* geodesic length flown inside / beyond; NaN when none */
    double min_clearance_m;     /* CLEARANCE: distance; TERRAIN_CLEARANCE: lowest AGL;
                                   SEPARATION: lateral gap edge to edge; NaN when none */
    double band_amsl_m[2];      /* the zone's band (or the flight band) there; NaN when none,
                                   [1] INFINITY when unbounded */
    int has_window;
    int64_t window[2];          /* UTC seconds: when the aircraft is there */
} sky_finding;

typedef struct sky_check { /* the findings about one route (or one corridor set) */
    const char *id;           /* route id; NULL when it has none */
    long index;               /* the feature's index in its input; -1 if none */
    double length_m;          /* geodesic, horizontal; NaN for a corridor set */
    double duration_s;        /* from the profile; NaN for a corridor set */
    int64_t depart_unix;
    size_t nerrors, nwarnings;
    size_t nfindings;
    const sky_finding *findings; /* in segment order */
} sky_check;

typedef struct sky_validation {
    size_t nchecks;
    const sky_check *checks;
    size_t nerrors, nwarnings; /* over every check */
} sky_validation;

/**
 * Validate one route, every segment and not only its points, with the rules of DOMAIN.md:
 * incursions into zones that block at the route's altitude and time (bands converted with
 * the terrain, schedules over the time spent inside from the ETAs), the margin when
 * opts->clearance_m > 0, the flight band along each segment over the terrain (the vertical
 * take-off and landing at the ends exempt), range and endurance, ends at vertiports, and
 * repeated, zero-length or self-overlapping legs. Heights: opts->has_altitude wins, then
 * @p heights_m in @p ref; a route without either is refused (SKY_E_BAD_VALUE).
 *
 * @param pts        @p n >= 2 points; copied.
 * @param heights_m  NULL, or @p n heights in @p ref; copied.
 * @param opts       optional (NULL: sky_validate_opts_init()'s defaults).
 * @return SKY_OK (whatever the findings), SKY_E_INVALID_ARG, SKY_E_BAD_GEOMETRY (non-finite or
 *         out-of-range coordinates), SKY_E_BAD_VALUE, SKY_E_NOT_FOUND (profile),
 *         SKY_E_OUT_OF_EXTENT, SKY_E_NOMEM, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined. Owns: *out is new; release with sky_validation_free() (it does
 * not point into the planner or the engine). Fails: *out NULL; the planner stays usable.
 * Since: 0.1
 */
SKY_API sky_status sky_validate_route(sky_planner *p, const sky_lonlat *pts,
                                      const double *heights_m, size_t n, sky_height_ref ref,
                                      const sky_validate_opts *opts, sky_validation **out,
                                      sky_error *err);

/**
 * Validate the routes in a GeoJSON text: a LineString, a Feature, or a FeatureCollection of
 * LineString features (one check each, e.g. routes_sample.geojson). A FeatureCollection that
 * also holds Point features is a planner route: its first LineString is the route. Heights:
 * opts->has_altitude, else Z coordinates (ellipsoidal), else the `altitude_m` /
 * `altitude_ref` properties (default AGL). A Point where a route is expected, NaN or
 * out-of-range coordinates and a route without heights are errors naming the feature.
 * @param source  the name shown in errors (a file name); may be NULL.
 * @return as sky_validate_route(), and SKY_E_BAD_JSON.
 * Thread: planner-confined. Owns: *out is new; release with sky_validation_free().
 * Fails: *out NULL. Since: 0.1
 */
SKY_API sky_status sky_validate_geojson(sky_planner *p, const char *text, size_t len,
                                        const char *source, const sky_validate_opts *opts,
                                        sky_validation **out, sky_error *err);

/**
 * Validate the route stored in the engine's routes layer under @p route_id (its Z
 * coordinates, else its altitude_m / altitude_ref, unless opts->has_altitude).
 * @return as sky_validate_route(); SKY_E_NOT_FOUND for an unknown id.
 * Thread: planner-confined. Owns: *out is new; release with sky_validation_free().
 * Fails: *out NULL. Since: 0.1
 */
SKY_API sky_status sky_validate_stored_route(sky_planner *p, const char *route_id,
                                             const sky_validate_opts *opts,
                                             sky_validation **out, sky_error *err);

/** Free a validation. NULL is a no-op. Thread: any. Owns: takes @p v. Since: 0.1 */
SKY_API void sky_validation_free(sky_validation *v);

/**
 * The validation as JSON: {"errors", "warnings", "checks": [{"id", "length_m",
 * "duration_s", "depart", "errors", "warnings", "findings": [{"code", "severity",
 * "subject_id", "zone_id", "zone_name", "restriction", "reason", "message", "segment",
 * "entry", "exit", "length_inside_m", "min_clearance_m", "band_amsl_m", "window",
 * "other_id"}]}]}; absent values are null, times ISO 8601 UTC.
 * Thread: any. Owns: *json is new (NUL-terminated; *len excludes it); release with
 * sky_free(). Fails: *json NULL.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_NOMEM. Since: 0.1
 */
SKY_API sky_status sky_validation_to_json(const sky_validation *v, char **json, size_t *len,
                                          sky_error *err);

/**
 * The findings as an RFC 7946 FeatureCollection to lay over a map: one Feature per finding,
 * a LineString from entry to exit (a Point where they coincide, null geometry for findings
 * without a place), the finding's JSON fields as properties.
 * Thread: any. Owns: *json is new; release with sky_free(). Fails: *json NULL.
 * @return SKY_OK, SKY_E_INVALID_ARG, SKY_E_NOMEM. Since: 0.1
 */
SKY_API sky_status sky_validation_to_geojson(const sky_validation *v, char **json,
                                             size_t *len, sky_error *err);

/**
 * Check a corridor set: each corridor's volume (centreline +- width/2, its band) against
 * the zones that block it (over the week from the departure time) and the flight band over
 * the terrain; each pair for separation (opts->lateral_m edge to edge, opts->vertical_m band
 * to band; a pair breaking both is a SEPARATION error at the crossing or merge); ends not at
 * a vertiport (warnings). @p text is GeoJSON corridors in the native schema (data/luohu
 * README), or NULL to check the corridors stored in the engine.
 * @return SKY_OK (whatever the findings), SKY_E_INVALID_ARG, SKY_E_BAD_JSON,
 *         SKY_E_BAD_GEOMETRY, SKY_E_BAD_VALUE, SKY_E_NOMEM, SKY_E_GEOS, SKY_E_PROJ.
 * Thread: planner-confined. Owns: *out is new (one check); release with
 * sky_validation_free(). Fails: *out NULL. Since: 0.1
 */
SKY_API sky_status sky_check_corridors(sky_planner *p, const char *text, size_t len,
                                       const char *source, const sky_validate_opts *opts,
                                       sky_validation **out, sky_error *err);

/* ------------------------------------------------------------------------------------------ */
/* Time                                                                                         */

/** Parse ISO 8601 with an offset ("2026-06-15T09:00:00+08:00", "...Z") to UTC seconds.
 * @return SKY_OK or SKY_E_BAD_VALUE. Thread: any. Since: 0.1 */
SKY_API sky_status sky_parse_time(const char *text, int64_t *unix_s, sky_error *err);
/** Format UTC seconds as ISO 8601 with the given offset in minutes (0 gives "Z") into
 * @p buf (at least 32 bytes); returns @p buf. Thread: any. Since: 0.1 */
SKY_API char *sky_format_time(int64_t unix_s, int offset_min, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* SKYLANE_H */
