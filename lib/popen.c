/* SPDX-License-Identifier: MIT */
/*
 * egg_popen() and egg_pclose(): popen(3) with an egg.  Both pipe ends are
 * made close-on-exec at once (pipe2), and only the child's end is dup'ed
 * to its stdin or stdout, by the setup egg in the child: no other child,
 * from egg_popen() or anywhere, inherits a pipe of ours.  A registry maps
 * each stream to its child's pidfd for egg_pclose().
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "shell.h"

struct popen_entry {
	FILE *stream;
	struct egg__shell sh;
	struct popen_entry *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct popen_entry *registry;

static void registry_add(struct popen_entry *e)
{
	pthread_mutex_lock(&registry_lock);
	e->next = registry;
	registry = e;
	pthread_mutex_unlock(&registry_lock);
}

/* Unlinks the stream's entry: from then on, it is the caller's alone. */
static struct popen_entry *registry_take(FILE *stream)
{
	struct popen_entry **p, *e = NULL;

	pthread_mutex_lock(&registry_lock);
	for (p = &registry; *p; p = &(*p)->next) {
		if ((*p)->stream == stream) {
			e = *p;
			*p = e->next;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	return e;
}

/* "r" or "w", then "e" at most: 0 (read) or 1 (write), or -1. */
static int mode_writes(const char *mode)
{
	if (!mode || (mode[0] != 'r' && mode[0] != 'w'))
		return -1;
	if (mode[1] && (mode[1] != 'e' || mode[2]))
		return -1;
	return mode[0] == 'w';
}

/* The setup egg: the child's end of the pipe onto its stdin or stdout. */
static struct egg *pipe_setup(int child_end, int writes)
{
	struct egg *setup = egg_new();

	if (setup && egg_dup2(setup, child_end, writes ? 0 : 1)) {
		egg_free(setup);
		setup = NULL;
	}
	return setup;
}

static FILE *fail(struct egg_fault *fault, int err, enum egg_stage stage)
{
	*fault = (struct egg_fault){ .error = err, .stage = stage };
	errno = err;
	return NULL;
}

/* Spawns the shell with fds[] the pipe; 0 and the stream in e, or errno. */
static int popen_spawn(struct popen_entry *e, const char *command, int writes,
		       const int fds[2], const void *code, size_t len, struct egg_fault *fault)
{
	int child_end = fds[writes ? 0 : 1], own_end = fds[writes ? 1 : 0];
	struct egg *setup = pipe_setup(child_end, writes);
	int err;

	if (!setup) {
		*fault = (struct egg_fault){ .error = ENOMEM, .stage = EGG_STAGE_CHILD };
		return ENOMEM;
	}
	/* Before the spawn, so that no failure after it leaves a child. */
	e->stream = fdopen(own_end, writes ? "w" : "r");
	err = e->stream ? 0 : errno;
	if (err)
		*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_CHILD };
	else
		err = egg__shell_spawn(&e->sh, command, setup, code, len, fault);
	egg_free(setup);
	return err;
}

EGG_EXPORT FILE *egg_popen(const char *command, const char *mode, const void *code,
			   size_t len, struct egg_fault *fault)
{
	struct egg_fault local;
	struct popen_entry *e;
	int writes = mode_writes(mode), fds[2], err;

	if (!fault)
		fault = &local;
	if (!command || writes < 0)
		return fail(fault, EINVAL, EGG_STAGE_ARGS);
	err = egg__shell_check(code, len, fault);
	if (err)
		return fail(fault, err, fault->stage);
	e = calloc(1, sizeof(*e));
	if (!e)
		return fail(fault, ENOMEM, EGG_STAGE_CHILD);
	if (pipe2(fds, O_CLOEXEC)) {
		err = errno;
		free(e);
		return fail(fault, err, EGG_STAGE_CHILD);
	}
	err = popen_spawn(e, command, writes, fds, code, len, fault);
	close(fds[writes ? 0 : 1]);
	if (err) {
		if (e->stream)
			fclose(e->stream);
		else
			close(fds[writes ? 1 : 0]);
		free(e);
		errno = err;
		return NULL;
	}
	registry_add(e);
	return e->stream;
}

EGG_EXPORT int egg_pclose(FILE *stream)
{
	struct popen_entry *e = registry_take(stream);
	int status;

	if (!e) {
		errno = EINVAL;
		return -1;
	}
	/* Closed first: a child reading our end sees its end of file. */
	fclose(e->stream);
	status = egg__shell_wait(&e->sh);
	free(e);
	if (status < 0) {
		errno = -status;
		return -1;
	}
	return status;
}
