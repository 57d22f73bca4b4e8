/*
 * nav.c - mesh topology and the Polyanya search.
 *
 * Conventions. Triangles are counter-clockwise; edge i runs tv[i] -> tv[i+1] and the
 * triangle lies on its left. A search node enters triangle T through edge k = (Lv, Rv) from
 * its right side; its interval [L, R] lies on that edge, L towards Lv and R towards Rv, which
 * are the left and right ends as seen from the root. The far boundary of T, seen from the
 * root, runs from Rv (s = 0) over the opposite vertex o (s = 1) to Lv (s = 2).
 *
 * A node's cost f = g + h is the length of a real path (root chain plus the straight reach
 * through the interval), so with an admissible h the first goal node popped is optimal.
 * Root-level pruning keeps, per vertex, the best g it was reached with.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/nav.h"

/* --- mesh ---------------------------------------------------------------------------------- */

void sky_mesh_free(sky_mesh *m)
{
    if (m == NULL)
        return;
    sky_free(m->v);
    sky_free(m->corner);
    sky_free(m->off);
    sky_free(m->vid);
    sky_free(m->nb);
    sky_free(m->nbe);
    sky_index_free(m->pindex);
    sky_free(m);
}

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t bits(double d)
{
    uint64_t u;
    if (d == 0)
        d = 0; /* -0 and +0 are the same point */
    memcpy(&u, &d, sizeof u);
    return u;
}

