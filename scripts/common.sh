# Shared by scripts/demo and scripts/test: install what is missing, configure, build.
# Sourced, not run. Uses $FACTSIFT_BUILD_DIR (default build/) and $FACTSIFT_JOBS.

# Debian 12 packages factsift builds and tests with.
FACTSIFT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgumbo-dev libre2-dev libcurl4-openssl-dev libsqlitecpp-dev libsqlite3-dev libssl-dev
  libuchardet-dev nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev libcpp-httplib-dev
  zlib1g-dev libbrotli-dev libzstd-dev libjemalloc-dev libpugixml-dev python3
  libpng-dev chromium
)

# Only bench/crawl_bench.py needs these (it serves a site with nginx and
# crawls it with Scrapy too); factsift_install_packages bench installs them.
FACTSIFT_BENCH_PACKAGES=(nginx-light python3-scrapy python3-lxml)

# Only scripts/fuzz needs these: clang with libFuzzer and its sanitizer runtimes.
FACTSIFT_FUZZ_PACKAGES=(clang libclang-rt-dev)

factsift_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

# Installs missing packages with apt-get when root; otherwise prints the one
# line to run and stops. With the argument "bench", the benchmark's too; with
# "fuzz", the fuzzer's.
factsift_install_packages() {
  local missing=() wanted=("${FACTSIFT_PACKAGES[@]}")
  [ "${1:-}" = bench ] && wanted+=("${FACTSIFT_BENCH_PACKAGES[@]}")
  [ "${1:-}" = fuzz ] && wanted+=("${FACTSIFT_FUZZ_PACKAGES[@]}")
  for package in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "factsift needs these Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "apt-get update failed" >&2; exit 1; }
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "apt-get install failed" >&2; exit 1; }
}

# Configures (once) and builds into $FACTSIFT_BUILD_DIR; a second run is incremental.
factsift_build() {
  local root build_dir generator=()
  root="$(factsift_root)"
  build_dir="${FACTSIFT_BUILD_DIR:-$root/build}"
  command -v ninja >/dev/null && generator=(-G Ninja)
  if [ ! -f "$build_dir/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" ||
      { echo "cmake configure failed" >&2; exit 1; }
  fi
  cmake --build "$build_dir" -j "${FACTSIFT_JOBS:-$(nproc)}" ||
    { echo "build failed" >&2; exit 1; }
}
