chdir "unterminated
