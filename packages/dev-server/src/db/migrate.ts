import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { migrationsDir } from "../paths.js";
import type { Database } from "./database.js";

/**
 * Applies `migrations/NNN_*.sql` in order, each once, recorded in `schema_migrations`, all in one
 * transaction under an advisory lock: instances starting together against one PostgreSQL take
 * turns (even `CREATE TABLE IF NOT EXISTS` races without it), and a failed migration leaves nothing.
 */
export async function migrate(db: Database): Promise<string[]> {
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(4100)");
    await tx.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set((await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f))) {
      for (const statement of splitStatements(readFileSync(join(migrationsDir, file), "utf8"))) {
        await tx.query(statement);
      }
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [file]);
      applied.push(file);
    }
    return applied;
  });
}

/** Our migrations hold plain DDL: split on `;` at line ends, dropping `--` comments. */
function splitStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
