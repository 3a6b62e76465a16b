/* SPDX-License-Identifier: MIT */
/*
 * egg_operand_info(): what each operand kind may hold, told from the same
 * constants the checks in operand.c use, so that tools such as eggasm ask
 * the library instead of restating its ranges.
 */
#include <errno.h>
#include <limits.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <linux/securebits.h>

#include "operand.h"

/* Flag kinds: the bits, the field within them and what it may be. */
static void bits_info(enum egg_operand_type type, struct egg_operand_info *info)
{
	info->flags = EGG_OPERAND_F_BITS;
	switch (type) {
	case EGG_OPERAND_OFLAGS:
		info->bits = egg__oflags_bits();
		info->field_mask = EGG__OFLAGS_ACCMODE;
		info->field_values = 0x7;	/* O_RDONLY, O_WRONLY, O_RDWR */
		info->flags |= EGG_OPERAND_F_MORE_RULES;	/* O_TMPFILE wants O_DIRECTORY */
		break;
	case EGG_OPERAND_CLOSE_RANGE_FLAGS:
		info->bits = CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE;
		break;
	case EGG_OPERAND_SECUREBITS:
		info->bits = EGG__SECUREBITS_ALL;
		break;
	case EGG_OPERAND_SCHED_POLICY:
		info->bits = EGG__SCHED_RESET_ON_FORK;
		info->field_mask = EGG__SCHED_POLICY_FIELD;
		info->field_values = EGG__SCHED_POLICIES;
		break;
	default:	/* EGG_OPERAND_UNSHARE_FLAGS: at least one */
		info->bits = EGG__UNSHARE_FLAGS;
		info->min = 1;
		break;
	}
	info->max = info->bits | info->field_mask;
}

static void list_info(enum egg_operand_type type, struct egg_operand_info *info)
{
	info->encoding = EGG_ENCODING_LIST;
	info->list_max = EGG_LIST_MAX;
	switch (type) {
	case EGG_OPERAND_IDLIST:
		info->max = EGG__ID_MAX;
		break;
	case EGG_OPERAND_FDLIST:
		info->max = INT_MAX;
		info->flags = EGG_OPERAND_F_ASCENDING;
		break;
	case EGG_OPERAND_FDMAP:
		info->max = INT_MAX;
		info->flags = EGG_OPERAND_F_SPECIAL;
		info->special = EGG_FDMAP_CLOSE;
		break;
	default:	/* EGG_OPERAND_CPULIST */
		info->max = EGG__CPU_MAX;
		info->flags = EGG_OPERAND_F_ASCENDING;
		break;
	}
}

static void number_info(enum egg_operand_type type, struct egg_operand_info *info)
{
	if (egg__operand_is_signed(type)) {
		info->encoding = EGG_ENCODING_SLEB;
		info->min = INT_MIN;
		info->max = INT_MAX;
		return;
	}
	info->encoding = EGG_ENCODING_ULEB;
	if (egg__operand_max(type, &info->max)) {
		bits_info(type, info);
		return;
	}
	if (type == EGG_OPERAND_RLIM) {
		info->flags = EGG_OPERAND_F_SPECIAL;
		info->special = EGG_RLIM_KEEP;
	} else if (type == EGG_OPERAND_ID_OR_KEEP) {
		info->flags = EGG_OPERAND_F_SPECIAL;
		info->special = EGG__ID_KEEP;
	}
}

EGG_EXPORT int egg_operand_info(enum egg_operand_type type, struct egg_operand_info *info)
{
	if (!egg__operand_known(type))
		return ENOENT;
	if (!info)
		return EINVAL;
	*info = (struct egg_operand_info){ .type = type };
	if (egg__operand_is_string(type)) {
		info->encoding = EGG_ENCODING_STRING;
		info->max = EGG__PATH_MAX;
	} else if (egg__operand_is_list(type)) {
		list_info(type, info);
	} else {
		number_info(type, info);
	}
	return 0;
}
