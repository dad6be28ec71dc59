/**
 * The same text, stored as one sequence. V8 keeps a string built by concatenation as a tree of its parts
 * (a destination id: about 150 bytes instead of 70) until something reads its characters, and then drops
 * the tree at the next collection. Ids and addresses that live for the whole run are read once here.
 */
export function flat(s: string): string {
  return s.length > 0 && s.charCodeAt(0) < 0 ? '' : s;
}
