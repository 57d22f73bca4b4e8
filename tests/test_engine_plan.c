/*
 * test_engine_plan.c - sky_plan through the public API: closed-form lengths around a wall,
 * permits / acceptance / schedules changing the route, the certified margin on random cases
 * (checked against the original footprints, circles by their true radius), ETAs by hand,
 * every error, GeoJSON output, and eight threads sharing one engine.
 */
#include <json-c/json.h>
#include <pthread.h>

#include "sky_test.h"
#include "engine/engine_int.h"

static char dbpath[512];
static sky_engine *eng;
static sky_planner *pl;

/* A hand-made airspace around (114.5, 22.5), in degrees:
 * - W-REQ: a REQ_AUTHORISATION wall, lon 114.500-114.501, lat 22.490-22.510
 * - W-CON: a CONDITIONAL wall further east, lon 114.530-114.531, same latitudes, active
 *   daily 08:00/20:00 +08:00
 * - RING: a PROHIBITED square ring (hole lon 114.56-114.57, lat 22.56-22.57)
 * - C-1: a PROHIBITED circle of 300 m at (114.45, 22.45)
 * - random PROHIBITED squares (see random_zones) further south
 * - pads: P-A (114.49, 22.50), P-B (114.51, 22.50), P-HOLE (114.565, 22.565) */
static void write_fc(FILE *f)
{
    fprintf(f, "{\"type\":\"FeatureCollection\",\"features\":[\n");
#define SQ(x0, y0, x1, y1)                                                                     \
    "[[" #x0 "," #y0 "],[" #x1 "," #y0 "],[" #x1 "," #y1 "],[" #x0 "," #y1 "],[" #x0 "," #y0 "]]"
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"W-REQ\",\"restriction\":"
               "\"REQ_AUTHORISATION\",\"lower_m\":0,\"upper_m\":500,\"vertical_reference\":"
               "\"AGL\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQ(
                   114.5, 22.49, 114.501, 22.51) "]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"W-CON\",\"restriction\":"
               "\"CONDITIONAL\",\"lower_m\":0,\"upper_m\":500,\"vertical_reference\":\"AGL\","
               "\"schedule\":\"daily 08:00/20:00 +08:00\"},\"geometry\":{\"type\":\"Polygon\","
               "\"coordinates\":[" SQ(114.53, 22.49, 114.531, 22.51) "]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"RING\",\"restriction\":"
               "\"PROHIBITED\",\"lower_m\":0,\"upper_m\":null,\"vertical_reference\":\"AGL\"},"
               "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[" SQ(
                   114.55, 22.55, 114.58, 22.58) ",[[114.56,22.56],[114.56,22.57],[114.57,"
                                                 "22.57],[114.57,22.56],[114.56,22.56]]]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"C-1\",\"restriction\":"
               "\"PROHIBITED\",\"lower_m\":0,\"upper_m\":1000,\"vertical_reference\":\"AMSL\","
               "\"radius_m\":300},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.45,"
               "22.45]}},\n");
    for (int i = 0; i < 12; i++) { /* a grid of random-sized squares south of the walls */
        double x = 114.40 + 0.025 * (i % 4), y = 22.38 + 0.025 * (i / 4);
        double s = 0.002 + 0.008 * ((i * 7919) % 13) / 13.0;
        fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"R-%02d\",\"restriction\":"
                   "\"PROHIBITED\",\"lower_m\":0,\"upper_m\":1000,\"vertical_reference\":\"AMSL\""
                   "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.6f,%.6f],[%.6f,"
                   "%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]}},\n",
                i, x, y, x + s, y, x + s, y + s, x, y + s, x, y);
    }
    for (int i = 0; i < 6; i++) { /* non-convex stars among them: shallow notches */
        double cx = 114.4125 + 0.025 * (i % 3), cy = 22.3925 + 0.05 * (i / 3) + 0.0125;
        fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"S-%02d\",\"restriction\":"
                   "\"PROHIBITED\",\"lower_m\":0,\"upper_m\":1000,\"vertical_reference\":\"AMSL\""
                   "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
                i);
        for (int k = 0; k <= 24; k++) {
            double a = 6.283185307179586 * (k % 24) / 24.0;
            double rr = (k % 2 ? 0.0024 : 0.0030) * (1 + 0.3 * ((i * 5 + k) % 3));
            fprintf(f, "%s[%.7f,%.7f]", k ? "," : "", cx + rr * cos(a), cy + rr * sin(a));
        }
        fprintf(f, "]]}},\n");
    }
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"P-A\",\"kind\":\"delivery_pad\","
               "\"ground_elevation_m\":10},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
               "[114.49,22.5]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"P-B\",\"kind\":\"delivery_pad\","
               "\"ground_elevation_m\":10},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
               "[114.51,22.5]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"id\":\"P-HOLE\",\"kind\":\"helipad\"},"
               "\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.565,22.565]}},\n");
    fprintf(f, "{\"type\":\"Feature\",\"properties\":{\"name\":\"short-hop\",\"speed_mps\":10,"
               "\"climb_mps\":2,\"descent_mps\":2,\"range_m\":500},\"geometry\":null}\n");
    fprintf(f, "]}\n");
