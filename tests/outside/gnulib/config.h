/*
 * The config.h that gnulib's posix_spawn tests include, for a glibc
 * system: only what those tests use.  Not gnulib's own (that comes from
 * its configure); written for libegg's outside test suites.
 */
#ifndef OUTSIDE_GNULIB_CONFIG_H
#define OUTSIDE_GNULIB_CONFIG_H

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <string.h>

#define _GL_UNUSED __attribute__((__unused__))
#define _GL_ATTRIBUTE_MAYBE_UNUSED __attribute__((__unused__))
#define BOURNE_SHELL "/bin/sh"

static inline bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline bool memeq(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n) == 0;
}

/* glibc 2.36 has these two under their _np names only. */
#define posix_spawn_file_actions_addchdir posix_spawn_file_actions_addchdir_np
#define posix_spawn_file_actions_addfchdir posix_spawn_file_actions_addfchdir_np

#endif
