/* SPDX-License-Identifier: MIT */
/*
 * The program spawnbench spawns, for x86_64: it reads CLOCK_MONOTONIC with
 * the clock_gettime system call before anything else, writes the 16-byte
 * struct timespec to fd 3 and exits, with status 0 if the write was whole
 * and 1 if not.  No libc, no relocations, nothing run before _start: the
 * time it reports is the time of its first instruction, give or take one
 * system call.  The timespec goes in the red zone below the stack pointer,
 * which no signal handler can touch here (there are none).
 */
#include <asm/unistd.h>

#define CLOCK_MONOTONIC 1
#define STAMP_FD 3
#define TS_SIZE 16

	.text
	.globl _start
	.type _start, @function
_start:
	movl $__NR_clock_gettime, %eax
	movl $CLOCK_MONOTONIC, %edi
	leaq -TS_SIZE(%rsp), %rsi
	syscall
	movl $__NR_write, %eax
	movl $STAMP_FD, %edi
	leaq -TS_SIZE(%rsp), %rsi
	movl $TS_SIZE, %edx
	syscall
	xorl %edi, %edi
	cmpq $TS_SIZE, %rax
	setne %dil
	movl $__NR_exit_group, %eax
	syscall
	ud2
	.size _start, .-_start

	.section .note.GNU-stack, "", @progbits
