/*
 * route_io.c - routes out (RFC 7946 GeoJSON, the `plan --json` object) and batch requests in
 * (one JSON object a line, read with json-c), for the CLI and for platforms that talk JSON.
 */
#include <json-c/json.h>
#include <string.h>

#include "engine/engine_int.h"

#define JFLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static json_object *jstr(const char *s)
{
    return s ? json_object_new_string(s) : NULL;
}

static json_object *jtime(int64_t t)
{
    char buf[40];
    return json_object_new_string(sky_format_time(t, 0, buf, sizeof buf));
}

static json_object *avoided_array(const sky_route *r)
{
    json_object *a = json_object_new_array_ext((int)r->navoided);
    for (size_t i = 0; i < r->navoided; i++)
        json_object_array_add(a, json_object_new_string(r->avoided[i]));
    return a;
}

/* The route's summary fields, shared by the GeoJSON properties and the JSON object. */
static void put_summary(json_object *o, const sky_route *r)
{
    if (r->request_id)
        json_object_object_add(o, "request_id", jstr(r->request_id));
    json_object_object_add(o, "from", jstr(r->from));
    json_object_object_add(o, "to", jstr(r->to));
    json_object_object_add(o, "length_m", sky_rt_json_number(r->length_m));
    json_object_object_add(o, "duration_s", sky_rt_json_number(r->duration_s));
    json_object_object_add(o, "clearance_m", sky_rt_json_number(r->clearance_m));
    json_object_object_add(o, "altitude_m", sky_rt_json_number(r->altitude_m));
    json_object_object_add(o, "altitude_ref", json_object_new_string("AGL"));
    json_object_object_add(o, "profile", jstr(r->profile));
    json_object_object_add(o, "depart", jtime(r->depart_unix));
    json_object_object_add(o, "arrive",
                           jtime(sky_time_add(r->depart_unix, r->duration_s, 1)));
    json_object_object_add(o, "zones_avoided", avoided_array(r));
    if (r->nstops > 0) {
        json_object *st = json_object_new_array_ext((int)r->nstops);
        for (size_t i = 0; i < r->nstops; i++)
            json_object_array_add(st, json_object_new_string(r->stops[i]));
        json_object_object_add(o, "stops", st);
    }
}

static sky_status finish(json_object *o, char **json, size_t *len, sky_error *err)
{
    const char *text = json_object_to_json_string_ext(o, JFLAGS);
    *json = text ? sky_strdup(text) : NULL;
    if (len)
        *len = *json ? strlen(*json) : 0;
    json_object_put(o);
    return *json ? SKY_OK : sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
}

static json_object *waypoint_obj(const sky_waypoint *w, size_t i, int with_pos)
{
    json_object *p = json_object_new_object();
    json_object_object_add(p, "index", json_object_new_int((int)i));
    if (with_pos) {
        json_object_object_add(p, "lon", sky_rt_json_number(w->pos.lon));
        json_object_object_add(p, "lat", sky_rt_json_number(w->pos.lat));
    }
    json_object_object_add(p, "dist_m", sky_rt_json_number(w->dist_m));
    json_object_object_add(p, "alt_amsl_m", sky_rt_json_number(w->alt_amsl_m));
    json_object_object_add(p, "alt_agl_m", sky_rt_json_number(w->alt_agl_m));
    json_object_object_add(p, "eta_s", sky_rt_json_number(w->eta_s));
    return p;
}

static json_object *position(const sky_waypoint *w)
{
    json_object *c = json_object_new_array_ext(3);
    json_object_array_add(c, sky_rt_json_number(w->pos.lon));
    json_object_array_add(c, sky_rt_json_number(w->pos.lat));
    json_object_array_add(c, sky_rt_json_number(w->ell_h_m)); /* RFC 7946: ellipsoidal */
    return c;
}

