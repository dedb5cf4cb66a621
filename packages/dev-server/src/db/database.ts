import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { migrationsDir } from "../paths.js";
import { migrate } from "./migrate.js";

/** The little SQL surface the server needs; PGlite and node-postgres both provide it. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  /** Runs `fn` in one transaction; rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
  readonly kind: "pglite" | "postgres";
}

/**
 * Opens the metadata database and brings its schema up to date: PGlite (Postgres compiled to WASM,
 * pure npm) in `<dataDir>/db`, or, when `databaseUrl` is set, a real PostgreSQL server with the
 * same SQL, so several instances can share it behind a load balancer.
 */
export async function openDatabase(opts: { dataDir: string; databaseUrl?: string }): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(join(opts.dataDir, "db"));
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

/**
 * A fresh PGlite cluster costs seconds of initdb + migrations. The first fresh start leaves a copy
 * of its cleanly closed, migrated cluster in the OS temp dir (keyed by PGlite version and the
 * migrations' content); later fresh data dirs start as a file copy of it.
 */
function templateDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  const hash = createHash("sha256");
  for (const f of readdirSync(migrationsDir).sort()) hash.update(f).update(readFileSync(join(migrationsDir, f)));
  return join(tmpdir(), `dilnaka-dev-pglite-${version}-${hash.digest("hex").slice(0, 12)}`);
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const fresh = !existsSync(join(dir, "PG_VERSION"));
  const template = templateDir();
  if (fresh && existsSync(join(template, "PG_VERSION"))) {
    mkdirSync(dirname(dir), { recursive: true });
    cpSync(template, dir, { recursive: true });
  } else if (fresh) {
    mkdirSync(dir, { recursive: true });
    const first = wrapPglite(await PGlite.create(dir));
    await migrate(first);
    await first.close();
    const partial = `${template}.${process.pid}.tmp`;
    cpSync(dir, partial, { recursive: true });
    try {
      renameSync(partial, template);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another process made it first
    }
  }
  return wrapPglite(await PGlite.create(dir));
}

function wrapPglite(db: PGlite): Database {
  return {
    kind: "pglite",
    async query<T>(sql: string, params?: unknown[]) {
      return (await db.query<T>(sql, params)).rows;
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({ query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows }),
      );
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
  // An idle connection dropped by the server is replaced on next use; do not crash the process.
  pool.on("error", () => undefined);
  const query = async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[];
  return {
    kind: "postgres",
    query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({ query: async <R>(s: string, p?: unknown[]) => (await client.query(s, p)).rows as R[] });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
  };
}
