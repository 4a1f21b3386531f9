// Each test file's CPU seconds: its worker's own time plus that of the child processes it waited
// for (action runs, CLIs), from /proc/self/stat, appended to .tmp/jest-cpu/<worker pid>.tsv for
// the tally reporter. Counted from before the file is imported (its transpiling included) to
// after its last afterAll. Docker's daemon and containers are not children, so not counted.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from '@jest/globals';

const cpuDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.tmp/jest-cpu');
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux
const cpuTicks = () => {
  if (process.platform !== 'linux') return undefined;
  // Fields after the ")" that ends the command name: utime, stime, cutime, cstime are 14-17.
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
};

const startTicks = cpuTicks();
afterAll(() => {
  const endTicks = cpuTicks();
  const { testPath } = expect.getState();
  if (startTicks === undefined || endTicks === undefined || !testPath) return;
  fs.mkdirSync(cpuDir, { recursive: true });
  const seconds = (endTicks - startTicks) / TICKS_PER_SECOND;
  fs.appendFileSync(path.join(cpuDir, `${process.pid}.tsv`), `${testPath}\t${seconds.toFixed(2)}\n`);
});