sky_status sky_route_to_geojson(const sky_route *r, char **json, size_t *len, sky_error *err)
{
    json_object *fc, *feats, *line, *lp, *coords, *geom;
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (r == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "route is NULL");
    fc = json_object_new_object();
    feats = json_object_new_array_ext((int)r->n + 1);
    json_object_object_add(fc, "type", json_object_new_string("FeatureCollection"));
    line = json_object_new_object();
    json_object_object_add(line, "type", json_object_new_string("Feature"));
    lp = json_object_new_object();
    json_object_object_add(lp, "kind", json_object_new_string(r->nstops ? "tour" : "route"));
    put_summary(lp, r);
    json_object_object_add(line, "properties", lp);
    geom = json_object_new_object();
    json_object_object_add(geom, "type", json_object_new_string("LineString"));
    coords = json_object_new_array_ext((int)r->n);
    for (size_t i = 0; i < r->n; i++)
        json_object_array_add(coords, position(&r->wp[i]));
    json_object_object_add(geom, "coordinates", coords);
    json_object_object_add(line, "geometry", geom);
    json_object_array_add(feats, line);
    for (size_t i = 0; i < r->n; i++) {
        json_object *f = json_object_new_object(), *pp = waypoint_obj(&r->wp[i], i, 0), *g;
        json_object_object_add(pp, "kind", json_object_new_string("waypoint"));
        json_object_object_add(pp, "eta",
                               jtime(sky_time_add(r->depart_unix, r->wp[i].eta_s + 0.5, 0)));
        json_object_object_add(f, "type", json_object_new_string("Feature"));
        json_object_object_add(f, "properties", pp);
        g = json_object_new_object();
        json_object_object_add(g, "type", json_object_new_string("Point"));
        json_object_object_add(g, "coordinates", position(&r->wp[i]));
        json_object_object_add(f, "geometry", g);
        json_object_array_add(feats, f);
    }
    json_object_object_add(fc, "features", feats);
    return finish(fc, json, len, err);
}

static json_object *route_obj(const sky_route *r)
{
    json_object *o = json_object_new_object(), *wps = json_object_new_array_ext((int)r->n);
    put_summary(o, r);
    for (size_t i = 0; i < r->n; i++)
        json_object_array_add(wps, waypoint_obj(&r->wp[i], i, 1));
    json_object_object_add(o, "waypoints", wps);
    return o;
}

sky_status sky_route_to_json(const sky_route *r, char **json, size_t *len, sky_error *err)
{
    if (json == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "json is NULL");
    *json = NULL;
    if (r == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "route is NULL");
    return finish(route_obj(r), json, len, err);
}

/* --- batch lines ------------------------------------------------------------------------- */

/* A point given as a vertiport id or [lon, lat]; ids resolve through the engine. */
static sky_status req_point(const sky_engine *eng, json_object *v, const char *field,
                            const char **id, sky_lonlat *ll, sky_error *err)
{
    sky_ref ref = {NULL, -1, NULL, field};
    *id = NULL;
    if (json_object_is_type(v, json_type_string)) {
        *id = json_object_get_string(v);
        return SKY_OK;
    }
    if (json_object_is_type(v, json_type_array) && json_object_array_length(v) == 2) {
        json_object *a = json_object_array_get_idx(v, 0), *b = json_object_array_get_idx(v, 1);
        if ((json_object_is_type(a, json_type_double) || json_object_is_type(a, json_type_int)) &&
            (json_object_is_type(b, json_type_double) || json_object_is_type(b, json_type_int))) {
            ll->lon = json_object_get_double(a);
            ll->lat = json_object_get_double(b);
            return SKY_OK;
        }
    }
    (void)eng;
    return sky_fail(err, SKY_E_INVALID_ARG, &ref, "expected a vertiport id or [lon, lat]");
}

static sky_status vertiport_pos(const sky_engine *eng, const char *id, const char *field,
                                sky_lonlat *out, sky_error *err)
{
    const sky_airspace *as = &eng->dom.as;
    sky_ref ref = {NULL, -1, id, field};
    for (size_t i = 0; i < as->nvps; i++)
        if (strcmp(as->vps[i].id, id) == 0) {
            *out = as->vps[i].pos;
            return SKY_OK;
        }
    return sky_fail(err, SKY_E_NOT_FOUND, &ref, "no vertiport \"%s\"", id);
}

