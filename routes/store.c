/*
 * store.c - the SpatiaLite airspace database: schema, all-or-nothing writes, loading, info.
 * The only file that includes sqlite3.h and spatialite.h. Geometry is SRID 4326, crosses into
 * SQLite as WKB (GeomFromWKB / AsBinary) and has an R*Tree spatial index per table. The schema
 * is documented in README.md ("Store schema"); SKY_SCHEMA_VERSION changes with it.
 */
#define _POSIX_C_SOURCE 200809L /* strcasecmp */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "routes/domain.h"
#include "routes/read_int.h"
#include "routes/routes.h"

#define SKY_SCHEMA_VERSION 1

struct sky_st {
    sqlite3 *db;
    void *splite;   /* SpatiaLite connection cache */
    int readonly;
    int foreign;    /* a SpatiaLite database another tool wrote, opened read-only: its zones
                     * are read through the foreign reader, with the built-in profiles */
    char *path;
};

static pthread_once_t splite_once = PTHREAD_ONCE_INIT;

static void splite_init(void)
{
    spatialite_initialize();
}

static sky_status db_fail(sky_st *st, sky_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(st->db);
    sky_ref ref = {st->path, -1, NULL, NULL};
    sky_fail(err, SKY_E_STORE, &ref, "%s: %s", what, sqlite3_errmsg(st->db));
    if (err)
        err->upstream = code;
    return SKY_E_STORE;
}

static int exec(sky_st *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

int sky_st_readonly(const sky_st *st)
{
    return st->readonly;
}

void sky_st_close(sky_st *st)
{
    if (st == NULL)
        return;
    if (st->db)
        sqlite3_close(st->db);
    if (st->splite)
        spatialite_cleanup_ex(st->splite);
    sky_free(st->path);
    sky_free(st);
}

/* 1 when the named table exists */
static int has_table(sky_st *st, const char *name)
{
    sqlite3_stmt *s;
    int found = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') "
                           "AND name = ?", -1, &s, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return found;
}

static const char *const schema_sql[] = {
    "CREATE TABLE skylane_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
    "CREATE TABLE vertiports (id TEXT PRIMARY KEY NOT NULL, name TEXT, name_en TEXT, "
    "kind TEXT NOT NULL, ground_elevation_m REAL, properties TEXT NOT NULL)",
    "SELECT AddGeometryColumn('vertiports', 'geom', 4326, 'POINT', 'XY', 1)",
    "CREATE TABLE zones (id TEXT PRIMARY KEY NOT NULL, name TEXT, name_en TEXT, "
    "restriction TEXT NOT NULL, reason TEXT, schedule TEXT, original TEXT NOT NULL)",
    "CREATE TABLE zone_volumes (zone_id TEXT NOT NULL REFERENCES zones(id), "
    "volume INTEGER NOT NULL, lower_m REAL NOT NULL, lower_ref TEXT NOT NULL, upper_m REAL, "
    "upper_ref TEXT NOT NULL, circle_lon REAL, circle_lat REAL, radius_m REAL, "
    "multi INTEGER NOT NULL DEFAULT 0, properties TEXT NOT NULL, "
    "UNIQUE (zone_id, volume))",
    "SELECT AddGeometryColumn('zone_volumes', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1)",
    "CREATE TABLE terrain (id TEXT PRIMARY KEY NOT NULL, min_elevation_m REAL NOT NULL, "
    "multi INTEGER NOT NULL DEFAULT 0, properties TEXT NOT NULL)",
    "SELECT AddGeometryColumn('terrain', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1)",
    "CREATE TABLE routes (id TEXT PRIMARY KEY NOT NULL, name TEXT, name_en TEXT, kind TEXT, "
    "altitude_m REAL, altitude_ref TEXT, width_m REAL, from_id TEXT, to_id TEXT, z TEXT, "
    "properties TEXT NOT NULL)",
    "SELECT AddGeometryColumn('routes', 'geom', 4326, 'LINESTRING', 'XY', 1)",
    "CREATE TABLE corridors (id TEXT PRIMARY KEY NOT NULL, name TEXT, name_en TEXT, "
    "width_m REAL NOT NULL, lower_m REAL NOT NULL, lower_ref TEXT NOT NULL, upper_m REAL, "
    "upper_ref TEXT NOT NULL, direction TEXT NOT NULL, schedule TEXT, from_id TEXT, "
    "to_id TEXT, properties TEXT NOT NULL)",
    "SELECT AddGeometryColumn('corridors', 'geom', 4326, 'LINESTRING', 'XY', 1)",
    "CREATE TABLE profiles (name TEXT PRIMARY KEY NOT NULL, speed_mps REAL NOT NULL, "
    "climb_mps REAL NOT NULL, descent_mps REAL NOT NULL, range_m REAL NOT NULL, "
    "builtin INTEGER NOT NULL DEFAULT 0, properties TEXT NOT NULL)",
    "SELECT CreateSpatialIndex('vertiports', 'geom')",
    "SELECT CreateSpatialIndex('zone_volumes', 'geom')",
    "SELECT CreateSpatialIndex('terrain', 'geom')",
    "SELECT CreateSpatialIndex('routes', 'geom')",
    "SELECT CreateSpatialIndex('corridors', 'geom')",
    "INSERT INTO skylane_meta (key, value) VALUES ('application', 'skylane'), "
    "('schema_version', '1'), ('terrain_flank_slope', '0.35')",
};

static sky_status create_schema(sky_st *st, sky_error *err)
{
    const sky_profile *bp;
    size_t nbp = sky_rt_builtin_profiles(&bp);
    sqlite3_stmt *s = NULL;

    /* 'WGS84' loads only the WGS 84 family into spatial_ref_sys: fast, and 4326 is there.
     * SpatiaLite reports failure as a 0 result, not as an SQL error. */
    if (sqlite3_prepare_v2(st->db, "SELECT InitSpatialMetadata(1, 'WGS84')", -1, &s, NULL) !=
        SQLITE_OK)
        return db_fail(st, err, "creating the SpatiaLite metadata");
    if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_int(s, 0) != 1) {
        sky_ref ref = {st->path, -1, NULL, NULL};
        sqlite3_finalize(s);
        return sky_fail(err, SKY_E_STORE, &ref, "creating the SpatiaLite metadata failed");
    }
    sqlite3_finalize(s);
    s = NULL;
    if (exec(st, "BEGIN") != SQLITE_OK)
        return db_fail(st, err, "creating the schema");
    for (size_t i = 0; i < sizeof schema_sql / sizeof schema_sql[0]; i++) {
        sqlite3_stmt *q;
        int rc = sqlite3_prepare_v2(st->db, schema_sql[i], -1, &q, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_step(q);
            /* SpatiaLite's functions return 0 for failure rather than an SQL error */
            if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) == SQLITE_INTEGER &&
                sqlite3_column_int(q, 0) == 0)
                rc = SQLITE_ERROR;
            sqlite3_finalize(q);
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            sky_status r = db_fail(st, err, "creating the schema");
            exec(st, "ROLLBACK");
            return r;
        }
    }
    if (sqlite3_prepare_v2(st->db, "INSERT INTO profiles VALUES (?, ?, ?, ?, ?, 1, ?)", -1, &s,
                           NULL) != SQLITE_OK)
        goto fail;
    for (size_t i = 0; i < nbp; i++) {
        sqlite3_bind_text(s, 1, bp[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_double(s, 2, bp[i].speed_mps);
        sqlite3_bind_double(s, 3, bp[i].climb_mps);
        sqlite3_bind_double(s, 4, bp[i].descent_mps);
        sqlite3_bind_double(s, 5, bp[i].range_m);
        sqlite3_bind_text(s, 6, bp[i].props, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE)
            goto fail;
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    if (exec(st, "COMMIT") != SQLITE_OK)
        return db_fail(st, err, "creating the schema");
    return SKY_OK;
fail: {
    sky_status r = db_fail(st, err, "creating the schema");
    sqlite3_finalize(s);
    exec(st, "ROLLBACK");
    return r;
}
}

static sky_status check_schema(sky_st *st, sky_error *err)
{
    sky_ref ref = {st->path, -1, NULL, NULL};
    sqlite3_stmt *s;
    int version = 0;
    if (!has_table(st, "geometry_columns") || !has_table(st, "spatial_ref_sys"))
        return sky_fail(err, SKY_E_NOT_SPATIALITE, &ref,
                        "not a SpatiaLite database (no geometry_columns / spatial_ref_sys)");
    if (!has_table(st, "skylane_meta"))
        return sky_fail(err, SKY_E_SCHEMA, &ref,
                        "a SpatiaLite database without the skylane schema (no skylane_meta)");
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM skylane_meta WHERE key = "
                           "'schema_version'", -1, &s, NULL) != SQLITE_OK)
        return db_fail(st, err, "reading the schema version");
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
        version = (int)strtol((const char *)sqlite3_column_text(s, 0), NULL, 10);
    sqlite3_finalize(s);
    if (version < 1 || version > SKY_SCHEMA_VERSION)
        return sky_fail(err, SKY_E_SCHEMA, &ref,
                        "skylane schema version %d; this build reads version %d", version,
                        SKY_SCHEMA_VERSION);
    return SKY_OK;
}

