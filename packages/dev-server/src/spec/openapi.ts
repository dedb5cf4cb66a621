import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { specPath } from "../paths.js";

/**
 * Validators derived from spec/openapi.yaml at start-up: request bodies, query parameters and
 * (for tests) response bodies are checked against the spec's own schemas, so the server cannot
 * drift from the contract. There is no second, handwritten schema.
 */
type OpenApiDoc = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    schemas: Record<string, { pattern?: string }>;
  };
};
type Operation = {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; schema: unknown } | { $ref: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
};

const SPEC_ID = "openapi.json";

export const spec = parse(readFileSync(specPath, "utf8")) as OpenApiDoc;

// OpenAPI 3.0 schemas: `nullable` is understood by Ajv; `example`/`format: int64` are annotations.
const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false });
ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
ajv.addSchema(spec as object, SPEC_ID);

const queryAjv = new Ajv({ strict: false, coerceTypes: true });
queryAjv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });

function findOperation(operationId: string): { path: string; method: string; op: Operation } {
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op === "object" && op && op.operationId === operationId) return { path, method, op };
    }
  }
  throw new Error(`operationId ${operationId} is not in the spec`);
}

function pointer(path: string, method: string, ...rest: string[]): string {
  const esc = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");
  return `${SPEC_ID}#/paths/${esc(path)}/${method}/${rest.map(esc).join("/")}`;
}

const bodyValidators = new Map<string, ValidateFunction>();

/** The validator of an operation's JSON request body, compiled from the spec. */
export function requestBodyValidator(operationId: string): ValidateFunction {
  let v = bodyValidators.get(operationId);
  if (!v) {
    const { path, method } = findOperation(operationId);
    v = ajv.getSchema(pointer(path, method, "requestBody", "content", "application/json", "schema"));
    if (!v) throw new Error(`${operationId} has no JSON request body in the spec`);
    bodyValidators.set(operationId, v);
  }
  return v;
}

/**
 * Validates and coerces query parameters (strings on the wire) against the spec's parameter
 * schemas. Returns the coerced values, or the name of the first invalid parameter.
 */
export function parseQuery(
  operationId: string,
  query: URLSearchParams,
): { ok: true; values: Record<string, unknown> } | { ok: false; name: string } {
  const { op } = findOperation(operationId);
  const values: Record<string, unknown> = {};
  for (const p of op.parameters ?? []) {
    if ("$ref" in p || p.in !== "query") continue;
    const raw = query.get(p.name);
    if (raw === null) continue;
    const holder = { v: raw as unknown };
    const validate = queryAjv.compile({ type: "object", properties: { v: p.schema } });
    if (raw === "" || !validate(holder)) return { ok: false, name: p.name };
    values[p.name] = holder.v;
  }
  return { ok: true, values };
}

/** Describes the first Ajv error as `field: problem`, the way the spec's 422 example does. */
export function describeError(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return "the body does not match the schema.";
  if (e.keyword === "required") return `${String(e.params.missingProperty)}: is required.`;
  if (e.keyword === "additionalProperties") return `${String(e.params.additionalProperty)}: is not allowed.`;
  const field = e.instancePath.replace(/^\//, "").replace(/\//g, ".") || "body";
  return `${field}: ${e.message ?? "is invalid"}.`;
}

/**
 * Checks a response body against the schema the spec declares for `operationId` and `status`
 * (following `$ref`s to shared responses). Used by the test suite on every response it reads.
 */
export function validateResponse(operationId: string, status: number, body: unknown): string | null {
  const { path, method, op } = findOperation(operationId);
  const response = op.responses?.[String(status)];
  if (!response) return `status ${status} is not declared for ${operationId}`;
  let schemaRef: string;
  if (response.$ref) {
    const name = response.$ref.split("/").pop() as string;
    schemaRef = `${SPEC_ID}#/components/responses/${name}/content/application~1json/schema`;
  } else {
    schemaRef = pointer(path, method, "responses", String(status), "content", "application/json", "schema");
  }
  const v = ajv.getSchema(schemaRef);
  if (!v) return `no schema for ${operationId} ${status}`;
  return v(body) ? null : `${operationId} ${status}: ${ajv.errorsText(v.errors)}`;
}
