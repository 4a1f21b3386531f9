// Reads the checks text as JSON or YAML, refusing numbers the parser would silently change.
import { isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';

/**
 * Reads the `checks` text as JSON (when it starts with `[` or `{`) or YAML, refusing numbers in
 * `json-equals` that the parser would change: `1.10` reads as 1.1 and `0123e4` as 1230000, so the
 * check would compare against a value the author did not write. Throws an Error saying where.
 */
export function readChecksDocument(text: string): unknown {
  const trimmed = text.trim();
  const kind = /^[[{]/.test(trimmed) ? 'JSON' : 'YAML';
  let document: Document;
  try {
    if (kind === 'JSON') JSON.parse(trimmed);
    document = parseDocument(trimmed);
    const [first] = document.errors;
    if (first) throw first;
  } catch (error) {
    throw new Error(`is not valid ${kind}: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  refuseChangedNumbers(document);
  return document.toJS();
}

function refuseChangedNumbers(document: Document): void {
  visit(document, {
    Scalar(key, node, path) {
      if (key !== 'value' || typeof node.value !== 'number' || node.source === undefined) return;
      if (node.source === String(node.value)) return;
      const under = path.findIndex((p) => isPair(p) && isScalar(p.key) && p.key.value === 'json-equals');
      if (under < 0) return;
      const field = path.at(-1);
      const name = isPair(field) && isScalar(field.key) ? String(field.key.value) : '?';
      const list = path[1];
      const index = isSeq(list) ? list.items.indexOf(path[2] as never) + 1 : 1;
      throw new Error(
        `item ${index} "json-equals" "${name}" is written ${node.source}, which reads as the number ${String(node.value)}: ` +
          `quote it ("${node.source}") to compare the text, or write ${String(node.value)}`,
      );
    },
  });
}
