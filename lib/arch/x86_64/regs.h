/* SPDX-License-Identifier: MIT */
/* A saved x86_64 context: the SysV callee-saved registers, the stack pointer
 * the caller had before the call, the address the call returns to, and the
 * floating-point controls the ABI also makes callee-saved: MXCSR's control
 * bits (its exception flags cleared) and the x87 control word.
 * Byte offsets, used by sfork.S; EGG__REGS_SIZE sizes the two contexts of
 * lib/sfork_frame.h, whose offsets lib/sfork.c checks. */
#ifndef EGG_REGS_H
#define EGG_REGS_H

#define EGG__R_RBX 0
#define EGG__R_RBP 8
#define EGG__R_R12 16
#define EGG__R_R13 24
#define EGG__R_R14 32
#define EGG__R_R15 40
#define EGG__R_SP 48
#define EGG__R_PC 56
#define EGG__R_MXCSR 64	/* 32 bits, zero-extended */
#define EGG__R_X87CW 72	/* 16 bits */
#define EGG__REGS_SIZE 80

#endif /* EGG_REGS_H */
