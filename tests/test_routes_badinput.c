/*
 * test_routes_badinput.c - bad input is refused with the right code, names the source, the
 * feature (index and id) and the field, and leaves the database exactly as it was.
 *
 * The data-driven part runs every case of tests/cases/bad_input.json (inputs under
 * tests/cases/bad/ for texts that cannot be a JSON string) against a copy of a small base
 * database; the explicit tests cover files, databases, read-only stores, --replace and
 * --repair. Every expected value is written by hand from the input, never computed by the
 * code under test.
 */
#include <errno.h>
#include <json-c/json.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "sky_test.h"

/* ------------------------------------------------------------------------------------------ */
/* The base database: 2 vertiports, 3 zones with 4 volumes (B-Z-2 has two), 2 built-in profiles */

static const char base_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-VP-1\",\"name_en\":\"Base hub\","
    "\"kind\":\"hub\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.10,22.54]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-VP-2\",\"kind\":\"delivery_pad\","
    "\"ground_elevation_m\":12},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.12,22.545]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-1\",\"restriction\":\"PROHIBITED\","
    "\"lower_m\":0,\"upper_m\":120,\"vertical_reference\":\"AGL\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[114.10,22.55],[114.11,22.55],[114.11,22.56],[114.10,22.56],"
    "[114.10,22.55]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-2\",\"volume\":0,\"restriction\":"
    "\"REQ_AUTHORISATION\",\"lower_m\":0,\"upper_m\":60,\"vertical_reference\":\"AGL\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.12,22.55],[114.13,22.55],"
    "[114.13,22.56],[114.12,22.56],[114.12,22.55]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-2\",\"volume\":1,\"restriction\":"
    "\"REQ_AUTHORISATION\",\"lower_m\":60,\"upper_m\":300,\"vertical_reference\":\"AMSL\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.12,22.55],[114.135,22.55],"
    "[114.135,22.565],[114.12,22.565],[114.12,22.55]]]}},"
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-3\",\"restriction\":\"CONDITIONAL\","
    "\"lower_m\":0,\"upper_m\":150,\"vertical_reference\":\"AGL\",\"radius_m\":250},"
    "\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.13,22.58]}}]}";

/* A valid zone, used where an import is expected to be refused as a whole. */
static const char ok_zone_geojson[] =
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"id\":\"T-Z-OK\",\"restriction\":\"CONDITIONAL\","
    "\"lower_m\":0,\"upper_m\":120,\"vertical_reference\":\"AGL\"},\"geometry\":{\"type\":"
    "\"Polygon\",\"coordinates\":[[[114.14,22.55],[114.15,22.55],[114.15,22.56],[114.14,22.56],"
    "[114.14,22.55]]]}}]}";

static char base_db[512];

static sky_source src_of(const char *name, const char *text)
{
    sky_source s;
    s.name = name;
    s.data = text;
    s.len = strlen(text);
    return s;
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        fail_msg("cannot write %s: %s", path, strerror(errno));
    if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
        fail_msg("cannot write %s", path);
}

