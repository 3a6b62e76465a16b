# server.s: start a network server on a listening socket it inherits.
#
#	eggasm run examples/server.s -- /usr/sbin/exampled --listen-fd=3
#
# A supervisor opened the socket on fd 3 (as systemd's socket activation
# does).  The server gets that socket, its standard streams and nothing
# else, starts in its own directory, and begins with the signal state a
# freshly started program expects, whatever the supervisor had: SIGPIPE
# back to its default action (a supervisor written in Python ignores
# it) and no signal blocked.

cloexec 3 0				# the socket must survive the exec
close_range 4 ~0 0			# every fd above it
chdir "/srv/exampled"
sigdefault {PIPE}
sigmask {}
