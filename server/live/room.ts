/** One live room: a hierarchy node and a topic, with its sequence, coalescing buffer and replay buffer. */
import type { Topic } from '../../streams/live-protocol.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { SampleBatch } from '../ingest/sample-batch.ts';
import { ReplayBuffer } from './replay-buffer.ts';

export class Room {
  seq = 0;
  /** Samples waiting for the next coalescing tick. */
  pending = new SampleBatch(256);
  /** Series whose descriptors this room has sent. */
  readonly announced = new Set<number>();
  readonly replay: ReplayBuffer;
  /** Epoch ms when the last subscriber left; NaN while it has subscribers. */
  idleSince = NaN;

  constructor(readonly name: string, readonly node: HierarchyNode, readonly topic: Topic, replay: { frames: number; samples: number }) {
    this.replay = new ReplayBuffer(replay.frames, replay.samples);
  }

  /** Whether a series with these placement tags belongs in this room. */
  matches(tags: Record<string, string>): boolean {
    return this.node.level === 'neighbourhood' ? tags.neighbourhood === this.node.id : tags.community === this.node.id;
  }
}
