import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  Modal,
  Progress,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { useEffect, useRef, useState, type CSSProperties, type DragEvent } from 'react';
import type { AttachmentView } from '../api/client';
import { problemText } from '../api/problem';
import { useSession } from '../auth/session';
import { roleLabel } from '../common/labels';
import { PromptDialog } from '../common/prompt-dialog';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import {
  useAttachments,
  useDeleteAttachment,
  useRefreshAfterFileChange,
  useWithdrawAttachment,
} from './attachment-queries';
import { formatSize, uploadAttachment, type UploadTarget } from './upload';

/** Badge text near-black on its tint (Mantine's light green is under 4.5:1), never cut short. */
const DARK_TEXT = { '--badge-color': 'var(--mantine-color-dark-9)' } as CSSProperties;
const FULL_LABEL = { label: { overflow: 'visible', textOverflow: 'clip' } } as const;

/** Images a browser shows safely in an <img> (never SVG: it can carry script), and PDF. */
const PREVIEWABLE = /^(image\/(png|jpeg|gif|webp|bmp)|application\/pdf)$/;

interface Sending {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  abort: () => void;
}

export interface AttachmentsPanelProps {
  request: { id: string; status: string };
  /** Which of the request's visible files belong on this screen (all when absent). */
  show?: (file: AttachmentView) => boolean;
  /** Where new files go; several choices show a switch (the hub: a note, or a file for the reply). No upload when empty. */
  uploadTo?: UploadTarget[];
  /** The words under the drop zone: who will see what is added here. */
  hint?: string;
  /** What to say when none of the visible files belongs here. */
  emptyText?: string;
}

/**
 * The files of a request on one screen: the list (name, kind, size, who, when, download, preview) and, where the
 * caller may add some, a drop zone with a picker, one progress bar per file and the server's reason when it
 * refuses one. The server decides what is visible; this only chooses which of those files belong here.
 */