#undef SQ
}

static int setup(void **state)
{
    char path[512];
    const char *paths[1] = {path};
    FILE *f;
    (void)state;
    sky_test_path(path, sizeof path, "plan-input", "geojson");
    f = fopen(path, "w");
    if (f == NULL)
        return -1;
    write_fc(f);
    fclose(f);
    if (sky_test_make_db(dbpath, sizeof dbpath, "plan", paths, 1) != 0)
        return -1;
    unlink(path);
    return sky_test_open(dbpath, &eng, &pl);
}

static int teardown(void **state)
{
    (void)state;
    sky_test_teardown(dbpath, &eng, &pl);
    return 0;
}

static sky_xy frame_xy(double lon, double lat)
{
    sky_lonlat ll = {lon, lat};
    sky_xy p;
    sky_error err;
    assert_sky_ok(sky_geo_to_xy(pl->q.g, &ll, &p, 1, &err), &err);
    return p;
}

static double dxy(sky_xy a, sky_xy b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

/* The route's planar length in the frame. */
static double planar_length(const sky_route *r)
{
    size_t n;
    const sky_waypoint *w = sky_route_waypoints(r, &n);
    double len = 0;
    for (size_t i = 1; i < n; i++)
        len += dxy(frame_xy(w[i - 1].pos.lon, w[i - 1].pos.lat),
                   frame_xy(w[i].pos.lon, w[i].pos.lat));
    return len;
}

static sky_route *plan(const char *from, const char *to, double clearance, const char *when,
                       const sky_flight_rules *rules, sky_status want, sky_error *err)
{
    sky_plan_request req;
    sky_route *r = NULL;
    sky_plan_request_init(&req);
    req.from_id = from;
    req.to_id = to;
    req.clearance_m = clearance;
    if (rules)
        req.rules = *rules;
    assert_sky_ok(sky_parse_time(when, &req.depart_unix, err), err);
    assert_int_equal(sky_plan(pl, &req, &r, err), want);
    return r;
}

/* Around the REQ_AUTHORISATION wall with zero clearance: over its top (or bottom) two
 * corners, a closed form in the frame; with a permit: the straight line. */
static void test_wall_closed_form_and_permit(void **state)
{
    static const char *const permits[] = {"W-REQ"};
    sky_error err;
    sky_flight_rules rules;
    sky_xy a = frame_xy(114.49, 22.5), b = frame_xy(114.51, 22.5);
    sky_xy tl = frame_xy(114.5, 22.51), tr = frame_xy(114.501, 22.51);
    sky_xy bl = frame_xy(114.5, 22.49), br = frame_xy(114.501, 22.49);
    double over = dxy(a, tl) + dxy(tl, tr) + dxy(tr, b);
    double under = dxy(a, bl) + dxy(bl, br) + dxy(br, b);
    sky_route *r;
    size_t n, na;
    const char *const *av;
    (void)state;
    r = plan("P-A", "P-B", 0, "2026-11-29T22:00:00+08:00", NULL, SKY_OK, &err);
    assert_near(planar_length(r), fmin(over, under), 1e-6 * fmin(over, under));
    {
        /* the path bends at the two corners on the shorter side */
        const sky_waypoint *w = sky_route_waypoints(r, &n);
        sky_xy c1 = over <= under ? tl : bl, c2 = over <= under ? tr : br;
        int hit1 = 0, hit2 = 0;
        for (size_t i = 0; i < n; i++) {
            sky_xy q = frame_xy(w[i].pos.lon, w[i].pos.lat);
            hit1 |= dxy(q, c1) < 1e-6;
            hit2 |= dxy(q, c2) < 1e-6;
        }
        assert_true(hit1 && hit2);
    }
    av = sky_route_zones_avoided(r, &na);
    assert_int_equal(na, 1);
    assert_string_equal(av[0], "W-REQ");
    sky_route_free(r);
    sky_flight_rules_init(&rules);
    rules.permits = permits;
    rules.npermits = 1;
    r = plan("P-A", "P-B", 0, "2026-11-29T22:00:00+08:00", &rules, SKY_OK, &err);
    assert_near(planar_length(r), dxy(a, b), 1e-6 * dxy(a, b));
    sky_route_free(r);
}

/* The CONDITIONAL wall blocks only 08:00-20:00 local (over the flight window) and only
 * until accepted. */
static void test_schedule_and_acceptance(void **state)
{
    sky_error err;
    sky_flight_rules rules;
    sky_plan_request req;
    sky_route *r = NULL;
    sky_xy a = frame_xy(114.52, 22.5), b = frame_xy(114.54, 22.5);
    (void)state;
    sky_plan_request_init(&req);
    req.from = (sky_lonlat){114.52, 22.5};
    req.to = (sky_lonlat){114.54, 22.5};
    req.clearance_m = 0;
    /* 02:00: the window [02:00, 02:00 + 10 km / 20 m/s] misses 08:00 */
    assert_sky_ok(sky_parse_time("2026-11-29T02:00:00+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_near(planar_length(r), dxy(a, b), 1e-6 * dxy(a, b));
    sky_route_free(r);
    /* noon: blocked, the route goes round */
    assert_sky_ok(sky_parse_time("2026-11-29T12:00:00+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_true(planar_length(r) > dxy(a, b) + 100);
    sky_route_free(r);
    /* per segment in time: the wall is about 63 s into the flight (12 s climb, 1.03 km at
     * 20 m/s). Leaving at 07:58 passes it at 07:59:03, before it opens: straight. Leaving
     * at 07:59:30 reaches it after 08:00: it must go round. Likewise at closing time. */
    assert_sky_ok(sky_parse_time("2026-11-29T07:58:00+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_near(planar_length(r), dxy(a, b), 1e-6 * dxy(a, b));
    sky_route_free(r);
    assert_sky_ok(sky_parse_time("2026-11-29T07:59:30+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_true(planar_length(r) > dxy(a, b) + 100);
    sky_route_free(r);
    assert_sky_ok(sky_parse_time("2026-11-29T19:59:30+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_near(planar_length(r), dxy(a, b), 1e-6 * dxy(a, b));
    sky_route_free(r);
    assert_sky_ok(sky_parse_time("2026-11-29T19:58:00+08:00", &req.depart_unix, &err), &err);
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_true(planar_length(r) > dxy(a, b) + 100);
    sky_route_free(r);
    /* accepted: straight again */
    sky_flight_rules_init(&rules);
    rules.accept_conditional = 1;
    req.rules = rules;
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    assert_near(planar_length(r), dxy(a, b), 1e-6 * dxy(a, b));
    sky_route_free(r);
}

static uint64_t rng = 88172645463325252ull;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Distance from point c to segment a-b in the frame. */
static double seg_point(sky_xy a, sky_xy b, sky_xy c)
{
    double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy, t;
    t = l2 > 0 ? ((c.x - a.x) * dx + (c.y - a.y) * dy) / l2 : 0;
    t = fmax(0, fmin(1, t));
    return hypot(a.x + t * dx - c.x, a.y + t * dy - c.y);
}

/* Random origins and destinations among the random squares and the circle, random
 * clearances: every segment keeps the clearance from every zone's original footprint (GEOS
 * distance to the polygons; the circle by its true radius, closed form). */
static void test_margin_certified(void **state)
{
    const sky_domain *d = &eng->dom;
    sky_xy circle_c = frame_xy(114.45, 22.45);
    size_t planned = 0;
    (void)state;
    for (int k = 0; k < 80; k++) {
        sky_plan_request req;
        sky_route *r = NULL;
        sky_error err;
        sky_status rc;
        size_t n;
        const sky_waypoint *w;
        sky_plan_request_init(&req);
        req.from = (sky_lonlat){114.38 + 0.12 * urand(), 22.36 + 0.1 * urand()};
        req.to = (sky_lonlat){114.38 + 0.12 * urand(), 22.36 + 0.1 * urand()};
        req.clearance_m = k % 5 == 0 ? 0 : 80 * urand();
        req.depart_unix = 1780000000;
        req.profile = "sightseeing-evtol"; /* 30 km: random pairs stay in range */
        rc = sky_plan(pl, &req, &r, &err);
        if (rc == SKY_E_START_BLOCKED || rc == SKY_E_GOAL_BLOCKED)
            continue; /* a random end landed in or near a zone */
        assert_sky_ok(rc, &err);
        w = sky_route_waypoints(r, &n);
        for (size_t i = 0; i + 1 < n; i++) {
            sky_xy a = frame_xy(w[i].pos.lon, w[i].pos.lat);
            sky_xy b = frame_xy(w[i + 1].pos.lon, w[i + 1].pos.lat);
            for (size_t v = 0; v < d->nvols; v++) {
                const sky_zone *z = &d->as.zones[d->vols[v].zone];
                double dist;
                if (z->restriction != SKY_RESTR_PROHIBITED)
                    continue;
                if (z->vol[d->vols[v].vol].fp.is_circle)
                    dist = seg_point(a, b, circle_c) - 300.0;
                else
                    assert_sky_ok(sky_geo_polys_segment_distance(pl->q.g, d->vols[v].xy,
                                                                 d->vols[v].nxy, a, b, &dist,
                                                                 &err),
                                  &err);
                /* waypoints round-trip through lon/lat: allow 1 mm */
                if (dist < req.clearance_m - 1e-3)
                    fail_msg("case %d segment %zu: %.4f m from %s, clearance %.4f", k, i, dist,
                             z->id, req.clearance_m);
            }
        }
        sky_route_free(r);
        planned++;
    }
    assert_true(planned >= 40);
}

static void test_etas_by_hand(void **state)
{
    sky_plan_request req;
    sky_route *r = NULL;
    sky_error err;
    size_t n;
    const sky_waypoint *w;
    double len;
    (void)state;
    sky_plan_request_init(&req);
    req.from = (sky_lonlat){114.52, 22.52};
    req.to = (sky_lonlat){114.52, 22.53};
    req.altitude_m = 60;
    req.depart_unix = 1780000000;
    assert_sky_ok(sky_plan(pl, &req, &r, &err), &err);
    w = sky_route_waypoints(r, &n);
    assert_int_equal(n, 2); /* flat ground: no profile points in between */
    len = sky_geo_distance_m(req.from, req.to);
    /* delivery-multicopter: climb 60 m at 5 m/s, cruise at 20 m/s, descend at 4 m/s */
    assert_near(w[0].eta_s, 12.0, 1e-9);
    assert_near(w[n - 1].dist_m, len, 1e-6);
    /* legs are timed on their length in the local frame: within 1e-6 of the geodesic */
    assert_near(w[n - 1].eta_s, 12.0 + len / 20.0, 1e-6 * len / 20.0);
    assert_near(sky_route_duration(r), 12.0 + len / 20.0 + 15.0, 1e-6 * len / 20.0);
    assert_near(w[0].alt_agl_m, 60.0, 0);
    assert_near(w[0].alt_amsl_m - w[0].alt_agl_m, 0.0, 1e-9); /* flat ground here */
    sky_route_free(r);
}

static void test_errors(void **state)
{
    sky_error err;
    sky_plan_request req;
    sky_route *r = (sky_route *)&r;
    (void)state;
    /* origin inside the ring's solid part, naming it */
    sky_plan_request_init(&req);
    req.from = (sky_lonlat){114.555, 22.555};
    req.to = (sky_lonlat){114.52, 22.52};
    req.depart_unix = 1780000000;
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_START_BLOCKED);
    assert_null(r);
    assert_string_equal(err.feature_id, "RING");
    /* destination 10 m outside the circle with a 30 m clearance */
    req.from = (sky_lonlat){114.52, 22.52};
    {
        /* 310 m south of the centre: 10 m outside the 300 m circle */
        double lat = 22.45 - 310.0 / 110760.0;
        req.to = (sky_lonlat){114.45, lat};
    }
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_GOAL_BLOCKED);
    assert_string_equal(err.feature_id, "C-1");
    /* the ring's hole is enclosed */
    sky_plan_request_init(&req);
    req.from_id = "P-A";
    req.to_id = "P-HOLE";
    req.depart_unix = 1780000000;
    req.clearance_m = 0;
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_NO_ROUTE);
    assert_string_equal(err.feature_id, "RING");
    assert_non_null(strstr(err.message, "RING"));
    /* unknown pad, unknown profile, outside the extent, beyond range */
    req.to_id = "P-NOPE";
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_NOT_FOUND);
    assert_string_equal(err.feature_id, "P-NOPE");
    req.to_id = "P-B";
    req.profile = "no-such-aircraft";
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_NOT_FOUND);
    req.profile = "short-hop"; /* range 500 m; P-A to P-B is over 2 km */
    req.rules.permits = (const char *const[]){"W-REQ"};
    req.rules.npermits = 1;
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_BEYOND_RANGE);
    req.profile = NULL;
    req.to_id = NULL;
    req.to = (sky_lonlat){116.0, 22.5};
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_OUT_OF_EXTENT);
    req.to = (sky_lonlat){114.52, 22.52};
    req.clearance_m = -1;
    assert_int_equal(sky_plan(pl, &req, &r, &err), SKY_E_INVALID_ARG);
    assert_null(r);
}

static void test_geojson(void **state)
{
    sky_error err;
    sky_route *r = plan("P-A", "P-B", 30, "2026-11-29T22:00:00+08:00", NULL, SKY_OK, &err);
    char *json = NULL;
    size_t len, n;
    json_object *o, *feats, *line, *c;
    (void)state;
    sky_route_waypoints(r, &n);
    assert_sky_ok(sky_route_to_geojson(r, &json, &len, &err), &err);
    o = json_tokener_parse(json);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "type")),
                        "FeatureCollection");
    assert_null(json_object_object_get(o, "crs"));
    feats = json_object_object_get(o, "features");
    assert_int_equal(json_object_array_length(feats), n + 1);
    line = json_object_array_get_idx(feats, 0);
    assert_string_equal(json_object_get_string(json_object_object_get(
                            json_object_object_get(line, "geometry"), "type")),
                        "LineString");
    c = json_object_object_get(json_object_object_get(line, "geometry"), "coordinates");
    assert_int_equal(json_object_array_length(json_object_array_get_idx(c, 0)), 3);
    assert_near(json_object_get_double(json_object_object_get(
                    json_object_object_get(line, "properties"), "length_m")),
                sky_route_length(r), 1e-9);
    json_object_put(o);
    sky_free(json);
    assert_sky_ok(sky_route_to_json(r, &json, &len, &err), &err);
    o = json_tokener_parse(json);
    assert_int_equal(json_object_array_length(json_object_object_get(o, "waypoints")), n);
    json_object_put(o);
    sky_free(json);
    sky_route_free(r);
}

static void test_batch_line(void **state)
{
    char *out = NULL;
    json_object *o;
    (void)state;
    assert_sky_ok(sky_plan_json(pl, "{\"id\":7,\"from\":\"P-A\",\"to\":[114.52,22.52],"
                                    "\"clearance\":10,\"depart\":\"2026-11-29T22:00:00+08:00\"}",
                                0, &out, NULL),
                  NULL);
    o = json_tokener_parse(out);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "status")), "ok");
    assert_int_equal(json_object_get_int(json_object_object_get(o, "id")), 7);
    assert_true(json_object_get_double(json_object_object_get(o, "length_m")) > 0);
    json_object_put(o);
    sky_free(out);
    assert_sky_ok(sky_plan_json(pl, "{\"id\":\"x\",\"from\":\"P-A\",\"to\":\"P-HOLE\","
                                    "\"clearance\":0}", 1780000000, &out, NULL), NULL);
    o = json_tokener_parse(out);
    assert_string_equal(json_object_get_string(json_object_object_get(o, "status")),
                        "SKY_E_NO_ROUTE");
    assert_string_equal(json_object_get_string(json_object_object_get(o, "zone")), "RING");
    json_object_put(o);
    sky_free(out);
    assert_sky_ok(sky_plan_json(pl, "not json", 0, &out, NULL), NULL);
    assert_non_null(strstr(out, "SKY_E_BAD_JSON"));
    sky_free(out);
}

