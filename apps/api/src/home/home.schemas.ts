import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import { EscalationCountsSchema, QueueCountsByQueueSchema } from '../openapi/response.schemas.js';
import {
  LIAISON_ACTIONS,
  LIAISON_DEADLINES,
  type AdminHome,
  type AgencyHome,
  type AgencyHomeItem,
  type AuditorHome,
  type AuthorizerHome,
  type HomeRequestItem,
  type HomeView,
  type HubHome,
  type LiaisonAction,
  type LiaisonDeadline,
  type LiaisonHome,
} from './home.service.js';

export class HomeRequestItemSchema implements HomeRequestItem {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty() priority: string;
  @ApiProperty() escalationLevel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at: string | null;
}

export class LiaisonActionItemSchema extends HomeRequestItemSchema {
  @ApiProperty({ enum: LIAISON_ACTIONS }) action: LiaisonAction;
}

export class LiaisonDeadlineItemSchema extends HomeRequestItemSchema {
  @ApiProperty({ enum: LIAISON_DEADLINES }) kind: LiaisonDeadline;
}

export class LiaisonActionCountsSchema implements Record<LiaisonAction, number> {
  @ApiProperty({ description: 'Requests the hub asked to clarify.' }) clarification: number;
  @ApiProperty({ description: "Requests with an agency's question relayed by the hub, unanswered." }) question: number;
  @ApiProperty({ description: 'Exigent actions whose post-action report is not filed.' }) post_action_report: number;
  @ApiProperty({ description: 'Drafts not yet submitted.' }) draft: number;
}

export class LiaisonHomeSchema implements LiaisonHome {
  @ApiProperty({ description: "The agency's submitted requests not yet finished." }) open: number;
  @ApiProperty({ type: LiaisonActionCountsSchema }) needsAction: LiaisonActionCountsSchema;
  @ApiProperty({ type: [LiaisonActionItemSchema] }) actionItems: LiaisonActionItemSchema[];
  @ApiProperty({
    type: [LiaisonDeadlineItemSchema],
    description: 'Needed-by and proposed-action dates, nearest first.',
  })
  deadlines: LiaisonDeadlineItemSchema[];
}

export class HubHomeSchema implements HubHome {
  @ApiProperty({ type: QueueCountsByQueueSchema }) queues: QueueCountsByQueueSchema;
  @ApiProperty({
    type: [HomeRequestItemSchema],
    description: "The caller's claimed open requests, nearest deadline first.",
  })
  mine: HomeRequestItemSchema[];
}

export class AgencyHomeItemSchema implements AgencyHomeItem {
  @ApiProperty({ format: 'uuid' }) assignmentId: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ type: String, nullable: true }) folio: string | null;
  @ApiProperty() title: string;
  @ApiProperty() role: string;
  @ApiProperty() status: string;
  @ApiProperty() priority: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) responseDueAt: string | null;
  @ApiProperty() clockPaused: boolean;
}

export class AgencyHomeSchema implements AgencyHome {
  @ApiProperty() toAccept: number;
  @ApiProperty() toAnswer: number;
  @ApiProperty() awaitingHub: number;
  @ApiProperty({ description: 'To accept or answer, past 80 % of the clock.' }) atRisk: number;
  @ApiProperty({ description: 'To accept or answer, past the deadline.' }) overdue: number;
  @ApiProperty({ type: [AgencyHomeItemSchema] }) items: AgencyHomeItemSchema[];
}

export class AuthorizerHomeSchema implements AuthorizerHome {
  @ApiProperty() pending: number;
  @ApiProperty({ description: 'Pending, with the proposed action within 7 days or past.' }) actionWithinWeek: number;
  @ApiProperty({ type: [HomeRequestItemSchema] }) items: HomeRequestItemSchema[];
}

class CheckpointRefSchema {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
}

class LastVerificationSchema {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: Number, nullable: true }) headSeq: number | null;
  @ApiProperty({ type: Number, nullable: true }) brokenSeq: number | null;
}

class IntegrityStateSchema {
  @ApiProperty({ type: Number, nullable: true }) headSeq: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) headSealedAt: string | null;
  @ApiProperty() unsealed: number;
  @ApiProperty({ type: CheckpointRefSchema, nullable: true }) latestCheckpoint: CheckpointRefSchema | null;
  @ApiProperty({ type: LastVerificationSchema, nullable: true }) lastVerification: LastVerificationSchema | null;
}

export class AuditorHomeSchema implements AuditorHome {
  @ApiProperty({ type: IntegrityStateSchema }) integrity: IntegrityStateSchema;
  @ApiProperty({ type: EscalationCountsSchema }) escalation: EscalationCountsSchema;
  @ApiProperty() overdue: number;
}

class UserCountsSchema {
  @ApiProperty() active: number;
  @ApiProperty() disabled: number;
  @ApiProperty() mustChangePassword: number;
}

export class AdminHomeSchema implements AdminHome {
  @ApiProperty({ type: UserCountsSchema }) users: UserCountsSchema;
  @ApiProperty({ description: 'Dead letters not replayed.' }) deadLetters: number;
}

export class HomeViewSchema implements HomeView {
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ type: LiaisonHomeSchema }) liaison?: LiaisonHomeSchema;
  @ApiPropertyOptional({ type: HubHomeSchema }) hub?: HubHomeSchema;
  @ApiPropertyOptional({ type: AgencyHomeSchema }) agency?: AgencyHomeSchema;
  @ApiPropertyOptional({ type: AuthorizerHomeSchema }) authorizer?: AuthorizerHomeSchema;
  @ApiPropertyOptional({ type: AuditorHomeSchema }) auditor?: AuditorHomeSchema;
  @ApiPropertyOptional({ type: AdminHomeSchema }) admin?: AdminHomeSchema;
}
