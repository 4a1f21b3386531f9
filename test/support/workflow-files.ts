// The workflow files this repository ships and the action manifests, read from the checkout, and
// a file provider that resolves `shipline/shipline/.github/workflows/<file>@<ref>` to the local file
// so GitHub's parser can check a caller's `with:` against the called workflow's inputs.
import fs from 'node:fs';
import path from 'node:path';
import type { FileProvider } from '@actions/workflow-parser/workflows/file-provider';
import type { FileReference } from '@actions/workflow-parser/workflows/file-reference';
import { repoRoot } from '../../scripts/lib/actions.js';

/** A YAML mapping as the yaml package returns it. */
export type YamlMap = Record<string, unknown>;
export const isMap = (v: unknown): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the reusable workflows and actions of this repository are referenced from elsewhere. */
export const OWN_REPOSITORY = 'shipline/shipline';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

/** Owned by the configure-repo script: a policy, not a workflow, although it lives in workflows/. */
const NOT_WORKFLOWS = new Set(['workflows/repository-policy.yml']);

function readDir(root: string, dir: string, keep: (name: string) => boolean): SourceFile[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full)
    .filter(keep)
    .sort()
    .map((name) => `${dir}/${name}`)
    .filter((rel) => !NOT_WORKFLOWS.has(rel))
    .map((rel) => ({ path: rel, content: fs.readFileSync(path.join(root, rel), 'utf8') }));
}

const isYaml = (name: string) => /\.ya?ml$/.test(name);

/** This repository's own workflows (CI and the reusable ones). */
export function repositoryWorkflows(root = repoRoot): SourceFile[] {
  return readDir(root, '.github/workflows', isYaml);
}

/** The templates a consumer repository installs. */
export function templateWorkflows(root = repoRoot): SourceFile[] {
  return readDir(root, 'workflows', isYaml);
}

export function allWorkflows(root = repoRoot): SourceFile[] {
  return [...repositoryWorkflows(root), ...templateWorkflows(root)];
}

export function actionManifests(root = repoRoot): SourceFile[] {
  const dir = path.join(root, 'actions');
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => `actions/${name}/action.yml`)
    .filter((rel) => fs.existsSync(path.join(root, rel)))
    .map((rel) => ({ path: rel, content: fs.readFileSync(path.join(root, rel), 'utf8') }));
}

/**
 * The local path of a reusable workflow reference, or undefined when it is not one of ours.
 * `repository` is the name this repository goes by (an installed pipeline may call it acme/shipline).
 */
export function localWorkflowPath(ref: FileReference, repository = OWN_REPOSITORY): string | undefined {
  if (!('repository' in ref)) return ref.path;
  return `${ref.owner}/${ref.repository}`.toLowerCase() === repository.toLowerCase() ? ref.path : undefined;
}

/** Resolves this repository's reusable workflows to the checkout; anything else is an error. */
export function localWorkflowProvider(root = repoRoot, repository = OWN_REPOSITORY): FileProvider {
  return {
    getFileContent: async (ref: FileReference) => {
      const rel = localWorkflowPath(ref, repository);
      if (rel === undefined) throw new Error(`not a workflow of ${repository}: ${JSON.stringify(ref)}`);
      return { name: rel, content: fs.readFileSync(path.join(root, rel), 'utf8') };
    },
  };
}
