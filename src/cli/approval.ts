import type { CliIO } from './io.js';

const APPLY_QUESTION = `Do you want to perform these actions?
  lvsplan will perform the actions described above.
  Only 'yes' will be accepted to approve.

  Enter a value: `;

const DESTROY_QUESTION = `Do you really want to destroy all resources?
  lvsplan will destroy all your managed infrastructure, as shown above.
  There is no undo. Only 'yes' will be accepted to confirm.

  Enter a value: `;

/** Terraform's approval prompt; only the exact answer "yes" approves. */
export async function askApproval(io: CliIO, mode: 'apply' | 'destroy'): Promise<boolean> {
  io.stdout(mode === 'apply' ? APPLY_QUESTION : DESTROY_QUESTION);
  const answer = await io.readLine();
  io.stdout('\n');
  return answer !== null && answer.trim() === 'yes';
}

const REFRESH_QUESTION = `Would you like to update the lvsplan state records to reflect these detected changes?
  lvsplan will write these changes to the state records without modifying any real infrastructure.
  There is no undo. Only 'yes' will be accepted to confirm.

  Enter a value: `;

/** Terraform's refresh-only approval prompt. */
export async function askRefreshApproval(io: CliIO): Promise<boolean> {
  io.stdout(REFRESH_QUESTION);
  const answer = await io.readLine();
  io.stdout('\n');
  return answer !== null && answer.trim() === 'yes';
}
