/**
 * The slice of a pino logger this package uses. Taking it as an option (rather than importing
 * `@hongfan/logger`) keeps the package free of module singletons and easy to silence in tests.
 */
export interface MessagingLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export const silentLogger: MessagingLogger = {
  info() {},
  warn() {},
  error() {},
};

export function errorFields(err: unknown): { err: { message: string; name?: string; code?: unknown } } {
  if (err instanceof Error) {
    return { err: { message: err.message, name: err.name, code: (err as { code?: unknown }).code } };
  }
  return { err: { message: String(err) } };
}
