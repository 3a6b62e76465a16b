/* SPDX-License-Identifier: MIT */
/*
 * The C half of sfork: the per-thread frame stack, the signal mask around
 * the clone, the choice of clone3 or clone, and what the parent does once
 * the kernel resumes it.  The register juggling is in lib/arch/<arch>/sfork.S;
 * lib/arch/README has the timeline of both: which function runs in which
 * process, on which stack, at each step.
 *
 * Everything here that runs in the child, or in the parent before it has
 * switched to a safe stack, uses raw system calls and never touches errno.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <sfork.h>

#include "internal.h"
#include "sfork_frame.h"
#include "syscall.h"
#include "vmshare.h"

_Static_assert(offsetof(struct egg__sfork_frame, nr) == EGG__F_NR, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, a0) == EGG__F_A0, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, a1) == EGG__F_A1, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, saved) == EGG__F_SAVED, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, rescue) == EGG__F_RESCUE, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, child) == EGG__F_CHILD, "frame");
_Static_assert(offsetof(struct egg__sfork_frame, mask) == EGG__F_ASM_END, "frame");

extern char **environ;

unsigned int egg__hook_enosys;

/* What the kernel turned out to lack, learnt once per process. */
static int no_clone3;
static int no_clear_sighand;

/*
 * The frames of one thread.  The child shares this TLS with the parent
 * thread, which is suspended while the child runs, so nothing here races.
 * The array is mapped on a thread's first sfork() and unmapped when the
 * thread exits; TLS itself stays at two words per thread.
 */
struct sfork_tls {
	struct egg__sfork_frame *frames;
	unsigned int depth;
};

static __thread struct sfork_tls tls;
static pthread_key_t frames_key;
static pthread_once_t frames_once = PTHREAD_ONCE_INIT;
static int frames_key_ok;

#define FRAMES_SIZE (SFORK_MAX_DEPTH * sizeof(struct egg__sfork_frame))

/* The key's destructor, at thread exit.  A destructor of a key made
 * after ours may still call sfork(): forget the array, so that it maps a
 * new one (glibc then calls this again) instead of using this one. */
static void frames_unmap(void *frames)
{
	egg__sys2(SYS_munmap, frames, FRAMES_SIZE);
	tls.frames = NULL;
	tls.depth = 0;
}

static void frames_key_create(void)
{
	frames_key_ok = pthread_key_create(&frames_key, frames_unmap) == 0;
}

static int frames_alloc(void)
{
	long p;

	/* pthread_once and pthread_setspecific can set errno; sfork() must
	 * not, so keep the caller's. */
	int saved_errno = errno;

	pthread_once(&frames_once, frames_key_create);
	if (!frames_key_ok) {
		errno = saved_errno;
		return -EAGAIN;
	}
	p = egg__sys6(SYS_mmap, 0, FRAMES_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p < 0 && p > -4096) {
		errno = saved_errno;
		return (int)p;
	}
	if (pthread_setspecific(frames_key, (void *)p) != 0) {
		frames_unmap((void *)p);
		errno = saved_errno;
		return -ENOMEM;
	}
	errno = saved_errno;
	tls.frames = (struct egg__sfork_frame *)p;
	return 0;
}

static void sigmask_set(egg__ksigset set, egg__ksigset *old)
{
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &set, old, sizeof(set));
}

static int use_clone3(void)
{
	return !__atomic_load_n(&no_clone3, __ATOMIC_RELAXED) &&
	       !(egg__hook_enosys & EGG__HOOK_NO_CLONE3);
}

static int use_clear_sighand(void)
{
	return !__atomic_load_n(&no_clear_sighand, __ATOMIC_RELAXED) &&
	       !(egg__hook_enosys & EGG__HOOK_NO_CLEAR_SIGHAND);
}

int egg__clone3_usable(void)
{
	return use_clone3();
}

int egg__clear_sighand_usable(void)
{
	return use_clear_sighand();
}

/* What a failed clone3 taught: 1 to retry with less, else 0. */
int egg__clone3_learn(long err, int cleared)
{
	if (err == -ENOSYS) {
		__atomic_store_n(&no_clone3, 1, __ATOMIC_RELAXED);
		return 1;
	}
	if (err == -EINVAL && cleared) {
		/* Linux 5.3 and 5.4 have clone3 without CLONE_CLEAR_SIGHAND. */
		__atomic_store_n(&no_clear_sighand, 1, __ATOMIC_RELAXED);
		return 1;
	}
	return 0;
}

/* Fill in the system call the assembly makes: clone3 where it can (so the
 * kernel resets the child's handlers and can make a pidfd), else clone. */
static int frame_arm(struct egg__sfork_frame *f)
{
	if (use_clone3()) {
		f->cleared = use_clear_sighand();
		f->ca = (struct clone_args){
			.flags = CLONE_VM | CLONE_VFORK,
			.exit_signal = SIGCHLD,
		};
		if (f->cleared)
			f->ca.flags |= CLONE_CLEAR_SIGHAND;
		if (f->pidfd) {
			f->ca.flags |= CLONE_PIDFD;
			f->ca.pidfd = (unsigned long)f->pidfd;
		}
		f->nr = SYS_clone3;
		f->a0 = (long)&f->ca;
		f->a1 = CLONE_ARGS_SIZE_VER0;
		return 0;
	}
	if (f->pidfd)
		return -ENOSYS;
	f->cleared = 0;
	f->nr = SYS_clone;
	f->a0 = CLONE_VM | CLONE_VFORK | SIGCHLD;
	f->a1 = 0;	/* no new stack: the child runs on this one */
	return 0;
}

