/*
 * tour.c - sightseeing tours: legs between pads planned by sky_plan with departure times
 * carried along the tour, and the shortest visiting order by Held-Karp dynamic programming
 * over the legs' durations (exact; O(2^n n^2) for n stops, so n is capped at 12).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"

#define SKY_TOUR_MAX_OPT 12

void sky_tour_request_init(sky_tour_request *t)
{
    if (t == NULL)
        return;
    memset(t, 0, sizeof *t);
    t->size = sizeof *t;
    sky_plan_request_init(&t->leg);
}

const char *const *sky_route_stops(const sky_route *r, size_t *n)
{
    if (n)
        *n = r ? r->nstops : 0;
    return r && r->nstops ? (const char *const *)r->stops : NULL;
}

/* One leg from stop a to stop b departing at t. */
static sky_status plan_leg(sky_planner *p, const sky_tour_request *t, const char *a,
                           const char *b, int64_t depart, sky_route **out, sky_error *err)
{
    sky_plan_request req = t->leg;
    req.from_id = a;
    req.to_id = b;
    req.via = NULL;
    req.nvia = 0;
    req.depart_unix = depart;
    return sky_plan(p, &req, out, err);
}

/*
 * The order of least total duration: stop 0 first, then every other stop once, then (loop)
 * back to stop 0. cost[i * n + j] is the duration of the leg i -> j (INFINITY: no leg).
 */
static int held_karp(const double *cost, size_t n, int loop, size_t *order)
{
    size_t full = (size_t)1 << (n - 1), m = n - 1; /* subsets of stops 1..n-1 */
    double *dp = sky_malloc(full * m * sizeof *dp);
    int32_t *par = sky_malloc(full * m * sizeof *par);
    double best = INFINITY;
    size_t last = 0, mask;
    if (dp == NULL || par == NULL) {
        sky_free(dp);
        sky_free(par);
        return -1;
    }
    for (size_t i = 0; i < full * m; i++) {
        dp[i] = INFINITY;
        par[i] = -1;
    }
    for (size_t j = 0; j < m; j++)
        dp[((size_t)1 << j) * m + j] = cost[0 * n + (j + 1)];
    for (mask = 1; mask < full; mask++)
        for (size_t j = 0; j < m; j++) {
            double here = dp[mask * m + j];
            if (!(mask & ((size_t)1 << j)) || !isfinite(here))
                continue;
            for (size_t k = 0; k < m; k++) {
                size_t nm;
                double c;
                if (mask & ((size_t)1 << k))
                    continue;
                nm = mask | ((size_t)1 << k);
                c = here + cost[(j + 1) * n + (k + 1)];
                if (c < dp[nm * m + k]) {
                    dp[nm * m + k] = c;
                    par[nm * m + k] = (int32_t)j;
                }
            }
        }
    for (size_t j = 0; j < m; j++) {
        double c = dp[(full - 1) * m + j] + (loop ? cost[(j + 1) * n + 0] : 0);
        if (c < best) {
            best = c;
            last = j;
        }
    }
    if (!isfinite(best)) {
        sky_free(dp);
        sky_free(par);
        return 1;
    }
    order[0] = 0;
    mask = full - 1;
    for (size_t pos = n - 1; pos >= 1; pos--) {
        int32_t pj = par[mask * m + last];
        order[pos] = last + 1;
        mask &= ~((size_t)1 << last);
        if (pj < 0)
            break;
        last = (size_t)pj;
    }
    sky_free(dp);
    sky_free(par);
    return 0;
}

/* Append route leg (its waypoints shifted by the tour's elapsed time and distance; its
 * avoided zones merged without repeats). */
static int append_leg(sky_route *tour, const sky_route *leg, double t_off, double d_off)
{
    sky_waypoint *w = sky_realloc(tour->wp, (tour->n + leg->n) * sizeof *w);
    char **av;
    if (w == NULL)
        return 0;
    av = sky_realloc(tour->avoided, (tour->navoided + leg->navoided + 1) * sizeof *av);
    if (av == NULL) {
        tour->wp = w;
        return 0;
    }
    tour->avoided = av;
    for (size_t i = 0; i < leg->navoided; i++) {
        size_t k = 0;
        while (k < tour->navoided && strcmp(tour->avoided[k], leg->avoided[i]) != 0)
            k++;
        if (k == tour->navoided) {
            tour->avoided[tour->navoided] = sky_strdup(leg->avoided[i]);
            if (tour->avoided[tour->navoided] == NULL) {
                tour->wp = w;
                return 0;
            }
            tour->navoided++;
        }
    }
    tour->wp = w;
    for (size_t i = 0; i < leg->n; i++) {
        sky_waypoint x = leg->wp[i];
        x.eta_s += t_off;
        x.dist_m += d_off;
        tour->wp[tour->n++] = x;
    }
    return 1;
}

