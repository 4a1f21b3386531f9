// Inputs as the runner passes them: `with:` values merged with action.yml defaults, each as INPUT_<NAME>.

import { evaluateTemplate, type Contexts } from './expressions.js';
import type { ActionInput } from './action-manifest.js';

/** INPUT_ + the name upper-cased with spaces as '_' (hyphens are kept): `task-definition` → INPUT_TASK-DEFINITION. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export interface ResolvedInputs {
  /** Every declared input (default or '') plus every given one, keyed as written. */
  values: Record<string, string>;
  /** What the runner warns about: unexpected inputs, deprecated inputs. */
  warnings: string[];
  /** What the runner says nothing about but an action author wants to know: missing required inputs. */
  diagnostics: string[];
}

const sameName = (a: string) => (b: string) => a.toLowerCase() === b.toLowerCase();

export function resolveInputs(
  declared: ActionInput[],
  given: Record<string, string | number | boolean>,
  contexts: Contexts,
): ResolvedInputs {
  const values: Record<string, string> = {};
  const warnings: string[] = [];
  const diagnostics: string[] = [];
  const declaredNames = declared.map((input) => input.name);

  for (const [name, value] of Object.entries(given)) {
    values[name] = String(value);
    const definition = declared.find((input) => sameName(input.name)(name));
    if (definition?.deprecationMessage !== undefined) {
      warnings.push(`Input '${name}' has been deprecated with message: ${definition.deprecationMessage}`);
    }
  }
  for (const input of declared) {
    if (Object.keys(given).some(sameName(input.name))) continue;
    if (input.default !== undefined) {
      values[input.name] = evaluateTemplate(input.default, contexts);
    } else {
      values[input.name] = '';
      if (input.required) {
        diagnostics.push(
          `Input required and not supplied: ${input.name} (the runner does not check this; the action must)`,
        );
      }
    }
  }
  const unexpected = Object.keys(given).filter((name) => !declaredNames.some(sameName(name)));
  if (unexpected.length > 0) {
    warnings.push(
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declaredNames.join("', '")}']`,
    );
  }
  return { values, warnings, diagnostics };
}
