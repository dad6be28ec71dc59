import { errorDiag, type Diagnostic } from '../hcl/diagnostic.js';
import { formatRange } from '../hcl/range.js';
import type { BlockInstance } from './repetition.js';

/**
 * A check of virtual_server instances as they are expanded: false (with an error) for an instance whose
 * name another block already declared, as Terraform refuses a second resource of one name: two blocks
 * with one label, with or without for_each, or two instances of a dynamic "virtual_server" block whose
 * labels give the same name.
 */
export function uniqueServerNames(diags: Diagnostic[]): (inst: BlockInstance) => boolean {
  const declared = new Map<string, { block: BlockInstance['block']; nameRange: BlockInstance['nameRange'] }>();
  return (inst) => {
    const name = inst.block.labels[0]?.value ?? inst.name;
    const prev = declared.get(name);
    if (prev === undefined) {
      declared.set(name, { block: inst.block, nameRange: inst.nameRange });
      return true;
    }
    if (prev.block === inst.block && inst.block.labels.length > 0) return true;
    diags.push(
      errorDiag(
        'Duplicate virtual_server configuration',
        `A virtual_server named ${JSON.stringify(name)} was already declared at ${formatRange(prev.nameRange)}. Names must be unique; to declare several services from one block, use for_each (each key makes one instance).`,
        inst.nameRange,
      ),
    );
    return false;
  };
}
