/**
 * The audit log's pure rules: who did what, and the hash chain that makes edits, deletions and truncation
 * detectable (security.md: "append-only, hash-chained"; `gongkai audit verify`).
 */
import { createHash } from 'node:crypto';

/** Who acts: a staff user, the public, or the system itself (jobs, CLI). Carried into every audit entry. */
export interface Actor {
  userId: string | null;
  /** A label safe for the log: username, "公众" or "系统"; never a member of the public's name. */
  label: string;
  ip?: string;
}

/** The system actor for jobs and CLI commands. */
export const SYSTEM_ACTOR: Actor = { userId: null, label: 'system' };
/** An anonymous member of the public. */
export const PUBLIC_ACTOR: Actor = { userId: null, label: 'public' };

/** An entry to append. `summary` is a before/after summary without personal data. */
export interface AuditInput {
  action: string;
  objectType: string;
  objectId?: string;
  agencyId?: string | null;
  summary?: Record<string, unknown>;
}

/** The fields that are hashed, in chain order. */
export interface AuditChainFields {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  agencyId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  summary: string;
  ip: string;
  prevHash: string;
}

/** The hash the first entry points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over a canonical serialisation of the entry and its predecessor's hash. */
export function chainHash(f: AuditChainFields): string {
  const canonical = JSON.stringify([
    f.seq, f.at, f.actorUserId, f.actorLabel, f.agencyId, f.action, f.objectType, f.objectId, f.summary, f.ip,
    f.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A problem `verifyChain` found at a sequence number. */
export interface ChainBreak {
  seq: number;
  problem: 'hash_mismatch' | 'prev_mismatch' | 'gap' | 'truncated';
  message: string;
}

/**
 * Checks a run of entries in seq order. `expectedLast` (from the chain-head setting) catches truncation of the tail;
 * seq gaps catch deleted rows; recomputed hashes catch edits.
 */
export function verifyChain(
  rows: Iterable<AuditChainFields & { hash: string }>,
  expectedHead?: { seq: number; hash: string },
): { ok: boolean; count: number; breaks: ChainBreak[] } {
  const breaks: ChainBreak[] = [];
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  let count = 0;
  for (const r of rows) {
    count++;
    if (r.seq !== prevSeq + 1) {
      breaks.push({ seq: r.seq, problem: 'gap', message: `entries ${prevSeq + 1}..${r.seq - 1} are missing` });
    }
    if (r.prevHash !== prevHash) {
      breaks.push({ seq: r.seq, problem: 'prev_mismatch', message: `entry ${r.seq} does not point to its predecessor` });
    }
    if (chainHash(r) !== r.hash) {
      breaks.push({ seq: r.seq, problem: 'hash_mismatch', message: `entry ${r.seq} was altered` });
    }
    prevHash = r.hash;
    prevSeq = r.seq;
  }
  if (expectedHead && (expectedHead.seq > prevSeq || (expectedHead.seq === prevSeq && expectedHead.hash !== prevHash))) {
    breaks.push({
      seq: expectedHead.seq,
      problem: 'truncated',
      message: `the log ends at ${prevSeq} but its recorded head is ${expectedHead.seq}`,
    });
  }
  return { ok: breaks.length === 0, count, breaks };
}