sky_status sky_st_open(const char *path, unsigned flags, sky_st **out, sky_error *err)
{
    sky_ref ref = {path, -1, NULL, NULL};
    int readonly = (flags & SKY_STORE_READONLY) != 0, created = 0, oflags, rc;
    sky_st *st;
    sky_status r;

    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "no database file given");
    if (readonly && (flags & SKY_STORE_CREATE))
        return sky_fail(err, SKY_E_INVALID_ARG, &ref, "cannot create a read-only database");
    if (access(path, F_OK) != 0) {
        if (!(flags & SKY_STORE_CREATE))
            return sky_fail(err, SKY_E_IO, &ref, "cannot open database: %s", strerror(errno));
        created = 1;
    }
    if (!sqlite3_threadsafe())
        return sky_fail(err, SKY_E_STORE, &ref, "SQLite was built without thread support");
    pthread_once(&splite_once, splite_init);
    st = sky_calloc(1, sizeof *st);
    if (st == NULL || (st->path = sky_strdup(path)) == NULL) {
        sky_free(st);
        return sky_fail(err, SKY_E_NOMEM, &ref, "out of memory");
    }
    st->readonly = readonly;
    oflags = SQLITE_OPEN_NOMUTEX |
             (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        r = db_fail(st, err, "cannot open database");
        goto fail;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    st->splite = spatialite_alloc_connection();
    spatialite_init_ex(st->db, st->splite, 0);
    /* a file that is not SQLite at all fails here with SQLITE_NOTADB */
    {
        sqlite3_stmt *s;
        int n = -1;
        rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL);
        if (rc == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            n = sqlite3_column_int(s, 0);
        else
            rc = sqlite3_errcode(st->db);
        sqlite3_finalize(s);
        if (n < 0) {
            r = (rc & 0xff) == SQLITE_NOTADB
                    ? sky_fail(err, SKY_E_NOT_SPATIALITE, &ref, "not a SQLite database")
                    : db_fail(st, err, "cannot read database");
            goto fail;
        }
        if (n == 0 && !readonly && (flags & SKY_STORE_CREATE)) {
            r = create_schema(st, err);
            if (r != SKY_OK)
                goto fail;
        }
    }
    r = check_schema(st, err);
    if (r == SKY_E_SCHEMA && readonly && !has_table(st, "skylane_meta")) {
        /* DOMAIN.md: --db also opens a SpatiaLite database written by another tool,
         * read-only; its zone tables are mapped by the foreign reader */
        st->foreign = 1;
        r = SKY_OK;
    }
    if (r != SKY_OK) {
        created = 0; /* an existing file is never removed */
        goto fail;
    }
    *out = st;
    return SKY_OK;
fail:
    sky_st_close(st);
    if (created) {
        /* a file this call created is not left behind */
        char j[4096];
        unlink(path);
        snprintf(j, sizeof j, "%s-journal", path);
        unlink(j);
    }
    return r;
}

/* --- writing ----------------------------------------------------------------------------- */

typedef struct wr {
    sky_st *st;
    sky_geo *g;
    int replace;
    size_t *replaced;
    sky_error *err;
    size_t done, total;
    sky_progress_fn progress;
    void *user;
    sqlite3_stmt *exists[SKY_LAYER_COUNT]; /* prepared on first use; finalized by the writer */
    sqlite3_stmt *del[SKY_LAYER_COUNT];
    sqlite3_stmt *del_volumes;
} wr;

static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double d)
{
    if (isfinite(d))
        sqlite3_bind_double(s, i, d);
    else
        sqlite3_bind_null(s, i);
}

static sky_status rec_fail(wr *w, const sky_origin *at, const char *id, const char *what)
{
    sky_ref ref = {at->src, at->index, id, NULL};
    sky_status r = db_fail(w->st, w->err, what);
    if (w->err) {
        sky_strlcpy(w->err->source, at->src ? at->src : w->st->path, sizeof w->err->source);
        w->err->feature_index = ref.index;
        sky_strlcpy(w->err->feature_id, id, sizeof w->err->feature_id);
    }
    return r;
}

/* The tables that hold each layer and their key column. */
static const char *const layer_table[SKY_LAYER_COUNT] = {"vertiports", "zones", "terrain",
                                                         "routes", "corridors", "profiles"};
static const char *const layer_key[SKY_LAYER_COUNT] = {"id", "id", "id", "id", "id", "name"};

static int run_keyed(sqlite3_stmt *s, const char *id)
{
    int rc;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc;
}

/*
 * Before inserting feature id into a layer: refuse it when it exists, or with replace delete
 * the existing one (every volume of a zone) first. Statements are prepared once per layer.
 */
static sky_status make_room(wr *w, int layer, const char *id, const sky_origin *at)
{
    const char *table = layer_table[layer], *key = layer_key[layer];
    char sql[160];
    if (w->exists[layer] == NULL) {
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE %s = ?", table, key);
        if (sqlite3_prepare_v2(w->st->db, sql, -1, &w->exists[layer], NULL) != SQLITE_OK)
            return rec_fail(w, at, id, "checking ids");
    }
    if (run_keyed(w->exists[layer], id) != SQLITE_ROW)
        return SKY_OK;
    if (!w->replace) {
        sky_ref ref = {at->src, at->index, id, key};
        return sky_fail(w->err, SKY_E_DUPLICATE_ID, &ref,
                        "%s \"%s\" is already in the database (use --replace to replace it)",
                        layer == SKY_LAYER_PROFILES ? "profile" : "id", id);
    }
    if (layer == SKY_LAYER_ZONES) {
        if (w->del_volumes == NULL &&
            sqlite3_prepare_v2(w->st->db, "DELETE FROM zone_volumes WHERE zone_id = ?", -1,
                               &w->del_volumes, NULL) != SQLITE_OK)
            return rec_fail(w, at, id, "replacing");
        if (run_keyed(w->del_volumes, id) != SQLITE_DONE)
            return rec_fail(w, at, id, "replacing");
    }
    if (w->del[layer] == NULL) {
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE %s = ?", table, key);
        if (sqlite3_prepare_v2(w->st->db, sql, -1, &w->del[layer], NULL) != SQLITE_OK)
            return rec_fail(w, at, id, "replacing");
    }
    if (run_keyed(w->del[layer], id) != SQLITE_DONE)
        return rec_fail(w, at, id, "replacing");
    (*w->replaced)++;
    return SKY_OK;
}

static sky_status step_done(wr *w, sqlite3_stmt *s, const sky_origin *at, const char *id)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE)
        return rec_fail(w, at, id, "writing");
    w->done++;
    if (w->progress && (w->done % 500 == 0 || w->done == w->total))
        w->progress(w->user, "writing", w->done, w->total);
    return SKY_OK;
}

/* Bind WKB as a BLOB at i; the buffer is freed after the statement ran (caller). */
static sky_status bind_wkb(wr *w, sqlite3_stmt *s, int i, unsigned char *wkb, size_t n)
{
    (void)w;
    sqlite3_bind_blob(s, i, wkb, (int)n, SQLITE_TRANSIENT);
    sky_free(wkb);
    return SKY_OK;
}

