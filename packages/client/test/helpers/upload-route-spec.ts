// spec/upload-route.yaml as a checker: every request body the uploader sends and every answer the
// route gives must match the spec's schemas (steps by `type`, refusals as RouteError).
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../../../../spec/upload-route.yaml", import.meta.url), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
for (const [name, schema] of Object.entries(spec.components.schemas)) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
const schema = (name: string): ValidateFunction => ajv.getSchema(`#/components/schemas/${name}`)!;

const REQUESTS: Record<string, string> = { presign: "PresignStep", presignParts: "PresignPartsStep", complete: "CompleteStep", abort: "AbortStep" };
const ANSWERS: Record<string, string> = { presign: "Presigned", presignParts: "PartsPresigned", complete: "Completed", abort: "Aborted" };

function check(name: string | undefined, value: unknown, what: string): string[] {
  if (!name) return [`${what}: no schema for ${JSON.stringify(value).slice(0, 80)}`];
  const validate = schema(name);
  return validate(value) ? [] : [`${what} is not a ${name}: ${ajv.errorsText(validate.errors)}`];
}

/**
 * Spec violations of one exchange (empty when both sides match). A request outside the spec is
 * fine only when the route refused it with 400 (tests send such bodies on purpose).
 */
export function specViolations(requestBody: unknown, status: number, answer: unknown): string[] {
  const type = (requestBody as { type?: string } | null)?.type ?? "";
  const problems = status === 400 ? [] : check(REQUESTS[type], requestBody, `request answered ${status}`);
  problems.push(...(status === 200 ? check(ANSWERS[type], answer, `200 answer to ${type}`) : check("RouteError", answer, `${status} answer`)));
  return problems;
}

/** Wraps a route so that every exchange is checked; `violations` collects what did not match. */
export function specChecked(route: (request: Request) => Promise<Response>) {
  const violations: string[] = [];
  const checked = async (request: Request) => {
    const text = request.method === "POST" ? await request.clone().text() : "";
    const response = await route(request);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined; // a malformed body the test sent on purpose: only the answer is checked
    }
    const answer = await response.clone().json();
    if (body !== undefined) violations.push(...specViolations(body, response.status, answer));
    else violations.push(...check("RouteError", answer, `${response.status} answer`));
    return response;
  };
  return { route: checked, violations };
}
