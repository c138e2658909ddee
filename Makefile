# Thin wrapper over CMake. The two commands a newcomer needs:
#   make run   - install dependencies, build, start the offline sandbox
#   make test  - install dependencies, build, run the whole test suite
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=

# ccache keys on paths relative to the checkout, so a fresh clone (CI) reuses
# what an earlier build of the same sources compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build run test test-asan bench format format-check clean

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR)

run: build
	@scripts/run-sandbox $(BUILD_DIR)

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
