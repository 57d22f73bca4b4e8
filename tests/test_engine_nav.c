/*
 * test_engine_nav.c - the search core is exact: on the shared hand-made maps the lengths
 * equal their closed forms to 1e-9 relative, and on random maps they equal an independent
 * brute force written here (all-pairs visibility with GEOS's DE-9IM predicate on the
 * interiors, then Dijkstra), to 1e-9 relative.
 */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include "sky_test.h"
#include "engine/navmap.h"

static void test_hand_maps(void **state)
{
    static const char *const maps[] = {"hand_corridor", "hand_single_square", "hand_triangle",
                                       "hand_u_pocket", "hand_wall"};
    sky_geo *g = NULL;
    sky_error err;
    sky_nav_scratch *s = sky_nav_scratch_new();
    size_t checked = 0;
    (void)state;
    assert_sky_ok(sky_geo_new(&g, &err), &err);
    for (size_t k = 0; k < sizeof maps / sizeof maps[0]; k++) {
        char path[512];
        sky_navmap map;
        sky_mesh *mesh = NULL;
        snprintf(path, sizeof path, "%s/bench_hand/%s.json", SKY_TEST_DATA, maps[k]);
        assert_sky_ok(sky_navmap_read(path, &map, &err), &err);
        assert_sky_ok(sky_navmap_mesh(g, &map, &mesh, &err), &err);
        for (size_t i = 0; i < map.nq; i++) {
            sky_xy *p = NULL;
            size_t n;
            double len;
            assert_int_equal(sky_nav_search(mesh, s, map.q[i].start, map.q[i].goal, 0, &p, &n,
                                            &len),
                             SKY_NAV_FOUND);
            assert_near(len, map.q[i].closed_form, 1e-9 * (1 + map.q[i].closed_form));
            assert_true(p[0].x == map.q[i].start.x && p[0].y == map.q[i].start.y);
            assert_true(p[n - 1].x == map.q[i].goal.x && p[n - 1].y == map.q[i].goal.y);
            sky_free(p);
            checked++;
        }
        sky_mesh_free(mesh);
        sky_navmap_clear(&map);
    }
    assert_int_equal(checked, 14);
    sky_nav_scratch_free(s);
    sky_geo_free(g);
}

/* --- random maps against brute force -------------------------------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static double urand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

typedef struct rmap {
    sky_xpoly poly[16];
    sky_xring ring[16];
    sky_xy pts[16][12];
    double cx[16], cy[16], rad[16];
    size_t n;
} rmap;

/* Up to 14 random convex polygons (6 to 10 vertices) in a 1000 m square, pairwise apart. */
static void make_map(rmap *m)
{
    m->n = 0;
    for (int tries = 0; tries < 200 && m->n < 14; tries++) {
        double cx = 100 + 800 * urand(), cy = 100 + 800 * urand(), r = 30 + 90 * urand();
        int ok = 1, nv = 6 + (int)(5 * urand());
        double rot = 6.283185307179586 * urand();
        for (size_t i = 0; i < m->n && ok; i++)
            ok = hypot(cx - m->cx[i], cy - m->cy[i]) > r + m->rad[i] + 5;
        if (!ok)
            continue;
        m->cx[m->n] = cx;
        m->cy[m->n] = cy;
        m->rad[m->n] = r;
        for (int k = 0; k < nv; k++) { /* counter-clockwise on a circle: convex */
            double a = rot + 6.283185307179586 * k / nv;
            m->pts[m->n][k] = (sky_xy){cx + r * cos(a), cy + r * sin(a)};
        }
        m->pts[m->n][nv] = m->pts[m->n][0];
        m->ring[m->n] = (sky_xring){(size_t)nv + 1, m->pts[m->n]};
        m->poly[m->n] = (sky_xpoly){1, &m->ring[m->n]};
        m->n++;
    }
}

static GEOSGeometry *geos_poly(GEOSContextHandle_t h, const sky_xring *r)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(h, (const double *)r->pts,
                                                         (unsigned)r->n, 0, 0);
    return GEOSGeom_createPolygon_r(h, GEOSGeom_createLinearRing_r(h, cs), NULL, 0);
}

static int inside_any(const rmap *m, sky_xy p)
{
    for (size_t i = 0; i < m->n; i++)
        if (hypot(p.x - m->cx[i], p.y - m->cy[i]) < m->rad[i] + 1)
            return 1;
    return 0;
}

/* Dijkstra over start, goal and every polygon vertex; an edge exists when the segment's
 * interior meets no polygon's interior. */