sky_status sky_plan_tour(sky_planner *p, const sky_tour_request *t, sky_route **out,
                         sky_error *err)
{
    size_t n, nlegs, *order = NULL;
    double *cost = NULL, elapsed = 0, dist = 0;
    sky_route *tour = NULL;
    sky_status rc = SKY_OK;

    if (out == NULL || p == NULL || t == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "planner, tour or out is NULL");
    *out = NULL;
    if (t->size != sizeof *t || t->leg.size != sizeof t->leg)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "tour not set up with sky_tour_request_init()");
    n = t->nstops;
    if (n < 2 || t->stops == NULL)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL, "a tour needs at least 2 stops");
    if (t->optimize_order && n > SKY_TOUR_MAX_OPT)
        return sky_fail(err, SKY_E_INVALID_ARG, NULL,
                        "an optimised order is exact for up to %d stops; %zu given",
                        SKY_TOUR_MAX_OPT, n);
    order = sky_malloc(n * sizeof *order);
    if (order == NULL)
        return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    if (t->optimize_order && n > 2) {
        /* every leg's duration, planned at the tour's departure */
        cost = sky_malloc(n * n * sizeof *cost);
        if (cost == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        for (size_t i = 0; i < n && rc == SKY_OK; i++)
            for (size_t j = 0; j < n && rc == SKY_OK; j++) {
                sky_route *r = NULL;
                sky_status lrc;
                cost[i * n + j] = INFINITY;
                if (i == j)
                    continue;
                lrc = plan_leg(p, t, t->stops[i], t->stops[j], t->leg.depart_unix, &r, err);
                if (lrc == SKY_OK)
                    cost[i * n + j] = r->duration_s;
                else if (lrc < 200 || lrc >= 300) { /* an error, not a missing leg */
                    rc = lrc;
                    if (err) {
                        char msg[sizeof err->message + 200];
                        snprintf(msg, sizeof msg, "leg %s -> %s: %s", t->stops[i], t->stops[j],
                                 err->message);
                        sky_strlcpy(err->message, msg, sizeof err->message);
                    }
                }
                sky_route_free(r);
            }
        if (rc == SKY_OK) {
            int h = held_karp(cost, n, t->loop, order);
            if (h < 0)
                rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
            else if (h > 0)
                rc = sky_fail(err, SKY_E_NO_ROUTE, NULL,
                              "no order visits every stop: some legs have no route");
        }
    }
    if (rc == SKY_OK) {
        tour = sky_calloc(1, sizeof *tour);
        if (tour == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
    }
    nlegs = t->loop ? n : n - 1;
    for (size_t i = 0; i < nlegs && rc == SKY_OK; i++) {
        const char *a = t->stops[order[i]], *b = t->stops[order[(i + 1) % n]];
        sky_route *leg = NULL;
        rc = plan_leg(p, t, a, b, sky_time_add(t->leg.depart_unix, elapsed, 1), &leg, err);
        if (rc == SKY_OK && !append_leg(tour, leg, ceil(elapsed), dist))
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        if (rc == SKY_OK) {
            elapsed = ceil(elapsed) + leg->duration_s;
            dist += leg->length_m;
            if (i == 0) {
                tour->profile = leg->profile ? sky_strdup(leg->profile) : NULL;
                tour->clearance_m = leg->clearance_m;
                tour->altitude_m = leg->altitude_m;
            }
        } else if (err) {
            /* say which leg failed */
            char msg[sizeof err->message + 200];
            snprintf(msg, sizeof msg, "leg %zu (%s -> %s): %s", i + 1, a, b, err->message);
            sky_strlcpy(err->message, msg, sizeof err->message);
        }
        sky_route_free(leg);
    }
    if (rc == SKY_OK) {
        sky_profile_info pi;
        rc = sky_engine_find_profile(p->eng, t->leg.profile ? t->leg.profile
                                                             : "delivery-multicopter",
                                     &pi, err);
        /* each leg met the range rule on its own (sky_plan); the tour as a whole is one
         * route on one charge by distance (the stops' hovering is not charged to it) */
        if (rc == SKY_OK && dist > pi.range_m)
            rc = sky_fail(err, SKY_E_BEYOND_RANGE, NULL,
                          "the tour is %.0f m long, beyond the %.0f m range of %s", dist,
                          pi.range_m, pi.name);
    }
    if (rc == SKY_OK) {
        size_t ns = t->loop ? n + 1 : n;
        tour->depart_unix = t->leg.depart_unix;
        tour->length_m = dist;
        tour->duration_s = elapsed;
        tour->from = sky_strdup(t->stops[order[0]]);
        tour->to = sky_strdup(t->stops[order[t->loop ? 0 : n - 1]]);
        tour->request_id = t->leg.request_id ? sky_strdup(t->leg.request_id) : NULL;
        tour->stops = sky_calloc(ns, sizeof *tour->stops);
        if (tour->stops == NULL)
            rc = sky_fail(err, SKY_E_NOMEM, NULL, "out of memory");
        for (size_t i = 0; rc == SKY_OK && i < ns; i++) {
            tour->stops[i] = sky_strdup(t->stops[order[i % n]]);
            tour->nstops++;
        }
    }
    sky_free(order);
    sky_free(cost);
    if (rc != SKY_OK) {
        sky_route_free(tour);
        return rc;
    }
    *out = tour;
    return SKY_OK;
}
