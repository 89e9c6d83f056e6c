import { Init1795460621733 } from './1795460621733-init.js';
import { OutboxNotify1795460621734 } from './1795460621734-outbox-notify.js';

// Migrations in the order they run. Generated ones come from `npm run migration:generate -- Name`.
export const MIGRATIONS: Function[] = [Init1795460621733, OutboxNotify1795460621734];
