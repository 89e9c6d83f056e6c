import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/** `?unread=true`: query strings carry text; anything but true/false stays text and fails IsBoolean. */
const asBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListNotificationsQuery {
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
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
