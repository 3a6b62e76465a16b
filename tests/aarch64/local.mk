# The aarch64 lane: make check-aarch64 builds libegg and the whole suite
# for aarch64 and runs it on an arm64 kernel under qemu (see
# tests/aarch64/lane.sh and the README).  lane-print-tests is how the lane
# learns the test list from the build, so that new tests are run there too.
.PHONY: check-aarch64 lane-print-tests
check-aarch64:
	$(SHELL) $(top_srcdir)/tests/aarch64/lane.sh

lane-print-tests:
	@for t in $(TESTS); do echo "$$t"; done

EXTRA_DIST += tests/aarch64/lane.sh tests/aarch64/kernel.sh \
	tests/aarch64/init tests/aarch64/suite.sh
