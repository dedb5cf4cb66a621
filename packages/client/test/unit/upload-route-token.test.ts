// The completion token of spec/upload-route.yaml: what the route signs it verifies, and every
// change (payload, signature, prefix, secret, expiry, file) is refused with the spec's code.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, hmacKey, signToken, verifyToken, type TokenPayload } from "../../src/upload-route/token.js";

const SECRET = "s".repeat(32);
const NOW = 1_796_300_000;
const payload: TokenPayload = { fid: "clx_file_1", size: 50_331_648, mp: false, exp: NOW + 300 };
const b64url = (text: string) => Buffer.from(text).toString("base64url");

describe("completion token", () => {
  it("is v1.<base64url JSON>.<base64url HMAC-SHA256 of v1.<payload>>, as the spec defines (checked with node:crypto)", async () => {
    const token = await signToken(await hmacKey(SECRET), payload);
    const [prefix, body, sig] = token.split(".");
    expect(prefix).toBe("v1");
    expect(JSON.parse(Buffer.from(body!, "base64url").toString())).toEqual(payload);
    expect(sig).toBe(createHmac("sha256", SECRET).update(`v1.${body}`).digest("base64url"));
    expect(token).not.toMatch(/[=+/]/);
  });

  it("verifies what it signed, and a token another implementation signed the spec's way", async () => {
    const key = await hmacKey(SECRET);
    expect(await verifyToken(key, await signToken(key, payload), "clx_file_1", NOW)).toEqual({ ok: true, payload });
    const body = b64url(JSON.stringify({ fid: "f2", size: null, mp: true, exp: NOW + 1 }));
    const foreign = `v1.${body}.${createHmac("sha256", SECRET).update(`v1.${body}`).digest("base64url")}`;
    expect(await verifyToken(key, foreign, "f2", NOW)).toEqual({ ok: true, payload: { fid: "f2", size: null, mp: true, exp: NOW + 1 } });
  });

  it("a secret given as bytes signs like the same string", async () => {
    const token = await signToken(await hmacKey(new TextEncoder().encode(SECRET)), payload);
    expect((await verifyToken(await hmacKey(SECRET), token, "clx_file_1", NOW)).ok).toBe(true);
  });

  it("refuses a changed payload, a changed signature, another prefix, junk and another secret: token_invalid", async () => {
    const key = await hmacKey(SECRET);
    const token = await signToken(key, payload);
    const [, body, sig] = token.split(".");
    const bigger = b64url(JSON.stringify({ ...payload, size: 1 }));
    const flipped = sig!.slice(0, -2) + (sig!.at(-2) === "A" ? "B" : "A") + sig!.at(-1);
    const tampered = [
      `v1.${bigger}.${sig}`,
      `v1.${body}.${flipped}`,
      `v2.${body}.${sig}`,
      `v1.${body}`,
      `v1.${body}.${sig}.x`,
      `v1.${body}.${sig}=`,
      "",
      "v1..",
      42,
      null,
      await signToken(await hmacKey("t".repeat(32)), payload),
    ];
    for (const t of tampered) {
      expect(await verifyToken(key, t, "clx_file_1", NOW), String(t)).toMatchObject({ ok: false, error: "token_invalid" });
    }
  });

  it("refuses a signed payload that is not the token's shape: token_invalid", async () => {
    const key = await hmacKey(SECRET);
    const sign = (json: string) => {
      const body = b64url(json);
      return `v1.${body}.${createHmac("sha256", SECRET).update(`v1.${body}`).digest("base64url")}`;
    };
    for (const json of ["[]", "{}", '{"fid":"clx_file_1","size":1,"mp":false}', '{"fid":"clx_file_1","size":"1","mp":false,"exp":9999999999}', "not json"]) {
      expect(await verifyToken(key, sign(json), "clx_file_1", NOW), json).toMatchObject({ ok: false, error: "token_invalid" });
    }
  });

  it("refuses at and after exp: token_expired; a signed token for another file: token_mismatch", async () => {
    const key = await hmacKey(SECRET);
    const token = await signToken(key, payload);
    expect((await verifyToken(key, token, "clx_file_1", payload.exp - 1)).ok).toBe(true);
    expect(await verifyToken(key, token, "clx_file_1", payload.exp)).toMatchObject({ ok: false, error: "token_expired" });
    expect(await verifyToken(key, token, "clx_file_1", payload.exp + 3600)).toMatchObject({ ok: false, error: "token_expired" });
    expect(await verifyToken(key, token, "clx_file_2", NOW)).toMatchObject({ ok: false, error: "token_mismatch", message: expect.stringMatching(/another file/) });
  });

  it("base64url round-trips any bytes and refuses non-base64url text", () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    expect(Buffer.from(fromBase64url(base64url(bytes))!).equals(Buffer.from(bytes))).toBe(true);
    expect(base64url(bytes)).toBe(Buffer.from(bytes).toString("base64url"));
    expect(fromBase64url("ab+c")).toBeUndefined();
    expect(fromBase64url("abcde")).toBeUndefined();
  });
});
