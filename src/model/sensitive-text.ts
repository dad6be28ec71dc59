/** What every output shows in place of a value derived from a sensitive variable, as Terraform writes it. */
export const SENSITIVE_TEXT = '(sensitive value)';
