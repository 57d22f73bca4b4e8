/*
 * domain.h - the domain rules of DOMAIN.md, implemented once: the airspace prepared in its
 * local metric frame (sky_domain, immutable and shared), and per-thread queries over it
 * (sky_dq: ground elevation, bands in AMSL, what blocks, the extent rule). The planner, the
 * validator and `skylane where` ask these functions and nothing else.
 */
#ifndef SKY_DOMAIN_H
#define SKY_DOMAIN_H

#include "routes/routes.h"
#include "routes/schedule.h"

/* The rules a flight brings: its band above ground, permits and acceptances. */
typedef struct sky_rules {
    double min_agl_m, max_agl_m;      /* DOMAIN.md: 30 and 120 by default */
    const char *const *permits;       /* zone ids; borrowed */
    size_t npermits;
    const char *const *accepts;       /* zone ids; borrowed */
    size_t naccepts;
    int accept_conditional;
} sky_rules;

void sky_rules_default(sky_rules *r);

/* One zone volume in the local frame. */
typedef struct sky_dvol {
    size_t zone;             /* index in as.zones */
    size_t vol;              /* index in the zone's volumes */
    sky_xpoly *xy;           /* footprint polygons, metres */
    size_t nxy;
    sky_bbox box;
} sky_dvol;

/* One polygon of a terrain contour in the local frame. */
typedef struct sky_dpart {
    size_t contour;          /* index in as.contours */
    double level;            /* min_elevation_m */
    size_t level_no;         /* index in sky_domain.levels */
    sky_xpoly xy;
    sky_bbox box;
    long parent;             /* the part one level down that holds it, -1 if none */
    size_t *children;        /* parts at the next level inside this one */
    size_t nchildren;
} sky_dpart;

typedef struct sky_domain {
    sky_airspace as;         /* the loaded data; owned */
    sky_arena arena;         /* the prepared arrays below */
    int has_extent;
    double data_extent[4];   /* bbox of everything loaded [w, s, e, n] */
    double extent[4];        /* the airspace's extent: data_extent grown by 50 km */
    sky_lonlat center;       /* the local frame's centre */
    sky_dvol *vols;
    size_t nvols;
    sky_index *vol_index;
    sky_schedule *zone_sched; /* per zone */
    sky_dpart *parts;
    size_t nparts;
    sky_index *part_index;
    double *levels;          /* distinct contour levels, ascending */
    size_t nlevels;
    sky_xy *vp_xy;           /* vertiport positions in the local frame */
    sky_index *vp_index;
} sky_domain;

#define SKY_EXTENT_GROWTH_M 50000.0
#define SKY_VERTIPORT_SNAP_M 0.5 /* a point this close to a pad takes the pad's elevation */

/* Prepare d->as (already loaded) for queries; on failure d is cleared. */
sky_status sky_dom_build(sky_domain *d, sky_error *err);
void sky_dom_clear(sky_domain *d);
/* 1 when p lies inside the airspace's extent. */
int sky_dom_in_extent(const sky_domain *d, sky_lonlat p);

typedef enum sky_why {
    SKY_WHY_BLOCKS = 0,
    SKY_WHY_PERMIT = 1,          /* REQ_AUTHORISATION lifted by --permit */
    SKY_WHY_ACCEPTED = 2,        /* CONDITIONAL lifted by acceptance */
    SKY_WHY_NO_RESTRICTION = 3,  /* NO_RESTRICTION never blocks */
    SKY_WHY_INACTIVE = 4,        /* not active during the time window */
    SKY_WHY_OUTSIDE_BAND = 5     /* its band does not meet the flight's */
} sky_why;

/* Restriction and permits alone: SKY_WHY_BLOCKS when nothing lifts the zone. */
sky_why sky_dom_restriction_verdict(const sky_domain *d, size_t zone, const sky_rules *r);

/* Per-thread queries: one sky_geo (GEOS + PROJ contexts) and lazily prepared shapes. */
typedef struct sky_dq {
    const sky_domain *d;
    sky_geo *g;
    sky_shape **vol_shape;   /* per volume, NULL until first needed */
    sky_shape **part_shape;  /* per terrain part */
} sky_dq;

sky_status sky_dq_init(sky_dq *q, const sky_domain *d, sky_error *err);
void sky_dq_clear(sky_dq *q);

