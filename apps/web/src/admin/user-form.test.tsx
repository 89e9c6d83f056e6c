import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import type { Language } from '../i18n/language';
import { AGENCIES, renderScreen } from '../test/render';
import { UserForm } from './user-form';

const TEXT: Record<Language, Record<string, string>> = {
  en: {
    email: 'E-mail',
    name: 'Name',
    role: 'Role',
    agency: 'Agency',
    password: 'Password',
    create: 'Create user',
    required: 'Is required',
    tooShort: 'Must be at least 12 characters',
    notEmail: 'Must be an e-mail address',
    auditor: 'Auditor',
    taken: 'Is already in use',
  },
  es: {
    email: 'Correo electrónico',
    name: 'Nombre',
    role: 'Perfil',
    agency: 'Dependencia',
    password: 'Contraseña',
    create: 'Crear usuario',
    required: 'Es obligatorio',
    tooShort: 'Debe tener al menos 12 caracteres',
    notEmail: 'Debe ser un correo electrónico',
    auditor: 'Auditoría',
    taken: 'Ya está en uso',
  },
};

const field = (label: string) => screen.getByLabelText(label, { exact: false, selector: 'input' });

describe.each<Language>(['en', 'es'])('the user form (%s)', (language) => {
  const text = TEXT[language];

  it('checks what the server checks, with its messages, and sends nothing while anything is wrong', async () => {
    const onSubmit = vi.fn();
    renderScreen(
      <UserForm mode="create" agencies={AGENCIES} busy={false} error={null} onCancel={vi.fn()} onSubmit={onSubmit} />,
      language,
    );
    await userEvent.type(field(text.email), 'not-an-address');
    await userEvent.type(field(text.password), 'elevenchars');
    await userEvent.click(screen.getByRole('button', { name: text.create }));

    expect(field(text.email)).toHaveAccessibleDescription(expect.stringContaining(text.notEmail));
    expect(field(text.name)).toHaveAccessibleDescription(expect.stringContaining(text.required));
    // A liaison speaks for an agency: it is required.
    expect(field(text.agency)).toHaveAccessibleDescription(expect.stringContaining(text.required));
    expect(screen.getByText(text.tooShort)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('offers each role only the agencies it may speak for, and none to auditors', async () => {
    const onSubmit = vi.fn();
    renderScreen(
      <UserForm mode="create" agencies={AGENCIES} busy={false} error={null} onCancel={vi.fn()} onSubmit={onSubmit} />,
      language,
    );
    await userEvent.click(field(text.agency));
    const liaisonAgencies = (await screen.findAllByRole('option')).map((o) => o.textContent?.split(' · ')[0]);
    expect(liaisonAgencies.sort()).toEqual(['DEA', 'HSI']);
    await userEvent.keyboard('{Escape}');

    await userEvent.click(field(text.role));
    await userEvent.click(await screen.findByRole('option', { name: text.auditor }));
    expect(field(text.agency)).toBeDisabled();
    await userEvent.type(field(text.email), 'new.auditor@demo.test');
    await userEvent.type(field(text.name), 'New Auditor');
    await userEvent.click(screen.getByRole('button', { name: text.create }));
    await waitFor(() =>
      expect(onSubmit).toHaveBeenCalledWith(
        expect.objectContaining({ email: 'new.auditor@demo.test', role: 'auditor', agency: null, password: '' }),
      ),
    );
  });

  it('shows the server’s field errors under the fields they name', () => {
    const taken = new ApiProblem(409, 'USER.EMAIL_TAKEN', 'exists', [
      { field: 'email', code: 'taken', message: text.taken },
    ]);
    renderScreen(
      <UserForm mode="create" agencies={AGENCIES} busy={false} error={taken} onCancel={vi.fn()} onSubmit={vi.fn()} />,
      language,
    );
    expect(field(text.email)).toHaveAccessibleDescription(expect.stringContaining(text.taken));
  });
});