static double cross3(sky_xy o, sky_xy a, sky_xy b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/* Half-edges of the triangulation while triangles merge into convex faces. */
typedef struct hedges {
    int32_t *org;   /* origin vertex */
    int32_t *twin;  /* -1 on an obstacle edge */
    int32_t *next;  /* next half-edge of the same face, counter-clockwise */
    int32_t *face;  /* the face (a triangle's id, then its merged face's) */
    int32_t *fsize; /* per face: its number of edges; 0 once merged away */
    int32_t *fedge; /* per face: one of its half-edges */
} hedges;

static int32_t prev_of(const hedges *H, int32_t h)
{
    int32_t p = h;
    while (H->next[p] != h)
        p = H->next[p];
    return p;
}

typedef struct lenkey {
    double len;
    int32_t h;
} lenkey;

static int cmp_len_desc(const void *a, const void *b)
{
    const lenkey *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return (x->h > y->h) - (x->h < y->h);
}

/*
 * Greedy merging (longest shared edges first): two faces merge when the face they make stays
 * strictly convex at both ends of the removed edge and has at most SKY_NAV_MAX_POLY edges.
 * Fewer, larger convex polygons mean fewer search nodes for Polyanya.
 */
static void merge_faces(const sky_mesh *m, hedges *H, size_t nh)
{
    lenkey *keys = sky_malloc((nh ? nh : 1) * sizeof *keys);
    size_t nk = 0;
    if (keys == NULL)
        return; /* merging is an optimisation: the triangles stay valid */
    for (size_t h = 0; h < nh; h++) {
        int32_t t = H->twin[h];
        if (t > (int32_t)h) {
            sky_xy a = m->v[H->org[h]], b = m->v[H->org[t]];
            keys[nk].len = hypot(b.x - a.x, b.y - a.y);
            keys[nk].h = (int32_t)h;
            nk++;
        }
    }
    qsort(keys, nk, sizeof *keys, cmp_len_desc);
    for (size_t i = 0; i < nk; i++) {
        int32_t h = keys[i].h, t = H->twin[h];
        int32_t A = H->face[h], B = H->face[t], ph, pt, nh_, nt, e;
        sky_xy u, w;
        if (A == B || H->fsize[A] + H->fsize[B] - 2 > SKY_NAV_MAX_POLY)
            continue;
        ph = prev_of(H, h);
        pt = prev_of(H, t);
        nh_ = H->next[h];
        nt = H->next[t];
        u = m->v[H->org[h]]; /* h runs u -> w; t runs w -> u */
        w = m->v[H->org[t]];
        /* at u: ph (ends at u) then nt (starts at u); at w: pt then nh_ */
        if (!(cross3(m->v[H->org[ph]], u, m->v[H->org[H->next[nt]]]) > 0) ||
            !(cross3(m->v[H->org[pt]], w, m->v[H->org[H->next[nh_]]]) > 0))
            continue;
        H->next[ph] = nt;
        H->next[pt] = nh_;
        e = nt;
        do { /* B's edges join A */
            H->face[e] = A;
            e = H->next[e];
        } while (e != nt);
        H->fsize[A] += H->fsize[B] - 2;
        H->fsize[B] = 0;
        H->fedge[A] = nt;
        H->twin[h] = H->twin[t] = -2; /* gone */
    }
    sky_free(keys);
}

sky_status sky_mesh_build(const sky_xy *tris, size_t ntris, sky_mesh **out, sky_error *err)
{
    sky_mesh *m = sky_calloc(1, sizeof *m);
    size_t cap = 16, *vslot = NULL, *eslot = NULL, nh = 3 * ntris, np = 0, nvid = 0;
    hedges H = {NULL, NULL, NULL, NULL, NULL, NULL};
    int32_t *pid = NULL, *hpos = NULL;
    sky_bbox *boxes = NULL;
    sky_status rc = SKY_OK;

    *out = NULL;
    if (m == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    m->ntris = ntris;
    while (cap < 2 * nh + 16)
        cap *= 2;
    m->v = sky_malloc((nh + 1) * sizeof *m->v);
    H.org = sky_malloc((nh + 1) * sizeof *H.org);
    H.twin = sky_malloc((nh + 1) * sizeof *H.twin);
    H.next = sky_malloc((nh + 1) * sizeof *H.next);
    H.face = sky_malloc((nh + 1) * sizeof *H.face);
    H.fsize = sky_malloc((ntris + 1) * sizeof *H.fsize);
    H.fedge = sky_malloc((ntris + 1) * sizeof *H.fedge);
    vslot = sky_malloc(cap * sizeof *vslot);
    eslot = sky_malloc(cap * sizeof *eslot);
    if (!m->v || !H.org || !H.twin || !H.next || !H.face || !H.fsize || !H.fedge || !vslot ||
        !eslot) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    memset(vslot, 0xff, cap * sizeof *vslot);
    memset(eslot, 0xff, cap * sizeof *eslot);
    /* vertices: one id per distinct coordinate pair; half-edges: three per triangle */
    for (size_t t = 0; t < ntris; t++) {
        for (int i = 0; i < 3; i++) {
            sky_xy p = tris[3 * t + (size_t)i];
            size_t h = (size_t)mix(bits(p.x) * 31 + bits(p.y)) & (cap - 1);
            while (vslot[h] != (size_t)-1 &&
                   (m->v[vslot[h]].x != p.x || m->v[vslot[h]].y != p.y))
                h = (h + 1) & (cap - 1);
            if (vslot[h] == (size_t)-1) {
                vslot[h] = m->nv;
                m->v[m->nv++] = p;
            }
            H.org[3 * t + (size_t)i] = (int32_t)vslot[h];
            H.next[3 * t + (size_t)i] = (int32_t)(3 * t + (size_t)(i + 1) % 3);
            H.face[3 * t + (size_t)i] = (int32_t)t;
            H.twin[3 * t + (size_t)i] = -1;
        }
        H.fsize[t] = 3;
        H.fedge[t] = (int32_t)(3 * t);
    }
    /* twins: pair each directed edge with its reverse */
    for (size_t h = 0; h < nh; h++) {
        uint32_t a = (uint32_t)H.org[h], b = (uint32_t)H.org[H.next[h]];
        uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
        size_t k = (size_t)mix(((uint64_t)lo << 32) | hi) & (cap - 1);
        for (;;) {
            size_t e = eslot[k];
            if (e == (size_t)-1) {
                eslot[k] = h;
                break;
            }
            if ((uint32_t)H.org[e] == b && (uint32_t)H.org[H.next[e]] == a && H.twin[e] < 0) {
                H.twin[e] = (int32_t)h;
                H.twin[h] = (int32_t)e;
                break;
            }
            k = (k + 1) & (cap - 1);
        }
    }
    m->corner = sky_calloc(m->nv ? m->nv : 1, 1);
    if (m->corner == NULL) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t h = 0; h < nh; h++)
        if (H.twin[h] < 0) {
            m->corner[H.org[h]] = 1;
            m->corner[H.org[H.next[h]]] = 1;
        }
    merge_faces(m, &H, nh);
    /* the polygons: number the faces left, walk each cycle */
    pid = sky_malloc((ntris + 1) * sizeof *pid);
    hpos = sky_malloc((nh + 1) * sizeof *hpos);
    if (pid == NULL || hpos == NULL) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t f = 0; f < ntris; f++) {
        pid[f] = H.fsize[f] > 0 ? (int32_t)np++ : -1;
        nvid += H.fsize[f] > 0 ? (size_t)H.fsize[f] : 0;
    }
    m->np = np;
    m->off = sky_malloc((np + 1) * sizeof *m->off);
    m->vid = sky_malloc((nvid + 1) * sizeof *m->vid);
    m->nb = sky_malloc((nvid + 1) * sizeof *m->nb);
    m->nbe = sky_malloc((nvid + 1) * sizeof *m->nbe);
    boxes = sky_malloc((np + 1) * sizeof *boxes);
    if (!m->off || !m->vid || !m->nb || !m->nbe || !boxes) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    {
        uint32_t o = 0;
        for (size_t f = 0; f < ntris; f++) {
            int32_t e, i = 0;
            if (pid[f] < 0)
                continue;
            m->off[pid[f]] = o;
            sky_bbox_empty(&boxes[pid[f]]);
            e = H.fedge[f];
            do {
                m->vid[o + (uint32_t)i] = H.org[e];
                hpos[e] = i;
                sky_bbox_add(&boxes[pid[f]], m->v[H.org[e]]);
                i++;
                e = H.next[e];
            } while (e != H.fedge[f]);
            o += (uint32_t)i;
        }
        m->off[np] = o;
        for (size_t f = 0; f < ntris; f++) {
            int32_t e;
            if (pid[f] < 0)
                continue;
            e = H.fedge[f];
            do {
                uint32_t slot = m->off[pid[f]] + (uint32_t)hpos[e];
                int32_t t = H.twin[e];
                m->nb[slot] = t >= 0 ? pid[H.face[t]] : -1;
                m->nbe[slot] = t >= 0 ? hpos[t] : -1;
                e = H.next[e];
            } while (e != H.fedge[f]);
        }
    }
    rc = sky_index_build(boxes, np, &m->pindex, err);
done:
    sky_free(vslot);
    sky_free(eslot);
    sky_free(boxes);
    sky_free(pid);
    sky_free(hpos);
    sky_free(H.org);
    sky_free(H.twin);
    sky_free(H.next);
    sky_free(H.face);
    sky_free(H.fsize);
    sky_free(H.fedge);
    if (rc != SKY_OK) {
        sky_mesh_free(m);
        return rc;
    }
    *out = m;
    return SKY_OK;
}

