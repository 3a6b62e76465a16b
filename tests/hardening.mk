# Owned by its part of the tree; see the top-level Makefile.am.
