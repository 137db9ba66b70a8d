import type { DetailRenderer } from './details.js';
import { formatMs } from './format.js';
import { oneLine, truncate } from './text.js';

/**
 * Renders the `completion` detail of the as-completed demo: when the first result
 * reached the handler, when the last one arrived, and the order they were handled in
 * (cut to the width, with the rest counted).
 *
 * @example
 * renderCompletionDetail(details.completion, style, 78);
 * // ['First result handled at 1.000 s · last arrived at 3.000 s',
 * //  'Handled in order: Bob → Charlie → Alice']
 */
export const renderCompletionDetail: DetailRenderer<'completion'> = (value, style, width) => {
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