static sky_status write_vertiports(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *s;
    sky_status rc = SKY_OK;
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO vertiports (id, name, name_en, kind, "
                           "ground_elevation_m, properties, geom) VALUES (?, ?, ?, ?, ?, ?, "
                           "GeomFromWKB(?, 4326))", -1, &s, NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    for (size_t i = 0; i < as->nvps && rc == SKY_OK; i++) {
        const sky_vertiport *v = &as->vps[i];
        unsigned char *wkb;
        size_t n;
        rc = make_room(w, SKY_LAYER_VERTIPORTS, v->id, &v->at);
        if (rc == SKY_OK)
            rc = sky_geo_point_to_wkb(w->g, v->pos, &wkb, &n, w->err);
        if (rc != SKY_OK)
            break;
        bind_text(s, 1, v->id);
        bind_text(s, 2, v->name);
        bind_text(s, 3, v->name_en);
        bind_text(s, 4, sky_rt_vp_kind_name(v->kind));
        bind_real(s, 5, v->ground_elevation_m);
        bind_text(s, 6, v->props);
        bind_wkb(w, s, 7, wkb, n);
        rc = step_done(w, s, &v->at, v->id);
    }
    sqlite3_finalize(s);
    return rc;
}

static sky_status write_zones(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *sz, *sv;
    sky_status rc = SKY_OK;
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO zones (id, name, name_en, restriction, "
                           "reason, schedule, original) VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &sz,
                           NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO zone_volumes (zone_id, volume, lower_m, "
                           "lower_ref, upper_m, upper_ref, circle_lon, circle_lat, radius_m, "
                           "multi, properties, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "GeomFromWKB(?, 4326))", -1, &sv, NULL) != SQLITE_OK) {
        sqlite3_finalize(sz);
        return db_fail(w->st, w->err, "preparing");
    }
    for (size_t i = 0; i < as->nzones && rc == SKY_OK; i++) {
        const sky_zone *z = &as->zones[i];
        rc = make_room(w, SKY_LAYER_ZONES, z->id, &z->vol[0].at);
        if (rc != SKY_OK)
            break;
        bind_text(sz, 1, z->id);
        bind_text(sz, 2, z->name);
        bind_text(sz, 3, z->name_en);
        bind_text(sz, 4, sky_restriction_name(z->restriction));
        bind_text(sz, 5, z->reason);
        bind_text(sz, 6, z->schedule);
        bind_text(sz, 7, z->original);
        rc = step_done(w, sz, &z->vol[0].at, z->id);
        for (size_t k = 0; k < z->nvol && rc == SKY_OK; k++) {
            const sky_volume *v = &z->vol[k];
            unsigned char *wkb;
            size_t n;
            rc = sky_geo_mpoly_to_wkb(w->g, &v->fp.area, &wkb, &n, w->err);
            if (rc != SKY_OK)
                break;
            bind_text(sv, 1, z->id);
            sqlite3_bind_int(sv, 2, v->index);
            bind_real(sv, 3, v->band.lower_m);
            bind_text(sv, 4, sky_rt_vref_name(v->band.lower_ref));
            bind_real(sv, 5, v->band.upper_m);
            bind_text(sv, 6, sky_rt_vref_name(v->band.upper_ref));
            if (v->fp.is_circle) {
                sqlite3_bind_double(sv, 7, v->fp.center.lon);
                sqlite3_bind_double(sv, 8, v->fp.center.lat);
                sqlite3_bind_double(sv, 9, v->fp.radius_m);
            }
            sqlite3_bind_int(sv, 10, v->fp.multi);
            bind_text(sv, 11, v->props);
            bind_wkb(w, sv, 12, wkb, n);
            rc = step_done(w, sv, &v->at, z->id);
            w->done--; /* volumes are not features */
        }
    }
    sqlite3_finalize(sz);
    sqlite3_finalize(sv);
    return rc;
}

static sky_status write_terrain(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *s;
    sky_status rc = SKY_OK;
    char slope[40];
    if (as->ncontours > 0) {
        sky_fmt_double(as->terrain_flank_slope, slope, sizeof slope);
        if (sqlite3_prepare_v2(w->st->db, "INSERT OR REPLACE INTO skylane_meta (key, value) "
                               "VALUES ('terrain_flank_slope', ?)", -1, &s, NULL) != SQLITE_OK)
            return db_fail(w->st, w->err, "preparing");
        sqlite3_bind_text(s, 1, slope, -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) {
            sqlite3_finalize(s);
            return db_fail(w->st, w->err, "writing the terrain slope");
        }
        sqlite3_finalize(s);
    }
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO terrain (id, min_elevation_m, multi, "
                           "properties, geom) VALUES (?, ?, ?, ?, GeomFromWKB(?, 4326))", -1,
                           &s, NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    for (size_t i = 0; i < as->ncontours && rc == SKY_OK; i++) {
        const sky_contour *c = &as->contours[i];
        unsigned char *wkb;
        size_t n;
        rc = make_room(w, SKY_LAYER_TERRAIN, c->id, &c->at);
        if (rc == SKY_OK)
            rc = sky_geo_mpoly_to_wkb(w->g, &c->fp.area, &wkb, &n, w->err);
        if (rc != SKY_OK)
            break;
        bind_text(s, 1, c->id);
        sqlite3_bind_double(s, 2, c->min_elevation_m);
        sqlite3_bind_int(s, 3, c->fp.multi);
        bind_text(s, 4, c->props);
        bind_wkb(w, s, 5, wkb, n);
        rc = step_done(w, s, &c->at, c->id);
    }
    sqlite3_finalize(s);
    return rc;
}

/* The third coordinates of a line as a JSON array text (new), or NULL when 2D. */
static char *z_text(const sky_line *l)
{
    sky_strbuf sb;
    if (l->z == NULL)
        return NULL;
    sky_sb_init(&sb);
    sky_sb_puts(&sb, "[");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            sky_sb_puts(&sb, ",");
        sky_sb_double(&sb, l->z[i]);
    }
    sky_sb_puts(&sb, "]");
    return sky_sb_take(&sb, NULL);
}

static sky_status write_routes(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *s;
    sky_status rc = SKY_OK;
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO routes (id, name, name_en, kind, "
                           "altitude_m, altitude_ref, width_m, from_id, to_id, z, properties, "
                           "geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "GeomFromWKB(?, 4326))", -1, &s, NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    for (size_t i = 0; i < as->nroutes && rc == SKY_OK; i++) {
        const sky_route_rec *r = &as->routes[i];
        unsigned char *wkb;
        size_t n;
        char *z;
        rc = make_room(w, SKY_LAYER_ROUTES, r->id, &r->at);
        if (rc == SKY_OK)
            rc = sky_geo_line_to_wkb(w->g, &r->line, &wkb, &n, w->err);
        if (rc != SKY_OK)
            break;
        z = z_text(&r->line);
        bind_text(s, 1, r->id);
        bind_text(s, 2, r->name);
        bind_text(s, 3, r->name_en);
        bind_text(s, 4, r->kind);
        bind_real(s, 5, r->altitude_m);
        bind_text(s, 6, sky_rt_vref_name(r->altitude_ref));
        bind_real(s, 7, r->width_m);
        bind_text(s, 8, r->from);
        bind_text(s, 9, r->to);
        bind_text(s, 10, z);
        bind_text(s, 11, r->props);
        bind_wkb(w, s, 12, wkb, n);
        rc = step_done(w, s, &r->at, r->id);
        sky_free(z);
    }
    sqlite3_finalize(s);
    return rc;
}