/* This thread's next frame, or -errno. */
static long frame_next(void)
{
	int err;

	if (egg__unlikely(!tls.frames)) {
		err = frames_alloc();
		if (err)
			return err;
	}
	if (tls.depth >= SFORK_MAX_DEPTH)
		return -EAGAIN;
	return (long)&tls.frames[tls.depth];
}

/* Block every signal, so that no handler of the parent can run in the
 * child and none runs in the parent on the stack the child is about to
 * use; then push the frame. */
static void frame_push(struct egg__sfork_frame *f)
{
	sigmask_set(EGG__KSIGSET_FULL, &f->mask);
	/* Nested in a child, the real mask is sfork's (all blocked), not
	 * the one the caller's code runs under: the program gets that one,
	 * the enclosing level's, as a top-level caller's program would. */
	f->exec_mask = tls.depth ? tls.frames[tls.depth - 1].exec_mask : f->mask;
	/* A cancellation request would be sent as a signal to this thread,
	 * which is blocked; the child, at its next cancellation point,
	 * would wait for it forever.  Hold cancellation off until we are
	 * back in the parent. */
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &f->cancel_state);
	tls.depth++;
}

/* Called by sfork() in the parent.  Returns the frame or -errno; where a
 * vfork child would not share our memory, -EOPNOTSUPP. */
long egg__sfork_enter(int *pidfd)
{
	struct egg__sfork_frame *f;
	long r;
	int err;

	if (egg__unlikely(!egg__vm_shared()))
		return -EOPNOTSUPP;
	r = frame_next();
	if (r < 0)
		return r;
	f = (struct egg__sfork_frame *)r;
	f->pidfd = pidfd;
	f->saved = 0;
	err = frame_arm(f);
	if (err)
		return err;
	frame_push(f);
	return (long)f;
}

/* The fork path (lib/spawn_fork.c): the same frame and signal state as
 * sfork's, but the caller makes the child, which gets a copy of them, so
 * that sfork_execveat() there resets handlers and sets the mask as it
 * does in an sfork child.  The child sets f->cleared; the parent calls
 * egg__sfork_pop(). */
long egg__sfork_enter_copy(void)
{
	struct egg__sfork_frame *f;
	long r = frame_next();

	if (r < 0)
		return r;
	f = (struct egg__sfork_frame *)r;
	f->pidfd = NULL;
	f->saved = 0;
	f->cleared = 0;
	frame_push(f);
	return (long)f;
}

void egg__sfork_pop(struct egg__sfork_frame *f)
{
	tls.depth--;
	pthread_setcancelstate(f->cancel_state, NULL);
	sigmask_set(f->mask, NULL);
}

/* The clone failed.  Returns 0 to retry with a fallback the kernel may
 * support, or the error for sfork() to return. */
long egg__sfork_failed(struct egg__sfork_frame *f, long err)
{
	if (f->nr == SYS_clone3 && egg__clone3_learn(err, f->cleared) &&
	    frame_arm(f) == 0)
		return 0;
	egg__sfork_pop(f);
	return err;
}

/* The parent is back, on a stack below the child's saved context. */
long egg__sfork_leave(struct egg__sfork_frame *f, long pid)
{
	egg__sfork_pop(f);
	return pid;
}

#if defined(__SANITIZE_ADDRESS__)
# define EGG_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define EGG_ASAN 1
# endif
#endif

#ifdef EGG_ASAN
void __asan_handle_vfork(void *sp);

/* The dead child's frames, below this one, never ran their epilogues, so
 * AddressSanitizer still sees their redzones: the next uninstrumented code
 * to use that stack (libc) would be reported.  ASan's own vfork interceptor
 * calls this for the same reason; it clears the shadow from the bottom of
 * the thread's stack up to sp.  The exec and exit paths need nothing: the
 * compiler unpoisons the stack before every noreturn call. */
static void asan_forget_child_stack(void)
{
	/* The frame address, not a local's: ASan may move locals to a
	 * fake stack on the heap. */
	__asan_handle_vfork(__builtin_frame_address(0));
}
#else
static void asan_forget_child_stack(void)
{
}
#endif

/* The parent is back but the child never saved a context: it died (or
 * called _exit or execve behind sfork's back).  Reap it, so no zombie is
 * left that nobody knows the pid of, and report the death. */
long egg__sfork_rescue(struct egg__sfork_frame *f, long pid)
{
	asan_forget_child_stack();

	egg__reap(pid);
	if (f->pidfd) {
		egg__sys1(SYS_close, *f->pidfd);
		*f->pidfd = -1;
	}
	egg__sfork_pop(f);
	return -EOWNERDEAD;
}

/* The innermost sfork level of this thread, or NULL in no child. */
struct egg__sfork_frame *egg__sfork_current(void)
{
	if (!tls.depth)
		return NULL;
	return &tls.frames[tls.depth - 1];
}

int egg__sfork_set_exec_mask(egg__ksigset mask)
{
	struct egg__sfork_frame *f = egg__sfork_current();

	if (!f)
		return -EINVAL;
	f->exec_mask = mask;
	return 0;
}

/* Just before the real exec: every caught handler back to default, then
 * the mask the new program starts with.  In that order, or a signal could
 * reach a parent's handler in the child.  Returns the environment to use. */
char *const *egg__sfork_exec_prepare(struct egg__sfork_frame *f,
				     char *const envp[])
{
	if (!f->cleared) {
		egg__sig_reset_handlers();
		/* Reset once: a later exec from this child needs no more. */
		f->cleared = 1;
	}
	sigmask_set(f->exec_mask, NULL);
	return envp ? envp : environ;
}

/* The exec failed and the thread stays in the child: block again. */
void egg__sfork_exec_failed(struct egg__sfork_frame *f)
{
	sigmask_set(EGG__KSIGSET_FULL, NULL);
}
