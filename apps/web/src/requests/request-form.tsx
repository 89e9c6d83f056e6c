import {
  Alert,
  Button,
  Checkbox,
  CloseButton,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { CLASSIFICATIONS, SUBJECT_KINDS } from '@ventanilla/domain/request-fields.js';
import { HANDLING_CODES, PRIORITIES } from '@ventanilla/domain/request-status.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, newIdempotencyKey, unwrap, type RequestType, type RequestView } from '../api/client';
import { FIELD_LIMITS } from '../api/api-contract';
import { ApiProblem } from '../api/problem';
import { counted } from '../common/char-count';
import { AttachmentsPanel } from '../attachments/attachments-panel';
import { nameOf, priorityLabel } from '../common/labels';
import { useRequestTypes, useTopics } from '../common/reference';
import { useI18n } from '../i18n/i18n';
import { messageFor } from './field-messages';
import { ACTION_KINDS, defaultActionKind, insideLeadTime, noticeLeadTime } from './notice-lead-time';
import {
  emptyRequestForm,
  emptySubject,
  formFromRequest,
  formPath,
  fromLocalInput,
  toLocalInput,
  toRequestBody,
  validateRequestForm,
  type FormFieldError,
  type RequestFormValues,
} from './request-form-model';
import { requestKeys } from './request-queries';

export interface RequestFormProps {
  /** A draft being edited; absent for a new request. */
  draft?: RequestView;
  /** Called once the request is submitted (the caller then follows its registration). */
  onSubmitted: (request: RequestView) => void;
}

/** The liaison's request form: fields follow the chosen type; drafts save as they are, submission checks all. */
export function RequestForm({ draft, onSubmitted }: RequestFormProps) {
  const { t, language, timeZone } = useI18n();
  const types = useRequestTypes();
  const topics = useTopics();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const fieldErrors = useRef<FormFieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const version = useRef(draft?.version ?? null);
  const formRef = useRef<HTMLFormElement>(null);

  const form = useForm<RequestFormValues>({
    initialValues: draft ? formFromRequest(draft) : emptyRequestForm(language),
  });
  const values = form.values;
  // The pickers offer no date in the past: the API refuses one for these fields.
  const earliest = toLocalInput(new Date().toISOString());
  const type: RequestType | undefined = types.data?.find((x) => x.code === values.type);
  const lead = noticeLeadTime(type, values.actionKind);

  // A type that needs notice starts from its usual kind of action (a draft keeps the one it saved); any other
  // type carries none.
  const typeSeen = useRef(values.type);
  useEffect(() => {
    if (!types.data) return;
    const changed = typeSeen.current !== values.type;
    typeSeen.current = values.type;
    const usual = defaultActionKind(type) ?? '';
    if (changed || !usual || !values.actionKind) {
      if (values.actionKind !== usual) form.setFieldValue('actionKind', usual);
    }
  }, [values.type, types.data]);

  // Errors are kept as codes, so switching language re-words the ones still showing.
  useEffect(() => {
    const showing = new Set(Object.keys(form.errors));
    form.setErrors(
      Object.fromEntries(
        fieldErrors.current
          .map((e) => [formPath(e.field), messageFor(e, language)] as const)
          .filter(([path]) => showing.has(path)),
      ),
    );
  }, [language]);

  const showErrors = (errors: FormFieldError[]) => {
    fieldErrors.current = errors;
    form.setErrors(Object.fromEntries(errors.map((e) => [formPath(e.field), messageFor(e, language)])));
    // Take keyboard and screen-reader users to the first field that needs them.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };

  const fail = (err: unknown) => {
    if (err instanceof ApiProblem && err.errors.length > 0) showErrors(err.errors);
    setProblem(err instanceof ApiProblem ? err.title : t('common.error'));
  };

  /** Saves the form to the draft (creating it the first time); returns the draft as the server holds it. */
  const saveDraft = async (): Promise<RequestView> => {
    const body = toRequestBody(values);
    if (draft && version.current !== null) {
      const saved = await unwrap(
        api.PATCH('/api/requests/{id}', {
          params: { path: { id: draft.id } },
          // Lists are sent even when empty so that removing the last subject or location sticks.
          body: {
            ...body,
            version: version.current,
            topics: values.topics,
            subjects: body.subjects ?? [],
            locations: body.locations ?? [],
          },
        }),
      );
      version.current = saved.version;
      return saved;
    }
    return unwrap(
      api.POST('/api/requests', {
        params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
        body: { ...body, draft: true },
      }),
    );
  };

  const onSaveDraft = async () => {
    setProblem(null);
    const errors = validateRequestForm(values, { submitting: false, type });
    if (errors.length) return showErrors(errors);
    setBusy('draft');
    try {
      const saved = await saveDraft();
      fieldErrors.current = [];
      queryClient.setQueryData(requestKeys.one(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: requestKeys.lists() });
      notifications.show({ message: t('form.draftSaved'), color: 'green' });
      if (!draft) await navigate(`/requests/${saved.id}/edit`, { replace: true });
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = async () => {
    setProblem(null);
    const errors = validateRequestForm(values, { submitting: true, type });
    if (errors.length) return showErrors(errors);
    setBusy('submit');
    try {
      let submitted: RequestView;
      if (draft) {
        const saved = await saveDraft();
        submitted = await unwrap(
          api.POST('/api/requests/{id}/actions/{action}', {
            params: { path: { id: saved.id, action: 'submit' } },
            body: { version: saved.version },
          }),
        );
      } else {
        submitted = await unwrap(
          api.POST('/api/requests', {
            params: { header: { 'Idempotency-Key': newIdempotencyKey() } },
            body: toRequestBody(values),
          }),
        );
      }
      fieldErrors.current = [];
      queryClient.setQueryData(requestKeys.one(submitted.id), submitted);
      await queryClient.invalidateQueries({ queryKey: requestKeys.lists() });
      onSubmitted(submitted);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const typeOptions = useMemo(
    () =>
      (types.data ?? [])
        .map((x) => ({ value: x.code, label: nameOf(x, language, x.code) }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [types.data, language],
  );
  const topicOptions = useMemo(
    () => (topics.data ?? []).map((x) => ({ value: x.code, label: nameOf(x, language, x.code) })),
    [topics.data, language],
  );
  const errorCount = Object.keys(form.errors).length;
  const dateHint = t('field.dateHint', { zone: timeZone });

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      aria-describedby="request-form-intro"
    >
      <Stack gap="lg">
        <Text id="request-form-intro" size="sm" c="dimmed">
          {t('form.intro')}
        </Text>
        {(problem || errorCount > 0) && (
          <Alert color="red" role="alert" title={problem ?? undefined}>
            {t('form.hasErrors', { count: errorCount })}
          </Alert>
        )}

        <Fieldset legend={t('form.section.what')}>
          <Grid>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Select
                openOnFocus={false}
                label={t('field.type')}
                withAsterisk
                searchable
                data={typeOptions}
                nothingFoundMessage={t('list.empty')}
                {...form.getInputProps('type')}
                onChange={(v: string | null) => form.setFieldValue('type', v ?? '')}
                description={type ? `${t('field.priority.default', { priority: type.defaultPriority })}` : undefined}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <MultiSelect
                openOnFocus={false}
                label={t('field.topics')}
                withAsterisk
                searchable
                data={topicOptions}
                description={t('field.topics.hint')}
                {...form.getInputProps('topics')}
              />
            </Grid.Col>
            {type && (
              <Grid.Col span={12}>
                <Text size="sm" c="dimmed">
                  <strong>{t('form.typeDefinition')}:</strong> {language === 'es' ? type.definitionEs : type.definition}
                </Text>
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, md: 8 }}>
              <TextInput
                label={t('field.title')}
                withAsterisk
                {...form.getInputProps('title')}
                {...counted(values.title, FIELD_LIMITS.CreateRequestDto?.title?.maxLength)}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                openOnFocus={false}
                label={t('field.priority')}
                clearable
                placeholder={type ? priorityLabel(type.defaultPriority, language) : undefined}
                data={PRIORITIES.map((p) => ({ value: p, label: priorityLabel(p, language) }))}
                {...form.getInputProps('priority')}
                value={values.priority || null}
                onChange={(v: string | null) => form.setFieldValue('priority', v ?? '')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label={t('field.summary')}
                withAsterisk
                autosize
                minRows={4}
                maxRows={14}
                {...form.getInputProps('summary')}
                {...counted(values.summary, FIELD_LIMITS.CreateRequestDto?.summary?.maxLength)}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Textarea
                label={t('field.legalBasis')}
                autosize
                minRows={2}
                {...form.getInputProps('legalBasis')}
                {...counted(values.legalBasis, FIELD_LIMITS.CreateRequestDto?.legalBasis?.maxLength)}
              />
            </Grid.Col>
          </Grid>
        </Fieldset>

        <Fieldset legend={t('form.section.handling')}>
          <Grid>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                openOnFocus={false}
                label={t('field.language')}
                withAsterisk
                data={[
                  { value: 'en', label: t('language.en') },
                  { value: 'es', label: t('language.es') },
                ]}
                {...form.getInputProps('language')}
                onChange={(v: string | null) => form.setFieldValue('language', v ?? '')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                openOnFocus={false}
                label={t('field.classification')}
                withAsterisk
                data={[...CLASSIFICATIONS]}
                {...form.getInputProps('classification')}
                onChange={(v: string | null) => form.setFieldValue('classification', v ?? '')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Select
                openOnFocus={false}
                label={t('field.handlingCode')}
                withAsterisk
                data={HANDLING_CODES.map((h) => ({ value: h, label: t(`handling.${h}`) }))}
                {...form.getInputProps('handlingCode')}
                onChange={(v: string | null) => form.setFieldValue('handlingCode', v ?? '')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput label={t('field.diplomaticNoteNumber')} {...form.getInputProps('diplomaticNoteNumber')} />
            </Grid.Col>
          </Grid>
        </Fieldset>

        <Fieldset legend={t('form.section.subjects')}>
          <Stack>
            <Text fw={600} size="sm" component="h2">
              {t('field.subjects')}
            </Text>
            {values.subjects.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('form.noSubjects')}
              </Text>
            )}
            {values.subjects.map((_, i) => (
              <Fieldset key={i} legend={t('form.subjectN', { n: i + 1 })} variant="filled">
                <Grid align="flex-end">
                  <Grid.Col span={{ base: 12, md: 3 }}>
                    <Select
                      openOnFocus={false}
                      label={t('field.subject.kind')}
                      data={SUBJECT_KINDS.map((k) => ({ value: k, label: t(`subjectKind.${k}`) }))}
                      allowDeselect={false}
                      {...form.getInputProps(`subjects.${i}.kind`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 4 }}>
                    <TextInput
                      label={t('field.subject.name')}
                      withAsterisk
                      {...form.getInputProps(`subjects.${i}.name`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 3 }}>
                    <TextInput
                      label={t('field.subject.nationality')}
                      {...form.getInputProps(`subjects.${i}.nationality`)}
                    />
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 2 }}>
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() => form.removeListItem('subjects', i)}
                      aria-label={t('form.removeSubject', { n: i + 1 })}
                    >
                      {t('common.remove')}
                    </Button>
                  </Grid.Col>
                  <Grid.Col span={12}>
                    <Checkbox
                      label={t('field.subject.isMexicanOfficial')}
                      {...form.getInputProps(`subjects.${i}.isMexicanOfficial`, { type: 'checkbox' })}
                    />
                  </Grid.Col>
                </Grid>
              </Fieldset>
            ))}
            <div>
              <Button variant="light" onClick={() => form.insertListItem('subjects', emptySubject())}>
                {t('form.addSubject')}
              </Button>
            </div>

            <Text fw={600} size="sm" component="h2">
              {t('field.locations')}
            </Text>
            {values.locations.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('form.noLocations')}
              </Text>
            )}
            {values.locations.map((_, i) => (
              <Group key={i} align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('field.location', { n: i + 1 })}
                  {...form.getInputProps(`locations.${i}`)}
                />
                <CloseButton
                  mb={4}
                  aria-label={t('form.removeLocation', { n: i + 1 })}
                  onClick={() => form.removeListItem('locations', i)}
                />
              </Group>
            ))}
            <div>
              <Button variant="light" onClick={() => form.insertListItem('locations', '')}>
                {t('form.addLocation')}
              </Button>
            </div>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('form.section.timing')}>
          <Grid>
            {lead && (
              <Grid.Col span={12}>
                <Alert color="grape" title={t('form.notice.title')}>
                  <Stack gap={4}>
                    <span>
                      {lead.hours === null
                        ? t('form.notice.exigent', { hours: lead.reportWithinHours })
                        : t('form.notice.body', { hours: lead.hours, kind: t(`form.leadKind.${lead.kind}`) })}
                    </span>
                    {type?.noSurprises === 'authorization' && <span>{t('form.notice.authorization')}</span>}
                  </Stack>
                </Alert>
              </Grid.Col>
            )}
            {lead && (
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Select
                  label={t('field.actionKind')}
                  withAsterisk
                  allowDeselect={false}
                  data={ACTION_KINDS.map((k) => ({ value: k, label: t(`actionKind.${k}`) }))}
                  {...form.getInputProps('actionKind')}
                />
              </Grid.Col>
            )}
            {lead && (
              <Grid.Col span={{ base: 12, md: 6 }}>
                <TextInput
                  type="datetime-local"
                  label={t('field.proposedActionAt')}
                  withAsterisk
                  description={dateHint}
                  min={earliest}
                  {...form.getInputProps('proposedActionAt')}
                />
                {insideLeadTime(lead, fromLocalInput(values.proposedActionAt)) && (
                  <Text size="sm" c="var(--vt-caution)" mt={4} role="status">
                    {t('form.notice.inside', { hours: lead.hours })}
                  </Text>
                )}
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput
                type="datetime-local"
                label={t('field.neededBy')}
                description={dateHint}
                min={earliest}
                {...form.getInputProps('neededBy')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <Checkbox
                label={t('field.usPersonnelOnMexicanSoil')}
                description={t('field.usPersonnelOnMexicanSoil.hint')}
                {...form.getInputProps('usPersonnelOnMexicanSoil', { type: 'checkbox' })}
              />
            </Grid.Col>
          </Grid>
        </Fieldset>

        <Fieldset legend={t('files.title')}>
          {draft ? (
            <AttachmentsPanel
              request={draft}
              show={(f) => f.context === 'request'}
              uploadTo={[{ context: 'request' }]}
            />
          ) : (
            <Text size="sm" c="dimmed">
              {t('files.saveDraftFirst')}
            </Text>
          )}
        </Fieldset>

        <Group justify="flex-end">
          <Button
            variant="default"
            loading={busy === 'draft'}
            disabled={busy !== null}
            onClick={() => void onSaveDraft()}
          >
            {t('form.saveDraft')}
          </Button>
          <Button type="submit" loading={busy === 'submit'} disabled={busy !== null}>
            {t('form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
