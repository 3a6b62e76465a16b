/* SPDX-License-Identifier: MIT */
/*
 * execvp's PATH search, run in the sfork child: no allocation (the
 * candidate path is built on the stack), no errno, no environment lookup
 * (the parent read PATH before the child existed).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include <sfork.h>

#include "interp.h"

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int has_slash(const char *s)
{
	for (; *s; s++)
		if (*s == '/')
			return 1;
	return 0;
}

/* Errors after which the search goes on to the next directory, as in
 * glibc's execvpe; any other error ends it. */
static int try_next(int err)
{
	switch (err) {
	case EACCES:
	case ENOENT:
	case ENOTDIR:
	case ESTALE:
	case ENODEV:
	case ETIMEDOUT:
		return 1;
	}
	return 0;
}

static int exec_sfork(void *cookie, int dirfd, const char *file, char *const argv[],
		      char *const envp[], int flags)
{
	return sfork_execveat(dirfd, file, argv, envp, flags);
}

int egg__exec_search(const char *file, char *const argv[], char *const envp[],
		     const char *path)
{
	return egg__exec_search_with(file, argv, envp, path, exec_sfork, NULL);
}

int egg__exec_search_with(const char *file, char *const argv[], char *const envp[],
			  const char *path, egg__exec_fn *exec, void *cookie)
{
	char buf[PATH_MAX];
	size_t flen = str_len(file);
	int seen_eacces = 0;
	const char *dir = path;

	if (!flen)
		return -ENOENT;
	if (has_slash(file))
		return exec(cookie, AT_FDCWD, file, argv, envp, 0);
	if (flen > NAME_MAX)
		return -ENAMETOOLONG;

	for (;;) {
		const char *colon = dir;
		size_t dlen, i;
		int r;

		while (*colon && *colon != ':')
			colon++;
		dlen = (size_t)(colon - dir);
		/* An empty entry means the current directory. */
		if (dlen + 1 + flen < sizeof(buf)) {
			for (i = 0; i < dlen; i++)
				buf[i] = dir[i];
			if (dlen)
				buf[dlen++] = '/';
			for (i = 0; i <= flen; i++)
				buf[dlen + i] = file[i];
			r = exec(cookie, AT_FDCWD, buf, argv, envp, 0);
			if (!try_next(-r))
				return r;
			if (r == -EACCES)
				seen_eacces = 1;
		}
		if (!*colon)
			break;
		dir = colon + 1;
	}
	return seen_eacces ? -EACCES : -ENOENT;
}
