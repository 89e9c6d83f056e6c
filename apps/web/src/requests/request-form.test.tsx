import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { serverAnswers } from '../test/setup';
import { renderScreen } from '../test/render';
import type { Language } from '../i18n/language';
import { RequestForm } from './request-form';

/** What each language calls things; the messages themselves come from the server's table (libs/http). */
const TEXT: Record<Language, Record<string, string>> = {
  en: {
    submit: 'Submit request',
    draft: 'Save draft',
    type: 'Request type',
    topics: 'Topics',
    title: 'Title',
    summary: 'Summary',
    classification: 'Classification',
    handling: 'Handling code',
    proposed: 'Proposed action date and time',
    addSubject: 'Add subject',
    subjectName: 'Name',
    required: 'Is required',
    requiredForType: 'Is required for this request type',
    tooLong: 'Must be at most 200 characters',
    notEmpty: 'Must not be empty',
    operation: 'Coordinated operation',
    leadTime: 'at least 24 hours ahead (operation)',
    planned: 'Advance notice',
    plannedLead: 'at least 72 hours ahead (planned action)',
    actionKind: 'Kind of action',
    operationKind: 'Operation (24 h notice)',
    exigent: 'Exigent action (report within 12 h)',
    exigentNotice: 'file a post-action report within 12 hours',
  },
  es: {
    submit: 'Enviar solicitud',
    draft: 'Guardar borrador',
    type: 'Tipo de solicitud',
    topics: 'Temas',
    title: 'Asunto',
    summary: 'Resumen',
    classification: 'Clasificación',
    handling: 'Código de manejo',
    proposed: 'Fecha y hora propuestas de la acción',
    addSubject: 'Agregar persona u objeto',
    subjectName: 'Nombre',
    required: 'Es obligatorio',
    requiredForType: 'Es obligatorio para este tipo de solicitud',
    tooLong: 'Debe tener como máximo 200 caracteres',
    notEmpty: 'No debe estar vacío',
    operation: 'Operación coordinada',
    leadTime: 'al menos 24 horas de anticipación (operativo)',
    planned: 'Aviso previo',
    plannedLead: 'al menos 72 horas de anticipación (acción planeada)',
    actionKind: 'Tipo de acción',
    operationKind: 'Operativo (aviso con 24 h)',
    exigent: 'Acción urgente (informe en 12 h)',
    exigentNotice: 'presente un informe posterior dentro de las 12 horas',
  },
};

const field = (label: string) => screen.getByLabelText(label, { exact: false, selector: 'input, textarea' });

async function chooseOption(label: string, option: string) {
  await userEvent.click(field(label));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe.each<Language>(['en', 'es'])('request form validation (%s)', (language) => {
  const text = TEXT[language];

  it('marks every field a submission needs, with the server’s message, and sends nothing', async () => {
    const onSubmitted = vi.fn();
    renderScreen(<RequestForm onSubmitted={onSubmitted} />, language);
    await userEvent.click(screen.getByRole('button', { name: text.submit }));

    for (const label of [text.type, text.topics, text.title, text.summary, text.classification, text.handling]) {
      const input = field(label);
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(input).toHaveAccessibleDescription(expect.stringContaining(text.required));
    }
    // The language of the request starts as the interface's, so it is not missing.
    expect(screen.getAllByText(text.required)).toHaveLength(6);
    await waitFor(() => expect(document.activeElement).toBe(field(text.type)));
    expect(onSubmitted).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks for the proposed action date only for types that need notice, with the lead time', async () => {
    renderScreen(<RequestForm onSubmitted={vi.fn()} />, language);
    expect(screen.queryByLabelText(text.proposed, { exact: false })).toBeNull();

    await chooseOption(text.type, text.operation);
    expect(screen.getByText(text.leadTime, { exact: false })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: text.submit }));
    expect(field(text.proposed)).toHaveAccessibleDescription(expect.stringContaining(text.requiredForType));

    await chooseOption(text.type, text.planned);
    expect(screen.getByText(text.plannedLead, { exact: false })).toBeInTheDocument();
  });

  it('asks what kind of action a notice announces, starting from the type’s usual one', async () => {
    renderScreen(<RequestForm onSubmitted={vi.fn()} />, language);
    await chooseOption(text.type, text.operation);
    expect(field(text.actionKind)).toHaveValue(text.operationKind);
    await chooseOption(text.actionKind, text.exigent);
    expect(screen.getByText(text.exigentNotice, { exact: false })).toBeInTheDocument();
    expect(screen.queryByText(text.leadTime, { exact: false })).toBeNull();
  });

  it('checks sizes the API declares, and a subject’s name, even for a draft', async () => {
    renderScreen(<RequestForm onSubmitted={vi.fn()} />, language);
    await userEvent.click(field(text.title));
    await userEvent.paste('x'.repeat(201));
    await userEvent.click(screen.getByRole('button', { name: text.addSubject }));
    await userEvent.click(screen.getByRole('button', { name: text.draft }));

    expect(field(text.title)).toHaveAccessibleDescription(expect.stringContaining(text.tooLong));
    const subject = screen.getByRole('group', { name: new RegExp(`1$`) });
    expect(within(subject).getByLabelText(text.subjectName, { exact: false })).toHaveAccessibleDescription(
      expect.stringContaining(text.required),
    );
    // Drafts need no completeness: the summary is not flagged.
    expect(field(text.summary)).not.toHaveAttribute('aria-invalid', 'true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the server’s field errors under the fields they name', async () => {
    serverAnswers.handle = () =>
      new Response(
        JSON.stringify({
          type: 'https://ventanilla.sre.example/problems/validation-failed',
          title: language === 'es' ? 'La solicitud tiene campos no válidos.' : 'The request has invalid fields.',
          status: 400,
          code: 'VALIDATION.FAILED',
          errors: [{ field: 'subjects[0].name', code: 'isNotEmpty' }],
        }),
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      );
    renderScreen(<RequestForm onSubmitted={vi.fn()} />, language);
    await chooseOption(text.type, text.operation);
    await userEvent.click(screen.getByRole('button', { name: text.addSubject }));
    await userEvent.type(screen.getByLabelText(text.subjectName, { exact: false, selector: 'input' }), 'Someone');
    await userEvent.click(screen.getByRole('button', { name: text.draft }));

    await waitFor(() =>
      expect(screen.getByLabelText(text.subjectName, { exact: false, selector: 'input' })).toHaveAccessibleDescription(
        expect.stringContaining(text.notEmpty),
      ),
    );
    const [call] = vi.mocked(fetch).mock.calls;
    const sent = call[0] as Request;
    expect(sent.headers.get('accept-language')).toBe(language);
    expect(sent.headers.get('idempotency-key')).toBeTruthy();
    expect(await sent.json()).toMatchObject({
      draft: true,
      type: 'coordinated_operation',
      subjects: [{ name: 'Someone' }],
    });
  });
});