static sky_status write_corridors(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *s;
    sky_status rc = SKY_OK;
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO corridors (id, name, name_en, width_m, "
                           "lower_m, lower_ref, upper_m, upper_ref, direction, schedule, "
                           "from_id, to_id, properties, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?, ?, ?, ?, GeomFromWKB(?, 4326))", -1, &s, NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    for (size_t i = 0; i < as->ncorridors && rc == SKY_OK; i++) {
        const sky_corridor *c = &as->corridors[i];
        unsigned char *wkb;
        size_t n;
        rc = make_room(w, SKY_LAYER_CORRIDORS, c->id, &c->at);
        if (rc == SKY_OK)
            rc = sky_geo_line_to_wkb(w->g, &c->line, &wkb, &n, w->err);
        if (rc != SKY_OK)
            break;
        bind_text(s, 1, c->id);
        bind_text(s, 2, c->name);
        bind_text(s, 3, c->name_en);
        sqlite3_bind_double(s, 4, c->width_m);
        bind_real(s, 5, c->band.lower_m);
        bind_text(s, 6, sky_rt_vref_name(c->band.lower_ref));
        bind_real(s, 7, c->band.upper_m);
        bind_text(s, 8, sky_rt_vref_name(c->band.upper_ref));
        bind_text(s, 9, c->two_way ? "two-way" : "one-way");
        bind_text(s, 10, c->schedule);
        bind_text(s, 11, c->from);
        bind_text(s, 12, c->to);
        bind_text(s, 13, c->props);
        bind_wkb(w, s, 14, wkb, n);
        rc = step_done(w, s, &c->at, c->id);
    }
    sqlite3_finalize(s);
    return rc;
}

static sky_status write_profiles(wr *w, const sky_airspace *as)
{
    sqlite3_stmt *s;
    sky_status rc = SKY_OK;
    if (sqlite3_prepare_v2(w->st->db, "INSERT INTO profiles (name, speed_mps, climb_mps, "
                           "descent_mps, range_m, builtin, properties) VALUES (?, ?, ?, ?, ?, "
                           "0, ?)", -1, &s, NULL) != SQLITE_OK)
        return db_fail(w->st, w->err, "preparing");
    for (size_t i = 0; i < as->nprofiles && rc == SKY_OK; i++) {
        const sky_profile *p = &as->profiles[i];
        rc = make_room(w, SKY_LAYER_PROFILES, p->name, &p->at);
        if (rc != SKY_OK)
            break;
        bind_text(s, 1, p->name);
        sqlite3_bind_double(s, 2, p->speed_mps);
        sqlite3_bind_double(s, 3, p->climb_mps);
        sqlite3_bind_double(s, 4, p->descent_mps);
        sqlite3_bind_double(s, 5, p->range_m);
        bind_text(s, 6, p->props);
        rc = step_done(w, s, &p->at, p->name);
    }
    sqlite3_finalize(s);
    return rc;
}

sky_status sky_st_write(sky_st *st, sky_geo *g, const sky_airspace *as, int replace,
                        size_t *replaced, sky_progress_fn progress, void *user,
                        sky_error *err)
{
    wr w = {st, g, replace, replaced, err, 0, 0, progress, user, {NULL}, {NULL}, NULL};
    sky_status rc;
    if (st->readonly) {
        sky_ref ref = {st->path, -1, NULL, NULL};
        return sky_fail(err, SKY_E_READONLY, &ref, "database is opened read-only");
    }
    w.total = as->nvps + as->nzones + as->ncontours + as->nroutes + as->ncorridors +
              as->nprofiles;
    if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK)
        return db_fail(st, err, "starting the import transaction");
    rc = write_vertiports(&w, as);
    if (rc == SKY_OK)
        rc = write_zones(&w, as);
    if (rc == SKY_OK)
        rc = write_terrain(&w, as);
    if (rc == SKY_OK)
        rc = write_routes(&w, as);
    if (rc == SKY_OK)
        rc = write_corridors(&w, as);
    if (rc == SKY_OK)
        rc = write_profiles(&w, as);
    for (int i = 0; i < SKY_LAYER_COUNT; i++) {
        sqlite3_finalize(w.exists[i]);
        sqlite3_finalize(w.del[i]);
    }
    sqlite3_finalize(w.del_volumes);
    if (rc == SKY_OK && exec(st, "COMMIT") != SQLITE_OK)
        rc = db_fail(st, err, "committing the import");
    if (rc != SKY_OK)
        exec(st, "ROLLBACK");
    return rc;
}

/* --- loading ----------------------------------------------------------------------------- */

typedef struct ld {
    sky_st *st;
    sky_geo *g;
    sky_airspace *as;
    sky_error *err;
    int oom;        /* a text copy failed: the row is incomplete */
    char bad[200];  /* why a stored value is one skylane would never write, or "" */
    const char *bad_field; /* its column */
} ld;

/* Note the first value of the row that skylane's own checks would have refused: a database
 * edited behind its triggers. */
static void SKY_PRINTF(3, 4) mark_bad(ld *l, const char *field, const char *fmt, ...)
{
    va_list ap;
    if (l->bad[0])
        return;
    l->bad_field = field;
    va_start(ap, fmt);
    vsnprintf(l->bad, sizeof l->bad, fmt, ap);
    va_end(ap);
}

static const char *col_text(ld *l, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    const char *d = t ? sky_arena_strdup(&l->as->arena, (const char *)t) : NULL;
    if (t != NULL && d == NULL)
        l->oom = 1;
    return d;
}

/* The readers' plausibility rules (read_int.h), applied again to stored values. */
static void check_height(ld *l, const char *field, double v)
{
    if (!isnan(v) && !sky_rt_height_ok(v))
        mark_bad(l, field, "%g m is not a plausible height", v);
}

static void check_band(ld *l, const sky_band *b)
{
    switch (sky_rt_band_problem(b)) {
    case 1: mark_bad(l, "lower_m", "%g m is not a plausible height", b->lower_m); break;
    case 2: mark_bad(l, "upper_m", "%g m is not a plausible height", b->upper_m); break;
    case 3: mark_bad(l, "lower_m", "the lower limit is above the upper limit"); break;
    default: break;
    }
}

/* After a row: an incomplete copy is out of memory, a value marked bad is SKY_E_SCHEMA
 * naming the database, table and id (the statement is finalized then). */
static sky_status row_end(ld *l, sqlite3_stmt *s, const char *table, const char *id)
{
    sky_ref ref = {l->st->path, -1, id, l->bad_field};
    if (!l->oom && !l->bad[0])
        return SKY_OK;
    sqlite3_finalize(s);
    if (l->oom)
        return sky_fail(l->err, SKY_E_NOMEM, NULL, "out of memory loading");
    return sky_fail(l->err, SKY_E_SCHEMA, &ref, "table %s: %s (was the database edited "
                    "outside skylane?)", table, l->bad);
}

static double col_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(s, i);
}

static sky_vref col_vref(ld *l, sqlite3_stmt *s, int i, const char *field)
{
    sky_vref r = SKY_VREF_AGL;
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!sky_rt_vref_parse(t, &r))
        mark_bad(l, field, "unknown reference '%.20s'", t ? t : "NULL");
    return r;
}

static sky_status col_mpoly(ld *l, sqlite3_stmt *s, int i, sky_mpoly *m)
{
    const void *b = sqlite3_column_blob(s, i);
    int n = sqlite3_column_bytes(s, i);
    sky_status rc;
    if (b == NULL || n <= 0)
        return sky_fail(l->err, SKY_E_STORE, NULL, "a stored polygon is missing");
    rc = sky_geo_wkb_to_mpoly(l->g, &l->as->arena, b, (size_t)n, m, l->err);
    /* every way in is normalised to RFC 7946 orientation, whoever wrote the row */
    return rc == SKY_OK ? sky_geo_mpoly_orient(l->g, m, l->err) : rc;
}

static sky_status col_line(ld *l, sqlite3_stmt *s, int i, sky_line *line)
{
    const void *b = sqlite3_column_blob(s, i);
    int n = sqlite3_column_bytes(s, i);
    if (b == NULL || n <= 0)
        return sky_fail(l->err, SKY_E_STORE, NULL, "a stored line is missing");
    return sky_geo_wkb_to_line(l->g, &l->as->arena, b, (size_t)n, line, l->err);
}

/* Read the JSON array of heights of a line back (written by z_text). */
static void col_z(ld *l, sqlite3_stmt *s, int i, sky_line *line)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    char *end;
    if (t == NULL || *t != '[')
        return;
    line->z = sky_arena_alloc(&l->as->arena, line->n * sizeof *line->z);
    if (line->z == NULL)
        return;
    t++;
    for (size_t k = 0; k < line->n; k++) {
        line->z[k] = strtod(t, &end);
        t = end;
        while (*t == ',' || *t == ' ')
            t++;
    }
}

