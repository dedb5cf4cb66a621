import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { migrationsDir } from "../paths.js";
import type { Database } from "./database.js";

/**
 * Applies `migrations/NNN_*.sql` in order, each once, recorded in `schema_migrations`. An advisory
 * lock keeps two instances starting against the same PostgreSQL from migrating at the same time.
 */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const files = readdirSync(migrationsDir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    const done = await db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(4100)");
      const rows = await tx.query("SELECT 1 FROM schema_migrations WHERE id = $1", [file]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(readFileSync(join(migrationsDir, file), "utf8"))) {
        await tx.query(statement);
      }
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [file]);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
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
