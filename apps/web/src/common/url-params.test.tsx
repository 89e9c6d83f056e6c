import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderScreen } from '../test/render';
import { useUrlParam, useUrlText } from './url-params';

/** A search box and a filter kept in the address, the address shown, and a link that changes it otherwise. */
function Harness() {
  const [text, setText] = useUrlText('q');
  const setParam = useUrlParam();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <input aria-label="Search" value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <button onClick={() => setParam('status', 'routed')}>Routed</button>
      <button onClick={() => setParam('status', null)}>Any status</button>
      <button onClick={() => void navigate('?q=Beltran&status=closed')}>Open a saved view</button>
      <button onClick={() => void navigate('?')}>Clear</button>
      <output data-testid="address">{location.search}</output>
    </>
  );
}

describe('filters kept in the address', () => {
  it('sets and removes one parameter, keeping the others', async () => {
    renderScreen(<Harness />, 'en');
    await userEvent.click(screen.getByRole('button', { name: 'Open a saved view' }));
    await userEvent.click(screen.getByRole('button', { name: 'Routed' }));
    expect(screen.getByTestId('address')).toHaveTextContent('?q=Beltran&status=routed');
    await userEvent.click(screen.getByRole('button', { name: 'Any status' }));
    expect(screen.getByTestId('address')).toHaveTextContent(/^\?q=Beltran$/);
  });

  it('puts typed text in the address after a pause, trimmed, and an emptied box removes it', async () => {
    renderScreen(<Harness />, 'en');
    const box = screen.getByRole('textbox', { name: 'Search' });
    await userEvent.type(box, '  fentanilo ');
    await waitFor(() => expect(screen.getByTestId('address')).toHaveTextContent('?q=fentanilo'));
    expect(box).toHaveValue('  fentanilo ');
    await userEvent.clear(box);
    await waitFor(() => expect(screen.getByTestId('address')).toBeEmptyDOMElement());
  });

  it('follows the address when something else changes it (a saved view, back and forward, clear)', async () => {
    renderScreen(<Harness />, 'en');
    const box = screen.getByRole('textbox', { name: 'Search' });
    await userEvent.click(screen.getByRole('button', { name: 'Open a saved view' }));
    await waitFor(() => expect(box).toHaveValue('Beltran'));
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(box).toHaveValue(''));
    // The cleared box does not write the old text back once its pause is over.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(screen.getByTestId('address')).toBeEmptyDOMElement();
  });
});