static void copy_file(const char *from, const char *to)
{
    size_t len = 0;
    char *data = sky_test_slurp(from, &len);
    if (data == NULL)
        fail_msg("cannot read %s", from);
    write_file(to, data, len);
    free(data);
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* A fresh writable copy of the base database at a new scratch path. */
static const char *fresh_db(char *buf, size_t cap, const char *tag)
{
    sky_test_path(buf, cap, tag, "sqlite");
    copy_file(base_db, buf);
    return buf;
}

static void remove_db(const char *path)
{
    char j[600];
    unlink(path);
    snprintf(j, sizeof j, "%s-journal", path);
    unlink(j);
}

/* ------------------------------------------------------------------------------------------ */
/* Snapshots: the summary and the full export, compared before and after a refused import     */

typedef struct snapshot {
    sky_info info;
    char *json;
    size_t len;
} snapshot;

static void take_snapshot(sky_store *st, snapshot *s)
{
    sky_error err;
    sky_error_init(&err);
    assert_sky_ok(sky_store_info(st, &s->info, &err), &err);
    assert_sky_ok(sky_store_export(st, SKY_LAYERS_ALL, &s->json, &s->len, &err), &err);
    assert_non_null(s->json);
}

static void release_snapshot(snapshot *s)
{
    sky_free(s->json);
    s->json = NULL;
}

static void assert_same_snapshot(const char *what, const snapshot *a, const snapshot *b)
{
    for (int i = 0; i < SKY_LAYER_COUNT; i++)
        if (a->info.count[i] != b->info.count[i])
            fail_msg("%s: %s count changed from %zu to %zu", what,
                     sky_layer_name((sky_layer)i), a->info.count[i], b->info.count[i]);
    for (int i = 0; i < SKY_RESTR_COUNT; i++)
        if (a->info.zones_by_restriction[i] != b->info.zones_by_restriction[i])
            fail_msg("%s: %s zones changed from %zu to %zu", what,
                     sky_restriction_name((sky_restriction)i), a->info.zones_by_restriction[i],
                     b->info.zones_by_restriction[i]);
    if (a->info.zone_volumes != b->info.zone_volumes)
        fail_msg("%s: zone volumes changed from %zu to %zu", what, a->info.zone_volumes,
                 b->info.zone_volumes);
    if (a->info.has_extent != b->info.has_extent ||
        memcmp(a->info.extent, b->info.extent, sizeof a->info.extent) != 0)
        fail_msg("%s: the extent changed", what);
    if (a->len != b->len || memcmp(a->json, b->json, a->len) != 0)
        fail_msg("%s: the export changed (%zu bytes before, %zu after)", what, a->len, b->len);
}

/* The base counts, written by hand from base_geojson. */
static void assert_base_counts(const sky_info *info)
{
    assert_int_equal(info->schema_version, 1);
    assert_int_equal(info->count[SKY_LAYER_VERTIPORTS], 2);
    assert_int_equal(info->count[SKY_LAYER_ZONES], 3);
    assert_int_equal(info->zone_volumes, 4);
    assert_int_equal(info->count[SKY_LAYER_TERRAIN], 0);
    assert_int_equal(info->count[SKY_LAYER_ROUTES], 0);
    assert_int_equal(info->count[SKY_LAYER_CORRIDORS], 0);
    assert_int_equal(info->count[SKY_LAYER_PROFILES], 2);
    assert_int_equal(info->zones_by_restriction[SKY_RESTR_PROHIBITED], 1);
    assert_int_equal(info->zones_by_restriction[SKY_RESTR_REQ_AUTHORISATION], 1);
    assert_int_equal(info->zones_by_restriction[SKY_RESTR_CONDITIONAL], 1);
}

static int group_setup(void **state)
{
    sky_store *st = NULL;
    sky_error err;
    sky_source src = src_of("base.geojson", base_geojson);
    sky_info info;
    (void)state;
    sky_error_init(&err);
    sky_test_path(base_db, sizeof base_db, "badinput-base", "sqlite");
    if (sky_store_open(base_db, SKY_STORE_CREATE, &st, &err) != SKY_OK ||
        sky_store_import_sources(st, &src, 1, NULL, NULL, &err) != SKY_OK ||
        sky_store_info(st, &info, &err) != SKY_OK) {
        char line[1024];
        fprintf(stderr, "base database: %s\n", sky_error_format(&err, line, sizeof line));
        sky_store_close(st);
        return -1;
    }
    sky_store_close(st);
    if (info.count[SKY_LAYER_VERTIPORTS] != 2 || info.count[SKY_LAYER_ZONES] != 3 ||
        info.zone_volumes != 4) {
        fprintf(stderr, "base database: unexpected counts\n");
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    remove_db(base_db);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The data-driven runner                                                                      */

static const struct {
    const char *name;
    sky_status code;
} status_names[] = {
    {"SKY_OK", SKY_OK},
    {"SKY_E_INVALID_ARG", SKY_E_INVALID_ARG},
    {"SKY_E_BAD_JSON", SKY_E_BAD_JSON},
    {"SKY_E_BAD_GEOMETRY", SKY_E_BAD_GEOMETRY},
    {"SKY_E_BAD_VALUE", SKY_E_BAD_VALUE},
    {"SKY_E_IO", SKY_E_IO},
    {"SKY_E_TOO_LARGE", SKY_E_TOO_LARGE},
    {"SKY_E_DUPLICATE_ID", SKY_E_DUPLICATE_ID},
    {"SKY_E_NOT_SPATIALITE", SKY_E_NOT_SPATIALITE},
    {"SKY_E_READONLY", SKY_E_READONLY},
    {"SKY_E_NOT_FOUND", SKY_E_NOT_FOUND},
    {"SKY_E_SCHEMA", SKY_E_SCHEMA},
    {"SKY_E_NOMEM", SKY_E_NOMEM},
    {"SKY_E_STORE", SKY_E_STORE},
    {"SKY_E_PROJ", SKY_E_PROJ},
    {"SKY_E_GEOS", SKY_E_GEOS},
    {"SKY_E_INTERNAL", SKY_E_INTERNAL},
};

static sky_status status_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (strcmp(status_names[i].name, name) == 0)
            return status_names[i].code;
    fail_msg("unknown status name \"%s\" in bad_input.json", name);
    return SKY_E_INTERNAL; /* not reached */
}

static const char *status_name(sky_status code)
{
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (status_names[i].code == code)
            return status_names[i].name;
    return "?";
}

static const char *case_str(json_object *c, const char *key, const char *name)
{
    json_object *o;
    if (!json_object_object_get_ex(c, key, &o) || !json_object_is_type(o, json_type_string))
        fail_msg("case %s: \"%s\" must be a string", name, key);
    return json_object_get_string(o);
}

static const char *case_opt_str(json_object *c, const char *key)
{
    json_object *o;
    if (!json_object_object_get_ex(c, key, &o) || !json_object_is_type(o, json_type_string))
        return NULL;
    return json_object_get_string(o);
}

static int case_bool(json_object *c, const char *key)
{
    json_object *o;
    return json_object_object_get_ex(c, key, &o) && json_object_get_boolean(o);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* "geojson" / "file": a string, or an array of strings for several inputs in one call */
static size_t case_inputs(json_object *c, const char *key, const char **out, size_t cap)
{
    json_object *o;
    if (!json_object_object_get_ex(c, key, &o))
        return 0;
    if (json_object_is_type(o, json_type_string)) {
        out[0] = json_object_get_string(o);
        return 1;
    }
    if (json_object_is_type(o, json_type_array) && json_object_array_length(o) <= cap) {
        size_t n = json_object_array_length(o);
        for (size_t i = 0; i < n; i++)
            out[i] = json_object_get_string(json_object_array_get_idx(o, i));
        return n;
    }
    fail_msg("\"%s\" must be a string or an array of at most %zu strings", key, cap);
    return 0;
}

/* The case's store and database, released by case_teardown() even when a case fails. */
static sky_store *case_st;
static char case_db[512];

static int case_teardown(void **state)
{
    (void)state;
    sky_store_close(case_st);
    case_st = NULL;
    if (case_db[0])
        remove_db(case_db);
    case_db[0] = '\0';
    return 0;
}

static void run_case(void **state)
{
    json_object *c = *state;
    const char *name = case_str(c, "name", "?");
    const char *texts[4], *files[4], *layer = case_opt_str(c, "layer");
    const char *want_field = case_str(c, "field", name);
    const char *want_id = case_str(c, "feature_id", name);
    const char *want_msg = case_str(c, "message_contains", name);
    const char *want_source = case_opt_str(c, "source");
    sky_status want = status_by_name(case_str(c, "code", name)), got;
    json_object *o;
    long want_index;
    size_t ntexts = case_inputs(c, "geojson", texts, 4);
    size_t nfiles = case_inputs(c, "file", files, 4);
    char paths[4][512], srcnames[4][32];
    const char *pathv[4];
    sky_source srcs[4];
    sky_import_opts opts;
    sky_import_stats stats;
    sky_error err;
    snapshot before, after;

    if (!json_object_object_get_ex(c, "feature_index", &o) ||
        !json_object_is_type(o, json_type_int))
        fail_msg("case %s: \"feature_index\" must be an integer", name);
    want_index = (long)json_object_get_int64(o);
    if ((ntexts == 0) == (nfiles == 0))
        fail_msg("case %s: give exactly one of \"geojson\" and \"file\"", name);
    if (want_source == NULL) {
        if (ntexts + nfiles > 1)
            fail_msg("case %s: several inputs need an expected \"source\"", name);
        want_source = ntexts ? "in0.geojson" : files[0];
    }

    sky_import_opts_init(&opts);
    if (layer != NULL) {
        sky_layer l;
        if (sky_layer_parse(layer, &l) != SKY_OK)
            fail_msg("case %s: unknown layer \"%s\"", name, layer);
        opts.layer = (int)l;
    }
    opts.repair = case_bool(c, "repair");
    opts.replace = case_bool(c, "replace");

    fresh_db(case_db, sizeof case_db, "badinput-case");
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(case_db, 0, &case_st, &err), &err);
    take_snapshot(case_st, &before);
    assert_base_counts(&before.info);

    sky_error_init(&err);
    if (ntexts) {
        for (size_t i = 0; i < ntexts; i++) {
            snprintf(srcnames[i], sizeof srcnames[i], "in%zu.geojson", i);
            srcs[i] = src_of(srcnames[i], texts[i]);
        }
        got = sky_store_import_sources(case_st, srcs, ntexts, &opts, &stats, &err);
    } else {
        for (size_t i = 0; i < nfiles; i++) {
            snprintf(paths[i], sizeof paths[i], "%s/bad/%s", SKY_TEST_CASES, files[i]);
            pathv[i] = paths[i];
        }
        got = sky_store_import(case_st, pathv, nfiles, &opts, &stats, &err);
    }

    if (got != want) {
        char line[1024];
        fail_msg("case %s: got %s (%s), expected %s", name, status_name(got),
                 sky_error_format(&err, line, sizeof line), status_name(want));
    }
    if (err.code != want)
        fail_msg("case %s: err.code %d, expected %d", name, (int)err.code, (int)want);
    if (err.feature_index != want_index)
        fail_msg("case %s: feature_index %ld, expected %ld (%s)", name, err.feature_index,
                 want_index, err.message);
    if (strcmp(err.feature_id, want_id) != 0)
        fail_msg("case %s: feature_id \"%s\", expected \"%s\" (%s)", name, err.feature_id,
                 want_id, err.message);
    if (strcmp(err.field, want_field) != 0)
        fail_msg("case %s: field \"%s\", expected \"%s\" (%s)", name, err.field, want_field,
                 err.message);
    if (strstr(err.message, want_msg) == NULL)
        fail_msg("case %s: message \"%s\" lacks \"%s\"", name, err.message, want_msg);
    /* memory sources by their name, files by their path (compared by the last component) */
    if (strcmp(ntexts ? err.source : base_name(err.source), want_source) != 0)
        fail_msg("case %s: source \"%s\", expected \"%s\"", name, err.source, want_source);
    if (err.severity != SKY_SEV_ERROR)
        fail_msg("case %s: severity %d, expected SKY_SEV_ERROR", name, (int)err.severity);

    /* all or nothing: the valid features before the bad one were not written either, as
     * seen through the same connection and, after closing it, from the file */
    take_snapshot(case_st, &after);
    assert_same_snapshot(name, &before, &after);
    release_snapshot(&after);
    sky_store_close(case_st);
    case_st = NULL;
    assert_sky_ok(sky_store_open(case_db, SKY_STORE_READONLY, &case_st, &err), &err);
    take_snapshot(case_st, &after);
    assert_same_snapshot(name, &before, &after);
    release_snapshot(&before);
    release_snapshot(&after);
}

/* ------------------------------------------------------------------------------------------ */
/* Explicit tests                                                                              */

/* Mixed references are legal: lower AMSL above upper AGL, and lower AGL above upper AMSL. */
static void test_lower_above_upper_in_different_references_is_accepted(void **state)
{
    static const char text[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"T-MIX-1\",\"restriction\":\"PROHIBITED\","
        "\"lower_m\":200,\"lower_ref\":\"AMSL\",\"upper_m\":150,\"upper_ref\":\"AGL\"},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.16,22.55],[114.17,22.55],"
        "[114.17,22.56],[114.16,22.56],[114.16,22.55]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"T-MIX-2\",\"width_m\":80,"
        "\"lower_m\":100,\"lower_ref\":\"AGL\",\"upper_m\":50,\"upper_ref\":\"AMSL\","
        "\"direction\":\"two-way\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
        "[[114.10,22.57],[114.12,22.58]]}}]}";
    char db[512];
    sky_store *st = NULL;
    sky_error err;
    sky_source src = src_of("mixed.geojson", text);
    sky_import_stats stats;
    sky_info info;
    (void)state;
    fresh_db(db, sizeof db, "badinput-mixed");
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, 0, &st, &err), &err);
    assert_sky_ok(sky_store_import_sources(st, &src, 1, NULL, &stats, &err), &err);
    assert_int_equal(stats.features[SKY_LAYER_ZONES], 1);
    assert_int_equal(stats.features[SKY_LAYER_CORRIDORS], 1);
    assert_sky_ok(sky_store_info(st, &info, &err), &err);
    assert_int_equal(info.count[SKY_LAYER_ZONES], 4);
    assert_int_equal(info.zone_volumes, 5);
    assert_int_equal(info.count[SKY_LAYER_CORRIDORS], 1);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_PROHIBITED], 2);
    sky_store_close(st);
    remove_db(db);
}

