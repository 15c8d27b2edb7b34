// Small statistics and formatting helpers for the benchmark's tables.

export interface Series {
  /** Milliseconds per sample, in the order taken. */
  values: number[];
  /** How many samples were planned; fewer were taken when the time budget ran out or a wait timed out. */
  planned: number;
  /** Why the series stopped early, if it did. */
  stopped?: string;
}

export function emptySeries(planned: number): Series {
  return { values: [], planned };
}

/** Nearest-rank percentile (p in 0..100); undefined for no samples. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds for a table: three significant figures, switching to seconds from 10 s. */
export function ms(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 100) return `${Math.round(value)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

export function mb(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '–' : `${Math.round(value)} MB`;
}

/** Ours divided by the peer's, as "0.12×"; "–" when either is missing. */
export function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || theirs === 0) return '–';
  const r = ours / theirs;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

export function kb(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.round(bytes / 1000)} KB`;
}
