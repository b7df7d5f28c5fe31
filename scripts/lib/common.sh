# shellcheck shell=bash
# Helpers shared by the scripts under scripts/. Source this file; do not run it.

# The repository root, whatever the caller's working directory.
ARX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ARX_ROOT

# arx_log STAGE MESSAGE...: one line on stderr, prefixed with the script's stage.
arx_log() {
    local stage="$1"
    shift
    printf '[%s] %s\n' "$stage" "$*" >&2
}

# arx_die STAGE MESSAGE...: log and exit 1.
arx_die() {
    arx_log "$@"
    exit 1
}

# arx_as_root CMD...: run CMD as root, through sudo when the caller is not root.
arx_as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -- "$@"
    else
        printf 'need root for: %s (run as root or install sudo)\n' "$*" >&2
        return 1
    fi
}

# arx_jobs: build parallelism; ARX_JOBS overrides the number of processors.
arx_jobs() {
    if [[ -n ${ARX_JOBS:-} ]]; then
        printf '%s\n' "$ARX_JOBS"
    else
        nproc 2>/dev/null || echo 2
    fi
}

# arx_ctest BUILD_DIR [LABEL_REGEX]: runs the tests of BUILD_DIR (those whose
# labels match LABEL_REGEX, or all). The PostgreSQL tests share one database
# that each test empties before and after itself, so they run one at a time,
# after the rest has run two at a time. Both parts run; fails if either failed.
arx_ctest() {
    local dir="$1" labels="${2:-}" rc=0
    local -a common=(--test-dir "$dir" --output-on-failure)
    local -a select=()
    [[ -n $labels ]] && select=(-L "$labels")
    ctest "${common[@]}" "${select[@]}" -LE postgresql --no-tests=error -j 2 || rc=1
    if [[ $(ctest --test-dir "$dir" -N -L postgresql | grep -c 'Test *#') -eq 0 ]]; then
        echo "no test in $dir carries the ctest label 'postgresql': the PostgreSQL" \
             "integration tests are not registered (see tests/CMakeLists.txt)" >&2
        return 1
    fi
    ctest "${common[@]}" "${select[@]}" -L postgresql --no-tests=error -j 1 || rc=1
    return "$rc"
}
