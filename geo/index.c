/*
 * index.c - a packed R-tree (sort-tile-recursive) over boxes: built once, then read-only and
 * safe to share between threads. Nodes hold up to 16 children; a query walks an explicit
 * stack, so its work is bounded by the tree's size.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo/geo.h"

#define FANOUT 16

struct sky_index {
    size_t nitems;
    size_t nlevels;
    size_t *level_start;  /* offset of each level in box[]; level 0 = leaves */
    size_t *level_len;
    sky_bbox *box;        /* all nodes, level by level */
    size_t *item;         /* leaf slot -> item number */
};

int sky_index_collect(void *user, size_t item)
{
    sky_hits *h = user;
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 16;
        size_t *nv = sky_realloc(h->v, nc * sizeof *nv);
        if (nv == NULL) {
            h->oom = 1;
            return 1;
        }
        h->v = nv;
        h->cap = nc;
    }
    h->v[h->n++] = item;
    return 0;
}

void sky_bbox_empty(sky_bbox *b)
{
    b->minx = b->miny = INFINITY;
    b->maxx = b->maxy = -INFINITY;
}

void sky_bbox_add(sky_bbox *b, sky_xy p)
{
    b->minx = fmin(b->minx, p.x);
    b->miny = fmin(b->miny, p.y);
    b->maxx = fmax(b->maxx, p.x);
    b->maxy = fmax(b->maxy, p.y);
}

static void bbox_union(sky_bbox *b, const sky_bbox *o)
{
    b->minx = fmin(b->minx, o->minx);
    b->miny = fmin(b->miny, o->miny);
    b->maxx = fmax(b->maxx, o->maxx);
    b->maxy = fmax(b->maxy, o->maxy);
}

static int meets(const sky_bbox *a, const sky_bbox *b)
{
    return a->minx <= b->maxx && b->minx <= a->maxx && a->miny <= b->maxy &&
           b->miny <= a->maxy;
}

typedef struct keyed {
    double key;
    size_t item;
} keyed;

static int cmp_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

void sky_index_free(sky_index *ix)
{
    if (ix == NULL)
        return;
    sky_free(ix->level_start);
    sky_free(ix->level_len);
    sky_free(ix->box);
    sky_free(ix->item);
    sky_free(ix);
}

sky_status sky_index_build(const sky_bbox *boxes, size_t n, sky_index **out, sky_error *err)
{
    sky_index *ix = sky_calloc(1, sizeof *ix);
    keyed *k = sky_calloc(n ? n : 1, sizeof *k);
    size_t total = 0, len = n, levels = 0, slices, per_slice;

    *out = NULL;
    if (ix == NULL || k == NULL)
        goto nomem;
    /* levels up to a single root; total nodes over all levels */
    total = n;
    levels = 1;
    while (len > 1) {
        len = (len + FANOUT - 1) / FANOUT;
        total += len;
        levels++;
    }
    ix->nitems = n;
    ix->nlevels = levels;
    ix->level_start = sky_calloc(levels, sizeof *ix->level_start);
    ix->level_len = sky_calloc(levels, sizeof *ix->level_len);
    ix->box = sky_calloc(total ? total : 1, sizeof *ix->box);
    ix->item = sky_calloc(n ? n : 1, sizeof *ix->item);
    if (!ix->level_start || !ix->level_len || !ix->box || !ix->item)
        goto nomem;

    /* leaves in sort-tile-recursive order: slices by x centre, then by y centre inside */
    for (size_t i = 0; i < n; i++) {
        k[i].key = boxes[i].minx + boxes[i].maxx;
        k[i].item = i;
    }
    qsort(k, n, sizeof *k, cmp_key);
    slices = (size_t)ceil(sqrt((double)((n + FANOUT - 1) / FANOUT)));
    per_slice = slices ? slices * FANOUT : n;
    for (size_t s0 = 0; s0 < n; s0 += per_slice) {
        size_t s1 = s0 + per_slice < n ? s0 + per_slice : n;
        for (size_t i = s0; i < s1; i++)
            k[i].key = boxes[k[i].item].miny + boxes[k[i].item].maxy;
        qsort(k + s0, s1 - s0, sizeof *k, cmp_key);
    }
    for (size_t i = 0; i < n; i++) {
        ix->item[i] = k[i].item;
        ix->box[i] = boxes[k[i].item];
    }
    ix->level_start[0] = 0;
    ix->level_len[0] = n;
    for (size_t l = 1; l < levels; l++) {
        size_t start = ix->level_start[l - 1], clen = ix->level_len[l - 1];
        size_t plen = (clen + FANOUT - 1) / FANOUT;
        ix->level_start[l] = start + clen;
        ix->level_len[l] = plen;
        for (size_t p = 0; p < plen; p++) {
            sky_bbox b;
            sky_bbox_empty(&b);
            for (size_t c = p * FANOUT; c < clen && c < (p + 1) * FANOUT; c++)
                bbox_union(&b, &ix->box[start + c]);
            ix->box[ix->level_start[l] + p] = b;
        }
    }
    sky_free(k);
    *out = ix;
    return SKY_OK;
nomem:
    sky_free(k);
    sky_index_free(ix);
    return sky_fail(err, SKY_E_NOMEM, NULL, "out of memory building an index");
}

int sky_index_query(const sky_index *ix, sky_bbox q, int (*fn)(void *user, size_t item),
                    void *user)
{
    /* depth-first over (level, node) pairs; the stack never holds more than
     * FANOUT entries per level */
    size_t stack_level[FANOUT * 16], stack_node[FANOUT * 16], top = 0;
    if (ix == NULL || ix->nitems == 0)
        return 0;
    {
        size_t l = ix->nlevels - 1;
        for (size_t i = 0; i < ix->level_len[l]; i++) {
            stack_level[top] = l;
            stack_node[top++] = i;
        }
    }
    while (top > 0) {
        size_t l = stack_level[--top], node = stack_node[top];
        const sky_bbox *b = &ix->box[ix->level_start[l] + node];
        if (!meets(b, &q))
            continue;
        if (l == 0) {
            int r = fn(user, ix->item[node]);
            if (r)
                return r;
            continue;
        }
        for (size_t c = node * FANOUT; c < ix->level_len[l - 1] && c < (node + 1) * FANOUT;
             c++) {
            stack_level[top] = l - 1;
            stack_node[top++] = c;
        }
    }
    return 0;
}