/* Strings from a string or an array of strings (at most cap): -1 for any other type. */
static long str_list(json_object *v, const char **out, size_t cap)
{
    size_t n = 0;
    if (json_object_is_type(v, json_type_string)) {
        out[n++] = json_object_get_string(v);
        return (long)n;
    }
    if (!json_object_is_type(v, json_type_array) || json_object_array_length(v) > cap)
        return -1;
    for (size_t i = 0; i < json_object_array_length(v); i++) {
        json_object *s = json_object_array_get_idx(v, i);
        if (!json_object_is_type(s, json_type_string))
            return -1;
        out[n++] = json_object_get_string(s);
    }
    return (long)n;
}

static int number(json_object *o, const char *key, double *out)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || v == NULL)
        return 0;
    if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
        return -1;
    *out = json_object_get_double(v);
    return isfinite(*out) ? 1 : -1;
}

static sky_status parse_request(sky_planner *p, json_object *in, int64_t now,
                                sky_plan_request *req, sky_lonlat *via, const char **permits,
                                const char **accepts, sky_error *err)
{
    json_object *v;
    const char *id;
    sky_status rc = SKY_OK;
    int k;
    static const char *const known[] = {"id", "from", "to", "via", "depart", "profile",
                                        "clearance", "altitude", "permit", "accept",
                                        "accept_conditional", "min_agl", "max_agl"};
    sky_plan_request_init(req);
    req->depart_unix = now;
    {
        json_object_object_foreach(in, key, val)
        {
            size_t kk = 0;
            (void)val;
            while (kk < sizeof known / sizeof known[0] && strcmp(known[kk], key) != 0)
                kk++;
            if (kk == sizeof known / sizeof known[0]) {
                sky_ref ref = {NULL, -1, NULL, key};
                return sky_fail(err, SKY_E_INVALID_ARG, &ref, "unknown field (known: id, "
                                "from, to, via, depart, profile, clearance, altitude, permit, "
                                "accept, accept_conditional, min_agl, max_agl)");
            }
        }
    }
    if (!json_object_object_get_ex(in, "from", &v) || !json_object_object_get_ex(in, "to", NULL))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "a request needs from and to");
    rc = req_point(p->eng, v, "from", &req->from_id, &req->from, err);
    if (rc == SKY_OK)
        rc = req_point(p->eng, json_object_object_get(in, "to"), "to", &req->to_id, &req->to,
                       err);
    if (rc == SKY_OK && json_object_object_get_ex(in, "via", &v) && v != NULL) {
        size_t n = json_object_is_type(v, json_type_array) ? json_object_array_length(v) : 0;
        if (!json_object_is_type(v, json_type_array) || n > 16)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL, "via: an array of up to 16 points");
        for (size_t i = 0; i < n && rc == SKY_OK; i++) {
            rc = req_point(p->eng, json_object_array_get_idx(v, i), "via", &id, &via[i], err);
            if (rc == SKY_OK && id != NULL)
                rc = vertiport_pos(p->eng, id, "via", &via[i], err);
        }
        req->via = via;
        req->nvia = n;
    }
    if (rc == SKY_OK && json_object_object_get_ex(in, "depart", &v) && v != NULL) {
        if (!json_object_is_type(v, json_type_string))
            return sky_fail(err, SKY_E_INVALID_ARG, NULL, "depart: an ISO 8601 string");
        rc = sky_parse_time(json_object_get_string(v), &req->depart_unix, err);
    }
    if (rc == SKY_OK && json_object_object_get_ex(in, "profile", &v) && v != NULL) {
        sky_ref ref = {NULL, -1, NULL, "profile"};
        if (!json_object_is_type(v, json_type_string))
            return sky_fail(err, SKY_E_INVALID_ARG, &ref, "a profile name (string)");
        req->profile = json_object_get_string(v);
    }
    if (rc == SKY_OK && (k = number(in, "clearance", &req->clearance_m)) < 0)
        rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "clearance: a number of metres");
    if (rc == SKY_OK && (k = number(in, "altitude", &req->altitude_m)) < 0)
        rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "altitude: a number of metres");
    if (rc == SKY_OK && number(in, "min_agl", &req->rules.min_agl_m) < 0)
        rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "min_agl: a number of metres");
    if (rc == SKY_OK && number(in, "max_agl", &req->rules.max_agl_m) < 0)
        rc = sky_fail(err, SKY_E_INVALID_ARG, NULL, "max_agl: a number of metres");
    if (rc == SKY_OK && json_object_object_get_ex(in, "permit", &v)) {
        long n = str_list(v, permits, 64);
        sky_ref ref = {NULL, -1, NULL, "permit"};
        if (n < 0)
            return sky_fail(err, SKY_E_INVALID_ARG, &ref, "zone ids: a string or an array of "
                            "up to 64 strings");
        req->rules.npermits = (size_t)n;
    }
    if (rc == SKY_OK && json_object_object_get_ex(in, "accept", &v)) {
        long n = str_list(v, accepts, 64);
        sky_ref ref = {NULL, -1, NULL, "accept"};
        if (n < 0)
            return sky_fail(err, SKY_E_INVALID_ARG, &ref, "zone ids: a string or an array of "
                            "up to 64 strings");
        req->rules.naccepts = (size_t)n;
    }
    req->rules.permits = permits;
    req->rules.accepts = accepts;
    if (rc == SKY_OK && json_object_object_get_ex(in, "accept_conditional", &v)) {
        sky_ref ref = {NULL, -1, NULL, "accept_conditional"};
        if (!json_object_is_type(v, json_type_boolean))
            return sky_fail(err, SKY_E_INVALID_ARG, &ref, "true or false");
        req->rules.accept_conditional = json_object_get_boolean(v);
    }
    return rc;
}

