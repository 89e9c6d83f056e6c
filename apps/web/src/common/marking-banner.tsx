import { Box } from '@mantine/core';
import { useI18n } from '../i18n/i18n';

/**
 * The request's marking (UNCLASSIFIED//LES, RESERVADO…) as a banner across the top and the bottom of a screen that
 * shows it, and of its printout. Colours follow the usual marking conventions; the text always names the marking,
 * in white or black at AA contrast, so colour is never alone.
 */
const STYLE: Record<string, { bg: string; fg: string }> = {
  PUBLICO: { bg: '#007a33', fg: '#ffffff' },
  'UNCLASSIFIED//LES': { bg: '#007a33', fg: '#ffffff' },
  SBU: { bg: '#502b85', fg: '#ffffff' },
  RESERVADO: { bg: '#502b85', fg: '#ffffff' },
  CONFIDENCIAL: { bg: '#0033a0', fg: '#ffffff' },
  CONFIDENTIAL: { bg: '#0033a0', fg: '#ffffff' },
  SECRET: { bg: '#c8102e', fg: '#ffffff' },
};

export function MarkingBanner({
  marking,
  position,
}: {
  marking: string | null | undefined;
  position: 'top' | 'bottom';
}) {
  const { t } = useI18n();
  if (!marking) return null;
  const style = STYLE[marking] ?? { bg: '#343a40', fg: '#ffffff' };
  return (
    <Box
      role="note"
      aria-label={position === 'top' ? t('marking.label', { marking }) : undefined}
      aria-hidden={position === 'bottom' ? true : undefined}
      data-testid={`marking-${position}`}
      className="vt-marking"
      ta="center"
      fw={700}
      fz="sm"
      py={4}
      style={{ background: style.bg, color: style.fg, letterSpacing: '0.08em' }}
    >
      {marking}
    </Box>
  );
}