/* Count the exported features whose properties.id is id; *restriction gets the last one's. */
static int count_exported(const char *json, const char *id, const char **restriction,
                          json_object **keep)
{
    json_object *root = json_tokener_parse(json), *features, *o;
    int n = 0;
    assert_non_null(root);
    assert_true(json_object_object_get_ex(root, "features", &features));
    for (size_t i = 0; i < json_object_array_length(features); i++) {
        json_object *f = json_object_array_get_idx(features, i), *props;
        if (!json_object_object_get_ex(f, "properties", &props) ||
            !json_object_object_get_ex(props, "id", &o) ||
            strcmp(json_object_get_string(o), id) != 0)
            continue;
        n++;
        if (restriction && json_object_object_get_ex(props, "restriction", &o))
            *restriction = json_object_get_string(o);
    }
    *keep = root; /* the strings above live as long as root */
    return n;
}

/* --replace replaces every volume of a multi-volume zone; without it the id is refused. */
static void test_replace_multi_volume_zone(void **state)
{
    static const char text[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"B-Z-2\",\"restriction\":\"PROHIBITED\","
        "\"lower_m\":0,\"upper_m\":90,\"vertical_reference\":\"AGL\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[114.12,22.55],[114.125,22.55],[114.125,22.555],"
        "[114.12,22.555],[114.12,22.55]]]}}]}";
    char db[512];
    sky_store *st = NULL;
    sky_error err;
    sky_source src = src_of("replace.geojson", text);
    sky_import_opts opts;
    sky_import_stats stats;
    sky_info info;
    snapshot before, after;
    char *json = NULL;
    size_t len = 0;
    const char *restr = NULL;
    json_object *root = NULL;
    (void)state;

    fresh_db(db, sizeof db, "badinput-replace");
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, 0, &st, &err), &err);
    take_snapshot(st, &before);

    /* without --replace */
    sky_import_opts_init(&opts);
    assert_int_equal(sky_store_import_sources(st, &src, 1, &opts, &stats, &err),
                     SKY_E_DUPLICATE_ID);
    assert_int_equal(err.feature_index, 0);
    assert_string_equal(err.feature_id, "B-Z-2");
    assert_string_equal(err.field, "id");
    assert_string_equal(err.source, "replace.geojson");
    take_snapshot(st, &after);
    assert_same_snapshot("without --replace", &before, &after);
    release_snapshot(&after);

    /* with --replace: both old volumes go, the one new volume comes */
    opts.replace = 1;
    sky_error_init(&err);
    assert_sky_ok(sky_store_import_sources(st, &src, 1, &opts, &stats, &err), &err);
    assert_int_equal(stats.replaced, 1);
    assert_int_equal(stats.features[SKY_LAYER_ZONES], 1);
    assert_sky_ok(sky_store_info(st, &info, &err), &err);
    assert_int_equal(info.count[SKY_LAYER_ZONES], 3);
    assert_int_equal(info.zone_volumes, 3);
    assert_int_equal(info.count[SKY_LAYER_VERTIPORTS], 2);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_PROHIBITED], 2);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_REQ_AUTHORISATION], 0);
    assert_int_equal(info.zones_by_restriction[SKY_RESTR_CONDITIONAL], 1);
    assert_sky_ok(sky_store_export(st, SKY_LAYER_BIT(SKY_LAYER_ZONES), &json, &len, &err),
                  &err);
    assert_int_equal(count_exported(json, "B-Z-2", &restr, &root), 1);
    assert_non_null(restr);
    assert_string_equal(restr, "PROHIBITED");
    json_object_put(root);
    assert_int_equal(count_exported(json, "B-Z-1", NULL, &root), 1);
    json_object_put(root);
    sky_free(json);
    release_snapshot(&before);
    sky_store_close(st);
    remove_db(db);
}

