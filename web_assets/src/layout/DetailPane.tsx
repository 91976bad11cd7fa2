import { Drawer } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  open: boolean;
  title: ReactNode;
  testId: string;
  onClose: () => void;
  footer?: ReactNode;
  width?: number;
  children: ReactNode;
}

/**
 * The detail pane: the selected object's form, on the right, below the status bar. Without a
 * mask, so that the list stays usable and another row can be picked while it is open.
 *
 * Give each object its own pane with a React `key`: an antd form keeps the values it holds when
 * its initial values change, so a reused pane would show the previous object.
 */
export function DetailPane({ open, title, testId, onClose, footer, width = 560, children }: Props) {
  return (
    <Drawer
      open={open}
      title={title}
      onClose={onClose}
      width={width}
      mask={false}
      destroyOnHidden
      footer={footer}
      rootClassName="detail-pane"
    >
      <div data-testid={testId}>{children}</div>
    </Drawer>
  );
}
