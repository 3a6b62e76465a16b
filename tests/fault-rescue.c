/* SPDX-License-Identifier: MIT */
/*
 * A child that dies deep in its own calls, before it exec'd or called
 * sfork_exit: sfork() returns -EOWNERDEAD in the parent, and the stack
 * below that point, which the child used, must be fit for use again.
 *
 * This matters in the sanitizer build: the dead child's frames leave their
 * redzones in AddressSanitizer's shadow of the stack, since their epilogues
 * never ran, and the next code to use that stack without instrumentation
 * (libc, libcheck; here a no_sanitize_address function) passing a buffer
 * there to an intercepted call (here read) is reported as a stack overflow,
 * or trips an ASan internal check.  The library must unpoison that stack
 * on its rescue path, as ASan itself does around longjmp.  In a normal
 * build this checks the rescue itself.  Plain C; exits 0 pass, 1 fail.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#define DEPTH 20
#define BUF_SIZE 32768	/* reaches well below the frames the child left */

#if defined(__clang__) || defined(__GNUC__)
# define NO_ASAN __attribute__((noinline, no_sanitize_address))
#else
# define NO_ASAN
#endif

/* Frames with arrays, so that ASan gives them redzones; the innermost one
 * ends the child without returning. */
__attribute__((noinline)) static int deep(int n)
{
	char a[64], b[200], c[1000];
	volatile char *p = a;

	memset(a, n, sizeof(a));
	memset(b, n, sizeof(b));
	memset(c, n, sizeof(c));
	if (n > 0)
		return deep(n - 1) + p[3] + b[5] + c[7];
	syscall(SYS_exit_group, 3);
	return a[1];
}

/* Like code in a library built without sanitizers. */
NO_ASAN static long stack_fill(void)
{
	char buf[BUF_SIZE];
	int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	long n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n == BUF_SIZE && buf[0] == 0 && buf[BUF_SIZE - 1] == 0 ? n : -1;
}

/* sfork returns twice here: nothing else lives in this frame. */
__attribute__((noinline)) static int child_dies_deep(void)
{
	int r = sfork();

	if (r == 0)
		r = sfork_exit(deep(DEPTH));	/* not reached: deep() ends it */
	return r;
}

int main(void)
{
	int r, i, bad = 0;

	for (i = 0; i < 3; i++) {
		r = child_dies_deep();
		if (r != -EOWNERDEAD) {
			printf("fault-rescue: sfork returned %d, want %d\n", r, -EOWNERDEAD);
			bad = 1;
		}
		if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
			printf("fault-rescue: the dead child was not reaped\n");
			bad = 1;
		}
		if (stack_fill() != BUF_SIZE) {
			printf("fault-rescue: the stack below the rescue point is unusable\n");
			bad = 1;
		}
	}
	printf("fault-rescue: %s\n", bad ? "FAIL" : "ok");
	return bad;
}
