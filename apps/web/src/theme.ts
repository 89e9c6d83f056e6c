import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A deep wine red, after the Mexican government's institutional colour; shades 7–9 pass WCAG AA on white. */
const ventanilla: MantineColorsTuple = [
  '#fcedf1',
  '#f3d6de',
  '#e8a9ba',
  '#dd7994',
  '#d45174',
  '#c93a61',
  '#b02a52',
  '#9d2449',
  '#86203f',
  '#6e1934',
];

export const theme = createTheme({
  primaryColor: 'ventanilla',
  primaryShade: 7,
  colors: { ventanilla },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  // Keyboard users always see where they are.
  focusRing: 'auto',
  cursorType: 'pointer',
  // No sliding or fading for users who asked their system for less motion.
  respectReducedMotion: true,
  components: {
    // Alert titles take the alert's colour by default, which falls under 4.5:1 on its tinted background.
    Alert: { styles: { title: { color: 'var(--mantine-color-text)' } } },
  },
});
