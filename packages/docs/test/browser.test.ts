// Opens the built site (dist/) from a loopback server in headless Chromium and checks what a reader
// sees: every operation, the guides and the links between them, the TypeScript/Python/PHP samples,
// and that the page needs nothing from the internet and logs no errors.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer } from "../scripts/static-server.mjs";
import { LANGUAGES } from "../scripts/code-samples.mjs";
import { openBrowser, type Browser } from "./browser.js";
import { bundledSpec, dist, docsSpec, operationsOf, pkg, testOutput } from "./paths.js";

const operations = operationsOf(bundledSpec());
const guides = (docsSpec().tags as any[]).filter((tag) => tag["x-traitTag"]);
const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
// Redoc routes: #/<guide or tag>, #/<tag>/<operationid>.
const routeOf = (op: { tag: string; operationId: string }) => `#/${slug(op.tag)}/${op.operationId.toLowerCase()}`;

let server: { url: string; close(): Promise<void> };
let browser: Browser;

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/** Goes to a route and waits for its title. (Redoc's headings carry a "link to …" anchor, so their
 * accessible name is not the title: match the heading's text instead.) */
async function open(route: string, title: string) {
  await browser.page.goto(server.url + route);
  await browser.page.locator("h1, h2").filter({ hasText: exactly(title) }).first().waitFor({ state: "visible", timeout: 15_000 });
}

beforeAll(async () => {
  server = await startStaticServer(dist);
  browser = await openBrowser();
  mkdirSync(testOutput, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the docs site in Chromium", () => {
  it("renders the overview and every guide in the sidebar", async () => {
    await open("", "Dilnaka Storage API (1.0.0)");
    const sidebar = browser.page.locator('[data-component-name="Menu/MenuItem"]');
    for (const guide of guides) await sidebar.getByText(guide.name, { exact: true }).first().waitFor();
    await browser.page.screenshot({ path: join(testOutput, "overview.png") });
  });

  it.each(operations)("renders the operation $operationId with its title", async (op) => {
    await open(routeOf(op), op.summary);
  });

  it.each(guides.map((g) => [g.name]))("renders the guide %s", async (name) => {
    await open(`#/${slug(name)}`, name);
  });

  it("every link between pages leads to a page", async () => {
    const titles = new Map<string, string>();
    for (const guide of guides) titles.set(`#/${slug(guide.name)}`, guide.name);
    for (const tag of bundledSpec().tags) titles.set(`#/${slug(tag.name)}`, tag.name);
    for (const op of operations) titles.set(routeOf(op), op.summary);
    const links = new Set(guides.flatMap((g) => [...g.description.matchAll(/\]\((#\/[^)]+)\)/g)].map((m) => m[1])));
    expect(links.size).toBeGreaterThan(5);
    for (const link of links) {
      expect(titles.has(link), `guides link to ${link}, which is no page`).toBe(true);
      await open(link, titles.get(link)!);
    }
  });

  it.each(["createPresignedUpload", "getFileAccessUrl"])("shows TypeScript, Python and PHP samples for %s", async (operationId) => {
    const op = operations.find((o) => o.operationId === operationId)!;
    await open(routeOf(op), op.summary);
    const page = browser.page;
    // Redoc renders neighbouring operations too: use the language picker of this operation's panel.
    const pickers = 'button[aria-haspopup="menu"]';
    const panel = page
      .locator("div")
      .filter({ has: page.getByText(op.path, { exact: true }) })
      .filter({ has: page.locator(pickers, { hasText: /^(TypeScript|Python|PHP)$/ }) })
      .last();
    const picker = panel.locator(pickers, { hasText: /^(TypeScript|Python|PHP)$/ });
    expect(await picker.innerText()).toBe("TypeScript"); // the first tab is TypeScript
    for (const language of LANGUAGES) {
      await picker.click();
      const items = await page.getByRole("menuitem").allInnerTexts();
      expect(items).toEqual(expect.arrayContaining(["TypeScript", "Python", "PHP"]));
      await page.getByRole("menuitem", { name: language.label, exact: true }).click();
      // The sample shown is the example file: find its call of this operation on the page.
      const source = readFileSync(join(pkg, "examples", language.dir, `${operationId}.${language.ext}`), "utf8");
      const call = source
        .split("\n")
        .map((line) => line.trim())
        .find((line) => line.replace(/_/g, "").toLowerCase().includes(`${operationId.toLowerCase()}(`));
      expect(call, `examples/${language.dir}/${operationId}.${language.ext} calls ${operationId}`).toBeTruthy();
      await page.getByText(call!).filter({ visible: true }).first().waitFor();
    }
    await picker.click();
    await page.getByRole("menuitem", { name: "TypeScript", exact: true }).click();
    await page.screenshot({ path: join(testOutput, `reference-${operationId}.png`) });
  });

  it("loaded nothing from outside loopback and logged no errors", () => {
    expect(browser.external).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
