/*
 * test_routes_formats.c - the foreign formats: the real ED-269 and ED-318 samples in
 * ../shared/data/formats import with the zones, volumes, bands (metres) and schedules read off
 * the files by hand; the ED-318 InvalidExample is refused under --strict and imported with
 * warnings without it; bad ED values name feature and field; SpatiaLite databases written by
 * ogr2ogr (EPSG:4326 and EPSG:32650) give the native zones within 1 mm; ED-318 export ->
 * import gives the same zones. Expected values come from the inputs, never from the code.
 */
#include "sky_test.h"

#include "routes/routes.h"
#include "routes/schedule.h"

/* copies of the public samples, provenance in tests/data/formats/README.md */
#define SKY_FORMATS_DIR SKY_TEST_DATA "/formats"

/* --- helpers ---------------------------------------------------------------------------- */

typedef struct reports {
    int n, nerr;
    char field[16][64];
    char id[16][64];
    long index[16];
} reports;

static void collect(void *user, const sky_error *e)
{
    reports *r = user;
    if (r->n < 16) {
        snprintf(r->field[r->n], sizeof r->field[r->n], "%s", e->field);
        snprintf(r->id[r->n], sizeof r->id[r->n], "%s", e->feature_id);
        r->index[r->n] = e->feature_index;
    }
    r->nerr += e->severity == SKY_SEV_ERROR;
    r->n++;
}

static int has_field(const reports *r, const char *field)
{
    for (int i = 0; i < r->n && i < 16; i++)
        if (strcmp(r->field[i], field) == 0)
            return 1;
    return 0;
}

/* Import paths (or one source) into a new scratch db with opts; returns the status. */
static sky_status import_into(char *db, size_t cap, const char *tag, const char *const *paths,
                              size_t n, const sky_source *src, const sky_import_opts *opts,
                              sky_error *err)
{
    sky_store *st = NULL;
    sky_status rc = sky_store_open(sky_test_path(db, cap, tag, "sqlite"), SKY_STORE_CREATE, &st,
                                   err);
    if (rc == SKY_OK)
        rc = src ? sky_store_import_sources(st, src, 1, opts, NULL, err)
                 : sky_store_import(st, paths, n, opts, NULL, err);
    sky_store_close(st);
    return rc;
}

/* Load the zones of db into as (with its own sky_geo, freed here). */
static void load_zones(const char *db, sky_airspace *as)
{
    sky_st *st = NULL;
    sky_geo *g = NULL;
    sky_error err;
    sky_rt_airspace_init(as);
    assert_sky_ok(sky_geo_new(&g, &err), &err);
    assert_sky_ok(sky_st_open(db, SKY_STORE_READONLY, &st, &err), &err);
    assert_sky_ok(sky_st_load(st, g, SKY_LAYER_BIT(SKY_LAYER_ZONES), as, &err), &err);
    sky_st_close(st);
    sky_geo_free(g);
}

static const sky_zone *zone(const sky_airspace *as, const char *id)
{
    for (size_t i = 0; i < as->nzones; i++)
        if (strcmp(as->zones[i].id, id) == 0)
            return &as->zones[i];
    fail_msg("no zone %s", id);
    return NULL;
}

static int64_t at(const char *iso)
{
    int64_t t;
    sky_error err;
    assert_sky_ok(sky_time_parse(iso, &t, NULL, &err), &err);
    return t;
}

/* Is z active at iso (its schedule text through the schedule functions)? */
static int active(const sky_zone *z, const char *iso)
{
    sky_schedule s;
    sky_error err;
    int a;
    assert_sky_ok(sky_schedule_parse(z->schedule, &s, NULL, &err), &err);
    a = sky_schedule_active_at(&s, at(iso));
    sky_schedule_clear(&s);
    return a;
}

static void band_is(const sky_volume *v, double lo, sky_vref lo_ref, double hi, sky_vref hi_ref)
{
    assert_near(v->band.lower_m, lo, 1e-9);
    assert_int_equal(v->band.lower_ref, lo_ref);
    if (isinf(hi))
        assert_true(isinf(v->band.upper_m));
    else
        assert_near(v->band.upper_m, hi, 1e-9);
    assert_int_equal(v->band.upper_ref, hi_ref);
}

static void circle_is(const sky_volume *v, double lon, double lat, double r)
{
    assert_true(v->fp.is_circle);
    assert_near(v->fp.center.lon, lon, 1e-12);
    assert_near(v->fp.center.lat, lat, 1e-12);
    assert_near(v->fp.radius_m, r, 1e-9);
}

/* --- ED-269 ------------------------------------------------------------------------------ */

