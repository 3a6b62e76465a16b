# libegg itself.  Everything is compiled once into a convenience library with
# hidden visibility; libegg.la exports only what lib/libegg.sym lists, and the
# tests that need internal hooks link the convenience library directly.
include_HEADERS += include/sfork.h include/egg.h
nodist_include_HEADERS += include/egg-version.h

# libegg-core is all of it but the capability text, which needs libcap:
# the preload library (preload/) links only the core.
noinst_LTLIBRARIES += lib/libegg-core.la lib/libegg-internal.la
LIBEGG_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
lib_libegg_internal_la_CPPFLAGS = $(LIBEGG_CPPFLAGS)
lib_libegg_internal_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
lib_libegg_internal_la_SOURCES = lib/captext.c
lib_libegg_internal_la_LIBADD = lib/libegg-core.la
lib_libegg_core_la_CPPFLAGS = $(LIBEGG_CPPFLAGS)
lib_libegg_core_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
lib_libegg_core_la_CCASFLAGS = $(LIBEGG_CPPFLAGS)
lib_libegg_core_la_SOURCES = \
	lib/internal.h \
	lib/syscall.h \
	lib/sfork.c \
	lib/sfork_frame.h \
	lib/sigreset.c \
	lib/leb128.h \
	lib/leb128.c \
	lib/operand.h \
	lib/operand.c \
	lib/operand_info.c \
	lib/optable.h \
	lib/optable.def \
	lib/optable.c \
	lib/ops.h \
	lib/ops_proc.c \
	lib/ops_fd.c \
	lib/ops_spawnfd.c \
	lib/ops_fdmap.c \
	lib/ops_fs.c \
	lib/ops_signal.c \
	lib/ops_cred.c \
	lib/ops_caps.c \
	lib/ops_sched.c \
	lib/ops_tty.c \
	lib/ops_ns.c \
	lib/builder_ops.c \
	lib/oflags.c \
	lib/validate.c \
	lib/decode.c \
	lib/builder.c \
	lib/interp.c \
	lib/interp.h \
	lib/pathsearch.c \
	lib/spawn_target.h \
	lib/spawn.c \
	lib/spawn_fork.h \
	lib/spawn_fork.c \
	lib/vmshare.h \
	lib/vmshare.c \
	lib/posixspawn.h \
	lib/posix_spawn.c \
	lib/posix_spawn_fa.c \
	lib/posix_spawn_libc.c \
	lib/aspawn.h \
	lib/aspawn.c \
	lib/aspawn_child.c \
	lib/astack.c \
	lib/keeper.c \
	lib/keeper_stack.c \
	lib/spawn_kept.c \
	lib/exec.c \
	lib/shell.h \
	lib/shell.c \
	lib/popen.c \
	lib/system.c \
	lib/version.c
if ARCH_X86_64
lib_libegg_core_la_SOURCES += lib/arch/x86_64/sfork.S lib/arch/x86_64/aclone.S \
	lib/arch/x86_64/syscall_arch.h lib/arch/x86_64/regs.h
endif
if ARCH_AARCH64
lib_libegg_core_la_SOURCES += lib/arch/aarch64/sfork.S lib/arch/aarch64/aclone.S \
	lib/arch/aarch64/syscall_arch.h lib/arch/aarch64/regs.h
endif
EXTRA_DIST += lib/arch/README
EXTRA_DIST += lib/arch/x86_64/sfork.S lib/arch/x86_64/syscall_arch.h lib/arch/x86_64/regs.h \
	lib/arch/x86_64/aclone.S lib/arch/aarch64/aclone.S \
	lib/arch/aarch64/sfork.S lib/arch/aarch64/syscall_arch.h lib/arch/aarch64/regs.h

lib_LTLIBRARIES += lib/libegg.la
lib_libegg_la_SOURCES =
lib_libegg_la_LIBADD = lib/libegg-internal.la $(LIBCAP_LIBS)
# -z now: the child runs with the parent's GOT; binding everything at load
# time means no lazy PLT resolution ever runs between sfork and exec.
lib_libegg_la_LDFLAGS = $(AM_LDFLAGS) -version-info $(LIBEGG_LT_VERSION) \
	-Wl,--version-script=$(top_srcdir)/lib/libegg.sym -Wl,-z,now -Wl,-z,noexecstack
EXTRA_lib_libegg_la_DEPENDENCIES = $(top_srcdir)/lib/libegg.sym
EXTRA_DIST += lib/libegg.sym
