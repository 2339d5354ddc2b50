/**
 * A parallel worker (`verify --jobs N`, `calibrate --jobs N`): a child process that rebuilds the run's registry, then computes the cells of
 * the claims its parent hands it, one claim at a time, and sends every finished record back. It judges nothing that
 * counts: the parent stores the records and judges every claim from them, exactly as `report --merge` does, so the
 * summary is bit-identical for every N.
 *
 * Messages: parent → worker `init`, `claim`, `figure`, `calibrate`, `stop`; worker → parent `ready`, `record`,
 * `work`, `counterexample`, `claimDone`, `figure`, `calibrated`, `failed`. A `figure` task renders one report figure (its
 * SVG, or the error it threw, goes back to the parent, which writes the report). A `calibrate` task judges one claim's correct implementation at
 * one root seed in memory (`calibrateOnce`) and sends its record back.
 *
 * @module
 */
import { selectBackendFromEnv } from '../core/backend.ts';
import { CounterexampleDb, type CounterexampleEntry } from './counterexamples.ts';
import { loadSource } from './registrySource.ts';
import { ResultStore, type CellRecord } from './resultStore.ts';
import { runClaims } from './runner.ts';
import { calibrateOnce } from './calibrate.ts';
import type { CalibrateTask, FigureTask, WorkerInit, WorkerMessage } from './workerProtocol.ts';
import type { Figure } from './figure.ts';

/** A store that also sends every new record to the parent. */
class ForwardingStore extends ResultStore {
  constructor(private readonly send: (m: WorkerMessage) => void) {
    super(null);
  }
  override add(rec: CellRecord): void {
    super.add(rec);
    this.send({ type: 'record', rec });
  }
}

/** A counterexample database that reads the parent's file and sends new entries to the parent (one writer). */
class ForwardingDb extends CounterexampleDb {
  constructor(
    file: string,
    private readonly send: (m: WorkerMessage) => void,
  ) {
    super(file);
  }
  override record(entry: CounterexampleEntry): void {
    this.send({ type: 'counterexample', entry });
  }
}

async function serve(): Promise<void> {
  const send = (m: WorkerMessage) => process.send?.(m);
  let init: WorkerInit | null = null;
  let registry: Awaited<ReturnType<typeof loadSource>>['claims'] = [];
  let figures: Figure[] = [];
  let store: ForwardingStore | null = null;
  let db: CounterexampleDb | undefined;
  type Incoming = { type: 'claim'; id: string } | { type: 'stop' } | CalibrateTask | FigureTask | WorkerInit;
  const queue: Incoming[] = [];
  let busy = false;
  const pump = async () => {
    if (busy) return;
    busy = true;
    try {
      while (queue.length) {
        const m = queue.shift()!;
        if (m.type === 'init') {
          init = m;
          selectBackendFromEnv(process.env);
          ({ claims: registry, figures } = await loadSource(init.source, { seed: init.seed, profile: init.profile }));
          store = new ForwardingStore(send);
          if (init.resultsFile) store.loadFile(init.resultsFile);
          db = init.counterexamplesFile ? new ForwardingDb(init.counterexamplesFile, send) : undefined;
          send({ type: 'ready' });
        } else if (m.type === 'claim' && init && store) {
          const claim = registry.find((c) => c.id === m.id);
          if (!claim) throw new Error(`worker: unknown claim ${m.id}`);
          await runClaims({
            seed: init.seed,
            profile: init.profile,
            registry,
            selected: [claim],
            store,
            budget: init.budget,
            counterexamples: db,
            record: init.record,
            onCell: (e, units) => send({ type: 'work', ...e, units }),
          });
          send({ type: 'claimDone', id: claim.id });
        } else if (m.type === 'figure' && init) {
          const f = figures.find((x) => x.id === m.id);
          if (!f) throw new Error(`worker: unknown figure ${m.id}`);
          try {
            send({ type: 'figure', id: f.id, svg: await f.render({ seed: init.seed, profile: init.profile }) });
          } catch (e) {
            send({ type: 'figure', id: f.id, svg: null, error: e instanceof Error ? e.message : String(e) });
          }
        } else if (m.type === 'calibrate' && init) {
          const claim = registry.find((c) => c.id === m.id);
          if (!claim) throw new Error(`worker: unknown claim ${m.id}`);
          send({ type: 'calibrated', rec: calibrateOnce(claim, { k: m.k, seed: m.seed, profile: init.profile, alphaPerTest: m.alphaPerTest }) });
        } else if (m.type === 'stop') {
          process.exit(0);
        }
      }
    } catch (e) {
      send({ type: 'failed', message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      process.exit(1);
    } finally {
      busy = false;
    }
  };
  process.on('message', (m: Incoming) => {
    queue.push(m);
    void pump();
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send) void serve();
