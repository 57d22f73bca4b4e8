/*
 * geojson_write.c - native GeoJSON out: one RFC 7946 FeatureCollection (lon/lat, no `crs`,
 * rings oriented by the loader). Each record's stored properties are written back, with the
 * normalised fields filled in where a record has none, so import -> export -> import is exact.
 * Coordinates use the shortest decimal text that reads back as the same double.
 */
#include <json-c/json.h>
#include <string.h>

#include "routes/routes.h"

#define JSTR_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

json_object *sky_rt_json_number(double d)
{
    char buf[40];
    if (!isfinite(d))
        return NULL; /* JSON null */
    return json_object_new_double_s(d, sky_fmt_double(d, buf, sizeof buf));
}

/* Set key only when the stored properties lack it (records from other writers). */
static void put_default(json_object *o, const char *key, json_object *val)
{
    if (json_object_object_get_ex(o, key, NULL))
        json_object_put(val);
    else
        json_object_object_add(o, key, val);
}

static void put_str(json_object *o, const char *key, const char *s)
{
    if (s != NULL)
        put_default(o, key, json_object_new_string(s));
}

static json_object *props_obj(const char *props)
{
    json_object *o = props ? json_tokener_parse(props) : NULL;
    if (o != NULL && !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        o = NULL;
    }
    return o ? o : json_object_new_object();
}

static void put_band(json_object *o, const sky_band *b)
{
    put_default(o, "lower_m", sky_rt_json_number(b->lower_m));
    put_default(o, "upper_m", sky_rt_json_number(b->upper_m));
    if (b->lower_ref == b->upper_ref) {
        if (!json_object_object_get_ex(o, "lower_ref", NULL))
            put_str(o, "vertical_reference", sky_rt_vref_name(b->lower_ref));
    } else {
        put_str(o, "lower_ref", sky_rt_vref_name(b->lower_ref));
        put_str(o, "upper_ref", sky_rt_vref_name(b->upper_ref));
    }
}

static void pos(sky_strbuf *sb, sky_lonlat p, const double *z)
{
    sky_sb_puts(sb, "[");
    sky_sb_double(sb, p.lon);
    sky_sb_puts(sb, ",");
    sky_sb_double(sb, p.lat);
    if (z) {
        sky_sb_puts(sb, ",");
        sky_sb_double(sb, *z);
    }
    sky_sb_puts(sb, "]");
}

static void poly_coords(sky_strbuf *sb, const sky_poly *p)
{
    sky_sb_puts(sb, "[");
    for (size_t k = 0; k < p->nrings; k++) {
        sky_sb_puts(sb, k ? ",[" : "[");
        for (size_t j = 0; j < p->rings[k].n; j++) {
            if (j)
                sky_sb_puts(sb, ",");
            pos(sb, p->rings[k].pts[j], NULL);
        }
        sky_sb_puts(sb, "]");
    }
    sky_sb_puts(sb, "]");
}

static void geom_area(sky_strbuf *sb, const sky_footprint *fp)
{
    const sky_mpoly *m = &fp->area;
    if (!fp->multi && m->npolys == 1) {
        sky_sb_puts(sb, "{\"type\":\"Polygon\",\"coordinates\":");
        poly_coords(sb, &m->polys[0]);
    } else {
        sky_sb_puts(sb, "{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (size_t i = 0; i < m->npolys; i++) {
            if (i)
                sky_sb_puts(sb, ",");
            poly_coords(sb, &m->polys[i]);
        }
        sky_sb_puts(sb, "]");
    }
    sky_sb_puts(sb, "}");
}

static void geom_line(sky_strbuf *sb, const sky_line *l)
{
    sky_sb_puts(sb, "{\"type\":\"LineString\",\"coordinates\":[");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            sky_sb_puts(sb, ",");
        pos(sb, l->pts[i], l->z ? &l->z[i] : NULL);
    }
    sky_sb_puts(sb, "]}");
}

static void geom_point(sky_strbuf *sb, sky_lonlat p)
{
    sky_sb_puts(sb, "{\"type\":\"Point\",\"coordinates\":");
    pos(sb, p, NULL);
    sky_sb_puts(sb, "}");
}

/* Begin a Feature: separator, properties (consumed), then the caller writes the geometry. */
static void feature_open(sky_strbuf *sb, size_t *count, json_object *props)
{
    sky_sb_puts(sb, (*count)++ ? ",\n" : "\n");
    sky_sb_puts(sb, "{\"type\":\"Feature\",\"properties\":");
    sky_sb_puts(sb, json_object_to_json_string_ext(props, JSTR_FLAGS));
    sky_sb_puts(sb, ",\"geometry\":");
    json_object_put(props);
}

static void write_vertiports(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->nvps; i++) {
        const sky_vertiport *v = &as->vps[i];
        json_object *p = props_obj(v->props);
        put_str(p, "id", v->id);
        put_str(p, "name", v->name);
        put_str(p, "name_en", v->name_en);
        put_str(p, "kind", sky_rt_vp_kind_name(v->kind));
        if (isfinite(v->ground_elevation_m))
            put_default(p, "ground_elevation_m", sky_rt_json_number(v->ground_elevation_m));
        feature_open(sb, count, p);
        geom_point(sb, v->pos);
        sky_sb_puts(sb, "}");
    }
}

