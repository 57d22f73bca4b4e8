/*
 * import.c - the public store API: open, import (parse every input, then write once in one
 * transaction), info and export. The all-or-nothing rule lives here: nothing touches the
 * database until every feature of every input has been read and checked.
 */
#include <json-c/json.h>
#include <string.h>

#include "routes/domain.h"

struct sky_store {
    sky_st *st;
    sky_geo *geo; /* the GEOS/PROJ contexts of this store's thread */
};

long sky_version_number(void)
{
    return SKY_VERSION_NUMBER;
}

const char *sky_version_string(void)
{
    return SKY_VERSION_STRING;
}

void sky_import_opts_init(sky_import_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->size = sizeof *opts;
    opts->layer = -1;
    opts->max_file_bytes = 256u * 1024u * 1024u;
}

sky_status sky_store_open(const char *path, unsigned flags, sky_store **out, sky_error *err)
{
    sky_store *s;
    sky_status rc;
    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out is NULL");
    *out = NULL;
    s = sky_calloc(1, sizeof *s);
    if (s == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    rc = sky_geo_new(&s->geo, err);
    if (rc == SKY_OK)
        rc = sky_st_open(path, flags, &s->st, err);
    if (rc != SKY_OK) {
        sky_store_close(s);
        return rc;
    }
    *out = s;
    return SKY_OK;
}

void sky_store_close(sky_store *st)
{
    if (st == NULL)
        return;
    sky_st_close(st->st);
    sky_geo_free(st->geo);
    sky_free(st);
}

static sky_status import_common(sky_store *st, const sky_source *sources,
                                const char *const *paths, size_t n,
                                const sky_import_opts *opts_in, sky_import_stats *stats,
                                sky_error *err)
{
    sky_import_opts opts;
    sky_parse_opts po;
    sky_airspace as;
    size_t repaired = 0, replaced = 0;
    sky_status rc = SKY_OK;

    if (stats)
        memset(stats, 0, sizeof *stats);
    if (st == NULL || (n > 0 && sources == NULL && paths == NULL))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "store or inputs are NULL");
    sky_import_opts_init(&opts);
    if (opts_in != NULL) {
        if (opts_in->size < sizeof opts.size || opts_in->size > sizeof opts)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "import options not set up with sky_import_opts_init()");
        memcpy(&opts, opts_in, opts_in->size);
    }
    if (opts.layer < -1 || opts.layer >= SKY_LAYER_COUNT)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "unknown layer %d", opts.layer);
    if (sky_st_readonly(st->st))
        return sky_fail(err, SKY_E_READONLY, NULL,
                        "the database is open read-only; import needs a writable --db");
    if (opts.format < SKY_FORMAT_AUTO || opts.format > SKY_FORMAT_SPATIALITE)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "unknown format %d", opts.format);
    for (size_t i = 0; i < opts.ncolumn_map; i++) {
        const char *m = opts.column_map ? opts.column_map[i] : NULL;
        const char *eq = m ? strchr(m, '=') : NULL;
        if (eq == NULL || eq == m || eq[1] == '\0')
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "column map entry \"%.60s\" is not field=COLUMN", m ? m : "(null)");
    }
    po.layer = opts.layer;
    po.repair = opts.repair;
    po.report = opts.report;
    po.user = opts.user;
    po.format = opts.format;
    po.strict = opts.strict;
    po.lang = opts.lang;
    sky_rt_airspace_init(&as);
    for (size_t i = 0; i < n && rc == SKY_OK; i++) {
        if (paths != NULL) {
            char *text;
            size_t len;
            if (paths[i] == NULL) {
                rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "input %zu is NULL", i);
                break;
            }
            if (opts.format == SKY_FORMAT_SPATIALITE ||
                (opts.format == SKY_FORMAT_AUTO && sky_st_is_sqlite_file(paths[i]))) {
                rc = sky_st_read_foreign(paths[i], st->geo, &as, &po, opts.column_map,
                                         opts.ncolumn_map, &repaired, err);
                if (rc == SKY_OK && opts.progress)
                    opts.progress(opts.user, "parsed", i + 1, n);
                continue;
            }
            rc = sky_read_file(paths[i], opts.max_file_bytes, &text, &len, err);
            if (rc != SKY_OK)
                break;
            rc = sky_rt_parse_geojson(st->geo, &as, paths[i], text, len, &po, &repaired, err);
            sky_free(text);
        } else {
            sky_ref ref = {sources[i].name, -1, NULL, NULL};
            if (opts.format == SKY_FORMAT_SPATIALITE) {
                rc = sky_fail(err, SKY_E_INVALID_ARG, &ref,
                              "a SpatiaLite database is read from a file, not from memory");
                break;
            }
            if (sources[i].data == NULL && sources[i].len > 0) {
                rc = sky_fail(err, SKY_E_INVALID_ARG, &ref, "no data");
                break;
            }
            if (sources[i].len > opts.max_file_bytes) {
                rc = sky_fail(err, SKY_E_TOO_LARGE, &ref,
                              "input is %zu bytes, over the %llu-byte limit", sources[i].len,
                              (unsigned long long)opts.max_file_bytes);
                break;
            }
            rc = sky_rt_parse_geojson(st->geo, &as, sources[i].name,
                                      sources[i].data ? sources[i].data : "", sources[i].len,
                                      &po, &repaired, err);
        }
        if (rc == SKY_OK && opts.progress)
            opts.progress(opts.user, "parsed", i + 1, n);
    }
    if (rc == SKY_OK)
        rc = sky_rt_airspace_finish(&as, err);
    if (rc == SKY_OK)
        rc = sky_st_write(st->st, st->geo, &as, opts.replace, &replaced, opts.progress,
                          opts.user, err);
    if (rc == SKY_OK && stats) {
        stats->features[SKY_LAYER_VERTIPORTS] = as.nvps;
        stats->features[SKY_LAYER_ZONES] = as.nzones;
        stats->features[SKY_LAYER_TERRAIN] = as.ncontours;
        stats->features[SKY_LAYER_ROUTES] = as.nroutes;
        stats->features[SKY_LAYER_CORRIDORS] = as.ncorridors;
        stats->features[SKY_LAYER_PROFILES] = as.nprofiles;
        stats->replaced = replaced;
        stats->repaired = repaired;
    }
    sky_rt_airspace_clear(&as);
    return rc;
}

