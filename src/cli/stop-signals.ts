// Ctrl-C (SIGINT) and SIGTERM during training: the first one asks the training loop to
// stop at its next step, so the run can save a checkpoint and its outputs; a second one
// ends the process at once, for a user who will not wait. Files already written stay
// whole either way: every write goes through a staging folder (outputs.ts).

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];

// The shell's convention: 128 + the signal's number.
const EXIT_CODES: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export class StopSignals {
  /** The first signal received, or null. */
  received: StopSignal | null = null;
  private readonly onSignal = (signal: StopSignal) => {
    if (this.received === null) {
      this.received = signal;
      return;
    }
    process.stderr.write(`\ntapegrad: ${signal} again; stopped at once, without saving\n`);
    // Die by the signal itself, with the system's default action: process.exit() would
    // run Dawn's native teardown while its threads still work, which can crash (exit
    // 139). The shell then reports 128 + the signal's number, as promised.
    this.close();
    process.kill(process.pid, signal);
  };

  /** Starts listening (replacing Node's default, which ends the process at once). */
  listen(): this {
    for (const s of SIGNALS) process.on(s, this.onSignal);
    return this;
  }

  /** Gives the signals back to Node's default handling. */
  close(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }

  get exitCode(): number {
    return this.received ? EXIT_CODES[this.received] : 0;
  }
}
