/*
 * corridors.c - checking a corridor set: each corridor's volume (centreline +- width/2, its
 * band) against the zones that block it and the flight band over the terrain, every pair for
 * lateral (edge to edge) and vertical (band to band) separation, and ends at vertiports.
 * Pairs come from an R-tree over the centreline segments grown by half the width and half the
 * lateral minimum, so the work grows with the pairs that are close, not with n^2.
 * Time: a corridor is open while its schedule is active (always without one); a zone counts
 * against it, and two corridors against each other, only if both are active together within
 * the week from the check's start time, and the finding's window is the first such stretch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/validate_int.h"

#define SAMPLE_STEP_M 10.0
#define WEEK_S (7 * 86400)

typedef struct ccorr {
    const sky_corridor *c;
    sky_xy *xy;     /* centreline in the frame */
    double *geoid;  /* at each vertex */
    const char *id; /* copied into the result arena */
    sky_schedule sched; /* when the corridor is open: always when it has no schedule */
} ccorr;

typedef struct cctx {
    sky_dq *q;
    const sky_domain *d;
    sky_rules rules;
    sky_validate_opts o;
    int64_t depart;
    sky_vbuild *b;
    ccorr *cs;
    size_t n;
} cctx;

static sky_finding *cadd(cctx *x, const ccorr *c, sky_finding_code code, const char *msg)
{
    sky_finding *f = sky_vb_add(x->b, code, "%s", msg);
    if (f != NULL)
        f->subject_id = c->id;
    return f;
}

static sky_status set_point(cctx *x, sky_xy p, double alt, double out[3], sky_error *err)
{
    sky_lonlat ll = {NAN, NAN};
    sky_status rc = sky_geo_to_lonlat(x->q->g, &p, &ll, 1, err);
    out[0] = ll.lon;
    out[1] = ll.lat;
    out[2] = alt;
    return rc;
}

static sky_xy lerp(sky_xy a, sky_xy b, double t)
{
    sky_xy p = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
    return p;
}

