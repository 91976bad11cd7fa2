import { Typography } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  testId: string;
  title: ReactNode;
  /** The group-list pane (affiliation tree, management groups, saved searches…), if the screen has one. */
  groupPane?: ReactNode;
  /** Buttons beside the title: create, export, … */
  actions?: ReactNode;
  /** Filters above the list. */
  toolbar?: ReactNode;
  children: ReactNode;
}

/** Group-list pane on the left, the centre pane with the list on the right of it. */
export function ScreenFrame({ testId, title, groupPane, actions, toolbar, children }: Props) {
  return (
    <div className="screen" data-testid={`screen-${testId}`}>
      {groupPane && (
        <aside className="group-pane" data-testid="group-pane">
          {groupPane}
        </aside>
      )}
      <section className="centre-pane">
        <header className="centre-pane__header">
          <Typography.Title level={4} className="centre-pane__title">
            {title}
          </Typography.Title>
          <div className="centre-pane__actions">{actions}</div>
        </header>
        {toolbar && <div className="centre-pane__toolbar">{toolbar}</div>}
        {children}
      </section>
    </div>
  );
}
