import type { IncomingMessage, ServerResponse } from "node:http";

/** A copy of `chunk` with the byte at `offset` (counted from the chunk's first byte) inverted. */
function flipped(chunk: Buffer, offset: number): Buffer {
  const copy = Buffer.from(chunk); // never write into a buffer the parser or a file stream owns
  copy[offset]! ^= 0xff;
  return copy;
}

/**
 * Inverts the request body's byte at `offset` as it arrives, before s3rver (and the checksum check)
 * reads it: bytes corrupted in transit. Every body chunk the HTTP parser reads goes through push().
 */
export function corruptRequestBody(req: IncomingMessage, offset: number): void {
  let seen = 0;
  const push = req.push.bind(req);
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk) {
      let buf = chunk as Buffer;
      if (offset >= seen && offset < seen + buf.length) buf = flipped(buf, offset - seen);
      seen += buf.length;
      return push(buf, encoding);
    }
    return push(chunk, encoding);
  };
}

type WriteArgs = [chunk: unknown, encodingOrCallback?: unknown, callback?: unknown];

const toBuffer = (chunk: unknown, encoding: unknown): Buffer =>
  Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");

/**
 * Response-body faults of a store GET: `corruptByte` inverts the body byte at that offset (counted
 * from the first byte sent, so for a 206 from the range's start); `resetAfterBytes` sends the
 * status line, the headers and that many body bytes (all of them if the body is shorter), then
 * drops the connection, so the client sees a body shorter than its Content-Length. The socket is
 * closed only once those bytes have been handed to the kernel, so exactly they arrive.
 */
export function tamperResponseBody(res: ServerResponse, fault: { corruptByte?: number; resetAfterBytes?: number }): void {
  const write = res.write.bind(res) as (chunk: Buffer, cb?: (err?: Error | null) => void) => boolean;
  const end = res.end.bind(res) as (cb?: () => void) => ServerResponse;
  const limit = fault.resetAfterBytes;
  let sent = 0;
  let dropped = false;
  const drop = () => {
    dropped = true;
    res.flushHeaders();
    const socket = res.socket;
    socket?.write(Buffer.alloc(0), () => socket.destroy());
  };
  res.write = ((...[chunk, encodingOrCallback, callback]: WriteArgs) => {
    if (dropped) return false;
    const cb = (typeof encodingOrCallback === "function" ? encodingOrCallback : callback) as (() => void) | undefined;
    let buf = toBuffer(chunk, encodingOrCallback);
    const at = fault.corruptByte;
    if (at !== undefined && at >= sent && at < sent + buf.length) buf = flipped(buf, at - sent);
    if (limit !== undefined && sent + buf.length >= limit) {
      const keep = buf.subarray(0, limit - sent);
      sent += keep.length;
      if (keep.length > 0) write(keep);
      drop();
      return false;
    }
    sent += buf.length;
    return write(buf, cb);
  }) as ServerResponse["write"];
  res.end = ((...[chunk, encodingOrCallback, callback]: WriteArgs) => {
    const cb = [chunk, encodingOrCallback, callback].find((a) => typeof a === "function") as (() => void) | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== "function") res.write(chunk as Buffer, encodingOrCallback as BufferEncoding);
    if (dropped) return res;
    if (limit !== undefined) {
      drop(); // the whole body was shorter than the limit: it is out, the connection still drops
      return res;
    }
    return end(cb);
  }) as ServerResponse["end"];
}