/* Eight threads, each with its own planner on the one engine, plan the same requests,
 * validate what they planned and ask `where` at each origin; they must agree with the
 * single-threaded answers (run under ThreadSanitizer in CI). */
typedef struct tjob {
    double *lens;
    size_t *checks; /* per request: validation errors * 100000 + where JSON length */
    int failed;
} tjob;

static void *thread_main(void *arg)
{
    tjob *j = arg;
    sky_planner *p = NULL;
    sky_error err;
    if (sky_planner_new(eng, &p, &err) != SKY_OK) {
        j->failed = 1;
        return NULL;
    }
    for (int k = 0; k < 12; k++) {
        sky_plan_request req;
        sky_route *r = NULL;
        sky_plan_request_init(&req);
        req.from = (sky_lonlat){114.38 + 0.01 * k, 22.37};
        req.to = (sky_lonlat){114.49 - 0.008 * k, 22.47};
        req.clearance_m = 5.0 * k;
        req.depart_unix = 1780000000;
        req.profile = "sightseeing-evtol"; /* 30 km: every request is within range */
        j->checks[k] = 0;
        if (sky_plan(p, &req, &r, &err) == SKY_OK) {
            char *gj = NULL;
            size_t len = 0;
            sky_validation *v = NULL;
            sky_validate_opts vo;
            j->lens[k] = sky_route_length(r);
            sky_validate_opts_init(&vo);
            vo.has_depart = 1;
            vo.depart_unix = req.depart_unix;
            vo.profile = req.profile;
            if (sky_route_to_geojson(r, &gj, &len, &err) != SKY_OK ||
                sky_validate_geojson(p, gj, len, "t", &vo, &v, &err) != SKY_OK)
                j->failed = 1;
            else
                j->checks[k] = v->nerrors * 100000;
            sky_validation_free(v);
            sky_free(gj);
        } else {
            j->lens[k] = -(double)err.code;
        }
        sky_route_free(r);
        {
            sky_where_result *w = NULL;
            char *wj = NULL;
            size_t wlen = 0;
            if (sky_where(p, req.from, NULL, &w, &err) != SKY_OK ||
                sky_where_to_json(w, &wj, &wlen, &err) != SKY_OK)
                j->failed = 1;
            j->checks[k] += wlen;
            sky_free(wj);
            sky_where_free(w);
        }
    }
    sky_planner_free(p);
    return NULL;
}

