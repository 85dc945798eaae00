/** Careful reads of untrusted JSON: each gives a value of the asked type or undefined, never throws. */
export type Json = Record<string, unknown>;

export function record(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function string(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

export function number(value: unknown): number | undefined {
  const parsed = typeof value === "string" ? Number(value) : value;
  return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : undefined;
}

/** The first of several spellings of a field that is present (ninjs 2.x lower case, 3.x camelCase). */
export function field(object: Json | undefined, ...names: string[]): unknown {
  for (const name of names) if (object?.[name] !== undefined) return object[name];
  return undefined;
}
