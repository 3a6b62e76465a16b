chdir "/"
chdir ""
fchdir 7
chroot "/srv/jail"
