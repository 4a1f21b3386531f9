// GitHub expressions with GitHub's own evaluator (@actions/expressions): `pre-if`/`post-if` conditions
// with the job-status functions, and `${{ }}` templates in input defaults.

import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import { TokenType } from '@actions/expressions/lexer';

export type JobStatus = 'success' | 'failure' | 'cancelled';

/** Plain JSON-like contexts (github, runner, env, job, ...) by name. */
export type Contexts = Record<string, unknown>;

const STATUS_FUNCTIONS = ['always', 'success', 'failure', 'cancelled'];

function statusFunctions(status: JobStatus): Map<string, FunctionDefinition> {
  const define = (name: string, value: boolean): [string, FunctionDefinition] => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
  ];
  return new Map([
    define('always', true),
    define('success', status === 'success'),
    define('failure', status === 'failure'),
    define('cancelled', status === 'cancelled'),
  ]);
}

function toData(contexts: Contexts): data.Dictionary {
  return JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
}

function parse(expression: string, contexts: Contexts, status: JobStatus) {
  const { tokens } = new Lexer(expression).lex();
  const functions = statusFunctions(status);
  const parser = new Parser(tokens, Object.keys(contexts), [...functions.values()]);
  return { tokens, expr: parser.parse(), functions };
}

function evaluate(expression: string, contexts: Contexts, status: JobStatus): data.ExpressionData {
  try {
    const { expr, functions } = parse(expression, contexts, status);
    return new Evaluator(expr, toData(contexts), functions).evaluate();
  } catch (error) {
    throw new Error(`Cannot evaluate expression '${expression}': ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function stripBraces(condition: string): string {
  const trimmed = condition.trim();
  const match = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  return match ? (match[1] ?? '').trim() : trimmed;
}

/**
 * Evaluates a step condition (`pre-if`, `post-if`) like the runner: without a status function the
 * condition is implicitly `success() && (<condition>)`.
 */
export function evaluateCondition(condition: string, contexts: Contexts, status: JobStatus): boolean {
  let expression = stripBraces(condition);
  if (expression === '') expression = 'success()';
  const { tokens } = new Lexer(expression).lex();
  const usesStatus = tokens.some(
    (token, i) =>
      token.type === TokenType.IDENTIFIER &&
      STATUS_FUNCTIONS.includes(token.lexeme.toLowerCase()) &&
      tokens[i + 1]?.type === TokenType.LEFT_PAREN,
  );
  if (!usesStatus) expression = `success() && (${expression})`;
  return truthy(evaluate(expression, contexts, status));
}

/** Finds the end of a `${{ ... }}` body starting at `from`, skipping `}}` inside 'string literals'. */
function closingBraces(template: string, from: number): number {
  let inString = false;
  for (let i = from; i < template.length; i++) {
    const char = template[i];
    if (char === "'") {
      if (inString && template[i + 1] === "'") i++;
      else inString = !inString;
    } else if (!inString && char === '}' && template[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

/** Evaluates every `${{ }}` in a string template; each result is converted to a string. */
export function evaluateTemplate(
  template: string,
  contexts: Contexts,
  status: JobStatus = 'success',
): string {
  let result = '';
  let cursor = 0;
  for (let open = template.indexOf('${{'); open >= 0; open = template.indexOf('${{', cursor)) {
    const close = closingBraces(template, open + 3);
    if (close < 0) throw new Error(`Unclosed expression in '${template}'`);
    result += template.slice(cursor, open);
    result += evaluate(template.slice(open + 3, close).trim(), contexts, status).coerceString();
    cursor = close + 2;
  }
  return result + template.slice(cursor);
}