/* A missing file: SKY_E_IO naming it; the valid file before it is not written. */
static void test_missing_file(void **state)
{
    char db[512], good[512], missing[512];
    const char *paths[2];
    sky_store *st = NULL;
    sky_error err;
    snapshot before, after;
    (void)state;
    fresh_db(db, sizeof db, "badinput-io");
    sky_test_path(good, sizeof good, "badinput-good", "geojson");
    sky_test_path(missing, sizeof missing, "badinput-missing", "geojson");
    write_file(good, ok_zone_geojson, strlen(ok_zone_geojson));
    paths[0] = good;
    paths[1] = missing;
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, 0, &st, &err), &err);
    take_snapshot(st, &before);
    assert_int_equal(sky_store_import(st, paths, 2, NULL, NULL, &err), SKY_E_IO);
    assert_string_equal(err.source, missing);
    assert_int_equal(err.feature_index, -1);
    assert_non_null(strstr(err.message, strerror(ENOENT)));
    take_snapshot(st, &after);
    assert_same_snapshot("missing file", &before, &after);
    release_snapshot(&before);
    release_snapshot(&after);
    sky_store_close(st);
    remove_db(db);
    unlink(good);
}

/* The size limit is checked before parsing: an invalid file over it is TOO_LARGE, not BAD_JSON;
 * a file of exactly the limit passes the check (and then fails to parse). */