/* Polygon p's vertex count and its i-th vertex / neighbour (i taken modulo the count). */
static int32_t pn(const sky_mesh *m, int32_t p)
{
    return (int32_t)(m->off[p + 1] - m->off[p]);
}

/* i in [0, 2n): callers index at most one turn past the end (no division on the hot path) */
static uint32_t wrap(int32_t i, int32_t n)
{
    return (uint32_t)(i >= n ? i - n : i);
}

static int32_t pvid(const sky_mesh *m, int32_t p, int32_t i)
{
    return m->vid[m->off[p] + wrap(i, pn(m, p))];
}

static int32_t pnb(const sky_mesh *m, int32_t p, int32_t i, int32_t *edge)
{
    uint32_t slot = m->off[p] + wrap(i, pn(m, p));
    *edge = m->nbe[slot];
    return m->nb[slot];
}

/* --- geometry ------------------------------------------------------------------------------ */

static double dist(sky_xy a, sky_xy b)
{
    double dx = a.x - b.x, dy = a.y - b.y;
    return sqrt(dx * dx + dy * dy);
}

static int same(sky_xy a, sky_xy b)
{
    return a.x == b.x && a.y == b.y;
}

/* p in the closed convex polygon t, with a tolerance relative to the edge lengths. */
static int in_poly(const sky_mesh *m, int32_t t, sky_xy p)
{
    int32_t n = pn(m, t);
    for (int32_t i = 0; i < n; i++) {
        sky_xy a = m->v[pvid(m, t, i)], b = m->v[pvid(m, t, i + 1)];
        double c = cross3(a, b, p), l = dist(a, b);
        if (c < -1e-12 * l * (l + dist(a, p)))
            return 0;
    }
    return 1;
}

typedef struct loc {
    int32_t *t;
    size_t n, cap;
    const sky_mesh *m;
    sky_xy p;
    int oom;
} loc;

