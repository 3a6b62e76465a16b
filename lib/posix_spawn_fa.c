/* SPDX-License-Identifier: MIT */
/*
 * Reading a posix_spawn_file_actions_t.  POSIX gives no way to read one
 * back, so this reads glibc's own layout, checked against glibc 2.36: the
 * actions are __actions[0 .. __used), each a tag and a union.  Every field
 * is checked before it is used, and anything else (another libc, another
 * glibc version, a tag past those below) is ENOTSUP: the caller leaves the
 * call to the libc rather than guess.  See libegg-spawn(7) for why this
 * and not interposing the posix_spawn_file_actions_* calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "posixspawn.h"

#ifdef __GLIBC__
#include <gnu/libc-version.h>

/* glibc's struct __spawn_action (posix/spawn_int.h), the same types in
 * the same order, so that the compiler lays it out as glibc's did. */
enum glibc_spawn_tag {
	GLIBC_DO_CLOSE,
	GLIBC_DO_DUP2,
	GLIBC_DO_OPEN,
	GLIBC_DO_CHDIR,
	GLIBC_DO_FCHDIR,
	GLIBC_DO_CLOSEFROM,
	GLIBC_DO_TCSETPGRP,
};

struct glibc_spawn_action {
	enum glibc_spawn_tag tag;
	union {
		struct { int fd; } close_action;
		struct { int fd; int newfd; } dup2_action;
		struct { int fd; char *path; int oflag; mode_t mode; } open_action;
		struct { char *path; } chdir_action;
		struct { int fd; } fchdir_action;
		struct { int from; } closefrom_action;
		struct { int fd; } setpgrp_action;
	} action;
};

int egg__ps_libc_known(void)
{
	return strcmp(gnu_get_libc_version(), EGG__PS_GLIBC) == 0;
}

/* The kernel ignores mode bits past these, as glibc passes mode on. */
#define MODE_BITS 07777

static int action_to_egg(struct egg *egg, const struct glibc_spawn_action *a)
{
	switch (a->tag) {
	case GLIBC_DO_CLOSE:
		return egg_fa_close(egg, a->action.close_action.fd);
	case GLIBC_DO_DUP2:
		return egg_dup2(egg, a->action.dup2_action.fd, a->action.dup2_action.newfd);
	case GLIBC_DO_OPEN:
		if (!a->action.open_action.path)
			return ENOTSUP;
		return egg_fa_open(egg, a->action.open_action.fd, a->action.open_action.path,
				   a->action.open_action.oflag,
				   a->action.open_action.mode & MODE_BITS);
	case GLIBC_DO_CHDIR:
		if (!a->action.chdir_action.path)
			return ENOTSUP;
		return egg_chdir(egg, a->action.chdir_action.path);
	case GLIBC_DO_FCHDIR:
		return egg_fchdir(egg, a->action.fchdir_action.fd);
	case GLIBC_DO_CLOSEFROM:
		if (a->action.closefrom_action.from < 0)
			return ENOTSUP;
		return egg_close_range(egg, (unsigned int)a->action.closefrom_action.from,
				       ~0U, 0);
	case GLIBC_DO_TCSETPGRP:
		return egg_tcsetpgrp(egg, a->action.setpgrp_action.fd);
	}
	return ENOTSUP;
}

/* An fd the add call would have refused, or flags the egg format does not
 * have: the object is not what this code thinks it is. */
static int translate_error(int err)
{
	return err == EINVAL ? ENOTSUP : err;
}

int egg__fa_to_egg(struct egg *egg, const posix_spawn_file_actions_t *fa)
{
	const struct glibc_spawn_action *a;
	int i, err;

	if (!fa || fa->__used == 0)
		return 0;
	if (!egg__ps_libc_known() || fa->__used < 0 || fa->__used > fa->__allocated ||
	    !fa->__actions)
		return ENOTSUP;
	a = (const struct glibc_spawn_action *)fa->__actions;
	for (i = 0; i < fa->__used; i++) {
		err = action_to_egg(egg, &a[i]);
		if (err)
			return translate_error(err);
	}
	return 0;
}

#else

int egg__ps_libc_known(void)
{
	return 0;
}

/* Only glibc's layout is known: any other libc's actions go to that libc. */
int egg__fa_to_egg(struct egg *egg, const posix_spawn_file_actions_t *fa)
{
	return fa ? ENOTSUP : 0;
}

#endif
