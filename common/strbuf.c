/*
 * strbuf.c - a growable string for writing JSON and SQL. An out-of-memory append sets a sticky
 * flag instead of failing each call, so writers check once at the end (sky_sb_take).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"

void sky_sb_init(sky_strbuf *sb)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->oom = 0;
}

void sky_sb_clear(sky_strbuf *sb)
{
    sky_free(sb->data);
    sky_sb_init(sb);
}

static int reserve(sky_strbuf *sb, size_t extra)
{
    size_t cap;
    char *p;
    if (sb->oom)
        return 0;
    if (sb->len + extra + 1 <= sb->cap)
        return 1;
    cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    p = sky_realloc(sb->data, cap);
    if (p == NULL) {
        sb->oom = 1;
        return 0;
    }
    sb->data = p;
    sb->cap = cap;
    return 1;
}

void sky_sb_append(sky_strbuf *sb, const char *s, size_t n)
{
    if (!reserve(sb, n))
        return;
    memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sky_sb_puts(sky_strbuf *sb, const char *s)
{
    sky_sb_append(sb, s, strlen(s));
}

void sky_sb_printf(sky_strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(sb, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

char *sky_fmt_double(double d, char *buf, size_t cap)
{
    /* Shortest of %.15g .. %.17g that reads back exactly: 114.113836 stays 114.113836. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return buf;
}

void sky_sb_double(sky_strbuf *sb, double d)
{
    char buf[40];
    sky_sb_puts(sb, isfinite(d) ? sky_fmt_double(d, buf, sizeof buf) : "null");
}

char *sky_sb_take(sky_strbuf *sb, size_t *len)
{
    char *p;
    if (sb->oom || !reserve(sb, 0)) {
        sky_sb_clear(sb);
        return NULL;
    }
    p = sb->data;
    if (len)
        *len = sb->len;
    sky_sb_init(sb);
    return p;
}
