# comments, blank lines and several instructions a line

setsid   # after an instruction
umask 022; chdir "/tmp" ;  close 3
	 keep {0,1,2}
