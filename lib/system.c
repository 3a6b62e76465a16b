/* SPDX-License-Identifier: MIT */
/*
 * egg_system(): system(3) with an egg.  What POSIX asks of system():
 * SIGINT and SIGQUIT ignored and SIGCHLD blocked in the caller while it
 * waits; in the child, the signals back as they were before the call.
 * Concurrent calls share the ignoring: the first in saves the caller's
 * actions, the last out restores them.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "shell.h"

static pthread_mutex_t ignore_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long ignore_count;
static struct sigaction saved_int, saved_quit;

/* SIGINT and SIGQUIT ignored; *dfl gets those the child resets to
 * default: the ones the caller did not ignore itself. */
static void ignore_enter(sigset_t *dfl)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };

	pthread_mutex_lock(&ignore_lock);
	if (ignore_count++ == 0) {
		sigemptyset(&ign.sa_mask);
		sigaction(SIGINT, &ign, &saved_int);
		sigaction(SIGQUIT, &ign, &saved_quit);
	}
	sigemptyset(dfl);
	if (saved_int.sa_handler != SIG_IGN)
		sigaddset(dfl, SIGINT);
	if (saved_quit.sa_handler != SIG_IGN)
		sigaddset(dfl, SIGQUIT);
	pthread_mutex_unlock(&ignore_lock);
}

static void ignore_leave(void)
{
	pthread_mutex_lock(&ignore_lock);
	if (--ignore_count == 0) {
		sigaction(SIGINT, &saved_int, NULL);
		sigaction(SIGQUIT, &saved_quit, NULL);
	}
	pthread_mutex_unlock(&ignore_lock);
}

/* The setup egg: the signals as the caller had them. */
static struct egg *signal_setup(const sigset_t *dfl, const sigset_t *mask)
{
	struct egg *setup = egg_new();

	if (setup && (egg_sigdefault(setup, dfl) || egg_sigmask(setup, mask))) {
		egg_free(setup);
		setup = NULL;
	}
	return setup;
}

static int run_and_wait(const char *command, const void *code, size_t len,
			struct egg_fault *fault)
{
	struct egg__shell sh;
	sigset_t chld, mask, dfl;
	struct egg *setup;
	int status;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	ignore_enter(&dfl);
	pthread_sigmask(SIG_BLOCK, &chld, &mask);
	setup = signal_setup(&dfl, &mask);
	if (!setup) {
		*fault = (struct egg_fault){ .error = ENOMEM, .stage = EGG_STAGE_CHILD };
		status = -ENOMEM;
	} else {
		status = -egg__shell_spawn(&sh, command, setup, code, len, fault);
		egg_free(setup);
	}
	if (!status)
		status = egg__shell_wait(&sh);
	pthread_sigmask(SIG_SETMASK, &mask, NULL);
	ignore_leave();
	return status;
}

EGG_EXPORT int egg_system(const char *command, const void *code, size_t len,
			  struct egg_fault *fault)
{
	struct egg_fault local;
	int status;

	if (!fault)
		fault = &local;
	/* As system(NULL): whether there is a shell to run commands with. */
	if (!command) {
		*fault = (struct egg_fault){ 0 };
		return access("/bin/sh", X_OK) == 0;
	}
	status = egg__shell_check(code, len, fault);
	if (!status)
		status = run_and_wait(command, code, len, fault);
	else
		status = -status;
	if (status < 0) {
		errno = -status;
		return -1;
	}
	return status;
}
