/** A feature's interface text: Chinese first; the English must name every key the Chinese has. */
export function defineMessages<const Z extends Record<string, string>>(
  zh: Z,
  en: { [K in keyof Z]: string },
): { zh: Z; en: { [K in keyof Z]: string } } {
  return { zh, en };
}

/** Fills `{name}` placeholders. */
export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
