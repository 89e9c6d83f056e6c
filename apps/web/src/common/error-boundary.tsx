import { Alert, Button, Stack } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { activeLanguage, translate } from '../i18n/i18n';

interface State {
  failed: boolean;
}

/** A screen that breaks shows a way out instead of a blank page; the rest of the app keeps working. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('screen failed', error, info.componentStack);
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    // Moving to another screen gives it a fresh start.
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const language = activeLanguage();
    return (
      <Stack p="lg" maw={640}>
        <Alert color="red" role="alert" title={translate(language, 'common.error')}>
          <Button mt="sm" variant="light" color="red" onClick={() => window.location.reload()}>
            {translate(language, 'common.retry')}
          </Button>
        </Alert>
      </Stack>
    );
  }
}