static sky_status prep(ld *l, const char *sql, sqlite3_stmt **s)
{
    if (sqlite3_prepare_v2(l->st->db, sql, -1, s, NULL) != SQLITE_OK)
        return db_fail(l->st, l->err, "reading");
    return SKY_OK;
}

static sky_status step_end(ld *l, sqlite3_stmt *s, int rc)
{
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return db_fail(l->st, l->err, "reading");
    return SKY_OK;
}

#define SKY_NOMEM_IF(p)                                                                        \
    do {                                                                                       \
        if ((p) == NULL) {                                                                     \
            sqlite3_finalize(s);                                                               \
            return sky_fail(l->err, SKY_E_NOMEM, NULL, "out of memory loading");               \
        }                                                                                      \
    } while (0)

static sky_status load_vertiports(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_status r = prep(l, "SELECT id, name, name_en, kind, ground_elevation_m, properties, "
                        "AsBinary(geom) FROM vertiports ORDER BY rowid", &s);
    if (r != SKY_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sky_vertiport *v = sky_rt_add_vertiport(l->as);
        SKY_NOMEM_IF(v);
        v->id = col_text(l, s, 0);
        v->name = col_text(l, s, 1);
        v->name_en = col_text(l, s, 2);
        if (!sky_rt_vp_kind_parse((const char *)sqlite3_column_text(s, 3), &v->kind))
            mark_bad(l, "kind", "unknown vertiport kind");
        v->ground_elevation_m = col_real(s, 4);
        check_height(l, "ground_elevation_m", v->ground_elevation_m);
        v->props = col_text(l, s, 5);
        v->at.index = -1;
        r = row_end(l, s, "vertiports", v->id);
        if (r != SKY_OK)
            return r;
        r = sky_geo_wkb_to_point(l->g, sqlite3_column_blob(s, 6),
                                 (size_t)sqlite3_column_bytes(s, 6), &v->pos, l->err);
        if (r != SKY_OK) {
            sqlite3_finalize(s);
            return r;
        }
    }
    return step_end(l, s, rc);
}

static sky_status load_zones(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_volume *tmp = NULL;
    size_t ntmp = 0, cap = 0;
    sky_zone *cur = NULL;
    sky_status r = prep(l, "SELECT z.id, z.name, z.name_en, z.restriction, z.reason, "
                        "z.schedule, z.original, v.volume, v.lower_m, v.lower_ref, v.upper_m, "
                        "v.upper_ref, v.circle_lon, v.circle_lat, v.radius_m, v.multi, "
                        "v.properties, AsBinary(v.geom) FROM zones z JOIN zone_volumes v ON "
                        "v.zone_id = z.id ORDER BY z.rowid, v.volume", &s);
    if (r != SKY_OK)
        return r;
    /* rows arrive grouped by zone; volumes gather in tmp and move to the arena per zone */
    for (;;) {
        const char *id;
        sky_volume *v;
        rc = sqlite3_step(s);
        id = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
        if (cur != NULL && (id == NULL || strcmp(id, cur->id) != 0)) {
            cur->vol = sky_arena_alloc(&l->as->arena, ntmp * sizeof *cur->vol);
            if (cur->vol == NULL)
                break;
            memcpy(cur->vol, tmp, ntmp * sizeof *cur->vol);
            cur->nvol = ntmp;
            ntmp = 0;
            cur = NULL;
        }
        if (rc != SQLITE_ROW)
            break;
        if (cur == NULL) {
            cur = sky_rt_add_zone(l->as);
            if (cur == NULL)
                break;
            cur->id = col_text(l, s, 0);
            cur->name = col_text(l, s, 1);
            cur->name_en = col_text(l, s, 2);
            if (!sky_rt_restriction_parse((const char *)sqlite3_column_text(s, 3),
                                          &cur->restriction))
                mark_bad(l, "restriction", "unknown restriction '%.20s'",
                         sqlite3_column_text(s, 3) ? (const char *)sqlite3_column_text(s, 3)
                                                   : "NULL");
            cur->reason = col_text(l, s, 4);
            cur->schedule = col_text(l, s, 5);
            cur->original = col_text(l, s, 6);
            r = row_end(l, s, "zones", cur->id);
            if (r != SKY_OK) {
                sky_free(tmp);
                return r;
            }
        }
        if (ntmp == cap) {
            size_t nc = cap ? cap * 2 : 8;
            sky_volume *nt = sky_realloc(tmp, nc * sizeof *nt);
            if (nt == NULL)
                break;
            tmp = nt;
            cap = nc;
        }
        v = &tmp[ntmp++];
        memset(v, 0, sizeof *v);
        v->at.index = -1;
        v->index = sqlite3_column_int(s, 7);
        v->band.lower_m = col_real(s, 8);
        v->band.lower_ref = col_vref(l, s, 9, "lower_ref");
        v->band.upper_m = col_real(s, 10);
        if (isnan(v->band.upper_m))
            v->band.upper_m = INFINITY;
        v->band.upper_ref = col_vref(l, s, 11, "upper_ref");
        check_band(l, &v->band);
        if (sqlite3_column_type(s, 14) != SQLITE_NULL) {
            v->fp.is_circle = 1;
            v->fp.center.lon = sqlite3_column_double(s, 12);
            v->fp.center.lat = sqlite3_column_double(s, 13);
            v->fp.radius_m = sqlite3_column_double(s, 14);
            if (!sky_rt_radius_ok(v->fp.radius_m))
                mark_bad(l, "radius_m", "%g m is not a usable radius", v->fp.radius_m);
        }
        v->fp.multi = sqlite3_column_int(s, 15);
        v->props = col_text(l, s, 16);
        r = row_end(l, s, "zone_volumes", cur->id);
        if (r != SKY_OK) {
            sky_free(tmp);
            return r;
        }
        r = col_mpoly(l, s, 17, &v->fp.area);
        if (r != SKY_OK) {
            sky_free(tmp);
            sqlite3_finalize(s);
            return r;
        }
    }
    sky_free(tmp);
    if (rc == SQLITE_ROW || (rc == SQLITE_DONE && cur != NULL)) {
        sqlite3_finalize(s);
        return sky_fail(l->err, SKY_E_NOMEM, NULL, "out of memory loading zones");
    }
    return step_end(l, s, rc);
}

static sky_status load_terrain(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_status r = prep(l, "SELECT value FROM skylane_meta WHERE key = 'terrain_flank_slope'",
                        &s);
    if (r != SKY_OK)
        return r;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
        l->as->terrain_flank_slope = strtod((const char *)sqlite3_column_text(s, 0), NULL);
    sqlite3_finalize(s);
    r = prep(l, "SELECT id, min_elevation_m, multi, properties, AsBinary(geom) FROM terrain "
             "ORDER BY rowid", &s);
    if (r != SKY_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sky_contour *c = sky_rt_add_contour(l->as);
        SKY_NOMEM_IF(c);
        c->id = col_text(l, s, 0);
        c->min_elevation_m = sqlite3_column_double(s, 1);
        check_height(l, "min_elevation_m", c->min_elevation_m);
        c->fp.multi = sqlite3_column_int(s, 2);
        c->props = col_text(l, s, 3);
        c->at.index = -1;
        r = row_end(l, s, "terrain", c->id);
        if (r != SKY_OK)
            return r;
        r = col_mpoly(l, s, 4, &c->fp.area);
        if (r != SKY_OK) {
            sqlite3_finalize(s);
            return r;
        }
    }
    return step_end(l, s, rc);
}

static sky_status load_routes(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_status r = prep(l, "SELECT id, name, name_en, kind, altitude_m, altitude_ref, width_m, "
                        "from_id, to_id, z, properties, AsBinary(geom) FROM routes ORDER BY "
                        "rowid", &s);
    if (r != SKY_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sky_route_rec *rt = sky_rt_add_route(l->as);
        SKY_NOMEM_IF(rt);
        rt->id = col_text(l, s, 0);
        rt->name = col_text(l, s, 1);
        rt->name_en = col_text(l, s, 2);
        rt->kind = col_text(l, s, 3);
        rt->altitude_m = col_real(s, 4);
        rt->altitude_ref = col_vref(l, s, 5, "altitude_ref");
        rt->width_m = col_real(s, 6);
        check_height(l, "altitude_m", rt->altitude_m);
        if (!isnan(rt->width_m) && !sky_rt_width_ok(rt->width_m))
            mark_bad(l, "width_m", "%g m is not a usable width", rt->width_m);
        rt->from = col_text(l, s, 7);
        rt->to = col_text(l, s, 8);
        rt->props = col_text(l, s, 10);
        rt->at.index = -1;
        r = row_end(l, s, "routes", rt->id);
        if (r != SKY_OK)
            return r;
        r = col_line(l, s, 11, &rt->line);
        if (r != SKY_OK) {
            sqlite3_finalize(s);
            return r;
        }
        col_z(l, s, 9, &rt->line);
    }
    return step_end(l, s, rc);
}

