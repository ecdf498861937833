/** Codes that make a run's records unique and findable: a short hash of the run id, EAN-13 barcodes. */

/** A stable 6-digit number from the run id (FNV-1a), so each run's barcodes differ from the last. */
export function runHash(runId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 1_000_000;
}

/** EAN-13 with its check digit, from a 12-digit body. */
export function ean13(body12: string): string {
  const digits = body12.split('').map(Number);
  const sum = digits.reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return body12 + ((10 - (sum % 10)) % 10);
}
