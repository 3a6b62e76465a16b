/* SPDX-License-Identifier: MIT */
/* The probe's keys for the ops beyond posix_spawn: capabilities, privilege
 * hygiene, scheduling, terminal, host name and namespaces. */
#ifndef PROBE_EXT_H
#define PROBE_EXT_H

#include <stdio.h>

/* Records the state; bind_port (or NULL) is a TCP port to try to bind on
 * 127.0.0.1, to show what the capabilities allow. */
void probe_ext_take(const char *bind_port);
void probe_ext_write(FILE *out);

#endif