sky_status sky_store_import(sky_store *st, const char *const *paths, size_t n,
                            const sky_import_opts *opts, sky_import_stats *stats,
                            sky_error *err)
{
    return import_common(st, NULL, paths, n, opts, stats, err);
}

sky_status sky_store_import_sources(sky_store *st, const sky_source *sources, size_t n,
                                    const sky_import_opts *opts, sky_import_stats *stats,
                                    sky_error *err)
{
    return import_common(st, sources, NULL, n, opts, stats, err);
}

sky_status sky_store_info(sky_store *st, sky_info *out, sky_error *err)
{
    if (st == NULL || out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "store or out is NULL");
    return sky_st_info(st->st, out, err);
}

sky_status sky_info_to_json(const sky_info *info, char **json, size_t *len, sky_error *err)
{
    sky_strbuf sb;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (info == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "info is NULL");
    sky_sb_init(&sb);
    sky_sb_printf(&sb, "{\"schema_version\":%d,\"extent\":", info->schema_version);
    if (info->has_extent) {
        for (int i = 0; i < 4; i++) {
            sky_sb_puts(&sb, i ? "," : "[");
            sky_sb_double(&sb, info->extent[i]);
        }
        sky_sb_puts(&sb, "]");
    } else {
        sky_sb_puts(&sb, "null");
    }
    sky_sb_puts(&sb, ",\"layers\":{");
    for (int i = 0; i < SKY_LAYER_COUNT; i++)
        sky_sb_printf(&sb, "%s\"%s\":{\"count\":%zu}", i ? "," : "",
                      sky_layer_name((sky_layer)i), info->count[i]);
    sky_sb_puts(&sb, "},\"zones_by_restriction\":{");
    for (int i = 0; i < SKY_RESTR_COUNT; i++)
        sky_sb_printf(&sb, "%s\"%s\":%zu", i ? "," : "",
                      sky_restriction_name((sky_restriction)i), info->zones_by_restriction[i]);
    sky_sb_printf(&sb, "},\"zone_volumes\":%zu}", info->zone_volumes);
    *json = sky_sb_take(&sb, len);
    return *json ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
}

void sky_export_opts_init(sky_export_opts *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->format = SKY_FORMAT_GEOJSON;
}