static void test_file_over_size_limit(void **state)
{
    char db[512], big[512];
    char text[100];
    const char *paths[1];
    sky_store *st = NULL;
    sky_error err;
    sky_import_opts opts;
    sky_source src;
    snapshot before, after;
    (void)state;
    memset(text, '{', sizeof text); /* 100 bytes, not JSON */
    fresh_db(db, sizeof db, "badinput-big");
    sky_test_path(big, sizeof big, "badinput-big", "geojson");
    write_file(big, text, sizeof text);
    paths[0] = big;
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, 0, &st, &err), &err);
    take_snapshot(st, &before);

    sky_import_opts_init(&opts);
    opts.max_file_bytes = 99;
    assert_int_equal(sky_store_import(st, paths, 1, &opts, NULL, &err), SKY_E_TOO_LARGE);
    assert_string_equal(err.source, big);
    assert_int_equal(err.feature_index, -1);

    opts.max_file_bytes = 100;
    assert_int_equal(sky_store_import(st, paths, 1, &opts, NULL, &err), SKY_E_BAD_JSON);
    assert_string_equal(err.source, big);

    /* a text in memory over the limit too */
    src.name = "mem.geojson";
    src.data = text;
    src.len = sizeof text;
    opts.max_file_bytes = 99;
    assert_int_equal(sky_store_import_sources(st, &src, 1, &opts, NULL, &err),
                     SKY_E_TOO_LARGE);
    assert_string_equal(err.source, "mem.geojson");

    take_snapshot(st, &after);
    assert_same_snapshot("too large", &before, &after);
    release_snapshot(&before);
    release_snapshot(&after);
    sky_store_close(st);
    remove_db(db);
    unlink(big);
}

static void assert_open_refused(const char *path, unsigned flags, sky_status want)
{
    sky_store *st = (sky_store *)1;
    sky_error err;
    sky_status got;
    sky_error_init(&err);
    got = sky_store_open(path, flags, &st, &err);
    if (got != want) {
        char line[1024];
        sky_store_close(got == SKY_OK ? st : NULL);
        fail_msg("sky_store_open(%s, flags %u) -> %s (%s), expected %s", path, flags,
                 status_name(got), sky_error_format(&err, line, sizeof line), status_name(want));
    }
    assert_null(st);
    assert_string_equal(err.source, path);
}

