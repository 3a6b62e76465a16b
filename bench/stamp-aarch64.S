/* SPDX-License-Identifier: MIT */
/*
 * The program spawnbench spawns, for aarch64: it reads CLOCK_MONOTONIC with
 * the clock_gettime system call before anything else, writes the 16-byte
 * struct timespec to fd 3 and exits, with status 0 if the write was whole
 * and 1 if not.  No libc, no relocations, nothing run before _start: the
 * time it reports is the time of its first instructions, give or take one
 * system call.  aarch64 has no red zone, so the timespec gets 16 bytes of
 * stack first (which keeps sp 16-byte aligned).
 */
#include <asm/unistd.h>

#define CLOCK_MONOTONIC 1
#define STAMP_FD 3
#define TS_SIZE 16

	.text
	.globl _start
	.type _start, %function
_start:
	sub sp, sp, #TS_SIZE
	mov x0, #CLOCK_MONOTONIC
	mov x1, sp
	mov x8, #__NR_clock_gettime
	svc #0
	mov x0, #STAMP_FD
	mov x1, sp
	mov x2, #TS_SIZE
	mov x8, #__NR_write
	svc #0
	cmp x0, #TS_SIZE
	cset x0, ne
	mov x8, #__NR_exit_group
	svc #0
	brk #0
	.size _start, .-_start

	.section .note.GNU-stack, "", %progbits