/* Ends not at a vertiport (within the snap distance). */
static sky_status check_ends(cctx *x, const ccorr *c, sky_error *err)
{
    size_t n = c->c->line.n;
    for (int end = 0; end < 2; end++) {
        size_t i = end ? n - 1 : 0;
        double best = INFINITY;
        char msg[256];
        sky_finding *f;
        for (size_t k = 0; k < x->d->as.nvps; k++)
            best = fmin(best, hypot(x->d->vp_xy[k].x - c->xy[i].x,
                                    x->d->vp_xy[k].y - c->xy[i].y));
        if (best <= x->o.endpoint_snap_m)
            continue;
        if (isfinite(best))
            snprintf(msg, sizeof msg, "corridor %s %s %.1f m from the nearest vertiport, not "
                     "at one", c->id, end ? "exits" : "enters", best);
        else
            snprintf(msg, sizeof msg, "corridor %s %s where there is no vertiport (the "
                     "airspace has none)", c->id, end ? "exits" : "enters");
        f = cadd(x, c, SKY_FIND_ENDPOINT, msg);
        if (f == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        f->segment = end ? (long)n - 2 : 0;
        f->entry[0] = f->exit[0] = c->c->line.pts[i].lon;
        f->entry[1] = f->exit[1] = c->c->line.pts[i].lat;
        f->entry[2] = f->exit[2] = NAN;
        f->min_clearance_m = best;
    }
    return SKY_OK;
}

/* The corridor's band against the flight band along segment k (ground sampled every 10 m). */
static sky_status check_terrain(cctx *x, const ccorr *c, size_t k, const double *ts,
                                const double *gs, size_t m, sky_error *err)
{
    sky_xy a = c->xy[k], b = c->xy[k + 1];
    for (int ceiling = 0; ceiling < 2; ceiling++) {
        long first = -1, last = -1, worst = -1;
        double wv = 0;
        for (size_t j = 0; j < m; j++) {
            double band[2], v;
            sky_band_amsl(&c->c->band, gs[j], c->geoid[k], band);
            v = ceiling ? band[1] - gs[j] - x->rules.max_agl_m /* > 0: above the ceiling */
                        : x->rules.min_agl_m - (band[0] - gs[j]); /* > 0: under the floor */
            if (v > 1e-6) {
                if (first < 0)
                    first = (long)j;
                last = (long)j;
                if (worst < 0 || v > wv) {
                    worst = (long)j;
                    wv = v;
                }
            }
        }
        if (first >= 0) {
            char msg[256];
            double band[2], g = gs[worst];
            sky_finding *f;
            sky_status rc;
            sky_band_amsl(&c->c->band, g, c->geoid[k], band);
            if (ceiling)
                snprintf(msg, sizeof msg, "corridor %s segment %zu reaches %.1f m above "
                         "ground, over the %.1f m ceiling", c->id, k, band[1] - g,
                         x->rules.max_agl_m);
            else
                snprintf(msg, sizeof msg, "corridor %s segment %zu has its floor %.1f m above "
                         "ground, under the %.1f m minimum", c->id, k, band[0] - g,
                         x->rules.min_agl_m);
            f = cadd(x, c, ceiling ? SKY_FIND_CEILING : SKY_FIND_TERRAIN_CLEARANCE, msg);
            if (f == NULL)
                return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            f->segment = (long)k;
            f->band_amsl_m[0] = band[0];
            f->band_amsl_m[1] = band[1];
            if (!ceiling)
                f->min_clearance_m = band[0] - g;
            rc = set_point(x, lerp(a, b, ts[first]), band[0], f->entry, err);
            if (rc == SKY_OK)
                rc = set_point(x, lerp(a, b, ts[last]), band[0], f->exit, err);
            if (rc != SKY_OK)
                return rc;
            f->length_inside_m = (ts[last] - ts[first]) * hypot(b.x - a.x, b.y - a.y);
        }
    }
    return SKY_OK;
}

/* The corridor's volume against the zones that block it along segment k. */
static sky_status check_zones(cctx *x, const ccorr *c, size_t k, const double *ts,
                              const double *gs, size_t m, sky_error *err)
{
    sky_xy a = c->xy[k], b = c->xy[k + 1];
    double r = 0.5 * c->c->width_m, len = hypot(b.x - a.x, b.y - a.y);
    sky_bbox box = {fmin(a.x, b.x) - r, fmin(a.y, b.y) - r, fmax(a.x, b.x) + r,
                    fmax(a.y, b.y) + r};
    sky_hits h = {NULL, 0, 0, 0};
    sky_spans sp = {NULL, 0, 0};
    sky_status rc = SKY_OK;

    if (!(len > 0))
        return SKY_OK;
    sky_dom_volumes_near(x->d, box, sky_index_collect, &h);
    if (h.oom)
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < h.n && rc == SKY_OK; i++) {
        size_t v = h.v[i];
        const sky_dvol *dv = &x->d->vols[v];
        const sky_shape *s;
        int64_t w0, w1; /* the first stretch of the window with both open */
        if (sky_dom_restriction_verdict(x->d, dv->zone, &x->rules) != SKY_WHY_BLOCKS)
            continue;
        if (!sky_schedule_overlap(&c->sched, &x->d->zone_sched[dv->zone], x->depart,
                                  x->depart + WEEK_S, &w0, &w1))
            continue; /* the zone is never active while the corridor is open */
        rc = sky_dq_volume_shape(x->q, v, &s, err);
        if (rc == SKY_OK)
            rc = sky_geo_segment_near(x->q->g, s, a, b, r, &sp, err);
        for (size_t k2 = 0; k2 < sp.n && rc == SKY_OK; k2++) {
            double t0 = sp.v[k2].t0, t1 = sp.v[k2].t1, first = -1, last = -1;
            double zb[2] = {NAN, NAN}, cb[2] = {NAN, NAN};
            for (size_t j = 0; j < m && rc == SKY_OK; j++) {
                double cband[2], zband[2];
                sky_why why;
                sky_xy p;
                if (ts[j] < t0 || ts[j] > t1)
                    continue;
                p = lerp(a, b, ts[j]);
                sky_band_amsl(&c->c->band, gs[j], c->geoid[k], cband);
                rc = sky_dq_verdict(x->q, v, p, gs[j], c->geoid[k], cband[0], cband[1],
                                    w0, w0, &x->rules, &why, zband, err);
                if (rc == SKY_OK && why == SKY_WHY_BLOCKS) {
                    if (first < 0) {
                        first = ts[j];
                        zb[0] = zband[0];
                        zb[1] = zband[1];
                        cb[0] = cband[0];
                        cb[1] = cband[1];
                    }
                    last = ts[j];
                }
            }
            if (rc == SKY_OK && first < 0 && t1 > t0) { /* a stretch between two samples */
                double tm = 0.5 * (t0 + t1), g, cband[2], zband[2];
                sky_why why;
                rc = sky_dq_ground(x->q, lerp(a, b, tm), &g, err);
                if (rc == SKY_OK) {
                    sky_band_amsl(&c->c->band, g, c->geoid[k], cband);
                    rc = sky_dq_verdict(x->q, v, lerp(a, b, tm), g, c->geoid[k], cband[0],
                                        cband[1], w0, w0, &x->rules, &why, zband, err);
                }
                if (rc == SKY_OK && why == SKY_WHY_BLOCKS) {
                    first = last = tm;
                    zb[0] = zband[0];
                    zb[1] = zband[1];
                    cb[0] = cband[0];
                    cb[1] = cband[1];
                }
            }
            if (rc == SKY_OK && first >= 0) {
                const sky_zone *z = &x->d->as.zones[dv->zone];
                char msg[320];
                sky_finding *f;
                if (first - t0 <= SAMPLE_STEP_M / len) /* the stretch's own ends */
                    first = t0;
                if (t1 - last <= SAMPLE_STEP_M / len)
                    last = t1;
                snprintf(msg, sizeof msg, "corridor %s segment %zu (%.0f..%.0f m AMSL, %.0f m "
                         "wide) overlaps %s %s (%s)", c->id, k, cb[0], cb[1], c->c->width_m,
                         sky_restriction_name(z->restriction), z->id,
                         z->name_en ? z->name_en : z->name ? z->name : "");
                f = cadd(x, c, SKY_FIND_ZONE_INCURSION, msg);
                if (f == NULL) {
                    rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                    break;
                }
                sky_vb_zone(x->b, f, x->d, dv->zone);
                f->segment = (long)k;
                f->band_amsl_m[0] = zb[0];
                f->band_amsl_m[1] = zb[1];
                f->length_inside_m = (last - first) * len;
                f->has_window = 1;
                f->window[0] = w0;
                f->window[1] = w1;
                rc = set_point(x, lerp(a, b, first), cb[0], f->entry, err);
                if (rc == SKY_OK)
                    rc = set_point(x, lerp(a, b, last), cb[0], f->exit, err);
            }
        }
    }
    sky_free(h.v);
    sky_free(sp.v);
    return rc;
}

