// The one debug knob. The library prints nothing unless it is raised:
//   1: the adapter, and each pipeline compile with its time
//   2: also the WGSL of each new variant
//   3: also every dispatch
// Set it in code with setDebug(n), or under Node with TAPEGRAD_DEBUG=n.

let level = readEnvLevel();

function readEnvLevel(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env?.TAPEGRAD_DEBUG;
  const n = Number(env ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export function setDebug(n: number): void {
  level = n;
}

export function debugLevel(): number {
  return level;
}

export function debugLog(atLevel: number, message: string): void {
  if (level >= atLevel) console.error(`[tapegrad] ${message}`);
}
