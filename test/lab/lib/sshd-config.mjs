// Lean OpenSSH settings: under TCG the key exchange dominates, so only the cheapest algorithms.
export const FAST_KEX = 'curve25519-sha256';
export const FAST_CIPHERS = 'aes128-gcm@openssh.com,chacha20-poly1305@openssh.com';

export function sshdConfig({ hostKey, authorizedKeys }) {
  return [
    'ListenAddress 0.0.0.0',
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'UseDNS no',
    'StrictModes no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    `KexAlgorithms ${FAST_KEX}`,
    `Ciphers ${FAST_CIPHERS}`,
    'HostKeyAlgorithms ssh-ed25519',
    'PubkeyAcceptedAlgorithms ssh-ed25519',
    'MaxStartups 100:30:200',
    'MaxSessions 100',
    'AcceptEnv LANG LC_*',
    '',
  ].join('\n');
}

export function sshClientConfig({ identity, knownHosts, controlDir }) {
  return [
    'Host *',
    '  User root',
    `  IdentityFile ${identity}`,
    '  IdentitiesOnly yes',
    '  StrictHostKeyChecking yes',
    `  UserKnownHostsFile ${knownHosts}`,
    '  BatchMode yes',
    '  LogLevel ERROR',
    `  KexAlgorithms ${FAST_KEX}`,
    `  Ciphers ${FAST_CIPHERS}`,
    '  HostKeyAlgorithms ssh-ed25519',
    '  ConnectTimeout 20',
    '  ServerAliveInterval 5',
    '  ServerAliveCountMax 3',
    '  ControlMaster auto',
    `  ControlPath ${controlDir}/cm-%C`,
    '  ControlPersist 600',
    '',
  ].join('\n');
}
