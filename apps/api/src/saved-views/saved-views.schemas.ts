import { ApiProperty } from '@nestjs/swagger';
import { SAVED_VIEW_LISTS, type SavedViewList } from './saved-views.dto.js';
import type { SavedViewView } from './saved-views.service.js';

export class SavedViewSchema implements SavedViewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SAVED_VIEW_LISTS }) list: SavedViewList;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) params: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SavedViewListSchema {
  @ApiProperty({ type: [SavedViewSchema] }) items: SavedViewSchema[];
}