static int on_tri(void *user, size_t item)
{
    loc *l = user;
    if (!in_poly(l->m, (int32_t)item, l->p))
        return 0;
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 8;
        int32_t *nt = sky_realloc(l->t, nc * sizeof *nt);
        if (nt == NULL) {
            l->oom = 1;
            return 1;
        }
        l->t = nt;
        l->cap = nc;
    }
    l->t[l->n++] = (int32_t)item;
    return 0;
}

/* Every polygon holding p (several when p is on an edge or a vertex). */
static void locate(const sky_mesh *m, sky_xy p, loc *l)
{
    double e = 1e-9 * (fabs(p.x) + fabs(p.y) + 1);
    sky_bbox b = {p.x - e, p.y - e, p.x + e, p.y + e};
    l->m = m;
    l->p = p;
    l->n = 0;
    sky_index_query(m->pindex, b, on_tri, l);
}

/* Reflect p across the line through a and b. */
static sky_xy reflect(sky_xy p, sky_xy a, sky_xy b)
{
    double dx = b.x - a.x, dy = b.y - a.y, d2 = dx * dx + dy * dy;
    double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / d2;
    sky_xy f = {a.x + t * dx, a.y + t * dy};
    sky_xy r = {2 * f.x - p.x, 2 * f.y - p.y};
    return r;
}

/* A lower bound of the path length from r to goal through [L, R] (Polyanya's h). */
static double h_value(sky_xy r, sky_xy L, sky_xy R, sky_xy goal)
{
    double sr, sg;
    if (same(r, L) || same(r, R) || same(L, R))
        return dist(r, goal);
    sr = cross3(L, R, r);
    sg = cross3(L, R, goal);
    if (sr == 0)
        return dist(r, goal);
    if ((sr < 0) == (sg < 0) && sg != 0)
        goal = reflect(goal, L, R);
    if (cross3(r, R, goal) < 0)
        return dist(r, R) + dist(R, goal);
    if (cross3(r, L, goal) > 0)
        return dist(r, L) + dist(L, goal);
    return dist(r, goal);
}

/* --- search -------------------------------------------------------------------------------- */

typedef struct pnode {
    sky_xy root, L, R;
    double g, f;
    int32_t root_v;        /* vertex id of the root, -1 for the start */
    int32_t lvert, rvert;  /* vertex id when L / R is exactly a vertex, else -1 */
    int32_t tri;           /* the triangle being entered; -1 for a goal node */
    int32_t parent;        /* node whose root chain precedes this root */
    int8_t edge;           /* entry edge of tri */
} pnode;

struct sky_nav_scratch {
    pnode *nodes;
    size_t nnodes, capnodes;
    int32_t *heap;
    size_t nheap, capheap;
    double *best_g;        /* per vertex, valid where stamp == gen */
    uint32_t *stamp;
    size_t capv;
    uint32_t gen;
    loc la, lb;
    uint64_t expanded, generated;
    int32_t pending[3 * SKY_NAV_MAX_POLY]; /* successors of the node being expanded */
    size_t npending;
    int oom;
    int full;              /* the node budget is spent */
    size_t budget;         /* 0: SKY_NAV_MAX_NODES */
};

void sky_nav_scratch_set_budget(sky_nav_scratch *s, size_t max_nodes)
{
    s->budget = max_nodes < SKY_NAV_MAX_NODES ? max_nodes : 0;
}

sky_nav_scratch *sky_nav_scratch_new(void)
{
    return sky_calloc(1, sizeof(sky_nav_scratch));
}

void sky_nav_scratch_free(sky_nav_scratch *s)
{
    if (s == NULL)
        return;
    sky_free(s->nodes);
    sky_free(s->heap);
    sky_free(s->best_g);
    sky_free(s->stamp);
    sky_free(s->la.t);
    sky_free(s->lb.t);
    sky_free(s);
}

void sky_nav_stats(const sky_nav_scratch *s, uint64_t *expanded, uint64_t *generated)
{
    *expanded = s->expanded;
    *generated = s->generated;
}

static int heap_less(const sky_nav_scratch *s, int32_t a, int32_t b)
{
    const pnode *x = &s->nodes[a], *y = &s->nodes[b];
    if (x->f != y->f)
        return x->f < y->f;
    return x->g > y->g; /* ties: deeper first */
}

