/*
 * validate.c - route validation: every segment, not only its points, checked in 3D and in
 * time with the domain rules (routes/domain.c) and the segment geometry of geo/segment.c:
 * zone incursions, the margin, the flight band over the terrain, range, ends at vertiports
 * and the route's own geometry. Also the route readers (GeoJSON text, the stored routes).
 * Invariant: every rule question goes to the domain layer; nothing here re-decides one.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/validate_int.h"

#define DEFAULT_PROFILE "delivery-multicopter"
#define SAMPLE_STEP_M 10.0 /* DOMAIN.md: the ground along a segment, at most every 10 m */
#define ZERO_LEG_M 1e-3    /* a leg shorter than 1 mm horizontally is vertical (or nothing) */
#define ALT_EPS_M 1e-6     /* closed bands and closed flight bands: equality is inside */

void sky_validate_opts_init(sky_validate_opts *o)
{
    if (o == NULL)
        return;
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    sky_flight_rules_init(&o->rules);
    o->endpoint_snap_m = 1.0;
    o->lateral_m = 50.0;
    o->vertical_m = 30.0;
}

const sky_profile *sky_eng_profile(const sky_domain *d, const char *name)
{
    if (name == NULL)
        name = DEFAULT_PROFILE;
    for (size_t i = 0; i < d->as.nprofiles; i++)
        if (strcmp(d->as.profiles[i].name, name) == 0)
            return &d->as.profiles[i];
    return NULL;
}

/* --- one route ---------------------------------------------------------------------------- */

typedef struct vctx {
    sky_planner *p;
    sky_dq *q;
    const sky_domain *d;
    sky_rules rules;
    const sky_validate_opts *o;
    const sky_profile *prof;
    int64_t depart;
    sky_vbuild *b;
    /* the route */
    size_t n;
    const sky_lonlat *ll;
    sky_xy *xy;
    double *h;      /* heights as given: AGL when agl (terrain following), else AMSL */
    int agl;
    double *ground; /* at each point, m AMSL */
    double *geoid;
    double *alt;    /* at each point, m AMSL */
    double *eta;    /* seconds after departure at each point */
    double arrive;  /* seconds after departure at the landing */
    /* the segment being checked */
    size_t seg;
    double *ts, *gs; /* ground profile along it */
    size_t m;
    sky_hits hits;
    sky_spans spans;
    double *st, *sf, *sg; /* scratch samples: parameter, function, ground */
    size_t scap;
} vctx;

