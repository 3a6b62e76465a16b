# The sfork demo: the README's first look at the control flow.
noinst_PROGRAMS += tools/sfork-demo
tools_sfork_demo_SOURCES = tools/sfork-demo.c
tools_sfork_demo_LDADD = lib/libegg.la
EXTRA_DIST += tools/quickstart.sh tools/check-style.sh tools/host-state.sh
