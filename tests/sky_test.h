/*
 * sky_test.h - what every cmocka test shares: tolerant float comparison, status assertions
 * that print the error's text and feature, and scratch file names.
 */
#ifndef SKY_TEST_H
#define SKY_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "skylane.h"

/* |a - b| <= eps, with both values in the failure message (cmocka 1.1.5 has no doubles). */
#define assert_near(a, b, eps)                                                                 \
    do {                                                                                       \
        double sky_a_ = (a), sky_b_ = (b), sky_e_ = (eps);                                     \
        if (!(fabs(sky_a_ - sky_b_) <= sky_e_))                                                \
            fail_msg("%s = %.17g, expected %.17g within %g", #a, sky_a_, sky_b_, sky_e_);      \
    } while (0)

/* expr must return SKY_OK; else fail with the code's text, the message and the feature. */
#define assert_sky_ok(expr, errp)                                                              \
    do {                                                                                       \
        sky_status sky_s_ = (expr);                                                            \
        if (sky_s_ != SKY_OK) {                                                                \
            char sky_l_[1024];                                                                 \
            fail_msg("%s -> %d (%s): %s", #expr, (int)sky_s_, sky_status_str(sky_s_),          \
                     sky_error_format((errp), sky_l_, sizeof sky_l_));                         \
        }                                                                                      \
    } while (0)

/* A fresh scratch path under the build tree's temp dir: "<dir>/<tag>-<pid>-<n>.<ext>". */
static inline const char *sky_test_path(char *buf, size_t cap, const char *tag, const char *ext)
{
    static int n = 0;
    snprintf(buf, cap, "%s/%s-%ld-%d.%s", SKY_TEST_TMP, tag, (long)getpid(), n++, ext);
    unlink(buf);
    return buf;
}

/* Read a whole file into a new buffer (free()); NULL on failure. */
static inline char *sky_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

/* The five Luohu layer files the embedded default database is built from. */
#define SKY_TEST_NLUOHU 5
static inline void sky_test_luohu_paths(char buf[SKY_TEST_NLUOHU][512],
                                        const char *paths[SKY_TEST_NLUOHU])
{
    static const char *const files[SKY_TEST_NLUOHU] = {"vertiports", "zones", "terrain",
                                                       "routes_sample", "corridors"};
    for (int i = 0; i < SKY_TEST_NLUOHU; i++) {
        snprintf(buf[i], 512, "%s/%s.geojson", SKY_LUOHU_DIR, files[i]);
        paths[i] = buf[i];
    }
}

/* Import paths into a new scratch database named after tag (path written to db); 0 on
 * success, -1 after printing the error (for group setups, which cannot assert). */
static inline int sky_test_make_db(char *db, size_t cap, const char *tag,
                                   const char *const *paths, size_t n)
{
    sky_store *st = NULL;
    sky_error err;
    char line[1024];
    if (sky_store_open(sky_test_path(db, cap, tag, "sqlite"), SKY_STORE_CREATE, &st, &err) !=
            SKY_OK ||
        sky_store_import(st, paths, n, NULL, NULL, &err) != SKY_OK) {
        fprintf(stderr, "%s: %s\n", tag, sky_error_format(&err, line, sizeof line));
        sky_store_close(st);
        return -1;
    }
    sky_store_close(st);
    return 0;
}

/* Open an engine and a planner on db; 0 on success, -1 after printing the error. */
static inline int sky_test_open(const char *db, sky_engine **eng, sky_planner **pl)
{
    sky_error err;
    char line[1024];
    if (sky_engine_open(db, eng, &err) != SKY_OK || sky_planner_new(*eng, pl, &err) != SKY_OK) {
        fprintf(stderr, "%s: %s\n", db, sky_error_format(&err, line, sizeof line));
        return -1;
    }
    return 0;
}

/* A group fixture: an engine and a planner on a new database made from the Luohu set
 * (files NULL) or from one file under tests/data; 0 on success, -1 after printing why. */
static inline int sky_test_setup(const char *tag, const char *file, char *db, size_t cap,
                                 sky_engine **eng, sky_planner **pl)
{
    char buf[SKY_TEST_NLUOHU][512], one[512];
    const char *paths[SKY_TEST_NLUOHU];
    size_t n = SKY_TEST_NLUOHU;
    if (file == NULL) {
        sky_test_luohu_paths(buf, paths);
    } else {
        snprintf(one, sizeof one, "%s/%s", SKY_TEST_DATA, file);
        paths[0] = one;
        n = 1;
    }
    if (sky_test_make_db(db, cap, tag, paths, n) != 0)
        return -1;
    return sky_test_open(db, eng, pl);
}

/* Undo sky_test_setup (or sky_test_make_db + sky_test_open): free, clear, remove the db. */
static inline void sky_test_teardown(const char *db, sky_engine **eng, sky_planner **pl)
{
    sky_planner_free(*pl);
    sky_engine_free(*eng);
    *pl = NULL;
    *eng = NULL;
    unlink(db);
}

#endif