static sky_status load_corridors(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_status r = prep(l, "SELECT id, name, name_en, width_m, lower_m, lower_ref, upper_m, "
                        "upper_ref, direction, schedule, from_id, to_id, properties, "
                        "AsBinary(geom) FROM corridors ORDER BY rowid", &s);
    if (r != SKY_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sky_corridor *c = sky_rt_add_corridor(l->as);
        const char *dir = (const char *)sqlite3_column_text(s, 8);
        SKY_NOMEM_IF(c);
        c->id = col_text(l, s, 0);
        c->name = col_text(l, s, 1);
        c->name_en = col_text(l, s, 2);
        c->width_m = sqlite3_column_double(s, 3);
        c->band.lower_m = col_real(s, 4);
        c->band.lower_ref = col_vref(l, s, 5, "lower_ref");
        c->band.upper_m = col_real(s, 6);
        if (isnan(c->band.upper_m))
            c->band.upper_m = INFINITY;
        c->band.upper_ref = col_vref(l, s, 7, "upper_ref");
        check_band(l, &c->band);
        c->two_way = dir != NULL && strcmp(dir, "two-way") == 0;
        c->schedule = col_text(l, s, 9);
        c->from = col_text(l, s, 10);
        c->to = col_text(l, s, 11);
        c->props = col_text(l, s, 12);
        c->at.index = -1;
        if (!sky_rt_width_ok(c->width_m))
            mark_bad(l, "width_m", "%g m is not a usable width", c->width_m);
        r = row_end(l, s, "corridors", c->id);
        if (r != SKY_OK)
            return r;
        r = col_line(l, s, 13, &c->line);
        if (r != SKY_OK) {
            sqlite3_finalize(s);
            return r;
        }
    }
    return step_end(l, s, rc);
}

static sky_status load_profiles(ld *l)
{
    sqlite3_stmt *s;
    int rc;
    sky_status r = prep(l, "SELECT name, speed_mps, climb_mps, descent_mps, range_m, builtin, "
                        "properties FROM profiles ORDER BY rowid", &s);
    if (r != SKY_OK)
        return r;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        sky_profile *p = sky_rt_add_profile(l->as);
        SKY_NOMEM_IF(p);
        p->name = col_text(l, s, 0);
        p->speed_mps = sqlite3_column_double(s, 1);
        p->climb_mps = sqlite3_column_double(s, 2);
        p->descent_mps = sqlite3_column_double(s, 3);
        p->range_m = sqlite3_column_double(s, 4);
        p->builtin = sqlite3_column_int(s, 5);
        p->props = col_text(l, s, 6);
        p->at.index = -1;
        {
            static const char *const fields[4] = {"speed_mps", "climb_mps", "descent_mps",
                                                  "range_m"};
            const double v[4] = {p->speed_mps, p->climb_mps, p->descent_mps, p->range_m};
            for (int k = 0; k < 4; k++) {
                const char *why = sky_profile_figure_check(k, v[k]);
                if (why != NULL)
                    mark_bad(l, fields[k], "%s", why);
            }
        }
        r = row_end(l, s, "profiles", p->name);
        if (r != SKY_OK)
            return r;
    }
    return step_end(l, s, rc);
}

static sky_status load_foreign(sky_st *st, sky_geo *g, unsigned layer_mask, sky_airspace *as,
                               sky_error *err)
{
    sky_parse_opts po;
    size_t repaired = 0;
    sky_status rc = SKY_OK;
    memset(&po, 0, sizeof po);
    po.layer = SKY_LAYER_ZONES;
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_ZONES))
        rc = sky_st_read_foreign(st->path, g, as, &po, NULL, 0, &repaired, err);
    if (rc == SKY_OK)
        rc = sky_rt_airspace_finish(as, err);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_PROFILES))) {
        const sky_profile *bp;
        size_t n = sky_rt_builtin_profiles(&bp);
        for (size_t i = 0; i < n && rc == SKY_OK; i++) {
            sky_profile *p = sky_rt_add_profile(as);
            if (p == NULL)
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            else
                *p = bp[i];
        }
    }
    return rc;
}

sky_status sky_st_load(sky_st *st, sky_geo *g, unsigned layer_mask, sky_airspace *as,
                       sky_error *err)
{
    if (st->foreign)
        return load_foreign(st, g, layer_mask, as, err);
    {
    ld l = {st, g, as, err, 0, {0}, NULL};
    sky_status rc = SKY_OK;
    /* one read transaction: a consistent snapshot even while another process imports */
    if (exec(st, "BEGIN") != SQLITE_OK)
        return db_fail(st, err, "reading");
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_VERTIPORTS))
        rc = load_vertiports(&l);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_ZONES)))
        rc = load_zones(&l);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_TERRAIN)))
        rc = load_terrain(&l);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_ROUTES)))
        rc = load_routes(&l);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_CORRIDORS)))
        rc = load_corridors(&l);
    if (rc == SKY_OK && (layer_mask & SKY_LAYER_BIT(SKY_LAYER_PROFILES)))
        rc = load_profiles(&l);
    exec(st, "COMMIT");
    return rc;
    }
}

/* --- info -------------------------------------------------------------------------------- */

/* The summary of a foreign database, from its zones as the foreign reader maps them. */
static sky_status info_foreign(sky_st *st, sky_info *out, sky_error *err)
{
    sky_airspace as;
    sky_geo *g = NULL;
    sky_status rc = sky_geo_new(&g, err);
    memset(out, 0, sizeof *out);
    sky_rt_airspace_init(&as);
    if (rc == SKY_OK)
        rc = load_foreign(st, g, SKY_LAYERS_ALL, &as, err);
    if (rc == SKY_OK) {
        out->extent[0] = out->extent[1] = INFINITY;
        out->extent[2] = out->extent[3] = -INFINITY;
        out->count[SKY_LAYER_ZONES] = as.nzones;
        out->count[SKY_LAYER_PROFILES] = as.nprofiles;
        for (size_t i = 0; i < as.nzones; i++) {
            out->zones_by_restriction[as.zones[i].restriction]++;
            out->zone_volumes += as.zones[i].nvol;
            for (size_t k = 0; k < as.zones[i].nvol; k++) {
                sky_geo_mpoly_bbox(&as.zones[i].vol[k].fp.area, out->extent);
                out->has_extent = 1;
            }
        }
        if (!out->has_extent)
            out->extent[0] = out->extent[1] = out->extent[2] = out->extent[3] = 0;
    }
    sky_rt_airspace_clear(&as);
    sky_geo_free(g);
    return rc;
}