static void test_ed269_sample(void **state)
{
    const char *path = SKY_FORMATS_DIR "/ed269/interuss_test_eurocae_ed269.json";
    char db[512];
    sky_import_opts o;
    sky_error err;
    sky_airspace as;
    reports rep = {0};
    const sky_zone *z;
    (void)state;
    sky_import_opts_init(&o);
    o.report = collect;
    o.user = &rep;
    /* detected, not forced */
    assert_sky_ok(import_into(db, sizeof db, "ed269", &path, 1, NULL, &o, &err), &err);
    /* the repeated identifier: feature 5 becomes "...#2", one warning naming both */
    assert_int_equal(rep.n, 1);
    assert_string_equal(rep.id[0], "Gantrisch Nature Park");
    assert_int_equal(rep.index[0], 5);
    load_zones(db, &as);
    assert_int_equal(as.nzones, 6);

    z = zone(&as, "Montreux Concert Area"); /* circle r 3000 m, 0 m AGL - 6259 m AMSL */
    assert_int_equal(z->restriction, SKY_RESTR_PROHIBITED);
    assert_int_equal(z->nvol, 1);
    circle_is(&z->vol[0], 6.913146, 46.430758, 3000);
    band_is(&z->vol[0], 0, SKY_VREF_AGL, 6259, SKY_VREF_AMSL);
    assert_string_equal(z->name, "Sample protected area active during evening");
    assert_string_equal(z->reason, "OTHER");
    /* SAT, SUN 17:00:00Z - 23:59:59Z between 2022-06-15T09:00Z and 2023-06-15T09:00Z;
     * 2022-06-18 is a Saturday, 2022-06-20 a Monday */
    assert_true(active(z, "2022-06-18T17:00:00Z"));
    assert_false(active(z, "2022-06-18T16:59:59Z"));
    assert_true(active(z, "2022-06-19T23:59:30Z")); /* the end rounds up to 24:00 */
    assert_false(active(z, "2022-06-20T18:00:00Z"));
    assert_false(active(z, "2022-06-11T18:00:00Z")); /* a Saturday before the start */
    assert_false(active(z, "2023-06-17T18:00:00Z")); /* a Saturday after the end */
    /* the authority and message are kept in the properties */
    assert_non_null(strstr(z->vol[0].props, "Commune de Montreux"));
    assert_non_null(strstr(z->vol[0].props, "prohibited flights during active times"));

    z = zone(&as, "Flugplatz Reichenbach"); /* three concentric circles, permanent NO */
    assert_int_equal(z->nvol, 3);
    circle_is(&z->vol[0], 7.67807, 46.612893, 1000);
    circle_is(&z->vol[1], 7.67807, 46.612893, 2500);
    circle_is(&z->vol[2], 7.67807, 46.612893, 3500);
    band_is(&z->vol[0], 0, SKY_VREF_AGL, 120, SKY_VREF_AGL);
    band_is(&z->vol[1], 50, SKY_VREF_AGL, 120, SKY_VREF_AGL);
    band_is(&z->vol[2], 100, SKY_VREF_AGL, 120, SKY_VREF_AGL);
    assert_true(active(z, "2022-06-15T09:00:00Z"));
    assert_false(active(z, "2022-06-15T08:59:59Z"));
    assert_true(active(z, "2023-06-15T08:59:59Z"));
    assert_false(active(z, "2023-06-15T09:00:00Z"));

    z = zone(&as, "Lausanne Airport"); /* permanent; three polygons */
    assert_null(z->schedule);
    assert_int_equal(z->nvol, 3);
    assert_false(z->vol[0].fp.is_circle);
    band_is(&z->vol[1], 30, SKY_VREF_AGL, 120, SKY_VREF_AGL);
    band_is(&z->vol[2], 60, SKY_VREF_AGL, 120, SKY_VREF_AGL);
    assert_string_equal(z->reason, "AIR_TRAFFIC,OTHER");

    z = zone(&as, "MONTREUX Wildlife Preserve");
    assert_int_equal(z->restriction, SKY_RESTR_REQ_AUTHORISATION);
    assert_int_equal(z->vol[0].fp.area.polys[0].rings[0].n, 7);

    z = zone(&as, "Gantrisch Nature Park"); /* FT: 250 ft = 76.2 m */
    assert_int_equal(z->restriction, SKY_RESTR_NO_RESTRICTION);
    band_is(&z->vol[0], 0, SKY_VREF_AGL, 76.2, SKY_VREF_AGL);
    z = zone(&as, "Gantrisch Nature Park#2");
    assert_int_equal(z->restriction, SKY_RESTR_REQ_AUTHORISATION);
    band_is(&z->vol[0], 0, SKY_VREF_AGL, 76.2, SKY_VREF_AGL);
    sky_rt_airspace_clear(&as);
}