/* A text file is not a database: NOT_SPATIALITE, whatever the flags, and it is not touched. */
static void test_text_file_is_not_spatialite(void **state)
{
    static const char text[] = "this is a text file, not a SQLite database\n"
                               "it is long enough to hold a SQLite header and more than that\n";
    static const unsigned flags[] = {0, SKY_STORE_READONLY, SKY_STORE_CREATE};
    char path[512];
    char *after;
    size_t len = 0;
    (void)state;
    sky_test_path(path, sizeof path, "badinput-text", "sqlite");
    write_file(path, text, strlen(text));
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        assert_open_refused(path, flags[i], SKY_E_NOT_SPATIALITE);
        after = sky_test_slurp(path, &len);
        assert_non_null(after);
        assert_int_equal(len, strlen(text));
        assert_memory_equal(after, text, len);
        free(after);
    }
    unlink(path);
}

/* A plain SQLite database with a table but no SpatiaLite metadata: NOT_SPATIALITE, and the file
 * stays in place, byte for byte. */
static void test_plain_sqlite_is_not_spatialite(void **state)
{
    static const unsigned flags[] = {0, SKY_STORE_READONLY, SKY_STORE_CREATE};
    char path[512], journal[600];
    sqlite3 *db = NULL;
    char *before, *after;
    size_t blen = 0, alen = 0;
    (void)state;
    sky_test_path(path, sizeof path, "badinput-plain", "sqlite");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE birds (name TEXT PRIMARY KEY, wingspan_m REAL);"
                                      "INSERT INTO birds VALUES ('kite', 1.5), ('egret', 1.0);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    before = sky_test_slurp(path, &blen);
    assert_non_null(before);
    assert_true(blen > 0);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        assert_open_refused(path, flags[i], SKY_E_NOT_SPATIALITE);
        after = sky_test_slurp(path, &alen);
        if (after == NULL)
            fail_msg("flags %u: the database file was removed", flags[i]);
        assert_int_equal(alen, blen);
        assert_memory_equal(after, before, blen);
        free(after);
    }
    snprintf(journal, sizeof journal, "%s-journal", path);
    assert_false(exists(journal));
    free(before);
    unlink(path);
}

/* A store opened read-only refuses imports; nothing changes. */
static void test_import_into_readonly_store(void **state)
{
    char db[512];
    sky_store *st = NULL;
    sky_error err;
    sky_source src = src_of("ok.geojson", ok_zone_geojson);
    snapshot before, after;
    (void)state;
    fresh_db(db, sizeof db, "badinput-ro");
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, SKY_STORE_READONLY, &st, &err), &err);
    take_snapshot(st, &before);
    assert_int_equal(sky_store_import_sources(st, &src, 1, NULL, NULL, &err), SKY_E_READONLY);
    assert_int_equal(err.code, SKY_E_READONLY);
    take_snapshot(st, &after);
    assert_same_snapshot("read-only", &before, &after);
    release_snapshot(&before);
    release_snapshot(&after);
    sky_store_close(st);
    remove_db(db);
}

typedef struct reports {
    int n;
    sky_error r[8];
} reports;

static void collect_report(void *user, const sky_error *e)
{
    reports *rs = user;
    if (rs->n < 8)
        rs->r[rs->n] = *e;
    rs->n++;
}

static const sky_error *report_for(const reports *rs, const char *id, int *count)
{
    const sky_error *found = NULL;
    *count = 0;
    for (int i = 0; i < rs->n && i < 8; i++)
        if (strcmp(rs->r[i].feature_id, id) == 0) {
            found = &rs->r[i];
            (*count)++;
        }
    return found;
}

