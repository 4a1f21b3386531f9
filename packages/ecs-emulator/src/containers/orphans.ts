// Containers left by an emulator that died without closing (SIGKILL, a crash): each container
// carries its emulator's process id and host name, and a new emulator on the same host removes
// those whose process is gone. Containers of emulators still running are left alone.
import os from 'node:os';
import { EMULATOR_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL } from './container-spec.js';
import type { DockerEngine } from './docker-engine.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the orphans; returns how many. */
export async function removeOrphans(engine: DockerEngine): Promise<number> {
  const filters = encodeURIComponent(JSON.stringify({ label: [EMULATOR_LABEL] }));
  const listed = await engine.json<{ Id: string; Labels?: Record<string, string> }[]>(
    'GET',
    `/containers/json?all=true&filters=${filters}`,
  );
  const orphans = listed.filter((container) => {
    const pid = Number(container.Labels?.[OWNER_PID_LABEL]);
    return container.Labels?.[OWNER_HOST_LABEL] === os.hostname() && pid > 0 && !alive(pid);
  });
  await Promise.all(
    orphans.map((container) => engine.call('DELETE', `/containers/${container.Id}?force=true&v=true`)),
  );
  return orphans.length;
}
