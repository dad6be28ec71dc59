import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { EXIT_OK } from '../io.js';

/** Terraform's platform words: linux_amd64, darwin_arm64. */
function platform(): string {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

export function registerVersion(program: Command, ctx: CliContext): void {
  program
    .command('version')
    .summary('Show the current lvsplan version')
    .description('Show the current lvsplan version and the platform it runs on.')
    .option('--json', 'print the version as JSON')
    .action((opts: { json?: boolean }) =>
      ctx.run(async () => {
        if (opts.json) ctx.io.stdout(`${JSON.stringify({ lvsplan_version: ctx.version, platform: platform() }, null, 2)}\n`);
        else ctx.io.stdout(`lvsplan v${ctx.version}\non ${platform()}\n`);
        return EXIT_OK;
      }),
    );
}
