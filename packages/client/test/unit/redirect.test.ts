// An API redirect is never followed (issue "One behaviour in three languages"): following one would
// send the Authorization header, the API key, to whatever host the Location names. Real servers on
// loopback: the API answers 302 to a second server, which must see no request at all.

import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APIError, Dilnaka as NodeDilnaka } from "../../src/index.js";
import { Dilnaka as BrowserDilnaka } from "../../src/browser.js";

const KEY = "dlk_dev_redirect0000111122223333";
const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

let other: Server;
let api: Server;
let otherURL: string;
let apiURL: string;
const seenByOther: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  other = createServer((req, res) => {
    seenByOther.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  otherURL = await listen(other);
  api = createServer((req, res) => res.writeHead(302, { location: `${otherURL}${req.url}` }).end());
  apiURL = await listen(api);
});
afterAll(() => {
  other.close();
  api.close();
});

describe.each([["node", NodeDilnaka], ["browser", BrowserDilnaka]] as const)("%s entry", (_entry, Dilnaka) => {
  it("a 302 from the API is an APIError naming the Location, and the other host sees nothing", async () => {
    const client = new Dilnaka({ apiKey: KEY, baseURL: apiURL, maxRetries: 0, envFile: false });
    const error = await client.getFile("f1").then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 302, code: "redirect" });
    expect((error as APIError).message).toContain(`${otherURL}/v1/files/f1`);
    expect((error as APIError).hint).toMatch(/baseURL/);
    expect(seenByOther).toEqual([]);
  });
});
