export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Doubling delay for the n-th consecutive failure (n >= 1), capped. */
export function expBackoff(failures: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
}

/** The nak delay for a delivery: the list's n-th entry, its last entry beyond that. */
export function nakDelay(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1];
}
