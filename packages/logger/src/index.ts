import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

/** Field paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.privateKey',
  'password',
  'secret',
  'token',
  'client_secret',
];

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where to write; tests pass a stream to capture lines. */
  destination?: NodeJS.WritableStream;
}

/**
 * pino JSON logs, one line per event, with the service name on every line; request-scoped fields
 * (`requestId`, `tenantId`, `userId`) are added by service-kit's child loggers. Pretty output is
 * the reader's choice (`| pnpm exec pino-pretty`), so production and TTY logs stay identical.
 */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: opts.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return opts.destination ? pino(options, opts.destination as never) : pino(options);
}
