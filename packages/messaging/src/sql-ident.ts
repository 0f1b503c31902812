// Schema and role names are interpolated into DDL and queries (identifiers cannot be bound as
// parameters), so they are restricted to plain lower-case identifiers and always quoted.
const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteIdent(name: string, what = 'identifier'): string {
  if (!IDENT.test(name)) throw new Error(`invalid SQL ${what}: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