static double ground_at(const vctx *c, double t)
{
    size_t lo = 0, hi = c->m - 1;
    if (t <= c->ts[0])
        return c->gs[0];
    if (t >= c->ts[hi])
        return c->gs[hi];
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (c->ts[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return c->gs[lo] + (c->gs[hi] - c->gs[lo]) * (t - c->ts[lo]) / (c->ts[hi] - c->ts[lo]);
}

/* The aircraft's altitude (m AMSL) at parameter t of the current segment, ground g there:
 * heights given AGL follow the terrain; AMSL heights are joined by a straight line. */
static double alt_at(const vctx *c, double t, double g)
{
    size_t i = c->seg;
    if (c->agl)
        return g + c->h[i] + t * (c->h[i + 1] - c->h[i]);
    return c->alt[i] + t * (c->alt[i + 1] - c->alt[i]);
}

static double time_at(const vctx *c, double t)
{
    size_t i = c->seg;
    return (double)c->depart + c->eta[i] + t * (c->eta[i + 1] - c->eta[i]);
}

static sky_xy xy_at(const vctx *c, double t)
{
    sky_xy a = c->xy[c->seg], b = c->xy[c->seg + 1], p;
    p.x = a.x + t * (b.x - a.x);
    p.y = a.y + t * (b.y - a.y);
    return p;
}

static sky_status lonlat3(vctx *c, double t, double out[3], sky_error *err)
{
    sky_xy p = xy_at(c, t);
    sky_lonlat ll;
    sky_status rc;
    if (t <= 0) {
        ll = c->ll[c->seg];
        rc = SKY_OK;
    } else if (t >= 1) {
        ll = c->ll[c->seg + 1];
        rc = SKY_OK;
    } else {
        rc = sky_geo_to_lonlat(c->q->g, &p, &ll, 1, err);
    }
    out[0] = ll.lon;
    out[1] = ll.lat;
    out[2] = alt_at(c, t, ground_at(c, t));
    return rc;
}

static sky_status place(vctx *c, sky_finding *f, double t0, double t1, sky_error *err)
{
    sky_status rc;
    sky_lonlat a, b;
    f->segment = (long)c->seg;
    rc = lonlat3(c, t0, f->entry, err);
    if (rc == SKY_OK)
        rc = lonlat3(c, t1, f->exit, err);
    a.lon = f->entry[0];
    a.lat = f->entry[1];
    b.lon = f->exit[0];
    b.lat = f->exit[1];
    f->length_inside_m = t1 > t0 ? sky_geo_distance_m(a, b) : 0.0;
    f->has_window = 1;
    f->window[0] = (int64_t)floor(time_at(c, t0));
    f->window[1] = (int64_t)ceil(time_at(c, t1));
    return rc;
}

static int reserve(vctx *c, size_t n)
{
    if (n <= c->scap)
        return 1;
    {
        size_t nc = n + 16;
        double *a = sky_realloc(c->st, nc * sizeof *a);
        if (a == NULL)
            return 0;
        c->st = a;
        a = sky_realloc(c->sf, nc * sizeof *a);
        if (a == NULL)
            return 0;
        c->sf = a;
        a = sky_realloc(c->sg, nc * sizeof *a);
        if (a == NULL)
            return 0;
        c->sg = a;
        c->scap = nc;
    }
    return 1;
}

/* Samples of the current segment over [u0, u1]: the ends and the ground profile's points. */
static size_t sample(vctx *c, double u0, double u1)
{
    size_t k = 0;
    c->st[k] = u0;
    c->sg[k++] = ground_at(c, u0);
    for (size_t j = 0; j < c->m; j++)
        if (c->ts[j] > u0 && c->ts[j] < u1) {
            c->st[k] = c->ts[j];
            c->sg[k++] = c->gs[j];
        }
    if (u1 > u0) {
        c->st[k] = u1;
        c->sg[k++] = ground_at(c, u1);
    }
    return k;
}

/* Where f (linear between samples) crosses -ALT_EPS_M between samples k-1 and k. */
static double cross(const vctx *c, size_t k)
{
    double f0 = c->sf[k - 1] + ALT_EPS_M, f1 = c->sf[k] + ALT_EPS_M;
    double w = f1 != f0 ? f0 / (f0 - f1) : 0.5;
    w = fmin(1.0, fmax(0.0, w));
    return c->st[k - 1] + w * (c->st[k] - c->st[k - 1]);
}

/* Runs of samples where (sf >= -eps) == want: calls fn with the run's parameters and the
 * index of its most extreme sample (smallest sf for a violation, largest for a meet). */
typedef sky_status (*run_fn)(vctx *c, double r0, double r1, size_t worst, void *user,
                             sky_error *err);

static sky_status runs(vctx *c, size_t ns, int want, run_fn fn, void *user, sky_error *err)
{
    size_t k = 0;
    while (k < ns) {
        double r0, r1;
        size_t worst;
        if ((c->sf[k] >= -ALT_EPS_M) != want) {
            k++;
            continue;
        }
        r0 = k == 0 ? c->st[0] : cross(c, k);
        worst = k;
        while (k + 1 < ns && (c->sf[k + 1] >= -ALT_EPS_M) == want) {
            k++;
            if (want ? c->sf[k] > c->sf[worst] : c->sf[k] < c->sf[worst])
                worst = k;
        }
        r1 = k + 1 < ns ? cross(c, k + 1) : c->st[k];
        {
            sky_status rc = fn(c, r0, r1, worst, user, err);
            if (rc != SKY_OK)
                return rc;
        }
        k++;
    }
    return SKY_OK;
}

static sky_finding *add(vctx *c, sky_finding_code code, const char *fmt, ...) SKY_PRINTF(3, 4);
static sky_finding *add(vctx *c, sky_finding_code code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sky_vb_add(c->b, code, "%s", msg);
}

static const char *zone_label(const sky_domain *d, size_t zone)
{
    const sky_zone *z = &d->as.zones[zone];
    return z->name_en ? z->name_en : z->name ? z->name : "";
}

/* --- zones -------------------------------------------------------------------------------- */

typedef struct zone_run {
    size_t vol;
    int found;
} zone_run;

static sky_status on_zone_run(vctx *c, double r0, double r1, size_t worst, void *user,
                              sky_error *err)
{
    zone_run *zr = user;
    const sky_dvol *dv = &c->d->vols[zr->vol];
    const sky_zone *z = &c->d->as.zones[dv->zone];
    double t = c->st[worst], g = c->sg[worst], alt = alt_at(c, t, g), band[2];
    int64_t w0 = (int64_t)floor(time_at(c, r0)), w1 = (int64_t)ceil(time_at(c, r1));
    sky_why why;
    sky_finding *f;
    sky_status rc = sky_dq_verdict(c->q, zr->vol, xy_at(c, t), g, c->geoid[c->seg], alt, alt,
                                   w0, w1, &c->rules, &why, band, err);
    if (rc != SKY_OK || why != SKY_WHY_BLOCKS)
        return rc;
    f = add(c, SKY_FIND_ZONE_INCURSION, "segment %zu enters %s %s (%s) at %.1f m AMSL", c->seg,
            sky_restriction_name(z->restriction), z->id, zone_label(c->d, dv->zone), alt);
    if (f == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    sky_vb_zone(c->b, f, c->d, dv->zone);
    f->band_amsl_m[0] = band[0];
    f->band_amsl_m[1] = band[1];
    zr->found = 1;
    return place(c, f, r0, r1, err);
}

static sky_status check_zone(vctx *c, size_t v, double len, sky_error *err)
{
    const sky_dvol *dv = &c->d->vols[v];
    const sky_volume *vol = &c->d->as.zones[dv->zone].vol[dv->vol];
    const sky_shape *s;
    zone_run zr = {v, 0};
    sky_status rc;
    sky_xy a = c->xy[c->seg], b = c->xy[c->seg + 1];

    if (sky_dom_restriction_verdict(c->d, dv->zone, &c->rules) != SKY_WHY_BLOCKS)
        return SKY_OK;
    rc = sky_dq_volume_shape(c->q, v, &s, err);
    if (rc == SKY_OK)
        rc = sky_geo_segment_inside(c->q->g, s, a, b, &c->spans, err);
    for (size_t k = 0; k < c->spans.n && rc == SKY_OK; k++) {
        size_t ns;
        if (!reserve(c, c->m + 2))
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        ns = sample(c, c->spans.v[k].t0, c->spans.v[k].t1);
        for (size_t j = 0; j < ns; j++) { /* >= 0: the altitude is inside the band there */
            double band[2], alt = alt_at(c, c->st[j], c->sg[j]);
            sky_band_amsl(&vol->band, c->sg[j], c->geoid[c->seg], band);
            c->sf[j] = fmin(alt - band[0], isfinite(band[1]) ? band[1] - alt : (double)INFINITY);
        }
        rc = runs(c, ns, 1, on_zone_run, &zr, err);
    }
    if (rc != SKY_OK || zr.found || !(c->o->clearance_m > 0))
        return rc;
    /* the margin: the exact minimum distance, judged where it is attained */
    {
        double dist, t, g, alt, band[2];
        sky_xy on;
        sky_why why;
        sky_finding *f;
        int64_t w0 = (int64_t)floor(time_at(c, 0)), w1 = (int64_t)ceil(time_at(c, 1));
        (void)len;
        rc = sky_geo_segment_distance(c->q->g, s, a, b, &dist, &t, &on, err);
        if (rc != SKY_OK || !(dist < c->o->clearance_m))
            return rc;
        g = ground_at(c, t);
        alt = alt_at(c, t, g);
        rc = sky_dq_verdict(c->q, v, xy_at(c, t), g, c->geoid[c->seg], alt, alt, w0, w1,
                            &c->rules, &why, band, err);
        if (rc != SKY_OK || why != SKY_WHY_BLOCKS)
            return rc;
        f = add(c, SKY_FIND_CLEARANCE, "segment %zu passes %.3f m from %s %s (%s), closer "
                "than the %.3f m margin", c->seg, dist,
                sky_restriction_name(c->d->as.zones[dv->zone].restriction),
                c->d->as.zones[dv->zone].id, zone_label(c->d, dv->zone), c->o->clearance_m);
        if (f == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        sky_vb_zone(c->b, f, c->d, dv->zone);
        f->band_amsl_m[0] = band[0];
        f->band_amsl_m[1] = band[1];
        f->min_clearance_m = dist;
        rc = place(c, f, t, t, err);
        f->window[0] = w0;
        f->window[1] = w1;
    }
    return rc;
}

/* --- the flight band over the terrain ------------------------------------------------------ */

static sky_status on_band_run(vctx *c, double r0, double r1, size_t worst, void *user,
                              sky_error *err)
{
    int ceiling = *(const int *)user;
    double t = c->st[worst], g = c->sg[worst], agl = alt_at(c, t, g) - g;
    sky_finding *f;
    sky_status rc;
    if (ceiling)
        f = add(c, SKY_FIND_CEILING, "segment %zu flies %.1f m above ground, over the %.1f m "
                "ceiling", c->seg, agl, c->rules.max_agl_m);
    else
        f = add(c, SKY_FIND_TERRAIN_CLEARANCE, "segment %zu flies %.1f m above ground, under "
                "the %.1f m minimum", c->seg, agl, c->rules.min_agl_m);
    if (f == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    f->band_amsl_m[0] = g + c->rules.min_agl_m;
    f->band_amsl_m[1] = g + c->rules.max_agl_m;
    if (!ceiling)
        f->min_clearance_m = agl;
    rc = place(c, f, r0, r1, err);
    return rc;
}

static sky_status check_band(vctx *c, sky_error *err)
{
    size_t ns;
    int ceiling;
    sky_status rc;
    if (!reserve(c, c->m + 2))
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    ns = sample(c, 0.0, 1.0);
    for (size_t j = 0; j < ns; j++)
        c->sf[j] = c->rules.max_agl_m - (alt_at(c, c->st[j], c->sg[j]) - c->sg[j]);
    ceiling = 1;
    rc = runs(c, ns, 0, on_band_run, &ceiling, err);
    for (size_t j = 0; j < ns && rc == SKY_OK; j++)
        c->sf[j] = alt_at(c, c->st[j], c->sg[j]) - c->sg[j] - c->rules.min_agl_m;
    ceiling = 0;
    if (rc == SKY_OK)
        rc = runs(c, ns, 0, on_band_run, &ceiling, err);
    return rc;
}

static sky_status check_segment(vctx *c, size_t i, sky_error *err)
{
    sky_xy a = c->xy[i], b = c->xy[i + 1];
    double len = hypot(b.x - a.x, b.y - a.y), r = c->o->clearance_m;
    sky_bbox box;
    sky_status rc;

    c->seg = i;
    if (len < ZERO_LEG_M) /* vertical: the take-off or landing, or flagged as GEOMETRY */
        return SKY_OK;
    sky_free(c->ts);
    sky_free(c->gs);
    c->ts = c->gs = NULL;
    rc = sky_dq_ground_profile(c->q, a, b, SAMPLE_STEP_M, &c->ts, &c->gs, &c->m, err);
    if (rc != SKY_OK)
        return rc;
    box.minx = fmin(a.x, b.x) - r;
    box.miny = fmin(a.y, b.y) - r;
    box.maxx = fmax(a.x, b.x) + r;
    box.maxy = fmax(a.y, b.y) + r;
    c->hits.n = 0;
    sky_dom_volumes_near(c->d, box, sky_index_collect, &c->hits);
    if (c->hits.oom)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t k = 0; k < c->hits.n && rc == SKY_OK; k++)
        rc = check_zone(c, c->hits.v[k], len, err);
    if (rc == SKY_OK)
        rc = check_band(c, err);
    return rc;
}

/* --- the route as a whole ---------------------------------------------------------------- */

/* A point at parameter t of leg i, its altitude straight between the leg's ends. */
static sky_status point3(vctx *c, size_t i, double t, double out[3], sky_error *err)
{
    sky_xy p;
    sky_lonlat ll = {NAN, NAN};
    sky_status rc;
    p.x = c->xy[i].x + t * (c->xy[i + 1].x - c->xy[i].x);
    p.y = c->xy[i].y + t * (c->xy[i + 1].y - c->xy[i].y);
    rc = sky_geo_to_lonlat(c->q->g, &p, &ll, 1, err);
    out[0] = ll.lon;
    out[1] = ll.lat;
    out[2] = c->alt[i] + t * (c->alt[i + 1] - c->alt[i]);
    return rc;
}

/* The length (> 1 mm) over which leg j lies along leg i (collinear within 1 mm), with its
 * parameters on leg i; 0 when it does not. */
static double overlap(const vctx *c, size_t i, size_t j, double *t0, double *t1)
{
    sky_xy a = c->xy[i], b = c->xy[i + 1], p = c->xy[j], q = c->xy[j + 1];
    double len = hypot(b.x - a.x, b.y - a.y), ux, uy, s0, s1, lo, hi;
    if (hypot(q.x - p.x, q.y - p.y) < ZERO_LEG_M ||
        fmax(p.x, q.x) < fmin(a.x, b.x) - ZERO_LEG_M ||
        fmin(p.x, q.x) > fmax(a.x, b.x) + ZERO_LEG_M ||
        fmax(p.y, q.y) < fmin(a.y, b.y) - ZERO_LEG_M ||
        fmin(p.y, q.y) > fmax(a.y, b.y) + ZERO_LEG_M)
        return 0;
    ux = (b.x - a.x) / len;
    uy = (b.y - a.y) / len;
    if (fabs((p.x - a.x) * uy - (p.y - a.y) * ux) > ZERO_LEG_M ||
        fabs((q.x - a.x) * uy - (q.y - a.y) * ux) > ZERO_LEG_M)
        return 0;
    s0 = (p.x - a.x) * ux + (p.y - a.y) * uy;
    s1 = (q.x - a.x) * ux + (q.y - a.y) * uy;
    lo = fmax(0.0, fmin(s0, s1));
    hi = fmin(len, fmax(s0, s1));
    if (!(hi - lo > ZERO_LEG_M))
        return 0;
    *t0 = lo / len;
    *t1 = hi / len;
    return hi - lo;
}

/* A leg's box for the self-overlap index, grown by ZERO_LEG_M: overlap() takes legs whose
 * boxes come within ZERO_LEG_M of each other, so the index must offer at least those. */
static sky_bbox leg_box(const vctx *c, size_t i)
{
    sky_xy a = c->xy[i], b = c->xy[i + 1];
    sky_bbox box;
    box.minx = fmin(a.x, b.x) - ZERO_LEG_M;
    box.miny = fmin(a.y, b.y) - ZERO_LEG_M;
    box.maxx = fmax(a.x, b.x) + ZERO_LEG_M;
    box.maxy = fmax(a.y, b.y) + ZERO_LEG_M;
    return box;
}

/* The search for the first earlier leg j < i that leg i runs along (an index query). */
typedef struct along_q {
    const vctx *c;
    const size_t *leg; /* index item -> leg */
    size_t i, j;       /* j == i: none yet */
    double len, t0, t1;
} along_q;

static int on_near_leg(void *user, size_t item)
{
    along_q *a = user;
    const vctx *c = a->c;
    size_t i = a->i, j = a->leg[item];
    double t0, t1, l;
    if (j >= a->j) /* later than i, i itself, or later than the best so far */
        return 0;
    l = overlap(c, i, j, &t0, &t1);
    if (l == 0 ||
        !sky_band_meets(fmin(c->alt[i], c->alt[i + 1]), fmax(c->alt[i], c->alt[i + 1]),
                        fmin(c->alt[j], c->alt[j + 1]), fmax(c->alt[j], c->alt[j + 1])))
        return 0;
    a->j = j;
    a->len = l;
    a->t0 = t0;
    a->t1 = t1;
    return 0;
}

/*
 * GEOMETRY: repeated points, vertical legs in mid-route, and legs running back along an
 * earlier leg. Leg i is reported once, naming the first leg j < i it runs along (overlap(),
 * altitude ranges meeting). The candidates come from an R-tree of the legs' boxes (legs
 * under 1 mm, which overlap() never takes, left out), so the work follows the legs that
 * are near each other, not every pair.
 */
static sky_status check_geometry(vctx *c, sky_error *err)
{
    sky_status rc = SKY_OK;
    size_t nlegs = 0, *leg = NULL;
    sky_bbox *boxes = NULL;
    sky_index *ix = NULL;
    along_q a;

    if (c->n > 2) { /* two legs at least, or nothing can run along another */
        leg = sky_calloc(c->n - 1, sizeof *leg);
        boxes = sky_calloc(c->n - 1, sizeof *boxes);
        if (leg == NULL || boxes == NULL) {
            sky_free(leg);
            sky_free(boxes);
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        }
        for (size_t i = 0; i + 1 < c->n; i++)
            if (!(hypot(c->xy[i + 1].x - c->xy[i].x, c->xy[i + 1].y - c->xy[i].y) <
                  ZERO_LEG_M)) {
                leg[nlegs] = i;
                boxes[nlegs++] = leg_box(c, i);
            }
        rc = sky_index_build(boxes, nlegs, &ix, err);
        sky_free(boxes); /* the index keeps its own copy */
        if (rc != SKY_OK) {
            sky_free(leg);
            return rc;
        }
    }
    a.c = c;
    a.leg = leg;
    for (size_t i = 0; i + 1 < c->n && rc == SKY_OK; i++) {
        double len = hypot(c->xy[i + 1].x - c->xy[i].x, c->xy[i + 1].y - c->xy[i].y);
        sky_finding *f;
        if (len < ZERO_LEG_M) {
            if (fabs(c->alt[i + 1] - c->alt[i]) < ZERO_LEG_M)
                f = add(c, SKY_FIND_GEOMETRY, "repeated point: points %zu and %zu coincide "
                        "(a zero-length leg)", i, i + 1);
            else if (i > 0 && i + 2 < c->n)
                f = add(c, SKY_FIND_GEOMETRY, "zero-length leg: segment %zu is vertical in "
                        "mid-route", i);
            else
                continue; /* the vertical take-off or landing */
            if (f == NULL) {
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                break;
            }
            f->segment = (long)i;
            rc = point3(c, i, 0, f->entry, err);
            if (rc == SKY_OK)
                rc = point3(c, i, 1, f->exit, err);
            continue;
        }
        if (ix == NULL)
            continue;
        a.i = i;
        a.j = i;
        sky_index_query(ix, leg_box(c, i), on_near_leg, &a);
        if (a.j == i)
            continue;
        f = add(c, SKY_FIND_GEOMETRY, "self-overlapping legs: segment %zu runs along "
                "segment %zu for %.3f m", i, a.j, a.len);
        if (f == NULL) {
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            break;
        }
        f->segment = (long)i;
        f->length_inside_m = a.len;
        rc = point3(c, i, a.t0, f->entry, err);
        if (rc == SKY_OK)
            rc = point3(c, i, a.t1, f->exit, err);
    }
    sky_index_free(ix);
    sky_free(leg);
    return rc;
}

static sky_status check_endpoint(vctx *c, size_t i, const char *which, sky_error *err)
{
    const sky_domain *d = c->d;
    double best = INFINITY;
    size_t bi = 0;
    sky_finding *f;
    for (size_t k = 0; k < d->as.nvps; k++) {
        double dist = hypot(d->vp_xy[k].x - c->xy[i].x, d->vp_xy[k].y - c->xy[i].y);
        if (dist < best) {
            best = dist;
            bi = k;
        }
    }
    if (best <= c->o->endpoint_snap_m)
        return SKY_OK;
    if (isfinite(best))
        f = add(c, SKY_FIND_ENDPOINT, "the route %s %.1f m from the nearest vertiport (%s), "
                "not at one", which, best, d->as.vps[bi].id);
    else
        f = add(c, SKY_FIND_ENDPOINT, "the route %s away from any vertiport (none loaded)",
                which);
    if (f == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    f->segment = i == 0 ? 0 : (long)i - 1;
    f->entry[0] = f->exit[0] = c->ll[i].lon;
    f->entry[1] = f->exit[1] = c->ll[i].lat;
    f->entry[2] = f->exit[2] = c->alt[i];
    f->min_clearance_m = best;
    return SKY_OK;
}

/* The vertical take-off (end 0) or landing (end n-1): exempt from the flight band, not from
 * the zones whose footprint holds the pad and whose band the climb or descent crosses. */
static sky_status check_column(vctx *c, size_t i, sky_error *err)
{
    sky_xy p = c->xy[i];
    sky_bbox box = {p.x, p.y, p.x, p.y};
    double lo = c->ground[i], hi = c->alt[i];
    /* the take-off is flown during [depart, eta[0]], the landing during [eta[n-1], arrive] */
    int64_t t0 = sky_time_add(c->depart, i == 0 ? 0 : c->eta[i], 0);
    int64_t t1 = sky_time_add(c->depart, i == 0 ? c->eta[0] : c->arrive, 1);
    sky_status rc = SKY_OK;
    c->hits.n = 0;
    sky_dom_volumes_near(c->d, box, sky_index_collect, &c->hits);
    if (c->hits.oom)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    if (hi < lo)
        return SKY_OK; /* below the ground: TERRAIN_CLEARANCE says so on the segment */
    for (size_t k = 0; k < c->hits.n && rc == SKY_OK; k++) {
        size_t v = c->hits.v[k];
        const sky_zone *z = &c->d->as.zones[c->d->vols[v].zone];
        double band[2];
        int inside = 0;
        sky_why why;
        sky_finding *f;
        rc = sky_dq_in_volume(c->q, v, p, &inside, err);
        if (rc != SKY_OK || !inside)
            continue;
        rc = sky_dq_verdict(c->q, v, p, c->ground[i], c->geoid[i], lo, hi, t0, t1, &c->rules,
                            &why, band, err);
        if (rc != SKY_OK || why != SKY_WHY_BLOCKS)
            continue;
        f = add(c, SKY_FIND_ZONE_INCURSION, "the vertical %s at point %zu crosses %s %s (%s)",
                i == 0 ? "take-off" : "landing", i, sky_restriction_name(z->restriction), z->id,
                zone_label(c->d, c->d->vols[v].zone));
        if (f == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        sky_vb_zone(c->b, f, c->d, c->d->vols[v].zone);
        f->segment = i == 0 ? 0 : (long)i - 1;
        f->entry[0] = f->exit[0] = c->ll[i].lon;
        f->entry[1] = f->exit[1] = c->ll[i].lat;
        f->entry[2] = i == 0 ? fmax(lo, band[0]) : fmin(hi, band[1]);
        f->exit[2] = i == 0 ? fmin(hi, band[1]) : fmax(lo, band[0]);
        f->length_inside_m = 0;
        f->band_amsl_m[0] = band[0];
        f->band_amsl_m[1] = band[1];
        f->has_window = 1;
        f->window[0] = t0;
        f->window[1] = t1;
    }
    return rc;
}

static sky_status check_range(vctx *c, double length, double duration, sky_error *err)
{
    const sky_profile *pr = c->prof;
    double endurance = pr->range_m / pr->speed_mps;
    sky_finding *f;
    int over = sky_range_exceeded(pr, length, duration);
    if (over == 1) {
        f = add(c, SKY_FIND_RANGE, "the route is %.1f m long, beyond the %.0f m range of %s",
                length, pr->range_m, pr->name);
        if (f == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        f->length_inside_m = length - pr->range_m;
    } else if (over == 2) {
        f = add(c, SKY_FIND_RANGE, "the route takes %.0f s, beyond the %.0f s endurance of %s "
                "(range / cruise speed)", duration, endurance, pr->name);
        if (f == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    return SKY_OK;
}

static void vctx_clear(vctx *c)
{
    sky_free(c->xy);
    sky_free(c->h);
    sky_free(c->ground);
    sky_free(c->geoid);
    sky_free(c->alt);
    sky_free(c->eta);
    sky_free(c->ts);
    sky_free(c->gs);
    sky_free(c->hits.v);
    sky_free(c->spans.v);
    sky_free(c->st);
    sky_free(c->sf);
    sky_free(c->sg);
}

typedef struct vsetup { /* what every route of one call shares */
    sky_planner *p;
    sky_rules rules;
    const sky_validate_opts *o;
    const sky_profile *prof;
    int64_t depart;
} vsetup;

static sky_status setup(sky_planner *p, const sky_validate_opts *opts, sky_validate_opts *o,
                        vsetup *s, sky_error *err)
{
    const sky_domain *d;
    sky_status rc;
    if (p == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner is NULL");
    d = sky_eng_planner_dq(p)->d;
    sky_validate_opts_init(o);
    if (opts != NULL) {
        if (opts->size != sizeof *opts)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "validation options not set up with sky_validate_opts_init()");
        *o = *opts;
    }
    rc = sky_eng_rules_in(&o->rules, &s->rules, err);
    if (rc != SKY_OK)
        return rc;
    if (!(o->clearance_m >= 0 && o->clearance_m <= 100000))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "clearance %g m is not usable (0 to "
                        "100 km)", o->clearance_m);
    if (o->has_altitude && !(fabs(o->altitude_m) <= SKY_MAX_HEIGHT_M))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "the altitude is not a finite number");
    if (!(o->endpoint_snap_m >= 0) || !(o->lateral_m >= 0) || !(o->vertical_m >= 0))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "negative or NaN distance in options");
    s->p = p;
    s->o = o;
    s->prof = sky_eng_profile(d, o->profile);
    if (s->prof == NULL)
        return sky_fail(err, SKY_E_NOT_FOUND, NULL, "no aircraft profile \"%s\"",
                        o->profile ? o->profile : DEFAULT_PROFILE);
    s->depart = o->has_depart ? o->depart_unix : (int64_t)time(NULL);
    return SKY_OK;
}

/* Check one route into b (a new check). ref names the feature in errors. */
static sky_status check_route(const vsetup *s, const sky_lonlat *pts, const double *h,
                              size_t n, sky_height_ref href, const char *id, long index,
                              const char *source, sky_vbuild *b, sky_error *err)
{
    vctx c;
    sky_ref ref = {source, index, id, "geometry.coordinates"};
    sky_status rc = SKY_OK;
    double length = 0;
    sky_check *chk;

    memset(&c, 0, sizeof c);
    c.p = s->p;
    c.q = sky_eng_planner_dq(s->p);
    c.d = c.q->d;
    c.rules = s->rules;
    c.o = s->o;
    c.prof = s->prof;
    c.depart = s->depart;
    c.b = b;
    c.n = n;
    c.ll = pts;
    if (n < 2)
        return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref, "a route needs at least 2 points");
    if (h == NULL && !s->o->has_altitude)
        return sky_fail(err, SKY_E_BAD_VALUE, &ref,
                        "the route has no heights: give an altitude (--altitude M, metres "
                        "AGL), Z coordinates, or altitude_m / altitude_ref properties");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pts[i].lon) || !isfinite(pts[i].lat) || fabs(pts[i].lon) > 180 ||
            fabs(pts[i].lat) > 90) {
            char field[64];
            snprintf(field, sizeof field, "geometry.coordinates[%zu]", i);
            ref.field = field;
            return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                            "%g, %g is not a longitude, latitude", pts[i].lon, pts[i].lat);
        }
        if (h != NULL && !s->o->has_altitude && !(fabs(h[i]) <= SKY_MAX_HEIGHT_M)) {
            char field[64];
            snprintf(field, sizeof field, "geometry.coordinates[%zu][2]", i);
            ref.field = field;
            return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                            "the height is not a number within +-100 km");
        }
    }
    c.xy = sky_calloc(n, sizeof *c.xy);
    c.h = sky_calloc(n, sizeof *c.h);
    c.ground = sky_calloc(n, sizeof *c.ground);
    c.geoid = sky_calloc(n, sizeof *c.geoid);
    c.alt = sky_calloc(n, sizeof *c.alt);
    c.eta = sky_calloc(n, sizeof *c.eta);
    if (!c.xy || !c.h || !c.ground || !c.geoid || !c.alt || !c.eta)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n && rc == SKY_OK; i++) {
        rc = sky_eng_request_point(s->p, pts[i], &c.xy[i], err);
        if (rc == SKY_OK)
            rc = sky_dq_ground(c.q, c.xy[i], &c.ground[i], err);
        if (rc == SKY_OK)
            rc = sky_dq_geoid(c.q, pts[i], &c.geoid[i], err);
        if (rc != SKY_OK)
            break;
        /* heights, by DOMAIN.md's precedence (the caller has picked the source) */
        if (s->o->has_altitude) {
            c.agl = 1;
            c.h[i] = s->o->altitude_m;
        } else if (href == SKY_HEIGHT_AGL) {
            c.agl = 1;
            c.h[i] = h[i];
        } else {
            c.h[i] = href == SKY_HEIGHT_ELLIPSOIDAL ? h[i] - c.geoid[i] : h[i];
        }
        c.alt[i] = c.agl ? c.ground[i] + c.h[i] : c.h[i];
    }
    if (rc != SKY_OK) {
        if (rc == SKY_E_OUT_OF_EXTENT || rc == SKY_E_INVALID_ARG) { /* name the feature */
            char msg[256];
            sky_strlcpy(msg, err ? err->message : "", sizeof msg);
            rc = sky_fail(err, rc == SKY_E_INVALID_ARG ? SKY_E_BAD_GEOMETRY : rc, &ref, "%s",
                          msg);
        }
        vctx_clear(&c);
        return rc;
    }
    for (size_t i = 0; i + 1 < n; i++)
        length += sky_geo_distance_m(pts[i], pts[i + 1]);
    /* the one timing rule the planner uses too: take-off, legs, landing */
    sky_route_etas(c.prof, pts, c.alt, n, c.ground[0], c.ground[n - 1], c.eta, &c.arrive);
    rc = sky_vb_begin(b, id, index, err);
    if (rc == SKY_OK) {
        chk = sky_vb_current(b);
        chk->length_m = length;
        chk->duration_s = c.arrive;
        chk->depart_unix = c.depart;
        rc = check_endpoint(&c, 0, "starts", err);
    }
    if (rc == SKY_OK)
        rc = check_column(&c, 0, err);
    if (rc == SKY_OK)
        rc = check_geometry(&c, err);
    for (size_t i = 0; i + 1 < n && rc == SKY_OK; i++)
        rc = check_segment(&c, i, err);
    if (rc == SKY_OK)
        rc = check_column(&c, n - 1, err);
    if (rc == SKY_OK)
        rc = check_endpoint(&c, n - 1, "ends", err);
    if (rc == SKY_OK)
        rc = check_range(&c, length, c.arrive, err);
    vctx_clear(&c);
    return rc;
}