export function AttachmentsPanel({ request, show, uploadTo = [], hint, emptyText }: AttachmentsPanelProps) {
  const { t, language, locale, shortDateTime, dateTime } = useI18n();
  const { user } = useSession();
  const files = useAttachments(request.id);
  const refresh = useRefreshAfterFileChange();
  const remove = useDeleteAttachment();
  const withdraw = useWithdrawAttachment();
  const [target, setTarget] = useState(0);
  const [sending, setSending] = useState<Sending[]>([]);
  const [dragging, setDragging] = useState(false);
  const [preview, setPreview] = useState<AttachmentView | null>(null);
  const [withdrawing, setWithdrawing] = useState<AttachmentView | null>(null);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AttachmentView | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const counter = useRef(0);
  const destination = uploadTo[Math.min(target, uploadTo.length - 1)];

  const visible = (files.data ?? []).filter((f) => !show || show(f));
  const own = (f: AttachmentView) =>
    user !== null && f.uploadedBy.role === user.role && (f.uploadedBy.agency ?? null) === (user.agency ?? null);

  const send = (list: FileList | File[]) => {
    if (!destination) return;
    for (const file of Array.from(list)) {
      const key = ++counter.current;
      const update = (patch: Partial<Sending>) =>
        setSending((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));
      const upload = uploadAttachment(request.id, file, destination, (progress) => update({ progress }));
      setSending((all) => [...all, { key, name: file.name, progress: 0, error: null, abort: upload.abort }]);
      upload.done.then(
        async () => {
          await refresh(request.id);
          setSending((all) => all.filter((s) => s.key !== key));
        },
        (err: unknown) => update({ error: problemText(err, t('common.error')) }),
      );
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length) send(e.dataTransfer.files);
  };

  return (
    <Stack gap="sm">
      {files.isError && <Alert color="red">{problemText(files.error, t('common.error'))}</Alert>}
      {visible.length === 0 && !files.isPending ? (
        <Text c="dimmed" size="sm">
          {emptyText ?? t('files.empty')}
        </Text>
      ) : (
        <Stack gap={0} component="ul" m={0} p={0} aria-label={t('files.title')} style={{ listStyle: 'none' }}>
          {visible.map((f) => (
            <Group
              key={f.id}
              component="li"
              data-testid="attachment-row"
              justify="space-between"
              align="flex-start"
              wrap="nowrap"
              gap="sm"
              py={8}
              style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
            >
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Anchor
                  href={`/api/attachments/${f.id}/content`}
                  download={f.filename}
                  aria-label={t('files.download', { name: f.filename })}
                  fw={500}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {f.filename}
                </Anchor>
                {f.description && <Text size="sm">{f.description}</Text>}
                <Text size="xs" c="dimmed">
                  {[
                    formatSize(f.size, locale),
                    f.contentType.split(';')[0],
                    [roleLabel(f.uploadedBy.role, language), f.uploadedBy.agency].filter(Boolean).join(' · '),
                  ].join(' · ')}{' '}
                  · <time dateTime={f.uploadedAt}>{shortDateTime(f.uploadedAt)}</time>
                </Text>
                <Group gap={4}>
                  <Badge variant="light" color="gray" radius="sm" tt="none" style={DARK_TEXT} styles={FULL_LABEL}>
                    {t(`files.context.${f.context}` as MessageKey)}
                  </Badge>
                  <Badge variant="outline" color="gray" radius="sm" tt="none">
                    {f.handlingCode}
                  </Badge>
                  {f.releasedAt && (
                    <Badge variant="light" color="green" radius="sm" tt="none" style={DARK_TEXT} styles={FULL_LABEL}>
                      {t('files.released', { date: shortDateTime(f.releasedAt) })}
                    </Badge>
                  )}
                </Group>
                {f.withdrawn && (
                  <Text size="xs" c="var(--vt-caution)">
                    {t('files.withdrawnNote', {
                      date: dateTime(f.withdrawn.at),
                      reason: f.withdrawn.reason ?? t('common.none'),
                    })}
                  </Text>
                )}
                <Text
                  size="xs"
                  c="dimmed"
                  ff="monospace"
                  title={t('files.sha256')}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  SHA-256 {f.sha256.slice(0, 16)}…
                </Text>
              </Stack>
              <Group gap={4} wrap="nowrap">
                {PREVIEWABLE.test(f.contentType) && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setPreview(f)}>
                    {t('files.preview')}
                  </Button>
                )}
                {own(f) && request.status === 'draft' && (
                  <Button size="compact-sm" variant="subtle" color="red" c="red.9" onClick={() => setDeleting(f)}>
                    {t('files.delete')}
                  </Button>
                )}
                {own(f) && request.status !== 'draft' && !f.withdrawn && !f.releasedAt && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    c="red.9"
                    onClick={() => {
                      setWithdrawError(null);
                      setWithdrawing(f);
                    }}
                  >
                    {t('files.withdraw')}
                  </Button>
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      )}

      {sending.map((s) => (
        <Card key={s.key} withBorder padding="xs" data-testid="upload-progress">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {s.error ? t('files.refused', { name: s.name }) : t('files.uploading', { name: s.name })}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={() => {
                s.abort();
                setSending((all) => all.filter((x) => x.key !== s.key));
              }}
            >
              {s.error ? t('common.close') : t('common.cancel')}
            </Button>
          </Group>
          {s.error ? (
            <Text size="sm" c="red.9" role="alert">
              {s.error}
            </Text>
          ) : (
            <Progress
              value={Math.round(s.progress * 100)}
              mt={4}
              aria-label={t('files.progress', { name: s.name })}
              animated={s.progress < 1}
            />
          )}
        </Card>
      ))}

      {destination && (
        <Card
          withBorder
          padding="md"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          style={{
            borderStyle: 'dashed',
            borderWidth: 2,
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          }}
          data-testid="drop-zone"
        >
          <Stack gap={6} align="flex-start">
            {uploadTo.length > 1 && (
              <SegmentedControl
                size="xs"
                value={String(target)}
                onChange={(v) => setTarget(Number(v))}
                aria-label={t('files.addAs')}
                data={uploadTo.map((u, i) => ({
                  value: String(i),
                  label: t(`files.context.${u.context}` as MessageKey),
                }))}
              />
            )}
            <Group gap="xs">
              <Text size="sm">{t('files.drop')}</Text>
              <Button size="compact-sm" variant="light" onClick={() => picker.current?.click()}>
                {t('files.pick')}
              </Button>
            </Group>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              aria-label={t('files.pick')}
              data-testid="file-input"
              onChange={(e) => {
                if (e.currentTarget.files?.length) send(e.currentTarget.files);
                e.currentTarget.value = '';
              }}
            />
            <Text size="xs" c="dimmed">
              {hint ?? t(`files.hint.${destination.context}` as MessageKey)} {t('files.rules')}
            </Text>
          </Stack>
        </Card>
      )}

      <PreviewModal file={preview} onClose={() => setPreview(null)} />
      <PromptDialog
        opened={withdrawing !== null}
        title={t('files.withdrawTitle', { name: withdrawing?.filename ?? '' })}
        label={t('files.withdrawReason')}
        confirmLabel={t('files.withdraw')}
        danger
        busy={withdraw.isPending}
        error={withdrawError}
        maxLength={2000}
        onCancel={() => setWithdrawing(null)}
        onConfirm={(reason) =>
          withdrawing &&
          withdraw.mutate(
            { file: withdrawing, reason },
            {
              onSuccess: () => setWithdrawing(null),
              onError: (err) => setWithdrawError(problemText(err, t('common.error'))),
            },
          )
        }
      />
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('files.deleteTitle', { name: deleting?.filename ?? '' })}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack>
          <Text size="sm">{t('files.deleteText')}</Text>
          {remove.isError && <Alert color="red">{problemText(remove.error, t('common.error'))}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}
            >
              {t('files.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** Shows an image or a PDF in the page from its bytes (the download itself stays `attachment`). */
function PreviewModal({ file, onClose }: { file: AttachmentView | null; onClose: () => void }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    if (!file) return;
    let revoked = false;
    let made: string | null = null;
    setError(false);
    setUrl(null);
    fetch(`/api/attachments/${file.id}/content`, { credentials: 'same-origin' })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        // The type is the one the server sniffed; set it again so the browser never guesses.
        const blob = new Blob([await res.arrayBuffer()], { type: file.contentType });
        if (revoked) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => !revoked && setError(true));
    return () => {
      revoked = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  return (
    <Modal
      opened={file !== null}
      onClose={onClose}
      title={file ? t('files.previewOf', { name: file.filename }) : ''}
      size="xl"
      centered
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {error && <Alert color="red">{t('common.error')}</Alert>}
      {!error && !url && <Text c="dimmed">{t('app.loading')}</Text>}
      {url && file?.contentType === 'application/pdf' && (
        <iframe src={url} title={file.filename} style={{ width: '100%', height: '70vh', border: 0 }} />
      )}
      {url && file && file.contentType !== 'application/pdf' && (
        <Image src={url} alt={file.filename} fit="contain" mah="70vh" data-testid="preview-image" />
      )}
    </Modal>
  );
}
