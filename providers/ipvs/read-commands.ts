/** The two reads of a director's IPVS table: configuration (-Sn) and thresholds, which -S omits. */
export function ipvsReadCommands(): string[][] {
  return [
    ['ipvsadm', '-Sn'],
    ['ipvsadm', '-Ln', '--thresholds'],
  ];
}
