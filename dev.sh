#!/usr/bin/env bash
# Set-up and everyday tasks for powerlist. The first run installs what is missing:
# Debian packages (with apt-get, as root or through sudo) and a Python virtual environment in .venv.
#
#   ./dev.sh site     check the catalogue and build the website (pages, search, charts, posters,
#                     documents) into site/
#   ./dev.sh serve    preview the site on http://127.0.0.1:8000/, rebuilding when a file changes
#   ./dev.sh test     run the test suite
#   ./dev.sh check    run `powerlist check` on the sample catalogue
#   ./dev.sh bench    run the check benchmark (bench/check_bench.py)
#   ./dev.sh bench-render   run the chart and poster benchmark (bench/render_bench.py, ~10 min)
#   ./dev.sh bench-documents   run the PDF booklet benchmark (bench/documents_bench.py, ~2 min)
#   ./dev.sh bench-site        run the full-build benchmark against MkDocs-Material (bench/site_bench.py)
#   ./dev.sh setup    only install
#   ./dev.sh lock     refresh requirements.lock to the newest versions pyproject.toml allows, reinstall
#                     .venv from it and run the test suite on the result
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# Every Python package (and pip and setuptools themselves) is installed at the exact version in this
# file, so a fresh machine gets what CI tested; `./dev.sh lock` refreshes it.
LOCK=requirements.lock
# What the Python packages need from the system: a Python with venv, Graphviz's `dot` (and its gdk
# plugin: the charts' PNG is drawn as a bitmap through it and encoded by powerlist), WeasyPrint's
# Pango, fast font subsetting (libharfbuzz-subset0: ~40x faster CJK PDFs), a CJK font, and for the
# tests poppler-utils (pdftoppm, pdffonts) and zbar-tools (zbarimg reads the posters' QR codes).
# The website tests drive Debian's
# Chromium (through Playwright) and run axe-core, installed with npm from tests/browser/package-lock.json.
DEBIAN_PACKAGES=(python3 python3-venv python3-pip graphviz libgvc6-plugins-gtk fonts-noto-cjk
                 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils zbar-tools
                 chromium nodejs)

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    echo "dev.sh: not a Debian system; install these yourself: ${DEBIAN_PACKAGES[*]}" >&2
    return 0
  }
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # Debian ships npm apart from nodejs; NodeSource's nodejs includes it (and conflicts with Debian's npm)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing Debian packages: ${missing[*]}" >&2
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup() {
  local stamp=$VENV/.installed
  if [ -x "$VENV/bin/python" ] && [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] \
     && [ "$stamp" -nt "$LOCK" ] && [ "$stamp" -nt tests/browser/package-lock.json ]; then
    return 0
  fi
  install_system_packages
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  pip_install -c "$LOCK" pip setuptools
  # no build isolation: the locked setuptools builds powerlist, not whatever is newest today
  pip_install -c "$LOCK" --no-build-isolation -e '.[test]'
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
}

pip_install() {
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@"
}

# The newest versions that pyproject.toml allows, resolved in a fresh virtual environment, frozen into
# requirements.lock; then .venv is reinstalled from it and the suite runs on the result.
lock() {
  install_system_packages
  LOCK_TMP=$(mktemp -d)  # global: the EXIT trap runs after this function has returned
  trap 'rm -rf "$LOCK_TMP" "$LOCK.new"' EXIT
  local py=$LOCK_TMP/venv/bin/python
  python3 -m venv "$LOCK_TMP/venv"
  "$py" -m pip install -q --disable-pip-version-check --upgrade pip setuptools
  "$py" -m pip install -q --disable-pip-version-check '.[test,bench]'
  {
    echo "# Exact versions of every Python package powerlist, its tests and benchmarks use."
    echo "# Made by ./dev.sh lock on $(date -u +%Y-%m-%d) with $("$py" --version); do not edit by hand."
    "$py" -m pip freeze --all --exclude powerlist | LC_ALL=C sort -f
  } > "$LOCK.new"
  mv "$LOCK.new" "$LOCK"
  rm -rf "$LOCK_TMP" build
  rm -f "$VENV/.installed"
  setup
  "$VENV/bin/python" -m pytest
}

case "${1:-}" in
  setup) setup ;;
  lock)  lock ;;
  check) setup; "$VENV/bin/powerlist" check "${@:2}" ;;
  site)  setup; "$VENV/bin/powerlist" build ;;
  serve) setup; "$VENV/bin/powerlist" serve "${@:2}" ;;
  test)  setup; "$VENV/bin/python" -m pytest "${@:2}" ;;
  bench) setup; "$VENV/bin/python" bench/check_bench.py "${@:2}" ;;
  bench-render) setup; "$VENV/bin/python" bench/render_bench.py "${@:2}" ;;
  bench-documents) setup; "$VENV/bin/python" bench/documents_bench.py "${@:2}" ;;
  bench-site) setup; pip_install -c "$LOCK" --no-build-isolation -e '.[bench]'
              "$VENV/bin/python" bench/site_bench.py "${@:2}" ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2 ;;
esac
