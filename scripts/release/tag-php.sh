#!/usr/bin/env bash
# Tags a PHP release (.github/workflows/release.yml): `dilnaka-php@<version>` in the monorepo
# (changesets' tag format) and `v<version>` on the split mirror Packagist reads, whose root is
# packages/php (`git subtree split`). Packagist's zip of that tag honours packages/php/.gitattributes
# export-ignore exactly as `composer archive` does in the release dry run. A tagged version is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(node -p "require('./packages/php/package.json').version")
tag="dilnaka-php@$version"
if git ls-remote --exit-code --tags origin "refs/tags/$tag" >/dev/null 2>&1; then
  echo "$tag exists: skipped"
  exit 0
fi
split=$(git subtree split --prefix packages/php)
key=$(mktemp)
trap 'rm -f "$key"' EXIT
printf '%s\n' "$PHP_MIRROR_DEPLOY_KEY" >"$key"
chmod 600 "$key"
GIT_SSH_COMMAND="ssh -i $key -o IdentitiesOnly=yes -o StrictHostKeyChecking=accept-new" \
  git push "$PHP_MIRROR" "$split:refs/heads/main" "$split:refs/tags/v$version"
git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
  tag -a "$tag" -m "dilnaka/dilnaka $version"
git push origin "refs/tags/$tag"
echo "tagged $tag and v$version on the mirror"
