# budge — the two commands of the README, and a few helpers.
#   make run    install missing build dependencies, build, start the coach
#   make test   install test dependencies, build, run every test
BUILDDIR ?= build
ASANDIR  ?= build-asan
MESON_FLAGS ?=

.PHONY: all deps test-deps build run test test-fast test-valgrind bench install deb clean

all: build

deps:
	@sh scripts/install-deps.sh build

test-deps:
	@sh scripts/install-deps.sh test

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_FLAGS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

# Only the budge executable: no test or benchmark binaries (the suite is not
# even configured unless its dependencies are there).
run: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR) budge
	./$(BUILDDIR)/src/cli/budge run $(ARGS)

# The whole suite: a normal build, then the same suite under ASan+UBSan.
test: test-deps
	@sh scripts/run-tests.sh

# One build only, no sanitizers (quick local loop).
test-fast: test-deps
	@BUDGE_TEST_SANITIZE=0 sh scripts/run-tests.sh

# The C unit tests under valgrind (tests/meson.build, setup "valgrind").
test-valgrind: test-deps $(BUILDDIR)/build.ninja
	meson test -C $(BUILDDIR) --setup valgrind --print-errorlogs

bench: build
	@sh bench/run-all.sh $(BUILDDIR)

install: build
	meson install -C $(BUILDDIR)

# The Debian package (debian/), checked by lintian: dist/budge_VERSION_ARCH.deb
deb:
	@sh scripts/install-deps.sh deb
	@sh scripts/make-deb.sh

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