static void heap_push(sky_nav_scratch *s, int32_t id)
{
    size_t i;
    if (s->nheap == s->capheap) {
        size_t nc = s->capheap ? 2 * s->capheap : 1024;
        int32_t *nh = sky_realloc(s->heap, nc * sizeof *nh);
        if (nh == NULL) {
            s->oom = 1;
            return;
        }
        s->heap = nh;
        s->capheap = nc;
    }
    i = s->nheap++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!heap_less(s, id, s->heap[p]))
            break;
        s->heap[i] = s->heap[p];
        i = p;
    }
    s->heap[i] = id;
}

static int32_t heap_pop(sky_nav_scratch *s)
{
    int32_t top = s->heap[0], last = s->heap[--s->nheap];
    size_t i = 0, n = s->nheap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && heap_less(s, s->heap[c + 1], s->heap[c]))
            c++;
        if (!heap_less(s, s->heap[c], last))
            break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    if (n > 0)
        s->heap[i] = last;
    return top;
}

static int32_t new_node(sky_nav_scratch *s)
{
    if (s->nnodes >= (s->budget ? s->budget : SKY_NAV_MAX_NODES)) {
        s->full = 1;
        return -1;
    }
    if (s->nnodes == s->capnodes) {
        size_t nc = s->capnodes ? 2 * s->capnodes : 4096;
        pnode *nn = sky_realloc(s->nodes, nc * sizeof *nn);
        if (nn == NULL || nc > INT32_MAX) {
            s->oom = 1;
            return -1;
        }
        s->nodes = nn;
        s->capnodes = nc;
    }
    return (int32_t)s->nnodes++;
}

/* Root-level pruning: 1 when g is no worse than the best seen for vertex v (and record it). */
static int root_ok(sky_nav_scratch *s, int32_t v, double g)
{
    if (v < 0)
        return 1;
    if (s->stamp[v] != s->gen || g < s->best_g[v]) {
        s->stamp[v] = s->gen;
        s->best_g[v] = g;
        return 1;
    }
    return g <= s->best_g[v] * (1 + 1e-12);
}

typedef struct search {
    const sky_mesh *m;
    sky_nav_scratch *s;
    sky_xy goal;
    const int32_t *goal_tris;
    size_t ngoal;
} search;

/*
 * Push the successor through far edge j (0 .. n-2, counted from Rv towards Lv) of polygon t
 * entered at edge k, for the far-boundary parameters [sa, sb] within [j, j + 1].
 */
static void push_succ(search *S, int32_t t, int k, int j, double sa, double sb, sky_xy root,
                      int32_t root_v, double g, int32_t parent)
{
    const sky_mesh *m = S->m;
    int32_t e = k + 1 + j, ne, nb = pnb(m, t, e, &ne), id;
    int32_t a_id = pvid(m, t, e), b_id = pvid(m, t, e + 1); /* a -> b along the far side */
    sky_xy a = m->v[a_id], b = m->v[b_id];
    double ua = sa - (double)j, ub = sb - (double)j;
    pnode *n;
    if (nb < 0 || !(ub > ua))
        return;
    id = new_node(S->s);
    if (id < 0)
        return;
    n = &S->s->nodes[id];
    /* in the neighbour the shared edge runs b -> a: b is its Lv side, a its Rv side */
    n->R = ua <= 0 ? a : (sky_xy){a.x + ua * (b.x - a.x), a.y + ua * (b.y - a.y)};
    n->L = ub >= 1 ? b : (sky_xy){a.x + ub * (b.x - a.x), a.y + ub * (b.y - a.y)};
    n->rvert = ua <= 0 ? a_id : -1;
    n->lvert = ub >= 1 ? b_id : -1;
    n->root = root;
    n->root_v = root_v;
    n->g = g;
    n->f = g + h_value(root, n->L, n->R, S->goal);
    n->tri = nb;
    n->edge = (int8_t)ne;
    n->parent = parent;
    S->s->generated++;
    /* hold a node's successors for intermediate pruning */
    if (S->s->npending < sizeof S->s->pending / sizeof S->s->pending[0])
        S->s->pending[S->s->npending++] = id;
    else
        heap_push(S->s, id);
}

static int is_goal_tri(const search *S, int32_t t)
{
    for (size_t i = 0; i < S->ngoal; i++)
        if (S->goal_tris[i] == t)
            return 1;
    return 0;
}

static void push_goal(search *S, sky_xy root, int32_t root_v, double g, int32_t parent)
{
    int32_t id = new_node(S->s);
    pnode *n;
    if (id < 0)
        return;
    n = &S->s->nodes[id];
    memset(n, 0, sizeof *n);
    n->root = root;
    n->root_v = root_v;
    n->g = g;
    n->f = g + dist(root, S->goal);
    n->tri = -1;
    n->parent = parent;
    n->lvert = n->rvert = -1;
    heap_push(S->s, id);
}

