/**
 * How long one command on a host may take, its start-up included. A host under heavy load (or with a slow
 * login shell) can take tens of seconds just to start a command, so this only guards against a command that
 * hangs on the host; a host that goes away is caught sooner by the connection's keep-alives.
 */
export const HOST_COMMAND_LIMIT_MS = 600_000;
