import { build } from "/work/main/node_modules/.pnpm/bundle-require@5.1.0_esbuild@0.27.7/node_modules/esbuild/lib/main.js";
import ts from "typescript";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
const f = Number(process.argv[2] ?? 1);
const cut = (s) => s.includes(" ") ? s.slice(0, Math.round(s.length * f)) : s;
const plugin = { name: "prose", setup(b) { b.onLoad({ filter: /src\/.*\.ts$/ }, (a) => {
  const src = readFileSync(a.path, "utf8");
  const tr = (ctx) => (root) => { const v = (n) => {
      if (ts.isStringLiteral(n)) return ts.factory.createStringLiteral(cut(n.text));
      if (ts.isNoSubstitutionTemplateLiteral(n)) return ts.factory.createNoSubstitutionTemplateLiteral(cut(n.text));
      if (ts.isTemplateExpression(n)) return ts.factory.createTemplateExpression(ts.factory.createTemplateHead(cut(n.head.text)), n.templateSpans.map(sp => ts.factory.createTemplateSpan(ts.visitNode(sp.expression, v), ts.isTemplateTail(sp.literal) ? ts.factory.createTemplateTail(cut(sp.literal.text)) : ts.factory.createTemplateMiddle(cut(sp.literal.text)))));
      return ts.visitEachChild(n, v, ctx); }; return ts.visitNode(root, v); };
  const sf = ts.createSourceFile(a.path, src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out = ts.transform(sf, [tr]).transformed[0];
  return { contents: ts.createPrinter().printFile(out), loader: "ts" };
}); } };
for (const ext of [[], ["openapi-fetch"]]) {
const r = await build({ entryPoints: ["src/browser.ts"], bundle: true, minify: true, format: "esm", write: false, external: ext, platform: "browser", define: { __SDK_VERSION__: '"0.0.0"' }, plugins: [plugin] });
const code = r.outputFiles[0].text; console.log(ext.length ? "own" : "total", code.length, gzipSync(code, { level: 9 }).length);
}
