// The texts a person sees in a Slack message (blocks and attachments), as lines for the timeline.
export function slackLines(body: unknown): string[] {
  const lines: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (typeof node === 'string' && key === 'text') lines.push(...node.split('\n'));
    else if (Array.isArray(node) && key === 'fields') {
      const texts = node.map((field) => String((field as { text?: unknown }).text ?? ''));
      lines.push(texts.map((t) => t.replace(/\s*\n\s*/g, ' ')).join(' · '));
    } else if (Array.isArray(node)) node.forEach((item) => visit(item));
    else if (node && typeof node === 'object') {
      const entries = Object.entries(node);
      const nested = entries.some(([k]) => k === 'blocks' || k === 'attachments');
      // With blocks, the top-level text is only the notification fallback: show the blocks.
      for (const [k, v] of entries) if (!(nested && k === 'text')) visit(v, k);
    }
  };
  visit(body);
  return [...new Set(lines.map((l) => l.trim()).filter((l) => l !== ''))];
}
