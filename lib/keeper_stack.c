/* SPDX-License-Identifier: MIT */
/*
 * The mappings EGG_SPAWN_NOSIGCHLD's keepers run on: a guard page, the
 * keeper's stack, then its block (struct egg__keeper).  A keeper lives as
 * long as its program, long after the spawn returned, and the caller
 * reaps it when it likes: so no call of ours knows when the mapping is
 * free.  The kernel tells: it zeroes the block's tid once the keeper has
 * exited, even by SIGKILL.  Each NOSIGCHLD spawn and each
 * egg_child_free() sweeps the list for such mappings; a child of fork()
 * drops its copies of them.  Parent side only.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "aspawn.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static struct egg__keeper *live;

/*
 * Whether a keeper may die by a signal whose default action dumps core.
 * The kernel stops every process that shares the dumping one's memory
 * before it looks at RLIMIT_CORE; before Linux 5.16 ("coredump: Limit
 * coredumps to a single thread group") that included the caller.  Read
 * once per process.
 */
static int core_by_signal_safe(void)
{
	static int known;	/* 0 unknown, 1 safe, 2 not */
	int v = __atomic_load_n(&known, __ATOMIC_RELAXED), major = 0, minor = 0;
	struct utsname u;

	if (v)
		return v == 1;
	if (uname(&u) == 0 && sscanf(u.release, "%d.%d", &major, &minor) == 2)
		v = major > 5 || (major == 5 && minor >= 16) ? 1 : 2;
	else
		v = 2;
	__atomic_store_n(&known, v, __ATOMIC_RELAXED);
	return v == 1;
}

static size_t keeper_size(void)
{
	return 2 * (size_t)sysconf(_SC_PAGESIZE) + EGG__KEEPER_STACK;
}

struct egg__keeper *egg__keeper_get(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = keeper_size();
	char *map = egg__astack_map(size);
	struct egg__keeper *k;

	if (!map)
		return NULL;
	k = (struct egg__keeper *)(map + page + EGG__KEEPER_STACK);
	k->size = size;
	k->tid = 1;
	k->core_by_signal = core_by_signal_safe();
	return k;
}

static void *map_of(struct egg__keeper *k)
{
	return (char *)k - EGG__KEEPER_STACK - (size_t)sysconf(_SC_PAGESIZE);
}

void egg__keeper_put(struct egg__keeper *k)
{
	egg__astack_drop(map_of(k), k->size);
}

static void lock_for_fork(void)
{
	pthread_mutex_lock(&lock);
}

static void unlock_after_fork(void)
{
	pthread_mutex_unlock(&lock);
}

/*
 * In a child of fork(), the list's mappings are copies: the keepers run on
 * the parent's, and the kernel clears the tid of those alone, so a sweep
 * here would keep the copies for ever.  Nothing uses them: unmapped.
 */
static void drop_copies_after_fork(void)
{
	struct egg__keeper *k, *next;

	for (k = live; k; k = next) {
		next = k->next;
		egg__keeper_put(k);
	}
	live = NULL;
	pthread_mutex_unlock(&lock);
}

static void register_atfork(void)
{
	pthread_atfork(lock_for_fork, unlock_after_fork, drop_copies_after_fork);
}

void egg__keeper_adopt(struct egg__keeper *k)
{
	pthread_once(&atfork_once, register_atfork);
	pthread_mutex_lock(&lock);
	k->next = live;
	live = k;
	pthread_mutex_unlock(&lock);
}

void egg__keeper_sweep(void)
{
	struct egg__keeper **p, *k;

	if (!__atomic_load_n(&live, __ATOMIC_RELAXED))
		return;
	pthread_mutex_lock(&lock);
	for (p = &live; (k = *p);) {
		if (__atomic_load_n(&k->tid, __ATOMIC_ACQUIRE)) {
			p = &k->next;
			continue;
		}
		*p = k->next;
		egg__keeper_put(k);
	}
	pthread_mutex_unlock(&lock);
}
