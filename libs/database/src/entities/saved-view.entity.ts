import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A user's named view of a list (which list, and the sort and filters of its address). Private to its owner:
 * every read and delete is scoped to the caller. A name is unique per user and list.
 */
@Entity('saved_views')
@Index('saved_views_owner_idx', ['userId', 'list', 'name'], { unique: true })
export class SavedViewEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) userId: string;
  /** `requests`, `hub`, `inbox`, `audit` or `users` (apps/api/src/saved-views/saved-views.dto.ts). */
  @Column({ type: 'text' }) list: string;
  @Column({ type: 'text' }) name: string;
  /** The list's query parameters, as the address carries them (text values). */
  @Column({ type: 'jsonb' }) params: Record<string, string>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