sky_status sky_st_info(sky_st *st, sky_info *out, sky_error *err)
{
    if (st->foreign)
        return info_foreign(st, out, err);
    static const char *const tables[SKY_LAYER_COUNT] = {"vertiports", "zones", "terrain",
                                                        "routes", "corridors", "profiles"};
    static const char *const geom_tables[] = {"vertiports", "zone_volumes", "terrain", "routes",
                                              "corridors"};
    sqlite3_stmt *s;
    char sql[256];
    memset(out, 0, sizeof *out);
    out->extent[0] = out->extent[1] = INFINITY;
    out->extent[2] = out->extent[3] = -INFINITY;
    if (exec(st, "BEGIN") != SQLITE_OK)
        return db_fail(st, err, "reading");
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM skylane_meta WHERE key = "
                           "'schema_version'", -1, &s, NULL) != SQLITE_OK)
        goto fail;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
        out->schema_version = (int)strtol((const char *)sqlite3_column_text(s, 0), NULL, 10);
    sqlite3_finalize(s);
    for (int i = 0; i < SKY_LAYER_COUNT; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
            goto fail;
        if (sqlite3_step(s) == SQLITE_ROW)
            out->count[i] = (size_t)sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM zone_volumes", -1, &s, NULL) !=
        SQLITE_OK)
        goto fail;
    if (sqlite3_step(s) == SQLITE_ROW)
        out->zone_volumes = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(st->db, "SELECT restriction, count(*) FROM zones GROUP BY "
                           "restriction", -1, &s, NULL) != SQLITE_OK)
        goto fail;
    while (sqlite3_step(s) == SQLITE_ROW) {
        sky_restriction r;
        if (sky_rt_restriction_parse((const char *)sqlite3_column_text(s, 0), &r))
            out->zones_by_restriction[r] += (size_t)sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    for (size_t i = 0; i < sizeof geom_tables / sizeof geom_tables[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT Min(MbrMinX(geom)), Min(MbrMinY(geom)), "
                 "Max(MbrMaxX(geom)), Max(MbrMaxY(geom)) FROM %s", geom_tables[i]);
        if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
            goto fail;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
            out->has_extent = 1;
            out->extent[0] = fmin(out->extent[0], sqlite3_column_double(s, 0));
            out->extent[1] = fmin(out->extent[1], sqlite3_column_double(s, 1));
            out->extent[2] = fmax(out->extent[2], sqlite3_column_double(s, 2));
            out->extent[3] = fmax(out->extent[3], sqlite3_column_double(s, 3));
        }
        sqlite3_finalize(s);
    }
    exec(st, "COMMIT");
    if (!out->has_extent)
        out->extent[0] = out->extent[1] = out->extent[2] = out->extent[3] = 0;
    return SKY_OK;
fail: {
    sky_status r = db_fail(st, err, "reading the summary");
    exec(st, "COMMIT");
    return r;
}
}

/* --- SpatiaLite databases other tools wrote (QGIS, ogr2ogr) ------------------------------- */

int sky_st_is_sqlite_file(const char *path)
{
    char hdr[16];
    FILE *f = path ? fopen(path, "rb") : NULL;
    size_t n;
    if (f == NULL)
        return 0;
    n = fread(hdr, 1, sizeof hdr, f);
    fclose(f);
    return n == sizeof hdr && memcmp(hdr, "SQLite format 3", 16) == 0;
}

/* The native zone fields a foreign column can feed; numeric ones take numeric text too. */
static const char *const fz_fields[] = {"id", "name", "name_en", "restriction", "reason",
                                        "schedule", "lower_m", "upper_m", "vertical_reference",
                                        "lower_ref", "upper_ref", "volume", "radius_m"};
#define FZ_NFIELDS (sizeof fz_fields / sizeof fz_fields[0])

static int fz_numeric(const char *field)
{
    return strcmp(field, "lower_m") == 0 || strcmp(field, "upper_m") == 0 ||
           strcmp(field, "volume") == 0 || strcmp(field, "radius_m") == 0;
}

typedef struct fz {
    sky_st st;              /* the foreign connection (readonly) */
    sky_rd r;
    sky_parse_opts po;      /* the caller's, with the layer forced to zones */
    const char *const *map;
    size_t nmap;
    int *map_used;
} fz;

/* The column that feeds field: the --map entry, else a column of the same name (any case). */
static const char *fz_column(fz *z, const char *field, char **cols, size_t ncols, size_t *mi)
{
    size_t fl = strlen(field);
    *mi = (size_t)-1;
    for (size_t i = 0; i < z->nmap; i++)
        if (strncmp(z->map[i], field, fl) == 0 && z->map[i][fl] == '=') {
            *mi = i;
            for (size_t c = 0; c < ncols; c++)
                if (strcasecmp(cols[c], z->map[i] + fl + 1) == 0)
                    return cols[c];
            return NULL;
        }
    for (size_t c = 0; c < ncols; c++)
        if (strcasecmp(cols[c], field) == 0)
            return cols[c];
    return NULL;
}