sky_status sky_store_export_with(sky_store *st, const sky_export_opts *opts, char **json,
                                 size_t *len, sky_error *err)
{
    sky_export_opts o;
    sky_airspace as;
    unsigned mask;
    sky_status rc;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (len)
        *len = 0;
    if (st == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "store is NULL");
    sky_export_opts_init(&o);
    if (opts != NULL) {
        if (opts->size != sizeof *opts)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "export options not set up with sky_export_opts_init()");
        o = *opts;
    }
    if (o.format != SKY_FORMAT_GEOJSON && o.format != SKY_FORMAT_ED318)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "export writes geojson or ed318, not %s",
                        sky_format_name(o.format) ? sky_format_name(o.format) : "that");
    mask = o.layer_mask;
    if (mask == 0)
        mask = o.format == SKY_FORMAT_ED318 ? SKY_LAYER_BIT(SKY_LAYER_ZONES) : SKY_LAYERS_ALL;
    if ((mask & ~SKY_LAYERS_ALL) != 0)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "bad layer mask 0x%x", mask);
    if (o.format == SKY_FORMAT_ED318) {
        if (!(mask & SKY_LAYER_BIT(SKY_LAYER_ZONES)))
            return sky_fail(err, SKY_E_INVALID_ARG, NULL, "ED-318 holds zones only: the "
                            "layers must include zones");
        mask = SKY_LAYER_BIT(SKY_LAYER_ZONES);
    }
    if (o.ids != NULL && o.nids == 0)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "ids given but nids is 0");
    for (size_t i = 0; o.ids != NULL && i < o.nids; i++)
        if (o.ids[i] == NULL)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL, "ids[%zu] is NULL", i);
    if (o.has_bbox &&
        !(o.bbox[0] >= -180 && o.bbox[0] < o.bbox[2] && o.bbox[2] <= 180 &&
          o.bbox[1] >= -90 && o.bbox[1] < o.bbox[3] && o.bbox[3] <= 90))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "the box must be west,south,east,north "
                        "in degrees with west < east and south < north");
    sky_rt_airspace_init(&as);
    rc = sky_st_load(st->st, st->geo, mask, &as, err);
    if (rc == SKY_OK && (o.has_bbox || o.ids != NULL))
        rc = sky_rt_airspace_filter(st->geo, &as, o.has_bbox ? o.bbox : NULL, o.ids, o.nids,
                                    err);
    if (rc == SKY_OK)
        rc = o.format == SKY_FORMAT_ED318 ? sky_rt_write_ed318(&as, json, len, err)
                                          : sky_rt_write_geojson(st->geo, &as, mask, json, len,
                                                                 err);
    sky_rt_airspace_clear(&as);
    return rc;
}

sky_status sky_store_export(sky_store *st, unsigned layer_mask, char **json, size_t *len,
                            sky_error *err)
{
    return sky_store_export_format(st, SKY_FORMAT_GEOJSON, layer_mask, json, len, err);
}

sky_status sky_store_export_format(sky_store *st, sky_format format, unsigned layer_mask,
                                   char **json, size_t *len, sky_error *err)
{
    sky_export_opts o;
    sky_export_opts_init(&o);
    o.format = format;
    o.layer_mask = layer_mask;
    if (json != NULL)
        *json = NULL;
    if (layer_mask == 0)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "bad layer mask 0x%x", layer_mask);
    return sky_store_export_with(st, &o, json, len, err);
}

sky_status sky_store_add_profile(sky_store *st, const sky_profile_info *p, int replace,
                                 sky_error *err)
{
    const double figures[4] = {p ? p->speed_mps : 0, p ? p->climb_mps : 0,
                               p ? p->descent_mps : 0, p ? p->range_m : 0};
    static const char *const names[4] = {"speed_mps", "climb_mps", "descent_mps", "range_m"};
    sky_airspace as;
    sky_profile *rec;
    sky_strbuf props;
    size_t replaced = 0;
    sky_status rc;

    if (st == NULL || p == NULL || p->name == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "store, profile or name is NULL");
    {
        sky_ref ref = {NULL, -1, p->name, "name"};
        size_t n = strlen(p->name);
        if (n == 0 || n >= 64)
            return sky_fail(err, SKY_E_BAD_VALUE, &ref, "a profile name has 1 to 63 bytes");
        for (int i = 0; i < 4; i++) {
            const char *bad = sky_profile_figure_check(i, figures[i]);
            if (bad != NULL) {
                ref.field = names[i];
                return sky_fail(err, SKY_E_BAD_VALUE, &ref, "must be %s", bad);
            }
        }
    }
    sky_rt_airspace_init(&as);
    rec = sky_rt_add_profile(&as);
    sky_sb_init(&props);
    if (rec != NULL) {
        json_object *o = json_object_new_object();
        json_object_object_add(o, "name", json_object_new_string(p->name));
        for (int i = 0; i < 4; i++) {
            char buf[40];
            json_object_object_add(o, names[i], json_object_new_double_s(
                                                    figures[i],
                                                    sky_fmt_double(figures[i], buf, sizeof buf)));
        }
        sky_sb_puts(&props, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
        json_object_put(o);
        rec->name = sky_arena_strdup(&as.arena, p->name);
        rec->speed_mps = p->speed_mps;
        rec->climb_mps = p->climb_mps;
        rec->descent_mps = p->descent_mps;
        rec->range_m = p->range_m;
        rec->props = props.data ? sky_arena_strdup(&as.arena, props.data) : NULL;
        rec->at.index = -1;
    }
    if (rec == NULL || rec->name == NULL || rec->props == NULL)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    else
        rc = sky_st_write(st->st, st->geo, &as, replace, &replaced, NULL, NULL, err);
    sky_sb_clear(&props);
    sky_rt_airspace_clear(&as);
    return rc;
}
