/* SPDX-License-Identifier: MIT */
/*
 * Capabilities, applied with capset(2) and prctl(2) directly.  Text forms
 * are parsed in the parent (lib/captext.c); the child sees only masks.
 */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>

#include "ops.h"
#include "syscall.h"

int egg__op_capset(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int i;

	for (i = 0; i < 2; i++) {
		data[i].effective = (uint32_t)(arg[0].u >> (32 * i));
		data[i].permitted = (uint32_t)(arg[1].u >> (32 * i));
		data[i].inheritable = (uint32_t)(arg[2].u >> (32 * i));
	}
	return egg__zero_or_err(egg__sys2(SYS_capset, &hdr, data));
}

static int pr_set(long option, long a, long b)
{
	return egg__zero_or_err(egg__sys5(SYS_prctl, option, a, b, 0, 0));
}

int egg__op_ambient_raise(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (long)arg[0].u);
}

int egg__op_ambient_clear(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0);
}

int egg__op_bounding_drop(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_CAPBSET_DROP, (long)arg[0].u, 0);
}

int egg__op_keepcaps(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_SET_KEEPCAPS, (long)arg[0].u, 0);
}

int egg__op_securebits(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_SET_SECUREBITS, (long)arg[0].u, 0);
}

int egg__op_no_new_privs(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return pr_set(PR_SET_NO_NEW_PRIVS, 1, 0);
}

/* The parent-death signal fires when the thread that made us exits.  If
 * the parent died before it was armed, it never will: fail instead, so
 * the program does not run orphaned (compare the pid read before the
 * clone with the parent we have now). */
int egg__pdeathsig_arm(int sig, int parent_pid)
{
	int err = pr_set(PR_SET_PDEATHSIG, sig, 0);

	if (err)
		return err;
	if (sig && egg__sys0(SYS_getppid) != parent_pid)
		return -ESRCH;
	return 0;
}

int egg__op_pdeathsig(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__pdeathsig_arm((int)arg[0].u, ctx->parent_pid);
}
