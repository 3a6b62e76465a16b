# limits.s: run a batch job that must not run away with the machine.
#
#	eggasm run examples/limits.s -- ./nightly-report --all
#
# At most a minute of CPU time (SIGXCPU at 60 s, SIGKILL at 65 s), 2 GiB
# of address space, output files of at most 1 GiB, no core dumps, and a
# lower priority than interactive work.  SIGXCPU is set back to its
# default action in case the launcher ignores it: the job must stop.

setrlimit RLIMIT_CPU 60 65
setrlimit RLIMIT_AS 2147483648 2147483648	# 2 GiB
setrlimit RLIMIT_FSIZE 1073741824 1073741824	# 1 GiB
setrlimit RLIMIT_CORE 0 0
sigdefault {XCPU, XFSZ}
setpriority 10