sky_status sky_plan_json(sky_planner *p, const char *request_json, int64_t now_unix,
                         char **out_json, size_t *len)
{
    json_object *in = NULL;
    json_object *out, *id = NULL;
    sky_plan_request req;
    sky_lonlat via[16];
    const char *permits[64], *accepts[64];
    sky_route *route = NULL;
    sky_error err;
    sky_status rc;

    *out_json = NULL;
    sky_error_init(&err);
    rc = request_json ? sky_rt_json_parse(request_json, strlen(request_json), NULL, &in, &err)
                      : sky_fail(&err, SKY_E_INVALID_ARG, NULL, "request_json is NULL");
    if (rc == SKY_OK && !json_object_is_type(in, json_type_object))
        rc = sky_fail(&err, SKY_E_BAD_JSON, NULL, "a request line must be a JSON object");
    if (rc == SKY_OK && p == NULL)
        rc = sky_fail(&err, SKY_E_INVALID_ARG, NULL, "planner is NULL");
    if (rc == SKY_OK)
        rc = parse_request(p, in, now_unix, &req, via, permits, accepts, &err);
    if (in != NULL && json_object_is_type(in, json_type_object))
        json_object_object_get_ex(in, "id", &id);
    if (rc == SKY_OK)
        rc = sky_plan(p, &req, &route, &err);
    if (rc == SKY_OK) {
        out = route_obj(route);
        json_object_object_add(out, "status", json_object_new_string("ok"));
    } else {
        out = json_object_new_object();
        json_object_object_add(out, "status", json_object_new_string(sky_status_name(rc)));
        json_object_object_add(out, "error", json_object_new_string(err.message));
        /* the zone for answers about zones; otherwise the offending id and field */
        if (err.feature_id[0] &&
            (rc == SKY_E_START_BLOCKED || rc == SKY_E_GOAL_BLOCKED || rc == SKY_E_NO_ROUTE ||
             rc == SKY_E_NO_ALTITUDE))
            json_object_object_add(out, "zone", json_object_new_string(err.feature_id));
        else if (err.feature_id[0])
            json_object_object_add(out, "feature_id", json_object_new_string(err.feature_id));
        if (err.field[0])
            json_object_object_add(out, "field", json_object_new_string(err.field));
    }
    json_object_object_add(out, "id", id ? json_object_get(id) : NULL);
    sky_route_free(route);
    json_object_put(in);
    rc = finish(out, out_json, len, &err);
    return rc;
}
