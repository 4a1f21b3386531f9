// The post step (post-if: always()): logs out of every registry main logged in to, so no
// credentials stay in the docker config of a shared or self-hosted runner. Never fails the job.
import { spawnExec } from '@shipline/docker';
import { logOutOfAll } from './login-state.js';

await logOutOfAll(spawnExec);