/*
 * Where the ray r -> P leaves the far side F[0..n-1] (F[0] = Rv, F[n-1] = Lv), as s in
 * [0, n-1]. right: the visible side is cross >= 0 (the part left of the right ray); else the
 * visible side is cross <= 0 (right of the left ray). The far side is a convex chain, so the
 * sign changes once.
 */
static double bound(sky_xy r, sky_xy P, const sky_xy *F, int n, int right)
{
    if (right) {
        /* the visible part is the suffix where cross >= 0: start after the last negative */
        double next = cross3(r, P, F[n - 1]);
        if (next < 0)
            return (double)(n - 1);
        for (int j = n - 2; j >= 0; j--) {
            double c = cross3(r, P, F[j]);
            if (c < 0)
                return (double)j + (-c) / (next - c);
            next = c;
        }
        return 0;
    } else {
        /* the visible part is the prefix where cross <= 0: stop at the first positive */
        double prev = cross3(r, P, F[0]);
        if (prev > 0)
            return 0;
        for (int j = 0; j + 1 < n; j++) {
            double c = cross3(r, P, F[j + 1]);
            if (c > 0)
                return (double)j + (-prev) / (c - prev);
            prev = c;
        }
        return (double)(n - 1);
    }
}

static void expand(search *S, int32_t id)
{
    const sky_mesh *m = S->m;
    pnode nd = S->s->nodes[id]; /* copy: pushes may move the pool */
    int32_t t = nd.tri;
    int k = nd.edge, n = pn(m, t), last = n - 1;
    int32_t lv_id = pvid(m, t, k), rv_id = pvid(m, t, k + 1);
    sky_xy F[SKY_NAV_MAX_POLY], Lv = m->v[lv_id], Rv = m->v[rv_id], r = nd.root;
    int root_is_R = (nd.rvert >= 0 && nd.root_v == nd.rvert) || same(r, nd.R);
    int root_is_L = (nd.lvert >= 0 && nd.root_v == nd.lvert) || same(r, nd.L);
    double sR, sL;

    for (int j = 0; j < n; j++) /* the far side, Rv first, Lv last */
        F[j] = m->v[pvid(m, t, k + 1 + j)];
    sR = root_is_R ? 0 : bound(r, nd.R, F, n, 1);
    sL = root_is_L ? (double)last : bound(r, nd.L, F, n, 0);
    S->s->expanded++;
    if (is_goal_tri(S, t)) {
        sky_xy gl = S->goal;
        int right_out = !root_is_R && cross3(r, nd.R, gl) < 0;
        int left_out = !root_is_L && cross3(r, nd.L, gl) > 0;
        if (!right_out && !left_out)
            push_goal(S, r, nd.root_v, nd.g, id);
        else if (right_out && nd.rvert >= 0 && m->corner[nd.rvert])
            push_goal(S, Rv, nd.rvert, nd.g + dist(r, Rv), id);
        else if (left_out && nd.lvert >= 0 && m->corner[nd.lvert])
            push_goal(S, Lv, nd.lvert, nd.g + dist(r, Lv), id);
    }
    /* observable: straight on through the visible part of the far side */
    if (sL > sR)
        for (int j = (int)floor(sR); j < last && (double)j < sL; j++)
            push_succ(S, t, k, j, fmax(sR, j), fmin(sL, j + 1), r, nd.root_v, nd.g, id);
    /* non-observable: turn at a corner at the interval's end */
    if (!root_is_R && nd.rvert >= 0 && m->corner[nd.rvert] && sR > 0) {
        double g2 = nd.g + dist(r, Rv);
        if (root_ok(S->s, nd.rvert, g2))
            for (int j = 0; j < last && (double)j < sR; j++)
                push_succ(S, t, k, j, j, fmin(sR, j + 1), Rv, nd.rvert, g2, id);
    }
    if (!root_is_L && nd.lvert >= 0 && m->corner[nd.lvert] && sL < last) {
        double g2 = nd.g + dist(r, Lv);
        if (root_ok(S->s, nd.lvert, g2))
            for (int j = (int)floor(sL); j < last; j++)
                push_succ(S, t, k, j, fmax(sL, j), j + 1, Lv, nd.lvert, g2, id);
    }
}

