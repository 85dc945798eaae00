import type { RecipientAnswer, Store } from "../store/index.ts";

/**
 * A digest run's record of what it hands to the mail server, written before each message goes.
 *
 * Why a write before every message: a crash may come at any line, and afterwards only the
 * database says who may have the edition. A recipient the mail server may have been given must
 * already be `sending`, so no rerun sends it again; every other one must not be, so the rerun
 * sends it. Marking a batch `sending` ahead of its messages would leave the whole batch
 * uncertain, so each message is marked on its own, just before it goes, and a connection carries
 * one message at a time: at most one uncertain recipient per connection.
 *
 * Why that costs no round trip per message: the marks of every connection waiting at the same
 * moment go in one transaction, and so do the answers that came back since the last one (a
 * message answered but not yet recorded is still `sending`, so it stays on the safe side: a
 * crash then leaves it uncertain, never sent twice). A connection's answer is always written
 * with or before its next mark, so it never has two recipients in `sending` unrecorded. A write
 * waits until no message is out any more (every connection has its answer and waits for its
 * next mark) or GATHER_MS have passed, whichever comes first: the connections then go in step,
 * N marks and N answers to a commit. That matters most on SQLite, whose commit blocks the process
 * while it flushes to disk (a write started at once carried one mark each time: a commit per
 * message, a third of the speed). Batching further (marks for messages not yet about to go) is
 * exactly what would leave more than one uncertain recipient per connection, so it stops here.
 */
export type Progress = {
  /** Resolves true once `recipientId` is recorded as `sending` for this run: only then may it be handed over. */
  handOver(recipientId: number): Promise<boolean>;
  /**
   * A message handed over is done with and its connection free: `answer` is written with the
   * next hand-over or by `flush`; none for an uncertain message, which stays `sending`.
   */
  done(answer: RecipientAnswer | undefined): void;
  /** Writes what is not yet written. */
  flush(): Promise<void>;
};

// How long a connection waiting for its mark waits for the others at most.
const GATHER_MS = 5;

type Waiting = { id: number; resolve: (handed: boolean) => void; reject: (error: unknown) => void };

export function createProgress(store: Store, run: string, now: () => Date = () => new Date()): Progress {
  let answers: RecipientAnswer[] = [];
  let waiting: Waiting[] = [];
  let inFlight = 0;
  let writing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function write(): Promise<void> {
    const batch = waiting;
    const answered = answers;
    waiting = [];
    answers = [];
    try {
      const moved = new Set(
        await store.recordProgress({ run, answers: answered, handOver: batch.map((entry) => entry.id) }, now()),
      );
      inFlight += moved.size;
      for (const entry of batch) entry.resolve(moved.has(entry.id));
    } catch (error) {
      // Nothing of this transaction was written: its answered recipients stay `sending`
      // (uncertain, never sent twice), and every connection waiting to hand over gives up.
      for (const entry of [...batch, ...waiting.splice(0)]) entry.reject(error);
      throw error;
    }
  }

  function begin(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const started = write().finally(() => {
      writing = undefined;
      consider();
    });
    writing = started;
    return started;
  }

  /** Starts a write when one is due: at once when no answer is still to come, else after GATHER_MS. */
  function consider(): void {
    if (writing || waiting.length === 0) return;
    // A failed write is reported to each waiting hand-over; the writer's own promise has nobody else to tell.
    if (inFlight === 0) begin().catch(() => undefined);
    else timer ??= setTimeout(() => begin().catch(() => undefined), GATHER_MS);
  }

  return {
    handOver(id) {
      const handed = new Promise<boolean>((resolve, reject) => waiting.push({ id, resolve, reject }));
      consider();
      return handed;
    },
    done(answer) {
      inFlight -= 1;
      if (answer) answers.push(answer);
      // Looked at once this connection has asked for its next mark (or has none to ask for).
      if (inFlight === 0) setImmediate(consider);
    },
    async flush() {
      while (writing || waiting.length > 0 || answers.length > 0) {
        if (writing) await writing;
        else await begin();
      }
    },
  };
}
