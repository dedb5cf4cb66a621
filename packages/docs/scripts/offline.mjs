// `--inlineBundle` embeds Redoc's scripts, but Redoc 3 still loads its "API docs by Redocly" logo from
// cdn.redoc.ly. Swap that for an inline SVG (keeping the attribution) and refuse to publish a page
// that still names a CDN: docs must render with the network off.
const LOGO = encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='56' height='16'>" +
    "<text x='0' y='12' font-family='sans-serif' font-size='12' fill='%23888'>Redoc</text></svg>",
).replace(/%2523/g, "%23");
const LOGO_URL = `data:image/svg+xml,${LOGO}`;
const CDN_LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
// Redoc's bundle also holds icon-set base URLs on cdn.redocly.com, fetched only for markdown icons,
// which our pages don't use; the browser test fails on any request that leaves loopback.
const FORBIDDEN = /https?:\/\/(cdn\.redoc\.ly|fonts\.googleapis\.com|fonts\.gstatic\.com|unpkg\.com)\//;

export function makeSelfContained(html) {
  const page = html.replace(CDN_LOGOS, LOGO_URL);
  const left = FORBIDDEN.exec(page);
  if (left) throw new Error(`the page still loads ${left[0]}… from the internet; it must work offline`);
  return page;
}
