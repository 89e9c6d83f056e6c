import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@ventanilla/domain/roles.js';
import type { UserPage, UserView, UserWithPassword } from './users.service.js';

/* Response bodies of /api/admin/users as OpenAPI schemas; `implements` keeps them in step with the views. */

export class UserViewSchema implements UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true }) agency: string | null;
  @ApiProperty({ enum: ['en', 'es'] }) language: 'en' | 'es';
  @ApiProperty() disabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSignInAt: string | null;
}

export class UserPageSchema implements UserPage {
  @ApiProperty({ type: [UserViewSchema] }) items: UserViewSchema[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class UserWithPasswordSchema implements UserWithPassword {
  @ApiProperty({ type: UserViewSchema }) user: UserViewSchema;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The generated password, shown in this answer only; null when the administrator chose one.',
  })
  oneTimePassword: string | null;
}