static double brute_force(GEOSContextHandle_t h, GEOSGeometry **polys, const rmap *m,
                          sky_xy a, sky_xy b)
{
    sky_xy nodes[2 + 16 * 11];
    size_t nn = 0;
    double d[2 + 16 * 11];
    int done[2 + 16 * 11] = {0};
    nodes[nn++] = a;
    nodes[nn++] = b;
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k + 1 < m->ring[i].n; k++)
            nodes[nn++] = m->pts[i][k];
    for (size_t i = 0; i < nn; i++)
        d[i] = INFINITY;
    d[0] = 0;
    for (;;) {
        size_t u = (size_t)-1;
        for (size_t i = 0; i < nn; i++)
            if (!done[i] && (u == (size_t)-1 || d[i] < d[u]))
                u = i;
        if (u == (size_t)-1 || !isfinite(d[u]))
            break;
        if (u == 1)
            return d[1];
        done[u] = 1;
        for (size_t v = 0; v < nn; v++) {
            double buf[4] = {nodes[u].x, nodes[u].y, nodes[v].x, nodes[v].y};
            GEOSGeometry *seg;
            int blocked = 0;
            if (done[v] || d[u] + hypot(buf[2] - buf[0], buf[3] - buf[1]) >= d[v])
                continue;
            seg = GEOSGeom_createLineString_r(h, GEOSCoordSeq_copyFromBuffer_r(h, buf, 2, 0, 0));
            for (size_t i = 0; i < m->n && !blocked; i++)
                blocked = GEOSRelatePattern_r(h, seg, polys[i], "T********") == 1;
            GEOSGeom_destroy_r(h, seg);
            if (!blocked)
                d[v] = d[u] + hypot(buf[2] - buf[0], buf[3] - buf[1]);
        }
    }
    return d[1];
}

static void test_random_maps_against_brute_force(void **state)
{
    GEOSContextHandle_t h = GEOS_init_r();
    sky_geo *g = NULL;
    sky_error err;
    sky_nav_scratch *s = sky_nav_scratch_new();
    size_t compared = 0;
    (void)state;
    assert_sky_ok(sky_geo_new(&g, &err), &err);
    for (int map = 0; map < 16; map++) {
        rmap m;
        GEOSGeometry *polys[16];
        sky_xy *tris = NULL;
        size_t ntris = 0;
        sky_mesh *mesh = NULL;
        sky_bbox box = {-500, -500, 1500, 1500};
        make_map(&m);
        for (size_t i = 0; i < m.n; i++)
            polys[i] = geos_poly(h, &m.ring[i]);
        assert_sky_ok(sky_geo_free_triangles(g, m.poly, m.n, 0, box, 1 + (size_t)(map % 3),
                                             &tris, &ntris, &err), &err);
        assert_sky_ok(sky_mesh_build(tris, ntris, &mesh, &err), &err);
        sky_free(tris);
        for (int q = 0; q < 6; q++) {
            sky_xy a, b, *p = NULL;
            size_t n;
            double len, want;
            do
                a = (sky_xy){1000 * urand(), 1000 * urand()};
            while (inside_any(&m, a));
            /* some goals sit exactly on a polygon vertex: touching is allowed */
            if (q == 5 && m.n > 0)
                b = m.pts[0][1];
            else
                do
                    b = (sky_xy){1000 * urand(), 1000 * urand()};
                while (inside_any(&m, b));
            want = brute_force(h, polys, &m, a, b);
            assert_int_equal(sky_nav_search(mesh, s, a, b, 0, &p, &n, &len), SKY_NAV_FOUND);
            if (fabs(len - want) > 1e-9 * want)
                fail_msg("map %d query %d: %.12f, brute force %.12f", map, q, len, want);
            sky_free(p);
            compared++;
        }
        for (size_t i = 0; i < m.n; i++)
            GEOSGeom_destroy_r(h, polys[i]);
        sky_mesh_free(mesh);
    }
    assert_int_equal(compared, 96);
    sky_nav_scratch_free(s);
    sky_geo_free(g);
    GEOS_finish_r(h);
}

static void test_outside_and_enclosed(void **state)
{
    /* a square ring (a polygon with a hole): the hole's inside is cut off */
    sky_xy outer[5] = {{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}};
    sky_xy hole[5] = {{30, 30}, {30, 70}, {70, 70}, {70, 30}, {30, 30}};
    sky_xring rings[2] = {{5, outer}, {5, hole}};
    sky_xpoly poly = {2, rings};
    sky_bbox box = {-100, -100, 200, 200};
    sky_geo *g = NULL;
    sky_mesh *mesh = NULL;
    sky_xy *tris = NULL, *p = NULL;
    size_t ntris, n;
    double len;
    sky_error err;
    sky_nav_scratch *s = sky_nav_scratch_new();
    (void)state;
    assert_sky_ok(sky_geo_new(&g, &err), &err);
    assert_sky_ok(sky_geo_free_triangles(g, &poly, 1, 0, box, 1, &tris, &ntris, &err), &err);
    assert_sky_ok(sky_mesh_build(tris, ntris, &mesh, &err), &err);
    sky_free(tris);
    assert_int_equal(sky_nav_search(mesh, s, (sky_xy){-50, -50}, (sky_xy){50, 50}, 0, &p, &n,
                                    &len),
                     SKY_NAV_NO_PATH);
    assert_int_equal(sky_nav_search(mesh, s, (sky_xy){10, 10}, (sky_xy){-50, -50}, 0, &p, &n,
                                    &len),
                     SKY_NAV_START_OUT);
    assert_int_equal(sky_nav_search(mesh, s, (sky_xy){-50, -50}, (sky_xy){500, 500}, 0, &p, &n,
                                    &len),
                     SKY_NAV_GOAL_OUT);
    /* inside the hole: a straight line */
    assert_int_equal(sky_nav_search(mesh, s, (sky_xy){40, 40}, (sky_xy){60, 60}, 0, &p, &n,
                                    &len),
                     SKY_NAV_FOUND);
    assert_near(len, hypot(20, 20), 1e-12);
    sky_free(p);
    /* round the outside, along two walls: closed form */
    assert_int_equal(sky_nav_search(mesh, s, (sky_xy){-10, 50}, (sky_xy){110, 50}, 0, &p, &n,
                                    &len),
                     SKY_NAV_FOUND);
    assert_near(len, 2 * hypot(10, 50) + 100, 1e-9);
    sky_free(p);
    sky_mesh_free(mesh);
    sky_nav_scratch_free(s);
    sky_geo_free(g);
}

