/** Escapes LIKE wildcards in user text (`%`, `_`, `\`), for `name ilike '%…%'` searches. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
