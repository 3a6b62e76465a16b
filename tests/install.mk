# The installed library as a user gets it: headers, .pc file, man pages,
# and a program outside the tree built with pkg-config; and the exported
# ABI, exactly the version script.
TESTS += tests/install-pkgconfig.sh tests/exports.sh
EXTRA_DIST += tests/install-pkgconfig.sh tests/exports.sh
