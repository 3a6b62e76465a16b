/*
 * is_running_under_qemu_user() for gnulib's posix_spawn tests.  libegg's
 * sfork cannot run under qemu-user at all (see .ci/run), so the outside
 * suites never do: always false.
 */
#ifndef OUTSIDE_GNULIB_QEMU_H
#define OUTSIDE_GNULIB_QEMU_H

#include <stdbool.h>

static inline bool is_running_under_qemu_user(void)
{
	return false;
}

#endif