/* The other envelope, dailyPeriod, numeric strings, null upper limit, ANY. */
static void test_ed269_quirks(void **state)
{
    static const char text[] =
        "{\"formatVersion\":\"1.0\",\"createdAt\":\"2024-01-01T00:00:00Z\",\"UASZoneList\":[{"
        "\"identifier\":\"Q1\",\"name\":\"Quirky\",\"restriction\":\"CONDITIONAL\","
        "\"applicability\":[{\"permanent\":\"NO\",\"dailyPeriod\":[{\"day\":[\"ANY\"],"
        "\"startTime\":\"22:00:00.00Z\",\"endTime\":\"02:00:00.00Z\"}]}],"
        "\"geometry\":[{\"uomDimensions\":\"FT\",\"lowerLimit\":\"100\","
        "\"lowerVerticalReference\":\"AGL\",\"upperLimit\":null,"
        "\"horizontalProjection\":{\"type\":\"Circle\",\"center\":[\"7.1\",46.5],"
        "\"radius\":\"1000\"}}]}]}";
    sky_source src = {"quirks.json", text, sizeof text - 1};
    char db[512];
    sky_error err;
    sky_airspace as;
    const sky_zone *z;
    (void)state;
    /* a string coordinate is not a number in a GeoJSON position: refused */
    assert_int_equal(import_into(db, sizeof db, "q", NULL, 0, &src, NULL, &err),
                     SKY_E_BAD_GEOMETRY);
    assert_string_equal(err.feature_id, "Q1");
    {
        char fixed[sizeof text];
        char *p;
        memcpy(fixed, text, sizeof text);
        p = strstr(fixed, "[\"7.1\",");
        memcpy(p, "[ 7.1 ,", 7);
        src.data = fixed;
        assert_sky_ok(import_into(db, sizeof db, "q", NULL, 0, &src, NULL, &err), &err);
    }
    load_zones(db, &as);
    z = zone(&as, "Q1");
    /* 100 ft = 30.48 m; null upper = unbounded (reference of the lower limit) */
    band_is(&z->vol[0], 30.48, SKY_VREF_AGL, INFINITY, SKY_VREF_AGL);
    circle_is(&z->vol[0], 7.1, 46.5, 304.8); /* the radius is in uomDimensions too */
    assert_true(active(z, "2024-03-05T23:00:00Z"));
    assert_true(active(z, "2024-03-06T01:59:00Z"));
    assert_false(active(z, "2024-03-06T02:00:00Z"));
    sky_rt_airspace_clear(&as);
}

