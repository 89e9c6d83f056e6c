import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RequestAction, RequestView } from '../api/client';
import { ApiProblem } from '../api/problem';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { HandOverDialog } from '../hub/hand-over-dialog';
import { ActionDialog, isReasonAction, type ReasonAction } from './action-dialog';
import { useRequestAction } from './request-queries';

/**
 * Buttons this screen can carry out, in this order. The server's `availableActions` says which apply now;
 * actions with their own screens (answering a clarification, routing, releasing) are left to those.
 */
const BUTTON_ACTIONS: readonly RequestAction[] = [
  'claim',
  'submit',
  'request_clarification',
  'authorize',
  'deny',
  'reject',
  'close',
  'hand_over',
  'withdraw',
];
const DESTRUCTIVE: ReadonlySet<RequestAction> = new Set(['reject', 'deny', 'withdraw']);

export interface RequestActionsProps {
  request: RequestView;
  compact?: boolean;
  /** Limit the buttons (a table row offers the quick ones; the rest are on the request's page). */
  only?: readonly RequestAction[];
}

export function RequestActions({ request, compact = false, only }: RequestActionsProps) {
  const { t } = useI18n();
  const act = useRequestAction();
  const [dialog, setDialog] = useState<ReasonAction | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [handingOver, setHandingOver] = useState(false);
  const actions = BUTTON_ACTIONS.filter((a) => request.availableActions.includes(a) && (!only || only.includes(a)));

  const run = (action: RequestAction, reason?: string) =>
    act.mutate(
      { request, action, reason },
      {
        onSuccess: () => {
          setDialog(null);
          notifications.show({
            color: 'green',
            message: t('action.done', { action: t(`action.${action}` as MessageKey) }),
          });
        },
        onError: (err) => {
          const text = err instanceof ApiProblem ? (err.errors[0]?.message ?? err.title) : t('common.error');
          if (dialog) setDialogError(text);
          else notifications.show({ color: 'red', title: t('common.error'), message: text });
        },
      },
    );

  return (
    <>
      <Group gap="xs" wrap="wrap">
        {!only && request.status === 'draft' && request.availableActions.includes('submit') && (
          <Button component={Link} to={`/requests/${request.id}/edit`} size={compact ? 'xs' : 'sm'} variant="default">
            {t('action.edit')}
          </Button>
        )}
        {actions.map((a) => (
          <Button
            key={a}
            size={compact ? 'xs' : 'sm'}
            variant={DESTRUCTIVE.has(a) ? 'light' : a === 'claim' || a === 'submit' ? 'filled' : 'default'}
            color={DESTRUCTIVE.has(a) ? 'red' : undefined}
            loading={act.isPending && act.variables?.action === a && !dialog}
            onClick={() => {
              setDialogError(null);
              if (a === 'hand_over') setHandingOver(true);
              else if (isReasonAction(a)) setDialog(a);
              else run(a);
            }}
          >
            {t(`action.${a}` as MessageKey)}
          </Button>
        ))}
      </Group>
      <ActionDialog
        action={dialog}
        busy={act.isPending}
        error={dialogError}
        onCancel={() => setDialog(null)}
        onConfirm={(reason) => dialog && run(dialog, reason)}
      />
      {actions.includes('hand_over') && (
        <HandOverDialog
          request={request}
          opened={handingOver}
          onClose={() => setHandingOver(false)}
          onDone={(name) => notifications.show({ color: 'green', message: t('handOver.done', { name }) })}
        />
      )}
    </>
  );
}