static int32_t vertex_at(const sky_mesh *m, const loc *l, sky_xy p)
{
    for (size_t i = 0; i < l->n; i++)
        for (int32_t k = 0; k < pn(m, l->t[i]); k++)
            if (same(m->v[pvid(m, l->t[i], k)], p))
                return pvid(m, l->t[i], k);
    return -1;
}

/* 1 when p lies on the closed segment a-b (within the location tolerance). */
static int on_edge(sky_xy a, sky_xy b, sky_xy p)
{
    double l = dist(a, b);
    return fabs(cross3(a, b, p)) <= 1e-12 * l * (l + dist(a, p)) &&
           (p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y) >= 0 &&
           (p.x - b.x) * (a.x - b.x) + (p.y - b.y) * (a.y - b.y) >= 0;
}

sky_nav_result sky_nav_search(const sky_mesh *m, sky_nav_scratch *s, sky_xy a, sky_xy b,
                              uint64_t max_expansions, sky_xy **path, size_t *n, double *len)
{
    search S;
    int32_t start_v, found = -1;

    *path = NULL;
    *n = 0;
    *len = 0;
    s->nnodes = s->nheap = 0;
    s->npending = 0;
    s->expanded = s->generated = 0;
    s->oom = 0;
    s->full = 0;
    if (s->capv < m->nv) {
        double *bg = sky_realloc(s->best_g, m->nv * sizeof *bg);
        uint32_t *st = bg ? sky_realloc(s->stamp, m->nv * sizeof *st) : NULL;
        if (bg)
            s->best_g = bg;
        if (st == NULL)
            return SKY_NAV_NOMEM;
        s->stamp = st;
        memset(s->stamp, 0, m->nv * sizeof *st);
        s->capv = m->nv;
        s->gen = 0;
    }
    if (++s->gen == 0) {
        memset(s->stamp, 0, s->capv * sizeof *s->stamp);
        s->gen = 1;
    }
    locate(m, a, &s->la);
    locate(m, b, &s->lb);
    if (s->la.oom || s->lb.oom)
        return SKY_NAV_NOMEM;
    if (s->la.n == 0)
        return SKY_NAV_START_OUT;
    if (s->lb.n == 0)
        return SKY_NAV_GOAL_OUT;
    S.m = m;
    S.s = s;
    S.goal = b;
    S.goal_tris = s->lb.t;
    S.ngoal = s->lb.n;
    start_v = vertex_at(m, &s->la, a);
    /* the start sees all of every triangle holding it */
    for (size_t i = 0; i < s->la.n; i++) {
        int32_t t = s->la.t[i];
        if (is_goal_tri(&S, t)) {
            push_goal(&S, a, start_v, 0, -1);
            continue;
        }
        for (int32_t e = 0; e < pn(m, t); e++) {
            int32_t u = pvid(m, t, e), w = pvid(m, t, e + 1), id, ne;
            int32_t nb = pnb(m, t, e, &ne);
            pnode *nd;
            if (nb < 0 || on_edge(m->v[u], m->v[w], a))
                continue;
            id = new_node(s);
            if (id < 0)
                break;
            nd = &s->nodes[id];
            /* in the neighbour the edge runs w -> u: w is Lv, u is Rv */
            nd->root = a;
            nd->root_v = start_v;
            nd->L = m->v[w];
            nd->R = m->v[u];
            nd->lvert = w;
            nd->rvert = u;
            nd->g = 0;
            nd->f = h_value(a, nd->L, nd->R, b);
            nd->tri = nb;
            nd->edge = (int8_t)ne;
            nd->parent = -1;
            heap_push(s, id);
        }
    }
    if (start_v >= 0)
        root_ok(s, start_v, 0);
    while (s->nheap > 0 && !s->oom && !s->full) {
        int32_t id = heap_pop(s);
        const pnode *nd = &s->nodes[id];
        if (nd->tri < 0) {
            found = id;
            break;
        }
        /* a root reached more cheaply since this node was made */
        if (nd->root_v >= 0 && s->stamp[nd->root_v] == s->gen &&
            nd->g > s->best_g[nd->root_v] * (1 + 1e-12))
            continue;
        if (max_expansions && s->expanded >= max_expansions)
            return SKY_NAV_LIMIT;
        s->npending = 0;
        expand(&S, id);
        /*
         * Intermediate pruning (Polyanya): a node with a single successor hands it on at
         * once; with a consistent h its f is no smaller, so A*'s order is kept while the heap
         * is spared a push and a pop.
         */
        while (s->npending == 1 && !s->oom && !s->full) {
            int32_t only = s->pending[0];
            const pnode *on = &s->nodes[only];
            if (on->root_v >= 0 && s->stamp[on->root_v] == s->gen &&
                on->g > s->best_g[on->root_v] * (1 + 1e-12)) {
                s->npending = 0;
                break;
            }
            if (max_expansions && s->expanded >= max_expansions)
                break;
            s->npending = 0;
            expand(&S, only);
        }
        for (size_t i = 0; i < s->npending; i++)
            heap_push(s, s->pending[i]);
        s->npending = 0;
    }
    if (s->oom)
        return SKY_NAV_NOMEM;
    if (s->full && found < 0)
        return SKY_NAV_LIMIT;
    if (found < 0)
        return SKY_NAV_NO_PATH;
    {
        /* the root chain, goal first, then reversed */
        size_t cnt = 2, cap = 16, k = 0;
        sky_xy *pts = sky_malloc(cap * sizeof *pts);
        int32_t cur = found;
        sky_xy last;
        if (pts == NULL)
            return SKY_NAV_NOMEM;
        pts[k++] = b;
        last = b;
        while (cur >= 0) {
            const pnode *nd = &s->nodes[cur];
            if (!same(nd->root, last)) {
                if (k == cap) {
                    sky_xy *np = sky_realloc(pts, 2 * cap * sizeof *np);
                    if (np == NULL) {
                        sky_free(pts);
                        return SKY_NAV_NOMEM;
                    }
                    pts = np;
                    cap *= 2;
                }
                pts[k++] = nd->root;
                last = nd->root;
            }
            cur = nd->parent;
        }
        if (!same(last, a)) {
            if (k == cap) {
                sky_xy *np = sky_realloc(pts, (cap + 1) * sizeof *np);
                if (np == NULL) {
                    sky_free(pts);
                    return SKY_NAV_NOMEM;
                }
                pts = np;
            }
            pts[k++] = a;
        }
        (void)cnt;
        for (size_t i = 0; i < k / 2; i++) {
            sky_xy tmp = pts[i];
            pts[i] = pts[k - 1 - i];
            pts[k - 1 - i] = tmp;
        }
        for (size_t i = 1; i < k; i++)
            *len += dist(pts[i - 1], pts[i]);
        if (k == 1) { /* start == goal */
            pts[1] = b;
            k = 2;
        }
        *path = pts;
        *n = k;
    }
    return SKY_NAV_FOUND;
}

