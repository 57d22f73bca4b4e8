/*
 * error.c - status texts and the sky_error filler. An error is set and returned in one step
 * (sky_fail) so that no path can return a code without the context that explains it.
 */
#include <stdio.h>
#include <string.h>

#include "common/common.h"

const char *sky_status_str(sky_status code)
{
    switch (code) {
    case SKY_OK: return "ok";
    case SKY_E_INVALID_ARG: return "invalid argument";
    case SKY_E_BAD_JSON: return "malformed JSON";
    case SKY_E_BAD_GEOMETRY: return "invalid geometry";
    case SKY_E_BAD_VALUE: return "invalid value";
    case SKY_E_IO: return "cannot read or write file";
    case SKY_E_TOO_LARGE: return "input too large";
    case SKY_E_DUPLICATE_ID: return "duplicate id";
    case SKY_E_NOT_SPATIALITE: return "not a SpatiaLite database";
    case SKY_E_READONLY: return "database is read-only";
    case SKY_E_NOT_FOUND: return "not found";
    case SKY_E_SCHEMA: return "not a skylane database";
    case SKY_E_OUT_OF_EXTENT: return "outside the airspace's extent";
    case SKY_E_NO_ROUTE: return "no route";
    case SKY_E_START_BLOCKED: return "origin inside or too close to a blocking zone";
    case SKY_E_DEADLINE: return "search bound reached";
    case SKY_E_GOAL_BLOCKED: return "destination inside or too close to a blocking zone";
    case SKY_E_BEYOND_RANGE: return "route longer than the aircraft's range";
    case SKY_E_NO_ALTITUDE: return "no feasible altitude";
    case SKY_E_NOMEM: return "out of memory";
    case SKY_E_STORE: return "database error";
    case SKY_E_PROJ: return "PROJ error";
    case SKY_E_GEOS: return "GEOS error";
    case SKY_E_INTERNAL: return "internal error";
    }
    return "unknown status";
}

const char *sky_status_name(sky_status code)
{
    switch (code) {
#define SKY_NAME(c)                                                                            \
    case c: return #c;
        SKY_NAME(SKY_OK)
        SKY_NAME(SKY_E_INVALID_ARG)
        SKY_NAME(SKY_E_BAD_JSON)
        SKY_NAME(SKY_E_BAD_GEOMETRY)
        SKY_NAME(SKY_E_BAD_VALUE)
        SKY_NAME(SKY_E_IO)
        SKY_NAME(SKY_E_TOO_LARGE)
        SKY_NAME(SKY_E_DUPLICATE_ID)
        SKY_NAME(SKY_E_NOT_SPATIALITE)
        SKY_NAME(SKY_E_READONLY)
        SKY_NAME(SKY_E_NOT_FOUND)
        SKY_NAME(SKY_E_SCHEMA)
        SKY_NAME(SKY_E_OUT_OF_EXTENT)
        SKY_NAME(SKY_E_NO_ROUTE)
        SKY_NAME(SKY_E_START_BLOCKED)
        SKY_NAME(SKY_E_DEADLINE)
        SKY_NAME(SKY_E_GOAL_BLOCKED)
        SKY_NAME(SKY_E_BEYOND_RANGE)
        SKY_NAME(SKY_E_NO_ALTITUDE)
        SKY_NAME(SKY_E_NOMEM)
        SKY_NAME(SKY_E_STORE)
        SKY_NAME(SKY_E_PROJ)
        SKY_NAME(SKY_E_GEOS)
        SKY_NAME(SKY_E_INTERNAL)
#undef SKY_NAME
    }
    return "SKY_E_UNKNOWN";
}

void sky_strlcpy(char *dst, const char *src, size_t cap)
{
    size_t n;
    if (cap == 0)
        return;
    n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

void sky_error_init(sky_error *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
    err->feature_index = -1;
}

sky_status sky_vfail(sky_error *err, sky_status code, const sky_ref *ref, const char *fmt,
                     va_list ap)
{
    if (err == NULL)
        return code;
    sky_error_init(err);
    err->code = code;
    err->severity = SKY_SEV_ERROR;
    if (ref != NULL) {
        err->feature_index = ref->index;
        sky_strlcpy(err->source, ref->source, sizeof err->source);
        sky_strlcpy(err->feature_id, ref->id, sizeof err->feature_id);
        sky_strlcpy(err->field, ref->field, sizeof err->field);
    }
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    return code;
}

sky_status sky_fail(sky_error *err, sky_status code, const sky_ref *ref, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sky_vfail(err, code, ref, fmt, ap);
    va_end(ap);
    return code;
}

char *sky_error_format(const sky_error *err, char *buf, size_t cap)
{
    size_t off = 0;
    int n;
    if (buf == NULL || cap == 0)
        return buf;
    buf[0] = '\0';
    if (err == NULL)
        return buf;
#define SKY_PUT(...)                                                                           \
    do {                                                                                       \
        if (off < cap) {                                                                       \
            n = snprintf(buf + off, cap - off, __VA_ARGS__);                                   \
            if (n > 0)                                                                         \
                off += (size_t)n;                                                              \
        }                                                                                      \
    } while (0)
    if (err->source[0])
        SKY_PUT("%s: ", err->source);
    if (err->feature_index >= 0 && err->feature_id[0])
        SKY_PUT("feature %ld (%s): ", err->feature_index, err->feature_id);
    else if (err->feature_index >= 0)
        SKY_PUT("feature %ld: ", err->feature_index);
    else if (err->feature_id[0])
        SKY_PUT("%s: ", err->feature_id);
    if (err->field[0])
        SKY_PUT("%s: ", err->field);
    SKY_PUT("%s", err->message[0] ? err->message : sky_status_str(err->code));
#undef SKY_PUT
    return buf;
}
