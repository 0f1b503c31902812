import type { FormInstance } from 'antd';
import type { MessageKey } from '../i18n';
import { localizeIssue } from './messages';
import { ApiError, type FieldIssue, problemToFormErrors } from './problem';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Field names a form holds (antd's `getFieldsValue(true)` keys, nested objects included). */
export function formFieldNames(values: Record<string, unknown>, prefix: (string | number)[] = []) {
  const names: (string | number)[][] = [];
  for (const [k, v] of Object.entries(values ?? {})) {
    const name = [...prefix, k];
    names.push(name);
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !('$d' in v))
      names.push(...formFieldNames(v as Record<string, unknown>, name));
  }
  return names;
}

/**
 * Puts a problem's `errors[]` on the form's fields (`body.name` → field `name`) and returns what
 * no field holds, for an alert above the form.
 */
export function applyProblemToForm(form: FormInstance, err: unknown, t: T): FieldIssue[] {
  if (!(err instanceof ApiError)) return [];
  const known = formFieldNames(form.getFieldsValue(true));
  const { fields, other } = problemToFormErrors(err.errors, known);
  form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors.map((m) => localizeIssue(m, t)) })));
  return other;
}
