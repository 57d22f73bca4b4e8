/* test_header.c - compiled, never run: skylane.h must stand alone under -std=c11 -pedantic. */
#include "skylane.h"

int sky_header_test_anchor(void);
int sky_header_test_anchor(void)
{
    sky_error e;
    sky_error_init(&e);
    return (int)sizeof(sky_info) + (int)SKY_VERSION_NUMBER + (int)e.code;
}