/* Ground elevation (m AMSL) at p by the contour-interpolation rule of DOMAIN.md. */
sky_status sky_dq_ground(sky_dq *q, sky_xy p, double *ground_m, sky_error *err);
/* EGM96 undulation at p: ellipsoidal = AMSL + N. */
sky_status sky_dq_geoid(sky_dq *q, sky_lonlat p, double *n_m, sky_error *err);
/* A band's limits in AMSL at p ([lo, hi], hi may be INFINITY); ground and geoid at p given. */
void sky_band_amsl(const sky_band *b, double ground_m, double geoid_m, double out[2]);
/* Closed intervals meet. */
int sky_band_meets(double a_lo, double a_hi, double b_lo, double b_hi);
/* 1 when p is inside (interior of) volume v's footprint. */
sky_status sky_dq_in_volume(sky_dq *q, size_t v, sky_xy p, int *inside, sky_error *err);
/* Distance from p to volume v's footprint (0 inside), metres. */
sky_status sky_dq_volume_distance(sky_dq *q, size_t v, sky_xy p, double *d_m, sky_error *err);
/*
 * The whole question at one place: does volume v block a flight whose altitudes there are
 * [alt_lo, alt_hi] m AMSL during [t0, t1]? band_out (optional) gets the volume's band in AMSL
 * at p. Order of reasons: restriction/permit, then time, then band.
 */
sky_status sky_dq_verdict(sky_dq *q, size_t v, sky_xy p, double ground_m, double geoid_m,
                          double alt_lo, double alt_hi, int64_t t0, int64_t t1,
                          const sky_rules *r, sky_why *why, double band_out[2],
                          sky_error *err);
/* Call fn(user, v) for each volume whose box meets q's box. */
int sky_dom_volumes_near(const sky_domain *d, sky_bbox box, int (*fn)(void *, size_t),
                         void *user);

/*
 * The ground along a-b: samples at most max_step_m apart (DOMAIN.md: 10 m) and at every
 * contour crossing, from t = 0 to t = 1. *t and *ground are new (sky_free), *n >= 2.
 */
sky_status sky_dq_ground_profile(sky_dq *q, sky_xy a, sky_xy b, double max_step_m,
                                 double **t, double **ground, size_t *n, sky_error *err);

/*
 * The endpoint rule: a take-off or landing point may not lie inside a volume that blocks
 * there, or within margin_m of one (equality allowed). *vol receives the first such volume,
 * or SKY_NO_VOLUME; *dist_m its distance (0 inside).
 */
#define SKY_NO_VOLUME ((size_t)-1)
sky_status sky_dq_endpoint_check(sky_dq *q, sky_xy p, double ground_m, double geoid_m,
                                 double alt_lo, double alt_hi, int64_t t0, int64_t t1,
                                 const sky_rules *r, double margin_m, size_t *vol,
                                 double *dist_m, sky_error *err);

/*
 * The timing of a flown route, one rule for the planner and the validator (DOMAIN.md): a
 * vertical take-off from ground0 to alt[0] at the climb rate, legs between the points of
 * max(geodesic length / speed, height change / climb or descent rate), and a vertical landing
 * from alt[n-1] to ground_end at the descent rate. eta[i] is when the aircraft is at point i
 * (seconds after departure), *arrive_s when it lands; a landing or take-off below the pad is
 * no time. Non-finite or absurd times saturate at SKY_MAX_FLIGHT_S.
 */
#define SKY_MAX_FLIGHT_S (366.0 * 86400.0)
void sky_route_etas(const sky_profile *p, const sky_lonlat *pts, const double *alt, size_t n,
                    double ground0, double ground_end, double *eta, double *arrive_s);
/* UTC seconds + an offset in seconds, rounded down (up: ceil), saturated instead of
 * overflowing (for windows built from ETAs). */
int64_t sky_time_add(int64_t t, double seconds, int up);

/* The range rule as the planner and the validator both apply it: 1 when the route is longer
 * than the range, 2 when it takes longer than range / cruise speed (the endurance: the
 * vertical phases count), else 0. */
int sky_range_exceeded(const sky_profile *p, double length_m, double duration_s);

/* The bounds every input is held to, so that no time or height can overflow: aircraft
 * figures (cruise speed, vertical rates, range) and heights. Returns NULL when the figure is
 * acceptable, else a message saying the bound. */
/* (SKY_MAX_HEIGHT_M, the height bound, is in routes.h: the readers hold input to it.) */
const char *sky_profile_figure_check(int which, double v); /* which: 0 speed, 1 climb,
                                                            * 2 descent, 3 range */

/* Feet to metres (1 ft = 0.3048 m exactly). */
double sky_feet_to_m(double ft);

/* Leg duration (DOMAIN.md): max(length / speed, height change / climb or descent rate). */
double sky_leg_duration_s(const sky_profile *p, double length_m, double dh_m);

/* --- validation helpers (issue 7) ------------------------------------------------------- */
/* Volume v's footprint prepared in this query context (built on first use); borrowed until
 * sky_dq_clear. For the segment helpers of geo/segment.c. */
sky_status sky_dq_volume_shape(sky_dq *q, size_t v, const sky_shape **out, sky_error *err);

#endif
