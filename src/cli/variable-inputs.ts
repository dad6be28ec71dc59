/** -var and -var-file in command-line order (Terraform: later wins). */
export type VariableInput = { kind: 'var'; value: string } | { kind: 'var-file'; path: string };
