import { Alert, Button, Card, Checkbox, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import type { RequestView } from '../api/client';
import { fieldProblems, problemText } from '../api/problem';
import { useAttachments } from '../attachments/attachment-queries';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { formatSize } from '../attachments/upload';
import { assignmentRoleLabel } from '../common/labels';
import { ConfirmDialog } from '../common/confirm-dialog';
import { counted } from '../common/char-count';
import { useAgencyName } from '../common/reference';
import { useI18n } from '../i18n/i18n';
import { Translated } from '../translations/translations';
import { useRequestAction, useRequestAssignments } from '../requests/request-queries';

/**
 * The hub's consolidated reply: its own words to the requester, and the agencies' final answers it attaches,
 * each attributed to its agency (all ticked to begin with). Agencies never answer the requester directly (NS-1).
 */
export function ReleaseResponse({ request }: { request: RequestView }) {
  const { t, language, locale, dateTime } = useI18n();
  const agencyName = useAgencyName();
  const assignments = useRequestAssignments(request.id);
  const act = useRequestAction();
  const answers = useMemo(
    () =>
      (assignments.data ?? [])
        .filter((a) => a.status === 'responded')
        .sort((a, b) => Number(b.role === 'lead') - Number(a.role === 'lead'))
        .flatMap((a) =>
          (a.responses ?? []).filter((r) => r.final).map((r) => ({ ...r, agency: a.agency, role: a.role })),
        ),
    [assignments.data],
  );
  const files = useAttachments(request.id);
  // Agencies' evidence the hub may send on: none goes unless ticked (an agency's file is not the requester's by default).
  const evidence = useMemo(
    () => (files.data ?? []).filter((f) => f.context === 'answer' && !f.withdrawn && !f.releasedAt),
    [files.data],
  );
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [pickedFiles, setPickedFiles] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => setPicked(answers.map((a) => a.id)), [answers]);

  const [confirming, setConfirming] = useState(false);
  const release = () => {
    if (!text.trim()) {
      setErrors({ response: t('action.reasonRequired') });
      return;
    }
    setConfirming(true);
  };
  const send = () => {
    act.mutate(
      {
        request,
        action: 'release_response',
        extra: { response: text.trim(), answerIds: picked, attachmentIds: pickedFiles },
      },
      {
        onSuccess: () => {
          setConfirming(false);
          notifications.show({ color: 'green', message: t('action.done', { action: t('action.release_response') }) });
        },
        onError: (err) => {
          setConfirming(false);
          const byField = fieldProblems(err);
          setErrors(Object.keys(byField).length ? byField : { form: problemText(err, t('common.error')) });
        },
      },
    );
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="release-title">
      <Title order={2} size="h4" mb="sm" id="release-title">
        {t('release.title')}
      </Title>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          release();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={t('release.reply')}
            description={t('release.replyHint')}
            withAsterisk
            autosize
            minRows={4}
            maxLength={20000}
            {...counted(text, 20000)}
            value={text}
            error={errors.response}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setErrors({});
            }}
          />
          <Checkbox.Group
            label={t('release.answers')}
            description={answers.length ? t('release.answersHint') : t('release.noAnswers')}
            value={picked}
            onChange={setPicked}
            error={Object.entries(errors).find(([f]) => f.startsWith('answerIds'))?.[1]}
          >
            <Stack gap="xs" mt="xs">
              {answers.map((a) => (
                <Card key={a.id} withBorder padding="xs">
                  <Checkbox
                    value={a.id}
                    label={`${agencyName(a.agency)} · ${assignmentRoleLabel(a.role, language)} · ${dateTime(a.createdAt)}`}
                  />
                  <Text size="sm" mt={4} ml={32} style={{ whiteSpace: 'pre-wrap' }}>
                    {a.text}
                  </Text>
                  <div style={{ marginLeft: 32 }}>
                    <Translated requestId={request.id} kind="answer" id={a.id} into={request.language} />
                  </div>
                </Card>
              ))}
            </Stack>
          </Checkbox.Group>
          {evidence.length > 0 && (
            <Checkbox.Group
              label={t('files.releaseFiles')}
              description={t('files.releaseFilesHint')}
              value={pickedFiles}
              onChange={setPickedFiles}
              error={Object.entries(errors).find(([f]) => f.startsWith('attachmentIds'))?.[1]}
            >
              <Stack gap={4} mt="xs">
                {evidence.map((f) => (
                  <Checkbox
                    key={f.id}
                    value={f.id}
                    label={`${f.filename} · ${agencyName(f.uploadedBy.agency ?? '')} · ${formatSize(f.size, locale)}`}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('files.replyFiles')}
            </Text>
            <AttachmentsPanel request={request} show={(f) => f.context === 'reply'} uploadTo={[{ context: 'reply' }]} />
          </div>
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <div>
            <Button type="submit" loading={act.isPending}>
              {t('action.release_response')}
            </Button>
          </div>
        </Stack>
      </form>
      <ConfirmDialog
        opened={confirming}
        title={t('confirm.release.title')}
        summary={[
          t('confirm.release.to', { agency: request.requestingAgency }),
          t('confirm.release.answers', { count: picked.length }),
          t('confirm.release.files', {
            count: pickedFiles.length + (files.data ?? []).filter((f) => f.context === 'reply' && !f.withdrawn).length,
          }),
          t('confirm.release.status'),
        ]}
        confirmLabel={t('action.release_response')}
        busy={act.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={send}
      />
    </Card>
  );
}
