import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

export interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  /** What will happen, one line each: what changes, who is told. */
  summary: string[];
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Before an action that cannot be undone: what it will do and who will be told, then confirm or go back. */
export function ConfirmDialog({
  opened,
  title,
  summary,
  confirmLabel,
  danger,
  busy,
  onCancel,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useI18n();
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack>
        <Text size="sm">{t('confirm.intro')}</Text>
        <List size="sm" spacing={4}>
          {summary.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color={danger ? 'red.9' : undefined} loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