/* Bad ED values: code SKY_E_BAD_VALUE, the feature's id and the field. */
static void test_ed_bad_values(void **state)
{
    static const struct {
        const char *json, *id, *field;
    } cases[] = {
        {"{\"title\":\"t\",\"features\":[{\"identifier\":\"B1\",\"restriction\":\"PROHIBITED\","
         "\"geometry\":[{\"uomDimensions\":\"M\",\"lowerLimit\":\"low\",\"lowerVerticalReference"
         "\":\"AGL\",\"horizontalProjection\":{\"type\":\"Circle\",\"center\":[7,46],\"radius\":"
         "10}}]}]}",
         "B1", "geometry[0].lowerLimit"},
        {"{\"title\":\"t\",\"features\":[{\"identifier\":\"B2\",\"restriction\":\"PROHIBITED\","
         "\"geometry\":[{\"uomDimensions\":\"YD\",\"lowerLimit\":0,\"lowerVerticalReference\":"
         "\"AGL\",\"horizontalProjection\":{\"type\":\"Circle\",\"center\":[7,46],\"radius\":10}}"
         "]}]}",
         "B2", "geometry[0].uomDimensions"},
        {"{\"title\":\"t\",\"features\":[{\"identifier\":\"B3\",\"restriction\":\"MAYBE\","
         "\"geometry\":[]}]}",
         "B3", "restriction"},
        {"{\"title\":\"t\",\"features\":[{\"identifier\":\"B4\",\"restriction\":\"PROHIBITED\","
         "\"applicability\":[{\"schedule\":[{\"day\":[\"MON\"],\"startTime\":\"25:00:00Z\"}]}],"
         "\"geometry\":[]}]}",
         "B4", "applicability[0].schedule[0].startTime"},
        {"{\"type\":\"Feature\",\"properties\":{\"identifier\":\"C1\",\"country\":\"FRA\","
         "\"type\":\"PROHIBITED\",\"variant\":\"COMMON\"},\"geometry\":{\"type\":\"Point\","
         "\"coordinates\":[2,49],\"extent\":{\"subType\":\"Circle\",\"radius\":100},\"layer\":{"
         "\"upper\":100,\"upperReference\":\"AGL\",\"lower\":0,\"lowerReference\":\"AGL\","
         "\"uom\":\"km\"}}}",
         "C1", "geometry.layer.uom"},
        {"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{"
         "\"identifier\":\"C2\",\"type\":\"PROHIBITED\"},\"geometry\":{\"type\":\"Point\","
         "\"coordinates\":[2,49],\"extent\":{\"subType\":\"Circle\",\"radius\":100},\"layer\":{"
         "\"upper\":\"1e2x\",\"upperReference\":\"AGL\",\"lower\":0,\"lowerReference\":\"AGL\","
         "\"uom\":\"m\"}}}]}",
         "C2", "geometry.layer.upper"},
        {"{\"type\":\"Feature\",\"properties\":{\"identifier\":\"C3\",\"type\":\"PROHIBITED\","
         "\"limitedApplicability\":[{\"schedule\":[{\"day\":[\"ANY\"],\"startEvent\":\"SR\"}]}]},"
         "\"geometry\":{\"type\":\"Point\",\"coordinates\":[2,49],\"extent\":{\"subType\":"
         "\"Circle\",\"radius\":100},\"layer\":{\"lower\":0,\"lowerReference\":\"AGL\","
         "\"uom\":\"m\"}}}",
         "C3", "properties.limitedApplicability[0].schedule[0].startEvent"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sky_source src = {"bad.json", cases[i].json, strlen(cases[i].json)};
        char db[512];
        sky_error err;
        sky_status rc = import_into(db, sizeof db, "bad", NULL, 0, &src, NULL, &err);
        if (rc != SKY_E_BAD_VALUE || strcmp(err.feature_id, cases[i].id) != 0 ||
            strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: got %d, id \"%s\", field \"%s\" (%s)", i, (int)rc,
                     err.feature_id, err.field, err.message);
        assert_int_equal(err.feature_index, 0);
    }
}

/* --- ED-318 ------------------------------------------------------------------------------ */

static void test_ed318_samples(void **state)
{
    const char *coll = SKY_FORMATS_DIR "/ed318/Example_Collection.json";
    const char *two = SKY_FORMATS_DIR "/ed318/Example_GeoZone_2_Layers.json";
    const char *circ = SKY_FORMATS_DIR "/ed318/Example_GeoZone_Circle.json";
    const char *ext = SKY_FORMATS_DIR "/ed318/Example_GeoZone_with_extension.json";
    const char *paths[1];
    char db[512];
    sky_import_opts o;
    sky_error err;
    sky_airspace as;
    const sky_zone *z;
    reports rep = {0};
    (void)state;
    sky_import_opts_init(&o);
    o.format = SKY_FORMAT_ED318;
    o.strict = 1; /* the valid examples have no deviation */
    o.report = collect;
    o.user = &rep;
    paths[0] = coll;
    assert_sky_ok(import_into(db, sizeof db, "ed318", paths, 1, NULL, &o, &err), &err);
    assert_int_equal(rep.n, 0);
    load_zones(db, &as);
    assert_int_equal(as.nzones, 2);
    z = zone(&as, "NFZ6547"); /* two layers: 50-150 m AGL and 0-50 m AGL */
    assert_int_equal(z->restriction, SKY_RESTR_REQ_AUTHORISATION);
    assert_string_equal(z->name, "LFPG-2");
    assert_int_equal(z->nvol, 2);
    band_is(&z->vol[0], 50, SKY_VREF_AGL, 150, SKY_VREF_AGL);
    band_is(&z->vol[1], 0, SKY_VREF_AGL, 50, SKY_VREF_AGL);
    assert_int_equal(z->vol[0].fp.area.polys[0].rings[0].n, 5);
    assert_int_equal(z->vol[1].fp.area.polys[0].rings[0].n, 4);
    /* ANY 16:00-17:00Z and SUN 10:00-12:00Z, 2018-12-31T15:59:59Z .. 2019-12-31T15:59:59Z;
     * 2019-01-06 is a Sunday, 2019-01-07 a Monday */
    assert_true(active(z, "2019-01-06T10:30:00Z"));
    assert_false(active(z, "2019-01-07T10:30:00Z"));
    assert_true(active(z, "2019-01-07T16:30:00Z"));
    assert_true(active(z, "2018-12-31T16:30:00Z"));
    assert_false(active(z, "2018-12-30T16:30:00Z"));
    assert_false(active(z, "2020-01-05T10:30:00Z"));
    assert_non_null(strstr(z->vol[0].props, "Baleines Volantes"));
    z = zone(&as, "ABC1234");
    assert_int_equal(z->restriction, SKY_RESTR_PROHIBITED);
    circle_is(&z->vol[0], 2.636866, 50.122901, 3500);
    band_is(&z->vol[0], 50, SKY_VREF_AGL, 150, SKY_VREF_AGL);
    assert_null(z->schedule);
    sky_rt_airspace_clear(&as);

    o.format = SKY_FORMAT_AUTO; /* detected */
    paths[0] = two;
    assert_sky_ok(import_into(db, sizeof db, "ed318", paths, 1, NULL, &o, &err), &err);
    load_zones(db, &as);
    assert_int_equal(as.nzones, 1);
    assert_int_equal(zone(&as, "NFZ6547")->nvol, 2);
    sky_rt_airspace_clear(&as);
    paths[0] = circ;
    assert_sky_ok(import_into(db, sizeof db, "ed318", paths, 1, NULL, &o, &err), &err);
    load_zones(db, &as);
    assert_int_equal(as.nzones, 1);
    circle_is(&zone(&as, "ABC1234")->vol[0], 2.636866, 50.122901, 3500);
    sky_rt_airspace_clear(&as);
    paths[0] = ext;
    assert_sky_ok(import_into(db, sizeof db, "ed318", paths, 1, NULL, &o, &err), &err);
    load_zones(db, &as);
    assert_non_null(strstr(zone(&as, "ABC1234")->vol[0].props, "airspaceColour"));
    sky_rt_airspace_clear(&as);
    assert_int_equal(rep.n, 0);
}

static void test_ed318_invalid_example(void **state)
{
    const char *path = SKY_FORMATS_DIR "/ed318/InvalidExample_GeoZone_2_Layers.json";
    char db[512];
    sky_import_opts o;
    sky_error err;
    sky_airspace as;
    reports rep = {0};
    (void)state;
    sky_import_opts_init(&o);
    o.strict = 1;
    o.report = collect;
    o.user = &rep;
    assert_int_equal(import_into(db, sizeof db, "inv", &path, 1, NULL, &o, &err),
                     SKY_E_BAD_VALUE);
    assert_string_equal(err.field, "metadata.validFrom"); /* the first deviation */
    assert_non_null(strstr(err.message, "3 schema deviations"));
    /* each deviation named: validFrom an object, REQ_AUTHORISATION with an S, no lang */
    assert_int_equal(rep.n, 3);
    assert_int_equal(rep.nerr, 3);
    assert_true(has_field(&rep, "metadata.validFrom"));
    assert_true(has_field(&rep, "properties.type"));
    assert_true(has_field(&rep, "properties.name[0].lang"));
    load_zones(db, &as); /* nothing written... */
    assert_int_equal(as.nzones, 0);
    sky_rt_airspace_clear(&as);

    memset(&rep, 0, sizeof rep); /* ...and tolerant: imported, three warnings */
    o.strict = 0;
    assert_sky_ok(import_into(db, sizeof db, "inv", &path, 1, NULL, &o, &err), &err);
    assert_int_equal(rep.n, 3);
    assert_int_equal(rep.nerr, 0);
    load_zones(db, &as);
    assert_int_equal(as.nzones, 1);
    assert_int_equal(zone(&as, "NFZ6547")->restriction, SKY_RESTR_REQ_AUTHORISATION);
    assert_string_equal(zone(&as, "NFZ6547")->name, "LFPG-2");
    sky_rt_airspace_clear(&as);
}

static void test_ed318_lang(void **state)
{
    static const char text[] =
        "{\"type\":\"Feature\",\"properties\":{\"identifier\":\"L1\",\"country\":\"BEL\","
        "\"type\":\"USPACE\",\"variant\":\"COMMON\",\"name\":[{\"text\":\"Zone un\",\"lang\":"
        "\"fr-BE\"},{\"text\":\"Zone one\",\"lang\":\"en-GB\"},{\"text\":\"Zone een\","
        "\"lang\":\"nl-BE\"}],\"zoneAuthority\":[{\"name\":[{\"text\":\"A\",\"lang\":\"en\"}]}]},"
        "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[4.3,50.8],[4.31,50.8],"
        "[4.31,50.81],[4.3,50.8]]],\"layer\":{\"upper\":400,\"upperReference\":\"WGS84\","
        "\"lower\":100,\"lowerReference\":\"AMSL\",\"uom\":\"ft\"}}}";
    sky_source src = {"lang.json", text, sizeof text - 1};
    char db[512];
    sky_import_opts o;
    sky_error err;
    sky_airspace as;
    const sky_zone *z;
    (void)state;
    sky_import_opts_init(&o);
    o.strict = 1;
    assert_sky_ok(import_into(db, sizeof db, "lang", NULL, 0, &src, &o, &err), &err);
    load_zones(db, &as);
    z = zone(&as, "L1");
    assert_string_equal(z->name, "Zone un"); /* the first */
    assert_string_equal(z->name_en, "Zone one");
    assert_int_equal(z->restriction, SKY_RESTR_USPACE);
    /* 100 ft AMSL = 30.48 m, 400 ft WGS84 = 121.92 m */
    band_is(&z->vol[0], 30.48, SKY_VREF_AMSL, 121.92, SKY_VREF_WGS84);
    assert_non_null(strstr(z->vol[0].props, "Zone een")); /* every name kept */
    sky_rt_airspace_clear(&as);
    o.lang = "nl";
    assert_sky_ok(import_into(db, sizeof db, "lang", NULL, 0, &src, &o, &err), &err);
    load_zones(db, &as);
    assert_string_equal(zone(&as, "L1")->name, "Zone een");
    sky_rt_airspace_clear(&as);
}

/* --- export -> import ------------------------------------------------------------------- */

/* Same zones: ids, restriction, names, bands, footprints (every vertex within 1 mm), and the
 * same activity at every hour of the sampled span. */
static void same_zones(const sky_airspace *a, const sky_airspace *b, int64_t t0, int64_t t1,
                       int check_schedule)
{
    assert_int_equal(a->nzones, b->nzones);
    for (size_t i = 0; i < a->nzones; i++) {
        const sky_zone *x = &a->zones[i], *y = zone(b, a->zones[i].id);
        assert_int_equal(x->restriction, y->restriction);
        assert_int_equal(x->nvol, y->nvol);
        if (x->name)
            assert_string_equal(x->name, y->name);
        for (size_t k = 0; k < x->nvol; k++) {
            const sky_volume *u = &x->vol[k], *v = &y->vol[k];
            band_is(v, u->band.lower_m, u->band.lower_ref, u->band.upper_m, u->band.upper_ref);
            assert_int_equal(u->fp.is_circle, v->fp.is_circle);
            if (u->fp.is_circle) {
                circle_is(v, u->fp.center.lon, u->fp.center.lat, u->fp.radius_m);
                continue;
            }
            assert_int_equal(u->fp.area.npolys, v->fp.area.npolys);
            for (size_t p = 0; p < u->fp.area.npolys; p++) {
                assert_int_equal(u->fp.area.polys[p].nrings, v->fp.area.polys[p].nrings);
                for (size_t r = 0; r < u->fp.area.polys[p].nrings; r++) {
                    const sky_ring *ra = &u->fp.area.polys[p].rings[r];
                    const sky_ring *rb = &v->fp.area.polys[p].rings[r];
                    assert_int_equal(ra->n, rb->n);
                    for (size_t j = 0; j < ra->n; j++)
                        if (sky_geo_distance_m(ra->pts[j], rb->pts[j]) > 1e-3)
                            fail_msg("%s volume %zu vertex %zu moved %.6g m", x->id, k, j,
                                     sky_geo_distance_m(ra->pts[j], rb->pts[j]));
                }
            }
        }
        if (!check_schedule)
            continue;
        assert_int_equal(x->schedule == NULL, y->schedule == NULL);
        if (x->schedule) {
            sky_schedule s, t;
            sky_error err;
            assert_sky_ok(sky_schedule_parse(x->schedule, &s, NULL, &err), &err);
            assert_sky_ok(sky_schedule_parse(y->schedule, &t, NULL, &err), &err);
            for (int64_t q = t0; q <= t1; q += 1800)
                if (sky_schedule_active_at(&s, q) != sky_schedule_active_at(&t, q))
                    fail_msg("%s: \"%s\" and \"%s\" differ at %lld", x->id, x->schedule,
                             y->schedule, (long long)q);
            sky_schedule_clear(&s);
            sky_schedule_clear(&t);
        }
    }
}

static void test_ed318_roundtrip(void **state)
{
    const char *in[3] = {SKY_LUOHU_DIR "/zones.geojson",
                         SKY_FORMATS_DIR "/ed318/Example_Collection.json",
                         SKY_FORMATS_DIR "/ed269/interuss_test_eurocae_ed269.json"};
    char db1[512], db2[512], out[512];
    const char *outp = out;
    sky_import_opts o;
    sky_store *st = NULL;
    sky_error err;
    sky_airspace a, b;
    char *json = NULL;
    size_t len = 0;
    reports rep = {0};
    FILE *f;
    (void)state;
    assert_sky_ok(import_into(db1, sizeof db1, "rt1", in, 3, NULL, NULL, &err), &err);
    assert_sky_ok(sky_store_open(db1, SKY_STORE_READONLY, &st, &err), &err);
    assert_sky_ok(sky_store_export_format(st, SKY_FORMAT_ED318, SKY_LAYERS_ALL, &json, &len,
                                          &err), &err);
    sky_store_close(st);
    assert_int_equal(len, strlen(json));
    f = fopen(sky_test_path(out, sizeof out, "rt", "json"), "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(json, 1, len, f), len);
    fclose(f);
    sky_free(json);
    /* the export is schema-clean: it imports under --strict with no deviation */
    sky_import_opts_init(&o);
    o.strict = 1;
    o.report = collect;
    o.user = &rep;
    assert_sky_ok(import_into(db2, sizeof db2, "rt2", &outp, 1, NULL, &o, &err), &err);
    assert_int_equal(rep.n, 0);
    load_zones(db1, &a);
    load_zones(db2, &b);
    assert_int_equal(a.nzones, 16 + 2 + 6);
    /* 2018-12-29 .. 2026-03-08: the ED sample ranges and the Luohu date ranges */
    same_zones(&a, &b, at("2025-06-01T00:00:00Z"), at("2026-03-08T00:00:00Z"), 1);
    same_zones(&a, &b, at("2018-12-29T00:00:00Z"), at("2019-02-01T00:00:00Z"), 1);
    same_zones(&a, &b, at("2022-06-10T00:00:00Z"), at("2022-07-01T00:00:00Z"), 1);
    sky_rt_airspace_clear(&a);
    sky_rt_airspace_clear(&b);
}

/* --- SpatiaLite written by ogr2ogr ------------------------------------------------------- */

static int have_ogr2ogr(void)
{
    return system("ogr2ogr --version >/dev/null 2>&1") == 0;
}

static void ogr_db(char *db, size_t cap, const char *tag, const char *extra)
{
    char cmd[2048];
    sky_test_path(db, cap, tag, "sqlite");
    snprintf(cmd, sizeof cmd, "ogr2ogr -f SQLite -dsco SPATIALITE=YES %s '%s' '%s' 2>&1",
             extra, db, SKY_LUOHU_DIR "/zones.geojson");
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
}

static void test_foreign_spatialite(void **state)
{
    const char *native = SKY_LUOHU_DIR "/zones.geojson";
    static const char *const srs[2] = {"", "-t_srs EPSG:32650"};
    char ref_db[512];
    sky_error err;
    sky_airspace a;
    (void)state;
    if (!have_ogr2ogr())
        skip();
    assert_sky_ok(import_into(ref_db, sizeof ref_db, "native", &native, 1, NULL, NULL, &err),
                  &err);
    load_zones(ref_db, &a);
    assert_int_equal(a.nzones, 16);
    for (int i = 0; i < 2; i++) {
        char ogr[512], db[512];
        const char *p = ogr;
        sky_airspace b;
        ogr_db(ogr, sizeof ogr, i ? "ogr32650" : "ogr4326", srs[i]);
        /* detected by the SQLite header */
        assert_sky_ok(import_into(db, sizeof db, "foreign", &p, 1, NULL, NULL, &err), &err);
        load_zones(db, &b);
        same_zones(&a, &b, at("2025-06-01T00:00:00Z"), at("2026-03-08T00:00:00Z"), 1);
        sky_rt_airspace_clear(&b);
    }
    sky_rt_airspace_clear(&a);
}

static void test_foreign_map(void **state)
{
    char ogr[512], db[512], cmd[2048];
    const char *p = ogr;
    static const char *const map[] = {"restriction=RESTR", "lower_m=FLOOR"};
    sky_import_opts o;
    sky_error err;
    sky_airspace b;
    (void)state;
    if (!have_ogr2ogr())
        skip();
    sky_test_path(ogr, sizeof ogr, "ogrmap", "sqlite");
    snprintf(cmd, sizeof cmd, "ogr2ogr -f SQLite -dsco SPATIALITE=YES -nln restricted -sql "
             "\"SELECT id, restriction AS RESTR, lower_m AS FLOOR, upper_m, vertical_reference "
             "FROM zones\" '%s' '%s' 2>&1", ogr, SKY_LUOHU_DIR "/zones.geojson");
    if (system(cmd) != 0)
        fail_msg("%s failed", cmd);
    /* without the map there is no restriction column */
    assert_int_equal(import_into(db, sizeof db, "map", &p, 1, NULL, NULL, &err),
                     SKY_E_BAD_VALUE);
    assert_non_null(strstr(err.message, "--map restriction=COLUMN"));
    sky_import_opts_init(&o);
    o.column_map = map;
    o.ncolumn_map = 2;
    assert_sky_ok(import_into(db, sizeof db, "map", &p, 1, NULL, &o, &err), &err);
    load_zones(db, &b);
    assert_int_equal(b.nzones, 16);
    /* data/luohu/README.md: LH-Z-001 PROHIBITED 0-1000 AMSL, LH-Z-004 0-300 AGL */
    assert_int_equal(zone(&b, "LH-Z-001")->restriction, SKY_RESTR_PROHIBITED);
    band_is(&zone(&b, "LH-Z-001")->vol[0], 0, SKY_VREF_AMSL, 1000, SKY_VREF_AMSL);
    band_is(&zone(&b, "LH-Z-004")->vol[0], 0, SKY_VREF_AGL, 300, SKY_VREF_AGL);
    sky_rt_airspace_clear(&b);
    {
        static const char *const bad[] = {"restriction=NOPE"};
        o.column_map = bad;
        o.ncolumn_map = 1;
        assert_int_equal(import_into(db, sizeof db, "map", &p, 1, NULL, &o, &err),
                         SKY_E_INVALID_ARG);
        assert_non_null(strstr(err.message, "restriction=NOPE"));
    }
}

/* The grammar's instant ranges (README "Formats"): half-open [from, to) in UTC, ".." open. */
static void test_schedule_instants(void **state)
{
    static const char *const bad[] = {
        "../.. daily 00:00/24:00 +00:00",
        "2023-01-01T00:00:00Z/2022-01-01T00:00:00Z daily 00:00/24:00 +00:00",
        "2022-06-15T09:00/.. daily 00:00/24:00 +00:00", /* no offset */
        "2022-06-15T09:00:00Z daily 00:00/24:00 +00:00", /* no end */
        "2022-06-15T09:00:00Z/..daily 00:00/24:00 +00:00",
    };
    sky_schedule s;
    sky_error err;
    (void)state;
    assert_sky_ok(sky_schedule_parse("2022-06-15T09:00:00Z/.. daily 00:00/24:00 +00:00", &s,
                                     NULL, &err), &err);
    assert_false(sky_schedule_active_at(&s, at("2022-06-15T08:59:59Z")));
    assert_true(sky_schedule_active_at(&s, at("2022-06-15T09:00:00Z")));
    assert_true(sky_schedule_active_at(&s, at("2030-01-01T00:00:00Z")));
    assert_int_equal(sky_schedule_next_change(&s, at("2022-06-15T00:00:00Z")),
                     at("2022-06-15T09:00:00Z"));
    sky_schedule_clear(&s);
    /* Mondays 10:00-11:00 +01:00 until 2024-01-08T09:30Z (a Monday, 10:30 local) */
    assert_sky_ok(sky_schedule_parse("../2024-01-08T09:30:00Z Mon 10:00/11:00 +01:00; "
                                     "Sun 12:00/13:00 +00:00", &s, NULL, &err), &err);
    assert_true(sky_schedule_active_at(&s, at("2024-01-01T09:30:00Z")));
    assert_true(sky_schedule_active_at(&s, at("2024-01-08T09:29:59Z")));
    assert_false(sky_schedule_active_at(&s, at("2024-01-08T09:30:00Z")));
    assert_false(sky_schedule_active_at(&s, at("2024-01-15T09:30:00Z")));
    assert_true(sky_schedule_active_at(&s, at("2024-01-14T12:30:00Z"))); /* other clause */
    assert_true(sky_schedule_active_during(&s, at("2024-01-08T09:29:00Z"),
                                           at("2024-01-08T10:00:00Z")));
    assert_false(sky_schedule_active_during(&s, at("2024-01-08T09:30:00Z"),
                                            at("2024-01-08T10:00:00Z")));
    assert_int_equal(sky_schedule_next_change(&s, at("2024-01-08T09:10:00Z")),
                     at("2024-01-08T09:30:00Z"));
    sky_schedule_clear(&s);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (sky_schedule_parse(bad[i], &s, NULL, &err) != SKY_E_BAD_VALUE)
            fail_msg("accepted \"%s\"", bad[i]);
        sky_schedule_clear(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ed269_sample),         cmocka_unit_test(test_ed269_quirks),
        cmocka_unit_test(test_ed_bad_values),        cmocka_unit_test(test_ed318_samples),
        cmocka_unit_test(test_ed318_invalid_example), cmocka_unit_test(test_ed318_lang),
        cmocka_unit_test(test_ed318_roundtrip),      cmocka_unit_test(test_foreign_spatialite),
        cmocka_unit_test(test_foreign_map),          cmocka_unit_test(test_schedule_instants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
