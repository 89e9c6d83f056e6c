import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';

/**
 * A labelled search box with its button, for searching inside a screen: the words go to `onSearch` on Enter or
 * the button, and an emptied box clears the search at once.
 */
export function SearchForm({
  label,
  button,
  initial = '',
  onSearch,
}: {
  label: string;
  button: string;
  initial?: string;
  onSearch: (words: string) => void;
}) {
  const [text, setText] = useState(initial);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput
          style={{ flex: 1, maxWidth: 480 }}
          type="search"
          label={label}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            if (e.currentTarget.value === '') onSearch('');
          }}
        />
        <Button type="submit" variant="default">
          {button}
        </Button>
      </Group>
    </form>
  );
}
