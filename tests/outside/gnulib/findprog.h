/*
 * find_in_path() for gnulib's posix_spawn tests: the first executable
 * PROG in $PATH, or PROG itself.  A small stand-in for gnulib's module,
 * which the tests use only to name an absolute pwd(1).
 */
#ifndef OUTSIDE_GNULIB_FINDPROG_H
#define OUTSIDE_GNULIB_FINDPROG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline const char *find_in_path(const char *prog)
{
	static char found[4096];
	const char *dir = getenv("PATH");
	size_t len;

	while (dir && *dir) {
		len = strcspn(dir, ":");
		if (len > 0 && len < sizeof(found) - strlen(prog) - 2) {
			snprintf(found, sizeof(found), "%.*s/%s", (int)len, dir, prog);
			if (access(found, X_OK) == 0)
				return found;
		}
		dir += len + (dir[len] == ':');
	}
	return prog;
}

#endif
