import type { DetailRenderer } from './details.js';
import { formatMs } from './format.js';
import { oneLine, truncate } from './text.js';

/** The `completion` detail as the report carries it (see CompletionDetail in src/demos/as-completed.ts). */
interface CompletionDetail {
  firstMs: number;
  lastMs: number;
  order: string[];
  count: number;
  handleMs: number;
}

/**
 * Renders the `completion` detail of the as-completed demo: when the first result
 * reached the handler, when the last one arrived, and the order they were handled in
 * (cut to the width, with the rest counted). Anything of another shape renders as nothing.
 *
 * @example
 * renderCompletionDetail(details.completion, style, 78);
 * // ['First result handled at 1.000 s · last arrived at 3.000 s',
 * //  'Handled in order: Bob → Charlie → Alice']
 */
export const renderCompletionDetail: DetailRenderer = (value, style, width) => {
  if (!isCompletionDetail(value)) return [];
  const { c } = style;
  const sep = style.unicode ? ' · ' : ' | ';
  const arrow = style.unicode ? ' → ' : ' -> ';
  const ellipsis = style.unicode ? '…' : '...';
  const more = value.count - value.order.length;
  const order = value.order.map(oneLine).join(arrow) + (more > 0 ? `${arrow}${ellipsis} ${more} more` : '');
  return [
    `First result handled at ${c.green(formatMs(value.firstMs))}${sep}last arrived at ${formatMs(value.lastMs)}`,
    truncate(`Handled in order: ${order}`, width, ellipsis),
  ];
};

function isCompletionDetail(value: unknown): value is CompletionDetail {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CompletionDetail>;
  return (
    typeof v.firstMs === 'number' &&
    typeof v.lastMs === 'number' &&
    typeof v.count === 'number' &&
    typeof v.handleMs === 'number' &&
    Array.isArray(v.order) &&
    v.order.every((name: unknown) => typeof name === 'string')
  );
}
