/* SPDX-License-Identifier: MIT */
/*
 * The mappings egg_aspawn()'s children run on: a guard page, the stack,
 * then the copies of what the child reads.  A few of the usual size are
 * kept for the next spawns instead of being unmapped: mmap, mprotect and
 * munmap are a good part of what egg_aspawn() costs its caller.  Parent
 * side only: a mapping is put back once its child no longer uses it.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include "aspawn.h"
#include "syscall.h"

#if defined(__SANITIZE_ADDRESS__)
# define EGG_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define EGG_ASAN 1
# endif
#endif
#ifdef EGG_ASAN
# include <sanitizer/asan_interface.h>
#endif

/* Room for the usual copies: argv, an environment, a short egg. */
#define USUAL_DATA (64 * 1024)
#define KEEP 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static void *kept[KEEP];
static unsigned int nkept;

/* A fork() while another thread holds the lock would leave it locked for
 * ever in the child: held across the fork, it is released on both sides.
 * The child keeps the kept mappings, its own copies, unused. */
static void lock_for_fork(void)
{
	pthread_mutex_lock(&lock);
}

static void unlock_after_fork(void)
{
	pthread_mutex_unlock(&lock);
}

static void register_atfork(void)
{
	pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
}

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static size_t usual_size(void)
{
	return page_size() + EGG__ACHILD_STACK + USUAL_DATA;
}

void *egg__astack_map(size_t size)
{
	long p = egg__sys6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);

	if (p < 0 && p > -4096)
		return NULL;
	/* A stack overflow in the child faults here instead of writing over
	 * whatever the caller has mapped below. */
	egg__sys3(SYS_mprotect, p, page_size(), PROT_NONE);
	return (void *)p;
}

void *egg__astack_get(size_t data, size_t *size)
{
	void *map = NULL;

	if (data > USUAL_DATA) {
		*size = page_size() + EGG__ACHILD_STACK +
			((data + page_size() - 1) & ~(page_size() - 1));
		return egg__astack_map(*size);
	}
	*size = usual_size();
	pthread_once(&atfork_once, register_atfork);
	pthread_mutex_lock(&lock);
	if (nkept)
		map = kept[--nkept];
	pthread_mutex_unlock(&lock);
	return map ? map : egg__astack_map(*size);
}

static void unpoison(void *map, size_t size)
{
#ifdef EGG_ASAN
	/* The child's frames never returned: their redzones would poison
	 * whatever uses this memory next.  The guard page has no shadow
	 * worth clearing. */
	__asan_unpoison_memory_region((char *)map + page_size(), size - page_size());
#else
	(void)map;
	(void)size;
#endif
}

void egg__astack_drop(void *map, size_t size)
{
	unpoison(map, size);
	egg__sys2(SYS_munmap, map, size);
}

void egg__astack_put(void *map, size_t size)
{
	unpoison(map, size);
	if (size == usual_size()) {
		pthread_mutex_lock(&lock);
		if (nkept < KEEP) {
			kept[nkept++] = map;
			map = NULL;
		}
		pthread_mutex_unlock(&lock);
	}
	if (map)
		egg__sys2(SYS_munmap, map, size);
}
