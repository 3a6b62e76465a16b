# daemon.s: start a service detached from the terminal that launched it.
#
#	eggasm run examples/daemon.s -- /usr/sbin/exampled --foreground
#
# The service gets a session of its own (no controlling terminal, so the
# terminal's hangup does not reach it), reads nothing, writes its output
# to a log, inherits no stray file descriptors, and does not keep the
# launcher's working directory busy.  The service itself need not know
# how to daemonize.

setsid					# leader of a new session and group
open 0 "/dev/null" O_RDONLY 0		# stdin: nothing to read
open 1 "/var/log/exampled.log" O_WRONLY|O_CREAT|O_APPEND 0640
dup2 1 2				# stderr to the same log
close_range 3 ~0 0			# whatever else the launcher had open
chdir "/"
umask 027				# files it creates: no access for others
setrlimit RLIMIT_NOFILE 1024 keep	# 1024 fds, the hard limit as it is
