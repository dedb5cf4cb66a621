// The PHP artefact: the zip Packagist would serve (`composer archive`, which honours the package's
// .gitattributes export-ignore rules, as GitHub's tag archives do) → `composer validate --strict` →
// unpacked into a fresh folder with its own autoloader (Guzzle from Debian, as the tests use:
// Packagist is out of reach here) → an upload, an access URL and a delete through it.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { check, freshDir, kB, root, run } from "./lib.mjs";

const pkg = join(root, "packages/php");
const composerEnv = { ...process.env, COMPOSER_ALLOW_SUPERUSER: "1", COMPOSER_NO_INTERACTION: "1" };
const shipped = ["CHANGELOG.md", "LICENSE", "README.md", "composer.json", "generated", "src"];

export async function archive(outDir, version) {
  const name = `dilnaka-dilnaka-${version}`;
  await run("composer", ["archive", "--format=zip", `--dir=${outDir}`, `--file=${name}`, "--quiet"], { cwd: pkg, env: composerEnv });
  return join(outDir, `${name}.zip`);
}

export async function unpackAndValidate(zip, version, license) {
  const entries = (await run("unzip", ["-Z1", zip])).trim().split("\n");
  const top = [...new Set(entries.map((e) => e.split("/")[0]))].sort();
  check(JSON.stringify(top) === JSON.stringify(shipped), `the archive holds ${top.join(", ")}; expected ${shipped.join(", ")}`);
  const dir = join(freshDir("php"), "dilnaka");
  await run("unzip", ["-q", zip, "-d", dir]);
  await run("composer", ["validate", "--strict"], { cwd: dir, env: composerEnv });
  check(readFileSync(join(dir, "LICENSE"), "utf8") === license, "the archive's LICENSE differs from the repository's");
  const composer = JSON.parse(readFileSync(join(dir, "composer.json"), "utf8"));
  check(composer.version === undefined, "composer.json must not carry a version: Packagist takes it from the tag");
  check(composer.license === "MIT" && composer.require?.php, "composer.json lacks license or require.php");
  // The package's own classes, as Composer would autoload them from vendor/dilnaka/dilnaka.
  await run("composer", ["dump-autoload", "--no-dev", "--quiet"], { cwd: dir, env: composerEnv });
  const said = await run("php", ["-r", `require ${JSON.stringify(join(dir, "vendor/autoload.php"))}; echo Dilnaka\\Dilnaka::VERSION;`]);
  check(said === version, `Dilnaka::VERSION in the archive is ${said}, package.json says ${version}`);
  return { dir, detail: `${kB(statSync(zip).size)} zip, ${entries.length} entries, composer validate --strict, VERSION ${said}` };
}

const app = (pkgDir) => `<?php
declare(strict_types=1);
// Guzzle and PSR-7 from Debian's php-guzzlehttp-guzzle (a user gets them from Packagist).
foreach (['GuzzleHttp/autoload.php', 'GuzzleHttp/Psr7/autoload.php', 'GuzzleHttp/Promise/autoload.php'] as $f) {
    require_once $f;
}
require ${JSON.stringify(join(pkgDir, "vendor/autoload.php"))};

use Dilnaka\\Dilnaka;

$client = new Dilnaka(apiKey: getenv('DILNAKA_API_KEY'), baseUrl: getenv('DILNAKA_BASE_URL'));
$body = str_repeat("uploaded through the Packagist archive\\n", 500);
file_put_contents(__DIR__ . '/php-upload.txt', $body);
$file = $client->upload(__DIR__ . '/php-upload.txt', folder: 'release-dry-run');
$access = $client->getFileAccessUrl($file->id, expiresIn: 60);
$served = file_get_contents($access->url);
$client->deleteFile($file->id);
if ($file->status !== 'uploaded' || $served !== $body) {
    fwrite(STDERR, "round trip failed\\n");
    exit(1);
}
echo $file->size;
`;

export async function upload(pkgDir, server) {
  const appDir = freshDir("php-app");
  writeFileSync(join(appDir, "app.php"), app(pkgDir));
  const env = { PATH: process.env.PATH, HOME: appDir, DILNAKA_API_KEY: server.apiKey, DILNAKA_BASE_URL: server.baseUrl };
  const size = await run("php", ["app.php"], { cwd: appDir, env });
  return `upload ${size} B, access URL serves the bytes, delete`;
}
