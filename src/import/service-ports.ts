/**
 * Port numbers of the service names LVS configurations use, as /etc/services (Debian's netbase) gives
 * them, aliases included. ldirectord resolves such names with getservbyname on the director; lvsplan
 * writes numbers, so a name missing here is an error that asks for the number rather than a guess.
 */
const SERVICES: readonly [number, readonly string[]][] = [
  [20, ['ftp-data']],
  [21, ['ftp']],
  [22, ['ssh']],
  [23, ['telnet']],
  [25, ['smtp', 'mail']],
  [53, ['domain']],
  [69, ['tftp']],
  [80, ['http', 'www']],
  [88, ['kerberos', 'kerberos5', 'krb5']],
  [110, ['pop3', 'pop-3']],
  [119, ['nntp']],
  [123, ['ntp']],
  [143, ['imap2', 'imap']],
  [161, ['snmp']],
  [389, ['ldap']],
  [443, ['https']],
  [465, ['submissions', 'ssmtp', 'smtps']],
  [514, ['syslog']],
  [587, ['submission']],
  [636, ['ldaps']],
  [873, ['rsync']],
  [990, ['ftps']],
  [993, ['imaps']],
  [995, ['pop3s']],
  [1194, ['openvpn']],
  [1433, ['ms-sql-s']],
  [1812, ['radius']],
  [1813, ['radius-acct', 'radacct']],
  [3306, ['mysql']],
  [5060, ['sip']],
  [5061, ['sip-tls']],
  [5432, ['postgresql', 'postgres']],
  [5672, ['amqp']],
  [6379, ['redis']],
  [8080, ['http-alt', 'webcache']],
];

const BY_NAME = new Map(SERVICES.flatMap(([port, names]) => names.map((n) => [n, port] as const)));

/** The port of a service name ("http" -> 80), or null when it is not one of the names above. */
export function servicePort(name: string): number | null {
  return BY_NAME.get(name) ?? null;
}
