# Thin wrapper over CMake. The two commands a newcomer needs (on a machine
# without make, `bash dev run` / `bash dev test` install it first and come here):
#   make run   - install what the sandbox needs, build the bot, start the offline sandbox
#   make test  - install the test tooling too, build everything, run the whole test suite
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=

# ccache keys on paths relative to the checkout, so a fresh clone (CI) reuses
# what an earlier build of the same sources compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps configure build run test test-asan bench format format-check clean

all: build

# Which dependency set (scripts/install-deps) the build installs: `make run`
# needs only the sandbox's, `make test` the test tooling's, anything else all.
SUITE ?= all
run: SUITE := sandbox
test test-asan: SUITE := test

# The sandbox set has no GoogleTest and no node, so a build directory first
# configured for it leaves the tests out and builds only the bot; a later
# test build turns them back on in the same directory.
WITH_TESTS = $(if $(filter sandbox,$(SUITE)),OFF,ON)

deps:
	@scripts/install-deps $(SUITE)

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	    -DDBOT_BUILD_TESTS=$(WITH_TESTS) -DDBOT_BUILD_BENCH=$(WITH_TESTS) $(CMAKE_FLAGS); \
	elif [ $(WITH_TESTS) = ON ] && grep -q '^DBOT_BUILD_TESTS:BOOL=OFF' $(BUILD_DIR)/CMakeCache.txt; then \
	  cmake -S . -B $(BUILD_DIR) -DDBOT_BUILD_TESTS=ON -DDBOT_BUILD_BENCH=ON $(CMAKE_FLAGS); \
	fi

build: configure
	@cmake --build $(BUILD_DIR) $(if $(filter sandbox,$(SUITE)),--target discord-bot)

run: build
	@scripts/run-sandbox $(BUILD_DIR) $(SANDBOX_ARGS)

test: build
	@scripts/run-tests $(BUILD_DIR)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDBOT_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_DIR)
	@scripts/run-tests $(ASAN_DIR)

bench: build
	@scripts/run-bench $(BUILD_DIR)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
