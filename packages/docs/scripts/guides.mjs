// Adds the guides (guides/*.md) to the bundled spec as Redocly "trait tags": tags with a markdown
// description and no operations, which Redocly renders as pages in the sidebar. `x-tagGroups` puts
// them before the reference. A guide's `# Title` line is its name in the sidebar.
//
// A guide pulls in runnable examples with `<!-- example <language>/<name> -->`, so the code on the
// page is the code the examples test runs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES, readExample } from "./code-samples.mjs";

export const GUIDE_GROUPS = [
  { name: "Getting started", guides: ["typescript", "python", "php"] },
  { name: "Guides", guides: ["upload-lifecycle", "browser-uploads", "errors", "quotas-and-plans", "dev-server", "cli"] },
];

const EXAMPLE = /<!-- example (\w+)\/(\w+) -->/g;

function fillExamples(markdown, examplesDir, guideFile) {
  return markdown.replace(EXAMPLE, (_, dir, name) => {
    const language = LANGUAGES.find((l) => l.dir === dir);
    if (!language) throw new Error(`${guideFile}: unknown example language "${dir}"`);
    const { file, source } = readExample(examplesDir, language, name);
    if (source === null) throw new Error(`${guideFile}: the example ${file} does not exist`);
    return "```" + language.dir + "\n" + source + "```";
  });
}

export function readGuide(guidesDir, examplesDir, slug) {
  const file = join(guidesDir, `${slug}.md`);
  const text = readFileSync(file, "utf8");
  const title = /^# (.+)\n/.exec(text);
  if (!title) throw new Error(`${file} must start with a "# Title" line`);
  return { slug, title: title[1].trim(), markdown: fillExamples(text.slice(title[0].length).trim() + "\n", examplesDir, file) };
}

// The errors guide must explain every code the spec's Error schema lists ("… code: `a`, `b`, …").
export function errorCodesOf(spec) {
  const list = (spec.components.schemas.Error.description ?? "").split(/code:/)[1] ?? "";
  return [...list.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
}

function checkErrorCodes(spec, errorsGuide) {
  const codes = errorCodesOf(spec);
  if (codes.length === 0) throw new Error("the spec's Error description lists no error codes");
  const missing = codes.filter((code) => !errorsGuide.markdown.includes(`\`${code}\``));
  if (missing.length) throw new Error(`guides/errors.md does not explain: ${missing.join(", ")}`);
}

export function injectGuides(spec, guidesDir, examplesDir) {
  const apiTags = (spec.tags ?? []).map((tag) => tag.name);
  const guideTags = [];
  const groups = GUIDE_GROUPS.map((group) => ({
    name: group.name,
    tags: group.guides.map((slug) => {
      const guide = readGuide(guidesDir, examplesDir, slug);
      if (slug === "errors") checkErrorCodes(spec, guide);
      guideTags.push({ name: guide.title, description: guide.markdown, "x-traitTag": true });
      return guide.title;
    }),
  }));
  spec.tags = [...guideTags, ...(spec.tags ?? [])];
  spec["x-tagGroups"] = [...groups, { name: "API reference", tags: apiTags }];
  return spec;
}
