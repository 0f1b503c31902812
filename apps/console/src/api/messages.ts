import type { MessageKey } from '../i18n';
import { ApiError } from './problem';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A one-line, user-facing summary of a failed request, in the interface language. */
export function errorSummary(err: unknown, t: T): string {
  if (!(err instanceof ApiError)) return t('state.error');
  if (err.status === 0) return t('error.network');
  if (err.status >= 500) return t('error.5xx');
  if (err.status === 422 || err.status === 409) {
    // Business rules explain themselves best in the service's own words.
    return err.detail
      ? `${t(err.status === 409 ? 'error.409' : 'error.422')}：${err.detail}`
      : t('error.422');
  }
  const key = `error.${err.status}` as MessageKey;
  if ([400, 401, 403, 404, 429].includes(err.status)) return t(key);
  return err.detail ?? err.title;
}

/**
 * The services word field messages in English (zod). The common ones read better in the user's
 * language; anything else is shown as the service wrote it.
 */
export function localizeIssue(message: string, t: T): string {
  let m: RegExpExecArray | null;
  if (
    /^Invalid input: expected \w+, received undefined$/.test(message) ||
    message === 'Required' ||
    message === 'is required'
  )
    return t('error.field.required');
  m = /^Too small: expected string to have >=?(\d+) characters?$/.exec(message);
  if (m) return Number(m[1]) <= 1 ? t('error.field.required') : t('error.field.min', { n: m[1] });
  m = /^Too big: expected string to have <=?(\d+) characters?$/.exec(message);
  if (m) return t('error.field.max', { n: m[1] });
  m = /^Too small: expected number to be >=?(-?[\d.]+)$/.exec(message);
  if (m) return t('error.field.minNumber', { n: m[1] });
  m = /^Too big: expected number to be <=?(-?[\d.]+)$/.exec(message);
  if (m) return t('error.field.maxNumber', { n: m[1] });
  if (/^Invalid (UUID|string|format)/.test(message)) return t('error.field.invalid');
  return message;
}
