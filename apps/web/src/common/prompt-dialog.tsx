import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { counted } from './char-count';

export interface PromptDialogProps {
  opened: boolean;
  title: string;
  /** The label of the text field (the question, the reason, the answer). */
  label: string;
  confirmLabel: string;
  required?: boolean;
  danger?: boolean;
  busy: boolean;
  /** The server's words when it refused. */
  error?: string | null;
  maxLength?: number;
  onCancel: () => void;
  onConfirm: (text: string) => void;
}

/** Asks for words before an action (a reason, a question, an answer); Escape or Cancel leaves nothing done. */
export function PromptDialog({
  opened,
  title,
  label,
  confirmLabel,
  required = true,
  danger = false,
  busy,
  error,
  maxLength,
  onCancel,
  onConfirm,
}: PromptDialogProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (opened) {
      setText('');
      setMissing(false);
    }
  }, [opened]);
  const confirm = () => {
    if (required && !text.trim()) {
      setMissing(true);
      return;
    }
    onConfirm(text);
  };
  return (
    <Modal
      opened={opened}
      onClose={onCancel}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // A dialog is portalled out of the page, but React still bubbles its submit to any form around it.
          e.stopPropagation();
          confirm();
        }}
      >
        <Stack>
          <Textarea
            label={label}
            withAsterisk={required}
            autosize
            minRows={3}
            maxRows={14}
            data-autofocus
            maxLength={maxLength}
            {...counted(text, maxLength)}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('action.reasonRequired') : (error ?? undefined)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} color={danger ? 'red' : undefined}>
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
