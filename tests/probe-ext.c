/* SPDX-License-Identifier: MIT */
/*
 * What the ops beyond posix_spawn change, as the probe prints it:
 *   cap.eff= cap.prm= cap.inh= cap.bnd= cap.amb=  0x + 16 hex digits
 *   securebits=0x + 8 hex digits   no_new_privs=0|1   pdeathsig=<signal>
 *   nice=<n>   cpus=<ascending list>   sched=<policy>:<priority>
 *   hostname=<name>   tty.fg=<foreground pgid of /dev/tty, or -1>
 *   ns.<name>=<readlink of /proc/self/ns/<name>> for uts ipc net mnt user cgroup pid
 *   bind=<port>:ok|<errno name>   (only with -b)
 * Everything is read at take() time, before the probe opens anything.
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe-ext.h"

static const char *const ns_names[] = { "uts", "ipc", "net", "mnt", "user", "cgroup", "pid" };
#define NNS (sizeof(ns_names) / sizeof(ns_names[0]))

static struct {
	char caps[5][32];
	unsigned int securebits;
	int nnp, pdeathsig, nice, policy, prio;
	char cpus[4096];
	char hostname[256];
	int tty_fg;
	char ns[NNS][64];
	char bind[64];
} st;

/* The capability lines of /proc/self/status, as libcap prints them too. */
static void caps_read(void)
{
	static const char *const keys[] = { "CapEff:", "CapPrm:", "CapInh:", "CapBnd:", "CapAmb:" };
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	size_t i;

	for (i = 0; i < 5; i++)
		strcpy(st.caps[i], "?");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		for (i = 0; i < 5; i++) {
			size_t n = strlen(keys[i]);

			if (!strncmp(line, keys[i], n))
				snprintf(st.caps[i], sizeof(st.caps[i]), "0x%016llx",
					 strtoull(line + n, NULL, 16));
		}
	}
	fclose(f);
}

static void cpus_read(void)
{
	cpu_set_t set;
	size_t len = 0;
	int cpu;

	st.cpus[0] = '\0';
	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &set))
			len += (size_t)snprintf(st.cpus + len, sizeof(st.cpus) - len, "%s%d",
						len ? "," : "", cpu);
}

static void tty_read(void)
{
	int fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);

	st.tty_fg = -1;
	if (fd < 0)
		return;
	st.tty_fg = (int)tcgetpgrp(fd);
	close(fd);
}

static void ns_read(void)
{
	char path[64];
	size_t i;
	ssize_t r;

	for (i = 0; i < NNS; i++) {
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_names[i]);
		r = readlink(path, st.ns[i], sizeof(st.ns[i]) - 1);
		st.ns[i][r > 0 ? r : 0] = '\0';
	}
}

static void bind_try(const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd, err = 0;

	if (!port)
		return;
	a.sin_port = htons((unsigned short)atoi(port));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)))
		err = errno;
	if (fd >= 0)
		close(fd);
	snprintf(st.bind, sizeof(st.bind), "%s:%s", port,
		 err ? (strerrorname_np(err) ? strerrorname_np(err) : "?") : "ok");
}

void probe_ext_take(const char *bind_port)
{
	struct sched_param sp;

	caps_read();
	st.securebits = (unsigned int)prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
	st.nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	prctl(PR_GET_PDEATHSIG, &st.pdeathsig, 0, 0, 0);
	errno = 0;
	st.nice = getpriority(PRIO_PROCESS, 0);
	st.policy = sched_getscheduler(0);
	st.prio = sched_getparam(0, &sp) ? -1 : sp.sched_priority;
	cpus_read();
	if (gethostname(st.hostname, sizeof(st.hostname)))
		st.hostname[0] = '\0';
	tty_read();
	ns_read();
	bind_try(bind_port);
}

void probe_ext_write(FILE *out)
{
	static const char *const cap_keys[] = { "eff", "prm", "inh", "bnd", "amb" };
	size_t i;

	for (i = 0; i < 5; i++)
		fprintf(out, "cap.%s=%s\n", cap_keys[i], st.caps[i]);
	fprintf(out, "securebits=0x%08x\n", st.securebits);
	fprintf(out, "no_new_privs=%d\n", st.nnp);
	fprintf(out, "pdeathsig=%d\n", st.pdeathsig);
	fprintf(out, "nice=%d\n", st.nice);
	fprintf(out, "cpus=%s\n", st.cpus);
	fprintf(out, "sched=%d:%d\n", st.policy, st.prio);
	fprintf(out, "hostname=%s\n", st.hostname);
	fprintf(out, "tty.fg=%d\n", st.tty_fg);
	for (i = 0; i < NNS; i++)
		fprintf(out, "ns.%s=%s\n", ns_names[i], st.ns[i]);
	if (st.bind[0])
		fprintf(out, "bind=%s\n", st.bind);
}
