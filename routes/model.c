/*
 * model.c - the airspace vocabulary (layers, restrictions, references, vertiport kinds), the
 * built-in aircraft profiles, and the airspace's lifetime. Names here are the ones every
 * file format and command uses (DOMAIN.md "Layers, identity and structure").
 */
#include <string.h>

#include "routes/routes.h"

static const char *const layer_names[SKY_LAYER_COUNT] = {
    "vertiports", "zones", "terrain", "routes", "corridors", "profiles"};

const char *sky_layer_name(sky_layer layer)
{
    return (unsigned)layer < SKY_LAYER_COUNT ? layer_names[layer] : NULL;
}

sky_status sky_layer_parse(const char *name, sky_layer *out)
{
    for (int i = 0; name != NULL && i < SKY_LAYER_COUNT; i++)
        if (strcmp(name, layer_names[i]) == 0) {
            *out = (sky_layer)i;
            return SKY_OK;
        }
    return SKY_E_INVALID_ARG;
}

static const char *const restr_names[SKY_RESTR_COUNT] = {
    "PROHIBITED", "REQ_AUTHORISATION", "CONDITIONAL", "NO_RESTRICTION", "USPACE"};

const char *sky_restriction_name(sky_restriction r)
{
    return (unsigned)r < SKY_RESTR_COUNT ? restr_names[r] : NULL;
}

int sky_rt_restriction_parse(const char *s, sky_restriction *out)
{
    if (s == NULL)
        return 0;
    for (int i = 0; i < SKY_RESTR_COUNT; i++)
        if (strcmp(s, restr_names[i]) == 0) {
            *out = (sky_restriction)i;
            return 1;
        }
    if (strcmp(s, "REQ_AUTHORIZATION") == 0) { /* ED-318's spelling */
        *out = SKY_RESTR_REQ_AUTHORISATION;
        return 1;
    }
    return 0;
}

static const char *const format_names[] = {"auto", "geojson", "ed269", "ed318", "spatialite"};

const char *sky_format_name(sky_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : NULL;
}

sky_status sky_format_parse(const char *name, sky_format *out)
{
    for (size_t i = 0; name != NULL && i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (sky_format)i;
            return SKY_OK;
        }
    return SKY_E_INVALID_ARG;
}

static const char *const vref_names[] = {"AGL", "AMSL", "WGS84"};

const char *sky_rt_vref_name(sky_vref r)
{
    return (unsigned)r <= SKY_VREF_WGS84 ? vref_names[r] : "?";
}

int sky_rt_vref_parse(const char *s, sky_vref *out)
{
    for (int i = 0; s != NULL && i <= SKY_VREF_WGS84; i++)
        if (strcmp(s, vref_names[i]) == 0) {
            *out = (sky_vref)i;
            return 1;
        }
    return 0;
}

static const char *const kind_names[SKY_VP_KIND_COUNT] = {"hub", "helipad", "sightseeing_pad",
                                                          "delivery_pad"};

const char *sky_rt_vp_kind_name(sky_vp_kind k)
{
    return (unsigned)k < SKY_VP_KIND_COUNT ? kind_names[k] : "?";
}

int sky_rt_vp_kind_parse(const char *s, sky_vp_kind *out)
{
    for (int i = 0; s != NULL && i < SKY_VP_KIND_COUNT; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (sky_vp_kind)i;
            return 1;
        }
    return 0;
}

/*
 * Approximate figures (DOMAIN.md): a 4th-generation urban delivery multicopter (83 km/h,
 * 10 km) and a two-seat passenger eVTOL. Documented as approximations, not type data.
 */
static const sky_profile builtin_profiles[] = {
    {"delivery-multicopter", 20.0, 5.0, 4.0, 10000.0, 1,
     "{\"name\":\"delivery-multicopter\",\"speed_mps\":20,\"climb_mps\":5,\"descent_mps\":4,"
     "\"range_m\":10000,\"notes\":\"built in; approximate: after a 4th-generation urban "
     "delivery multicopter (83 km/h, 10 km)\"}",
     {NULL, -1}},
    {"sightseeing-evtol", 30.0, 4.0, 3.0, 30000.0, 1,
     "{\"name\":\"sightseeing-evtol\",\"speed_mps\":30,\"climb_mps\":4,\"descent_mps\":3,"
     "\"range_m\":30000,\"notes\":\"built in; approximate: after a two-seat passenger "
     "eVTOL\"}",
     {NULL, -1}},
};

size_t sky_rt_builtin_profiles(const sky_profile **out)
{
    *out = builtin_profiles;
    return sizeof builtin_profiles / sizeof builtin_profiles[0];
}

void sky_rt_airspace_init(sky_airspace *as)
{
    memset(as, 0, sizeof *as);
    sky_arena_init(&as->arena);
    as->terrain_flank_slope = 0.35;
}

void sky_rt_airspace_clear(sky_airspace *as)
{
    sky_arena_clear(&as->arena);
    sky_free(as->vps);
    sky_free(as->zones);
    sky_free(as->contours);
    sky_free(as->routes);
    sky_free(as->corridors);
    sky_free(as->profiles);
    sky_rt_airspace_init(as);
}

