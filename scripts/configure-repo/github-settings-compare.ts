// The fields a ruleset or an environment is compared on, as `name → readable value`, so that a
// difference is both detected and printed from the same text.
import { refKey, type EnvironmentSettings, type Ruleset } from './github-settings-state.js';

/**
 * The fields of a ruleset that the policy decides, one line each. Rule parameters GitHub adds on
 * its own (newer ones the policy does not set) are read only for the keys the wanted ruleset has,
 * so they never show as drift.
 */
export function rulesetFields(ruleset: Ruleset, wanted: Ruleset): Map<string, string> {
  const keysOf = (type: string) => {
    const params = wanted.rules?.find((r) => r.type === type)?.parameters;
    return params ? Object.keys(params) : undefined;
  };
  const sorted = (list: unknown[] | undefined) => `[${(list ?? []).map(canonical).sort().join(', ')}]`;
  const fields = new Map<string, string>([
    ['target', ruleset.target],
    ['enforcement', ruleset.enforcement],
    ['bypass_actors', sorted(ruleset.bypass_actors)],
    ['include', sorted(ruleset.conditions?.ref_name?.include)],
    ['exclude', sorted(ruleset.conditions?.ref_name?.exclude)],
  ]);
  for (const rule of ruleset.rules ?? []) {
    fields.set(`rule ${rule.type}`, 'on');
    for (const key of keysOf(rule.type) ?? Object.keys(rule.parameters ?? {})) {
      const value = rule.parameters?.[key];
      fields.set(`${rule.type}.${key}`, Array.isArray(value) ? sorted(value) : canonical(value ?? null));
    }
  }
  return fields;
}

/** JSON with object keys in order, so equal values from GitHub and from the policy read the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}: ${canonical((value as Record<string, unknown>)[k])}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}

export function diffFields(before: Map<string, string>, after: Map<string, string>): string[] {
  const lines: string[] = [];
  for (const key of new Set([...after.keys(), ...before.keys()])) {
    const [was, will] = [before.get(key) ?? 'off', after.get(key) ?? 'off'];
    if (was !== will) lines.push(`${key}: ${was} → ${will}`);
  }
  return lines;
}

export const listFields = (fields: Map<string, string>): string[] =>
  [...fields].map(([key, value]) => `${key}: ${value}`);

export function environmentFields(
  settings: EnvironmentSettings,
  names: Map<string, string>,
): Map<string, string> {
  const policy = settings.deployment_branch_policy;
  return new Map([
    ['wait_timer', `${settings.wait_timer} min`],
    ['prevent_self_review', String(settings.prevent_self_review)],
    [
      'reviewers',
      `[${settings.reviewers
        .map((r) => names.get(refKey(r)) ?? refKey(r))
        .sort()
        .join(', ')}]`,
    ],
    [
      'deployment_branches',
      !policy ? 'all branches' : policy.custom_branch_policies ? 'selected branches' : 'protected branches',
    ],
  ]);
}