static void write_zones(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->nzones; i++) {
        const sky_zone *z = &as->zones[i];
        for (size_t k = 0; k < z->nvol; k++) {
            const sky_volume *v = &z->vol[k];
            json_object *p = props_obj(v->props);
            put_str(p, "id", z->id);
            put_str(p, "name", z->name);
            put_str(p, "name_en", z->name_en);
            put_str(p, "restriction", sky_restriction_name(z->restriction));
            put_str(p, "reason", z->reason);
            put_str(p, "schedule", z->schedule);
            put_band(p, &v->band);
            if (z->nvol > 1)
                put_default(p, "volume", json_object_new_int(v->index));
            if (v->fp.is_circle) {
                json_object *c = json_object_new_array_ext(2);
                json_object_array_add(c, sky_rt_json_number(v->fp.center.lon));
                json_object_array_add(c, sky_rt_json_number(v->fp.center.lat));
                json_object_object_add(p, "center", c);
                json_object_object_add(p, "radius_m", sky_rt_json_number(v->fp.radius_m));
            }
            feature_open(sb, count, p);
            geom_area(sb, &v->fp);
            sky_sb_puts(sb, "}");
        }
    }
}

static void write_terrain(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->ncontours; i++) {
        const sky_contour *c = &as->contours[i];
        json_object *p = props_obj(c->props);
        put_str(p, "id", c->id);
        put_default(p, "min_elevation_m", sky_rt_json_number(c->min_elevation_m));
        feature_open(sb, count, p);
        geom_area(sb, &c->fp);
        sky_sb_puts(sb, "}");
    }
}

static void write_routes(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->nroutes; i++) {
        const sky_route_rec *r = &as->routes[i];
        json_object *p = props_obj(r->props);
        put_str(p, "id", r->id);
        put_str(p, "name", r->name);
        put_str(p, "name_en", r->name_en);
        put_str(p, "kind", r->kind);
        if (isfinite(r->altitude_m)) {
            put_default(p, "altitude_m", sky_rt_json_number(r->altitude_m));
            put_str(p, "altitude_ref", sky_rt_vref_name(r->altitude_ref));
        }
        if (isfinite(r->width_m))
            put_default(p, "width_m", sky_rt_json_number(r->width_m));
        put_str(p, "from", r->from);
        put_str(p, "to", r->to);
        feature_open(sb, count, p);
        geom_line(sb, &r->line);
        sky_sb_puts(sb, "}");
    }
}

static void write_corridors(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->ncorridors; i++) {
        const sky_corridor *c = &as->corridors[i];
        json_object *p = props_obj(c->props);
        put_str(p, "id", c->id);
        put_str(p, "name", c->name);
        put_str(p, "name_en", c->name_en);
        put_default(p, "width_m", sky_rt_json_number(c->width_m));
        put_band(p, &c->band);
        put_str(p, "direction", c->two_way ? "two-way" : "one-way");
        put_str(p, "schedule", c->schedule);
        put_str(p, "from", c->from);
        put_str(p, "to", c->to);
        feature_open(sb, count, p);
        geom_line(sb, &c->line);
        sky_sb_puts(sb, "}");
    }
}

static void write_profiles(sky_strbuf *sb, size_t *count, const sky_airspace *as)
{
    for (size_t i = 0; i < as->nprofiles; i++) {
        const sky_profile *pr = &as->profiles[i];
        json_object *p;
        if (pr->builtin) /* every database has them; exporting them would clash on import */
            continue;
        p = props_obj(pr->props);
        put_str(p, "name", pr->name);
        put_default(p, "speed_mps", sky_rt_json_number(pr->speed_mps));
        put_default(p, "climb_mps", sky_rt_json_number(pr->climb_mps));
        put_default(p, "descent_mps", sky_rt_json_number(pr->descent_mps));
        put_default(p, "range_m", sky_rt_json_number(pr->range_m));
        feature_open(sb, count, p);
        sky_sb_puts(sb, "null}");
    }
}

sky_status sky_rt_write_geojson(sky_geo *g, const sky_airspace *as, unsigned layer_mask,
                                char **json, size_t *len, sky_error *err)
{
    sky_strbuf sb;
    size_t count = 0;
    (void)g;
    sky_sb_init(&sb);
    sky_sb_puts(&sb, "{\"type\":\"FeatureCollection\",\"features\":[");
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_VERTIPORTS))
        write_vertiports(&sb, &count, as);
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_ZONES))
        write_zones(&sb, &count, as);
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_TERRAIN))
        write_terrain(&sb, &count, as);
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_ROUTES))
        write_routes(&sb, &count, as);
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_CORRIDORS))
        write_corridors(&sb, &count, as);
    if (layer_mask & SKY_LAYER_BIT(SKY_LAYER_PROFILES))
        write_profiles(&sb, &count, as);
    sky_sb_puts(&sb, "\n]}\n");
    *json = sky_sb_take(&sb, len);
    return *json ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory writing GeoJSON");
}