/* --repair turns the bow-tie and the unclosed ring into imports, each reported once. */
static void test_repair_bowtie_and_unclosed_ring(void **state)
{
    static const char text[] =
        "{\"type\":\"FeatureCollection\",\"features\":["
        /* bow-tie: the edges (114.16,22.55)-(114.17,22.56) and (114.17,22.55)-(114.16,22.56)
         * cross at (114.165, 22.555); GEOSMakeValid gives two triangles */
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"T-REP-1\",\"restriction\":\"PROHIBITED\","
        "\"lower_m\":0,\"upper_m\":120,\"vertical_reference\":\"AGL\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[114.16,22.55],[114.17,22.56],[114.17,22.55],"
        "[114.16,22.56],[114.16,22.55]]]}},"
        /* unclosed square */
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"T-REP-2\",\"restriction\":\"CONDITIONAL\","
        "\"lower_m\":0,\"upper_m\":120,\"vertical_reference\":\"AGL\"},\"geometry\":{\"type\":"
        "\"Polygon\",\"coordinates\":[[[114.18,22.55],[114.19,22.55],[114.19,22.56],"
        "[114.18,22.56]]]}}]}";
    char db[512];
    sky_store *st = NULL;
    sky_error err;
    sky_source src = src_of("repair.geojson", text);
    sky_import_opts opts;
    sky_import_stats stats;
    sky_info info;
    reports rs;
    const sky_error *r;
    int count;
    char *json = NULL;
    size_t len = 0;
    json_object *root, *features, *o, *geom = NULL;
    (void)state;

    memset(&rs, 0, sizeof rs);
    fresh_db(db, sizeof db, "badinput-repair");
    sky_error_init(&err);
    assert_sky_ok(sky_store_open(db, 0, &st, &err), &err);
    sky_import_opts_init(&opts);
    opts.repair = 1;
    opts.report = collect_report;
    opts.user = &rs;
    assert_sky_ok(sky_store_import_sources(st, &src, 1, &opts, &stats, &err), &err);
    assert_int_equal(stats.repaired, 2);
    assert_int_equal(stats.features[SKY_LAYER_ZONES], 2);
    assert_int_equal(rs.n, 2);

    r = report_for(&rs, "T-REP-1", &count);
    assert_int_equal(count, 1);
    assert_int_equal(r->severity, SKY_SEV_WARNING);
    assert_int_equal(r->feature_index, 0);
    assert_string_equal(r->source, "repair.geojson");
    assert_string_equal(r->field, "geometry");
    assert_non_null(strstr(r->message, "repaired"));

    r = report_for(&rs, "T-REP-2", &count);
    assert_int_equal(count, 1);
    assert_int_equal(r->severity, SKY_SEV_WARNING);
    assert_int_equal(r->feature_index, 1);
    assert_string_equal(r->source, "repair.geojson");
    assert_string_equal(r->field, "geometry.coordinates[0]");
    assert_non_null(strstr(r->message, "not closed"));

    assert_sky_ok(sky_store_info(st, &info, &err), &err);
    assert_int_equal(info.count[SKY_LAYER_ZONES], 5);
    assert_int_equal(info.zone_volumes, 6);

    /* the repaired bow-tie is stored as its two triangles */
    assert_sky_ok(sky_store_export(st, SKY_LAYER_BIT(SKY_LAYER_ZONES), &json, &len, &err), &err);
    root = json_tokener_parse(json);
    assert_non_null(root);
    assert_true(json_object_object_get_ex(root, "features", &features));
    for (size_t i = 0; i < json_object_array_length(features); i++) {
        json_object *f = json_object_array_get_idx(features, i), *props;
        if (json_object_object_get_ex(f, "properties", &props) &&
            json_object_object_get_ex(props, "id", &o) &&
            strcmp(json_object_get_string(o), "T-REP-1") == 0)
            json_object_object_get_ex(f, "geometry", &geom);
    }
    assert_non_null(geom);
    assert_true(json_object_object_get_ex(geom, "type", &o));
    assert_string_equal(json_object_get_string(o), "MultiPolygon");
    assert_true(json_object_object_get_ex(geom, "coordinates", &o));
    assert_int_equal(json_object_array_length(o), 2);
    for (size_t i = 0; i < 2; i++) /* a triangle: 4 positions, first = last */
        assert_int_equal(json_object_array_length(json_object_array_get_idx(
                             json_object_array_get_idx(o, i), 0)),
                         4);
    json_object_put(root);
    sky_free(json);
    sky_store_close(st);
    remove_db(db);
}

/* A failed open with SKY_STORE_CREATE on a new path leaves no file behind. */
static void test_failed_create_leaves_no_file(void **state)
{
    char path[512], journal[600], nodir[600];
    sky_store *st = (sky_store *)1;
    sky_error err;
    sky_status got;
    (void)state;

    /* SQLite creates the file, then cannot create its rollback journal (a directory is in the
     * way), so creating the schema fails */
    sky_test_path(path, sizeof path, "badinput-nocreate", "sqlite");
    snprintf(journal, sizeof journal, "%s-journal", path);
    rmdir(journal);
    assert_int_equal(mkdir(journal, 0755), 0);
    sky_error_init(&err);
    got = sky_store_open(path, SKY_STORE_CREATE, &st, &err);
    if (got == SKY_OK) {
        sky_store_close(st);
        rmdir(journal);
        unlink(path);
        fail_msg("sky_store_open succeeded although the journal cannot be created");
    }
    assert_null(st);
    rmdir(journal);
    if (exists(path)) {
        unlink(path);
        fail_msg("a failed create left %s behind (%s)", path, status_name(got));
    }

    /* a directory that does not exist */
    snprintf(nodir, sizeof nodir, "%s.d/db.sqlite", path);
    st = (sky_store *)1;
    got = sky_store_open(nodir, SKY_STORE_CREATE, &st, &err);
    assert_int_not_equal(got, SKY_OK);
    assert_null(st);
    assert_false(exists(nodir));
}

/* A database edited behind skylane's back (its triggers dropped first, as a careless tool
 * might): every value skylane would have refused on import is refused on load, naming the
 * database, the row's id and the column. */