/* --- pairs ------------------------------------------------------------------------------ */

typedef struct seg_ref {
    size_t corr, seg;
} seg_ref;

typedef struct pair_best { /* the worst conflict of corridor i with corridor j so far */
    int sched;             /* 0: not looked at yet; 1: both open at some time; -1: never */
    int64_t open[2];       /* the first stretch of the window with both open */
    int have, crossing;
    double gap;            /* lateral, edge to edge */
    size_t seg;            /* i's segment */
    sky_xy at;             /* on i's centreline */
    double band[2];        /* the two bands' overlap (or the gap between them), AMSL */
} pair_best;

static sky_status check_pairs(cctx *x, sky_error *err)
{
    size_t nseg = 0, k = 0;
    seg_ref *refs;
    sky_bbox *boxes;
    sky_index *ix = NULL;
    pair_best *best = NULL;
    size_t *touched = NULL, ntouched;
    sky_hits h = {NULL, 0, 0, 0};
    sky_status rc = SKY_OK;
    const double L = x->o.lateral_m, V = x->o.vertical_m;

    for (size_t i = 0; i < x->n; i++)
        nseg += x->cs[i].c->line.n - 1;
    refs = sky_calloc(nseg ? nseg : 1, sizeof *refs);
    boxes = sky_calloc(nseg ? nseg : 1, sizeof *boxes);
    best = sky_calloc(x->n ? x->n : 1, sizeof *best);
    touched = sky_calloc(x->n ? x->n : 1, sizeof *touched);
    if (!refs || !boxes || !best || !touched) {
        rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < x->n; i++)
        for (size_t s = 0; s + 1 < x->cs[i].c->line.n; s++) {
            double r = 0.5 * x->cs[i].c->width_m + 0.5 * L;
            sky_xy a = x->cs[i].xy[s], b = x->cs[i].xy[s + 1];
            refs[k].corr = i;
            refs[k].seg = s;
            boxes[k].minx = fmin(a.x, b.x) - r;
            boxes[k].miny = fmin(a.y, b.y) - r;
            boxes[k].maxx = fmax(a.x, b.x) + r;
            boxes[k].maxy = fmax(a.y, b.y) + r;
            k++;
        }
    rc = sky_index_build(boxes, nseg, &ix, err);
    for (size_t i = 0, base = 0; i < x->n && rc == SKY_OK; i++) {
        const ccorr *ci = &x->cs[i];
        ntouched = 0;
        for (size_t s = 0; s + 1 < ci->c->line.n && rc == SKY_OK; s++) {
            h.n = 0;
            sky_index_query(ix, boxes[base + s], sky_index_collect, &h);
            if (h.oom) {
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                break;
            }
            for (size_t q = 0; q < h.n && rc == SKY_OK; q++) {
                const seg_ref *o = &refs[h.v[q]];
                const ccorr *cj = &x->cs[o->corr];
                double ps, pt, dist, gap, g, bi[2], bj[2], vgap;
                sky_xy at;
                if (o->corr <= i)
                    continue;
                dist = sky_geo_segment_segment(ci->xy[s], ci->xy[s + 1], cj->xy[o->seg],
                                               cj->xy[o->seg + 1], &ps, &pt);
                gap = dist - 0.5 * ci->c->width_m - 0.5 * cj->c->width_m;
                if (!(gap < L))
                    continue;
                at = lerp(ci->xy[s], ci->xy[s + 1], ps);
                rc = sky_dq_ground(x->q, at, &g, err);
                if (rc != SKY_OK)
                    break;
                sky_band_amsl(&ci->c->band, g, ci->geoid[s], bi);
                sky_band_amsl(&cj->c->band, g, cj->geoid[o->seg], bj);
                vgap = fmax(bj[0] - bi[1], bi[0] - bj[1]); /* < 0: the bands overlap */
                if (!(vgap < V))
                    continue;
                {
                    pair_best *pb = &best[o->corr];
                    int crossing = dist <= 1e-9;
                    if (pb->sched == 0) {
                        touched[ntouched++] = o->corr;
                        pb->sched = sky_schedule_overlap(&ci->sched, &cj->sched, x->depart,
                                                         x->depart + WEEK_S, &pb->open[0],
                                                         &pb->open[1])
                                        ? 1
                                        : -1;
                    }
                    if (pb->sched < 0)
                        continue; /* never open at the same time */
                    if (!pb->have || (crossing && !pb->crossing) ||
                        (crossing == pb->crossing && gap < pb->gap)) {
                        pb->have = 1;
                        pb->crossing = crossing;
                        pb->gap = gap;
                        pb->seg = s;
                        pb->at = at;
                        pb->band[0] = fmax(bi[0], bj[0]);
                        pb->band[1] = fmin(bi[1], bj[1]);
                        if (pb->band[0] > pb->band[1]) { /* the gap between them */
                            double t = pb->band[0];
                            pb->band[0] = pb->band[1];
                            pb->band[1] = t;
                        }
                    }
                }
            }
        }
        for (size_t t = 0; t < ntouched && rc == SKY_OK; t++) {
            pair_best *pb = &best[touched[t]];
            const ccorr *cj = &x->cs[touched[t]];
            char msg[320];
            sky_finding *f;
            if (!pb->have) {
                memset(pb, 0, sizeof *pb);
                continue;
            }
            if (pb->crossing)
                snprintf(msg, sizeof msg, "corridors %s and %s cross at the same level (bands "
                         "less than %.0f m apart)", ci->id, cj->id, V);
            else
                snprintf(msg, sizeof msg, "corridors %s and %s come %.1f m apart edge to edge "
                         "(under the %.0f m lateral minimum) at the same level: a merge",
                         ci->id, cj->id, pb->gap, L);
            f = cadd(x, ci, SKY_FIND_SEPARATION, msg);
            if (f == NULL) {
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
                break;
            }
            f->other_id = cj->id;
            f->segment = (long)pb->seg;
            f->min_clearance_m = pb->gap;
            f->band_amsl_m[0] = pb->band[0];
            f->band_amsl_m[1] = pb->band[1];
            f->has_window = 1;
            f->window[0] = pb->open[0];
            f->window[1] = pb->open[1];
            rc = set_point(x, pb->at, pb->band[0], f->entry, err);
            memcpy(f->exit, f->entry, sizeof f->exit);
            memset(pb, 0, sizeof *pb);
        }
        base += ci->c->line.n - 1;
    }
done:
    sky_index_free(ix);
    sky_free(h.v);
    sky_free(refs);
    sky_free(boxes);
    sky_free(best);
    sky_free(touched);
    return rc;
}

