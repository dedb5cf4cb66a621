// The Python artefacts: `python -m build` (wheel + sdist) → `twine check --strict` → the wheel in a
// fresh venv outside the monorepo → the seed README's examples (../shared/seeds/000_*, copied verbatim
// into tests/e2e/seed_examples) against the dev server → `mypy --strict` of a user file.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, check, freshDir, kB, root, run } from "./lib.mjs";

const pkg = join(root, "packages/python");
// A 1x1 PNG, so the explicit-configuration example uploads a real image.
const PNG = "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0c8d40000000049454e44ae426082";
const seeds = join(pkg, "tests/e2e/seed_examples");

export async function build(outDir) {
  await run(bin.toolsPython, ["-m", "build", "--no-isolation", "--outdir", outDir, pkg]);
  const files = readdirSync(outDir);
  const wheel = files.find((f) => f.endsWith(".whl"));
  const sdist = files.find((f) => f.endsWith(".tar.gz"));
  check(wheel && sdist, `python -m build made ${files.join(", ")}`);
  return { wheel: join(outDir, wheel), sdist: join(outDir, sdist), detail: `${wheel}, ${sdist}` };
}

const zipList = (file) => run(bin.toolsPython, ["-m", "zipfile", "-l", file]);

export async function inspect({ wheel, sdist }, version, license) {
  await run(bin.toolsPython, ["-m", "twine", "check", "--strict", wheel, sdist]);
  check(wheel.endsWith(`dilnaka-${version}-py3-none-any.whl`), `wheel ${wheel} is not version ${version}`);
  check(sdist.endsWith(`dilnaka-${version}.tar.gz`), `sdist ${sdist} is not version ${version}`);
  const names = await zipList(wheel);
  for (const want of ["dilnaka/py.typed", `dilnaka-${version}.dist-info/licenses/LICENSE`]) check(names.includes(want), `the wheel lacks ${want}`);
  check(!/^\s*(tests|bench)\//m.test(names), "the wheel ships tests or benchmarks");
  const unpacked = freshDir("sdist");
  await run("tar", ["-xzf", sdist, "-C", unpacked]);
  const top = join(unpacked, `dilnaka-${version}`);
  check(readFileSync(join(top, "LICENSE"), "utf8") === license, "the sdist's LICENSE differs from the repository's");
  // The sdist alone must rebuild the same wheel (its version source, package.json, travels with it).
  const rebuilt = freshDir("sdist-wheel");
  await run(bin.toolsPython, ["-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--disable-pip-version-check", "-w", rebuilt, top]);
  const again = await zipList(join(rebuilt, readdirSync(rebuilt)[0]));
  const entries = (list) => list.split("\n").map((l) => l.trim().split(/\s+/)[0]).sort().join("\n");
  check(entries(again) === entries(names), "the wheel built from the sdist has other files than the wheel");
  return `wheel ${kB(statSync(wheel).size)}, sdist ${kB(statSync(sdist).size)}, twine check --strict, sdist rebuilds the wheel`;
}

/** A fresh venv with only the wheel (and its dependencies from PyPI); nothing of the source tree. */
export async function install(wheel, version) {
  const dir = freshDir("python");
  const venv = join(dir, "venv");
  // No pip inside (ensurepip is the slow part): the tools venv's pip installs into it (--python).
  await run("python3", ["-m", "venv", "--without-pip", venv]);
  const python = join(venv, "bin/python");
  const { PYTHONPATH: _ignored, ...pipEnv } = process.env; // the user's pip cache, not our paths
  await run(bin.toolsPython, ["-m", "pip", "--python", python, "install", "-q", "--disable-pip-version-check", wheel], { cwd: dir, env: pipEnv, timeoutMs: 240_000 });
  const env = cleanEnv(dir);
  const [file, installed] = (await run(python, ["-c", "import dilnaka; print(dilnaka.__file__); print(dilnaka.__version__)"], { cwd: dir, env })).trim().split("\n");
  check(file.startsWith(venv) && !file.startsWith(root), `dilnaka imported from ${file}`);
  check(installed === version, `the installed dilnaka says ${installed}, expected ${version}`);
  const size = (await run("du", ["-sk", join(file, "..")])).split("\t")[0];
  return { dir, python, detail: `dilnaka ${installed} imported from the venv, ${size} kB installed` };
}

function cleanEnv(home, extra = {}) {
  return { PATH: "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", ...extra };
}

/** The four examples of the PyPI page, unchanged but for the placeholder key and file id. */
export async function seedFlow({ dir, python }, server) {
  const env = cleanEnv(dir, { DILNAKA_API_KEY: server.apiKey, DILNAKA_BASE_URL: server.baseUrl });
  const body = "Hello from the release dry run: the wheel, installed outside the monorepo.\n";
  writeFileSync(join(dir, "test-upload.txt"), body);
  writeFileSync(join(dir, "avatar.png"), Buffer.from(PNG, "hex"));
  const example = async (name, replace = {}) => {
    let source = readFileSync(join(seeds, name), "utf8");
    for (const [from, to] of Object.entries(replace)) source = source.replaceAll(from, to);
    writeFileSync(join(dir, name), source);
    return (await run(python, [name], { cwd: dir, env })).trim().split("\n");
  };
  const [id, key, status] = await example("000_basic_upload.py");
  check(status === "uploaded" && key.endsWith(`${id}-test-upload.txt`), `basic upload printed ${id} ${key} ${status}`);
  const [explicit] = await example("000_explicit_configuration.py", { dlk_dev_your_api_key_here: server.apiKey });
  check(explicit.startsWith("UploadedFile(id='") && explicit.includes("key='avatars/"), `explicit configuration printed ${explicit}`);
  const [fileId, url] = await example("000_file_access_url.py", { file_123: id });
  check(fileId === id, `access URL of ${fileId}, expected ${id}`);
  const served = await (await fetch(url)).text();
  check(served === body, "the access URL does not serve the uploaded bytes");
  const [, expiresIn, temporary] = await example("000_temporary_access_url.py", { file_123: id });
  check(expiresIn === "600" && temporary === "True", `temporary access URL printed ${expiresIn} ${temporary}`);
  return `basic upload, explicit configuration, access URL (bytes match), temporary access URL`;
}

const userPy = `from dilnaka import Dilnaka, DilnakaAPIError, FileAccessUrl, UploadedFile


def share(path: str) -> str:
    with Dilnaka() as client:
        try:
            uploaded: UploadedFile = client.upload(path, folder="docs")
        except DilnakaAPIError as error:
            return error.hint or str(error)
        access: FileAccessUrl = client.get_file_access_url(uploaded.id, expires_in=60)
        return access.url
`;
// The same file with one wrong type: mypy must refuse it, so the types are real, not Any.
const wrongPy = `${userPy}

def size(path: str) -> str:
    return Dilnaka().upload(path).size
`;

export async function typecheck({ dir, python }) {
  writeFileSync(join(dir, "user_app.py"), userPy);
  writeFileSync(join(dir, "wrong_app.py"), wrongPy);
  // One run over both files: the right one must be clean, the wrong one refused on its one line.
  const args = ["--strict", "--no-incremental", "--python-executable", python, "user_app.py", "wrong_app.py"];
  const output = await run(bin.mypy, args, { cwd: dir, env: cleanEnv(dir) }).then((out) => out, (e) => String(e.message));
  const errors = output.split("\n").filter((l) => l.includes(": error:"));
  const refused = 'error: Incompatible return value type (got "int", expected "str")';
  check(errors.length === 1 && errors[0].startsWith("wrong_app.py:") && errors[0].includes(refused), `mypy --strict, expected only «wrong_app.py: ${refused}»:\n${output}`);
  return "user file clean, a wrong type refused (py.typed honoured)";
}
