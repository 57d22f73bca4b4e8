/*
 * validate_int.h - what engine/validate.c and engine/corridors.c share: the planner's domain
 * queries (accessors appended to engine.c), and the findings builder that both fill and that
 * becomes one sky_validation block. Private to engine/.
 */
#ifndef SKY_VALIDATE_INT_H
#define SKY_VALIDATE_INT_H

#include "routes/domain.h"

/* engine.c accessors */
sky_dq *sky_eng_planner_dq(sky_planner *p);
const sky_engine *sky_eng_planner_engine(const sky_planner *p);
sky_status sky_eng_rules_in(const sky_flight_rules *in, sky_rules *out, sky_error *err);
/* A request point: finite, in range, inside the extent; projected into the frame. */
sky_status sky_eng_request_point(sky_planner *p, sky_lonlat pt, sky_xy *xy, sky_error *err);

/* Findings being gathered: strings live in the arena, which the result takes over. */
typedef struct sky_vbuild {
    sky_arena arena;
    sky_check *checks;
    size_t nchecks, cap_checks;
    sky_finding *f;         /* the current check's findings (heap) */
    size_t nf, cap_f;
} sky_vbuild;

void sky_vb_init(sky_vbuild *b);
void sky_vb_clear(sky_vbuild *b);
/* Start a check (the previous one is closed). */
sky_status sky_vb_begin(sky_vbuild *b, const char *id, long index, sky_error *err);
/* A finding with every optional field empty (NaN, -1, NULL); NULL on OOM. message printf. */
sky_finding *sky_vb_add(sky_vbuild *b, sky_finding_code code, const char *fmt, ...)
    SKY_PRINTF(3, 4);
/* Fill a finding's zone fields from zone z of the domain (strings copied). */
void sky_vb_zone(sky_vbuild *b, sky_finding *f, const sky_domain *d, size_t zone);
const char *sky_vb_str(sky_vbuild *b, const char *s);
/* The current check, to fill its summary fields. */
sky_check *sky_vb_current(sky_vbuild *b);
/* Close the last check and hand everything over as one sky_validation (b is cleared, on
 * failure too). */
sky_status sky_vb_finish(sky_vbuild *b, sky_validation **out, sky_error *err);

/* Profile by name (NULL: the default). */
const sky_profile *sky_eng_profile(const sky_domain *d, const char *name);

#endif