size_t sky_nav_component_walls(const sky_mesh *m, sky_xy p, sky_xy **mids)
{
    loc l = {NULL, 0, 0, NULL, {0, 0}, 0};
    int32_t *stack = NULL;
    uint8_t *marks = NULL;
    size_t top = 0, n = 0, cap = 0;
    *mids = NULL;
    locate(m, p, &l);
    if (l.n > 0) {
        stack = sky_malloc((m->np + 1) * sizeof *stack);
        marks = sky_calloc(m->np + 1, 1);
    }
    if (stack == NULL || marks == NULL) {
        sky_free(stack);
        sky_free(marks);
        sky_free(l.t);
        return 0;
    }
    for (size_t i = 0; i < l.n; i++)
        if (!marks[l.t[i]]) {
            marks[l.t[i]] = 1;
            stack[top++] = l.t[i];
        }
    while (top > 0) {
        int32_t t = stack[--top];
        for (int32_t e = 0; e < pn(m, t); e++) {
            int32_t ne, nb = pnb(m, t, e, &ne);
            if (nb >= 0 && !marks[nb]) {
                marks[nb] = 1;
                stack[top++] = nb;
            } else if (nb < 0) {
                sky_xy a = m->v[pvid(m, t, e)], b = m->v[pvid(m, t, e + 1)];
                if (n == cap) {
                    size_t nc = cap ? 2 * cap : 64;
                    sky_xy *nm = sky_realloc(*mids, nc * sizeof *nm);
                    if (nm == NULL)
                        break;
                    *mids = nm;
                    cap = nc;
                }
                (*mids)[n++] = (sky_xy){0.5 * (a.x + b.x), 0.5 * (a.y + b.y)};
            }
        }
    }
    sky_free(stack);
    sky_free(marks);
    sky_free(l.t);
    return n;
}
