import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class WithdrawAttachmentDto {
  @ApiProperty({ maxLength: 2000, description: 'Why the file is withdrawn (kept with it for auditors).' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
