import type { EscalationLevel } from '@ventanilla/domain/request-status.js';

/**
 * The Mexican holders of each escalation level (reference/sla.json `escalationLevels[].mxAgencies`): who is
 * told, besides the hub and the agency whose clock ran late, when a request reaches that level.
 */
export const ESCALATION_HOLDERS: Record<EscalationLevel, readonly string[]> = {
  L0: ['SRE-SSAN'],
  L1: ['SRE-DGAE', 'SRE-DGAJ'],
  L2: ['SRE-SSAN', 'GANS'],
  L3: ['SRE-SSAN'],
  L4: ['SRE', 'GABSEG', 'PRESIDENCIA'],
};
