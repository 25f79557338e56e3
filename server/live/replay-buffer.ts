/**
 * The recent frames of one room, bounded by frame count and by samples held, so a client that
 * reconnects after a short cut receives exactly what it missed.
 */
import type { AlertFrame, SummaryFrame, TelemetryFrame } from '../../streams/live-protocol.ts';

export type ReplayEntry =
  | { event: 'telemetry'; frame: TelemetryFrame; samples: number }
  | { event: 'alert'; frame: AlertFrame; samples: number }
  | { event: 'summary'; frame: SummaryFrame; samples: number };

export class ReplayBuffer {
  private entries: ReplayEntry[] = [];
  private head = 0;
  private samples = 0;

  /** @param maxFrames frames kept (default 1024); @param maxSamples samples kept across them (default 200,000). */
  constructor(private readonly maxFrames = 1024, private readonly maxSamples = 200_000) {}

  push(e: ReplayEntry): void {
    this.entries.push(e);
    this.samples += e.samples;
    while (this.entries.length - this.head > this.maxFrames || (this.samples > this.maxSamples && this.entries.length - this.head > 1)) {
      this.samples -= this.entries[this.head].samples;
      this.head++;
    }
    // Compact now and then rather than shifting on every push.
    if (this.head > 256 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  /** The newest frame held. */
  newest(): ReplayEntry | undefined {
    return this.entries.length > this.head ? this.entries[this.entries.length - 1] : undefined;
  }

  /** Frames after `seq`, or undefined when the buffer no longer reaches back that far. */
  since(seq: number, currentSeq: number): ReplayEntry[] | undefined {
    if (seq >= currentSeq) return [];
    const first = this.entries[this.head];
    if (!first || first.frame.seq > seq + 1) return undefined;
    const out: ReplayEntry[] = [];
    for (let i = this.head; i < this.entries.length; i++) if (this.entries[i].frame.seq > seq) out.push(this.entries[i]);
    return out;
  }
}
