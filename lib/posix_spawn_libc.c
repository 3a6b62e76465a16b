/* SPDX-License-Identifier: MIT */
/*
 * The libc's own posix_spawn and posix_spawnp, for what eggs do not
 * express.  With glibc they are looked up by version with dlvsym and
 * RTLD_NEXT: a plain reference from the preload library would find the
 * preload's own posix_spawn.
 */
#include <dlfcn.h>
#include <stddef.h>

#include "posixspawn.h"

int egg__in_preload;

#if defined(__GLIBC__)

/* The versions glibc gives posix_spawn and posix_spawnp: the base version
 * of the architecture, and on x86_64 the one of 2.15 (no /bin/sh). */
#if defined(__x86_64__)
# define VERSION_NEW "GLIBC_2.15"
# define VERSION_OLD "GLIBC_2.2.5"
#elif defined(__aarch64__)
# define VERSION_NEW "GLIBC_2.17"
# define VERSION_OLD NULL
#else
# error "posix_spawn's glibc versions are known for x86_64 and aarch64 only"
#endif

static egg__libc_spawn_fn *lookup(unsigned int how)
{
	const char *name = how & EGG__PS_SEARCH ? "posix_spawnp" : "posix_spawn";
	const char *version = how & EGG__PS_SHELL ? VERSION_OLD : VERSION_NEW;
	egg__libc_spawn_fn *fn;

	if (!version)
		return NULL;
	fn = (egg__libc_spawn_fn *)dlvsym(RTLD_NEXT, name, version);
	/* A static program has no dynamic lookup, and no preload either: its
	 * plain posix_spawn is the libc's.  In the preload a plain reference
	 * would find the preload's own, so never there. */
	if (!fn && !__atomic_load_n(&egg__in_preload, __ATOMIC_RELAXED) &&
	    !(how & EGG__PS_SHELL))
		fn = how & EGG__PS_SEARCH ? posix_spawnp : posix_spawn;
	return fn;
}

egg__libc_spawn_fn *egg__libc_spawn(unsigned int how)
{
	static egg__libc_spawn_fn *cache[4];
	egg__libc_spawn_fn *fn;

	how &= EGG__PS_SEARCH | EGG__PS_SHELL;
	fn = __atomic_load_n(&cache[how], __ATOMIC_ACQUIRE);
	if (!fn) {
		/* Two threads may both look it up: they find the same. */
		fn = lookup(how);
		__atomic_store_n(&cache[how], fn, __ATOMIC_RELEASE);
	}
	return fn;
}

#else

/* Other libcs are linked statically or not preloaded: plain calls. */
egg__libc_spawn_fn *egg__libc_spawn(unsigned int how)
{
	if (how & EGG__PS_SHELL)
		return NULL;
	return how & EGG__PS_SEARCH ? posix_spawnp : posix_spawn;
}

#endif
