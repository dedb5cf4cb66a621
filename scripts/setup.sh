#!/usr/bin/env bash
# Idempotent set-up from nothing: installs whatever this machine lacks, then the workspace.
#   - Debian packages: PHP 8.2 + Composer + PHPUnit + Guzzle (Packagist is unreachable here),
#     Chromium (docs browser test), tmux (CLI TTY test), curl (benchmarks),
#     PostgreSQL 15 server binaries (the dev server's DATABASE_URL test starts a throwaway cluster)
#   - pnpm (pinned in package.json) and the Node packages (--frozen-lockfile)
#   - the openapi-generator JAR pinned in generators/openapitools.json
#   - .venv/ with the Python package (editable) and its test tools
#   - packages/php/vendor/autoload.php (Composer's autoloader + Debian's Guzzle)
#   - .cache/tools-venv/ with moto[server] (second S3 implementation for the dev server tests) and schemathesis
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

step "system packages"
apt_packages=(php8.2-cli php8.2-curl php8.2-mbstring php8.2-xml composer phpunit php-guzzlehttp-guzzle chromium tmux curl unzip)
# Any PostgreSQL server binaries will do for the DATABASE_URL test; install 15 only when none exist.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_packages+=(postgresql-15)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "all present"
fi

step "pnpm"
want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm -v 2>/dev/null || true)" != "$want_pnpm" ]; then
  npm install -g --silent "pnpm@$want_pnpm"
fi
pnpm -v

step "Node packages"
pnpm install --frozen-lockfile --reporter=append-only | tail -n 3

step "openapi-generator JAR"
node_modules/.bin/openapi-generator-cli --openapitools generators/openapitools.json version | tail -n 1

if [ -f packages/python/pyproject.toml ]; then
  step "Python (.venv)"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "packages/python[dev]"
  # The upload-route examples' frameworks (their e2e tests run them; not SDK dependencies).
  .venv/bin/python -m pip install -q --disable-pip-version-check "fastapi==0.165.0" "flask==3.1.3"
  .venv/bin/python -c 'import dilnaka, sys; print("dilnaka", dilnaka.__version__, "on Python", sys.version.split()[0])'
fi

if [ -f packages/php/composer.json ]; then
  step "PHP"
  (cd packages/php && COMPOSER_ALLOW_SUPERUSER=1 composer dump-autoload -q --no-interaction)
  php -v | head -n 1
fi
if [ -f packages/dev-server/package.json ]; then
  step "dev-server: reference Python client (dilnaka 0.0.8 from PyPI, apart from .venv)"
  ref=packages/dev-server/.cache/reference-venv
  [ -x "$ref/bin/python" ] || python3 -m venv "$ref"
  "$ref/bin/python" -m pip install -q --disable-pip-version-check "dilnaka==0.0.8"
  "$ref/bin/python" -c 'import importlib.metadata as m; print("reference dilnaka", m.version("dilnaka"))'
fi
step "test tools (.cache/tools-venv): moto's S3 server, schemathesis, and the release dry run's build/twine/check-jsonschema"
tools=.cache/tools-venv
[ -x "$tools/bin/python" ] || python3 -m venv "$tools"
"$tools/bin/python" -m pip install -q --disable-pip-version-check "moto[server]==5.2.5" "schemathesis==4.32.5" \
  "build==1.6.1" "hatchling==1.33.0" "twine==7.0.0" "check-jsonschema==0.39.0"
"$tools/bin/python" -c 'import importlib.metadata as m; print("moto", m.version("moto"), "· schemathesis", m.version("schemathesis"))'
echo
echo "set-up done"
