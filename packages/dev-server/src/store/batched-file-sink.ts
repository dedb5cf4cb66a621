import { open, type FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";

/**
 * A file sink that writes in batches of about `BATCH` bytes. A request body arrives in 64 KiB
 * chunks, and fs.createWriteStream writes each one on its own as soon as the previous write is
 * done (page-cache writes are quick), so a 1 GiB part cost 16,384 writes, each a trip through
 * libuv's thread pool paid on the store's one JS thread. Gathering 1 MiB first makes that 1,024
 * writev calls. At most one batch is held while another is written: memory stays at 2 × BATCH.
 */
const BATCH = 1024 * 1024;

export class BatchedFileSink extends Writable {
  /** Bytes handed to the file so far (all of them once the stream has finished). */
  bytesWritten = 0;
  private handle: FileHandle | undefined;
  private batch: Buffer[] = [];
  private batched = 0;
  private position: number;

  constructor(private readonly path: string, private readonly options: { flags: "w" | "r+"; start?: number }) {
    super({ highWaterMark: BATCH });
    this.position = options.start ?? 0;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, this.options.flags).then(
      (handle) => {
        this.handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.batch.push(chunk);
    this.batched += chunk.length;
    if (this.batched < BATCH) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flush().then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    handle.close().then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }

  private async flush(): Promise<void> {
    if (this.batched === 0) return;
    const [buffers, size] = [this.batch, this.batched];
    this.batch = [];
    this.batched = 0;
    let { bytesWritten } = await this.handle!.writev(buffers, this.position);
    // A short write (rare on a regular file) goes on with the rest.
    while (bytesWritten < size) {
      const rest = Buffer.concat(buffers).subarray(bytesWritten);
      const more = await this.handle!.write(rest, 0, rest.length, this.position + bytesWritten);
      if (more.bytesWritten === 0) throw new Error(`wrote ${bytesWritten} of ${size} bytes to ${this.path}`);
      bytesWritten += more.bytesWritten;
    }
    this.position += size;
    this.bytesWritten += size;
  }
}
