/** Yuan (as the API takes them: 120.5 or "120.50") to integer fen; the schema allows two decimals at most. */
export function toFen(yuan: number | string): number {
  if (typeof yuan === 'number') return Math.round(yuan * 100);
  const [whole, frac = ''] = yuan.trim().split('.');
  return Number(whole) * 100 + Number(`${frac}00`.slice(0, 2));
}

/** Integer fen to a yuan string with two decimals ("3000.00", "-20.50"), exact. */
export function fenToYuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Granted, spent and balance of a branch-year (or a sum of them), in fen and as yuan strings. */
export function totalsOf(grantedFen: number, spentFen: number) {
  const balanceFen = grantedFen - spentFen;
  return {
    granted: fenToYuan(grantedFen),
    spent: fenToYuan(spentFen),
    balance: fenToYuan(balanceFen),
    grantedFen,
    spentFen,
    balanceFen,
    overdrawn: balanceFen < 0,
  };
}
