# libegg-spawn.so, the preload library: posix_spawn and posix_spawnp on
# eggs for programs that never heard of libegg.  See libegg-spawn(7).
#
# A module (no lib prefix games, no version suffix: LD_PRELOAD names the
# file), with its own private copy of libegg (without libcap, which every
# child would load too); it exports only the two
# functions, at glibc's versions for the architecture.  Not in a build
# without shared libraries (--disable-shared), where nothing could load it.
if BUILD_SHARED
lib_LTLIBRARIES += preload/libegg-spawn.la
preload_libegg_spawn_la_SOURCES = preload/shim.c
preload_libegg_spawn_la_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
preload_libegg_spawn_la_CFLAGS = $(AM_CFLAGS) -fvisibility=hidden
preload_libegg_spawn_la_LIBADD = lib/libegg-core.la
# -z now, as for libegg: no lazy binding may run in the sfork child.
preload_libegg_spawn_la_LDFLAGS = $(AM_LDFLAGS) -module -avoid-version -shared \
	-Wl,--version-script=$(top_srcdir)/preload/$(EGG_ARCH).sym \
	-Wl,-z,now -Wl,-z,noexecstack
EXTRA_preload_libegg_spawn_la_DEPENDENCIES = $(top_srcdir)/preload/$(EGG_ARCH).sym
endif
EXTRA_DIST += preload/x86_64.sym preload/aarch64.sym
