/** Escapes LIKE wildcards in user text (`%`, `_`, `\`). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
