import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { RequestAction } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { counted } from '../common/char-count';
import { useI18n } from '../i18n/i18n';

/** Actions that ask the user for words: the question, the reason, the justification. */
export const REASON_ACTIONS = ['withdraw', 'request_clarification', 'reject', 'authorize', 'deny', 'close'] as const;
export type ReasonAction = (typeof REASON_ACTIONS)[number];
export const isReasonAction = (a: RequestAction): a is ReasonAction =>
  (REASON_ACTIONS as readonly string[]).includes(a);

const OPTIONAL_REASON: ReadonlySet<ReasonAction> = new Set(['close']);

export interface ActionDialogProps {
  action: ReasonAction | null;
  busy: boolean;
  error?: string | null;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}

export function ActionDialog({ action, busy, error, onCancel, onConfirm }: ActionDialogProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  if (!action) return null;
  const required = !OPTIONAL_REASON.has(action);
  const confirm = () => {
    if (required && !reason.trim()) {
      setMissing(true);
      return;
    }
    onConfirm(reason);
  };
  const close = () => {
    setReason('');
    setMissing(false);
    onCancel();
  };
  return (
    <Modal
      opened
      onClose={close}
      title={t(`action.${action}` as MessageKey)}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm();
        }}
        noValidate
      >
        <Stack>
          {(action === 'withdraw' || action === 'reject' || action === 'deny') && (
            <Text size="sm">{t(`action.effect.${action}`)}</Text>
          )}
          <Textarea
            label={t(`action.reason.${action}`)}
            withAsterisk={required}
            autosize
            minRows={3}
            data-autofocus
            maxLength={5000}
            {...counted(reason, 5000)}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('action.reasonRequired') : (error ?? undefined)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              loading={busy}
              color={action === 'reject' || action === 'deny' || action === 'withdraw' ? 'red' : undefined}
            >
              {t(`action.confirm.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
