/** Field names that differ between Odoo versions (docs/odoo-protocol.md §7.1–7.2), in one place for both runtimes. */
export interface VersionFields {
  /** Domain selecting storable products. */
  storable: unknown[][];
  /** What a new storable product is given (16/17 `detailed_type`; 18 folded it into `is_storable`). */
  storableValues: Record<string, unknown>;
  /** res.users' groups field (19 renamed it). */
  userGroups: 'groups_id' | 'group_ids';
  /** Move-line field holding what was picked / done. */
  doneQuantity: 'qty_done' | 'quantity';
  /** Move-line field holding what is reserved. */
  reservedQuantity: 'reserved_uom_qty' | 'quantity';
  /** Whether move lines carry the 17+ `picked` flag. */
  hasPicked: boolean;
}

export function versionFields(version: number): VersionFields {
  return {
    storable: version >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']],
    storableValues:
      version >= 18 ? { type: 'consu', is_storable: true } : { detailed_type: 'product' },
    userGroups: version >= 19 ? 'group_ids' : 'groups_id',
    doneQuantity: version === 16 ? 'qty_done' : 'quantity',
    reservedQuantity: version === 16 ? 'reserved_uom_qty' : 'quantity',
    hasPicked: version !== 16,
  };
}
