umask 01000
