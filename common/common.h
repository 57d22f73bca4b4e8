/*
 * common.h - the bottom layer shared by every module: allocation, errors, arenas, string
 * buffers and whole-file reads. Nothing here knows GEOS, PROJ, SQLite or the domain.
 */
#ifndef SKY_COMMON_H
#define SKY_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "skylane.h"

#if defined(__GNUC__)
#define SKY_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SKY_PRINTF(f, a)
#endif

/* --- allocation (all library memory goes through these) --- */
void *sky_malloc(size_t n);
void *sky_calloc(size_t n, size_t size);
void *sky_realloc(void *p, size_t n);
char *sky_strdup(const char *s);
char *sky_strndup(const char *s, size_t n);
#ifdef SKY_TESTING
/* Test builds only: make the allocation after n more succeed fail (once); -1: never.
 * sky_test_fail_pending() < 0 once the injected failure has happened (or none is set). */
void sky_test_fail_after(long n);
long sky_test_fail_pending(void);
#endif

/* --- errors --- */
/* Where an error happened in the input; all fields optional (NULL / -1). */
typedef struct sky_ref {
    const char *source;   /* file name */
    long index;           /* feature index, -1 if none */
    const char *id;       /* feature id */
    const char *field;    /* field path */
} sky_ref;
#define SKY_REF_NONE ((sky_ref){NULL, -1, NULL, NULL})

/* Fill err (if not NULL) with code, the reference and a formatted message; return code. */
sky_status sky_fail(sky_error *err, sky_status code, const sky_ref *ref, const char *fmt, ...)
    SKY_PRINTF(4, 5);
sky_status sky_vfail(sky_error *err, sky_status code, const sky_ref *ref, const char *fmt,
                     va_list ap) SKY_PRINTF(4, 0);
/* Copy at most cap-1 bytes of src into dst and NUL-terminate it (cap > 0). */
void sky_strlcpy(char *dst, const char *src, size_t cap);

/* --- arena: many small allocations freed at once --- */
typedef struct sky_arena_block sky_arena_block;
typedef struct sky_arena {
    sky_arena_block *head; /* owned chain of blocks */
} sky_arena;
void sky_arena_init(sky_arena *a);
void sky_arena_clear(sky_arena *a);          /* frees every block */
void *sky_arena_alloc(sky_arena *a, size_t n); /* zeroed, aligned for any type; NULL on OOM */
char *sky_arena_strdup(sky_arena *a, const char *s); /* NULL s gives NULL */

/* --- growable string buffer --- */
typedef struct sky_strbuf {
    char *data; /* owned; NUL-terminated when len > 0 or after a successful append */
    size_t len, cap;
    int oom;    /* set once an append failed; later appends do nothing */
} sky_strbuf;
void sky_sb_init(sky_strbuf *sb);
void sky_sb_clear(sky_strbuf *sb);
void sky_sb_append(sky_strbuf *sb, const char *s, size_t n);
void sky_sb_puts(sky_strbuf *sb, const char *s);
void sky_sb_printf(sky_strbuf *sb, const char *fmt, ...) SKY_PRINTF(2, 3);
/* The shortest decimal text that reads back as exactly d (finite d only). */
void sky_sb_double(sky_strbuf *sb, double d);
/* Format d as the shortest round-trip text into buf (cap >= 32); returns buf. */
char *sky_fmt_double(double d, char *buf, size_t cap);
/* Hand the buffer over (new; sky_free) and reset sb; NULL if oom. */
char *sky_sb_take(sky_strbuf *sb, size_t *len);

/* --- files --- */
/* Read a whole file, refusing one over max_bytes before reading it. *data is new (sky_free),
 * NUL-terminated. */
sky_status sky_read_file(const char *path, uint64_t max_bytes, char **data, size_t *len,
                         sky_error *err);

#endif
