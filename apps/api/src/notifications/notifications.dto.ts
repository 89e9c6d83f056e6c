import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageQuery } from '@ventanilla/http/page-query.js';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';

/** `?unread=true`: query strings carry text; anything but true/false stays text and fails IsBoolean. */
const asBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only notices nobody in the agency has read yet.' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ description: 'true: only notices that require an acknowledgement (false: only the others).' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  ackRequired?: boolean;

  @ApiPropertyOptional({ description: 'false: only notices not acknowledged yet (true: only acknowledged ones).' })
  @IsOptional()
  @Transform(asBoolean)
  @IsBoolean()
  acknowledged?: boolean;

  @ApiPropertyOptional({ description: 'Only notices about this request.' }) @IsOptional() @IsUUID() requestId?: string;
}
