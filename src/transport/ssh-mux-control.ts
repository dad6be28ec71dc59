import { connect } from 'node:net';

/**
 * What `ssh -O check` and `ssh -O exit` ask a ControlMaster, asked from this process over its control
 * socket (OpenSSH's PROTOCOL.mux: packets of uint32 length, uint32 type, body; both sides open with a
 * hello), so neither starts an ssh client: under emulation each start costs a host's worth of CPU.
 */
const MUX_MSG_HELLO = 0x00000001;
const MUX_C_ALIVE_CHECK = 0x10000004;
const MUX_C_TERMINATE = 0x10000005;
const MUX_S_OK = 0x80000001;
const MUX_S_ALIVE = 0x80000005;
const MUX_VERSION = 4;
const REQUEST_ID = 1;
/** A master's answers are a few words; anything longer is not one. */
const MAX_PACKET_BYTES = 64 * 1024;

/** The pid of the master listening on `socketPath`, or undefined when none answers (within `timeoutMs`). */
export async function masterPidAt(socketPath: string, timeoutMs: number): Promise<number | undefined> {
  const reply = await ask(socketPath, MUX_C_ALIVE_CHECK, timeoutMs);
  return reply?.type === MUX_S_ALIVE && reply.body.length >= 8 ? reply.body.readUInt32BE(4) : undefined;
}

/** Asks the master on `socketPath` to exit (as `ssh -O exit`); true when it agreed. */
export async function stopMasterAt(socketPath: string, timeoutMs: number): Promise<boolean> {
  return (await ask(socketPath, MUX_C_TERMINATE, timeoutMs))?.type === MUX_S_OK;
}

interface Packet {
  type: number;
  /** The body after the type: the request id first for replies. */
  body: Buffer;
}

function packet(type: number, ...words: number[]): Buffer {
  const b = Buffer.alloc(8 + 4 * words.length);
  b.writeUInt32BE(4 + 4 * words.length, 0);
  b.writeUInt32BE(type, 4);
  words.forEach((w, i) => b.writeUInt32BE(w, 8 + 4 * i));
  return b;
}

/** Sends hello and one request; resolves with the reply to it, or undefined (no master, refused, timeout, garbage). */
function ask(socketPath: string, request: number, timeoutMs: number): Promise<Packet | undefined> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let pending = Buffer.alloc(0);
    let helloSeen = false;
    const done = (reply: Packet | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
    socket.on('connect', () => socket.write(Buffer.concat([packet(MUX_MSG_HELLO, MUX_VERSION), packet(request, REQUEST_ID)])));
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 8) {
        const length = pending.readUInt32BE(0);
        if (length < 4 || length > MAX_PACKET_BYTES) return done(undefined);
        if (pending.length < 4 + length) return;
        const p = { type: pending.readUInt32BE(4), body: pending.subarray(8, 4 + length) };
        pending = pending.subarray(4 + length);
        if (!helloSeen) {
          if (p.type !== MUX_MSG_HELLO) return done(undefined);
          helloSeen = true;
        } else if (p.body.length >= 4 && p.body.readUInt32BE(0) === REQUEST_ID) {
          return done(p);
        }
      }
    });
  });
}