/* --- filtering ------------------------------------------------------------------------- */

static int same(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int listed(const char *const *ids, size_t nids, const char *id)
{
    if (ids == NULL)
        return 1;
    for (size_t i = 0; i < nids; i++)
        if (same(ids[i], id))
            return 1;
    return 0;
}

typedef struct filt {
    sky_geo *g;
    sky_geo_boxf *box; /* NULL: no box */
    const char *const *ids;
    size_t nids;
    int geos_failed;
} filt;

/* The verdict of a box test (1, 0, -1 on failure: kept, and the failure remembered). */
static int meets(filt *f, int r)
{
    if (r < 0)
        f->geos_failed = 1;
    return r != 0;
}

static int zone_meets(filt *f, const sky_zone *z)
{
    for (size_t v = 0; v < z->nvol; v++)
        if (meets(f, sky_geo_boxf_mpoly(f->g, f->box, &z->vol[v].fp.area)))
            return 1;
    return 0;
}

#define FILTER(arr, n, field, test)                                                            \
    do {                                                                                       \
        size_t k_ = 0;                                                                         \
        for (size_t i = 0; i < (n); i++)                                                       \
            if (listed(f.ids, f.nids, (arr)[i].field) && (f.box == NULL || (test)))            \
                (arr)[k_++] = (arr)[i];                                                        \
        (n) = k_;                                                                              \
    } while (0)

sky_status sky_rt_airspace_filter(sky_geo *g, sky_airspace *as, const double *bbox,
                                  const char *const *ids, size_t nids, sky_error *err)
{
    filt f = {g, NULL, ids, nids, 0};
    for (size_t k = 0; ids != NULL && k < nids; k++) {
        int found = 0;
        for (size_t i = 0; !found && i < as->nvps; i++)
            found = same(as->vps[i].id, ids[k]);
        for (size_t i = 0; !found && i < as->nzones; i++)
            found = same(as->zones[i].id, ids[k]);
        for (size_t i = 0; !found && i < as->ncontours; i++)
            found = same(as->contours[i].id, ids[k]);
        for (size_t i = 0; !found && i < as->nroutes; i++)
            found = same(as->routes[i].id, ids[k]);
        for (size_t i = 0; !found && i < as->ncorridors; i++)
            found = same(as->corridors[i].id, ids[k]);
        for (size_t i = 0; !found && i < as->nprofiles; i++)
            found = same(as->profiles[i].name, ids[k]);
        if (!found)
            return sky_fail(err, SKY_E_NOT_FOUND, NULL, "no feature has the id '%s'", ids[k]);
    }
    if (bbox != NULL) {
        sky_status rc = sky_geo_boxf_new(g, bbox, &f.box, err);
        if (rc != SKY_OK)
            return rc;
    }
    FILTER(as->vps, as->nvps, id, meets(&f, sky_geo_boxf_point(g, f.box, as->vps[i].pos)));
    FILTER(as->zones, as->nzones, id, zone_meets(&f, &as->zones[i]));
    FILTER(as->contours, as->ncontours, id,
           meets(&f, sky_geo_boxf_mpoly(g, f.box, &as->contours[i].fp.area)));
    FILTER(as->routes, as->nroutes, id,
           meets(&f, sky_geo_boxf_line(g, f.box, &as->routes[i].line)));
    FILTER(as->corridors, as->ncorridors, id,
           meets(&f, sky_geo_boxf_line(g, f.box, &as->corridors[i].line)));
    FILTER(as->profiles, as->nprofiles, name, 0);
    sky_geo_boxf_free(g, f.box);
    if (f.geos_failed)
        return sky_fail(err, SKY_E_GEOS, NULL, "testing features against the box failed");
    return SKY_OK;
}

static void *grow(void **arr, size_t *n, size_t *cap, size_t elem)
{
    char *p;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void *na = sky_realloc(*arr, nc * elem);
        if (na == NULL)
            return NULL;
        *arr = na;
        *cap = nc;
    }
    p = (char *)*arr + *n * elem;
    memset(p, 0, elem);
    (*n)++;
    return p;
}

#define SKY_ADDER(fn, type, arr, count, layer)                                                 \
    type *fn(sky_airspace *as)                                                                 \
    {                                                                                          \
        void *a = as->arr;                                                                     \
        type *r = grow(&a, &as->count, &as->cap[layer], sizeof(type));                         \
        as->arr = a;                                                                           \
        return r;                                                                              \
    }
SKY_ADDER(sky_rt_add_vertiport, sky_vertiport, vps, nvps, SKY_LAYER_VERTIPORTS)
SKY_ADDER(sky_rt_add_zone, sky_zone, zones, nzones, SKY_LAYER_ZONES)
SKY_ADDER(sky_rt_add_contour, sky_contour, contours, ncontours, SKY_LAYER_TERRAIN)
SKY_ADDER(sky_rt_add_route, sky_route_rec, routes, nroutes, SKY_LAYER_ROUTES)
SKY_ADDER(sky_rt_add_corridor, sky_corridor, corridors, ncorridors, SKY_LAYER_CORRIDORS)
SKY_ADDER(sky_rt_add_profile, sky_profile, profiles, nprofiles, SKY_LAYER_PROFILES)