static void damage_and_open(const char *tag, const char *sql, const char *id, const char *field,
                            const char *words)
{
    char path[512];
    sqlite3 *db;
    sky_engine *eng = NULL;
    sky_error err;
    sky_status got;
    fresh_db(path, sizeof path, tag);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    {
        sqlite3_stmt *st;
        char drops[8192] = "";
        size_t used = 0;
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = "
                                                "'trigger'", -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int n = snprintf(drops + used, sizeof drops - used, "DROP TRIGGER \"%s\";",
                             (const char *)sqlite3_column_text(st, 0));
            assert_true(n > 0 && (size_t)n < sizeof drops - used);
            used += (size_t)n;
        }
        sqlite3_finalize(st);
        assert_int_equal(sqlite3_exec(db, drops, NULL, NULL, NULL), SQLITE_OK);
    }
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_changes(db), 1);
    sqlite3_close(db);
    sky_error_init(&err);
    got = sky_engine_open(path, &eng, &err);
    if (got != SKY_E_SCHEMA)
        fail_msg("%s: %s, expected SKY_E_SCHEMA (%s)", tag, status_name(got), err.message);
    assert_null(eng);
    assert_string_equal(err.source, path);
    assert_string_equal(err.feature_id, id);
    assert_string_equal(err.field, field);
    if (strstr(err.message, words) == NULL)
        fail_msg("%s: message \"%s\" lacks \"%s\"", tag, err.message, words);
    remove_db(path);
}

static void test_damaged_database_values(void **state)
{
    (void)state;
    damage_and_open("damaged-restriction",
                    "UPDATE zones SET restriction = 'BOGUS' WHERE id = 'B-Z-1'", "B-Z-1",
                    "restriction", "BOGUS");
    damage_and_open("damaged-ref", "UPDATE zone_volumes SET lower_ref = 'XYZ' WHERE zone_id = "
                    "'B-Z-1'", "B-Z-1", "lower_ref", "XYZ");
    damage_and_open("damaged-kind", "UPDATE vertiports SET kind = 'rooftop' WHERE id = 'B-VP-1'",
                    "B-VP-1", "kind", "vertiport kind");
    damage_and_open("damaged-profile", "UPDATE profiles SET speed_mps = 0 WHERE name = "
                    "'delivery-multicopter'", "delivery-multicopter", "speed_mps",
                    "cruise speed");
    /* the readers' plausibility rules, applied again */
    damage_and_open("damaged-elevation", "UPDATE vertiports SET ground_elevation_m = -1e300 "
                    "WHERE id = 'B-VP-2'", "B-VP-2", "ground_elevation_m", "plausible");
    damage_and_open("damaged-upper", "UPDATE zone_volumes SET upper_m = 1e308 WHERE zone_id = "
                    "'B-Z-1'", "B-Z-1", "upper_m", "plausible");
    damage_and_open("damaged-order", "UPDATE zone_volumes SET lower_m = 500, upper_m = 100 "
                    "WHERE zone_id = 'B-Z-1'", "B-Z-1", "lower_m", "above the upper");
    damage_and_open("damaged-radius", "UPDATE zone_volumes SET radius_m = 1e7 WHERE radius_m "
                    "IS NOT NULL", "B-Z-3", "radius_m", "radius");
}

/* ------------------------------------------------------------------------------------------ */

int main(void)
{
    static const struct CMUnitTest explicit_tests[] = {
        cmocka_unit_test(test_lower_above_upper_in_different_references_is_accepted),
        cmocka_unit_test(test_replace_multi_volume_zone),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_file_over_size_limit),
        cmocka_unit_test(test_text_file_is_not_spatialite),
        cmocka_unit_test(test_plain_sqlite_is_not_spatialite),
        cmocka_unit_test(test_import_into_readonly_store),
        cmocka_unit_test(test_repair_bowtie_and_unclosed_ring),
        cmocka_unit_test(test_failed_create_leaves_no_file),
        cmocka_unit_test(test_damaged_database_values),
    };
    const size_t nexplicit = sizeof explicit_tests / sizeof explicit_tests[0];
    json_object *cases = json_object_from_file(SKY_TEST_CASES "/bad_input.json");
    struct CMUnitTest *tests;
    size_t ncases, n = 0;
    int rc;

    if (cases == NULL || !json_object_is_type(cases, json_type_array)) {
        fprintf(stderr, "cannot read %s: %s\n", SKY_TEST_CASES "/bad_input.json",
                json_util_get_last_err());
        return 1;
    }
    ncases = json_object_array_length(cases);
    tests = calloc(ncases + nexplicit, sizeof *tests);
    if (tests == NULL)
        return 1;
    for (size_t i = 0; i < ncases; i++) {
        json_object *c = json_object_array_get_idx(cases, i), *name;
        if (!json_object_object_get_ex(c, "name", &name)) {
            fprintf(stderr, "bad_input.json: case %zu has no name\n", i);
            return 1;
        }
        tests[n].name = json_object_get_string(name);
        tests[n].test_func = run_case;
        tests[n].teardown_func = case_teardown;
        tests[n].initial_state = c;
        n++;
    }
    for (size_t i = 0; i < nexplicit; i++)
        tests[n++] = explicit_tests[i];
    /* the array is built at run time, so the function behind cmocka_run_group_tests() */
    rc = _cmocka_run_group_tests("test_routes_badinput", tests, n, group_setup,
                                 group_teardown);
    free(tests);
    json_object_put(cases);
    return rc;
}
