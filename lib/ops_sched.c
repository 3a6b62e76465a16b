/* SPDX-License-Identifier: MIT */
/* Scheduling: nice value, CPU affinity, policy.  Raw system calls only. */
#include <errno.h>
#include <linux/sched.h>
#include <sys/resource.h>

#include "operand.h"
#include "ops.h"
#include "syscall.h"

int egg__op_setpriority(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys3(SYS_setpriority, PRIO_PROCESS, 0, arg[0].i));
}

int egg__check_setpriority(const union egg_value *arg)
{
	return arg[0].i >= -20 && arg[0].i <= 19 ? 0 : -EINVAL;
}

int egg__op_sched_setaffinity(const union egg_value *arg, const struct egg__ctx *ctx)
{
	unsigned long mask[(EGG__CPU_MAX + 1) / (8 * sizeof(unsigned long))] = { 0 };
	size_t i, bits = 8 * sizeof(unsigned long);

	for (i = 0; i < arg[0].list.count; i++) {
		uint32_t cpu = arg[0].list.items[i];

		/* Validated, but the mask is on our stack: check anyway. */
		if (cpu > EGG__CPU_MAX)
			return -EINVAL;
		mask[cpu / bits] |= 1UL << (cpu % bits);
	}
	return egg__zero_or_err(egg__sys3(SYS_sched_setaffinity, 0, sizeof(mask), mask));
}

struct ksched_param {
	int priority;
};

int egg__op_sched_setscheduler(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct ksched_param sp = { (int)arg[1].u };

	return egg__zero_or_err(egg__sys3(SYS_sched_setscheduler, 0, arg[0].u, &sp));
}

/* Real-time policies take a priority of 1 to 99, the others only 0. */
int egg__check_sched_setscheduler(const union egg_value *arg)
{
	uint64_t policy = arg[0].u & ~(uint64_t)SCHED_RESET_ON_FORK;

	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return arg[1].u >= 1 && arg[1].u <= 99 ? 0 : -EINVAL;
	return arg[1].u == 0 ? 0 : -EINVAL;
}

/* The priority alone, under whatever policy the child has: with
 * SCHED_RESET_ON_FORK that is no longer the parent's. */
int egg__op_sched_setparam(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct ksched_param sp = { (int)arg[0].u };

	return egg__zero_or_err(egg__sys2(SYS_sched_setparam, 0, &sp));
}
