/** What every output shows in place of a value derived from a sensitive variable, as Terraform writes it. */
export const SENSITIVE_TEXT = '(sensitive value)';

/** A value as a message quotes it: JSON text, or SENSITIVE_TEXT when it derives from a sensitive variable. */
export const quotedOrHidden = (v: unknown, sensitive: boolean | undefined): string => (sensitive ? SENSITIVE_TEXT : JSON.stringify(v));
