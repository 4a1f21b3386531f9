// How the application's workflows pin Shipline: one repository and one ref for every call and step, a SHA
// (with its release in a comment for Dependabot) or a release tag, never a moving major or branch.
import type { ShiplineUse } from './app-workflows.js';
import { finding, type Finding } from './findings.js';

export function refFindings(calls: ShiplineUse[]): Finding[] {
  const out: Finding[] = [];
  if (calls.length === 0)
    return [
      finding(
        'error',
        '.github/workflows',
        'no workflow uses Shipline (no reusable-ci.yml or reusable-deploy.yml call, no Shipline action step)',
        'run ./dev install-pipeline --into <this folder>',
      ),
    ];
  for (const call of calls) {
    const where = `${call.file} ${call.job}`;
    const uses = `${call.repository}/${call.path}@${call.ref}`;
    if (/^[0-9a-f]{40}$/.test(call.ref)) {
      if (!call.refComment || !/^v\d+\.\d+\.\d+$/.test(call.refComment))
        out.push(
          finding(
            'note',
            where,
            `${uses} has no '# vX.Y.Z' comment`,
            'add the release it is, so people and Dependabot can read it',
          ),
        );
    } else if (!/^v\d+\.\d+\.\d+$/.test(call.ref))
      out.push(
        finding(
          'warning',
          where,
          `${uses} is not pinned: @${call.ref} moves`,
          'pin a release tag (v1.4.0) or its commit SHA; docs/versioning.md shows Dependabot keeping it fresh',
        ),
      );
  }
  const refs = [...new Set(calls.map((c) => `${c.repository}@${c.ref}`))];
  if (refs.length > 1)
    out.push(
      finding(
        'warning',
        '.github/workflows',
        `Shipline is used at ${refs.join(', ')}`,
        'use one repository at one release everywhere',
      ),
    );
  return out;
}
