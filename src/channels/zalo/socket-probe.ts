/**
 * @module Liveness of the listener's WebSocket, for the supervisor's watchdog: every frame
 * and every pong counts as a sign of life, and a ping goes out at an interval so that a quiet
 * chat (no messages for hours) still answers — only a dead socket stays silent.
 * zca-js keeps the socket private and untyped, so it is checked structurally before use.
 */

/** The parts of a `ws` WebSocket the probe uses. */
interface ProbeSocket {
  readonly readyState: number;
  on(event: 'message' | 'pong', listener: () => void): unknown;
  off(event: 'message' | 'pong', listener: () => void): unknown;
  ping(): void;
}

const WS_OPEN = 1;

export class SocketProbe {
  private socket: ProbeSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly onActivity: () => void;
  private readonly onFrame = (): void => this.onActivity();

  constructor(intervalMs: number, onActivity: () => void) {
    this.intervalMs = intervalMs;
    this.onActivity = onActivity;
  }

  /** Starts watching `socket`; false when it is not a WebSocket we understand. */
  attach(socket: unknown): boolean {
    this.detach();
    if (!isProbeSocket(socket)) return false;
    this.socket = socket;
    socket.on('message', this.onFrame);
    socket.on('pong', this.onFrame);
    this.timer = setInterval(() => {
      if (this.socket?.readyState === WS_OPEN) this.socket.ping();
    }, this.intervalMs);
    this.timer.unref();
    return true;
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.socket?.off('message', this.onFrame);
    this.socket?.off('pong', this.onFrame);
    this.socket = undefined;
  }
}

function isProbeSocket(x: unknown): x is ProbeSocket {
  return (
    typeof x === 'object' &&
    x !== null &&
    'ping' in x &&
    typeof x.ping === 'function' &&
    'on' in x &&
    typeof x.on === 'function' &&
    'off' in x &&
    typeof x.off === 'function' &&
    'readyState' in x &&
    typeof x.readyState === 'number'
  );
}
