import { Table } from '@mantine/core';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Language } from '../i18n/language';
import { renderScreen } from '../test/render';
import { serverAnswers } from '../test/setup';
import { SortableTh, useListSort } from './list-sort';
import { SavedViewsMenu } from './saved-views';

const SORTS = { folio: 'asc', updated: 'desc' } as const;

/** A list's headers and its Views menu, with the address shown so the test can read it. */
function Harness() {
  const sort = useListSort(SORTS, 'updated');
  const location = useLocation();
  return (
    <>
      <SavedViewsMenu list="requests" keys={['status', 'sort', 'order']} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <SortableTh sort={sort} column="folio">
              Folio
            </SortableTh>
            <SortableTh sort={sort} column="updated">
              Updated
            </SortableTh>
          </Table.Tr>
        </Table.Thead>
      </Table>
      <output data-testid="address">{location.search}</output>
      <output data-testid="query">{JSON.stringify(sort.query)}</output>
    </>
  );
}

const TEXT: Record<Language, { views: string; save: string; name: string; confirm: string }> = {
  en: { views: 'Views', save: 'Save this view…', name: 'Name of the view', confirm: 'Save view' },
  es: { views: 'Vistas', save: 'Guardar esta vista…', name: 'Nombre de la vista', confirm: 'Guardar vista' },
};

describe.each<Language>(['en', 'es'])('sortable headers and saved views (%s)', (language) => {
  const text = TEXT[language];

  it('sorts by a click on a header, flips on a second, and keeps it in the address', async () => {
    serverAnswers.handle = () => Response.json({ items: [] });
    renderScreen(<Harness />, language);
    const folio = screen.getByRole('columnheader', { name: /^Folio/ });
    const updated = screen.getByRole('columnheader', { name: /^Updated/ });
    expect([folio.getAttribute('aria-sort'), updated.getAttribute('aria-sort')]).toEqual(['none', 'descending']);
    expect(screen.getByTestId('query')).toHaveTextContent('{"sort":"updated","order":"desc"}');

    await userEvent.click(within(folio).getByRole('button'));
    expect(folio).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByTestId('address')).toHaveTextContent('?sort=folio');
    await userEvent.click(within(folio).getByRole('button'));
    expect(folio).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByTestId('address')).toHaveTextContent('?sort=folio&order=desc');
    // Another column starts in its own direction.
    await userEvent.click(within(updated).getByRole('button'));
    expect(updated).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByTestId('address').textContent).toBe('?sort=updated');
  });

  it("saves the address's list parameters under a name, and opens a saved view into the address", async () => {
    const posted: unknown[] = [];
    serverAnswers.handle = async (req) => {
      if (req.method === 'POST') {
        posted.push(await req.json());
        return Response.json({ id: 'v2', list: 'requests', name: 'Mine', params: {}, createdAt: '' }, { status: 201 });
      }
      return Response.json({
        items: [
          {
            id: '00000000-0000-4000-8000-000000000001',
            list: 'requests',
            name: 'Urgent first',
            params: { status: 'registered', sort: 'folio', order: 'desc' },
            createdAt: '2026-12-04T08:00:00.000Z',
          },
        ],
      });
    };
    renderScreen(<Harness />, language);
    await userEvent.click(screen.getByRole('button', { name: text.views }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Urgent first' }));
    expect(screen.getByTestId('address').textContent).toBe('?status=registered&sort=folio&order=desc');
    expect(screen.getByRole('columnheader', { name: /^Folio/ })).toHaveAttribute('aria-sort', 'descending');

    await userEvent.click(screen.getByRole('button', { name: text.views }));
    await userEvent.click(await screen.findByRole('menuitem', { name: text.save }));
    await userEvent.type(await screen.findByLabelText(new RegExp(text.name)), 'Mine');
    await userEvent.click(screen.getByRole('button', { name: text.confirm }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      list: 'requests',
      name: 'Mine',
      params: { status: 'registered', sort: 'folio', order: 'desc' },
    });
  });
});