/* --- the set -------------------------------------------------------------------------- */

static sky_status prepare(cctx *x, sky_planner *p, const sky_corridor *cs, size_t n,
                          const char *source, sky_error *err)
{
    x->cs = sky_calloc(n ? n : 1, sizeof *x->cs);
    if (x->cs == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        ccorr *c = &x->cs[i];
        size_t m = cs[i].line.n;
        c->c = &cs[i];
        c->id = sky_vb_str(x->b, cs[i].id);
        sky_schedule_init_always(&c->sched);
        c->xy = sky_calloc(m ? m : 1, sizeof *c->xy);
        c->geoid = sky_calloc(m ? m : 1, sizeof *c->geoid);
        if (c->xy == NULL || c->geoid == NULL)
            return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        if (m < 2) {
            sky_ref ref = {source, cs[i].at.index, cs[i].id, "geometry.coordinates"};
            return sky_fail(err, SKY_E_BAD_GEOMETRY, &ref, "a corridor needs 2 positions");
        }
        {
            sky_ref ref = {source, cs[i].at.index, cs[i].id, "schedule"};
            sky_status rc = sky_schedule_parse(cs[i].schedule, &c->sched, &ref, err);
            if (rc != SKY_OK)
                return rc;
        }
        for (size_t k = 0; k < m; k++) {
            sky_status rc = sky_eng_request_point(p, cs[i].line.pts[k], &c->xy[k], err);
            if (rc == SKY_OK)
                rc = sky_dq_geoid(x->q, cs[i].line.pts[k], &c->geoid[k], err);
            if (rc != SKY_OK) {
                char msg[256];
                sky_ref ref = {source, cs[i].at.index, cs[i].id, "geometry.coordinates"};
                sky_strlcpy(msg, err ? err->message : "", sizeof msg);
                return sky_fail(err, rc == SKY_E_INVALID_ARG ? SKY_E_BAD_GEOMETRY : rc, &ref,
                                "%s", msg);
            }
        }
    }
    return SKY_OK;
}

