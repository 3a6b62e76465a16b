/* SPDX-License-Identifier: MIT */
/*
 * open(2) flags in eggs use the asm-generic values (those of x86_64), so an
 * egg file means the same everywhere.  Four flags have other values on
 * aarch64; everything else is the same on every architecture we support.
 */
#include <errno.h>
#include <fcntl.h>

#include "operand.h"

#define EGG_O_ACCMODE		EGG__OFLAGS_ACCMODE
#define EGG_O_CREAT		0100
#define EGG_O_EXCL		0200
#define EGG_O_NOCTTY		0400
#define EGG_O_TRUNC		01000
#define EGG_O_APPEND		02000
#define EGG_O_NONBLOCK		04000
#define EGG_O_DSYNC		010000
#define EGG_O_DIRECT		040000
#define EGG_O_LARGEFILE		0100000
#define EGG_O_DIRECTORY		0200000
#define EGG_O_NOFOLLOW		0400000
#define EGG_O_NOATIME		01000000
#define EGG_O_CLOEXEC		02000000
#define EGG_O_SYNC		04000000	/* with EGG_O_DSYNC, as the kernel's */
#define EGG_O_PATH		010000000
#define EGG_O_TMPFILE		020000000	/* with EGG_O_DIRECTORY */

/* The kernel's own values for the four that move, whatever libc defines
 * (glibc defines O_LARGEFILE as 0 on 64-bit targets). */
#if defined(__aarch64__)
# define K_O_DIRECT	0200000
# define K_O_LARGEFILE	0400000
# define K_O_DIRECTORY	040000
# define K_O_NOFOLLOW	0100000
#else
# define K_O_DIRECT	040000
# define K_O_LARGEFILE	0100000
# define K_O_DIRECTORY	0200000
# define K_O_NOFOLLOW	0400000
#endif

#define EGG_O_SAME (EGG_O_ACCMODE | EGG_O_CREAT | EGG_O_EXCL | EGG_O_NOCTTY | \
		    EGG_O_TRUNC | EGG_O_APPEND | EGG_O_NONBLOCK | EGG_O_DSYNC | \
		    EGG_O_NOATIME | EGG_O_CLOEXEC | EGG_O_SYNC | EGG_O_PATH | \
		    (EGG_O_TMPFILE & ~EGG_O_DIRECTORY))
#define EGG_O_MOVED (EGG_O_DIRECT | EGG_O_LARGEFILE | EGG_O_DIRECTORY | EGG_O_NOFOLLOW)

static const struct {
	int egg;
	int native;
} moved[] = {
	{ EGG_O_DIRECT, K_O_DIRECT },
	{ EGG_O_LARGEFILE, K_O_LARGEFILE },
	{ EGG_O_DIRECTORY, K_O_DIRECTORY },
	{ EGG_O_NOFOLLOW, K_O_NOFOLLOW },
};

int egg__oflags_check(uint64_t f)
{
	if (f & ~(uint64_t)(EGG_O_SAME | EGG_O_MOVED))
		return -EINVAL;
	if ((f & EGG_O_ACCMODE) == EGG_O_ACCMODE)
		return -EINVAL;
	/* The kernel's O_TMPFILE is this bit with O_DIRECTORY; alone it is
	 * refused at open time, so refuse it before any process exists. */
	if ((f & (EGG_O_TMPFILE & ~EGG_O_DIRECTORY)) && !(f & EGG_O_DIRECTORY))
		return -EINVAL;
	return 0;
}

uint64_t egg__oflags_bits(void)
{
	return (EGG_O_SAME | EGG_O_MOVED) & ~(uint64_t)EGG_O_ACCMODE;
}

int egg__oflags_to_native(uint64_t f)
{
	int native = (int)(f & EGG_O_SAME);
	size_t i;

	for (i = 0; i < EGG_ARRAY_SIZE(moved); i++)
		if (f & (uint64_t)moved[i].egg)
			native |= moved[i].native;
	return native;
}

int egg__oflags_to_egg(int native, uint64_t *out)
{
	unsigned int rest = (unsigned int)native;
	uint64_t f;
	size_t i;

	f = rest & EGG_O_SAME;
	rest &= ~(unsigned int)EGG_O_SAME;
	for (i = 0; i < EGG_ARRAY_SIZE(moved); i++) {
		if (rest & (unsigned int)moved[i].native) {
			f |= (uint64_t)moved[i].egg;
			rest &= ~(unsigned int)moved[i].native;
		}
	}
	if (rest || egg__oflags_check(f))
		return -EINVAL;
	*out = f;
	return 0;
}
