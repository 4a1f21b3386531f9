// The order Jest hands test files to its workers, planned so the CPU stays busy. Most files wait
// (on child processes, emulators, docker) far more than they compute. Ordered by duration alone,
// the waiting files bunched together: in CI, once lint, typecheck and check-dist (run beside the
// tests) had ended, the two cores sat half idle for 50 s. The plan plays the run out on a simple
// model, 'workers' files at once sharing 'cores' CPUs, and each time a worker frees it picks:
//   - first, the files so long that starting them later would leave them running alone at the end;
//   - while the CPU has room, the file that computes most among those that fit in the room;
//   - while it is full, the file that waits longest.
// Only the order comes from this; what each test checks does not depend on it.
import fs from 'node:fs';

/**
 * A file's seconds in the recorded table were measured with the CPU shared among the workers; its
 * own computing took about this many times its CPU seconds there, the rest was waiting.
 */
export const CONTENTION = 2.5;
/** A file the table does not know yet: a middling one. */
export const UNKNOWN = { wall: 5, cpu: 1.5 };
const STEP_SECONDS = 0.05;

/** @typedef {{ path: string, wall: number, cpu: number }} RecordedFile */
/** @typedef {{ workers: number, cores: number, besideCpuSeconds?: number }} Machine */

/** The model's view of one file: CPU seconds, seconds of waiting, share of a CPU it keeps busy. */
function modelOf(file) {
  const cpu = Math.max(0, file.cpu);
  const waiting = Math.max(0, file.wall - CONTENTION * cpu);
  const alone = Math.max(cpu + waiting, STEP_SECONDS);
  return { path: file.path, cpu, waiting, alone, duty: cpu / alone };
}

/**
 * The model's run: files start in `order` as workers free; work beside the tests (besideCpuSeconds
 * of one core) runs from the start. When the files and that work ask for more than `cores` CPUs,
 * all slow down alike. Each time a worker frees, `choose(remaining, demand)` names the file it
 * starts. Returns the order started and the model's makespan.
 */
function play({ workers, cores, besideCpuSeconds = 0 }, files, choose) {
  const remaining = [...files];
  const order = [];
  let running = [];
  let beside = besideCpuSeconds;
  let seconds = 0;
  const demand = () => running.reduce((sum, r) => sum + r.file.duty, 0) + (beside > 0 ? 1 : 0);
  while (remaining.length > 0 || running.length > 0) {
    while (running.length < workers && remaining.length > 0) {
      const next = choose(remaining, demand());
      remaining.splice(remaining.indexOf(next), 1);
      order.push(next);
      running.push({ file: next, left: next.alone });
    }
    const speed = Math.min(1, cores / Math.max(demand(), Number.EPSILON));
    if (beside > 0) beside -= speed * STEP_SECONDS;
    for (const r of running) r.left -= speed * STEP_SECONDS;
    running = running.filter((r) => r.left > 0);
    seconds += STEP_SECONDS;
  }
  return { order, seconds };
}

const most = (files, measure) => files.reduce((best, f) => (measure(f) > measure(best) ? f : best));

/** Seconds and CPU seconds per test file (relative path), from the committed table. */
export function recordedTimes(table) {
  if (!fs.existsSync(table)) return new Map();
  const rows = fs
    .readFileSync(table, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));
  return new Map(rows.map((cells) => [cells.at(-1), { wall: Number(cells[0]), cpu: Number(cells[1]) }]));
}

/** The test paths in the planned order; every file of `files` exactly once. */
export function planOrder(files, machine) {
  const models = files.map(modelOf).sort((a, b) => b.alone - a.alone || (a.path < b.path ? -1 : 1));
  const total = models.reduce((sum, f) => sum + f.alone, 0);
  const longFrom = (total / Math.max(1, machine.workers)) * 0.25;
  const choose = (remaining, demand) => {
    if (remaining[0].alone >= longFrom) return remaining[0];
    const room = machine.cores - demand;
    if (room <= 0.05) return most(remaining, (f) => f.waiting);
    const fitting = remaining.filter((f) => f.duty <= room + 0.25);
    return most(fitting.length > 0 ? fitting : remaining, (f) => f.cpu);
  };
  return play(machine, models, choose).order.map((f) => f.path);
}

/** The model's makespan for files started in exactly `paths` order (for comparing plans). */
export function modelSeconds(files, paths, machine) {
  const byPath = new Map(files.map((f) => [f.path, modelOf(f)]));
  const queue = paths.map((p) => byPath.get(p));
  return play(machine, queue, (remaining) => remaining[0]).seconds;
}
