/*
 * alloc.c - the one allocation path of libskylane. Keeping every call here lets a test build
 * count or fail allocations, and keeps sky_free() paired with what the library hands out.
 */
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

#ifdef SKY_TESTING
/*
 * The test build's failing allocator: the allocation after `fail_after` more succeed fails,
 * once. Thread-local, so tests on several threads do not see each other's injections; the
 * released library has none of this.
 */
static _Thread_local long fail_after = -1;

void sky_test_fail_after(long n)
{
    fail_after = n;
}

long sky_test_fail_pending(void)
{
    return fail_after;
}

static int inject(void)
{
    if (fail_after < 0)
        return 0;
    if (fail_after-- == 0)
        return 1;
    return 0;
}
#else
#define inject() 0
#endif

void *sky_malloc(size_t n)
{
    return inject() ? NULL : malloc(n ? n : 1);
}

void *sky_calloc(size_t n, size_t size)
{
    return inject() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *sky_realloc(void *p, size_t n)
{
    return inject() ? NULL : realloc(p, n ? n : 1);
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