sky_status sky_check_corridors(sky_planner *p, const char *text, size_t len,
                               const char *source, const sky_validate_opts *opts,
                               sky_validation **out, sky_error *err)
{
    cctx x;
    sky_vbuild b;
    sky_airspace as;
    const sky_corridor *cs;
    size_t n;
    sky_status rc;

    if (out == NULL || p == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner or out is NULL");
    *out = NULL;
    memset(&x, 0, sizeof x);
    x.q = sky_eng_planner_dq(p);
    x.d = x.q->d;
    sky_validate_opts_init(&x.o);
    if (opts != NULL) {
        if (opts->size != sizeof *opts)
            return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                            "validation options not set up with sky_validate_opts_init()");
        x.o = *opts;
    }
    rc = sky_eng_rules_in(&x.o.rules, &x.rules, err);
    if (rc != SKY_OK)
        return rc;
    if (!(x.o.lateral_m >= 0) || !(x.o.vertical_m >= 0) || !isfinite(x.o.lateral_m) ||
        !isfinite(x.o.vertical_m) || !(x.o.endpoint_snap_m >= 0))
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "separation minima must be >= 0");
    x.depart = x.o.has_depart ? x.o.depart_unix : (int64_t)time(NULL);
    sky_rt_airspace_init(&as);
    if (text != NULL) {
        sky_parse_opts po;
        size_t repaired = 0;
        memset(&po, 0, sizeof po);
        po.layer = SKY_LAYER_CORRIDORS;
        rc = sky_rt_parse_geojson(x.q->g, &as, source ? source : "<memory>", text, len, &po,
                                  &repaired, err);
        if (rc == SKY_OK)
            rc = sky_rt_airspace_finish(&as, err);
        if (rc != SKY_OK) {
            sky_rt_airspace_clear(&as);
            return rc;
        }
        cs = as.corridors;
        n = as.ncorridors;
    } else {
        cs = x.d->as.corridors;
        n = x.d->as.ncorridors;
    }
    sky_vb_init(&b);
    x.b = &b;
    rc = sky_vb_begin(&b, NULL, -1, err);
    if (rc == SKY_OK) {
        sky_vb_current(&b)->depart_unix = x.depart;
        rc = prepare(&x, p, cs, n, source, err);
    }
    for (size_t i = 0; i < n && rc == SKY_OK; i++) {
        const ccorr *c = &x.cs[i];
        rc = check_ends(&x, c, err);
        for (size_t k = 0; k + 1 < c->c->line.n && rc == SKY_OK; k++) {
            double *ts = NULL, *gs = NULL;
            size_t m = 0;
            rc = sky_dq_ground_profile(x.q, c->xy[k], c->xy[k + 1], SAMPLE_STEP_M, &ts, &gs,
                                       &m, err);
            if (rc == SKY_OK)
                rc = check_zones(&x, c, k, ts, gs, m, err);
            if (rc == SKY_OK)
                rc = check_terrain(&x, c, k, ts, gs, m, err);
            sky_free(ts);
            sky_free(gs);
        }
    }
    if (rc == SKY_OK)
        rc = check_pairs(&x, err);
    for (size_t i = 0; x.cs != NULL && i < x.n; i++) {
        sky_free(x.cs[i].xy);
        sky_free(x.cs[i].geoid);
        sky_schedule_clear(&x.cs[i].sched);
    }
    sky_free(x.cs);
    if (rc == SKY_OK)
        rc = sky_vb_finish(&b, out, err);
    else
        sky_vb_clear(&b);
    sky_rt_airspace_clear(&as);
    return rc;
}
