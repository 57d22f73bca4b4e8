/*
 * alloc.c - the one allocation path of libskylane. Keeping every call here lets a test build
 * count or fail allocations, and keeps sky_free() paired with what the library hands out.
 */
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

void *sky_malloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *sky_calloc(size_t n, size_t size)
{
    return calloc(n ? n : 1, size ? size : 1);
}

void *sky_realloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

void sky_free(void *p)
{
    free(p);
}

char *sky_strndup(const char *s, size_t n)
{
    char *d = sky_malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sky_strdup(const char *s)
{
    return s ? sky_strndup(s, strlen(s)) : NULL;
}
