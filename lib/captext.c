/* SPDX-License-Identifier: MIT */
/*
 * Capability text (cap_from_text(3)'s form, "cap_net_bind_service=eip") to
 * the three masks of the capset op.  This runs in the parent, with libcap;
 * the child only ever sees numbers.  The only file of libegg that needs
 * libcap: the preload library is built without it.
 */
#include <errno.h>
#include <sys/capability.h>

#include <egg.h>

#include "internal.h"

static int flag_mask(cap_t caps, cap_flag_t flag, uint64_t *mask)
{
	cap_flag_value_t v;
	int cap;

	*mask = 0;
	for (cap = 0; cap < 64; cap++) {
		if (cap_get_flag(caps, cap, flag, &v) != 0)
			break;	/* past the last capability libcap knows */
		if (v == CAP_SET)
			*mask |= 1ULL << cap;
	}
	return 0;
}

EGG_EXPORT int egg_caps_from_text(const char *text, uint64_t *effective,
				  uint64_t *permitted, uint64_t *inheritable)
{
	int saved_errno = errno;
	cap_t caps;

	if (!text || !effective || !permitted || !inheritable)
		return EINVAL;
	caps = cap_from_text(text);
	if (!caps) {
		int err = errno == ENOMEM ? ENOMEM : EINVAL;

		errno = saved_errno;
		return err;
	}
	flag_mask(caps, CAP_EFFECTIVE, effective);
	flag_mask(caps, CAP_PERMITTED, permitted);
	flag_mask(caps, CAP_INHERITABLE, inheritable);
	cap_free(caps);
	errno = saved_errno;
	return 0;
}

EGG_EXPORT int egg_capset_text(struct egg *egg, const char *text)
{
	uint64_t e, p, i;
	int err = egg_caps_from_text(text, &e, &p, &i);

	return err ? err : egg_capset(egg, e, p, i);
}
