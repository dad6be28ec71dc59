import { parseFileEachBlock } from '../hcl/parse.js';

interface TopBlock {
  startByte: number;
  endByte: number;
  header: string;
}

const cache = new Map<string, { source: string; blocks: TopBlock[] }>();
const CACHE_FILES = 32;

function topLevelBlocks(filename: string, source: string): TopBlock[] {
  const blocks: TopBlock[] = [];
  parseFileEachBlock(source, filename, (b) => {
    const header = [b.type, ...b.labels.map((l) => JSON.stringify(l.value))].join(' ');
    const r = b.range;
    blocks.push({ startByte: r.start.byte, endByte: r.end.byte, header });
  });
  return blocks;
}

/**
 * The header of the top-level block that contains the byte offset (`virtual_server "web"`), as Terraform
 * shows after "on FILE line N, in"; null outside any block. Each file is parsed once for this.
 */
export function diagnosticContext(filename: string, source: string, byte: number): string | null {
  let entry = cache.get(filename);
  if (entry === undefined || entry.source !== source) {
    if (cache.size >= CACHE_FILES) cache.clear();
    entry = { source, blocks: topLevelBlocks(filename, source) };
    cache.set(filename, entry);
  }
  for (const b of entry.blocks) if (b.startByte <= byte && byte < b.endByte) return b.header;
  return null;
}