static void test_threads(void **state)
{
    pthread_t th[8];
    double lens[9][12];
    size_t checks[9][12];
    tjob jobs[9];
    (void)state;
    for (int t = 0; t < 9; t++) {
        jobs[t].lens = lens[t];
        jobs[t].checks = checks[t];
        jobs[t].failed = 0;
    }
    thread_main(&jobs[8]); /* the reference, single-threaded */
    assert_false(jobs[8].failed);
    {
        int planned = 0;
        for (int k = 0; k < 12; k++) { /* a planned route passes the validator */
            assert_true(lens[8][k] < 0 || checks[8][k] < 100000);
            planned += lens[8][k] > 0;
        }
        assert_true(planned >= 6);
    }
    for (int t = 0; t < 8; t++)
        pthread_create(&th[t], NULL, thread_main, &jobs[t]);
    for (int t = 0; t < 8; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < 8; t++) {
        assert_false(jobs[t].failed);
        for (int k = 0; k < 12; k++) {
            assert_true(lens[t][k] == lens[8][k]);
            assert_true(checks[t][k] == checks[8][k]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wall_closed_form_and_permit),
        cmocka_unit_test(test_schedule_and_acceptance),
        cmocka_unit_test(test_margin_certified),
        cmocka_unit_test(test_etas_by_hand),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_geojson),
        cmocka_unit_test(test_batch_line),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
