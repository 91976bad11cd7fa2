import type { HTMLAttributes } from 'react';

/**
 * Props for a table row (antd `onRow`): a stable test id and a click that opens the detail pane.
 * `data-*` keys are valid on a row but not in React's typed attribute object, hence the cast.
 */
export function rowProps(testId: string, onClick?: () => void, selected?: boolean): HTMLAttributes<HTMLElement> {
  return {
    'data-testid': testId,
    onClick,
    'className': [onClick ? 'clickable-row' : '', selected ? 'selected-row' : ''].join(' ').trim(),
  } as HTMLAttributes<HTMLElement>;
}
