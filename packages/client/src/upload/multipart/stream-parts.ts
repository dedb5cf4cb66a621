// A one-shot stream (a Node Readable or web stream, its size known or not) cut into parts as it
// arrives, for the Node entry (browsers collect a stream into a Blob first). Memory is bounded by
// the callers: a part's buffer is filled only when a part is asked for and reused once released,
// so `concurrency` workers never hold more than `concurrency` part buffers (plus one chunk read
// ahead, to know whether a part is the last).

import { ValidationError } from "../../errors.js";
import type { ResolvedSource } from "../source.js";
import type { PartJob } from "./run-parts.js";
import type { PartSource } from "./send.js";

export interface StreamParts extends PartSource {
  /** Reads the first part. When the stream ended within it, resolves with its bytes (one PUT will do). */
  start(): Promise<ResolvedSource | undefined>;
  /** What was read and not sent, then the rest of the stream: the fallback to one PUT. */
  remainder(): AsyncIterable<Uint8Array>;
}

export function streamParts(stream: AsyncIterable<Uint8Array>, partSize: number, declaredSize: number | undefined): StreamParts {
  const chunks = stream[Symbol.asyncIterator]();
  const free: Uint8Array[] = [];
  let pending: Uint8Array | undefined; // read past the last part, not yet used
  let ended = false;
  let bytesRead = 0;
  let partNumber = 0;
  let first: PartJob | undefined;

  // One chunk ahead, so a part that ends the stream knows it is the last.
  const peek = async () => {
    while (!pending && !ended) {
      const { done, value } = await chunks.next();
      if (done) ended = true;
      else if (value.byteLength > 0) pending = value;
    }
  };

  const read = async (): Promise<PartJob | undefined> => {
    await peek();
    if (!pending) {
      if (declaredSize !== undefined && bytesRead !== declaredSize) {
        throw new ValidationError("size", `upload: size is ${declaredSize} but the stream had ${bytesRead} bytes; fix size or omit it.`);
      }
      return undefined;
    }
    if (partNumber === 10_000) {
      throw new ValidationError("partSize", `upload: the stream is longer than 10,000 parts of ${partSize} bytes; pass a larger partSize.`);
    }
    const buffer = free.pop() ?? new Uint8Array(partSize);
    let filled = 0;
    while (filled < partSize && pending) {
      const take = Math.min(pending.byteLength, partSize - filled);
      buffer.set(pending.subarray(0, take), filled);
      filled += take;
      pending = take === pending.byteLength ? undefined : pending.subarray(take);
      await peek();
    }
    bytesRead += filled;
    const source: ResolvedSource = { kind: "bytes", size: filled, bytes: buffer.subarray(0, filled), reopenable: true };
    return { partNumber: ++partNumber, source, release: () => free.push(buffer) };
  };

  return {
    order: null,
    size: () => (ended && !pending ? bytesRead : declaredSize),
    async start() {
      first = await read();
      return ended && !pending ? (first?.source ?? { kind: "bytes", size: 0, bytes: new Uint8Array(0), reopenable: true }) : undefined;
    },
    next() {
      const part = first;
      first = undefined;
      return part ?? read();
    },
    async *remainder() {
      // Buffers are not reused here: the consumer may still hold a chunk it was given.
      if (first) yield first.source.kind === "bytes" ? first.source.bytes : new Uint8Array(0);
      if (pending) yield pending;
      pending = undefined;
      for await (const chunk of { [Symbol.asyncIterator]: () => chunks }) yield chunk;
    },
  };
}
