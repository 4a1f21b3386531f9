// Shipline deployment records (task deploy:shipline) put straight into the GitHub deployments
// stand-in, shaped as reusable-deploy's record step writes them, for tests of the steps that read them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { FakeGitHubDeployments } from '@shipline/local-services/github-deployments';

/** The suite's deployments stand-in and a scratch folder for its steps, from before it to after it. */
export function deploymentsStandIn(): { github: FakeGitHubDeployments; dir: string } {
  const suite = { github: new FakeGitHubDeployments(), dir: '' };
  beforeAll(async () => {
    await suite.github.start();
    suite.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-records-'));
  });
  afterAll(async () => {
    await suite.github.stop();
    fs.rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

export interface RecordFields {
  sha: string;
  environment: string;
  /** payload.image_ref: the image@digest the environment deployed and smoke-tested. */
  imageRef?: string;
  runId?: number;
  runNumber?: number;
  /** Its statuses, oldest first (the record step writes one: success). */
  states?: string[];
}

export function putRecord(github: FakeGitHubDeployments, fields: RecordFields): void {
  const id = github.deployments.length + 1;
  github.deployments.push({
    id,
    sha: fields.sha,
    ref: fields.sha,
    task: 'deploy:shipline',
    environment: fields.environment,
    payload: {
      ...(fields.imageRef ? { image_ref: fields.imageRef } : {}),
      run_id: fields.runId ?? 1000 + id,
      run_number: fields.runNumber ?? id,
    },
    description: 'deployed and smoke-tested by Shipline',
    created_at: new Date(0).toISOString(),
    statuses: (fields.states ?? ['success']).map((state, i) => ({
      id: 100 * id + i,
      state,
      description: '',
      log_url: '',
      created_at: new Date(0).toISOString(),
    })),
  });
}
