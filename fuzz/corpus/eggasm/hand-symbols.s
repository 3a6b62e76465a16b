close_range 3 ~0 0
setrlimit RLIMIT_NOFILE 10 ~0
sigdefault {SIGPIPE, RTMIN+3}
capset {CAP_KILL} {CAP_KILL, CAP_CHOWN} {}
setresuid keep 1000 keep
pdeathsig SIGKILL
