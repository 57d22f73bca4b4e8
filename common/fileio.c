/*
 * fileio.c - whole-file reads with the input size limit checked before any byte is read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/common.h"

sky_status sky_read_file(const char *path, uint64_t max_bytes, char **data, size_t *len,
                         sky_error *err)
{
    sky_ref ref = {path, -1, NULL, NULL};
    struct stat stbuf;
    FILE *f;
    char *buf;
    size_t n;

    *data = NULL;
    *len = 0;
    if (stat(path, &stbuf) != 0)
        return sky_fail(err, SKY_E_IO, &ref, "cannot read: %s", strerror(errno));
    if (S_ISDIR(stbuf.st_mode))
        return sky_fail(err, SKY_E_IO, &ref, "cannot read: is a directory");
    if (S_ISREG(stbuf.st_mode) && (uint64_t)stbuf.st_size > max_bytes)
        return sky_fail(err, SKY_E_TOO_LARGE, &ref,
                        "file is %lld bytes, over the %llu-byte input limit",
                        (long long)stbuf.st_size, (unsigned long long)max_bytes);
    f = fopen(path, "rb");
    if (f == NULL)
        return sky_fail(err, SKY_E_IO, &ref, "cannot read: %s", strerror(errno));
    /* Read in chunks: st_size is not trusted (pipes, files growing while read). */
    {
        size_t cap = S_ISREG(stbuf.st_mode) ? (size_t)stbuf.st_size + 1 : 65536;
        buf = sky_malloc(cap);
        n = 0;
        while (buf != NULL) {
            size_t got = fread(buf + n, 1, cap - n - 1, f);
            n += got;
            if (n > max_bytes) {
                sky_free(buf);
                fclose(f);
                return sky_fail(err, SKY_E_TOO_LARGE, &ref,
                                "file is over the %llu-byte input limit",
                                (unsigned long long)max_bytes);
            }
            if (got == 0 || n + 1 < cap)
                break;
            {
                char *nb = sky_realloc(buf, cap * 2);
                if (nb == NULL) {
                    sky_free(buf);
                    buf = NULL;
                    break;
                }
                buf = nb;
                cap *= 2;
            }
        }
    }
    if (buf == NULL) {
        fclose(f);
        return sky_fail(err, SKY_E_NOMEM, &ref, "out of memory reading the file");
    }
    if (ferror(f)) {
        sky_free(buf);
        fclose(f);
        return sky_fail(err, SKY_E_IO, &ref, "read error");
    }
    fclose(f);
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return SKY_OK;
}