/* Monotone-chain convex hull of pts (sorted in place), counter-clockwise, into out. */
static int cmp_xy(const void *a, const void *b)
{
    const sky_xy *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : p->y < q->y ? -1 : p->y > q->y;
}

static double turn(sky_xy o, sky_xy a, sky_xy b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

static size_t hull(sky_xy *pts, size_t n, sky_xy *out)
{
    size_t k = 0;
    qsort(pts, n, sizeof *pts, cmp_xy);
    for (size_t i = 0; i < n; i++) {
        while (k >= 2 && turn(out[k - 2], out[k - 1], pts[i]) <= 0)
            k--;
        out[k++] = pts[i];
    }
    for (size_t i = n - 1, t = k + 1; i-- > 0;) {
        while (k >= t && turn(out[k - 2], out[k - 1], pts[i]) <= 0)
            k--;
        out[k++] = pts[i];
    }
    return k - 1;
}

/*
 * Round a regular polygon of many vertices: the free space is a fan of slivers and the
 * search makes many nodes. The length is the shorter way round the convex hull of the
 * polygon, start and goal (computed here); a small node budget stops the search cleanly.
 */
static void test_many_vertices_and_budget(void **state)
{
    enum { N = 1500 };
    static sky_xy ring[N + 1], pts[N + 2], hl[2 * (N + 2)];
    sky_xring rings[1] = {{N + 1, ring}};
    sky_xpoly poly = {1, rings};
    sky_bbox box = {-400, -400, 400, 400};
    const sky_xy a = {-300, 0.5}, b = {300, 0.5};
    sky_geo *g = NULL;
    sky_mesh *mesh = NULL;
    sky_xy *tris = NULL, *p = NULL;
    size_t ntris, n, nh, ia = 0, ib = 0;
    double len, way1 = 0, way2 = 0;
    sky_error err;
    sky_nav_scratch *s = sky_nav_scratch_new();
    (void)state;
    for (int k = 0; k < N; k++) {
        double t = 2 * 3.14159265358979323846 * k / N;
        ring[k] = (sky_xy){100 * cos(t), 100 * sin(t)};
        pts[k] = ring[k];
    }
    ring[N] = ring[0];
    pts[N] = a;
    pts[N + 1] = b;
    nh = hull(pts, N + 2, hl);
    for (size_t i = 0; i < nh; i++) {
        if (hl[i].x == a.x && hl[i].y == a.y)
            ia = i;
        if (hl[i].x == b.x && hl[i].y == b.y)
            ib = i;
    }
    for (size_t i = ia; i != ib; i = (i + 1) % nh)
        way1 += hypot(hl[(i + 1) % nh].x - hl[i].x, hl[(i + 1) % nh].y - hl[i].y);
    for (size_t i = ib; i != ia; i = (i + 1) % nh)
        way2 += hypot(hl[(i + 1) % nh].x - hl[i].x, hl[(i + 1) % nh].y - hl[i].y);

    assert_sky_ok(sky_geo_new(&g, &err), &err);
    assert_sky_ok(sky_geo_free_triangles(g, &poly, 1, 0, box, 1, &tris, &ntris, &err), &err);
    assert_sky_ok(sky_mesh_build(tris, ntris, &mesh, &err), &err);
    sky_free(tris);
    assert_int_equal(sky_nav_search(mesh, s, a, b, 0, &p, &n, &len), SKY_NAV_FOUND);
    assert_near(len, fmin(way1, way2), 1e-9);
    sky_free(p);
    sky_nav_scratch_set_budget(s, 1000);
    assert_int_equal(sky_nav_search(mesh, s, a, b, 0, &p, &n, &len), SKY_NAV_LIMIT);
    assert_null(p);
    sky_nav_scratch_set_budget(s, 0);
    assert_int_equal(sky_nav_search(mesh, s, a, b, 0, &p, &n, &len), SKY_NAV_FOUND);
    sky_free(p);
    sky_mesh_free(mesh);
    sky_nav_scratch_free(s);
    sky_geo_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_maps),
        cmocka_unit_test(test_random_maps_against_brute_force),
        cmocka_unit_test(test_outside_and_enclosed),
        cmocka_unit_test(test_many_vertices_and_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