sky_status sky_validate_route(sky_planner *p, const sky_lonlat *pts, const double *heights_m,
                              size_t n, sky_height_ref ref, const sky_validate_opts *opts,
                              sky_validation **out, sky_error *err)
{
    sky_validate_opts o;
    vsetup s;
    sky_vbuild b;
    sky_status rc;
    if (out == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out is NULL");
    *out = NULL;
    if (pts == NULL && n > 0)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "points are NULL");
    if ((int)ref < SKY_HEIGHT_AGL || (int)ref > SKY_HEIGHT_ELLIPSOIDAL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "unknown height reference");
    rc = setup(p, opts, &o, &s, err);
    if (rc != SKY_OK)
        return rc;
    sky_vb_init(&b);
    rc = check_route(&s, pts, heights_m, n, ref, NULL, -1, NULL, &b, err);
    if (rc == SKY_OK)
        return sky_vb_finish(&b, out, err);
    sky_vb_clear(&b);
    return rc;
}

sky_status sky_validate_stored_route(sky_planner *p, const char *route_id,
                                     const sky_validate_opts *opts, sky_validation **out,
                                     sky_error *err)
{
    sky_validate_opts o;
    vsetup s;
    sky_vbuild b;
    const sky_domain *d;
    const sky_route_rec *r = NULL;
    double *h = NULL;
    sky_height_ref href = SKY_HEIGHT_AGL;
    sky_status rc;

    if (out == NULL || route_id == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out or route id is NULL");
    *out = NULL;
    rc = setup(p, opts, &o, &s, err);
    if (rc != SKY_OK)
        return rc;
    d = sky_eng_planner_dq(p)->d;
    for (size_t i = 0; i < d->as.nroutes && r == NULL; i++)
        if (d->as.routes[i].id && strcmp(d->as.routes[i].id, route_id) == 0)
            r = &d->as.routes[i];
    if (r == NULL)
        return sky_fail(err, SKY_E_NOT_FOUND, NULL, "no stored route \"%s\"", route_id);
    if (!o.has_altitude && (r->line.z != NULL || isfinite(r->altitude_m))) {
        h = sky_calloc(r->line.n ? r->line.n : 1, sizeof *h);
        if (h == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        for (size_t i = 0; i < r->line.n; i++)
            h[i] = r->line.z ? r->line.z[i] : r->altitude_m;
        href = r->line.z ? SKY_HEIGHT_ELLIPSOIDAL
               : r->altitude_ref == SKY_VREF_AMSL  ? SKY_HEIGHT_AMSL
               : r->altitude_ref == SKY_VREF_WGS84 ? SKY_HEIGHT_ELLIPSOIDAL
                                                   : SKY_HEIGHT_AGL;
    }
    sky_vb_init(&b);
    rc = check_route(&s, r->line.pts, h, r->line.n, href, r->id, -1, NULL, &b, err);
    sky_free(h);
    if (rc == SKY_OK)
        return sky_vb_finish(&b, out, err);
    sky_vb_clear(&b);
    return rc;
}

/* --- routes in GeoJSON ------------------------------------------------------------------- */

static const char *geom_type(json_object *geom)
{
    json_object *t;
    if (!json_object_is_type(geom, json_type_object) ||
        !json_object_object_get_ex(geom, "type", &t) || !json_object_is_type(t, json_type_string))
        return NULL;
    return json_object_get_string(t);
}

static int is_number(json_object *v)
{
    return json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int);
}

/* Read and check one route feature (geometry a LineString), then validate it. */
static sky_status geojson_route(const vsetup *s, json_object *props, json_object *geom,
                                long index, const char *source, sky_vbuild *b, sky_error *err)
{
    json_object *coords = NULL, *v;
    const char *id = NULL;
    char idbuf[64];
    sky_ref ref = {source, index, NULL, "geometry.coordinates"};
    sky_lonlat *pts = NULL;
    double *z = NULL, *h = NULL, alt = NAN;
    sky_height_ref href = SKY_HEIGHT_AGL;
    size_t n, nz = 0;
    sky_status rc = SKY_OK;

    if (json_object_is_type(props, json_type_object) &&
        json_object_object_get_ex(props, "id", &v)) {
        if (json_object_is_type(v, json_type_string))
            id = json_object_get_string(v);
        else if (json_object_is_type(v, json_type_int)) {
            snprintf(idbuf, sizeof idbuf, "%lld", (long long)json_object_get_int64(v));
            id = idbuf;
        }
    }
    ref.id = id;
    if (!json_object_object_get_ex(geom, "coordinates", &coords) ||
        !json_object_is_type(coords, json_type_array))
        return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref, "a LineString needs a coordinates array");
    n = json_object_array_length(coords);
    if (n < 2)
        return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref, "a route needs at least 2 positions");
    pts = sky_calloc(n, sizeof *pts);
    z = sky_calloc(n, sizeof *z);
    if (pts == NULL || z == NULL)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n && rc == SKY_OK; i++) {
        json_object *pos = json_object_array_get_idx(coords, i);
        char field[64];
        size_t dim = json_object_is_type(pos, json_type_array) ? json_object_array_length(pos)
                                                                : 0;
        snprintf(field, sizeof field, "geometry.coordinates[%zu]", i);
        ref.field = field;
        if (dim < 2 || dim > 3) {
            rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                          "a position is an array of 2 or 3 numbers");
            break;
        }
        for (size_t k = 0; k < dim && rc == SKY_OK; k++) {
            json_object *c = json_object_array_get_idx(pos, k);
            double val;
            if (!is_number(c)) {
                rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref, "coordinate %zu is not a number",
                              k);
                break;
            }
            val = json_object_get_double(c);
            if (!isfinite(val))
                rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                              "coordinate %zu is not a finite number", k);
            else if (k == 0)
                pts[i].lon = val;
            else if (k == 1)
                pts[i].lat = val;
            else
                z[i] = val;
        }
        if (rc == SKY_OK && (fabs(pts[i].lon) > 180 || fabs(pts[i].lat) > 90))
            rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                          "%g, %g is not a longitude, latitude", pts[i].lon, pts[i].lat);
        nz += dim == 3;
    }
    ref.field = "geometry.coordinates";
    if (rc == SKY_OK && nz != 0 && nz != n)
        rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                      "some positions have a height and some do not");
    /* heights: --altitude, then Z, then altitude_m / altitude_ref */
    if (rc == SKY_OK && !s->o->has_altitude && nz == 0 &&
        json_object_is_type(props, json_type_object) &&
        json_object_object_get_ex(props, "altitude_m", &v) && v != NULL) {
        ref.field = "properties.altitude_m";
        if (!is_number(v) || !isfinite(json_object_get_double(v)))
            rc = sky_fail(err, SKY_E_BAD_VALUE, &ref, "must be a finite number");
        else
            alt = json_object_get_double(v);
        if (rc == SKY_OK && json_object_object_get_ex(props, "altitude_ref", &v) && v != NULL) {
            sky_vref vr;
            ref.field = "properties.altitude_ref";
            if (!json_object_is_type(v, json_type_string) ||
                !sky_rt_vref_parse(json_object_get_string(v), &vr))
                rc = sky_fail(err, SKY_E_BAD_VALUE, &ref, "expected AGL, AMSL or WGS84");
            else
                href = vr == SKY_VREF_AMSL    ? SKY_HEIGHT_AMSL
                       : vr == SKY_VREF_WGS84 ? SKY_HEIGHT_ELLIPSOIDAL
                                              : SKY_HEIGHT_AGL;
        }
    }
    if (rc == SKY_OK && !s->o->has_altitude) {
        if (nz == n) {
            h = z;
            href = SKY_HEIGHT_ELLIPSOIDAL;
        } else if (isfinite(alt)) {
            for (size_t i = 0; i < n; i++)
                z[i] = alt;
            h = z;
        }
    }
    if (rc == SKY_OK)
        rc = check_route(s, pts, h, n, href, id, index, source, b, err);
    sky_free(pts);
    sky_free(z);
    return rc;
}

