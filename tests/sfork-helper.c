/* SPDX-License-Identifier: MIT */
/*
 * The program the sfork tests exec: it reports what it started with on its
 * standard output.  It does not link libegg, so it cannot share a mistake
 * with what it checks.
 *
 *	sfork-helper sig	signal sets from /proc/self/status, "key=hex":
 *				blk, cgt, ign, pnd (thread), shdpnd (process)
 *	sfork-helper env	the environment, each entry NUL-terminated
 *	sfork-helper argv	the arguments, each NUL-terminated
 *	sfork-helper fds	"fds=0,1,2": the open file descriptors
 *	sfork-helper pause	waits for a signal for ever
 *	sfork-helper siginfo	blocks SIGUSR1, prints "ready", waits for it and
 *				prints "code=C value=V pid=P" of its siginfo
 *	sfork-helper exit N	exits with N
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static const struct {
	const char *status;	/* the /proc/self/status key */
	const char *out;	/* what we print */
} sig_keys[] = {
	{ "SigBlk", "blk" }, { "SigCgt", "cgt" }, { "SigIgn", "ign" },
	{ "SigPnd", "pnd" }, { "ShdPnd", "shdpnd" },
};

static int print_signals(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	size_t i, len;

	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < sizeof(sig_keys) / sizeof(sig_keys[0]); i++) {
			len = strlen(sig_keys[i].status);
			if (!strncmp(line, sig_keys[i].status, len) && line[len] == ':')
				printf("%s=%s", sig_keys[i].out,
				       line + len + 1 + strspn(line + len + 1, "\t "));
		}
	}
	fclose(f);
	return 0;
}

static void print_strings(char *const *s)
{
	for (; *s; s++)
		fwrite(*s, 1, strlen(*s) + 1, stdout);
}

static int print_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	const char *sep = "";

	if (!d)
		return 1;
	printf("fds=");
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		printf("%s%s", sep, e->d_name);
		sep = ",";
	}
	printf("\n");
	closedir(d);
	return 0;
}

static int print_siginfo(void)
{
	siginfo_t si;
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &usr1, NULL))
		return 1;
	printf("ready\n");
	if (fflush(stdout) || sigwaitinfo(&usr1, &si) != SIGUSR1)
		return 1;
	printf("code=%d value=%d pid=%d\n", si.si_code, si.si_value.sival_int, (int)si.si_pid);
	return 0;
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "";
	int ret = 0;

	if (!strcmp(mode, "sig"))
		ret = print_signals();
	else if (!strcmp(mode, "env"))
		print_strings(environ);
	else if (!strcmp(mode, "argv"))
		print_strings(argv);
	else if (!strcmp(mode, "fds"))
		ret = print_fds();
	else if (!strcmp(mode, "siginfo"))
		ret = print_siginfo();
	else if (!strcmp(mode, "pause"))
		for (;;)
			pause();
	else if (!strcmp(mode, "exit") && argc > 2)
		return atoi(argv[2]);
	else
		return 2;
	if (fflush(stdout))
		return 3;
	return ret;
}
