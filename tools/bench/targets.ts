export type Target = {
  name: string;
  /** The measured figure, in the target's unit (ratio, ms, KB or CLS score). */
  value: number;
  limit: number;
  unit: "×" | "ms" | "KB" | "";
  /** What the figure came from, e.g. "1050 / 1000 ms". */
  basis: string;
  pass: boolean;
};

export function atMost(name: string, value: number, limit: number, unit: Target["unit"], basis = ""): Target {
  return { name, value, limit, unit, basis, pass: Number.isFinite(value) && value <= limit };
}
