/*
 * arena.c - a bump allocator for data with one lifetime (a loaded airspace, one import).
 * Blocks grow geometrically; an allocation never moves; clear frees everything at once.
 */
#include <stdalign.h>
#include <string.h>

#include "common/common.h"

struct sky_arena_block {
    sky_arena_block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char mem[];
};

void sky_arena_init(sky_arena *a)
{
    a->head = NULL;
}

void sky_arena_clear(sky_arena *a)
{
    sky_arena_block *b = a->head;
    while (b != NULL) {
        sky_arena_block *next = b->next;
        sky_free(b);
        b = next;
    }
    a->head = NULL;
}

void *sky_arena_alloc(sky_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    sky_arena_block *b = a->head;
    size_t need = (n + align - 1) & ~(align - 1);
    void *p;

    if (need < n)
        return NULL;
    if (b == NULL || b->cap - b->used < need) {
        size_t cap = b ? b->cap * 2 : 64 * 1024;
        if (cap > 16u * 1024 * 1024)
            cap = 16u * 1024 * 1024;
        if (cap < need)
            cap = need;
        b = sky_malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    p = b->mem + b->used;
    b->used += need;
    memset(p, 0, n);
    return p;
}

char *sky_arena_strdup(sky_arena *a, const char *s)
{
    size_t n;
    char *d;
    if (s == NULL)
        return NULL;
    n = strlen(s);
    d = sky_arena_alloc(a, n + 1);
    if (d != NULL)
        memcpy(d, s, n + 1);
    return d;
}
