/** Finding an item of the same agency from what staff type: its public id, 索引号 or 发文字号. */
import type { DB } from '../platform/db/database.ts';
import type { CatalogueItem } from './catalogue.ts';
import { toItem } from './catalogue-store.ts';
import { parseDocumentNumber } from './document-number.ts';

/** The item a reference names within an agency, newest first when a document number is shared by versions. */
export async function resolveItemRef(db: DB, agencyId: string, ref: string): Promise<CatalogueItem | undefined> {
  const s = ref.trim();
  if (!s) return undefined;
  const dn = parseDocumentNumber(s, { tolerant: true });
  const r = await db.selectFrom('catalogue_items').selectAll()
    .where('agency_id', '=', agencyId)
    .where((eb) => eb.or([
      eb('public_id', '=', s),
      eb('index_number', '=', s),
      ...(dn.ok ? [eb('document_number', '=', dn.value.text)] : []),
    ]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return r ? toItem(r) : undefined;
}