static uint32_t wkb_u32(const unsigned char *b, int le)
{
    return le ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
              : (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 | (uint32_t)b[0] << 24;
}

static json_object *fz_pos(sky_lonlat p)
{
    json_object *a = json_object_new_array_ext(2);
    json_object_array_add(a, sky_rt_json_number(p.lon));
    json_object_array_add(a, sky_rt_json_number(p.lat));
    return a;
}

/* A row's geometry (WKB from AsBinary) as a GeoJSON object in WGS 84, reprojected from srid. */
static sky_status fz_geometry(fz *z, const unsigned char *wkb, int n, int srid, json_object **out)
{
    sky_ref ref = {z->r.source, z->r.index, NULL, "geometry"};
    sky_arena tmp;
    sky_status rc;
    uint32_t type;
    *out = NULL;
    if (wkb == NULL || n < 5) {
        *out = NULL; /* a null geometry: the native reader says what is missing */
        return SKY_OK;
    }
    type = wkb_u32(wkb + 1, wkb[0] == 1) % 1000;
    sky_arena_init(&tmp);
    if (type == 1) {
        sky_lonlat p;
        rc = sky_geo_wkb_to_point(z->r.g, wkb, (size_t)n, &p, z->r.err);
        if (rc == SKY_OK)
            rc = sky_geo_reproject_to_wgs84(z->r.g, srid, &p, 1, &ref, z->r.err);
        if (rc == SKY_OK) {
            *out = json_object_new_object();
            json_object_object_add(*out, "type", json_object_new_string("Point"));
            json_object_object_add(*out, "coordinates", fz_pos(p));
        }
    } else if (type == 3 || type == 6) {
        sky_mpoly m;
        json_object *polys;
        rc = sky_geo_wkb_to_mpoly(z->r.g, &tmp, wkb, (size_t)n, &m, z->r.err);
        for (size_t i = 0; rc == SKY_OK && i < m.npolys; i++)
            for (size_t k = 0; rc == SKY_OK && k < m.polys[i].nrings; k++)
                rc = sky_geo_reproject_to_wgs84(z->r.g, srid, m.polys[i].rings[k].pts,
                                                m.polys[i].rings[k].n, &ref, z->r.err);
        if (rc == SKY_OK) {
            polys = json_object_new_array();
            for (size_t i = 0; i < m.npolys; i++) {
                json_object *rings = json_object_new_array();
                for (size_t k = 0; k < m.polys[i].nrings; k++) {
                    json_object *ring = json_object_new_array();
                    for (size_t j = 0; j < m.polys[i].rings[k].n; j++)
                        json_object_array_add(ring, fz_pos(m.polys[i].rings[k].pts[j]));
                    json_object_array_add(rings, ring);
                }
                json_object_array_add(polys, rings);
            }
            *out = json_object_new_object();
            json_object_object_add(*out, "type", json_object_new_string(
                                                     type == 3 ? "Polygon" : "MultiPolygon"));
            if (type == 3) {
                json_object_object_add(*out, "coordinates",
                                       json_object_get(json_object_array_get_idx(polys, 0)));
                json_object_put(polys);
            } else {
                json_object_object_add(*out, "coordinates", polys);
            }
        }
    } else {
        rc = sky_fail(z->r.err, SKY_E_BAD_GEOMETRY, &ref,
                      "a zone needs a Polygon, MultiPolygon or Point (with radius_m), found "
                      "WKB type %u", (unsigned)type);
    }
    sky_arena_clear(&tmp);
    return rc;
}

/* One foreign table: 0 rows and *used = 0 when it has no restriction column. */
static sky_status fz_table(fz *z, const char *path, const char *table, const char *gcol,
                           int srid, int *used)
{
    char **cols = NULL, *sql = NULL;
    const char *feed[FZ_NFIELDS]; /* the column feeding each native field, or NULL */
    size_t ncols = 0, cap = 0;
    sqlite3_stmt *s = NULL;
    sky_status rc = SKY_OK;
    sky_strbuf sb;
    char src[512];
    int step;

    *used = 0;
    sky_sb_init(&sb);
    sky_sb_printf(&sb, "PRAGMA table_info(\"%s\")", table);
    if (sb.oom || sqlite3_prepare_v2(z->st.db, sb.data, -1, &s, NULL) != SQLITE_OK) {
        sky_sb_clear(&sb);
        return db_fail(&z->st, z->r.err, "reading a table's columns");
    }
    while (sqlite3_step(s) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(s, 1);
        if (c == NULL || strcasecmp(c, gcol) == 0)
            continue;
        if (ncols == cap) {
            char **nc = sky_realloc(cols, (cap = cap ? cap * 2 : 16) * sizeof *cols);
            if (nc == NULL)
                break;
            cols = nc;
        }
        if ((cols[ncols] = sky_strdup(c)) == NULL)
            break;
        ncols++;
    }
    sqlite3_finalize(s);
    s = NULL;
    sky_sb_clear(&sb);
    for (size_t f = 0; f < FZ_NFIELDS; f++) {
        size_t mi;
        feed[f] = fz_column(z, fz_fields[f], cols, ncols, &mi);
        if (mi != (size_t)-1 && feed[f] != NULL)
            z->map_used[mi] = 1;
    }
    if (feed[3] == NULL) /* no restriction: not a zones table */
        goto done;
    *used = 1;
    /* every column (so other properties are kept), then the geometry as WKB */
    sky_sb_init(&sb);
    sky_sb_puts(&sb, "SELECT ");
    for (size_t c = 0; c < ncols; c++)
        sky_sb_printf(&sb, "\"%s\", ", cols[c]);
    sky_sb_printf(&sb, "AsBinary(\"%s\") FROM \"%s\" ORDER BY rowid", gcol, table);
    sql = sb.oom ? NULL : sky_strdup(sb.data);
    sky_sb_clear(&sb);
    if (sql == NULL) {
        rc = sky_fail(z->r.err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(z->st.db, sql, -1, &s, NULL) != SQLITE_OK) {
        rc = db_fail(&z->st, z->r.err, "reading a zones table");
        goto done;
    }
    snprintf(src, sizeof src, "%s:%s", path, table);
    z->r.source = sky_arena_strdup(&z->r.as->arena, src);
    if (z->r.source == NULL) {
        rc = sky_fail(z->r.err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (long row = 0; rc == SKY_OK && (step = sqlite3_step(s)) == SQLITE_ROW; row++) {
        json_object *feat = json_object_new_object(), *props = json_object_new_object(), *g;
        z->r.index = row;
        z->r.id = NULL;
        for (size_t c = 0; c < ncols; c++) {
            const char *key = cols[c];
            int numeric = 0, t = sqlite3_column_type(s, (int)c);
            json_object *val = NULL;
            for (size_t f = 0; f < FZ_NFIELDS; f++)
                if (feed[f] == cols[c]) {
                    key = fz_fields[f];
                    numeric = fz_numeric(key);
                }
            if (key == cols[c] && (strcasecmp(key, "ogc_fid") == 0 ||
                                   strcasecmp(key, "pk_uid") == 0))
                continue; /* the writer's row key, not a property */
            if (t == SQLITE_INTEGER) {
                val = json_object_new_int64(sqlite3_column_int64(s, (int)c));
            } else if (t == SQLITE_FLOAT) {
                val = sky_rt_json_number(sqlite3_column_double(s, (int)c));
            } else if (t == SQLITE_TEXT) {
                const char *txt = (const char *)sqlite3_column_text(s, (int)c);
                char *end;
                double d = numeric ? strtod(txt, &end) : 0;
                val = numeric && *txt && *end == '\0' ? sky_rt_json_number(d)
                                                      : json_object_new_string(txt);
            }
            if (val != NULL || t == SQLITE_FLOAT)
                json_object_object_add(props, key, val);
        }
        rc = fz_geometry(z, sqlite3_column_blob(s, (int)ncols),
                         sqlite3_column_bytes(s, (int)ncols), srid, &g);
        json_object_object_add(feat, "type", json_object_new_string("Feature"));
        json_object_object_add(feat, "properties", props);
        json_object_object_add(feat, "geometry", g);
        if (rc == SKY_OK)
            rc = sky_rd_feature(&z->r, feat);
        json_object_put(feat);
    }
    if (rc == SKY_OK && step != SQLITE_DONE)
        rc = db_fail(&z->st, z->r.err, "reading a zones table");
done:
    sqlite3_finalize(s);
    sky_free(sql);
    for (size_t c = 0; c < ncols; c++)
        sky_free(cols[c]);
    sky_free(cols);
    return rc;
}

sky_status sky_st_read_foreign(const char *path, sky_geo *g, sky_airspace *as,
                               const sky_parse_opts *opts, const char *const *map, size_t nmap,
                               size_t *repaired, sky_error *err)
{
    sky_ref ref = {path, -1, NULL, NULL};
    fz z;
    sqlite3_stmt *s = NULL;
    sky_status rc = SKY_OK;
    int tables = 0;

    memset(&z, 0, sizeof z);
    z.po = *opts;
    z.po.layer = SKY_LAYER_ZONES;
    z.po.format = SKY_FORMAT_GEOJSON;
    z.r.g = g;
    z.r.as = as;
    z.r.source = path;
    z.r.opts = &z.po;
    z.r.repaired = repaired;
    z.r.err = err;
    z.r.index = -1;
    z.map = map;
    z.nmap = nmap;
    z.st.path = (char *)(uintptr_t)path;
    z.st.readonly = 1;
    z.map_used = sky_calloc(nmap ? nmap : 1, sizeof *z.map_used);
    if (z.map_used == NULL)
        return sky_fail(err, SKY_E_NOMEM, &ref, "out of memory");
    pthread_once(&splite_once, splite_init);
    if (sqlite3_open_v2(path, &z.st.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = db_fail(&z.st, err, "cannot open database");
        goto done;
    }
    z.st.splite = spatialite_alloc_connection();
    spatialite_init_ex(z.st.db, z.st.splite, 0);
    if (!has_table(&z.st, "geometry_columns")) {
        rc = sky_fail(err, SKY_E_NOT_SPATIALITE, &ref,
                      "not a SpatiaLite database (no geometry_columns)");
        goto done;
    }
    if (has_table(&z.st, "skylane_meta")) {
        rc = sky_fail(err, SKY_E_SCHEMA, &ref, "a skylane database: open it with --db, or "
                      "export it to GeoJSON and import that");
        goto done;
    }
    if (sqlite3_prepare_v2(z.st.db, "SELECT f_table_name, f_geometry_column, srid FROM "
                           "geometry_columns ORDER BY f_table_name", -1, &s, NULL) != SQLITE_OK) {
        rc = db_fail(&z.st, err, "reading geometry_columns");
        goto done;
    }
    while (rc == SKY_OK && sqlite3_step(s) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);
        const char *gc = (const char *)sqlite3_column_text(s, 1);
        char *tc = t ? sky_strdup(t) : NULL, *gcc = gc ? sky_strdup(gc) : NULL;
        int used = 0;
        if (tc && gcc)
            rc = fz_table(&z, path, tc, gcc, sqlite3_column_int(s, 2), &used);
        tables += used;
        sky_free(tc);
        sky_free(gcc);
    }
    if (rc != SKY_OK)
        goto done;
    for (size_t i = 0; i < nmap; i++)
        if (!z.map_used[i]) {
            size_t f = 0;
            for (; f < FZ_NFIELDS; f++)
                if (strncmp(map[i], fz_fields[f], strlen(fz_fields[f])) == 0 &&
                    map[i][strlen(fz_fields[f])] == '=')
                    break;
            rc = sky_fail(err, SKY_E_INVALID_ARG, &ref,
                          f == FZ_NFIELDS ? "--map %s: no such zone field (expected id, name, "
                                            "name_en, restriction, reason, schedule, lower_m, "
                                            "upper_m, vertical_reference, lower_ref, upper_ref, "
                                            "volume or radius_m)"
                                          : "--map %s: no zones table has that column",
                          map[i]);
            goto done;
        }
    if (tables == 0)
        rc = sky_fail(err, SKY_E_BAD_VALUE, &ref,
                      "no zones table: no geometry table has a restriction column (name it "
                      "with --map restriction=COLUMN)");
done:
    sqlite3_finalize(s);
    if (z.st.db)
        sqlite3_close(z.st.db);
    if (z.st.splite)
        spatialite_cleanup_ex(z.st.splite);
    sky_free(z.map_used);
    return rc;
}
