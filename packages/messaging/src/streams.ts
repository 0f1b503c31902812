import { dlqStreamName, dlqStreamSubjects } from '@hongfan/contracts';
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  StorageType,
  type StreamInfo,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

export interface EnsureStreamOptions {
  name: string;
  subjects: string[];
  /** JetStream drops a republished message whose id it saw within this window. */
  duplicateWindowMs?: number;
  /** 0 = keep forever (default). */
  maxAgeMs?: number;
}

const isNotFound = (err: unknown) =>
  err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;

/**
 * Creates the stream, or brings an existing one's subjects and limits to this config. Safe to
 * call from every replica at start-up.
 */
export async function ensureStream(jsm: JetStreamManager, opts: EnsureStreamOptions): Promise<StreamInfo> {
  const config = {
    subjects: opts.subjects,
    duplicate_window: nanos(opts.duplicateWindowMs ?? 120_000),
    max_age: nanos(opts.maxAgeMs ?? 0),
  };
  try {
    await jsm.streams.info(opts.name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      return await jsm.streams.add({ name: opts.name, storage: StorageType.File, ...config });
    } catch (addErr) {
      // Another replica created it between our info and add: fall through to update.
      if (!(addErr instanceof JetStreamApiError)) throw addErr;
    }
  }
  return jsm.streams.update(opts.name, config);
}

/** The dead-letter stream all consumers park poison messages in (kept 30 days by default). */
export function ensureDlqStream(
  jsm: JetStreamManager,
  opts: { prefix?: string; maxAgeMs?: number } = {},
): Promise<StreamInfo> {
  return ensureStream(jsm, {
    name: dlqStreamName(opts.prefix ?? ''),
    subjects: dlqStreamSubjects(opts.prefix ?? ''),
    maxAgeMs: opts.maxAgeMs ?? 30 * 24 * 3600_000,
  });
}