sky_status sky_validate_geojson(sky_planner *p, const char *text, size_t len,
                                const char *source, const sky_validate_opts *opts,
                                sky_validation **out, sky_error *err)
{
    sky_validate_opts o;
    vsetup s;
    sky_vbuild b;
    json_object *root = NULL, *feats = NULL;
    const char *type;
    sky_ref ref = {source, -1, NULL, NULL};
    sky_status rc;

    if (out == NULL || text == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "out or text is NULL");
    *out = NULL;
    rc = setup(p, opts, &o, &s, err);
    if (rc != SKY_OK)
        return rc;
    rc = sky_rt_json_parse(text, len, &ref, &root, err);
    if (rc != SKY_OK)
        return rc;
    sky_vb_init(&b);
    type = geom_type(root);
    if (type == NULL) {
        rc = sky_fail(err, SKY_E_BAD_JSON, &ref, "not GeoJSON: no \"type\"");
    } else if (strcmp(type, "FeatureCollection") == 0) {
        size_t nf, nlines = 0, npoints = 0;
        if (!json_object_object_get_ex(root, "features", &feats) ||
            !json_object_is_type(feats, json_type_array))
            rc = sky_fail(err, SKY_E_BAD_JSON, &ref, "a FeatureCollection needs features");
        nf = rc == SKY_OK ? json_object_array_length(feats) : 0;
        for (size_t i = 0; i < nf; i++) {
            const char *gt = geom_type(
                json_object_object_get(json_object_array_get_idx(feats, i), "geometry"));
            nlines += gt && strcmp(gt, "LineString") == 0;
            npoints += gt && strcmp(gt, "Point") == 0;
        }
        if (rc == SKY_OK && nlines == 0)
            rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                          "no route: the collection holds no LineString feature");
        for (size_t i = 0, done = 0; i < nf && rc == SKY_OK; i++) {
            json_object *f = json_object_array_get_idx(feats, i);
            json_object *g = json_object_object_get(f, "geometry");
            const char *gt = geom_type(g);
            if (gt && strcmp(gt, "LineString") == 0) {
                if (npoints > 0 && done > 0)
                    continue; /* a planner route: its first LineString is the route */
                rc = geojson_route(&s, json_object_object_get(f, "properties"), g, (long)i,
                                   source, &b, err);
                done++;
            } else if (!(gt && strcmp(gt, "Point") == 0)) {
                ref.index = (long)i;
                ref.field = "geometry";
                rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                              "a %s where a route (LineString) is expected",
                              gt ? gt : "feature without geometry");
            }
        }
    } else if (strcmp(type, "Feature") == 0) {
        json_object *g = json_object_object_get(root, "geometry");
        const char *gt = geom_type(g);
        ref.index = 0;
        ref.field = "geometry";
        if (gt == NULL || strcmp(gt, "LineString") != 0)
            rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                          "a %s where a route (LineString) is expected",
                          gt ? gt : "feature without geometry");
        else
            rc = geojson_route(&s, json_object_object_get(root, "properties"), g, 0, source,
                               &b, err);
    } else if (strcmp(type, "LineString") == 0) {
        rc = geojson_route(&s, NULL, root, 0, source, &b, err);
    } else {
        ref.field = "type";
        rc = sky_fail(err, SKY_E_BAD_GEOMETRY, &ref,
                      "a %s where a route (LineString) is expected", type);
    }
    json_object_put(root);
    if (rc == SKY_OK)
        return sky_vb_finish(&b, out, err);
    sky_vb_clear(&b);
    return rc;
}
