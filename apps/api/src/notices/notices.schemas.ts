import { ApiProperty } from '@nestjs/swagger';
import { HUB_NOTICE_KINDS } from '@ventanilla/domain/notification-policy.js';
import type { HubNoticeView, HubNoticeList, PostActionReportView } from './notices.service.js';

export class HubNoticeSchema implements HubNoticeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() recipientAgency: string;
  @ApiProperty({ enum: HUB_NOTICE_KINDS }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty() ackRequired: boolean;
  @ApiProperty({ format: 'uuid' }) issuedBy: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}

export class HubNoticeListSchema implements HubNoticeList {
  @ApiProperty({ type: [HubNoticeSchema] }) items: HubNoticeSchema[];
}

export class PostActionReportSchema implements PostActionReportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid' }) filedBy: string;
  @ApiProperty({ format: 'date-time' }) filedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ description: 'Filed after it was due.' }) late: boolean;
}
