/**
 * How long a removed destination is drained, in seconds: by director name, then service id. Two directors
 * may serve the same VIP:port with different timeouts, so the service id alone is not a key.
 */
export type DrainTimeouts = Record<string, Record<string, number>>;
